"""Entities stage: spaCy NER per article, then per-story canonicalisation into :class:`Entity` records.

Canonicalisation rules (each tested in ``tests/analyze/test_entities.py``):

1. mention clean-up: a leading "the" and a trailing possessive ("'s", "’", "s’") are cut off the span;
2. multi-word names with the same last word and a fuzzy-equal rest merge ("Antony"/"Anthony Blinken"),
   as do names equal up to one short edited word ("Wang Ye" -> "Wang Yi") when the types agree;
   ORG/GPE names merge when equal after dropping apostrophes and case;
3. a one-word mention joins the multi-word PERSON whose name contains that word, when exactly one
   does ("Blinken", "Xi"); a one-word ORG joins the one ORG that starts with it;
4. a one-word mention that is an unknown word plus a stray "s" ("Blinkens", "Vosss") is read as a
   possessive typo of a known name;
5. string matching adds mentions spaCy missed: every multi-word name and variant anywhere in the
   story case-insensitively ("the Qin gang"), unambiguous one-word name parts where capitalised.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from newsweave.analyze.lang import skipped_articles
from newsweave.model import Article, Entity, Span, Story
from newsweave.pipeline import RunContext

log = logging.getLogger(__name__)

TYPES = ("PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "NORP")
MAX_DOC_CHARS = 200_000
_POSS = re.compile(r"(?:['’]s|s['’]|['’])$")
_LEAD = re.compile(r"^(?:the|The|THE)\s+")
_TOKEN = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)
_COMMON = frozenset("""the a an and of in on at to for with by from us u.s. uk mr mrs ms dr president minister
secretary state states united new north south east west chinese american president prime top chief""".split())

_DOC_CACHE: dict[str, list[tuple[int, int, str]]] = {}


def ner_mentions(articles: list[Article]) -> dict[str, list[tuple[int, int, str]]]:
    """``{article_id: [(start, end, label)]}`` from spaCy NER, batched with ``nlp.pipe``; memoised."""
    todo = [a for a in articles if a.id not in _DOC_CACHE]
    if todo:
        from newsweave.nlp import spacy_nlp

        nlp = spacy_nlp(("ner",))
        texts = [a.text[:MAX_DOC_CHARS] for a in todo]
        for a, doc in zip(todo, nlp.pipe(texts, batch_size=16), strict=True):
            _DOC_CACHE[a.id] = [(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in TYPES]
        if len(_DOC_CACHE) > 5000:
            for k in list(_DOC_CACHE)[:1000]:
                _DOC_CACHE.pop(k, None)
    return {a.id: _DOC_CACHE.get(a.id, []) for a in articles}


def trim_mention(text: str, start: int, end: int) -> tuple[int, int]:
    """Cut a leading "the " and a trailing possessive off ``text[start:end]``."""
    s = text[start:end]
    m = _LEAD.match(s)
    if m and len(s) > m.end():
        start += m.end()
        s = s[m.end():]
    m = _POSS.search(s)
    if m and m.start() > 1:
        end = start + m.start() + (1 if m.group().startswith("s") else 0)
    s = text[start:end]
    while s and not (s[-1].isalnum()):
        end -= 1
        s = s[:-1]
    return start, end


def key(name: str) -> str:
    """Comparison key: case-folded, apostrophes/periods dropped, whitespace collapsed."""
    return " ".join(re.sub(r"['’.]", "", name).casefold().split())


@dataclass
class _Cluster:
    forms: Counter[str] = field(default_factory=Counter)
    types: Counter[str] = field(default_factory=Counter)
    mentions: set[Span] = field(default_factory=set)

    @property
    def type(self) -> str:
        """spaCy's majority label; PERSON when at least a quarter of the labels say so and no
        multi-word form ends in an organisation or place word (spaCy often calls rare names ORG)."""
        if not self.types:
            return "MISC"
        n = sum(self.types.values())
        if self.types["PERSON"] * 4 >= n and self.multi and not any(
                key(f).split()[-1] in ORG_SUFFIX | PLACE_SUFFIX for f in self.multi):
            return "PERSON"
        return self.types.most_common(1)[0][0]

    @property
    def multi(self) -> list[str]:
        return [f for f in self.forms if len(f.split()) > 1]

    def absorb(self, other: _Cluster) -> None:
        self.forms.update(other.forms)
        self.types.update(other.types)
        self.mentions |= other.mentions

    def tokens(self) -> set[str]:
        return {key(t) for f in self.multi for t in f.split()}


def _names_match(a: str, b: str) -> bool:
    """Two multi-word names of one thing: same last word, fuzzy-equal rest; or one short word edited."""
    ta, tb = key(a).split(), key(b).split()
    if len(ta) != len(tb) or len(ta) < 2:
        return False
    if ta[-1] == tb[-1] and fuzz.ratio(" ".join(ta[:-1]), " ".join(tb[:-1])) >= 80:
        return True
    diff = [(x, y) for x, y in zip(ta, tb, strict=True) if x != y]
    return len(diff) == 1 and Levenshtein.distance(*diff[0]) <= 1 and min(len(diff[0][0]), len(diff[0][1])) >= 2


def canonicalise(story: Story, raw: dict[str, list[tuple[int, int, str]]]) -> list[Entity]:
    """Merge raw NER mentions of ``story`` into canonical entities (see the module rules)."""
    arts = story.by_id()
    by_key: dict[tuple[str, str], _Cluster] = {}
    for aid, ments in raw.items():
        text = arts[aid].text
        for s, e, label in ments:
            s, e = trim_mention(text, s, e)
            form = " ".join(text[s:e].split())
            if len(form) < 2 or key(form) in _COMMON:
                continue
            group = "PERSON" if label == "PERSON" else ("PLACE" if label in ("GPE", "LOC") else label)
            c = by_key.setdefault((key(form), group), _Cluster())
            c.forms[form] += 1
            c.types[label] += 1
            c.mentions.add(Span(aid, s, e))

    # the same string with different labels: one cluster under its majority label
    by_str: dict[str, list[_Cluster]] = {}
    for (k, _), c in by_key.items():
        by_str.setdefault(k, []).append(c)
    clusters: list[_Cluster] = []
    for cs in by_str.values():
        cs.sort(key=lambda c: -sum(c.forms.values()))
        head = cs[0]
        for c in cs[1:]:
            head.absorb(c)
        clusters.append(head)

    clusters = _contained_names(clusters, arts)
    clusters = _merge_multi(clusters)
    clusters = _glued_surnames(clusters, arts)
    clusters = _merge_single(clusters)
    _string_match(story, clusters)
    return _to_entities(story, clusters)


def _merge_multi(clusters: list[_Cluster]) -> list[_Cluster]:
    multi = sorted([c for c in clusters if c.multi], key=lambda c: -sum(c.forms.values()))
    out: list[_Cluster] = []
    for c in multi:
        for o in out:
            same_type = o.type == c.type or {o.type, c.type} <= {"GPE", "LOC"} or (
                "PERSON" in (o.type, c.type) and any(
                    key(a).split()[-1] == key(b).split()[-1] for a in o.multi for b in c.multi))
            if same_type and any(_names_match(a, b) for a in o.multi for b in c.multi):
                o.absorb(c)
                break
            if o.type in ("ORG", "GPE", "LOC", "FAC") and same_type and \
                    {key(x) for x in o.multi} & {key(x) for x in c.multi}:
                o.absorb(c)
                break
        else:
            out.append(c)
    return out + [c for c in clusters if not c.multi]


def _pick(cands: list[_Cluster], tok: str) -> _Cluster | None:
    """The one PERSON a name word refers to: the only candidate; else the only one whose last word
    it is; else one with at least three times the mentions of every other (glued-heading noise)."""
    if len(cands) <= 1:
        return cands[0] if cands else None
    last = [c for c in cands if any(key(f).split()[-1] == tok for f in c.multi)]
    if len(last) == 1:
        return last[0]
    ranked = sorted(cands, key=lambda c: -len(c.mentions))
    if len(ranked[0].mentions) >= 3 * len(ranked[1].mentions):
        return ranked[0]
    return None


def _contained_names(clusters: list[_Cluster], arts: dict[str, Article]) -> list[_Cluster]:
    """A PERSON form that ends with another PERSON's full name ("Al Jazeeras Katrine Yu") is that
    person: its mentions are cut down to the name and moved."""
    persons = [c for c in clusters if c.type == "PERSON" and c.multi]
    keep: list[_Cluster] = []
    for c in clusters:
        host = None
        if c.type == "PERSON" and c.multi:
            mine = {key(f) for f in c.multi}
            for o in persons:
                if o is not c and any(k.endswith(" " + key(f)) for k in mine for f in o.multi):
                    host = o
                    break
        if host is None:
            keep.append(c)
            continue
        for m in c.mentions:
            text = arts[m.article_id].text
            for f in sorted(host.multi, key=len, reverse=True):
                i = text.rfind(f, m.start, m.end)
                if i >= 0:
                    host.mentions.add(Span(m.article_id, i, i + len(f)))
                    host.forms[f] += 1
                    break
    return keep


def _glued_surnames(clusters: list[_Cluster], arts: dict[str, Article]) -> list[_Cluster]:
    """A rare multi-word PERSON form that starts with the surname of a more frequent PERSON
    ("Biden Hopes", a glued heading) is cut down to that surname and merged into that person."""
    persons = [c for c in clusters if c.type == "PERSON" and c.multi]
    surname: dict[str, _Cluster] = {}
    for c in sorted(persons, key=lambda c: len(c.mentions)):
        for f in c.multi:
            surname[key(f).split()[-1]] = c
    keep: list[_Cluster] = []
    for c in clusters:
        first = {key(f).split()[0] for f in c.multi} if c.type == "PERSON" and c.multi else set()
        host = next((surname[t] for t in first if t in surname and surname[t] is not c
                     and len(surname[t].mentions) >= 2 * len(c.mentions)), None)
        if host is None:
            keep.append(c)
            continue
        for m in c.mentions:
            text = arts[m.article_id].text
            w = re.match(r"[^\W\d_][\w’'-]*", text[m.start:m.end])
            if w:
                host.mentions.add(Span(m.article_id, m.start, m.start + w.end()))
                host.forms[w.group()] += 1
    return keep


def _merge_single(clusters: list[_Cluster]) -> list[_Cluster]:
    multi = [c for c in clusters if c.multi]
    singles = [c for c in clusters if not c.multi]
    person_tok: dict[str, list[_Cluster]] = {}
    org_first: dict[str, list[_Cluster]] = {}
    for c in multi:
        if c.type == "PERSON":
            for t in c.tokens():
                if len(t) >= 2 and t not in _COMMON:
                    person_tok.setdefault(t, []).append(c)
        elif c.type == "ORG":
            first = key(c.multi[0]).split()[0]
            org_first.setdefault(first, []).append(c)
    rest: list[_Cluster] = []
    for c in singles:
        k = key(next(iter(c.forms)))
        target = None
        cands = _pick(person_tok.get(k, []), k)
        if cands is not None and c.type != "NORP":
            target = cands
        elif not person_tok.get(k) and k.endswith("s") and _pick(person_tok.get(k[:-1], []), k[:-1]):
            target = _pick(person_tok[k[:-1]], k[:-1])  # possessive typo: "Blinkens", "Vosss"
        elif c.type == "ORG" and len(org_first.get(k, [])) == 1:
            target = org_first[k][0]
        if target is not None:
            for f, n in c.forms.items():
                target.forms[f] += n
            target.mentions |= c.mentions
        else:
            rest.append(c)
    return multi + rest


_WORD_EDGE = r"(?<![\w'’-]){}(?![\w-])"


def _string_match(story: Story, clusters: list[_Cluster]) -> None:
    """Add mentions spaCy missed: multi-word forms case-insensitively, one-word parts when capitalised
    and unambiguous (the word belongs to one entity only)."""
    owner: dict[str, list[_Cluster]] = {}
    for c in clusters:
        for f in c.forms:
            owner.setdefault(key(f), []).append(c)
        if c.type == "PERSON":
            for t in c.tokens():
                owner.setdefault(t, []).append(c)
    taken: dict[str, list[tuple[int, int]]] = {}
    for c in clusters:
        for m in c.mentions:
            taken.setdefault(m.article_id, []).append((m.start, m.end))
    for c in clusters:
        forms = {f for f in c.forms if len(f) >= 3}
        if c.type == "PERSON":
            forms |= {t for f in c.multi for t in f.split() if len(t) >= 3 and key(t) not in _COMMON}
        for f in sorted(forms, key=len, reverse=True):
            if len({id(x) for x in owner.get(key(f), [c])}) > 1:
                continue
            multiword = len(f.split()) > 1
            body = r"\s+".join(map(re.escape, f.split()))
            if c.type == "PERSON" and not multiword:
                body += "s?"  # possessive typo of a name part: "Vosss", "Blinkens"
            pat = re.compile(_WORD_EDGE.format(body), re.IGNORECASE if multiword else 0)
            for a in story.articles:
                if a.id in story.meta.get("analysis_skipped", {}):
                    continue
                for m in pat.finditer(a.text):
                    s, e = trim_mention(a.text, m.start(), m.end())
                    over = [(ts, te) for ts, te in taken.get(a.id, []) if s < te and ts < e]
                    inside = [Span(a.id, ts, te) for ts, te in over if s <= ts and te <= e]
                    if over and not (multiword and len(inside) == len(over)
                                     and all(x in c.mentions for x in inside)):
                        continue
                    c.mentions -= set(inside)
                    c.mentions.add(Span(a.id, s, e))
                    c.forms[" ".join(a.text[s:e].split())] += 0
                    taken.setdefault(a.id, []).append((s, e))


ORG_SUFFIX = frozenset("""terminals systems authority union inc ltd plc group company corporation council
ministry department bank agency capital committee party partners holdings institute university
association federation commission office police court assembly parliament airlines services""".split())
PLACE_SUFFIX = frozenset("""dam bridge river street road avenue square house hall park station centre center port
harbour harbor bay island islands valley mountain lake sea ocean gardens""".split())
_PLACE_PREP = re.compile(r"(?:\b(?:in|at|from|near|outside|across|around|of)\s+)$")


def fix_type(c: _Cluster, arts: dict[str, Article]) -> str:
    """spaCy's majority label, corrected by two rules: a multi-word name ending in an organisation
    word ("... Terminals", "... Authority") is an ORG; a one-word PERSON that mostly follows
    "in/at/from/near" (or that spaCy labelled a place at least once) is a GPE."""
    if any(key(f).split()[-1] in ORG_SUFFIX for f in c.multi):
        return "ORG"
    if c.type == "PERSON" and not c.multi and c.mentions:
        prep = sum(bool(_PLACE_PREP.search(arts[m.article_id].text[max(0, m.start - 12):m.start]))
                   for m in c.mentions)
        if prep * 3 >= len(c.mentions) or c.types["GPE"] + c.types["LOC"] > 0:
            return "GPE"
    return c.type


_CAP_TITLE = re.compile(r"(?<![\w’'])((?:[A-Z][\w.’'-]*\s+(?:of\s+(?:the\s+)?)?){1,5})$")


def _role_of(mentions: list[Span], arts: dict[str, Article]) -> str | None:
    """The most frequent capitalised title written right before the name ("US Secretary of State
    Antony Blinken" -> "US Secretary of State"), when it holds a title noun."""
    seen: Counter[str] = Counter()
    for m in mentions:
        text = arts[m.article_id].text
        t = _CAP_TITLE.search(text[max(0, m.start - 60):m.start])
        if t:
            words = t.group(1).split()
            if any(w.lower() in TITLE_NOUNS for w in words):
                seen[" ".join(words)] += 1
    return max(seen, key=lambda r: (seen[r], len(r))) if seen else None


def _to_entities(story: Story, clusters: list[_Cluster]) -> list[Entity]:
    arts = story.by_id()
    out: list[Entity] = []
    for c in clusters:
        if not c.mentions:
            continue
        counts: Counter[str] = Counter()
        for m in c.mentions:
            counts[" ".join(m.text_in(arts).split())] += 1
        multi = [f for f in counts if len(f.split()) > 1]
        pool = multi or list(counts)
        name = max(pool, key=lambda f: (counts[f], f[:1].isupper(), -len(f)))
        mentions = sorted(c.mentions)
        sources = list(dict.fromkeys(m.article_id for m in mentions))
        etype = fix_type(c, arts)
        role = _role_of(mentions, arts) if etype == "PERSON" else None
        eid = "e" + hashlib.sha1(f"{story.id}|{etype}|{name}".encode()).hexdigest()[:10]
        out.append(Entity(eid, name, etype, sorted(counts, key=lambda f: (-counts[f], f)), mentions, sources,
                          role=role))
    out.sort(key=lambda e: (-len(e.mentions), e.name))
    return out


def story_entities(story: Story) -> list[Entity]:
    skip = skipped_articles(story)
    arts = [a for a in story.articles if a.id not in skip and a.text.strip()]
    if not arts:
        return []
    return canonicalise(story, ner_mentions(arts))


TITLE_NOUNS = frozenset("""mayor premier president commissioner minister secretary governor senator chancellor
chief director chairman chairwoman chair spokesperson spokesman spokeswoman ambassador diplomat leader
executive officer inspector engineer prosecutor judge""".split())
_TITLE_BEFORE = re.compile(r"(?P<title>(?:[A-Z][\w’'.-]*\s+|of\s+|[a-z]+\s+){0,3}(?P<noun>[A-Za-z]+))\s+$")
_TITLE_AFTER = re.compile(r"^,\s+(?:the|its|their|[A-Z]\w*['’]s)\s+(?:[a-z-]+\s+){0,3}?(?P<noun>[a-z]+)\b")


def role_titles(story: Story) -> dict[str, Entity]:
    """``{title noun: PERSON}`` for titles held by exactly one PERSON in the story ("Mayor Odile
    Fenwick", "Gregor Hallam, the authority's chief executive"): what "the mayor" refers to."""
    arts = story.by_id()
    seen: dict[str, set[str]] = {}
    ents = {e.id: e for e in story.entities if e.type == "PERSON"}
    for e in ents.values():
        for m in e.mentions:
            text = arts[m.article_id].text
            for rx, chunk in ((_TITLE_BEFORE, text[max(0, m.start - 40):m.start]),
                              (_TITLE_AFTER, text[m.end:m.end + 60])):
                t = rx.search(chunk)
                if t and t.group("noun").lower() in TITLE_NOUNS:
                    seen.setdefault(t.group("noun").lower(), set()).add(e.id)
    return {k: ents[next(iter(v))] for k, v in seen.items() if len(v) == 1}


def entity_index(story: Story) -> dict[str, Entity]:
    """``{comparison key of every variant: entity}`` for speaker resolution (ambiguous keys left out)."""
    idx: dict[str, Entity] = {}
    dup: set[str] = set()
    for e in story.entities:
        for v in [e.name, *e.variants]:
            k = key(v)
            if k in idx and idx[k] is not e:
                dup.add(k)
            idx[k] = e
    return {k: v for k, v in idx.items() if k not in dup}


class EntitiesStage:
    """Story stage: fills ``story.entities``."""

    name = "entities"
    requires = frozenset({"stories"})
    provides = frozenset({"entities"})
    scope = "story"

    def __call__(self, items: Iterable[Story], ctx: RunContext) -> Iterator[Story]:
        for story in items:
            story.entities = story_entities(story)
            yield story

"""Entities stage: spaCy NER per article, then per-story canonicalisation into :class:`Entity` records.

Canonicalisation rules (each tested in ``tests/analyze/test_entities.py``):

1. mention clean-up: a leading "the", a person's honorific ("Ms", "Dr") and a trailing possessive
   ("'s", "’", "s’") are cut off the span;
2. multi-word names with the same last word and a fuzzy-equal rest merge ("Antony"/"Anthony Blinken"),
   as do names equal up to one short edited word ("Wang Ye" -> "Wang Yi") when the types agree, and
   people whose first names are a name and its nickname ("Toby"/"Tobias Venn", by the ``nicknames``
   data set);
   ORG/GPE names merge when equal after dropping apostrophes and case;
3. a one-word mention joins the multi-word PERSON whose name contains that word, when exactly one
   does ("Blinken", "Xi"); a one-word ORG joins the one ORG that starts with it (else the one that
   ends with it: "the Assembly");
4. a one-word mention that is an unknown word plus a stray "s" ("Blinkens", "Vosss") is read as a
   possessive typo of a known name;
5. a one-word name that opens its sentence and that spaCy's tagger reads as a common noun ("Anger was
   growing", "Farmers' leaders say") is dropped (``analyze.nametags``);
6. string matching adds mentions spaCy missed: every multi-word name and variant anywhere in the
   story case-insensitively ("the Qin gang"), unambiguous one-word name parts where capitalised.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from collections.abc import Iterable, Iterator

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from newsweave.analyze.entity_cluster import NameCluster, fix_type, key, nickname_of, place_like
from newsweave.analyze.lang import skipped_articles
from newsweave.analyze.nametags import common_nouns, lower_case_group, next_name_word
from newsweave.analyze.person_rules import person_mentions
from newsweave.analyze.roles import role_of
from newsweave.model import META_NER, Article, Entity, Span, Story
from newsweave.pipeline import RunContext

log = logging.getLogger(__name__)

TYPES = ("PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "NORP")
MAX_DOC_CHARS = 200_000
_POSS = re.compile(r"(?:['’]s|s['’]|['’])$")
_LEAD = re.compile(r"^(?:the|The|THE)\s+")
_CORP_SUFFIX = re.compile(r"(?<=\S)(?:,)?\s+(?:ltd|limited|inc|plc|llc|corp|co|gmbh|ag)$")  # on key() text
_HONORIFIC = re.compile(r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Councillor|Councilor|Councilman|Councilwoman|Alderman|"
                        r"Mayor|Governor|Gov|Senator|Sen|Rep|Minister|Premier|President|Chancellor|Judge|Detective|"
                        r"Sergeant|Sgt|Captain|Capt|Inspector|Constable|Commissioner|Coach|Sheriff|Deputy|Officer|"
                        r"Trooper|Marshal|General|Gen|Lieutenant|Lt|Colonel|Col|Admiral|Adm|Commander|Cmdr|Cdr|Major|Maj|"
                        r"Corporal|Cpl|Insp|Supt|Det|Bishop|"
                        r"Rabbi|Pastor|Reverend|Rev|Principal)\.?\s+(?=[A-Z])")
_TOKEN = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)
_COMMON = frozenset("""the a an and of in on at to for with by from us u.s. uk mr mrs ms dr president minister
secretary state states united new north south east west chinese american president prime top chief
police government authorities officials officers residents witnesses""".split())

_TITLE_AFTER = re.compile(r"\s+(?:Secretary|Minister|Secretary-General|Undersecretary)\b")
_DOC_CACHE: dict[str, list[tuple[int, int, str]]] = {}


def ner_mentions(articles: list[Article]) -> dict[str, list[tuple[int, int, str]]]:
    """``{article_id: [(start, end, label)]}`` from spaCy NER, batched with ``nlp.pipe``; memoised."""
    for a in articles:  # mentions computed elsewhere (a Dask worker, the store's "ner" cache)
        got = a.meta.get(META_NER) if a.id not in _DOC_CACHE else None
        if isinstance(got, list):
            _DOC_CACHE[a.id] = [(int(s), int(e), str(lab)) for s, e, lab in got]
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
    out = {a.id: _DOC_CACHE.get(a.id, []) for a in articles}
    for a in articles:
        a.meta[META_NER] = out[a.id]  # travels back with the article (Dask); the driver caches it in the store
    return out


_LEAD_JUNK = re.compile(r"(?:['’]s\s+|[^\w]+)+", re.UNICODE)  # "“White Lives Matter", "— Dan Coats", "’s xCloud"


def trim_mention(text: str, start: int, end: int) -> tuple[int, int]:
    """Cut leading marks and symbols (quotation marks, dashes, bullets, a stray "’s "), a leading "the "
    and a trailing possessive off ``text[start:end]``."""
    for _ in range(2):  # "the “White Lives Matter": marks, then "the ", then marks again
        m = _LEAD_JUNK.match(text, start, end)
        if m and m.end() < end:
            start = m.end()
        m = _LEAD.match(text[start:end])
        if m and end - start > m.end():
            start += m.end()
    s = text[start:end]
    m = _POSS.search(s)
    if m and m.start() > 1:
        end = start + m.start() + (1 if m.group().startswith("s") else 0)
    s = text[start:end]
    while s and not (s[-1].isalnum()):
        end -= 1
        s = s[:-1]
    return start, end


def _names_match(a: str, b: str, people: bool = False) -> bool:
    """Two multi-word names of one thing: same last word, fuzzy-equal rest; or one short word edited;
    for ``people``, also a first name and its nickname."""
    ta, tb = key(a).split(), key(b).split()
    if len(ta) != len(tb) or len(ta) < 2:
        return False
    if ta[-1] == tb[-1] and fuzz.ratio(" ".join(ta[:-1]), " ".join(tb[:-1])) >= 80:
        return True
    if people and ta[1:] == tb[1:] and nickname_of(ta[0], tb[0]):  # "Rob Tenley" / "Robert Tenley"
        return True
    diff = [(x, y) for x, y in zip(ta, tb, strict=True) if x != y]
    return len(diff) == 1 and Levenshtein.distance(*diff[0]) <= 1 and min(len(diff[0][0]), len(diff[0][1])) >= 2


_NO_DIGITS = frozenset({"PERSON", "NORP", "GPE", "LOC"})  # names that never hold a digit (ORG, EVENT may: "3M")


def canonicalise(story: Story, raw: dict[str, list[tuple[int, int, str]]]) -> list[Entity]:
    """Merge raw NER mentions of ``story`` into canonical entities (see the module rules)."""
    arts = story.by_id()
    by_key: dict[tuple[str, str], NameCluster] = {}
    suffixed: set[str] = set()  # ORG keys reached by cutting a legal suffix off ("brandt" from "Brandt Ltd")
    for aid, ments in raw.items():
        text = arts[aid].text
        for s, e, label in ments:
            s, e = trim_mention(text, s, e)
            while label == "PERSON" and (h := _HONORIFIC.match(text, s, e)) and h.end() < e:
                s = h.end()  # "Ms Okafor" is Okafor, "Councillor Piotr Adamski" is Piotr Adamski, "Deputy Mayor X" X
            form = " ".join(text[s:e].split())
            if label == "PERSON" and (h := _HONORIFIC.match(form + " X")) and h.end() == len(form) + 1:
                continue  # "Cmdr" of "said Cmdr. William Marks", tagged a person of its own
            if len(form) < 2 or key(form) in _COMMON or not any(ch.isalpha() for ch in form):  # "$ 7.00"
                continue
            if label in _NO_DIGITS and any(ch.isdigit() for ch in form):
                continue  # "01:58 Share" (a video player's clock) as PERSON, "131st" as NORP
            if label == "ORG" and " " not in form and _TITLE_AFTER.match(text, e):
                continue  # "Treasury" in "Treasury Secretary Janet Yellen" is part of her title
            group = "PERSON" if label == "PERSON" else ("PLACE" if label in ("GPE", "LOC") else label)
            k = _CORP_SUFFIX.sub("", key(form)) if group == "ORG" else key(form)  # "Halden Structures Ltd"
            if k != key(form):
                suffixed.add(k)
            c = by_key.setdefault((k, group), NameCluster())
            c.forms[form] += 1
            c.types[label] += 1
            c.mentions.add(Span(aid, s, e))

    # the same string with different labels: one cluster under its majority label; but a company key
    # reached by cutting "Ltd" off stays a company ("Brandt Ltd" is not the person Brandt)
    by_str: dict[str, list[NameCluster]] = {}
    for (k, group), c in by_key.items():
        by_str.setdefault(f"{k}\0{group}" if k in suffixed else k, []).append(c)
    clusters: list[NameCluster] = []
    for cs in by_str.values():
        cs.sort(key=lambda c: -sum(c.forms.values()))
        head = cs[0]
        for c in cs[1:]:
            head.absorb(c)
        clusters.append(head)

    clusters = _contained_names(clusters, arts)
    clusters = _merge_multi(clusters)
    clusters = _acronyms(_country_qualified(clusters), arts)
    clusters = _glued_surnames(clusters, arts)
    clusters = _merge_single(clusters, arts)
    checked = [c for c in clusters if not (c.multi or c.acronym or c.type == "NORP")]
    drop = {id(c) for c, no in zip(checked, common_nouns([c.mentions for c in checked], arts), strict=True) if no}
    drop |= {id(c) for c in clusters if c.type == "NORP" and not (c.multi or c.acronym)
             and lower_case_group(c.mentions, arts)}
    clusters = [c for c in clusters if id(c) not in drop]
    _string_match(story, clusters)
    return _to_entities(story, clusters)


def _merge_multi(clusters: list[NameCluster]) -> list[NameCluster]:
    multi = sorted([c for c in clusters if c.multi], key=lambda c: -sum(c.forms.values()))
    out: list[NameCluster] = []
    for c in multi:
        for o in out:
            same_type = o.type == c.type or {o.type, c.type} <= {"GPE", "LOC"} or (
                "PERSON" in (o.type, c.type) and any(
                    key(a).split()[-1] == key(b).split()[-1] for a in o.multi for b in c.multi))
            people = o.type == c.type == "PERSON" and not (  # a nickname joins no one named beside it in
                {m.article_id for m in o.mentions} & {m.article_id for m in c.mentions})  # one article ("Bob Harlan and his father Robert Harlan")
            if same_type and any(_names_match(a, b, people) for a in o.multi for b in c.multi):
                o.absorb(c)
                break
            if o.type in ("ORG", "GPE", "LOC", "FAC") and same_type and \
                    {_squash(x) for x in o.multi} & {_squash(x) for x in c.multi}:  # "Guest House"/"Guesthouse"
                o.absorb(c)
                break
        else:
            out.append(c)
    return out + [c for c in clusters if not c.multi]


def _squash(name: str) -> str:
    return re.sub(r"[\s-]", "", key(name))


_QUALIFIERS = frozenset({"us", "uk", "eu"})


def _country_qualified(clusters: list[NameCluster]) -> list[NameCluster]:
    """An ORG name that is another ORG's name behind a country word ("US State Department" /
    "State Department") is that ORG, when only one country qualifies that name in the story."""
    places = _QUALIFIERS | {key(f) for c in clusters if c.type in ("GPE", "NORP") and not c.multi for f in c.forms}
    orgs = [c for c in clusters if c.type == "ORG" and c.multi]
    bare: dict[str, list[NameCluster]] = {}
    for c in orgs:
        for f in c.multi:
            bare.setdefault(key(f), []).append(c)
    hits: dict[int, tuple[NameCluster, list[NameCluster], set[str]]] = {}
    for c in orgs:
        for f in c.multi:
            t = key(f).split()
            host = bare.get(" ".join(t[1:]), [])
            if len(t) >= 3 and t[0] in places and len(host) == 1 and host[0] is not c:
                hits.setdefault(id(host[0]), (host[0], [], set()))[1].append(c)
                hits[id(host[0])][2].add(t[0])
                break
    drop: set[int] = set()
    for host, quals, words in hits.values():
        if len(words) == 1 and id(host) not in drop:
            for q in quals:
                host.absorb(q)
                drop.add(id(q))
    return [c for c in clusters if id(c) not in drop]


_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]{1,7}")


def _acronyms(clusters: list[NameCluster], arts: dict[str, Article]) -> list[NameCluster]:
    """A multi-word name written with its acronym in brackets, the initials of its capitalised words
    ("Asia-Pacific Economic Cooperation (APEC)"), takes the acronym as a form; a one-word cluster of
    that acronym merges into it (string matching then finds the acronym's other mentions)."""
    singles = {f: c for c in clusters if not c.multi for f in c.forms if _ACRONYM.fullmatch(f)}
    drop: set[int] = set()
    for c in clusters:
        if not c.multi or c.type == "PERSON":
            continue
        for f in c.multi:
            ac = "".join(w[0] for w in re.split(r"[\s-]+", f) if w[:1].isupper())
            if len(ac) < 2 or not any(re.search(re.escape(f) + r"\s*\(\s*" + ac + r"\s*\)", a.text)
                                      for a in arts.values()):
                continue
            c.acronym = True
            c.forms[ac] += 0
            other = singles.get(ac)
            if other is not None and other is not c and id(other) not in drop:
                c.absorb(other)
                drop.add(id(other))
            break
    return [c for c in clusters if id(c) not in drop]


def _pick(cands: list[NameCluster], tok: str) -> NameCluster | None:
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


def _contained_names(clusters: list[NameCluster], arts: dict[str, Article]) -> list[NameCluster]:
    """A PERSON form that ends with another PERSON's full name ("Al Jazeeras Katrine Yu") is that
    person: its mentions are cut down to the name and moved."""
    persons = [c for c in clusters if c.type == "PERSON" and c.multi]
    keep: list[NameCluster] = []
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


def _glued_surnames(clusters: list[NameCluster], arts: dict[str, Article]) -> list[NameCluster]:
    """A rare multi-word PERSON form that starts with the surname of a more frequent PERSON
    ("Biden Hopes", a glued heading) is cut down to that surname and merged into that person."""
    persons = [c for c in clusters if c.type == "PERSON" and c.multi]
    surname: dict[str, NameCluster] = {}
    for c in sorted(persons, key=lambda c: len(c.mentions)):
        for f in c.multi:
            surname[key(f).split()[-1]] = c
    keep: list[NameCluster] = []
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


def _merge_single(clusters: list[NameCluster], arts: dict[str, Article]) -> list[NameCluster]:
    multi = [c for c in clusters if c.multi]
    singles = [c for c in clusters if not c.multi]
    person_tok: dict[str, list[NameCluster]] = {}
    org_first: dict[str, list[NameCluster]] = {}
    org_last: dict[str, list[NameCluster]] = {}
    for c in multi:
        if c.type == "PERSON":
            for t in c.tokens():
                if len(t) >= 2 and t not in _COMMON:
                    person_tok.setdefault(t, []).append(c)
        elif c.type == "ORG":
            first = key(c.multi[0]).split()[0]
            org_first.setdefault(first, []).append(c)
            last = key(c.multi[0]).split()[-1]
            if c.multi[0].split()[-1][:1].isupper():
                org_last.setdefault(last, []).append(c)
    rest: list[NameCluster] = []
    for c in singles:
        k = key(next(iter(c.forms)))
        target = None
        cands = _pick(person_tok.get(k, []), k)
        if cands is not None and c.type != "NORP":
            target = cands
        elif not person_tok.get(k) and k.endswith("s") and _pick(person_tok.get(k[:-1], []), k[:-1]):
            target = _pick(person_tok[k[:-1]], k[:-1])  # possessive typo: "Blinkens", "Vosss"
        elif c.type == "ORG" and len(org_first.get(k, [])) == 1 and not place_like(c, arts):
            target = org_first[k][0]
        elif c.type == "ORG" and not org_first.get(k) and len(org_last.get(k, [])) == 1:
            target = org_last[k][0]  # "the Assembly" of a story about the Federal Assembly
        if target is not None:
            for f, n in c.forms.items():
                target.forms[f] += n
            target.mentions |= c.mentions
        else:
            rest.append(c)
    return multi + rest


_WORD_EDGE = r"(?<![\w'’-]){}(?![\w-])"
_NOT_A_NAME = re.compile(r"[\[\]{}<>|/\\@#*=+_]")


def _string_match(story: Story, clusters: list[NameCluster]) -> None:
    """Add mentions spaCy missed: multi-word forms case-insensitively, one-word parts when capitalised
    and unambiguous (the word belongs to one entity only)."""
    owner: dict[str, list[NameCluster]] = {}
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
                    nxt = next_name_word(a.text, s, e) if c.type == "PERSON" and not multiword else None
                    if nxt and key(nxt) not in c.tokens():
                        continue  # inside someone else's longer name: "Turki" in "COL Turki Al-Malki"
                    over = [(ts, te) for ts, te in taken.get(a.id, []) if s < te and ts < e]
                    inside = [Span(a.id, ts, te) for ts, te in over if s <= ts and te <= e]
                    if over and not (multiword and len(inside) == len(over)
                                     and all(x in c.mentions for x in inside)):
                        continue
                    c.mentions -= set(inside)
                    c.mentions.add(Span(a.id, s, e))
                    c.forms[" ".join(a.text[s:e].split())] += 0
                    taken.setdefault(a.id, []).append((s, e))


def _to_entities(story: Story, clusters: list[NameCluster]) -> list[Entity]:
    arts = story.by_id()
    out: list[Entity] = []
    for c in clusters:
        if not c.mentions:
            continue
        counts: Counter[str] = Counter()
        for m in sorted(c.mentions):
            counts[" ".join(m.text_in(arts).split())] += 1
        multi = [f for f in counts if len(f.split()) > 1]
        pool = multi or list(counts)
        # the last key decides ties ("sánchez" / "sanchez") the same way in every process
        name = max(pool, key=lambda f: (counts[f], f[:1].isupper(), -len(f), f))
        if _NOT_A_NAME.search(name) or (not multi and name[:1].islower()):
            continue  # "[W]e" from an edited quote, an adjective such as "trans-Pacific"
        mentions = sorted(c.mentions)
        sources = list(dict.fromkeys(m.article_id for m in mentions))
        etype = fix_type(c, arts)
        role = role_of(mentions, arts) if etype == "PERSON" else None
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
    return canonicalise(story, person_mentions(arts, _outside_chrome(arts, ner_mentions(arts))))


def _outside_chrome(arts: list[Article], found: dict[str, list[tuple[int, int, str]]]
                    ) -> dict[str, list[tuple[int, int, str]]]:
    """Mentions outside datelines ("BREVNIK, March 14, 2025 —": the small model reads the capitals as a
    PERSON), and names of things outside the sentences :func:`~newsweave.clean.quality.eligible` calls
    boilerplate ("Listeners can follow our live coverage on 94.2 FM." names no organisation of the story)."""
    from newsweave.clean.quality import eligible
    from newsweave.clean.sentences import is_dateline

    out = dict(found)
    for a in arts:
        spans = list(zip(a.sentences, eligible(a), strict=True))
        datelines = [(s, e) for (s, e), _ in spans if is_dateline(a.text[s:e])]
        chrome = [(s, e) for (s, e), why in spans if why == "boilerplate"]
        if (chrome or datelines) and a.id in out:
            # people in chrome stay: a sentence with glued-on chrome ("… fundraising: '…' Read more") may
            # name its speaker
            out[a.id] = [m for m in out[a.id] if not any(s <= m[0] and m[1] <= e for s, e in datelines)
                         and (m[2] == "PERSON" or not any(s <= m[0] and m[1] <= e for s, e in chrome))]
    return out


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

"""Contradictions stage: rules on aligned claims from different articles (precision first).

Candidates are sentence pairs from different articles that the aligner scores at least
:data:`MIN_PAIR` (see :func:`newsweave.analyze.align.scored_pairs`). Rules (each tested):

* **date / weekday**: both sentences carry a day-precision date expression, written differently and
  resolved to different dates, and the words just before the two expressions (in the same sentence)
  share a content word ("told reporters on Saturday" / "told reporters Sunday"); never from "today" /
  "tomorrow" / "yesterday", which hang on publication times (time zones, updated pages);
* **month**: both carry a month expression resolved to different months, the clauses before them
  share >= 2 lower-case event words ("the spy balloon affair that began to unfold in January" / "a
  suspected spy balloon over the United States in February"), neither clause is future tense;
* **number**: both state a number before the same noun ("4,800 residents" / "8,400 residents")
  with different values that cannot both hold (hedges and rounding read: "more than 30" / "45",
  "12,000" / "12,500" agree; percentages are not counts), less than 2x apart, about the same named
  subject where both name one, and neither sentence also has the other value; ranges, lists of
  variants ("71 kWh and 95 kWh") and loosely aligned measurements (mph, kWh, miles) are left out;
* **entity**: two different PERSON entities carry the same role of >= 3 words in different sources
  ("chief information security officer, X" / "chief information security officer Y"); this rule
  looks at role appositions anywhere in the story, not only at aligned pairs;
* **speaker** (kind ``entity``): one utterance (the quotes stage's same-utterance test) attributed
  to two different people by independent sources, both attributions naming the speaker;
* **polarity**: a near-paraphrase pair (score >= :data:`POLARITY_PAIR`) where exactly one side
  negates a verb that both share; or an aligned pair (score >= :data:`STANCE_PAIR`) where one side
  reports a denial and the other an admission of the same thing by the same subject
  (:func:`~newsweave.analyze.stance.opposite_stance`: "has denied receiving any payments" / "has
  admitted receiving payments"; between copies of one wire report too).

Date, month and number disagreements count between copies of one wire report too (an outlet that
re-wrote the copy and changed a date disagrees with it); the entity and polarity rules need two
independent sources. Claims of one side are pooled: one Contradiction per disagreement, with claims
and values listed side by side (``values[i]`` is a substring of ``claims[i]``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from newsweave.analyze.align import scored_pairs, story_sentences
from newsweave.analyze.facts import split_contradicted
from newsweave.analyze.features import STOP, stem
from newsweave.analyze.lang import skipped_articles
from newsweave.analyze.quantities import (
    _NUM,
    GENERIC_NOUNS,
    MAX_RATIO,
    TIME_NOUNS,
    UNIT_NOUNS,
    UNIT_PAIR,
    allowed_range,
    is_count_word,
    number_claims,
    other_things,
    period_of,
    place_after,
    predicate_words,
    traits,
    transposed,
)
from newsweave.analyze.role_phrases import role_phrase as _role
from newsweave.analyze.stance import denied_phrase, stance_pair
from newsweave.analyze.timeline import article_dates, is_future, news_cycle, reference_dates, year_clues
from newsweave.model import Contradiction, Span, Story
from newsweave.pipeline import RunContext

MIN_PAIR = 0.4  # aligned-pair score for the date and polarity rules
MIN_NUMBER_PAIR = 0.25
WORD_NUMBER_PAIR = 0.6  # a count written in words on either side needs a closer pair  # the number rule also needs the same noun and digits on both sides
MIN_MONTH_PAIR = 0.25  # the month rule also needs two shared event words, both clauses in the past
POLARITY_PAIR = 0.85
POLARITY_PAIR_CLOSE = 0.75  # from here to POLARITY_PAIR the two words after the negation must both recur
_WEEKDAY_ONLY = re.compile(r"(?i:(?:last|next|this|on|late|early)\s+)?[A-Z][a-z]+day(?:['’]s)?")
_DAY_NAME = re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day")
_DATE_RANGE = re.compile(r"\s*(?:to|until|through|-|–)\s+\d{1,2}(?:st|nd|rd|th)?\b")
_DAY_RANGE = re.compile(r"\s*(?:to|until|and|-|–)\s+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b")
WINDOW_DAYS = 7  # articles written further apart than this may report a story that has moved on
_DEICTIC = re.compile(r"(?i:yesterday|today|tomorrow|tonight)")
_NEG = re.compile(r"\b(?:not|never|no(?!\.?\s*\d)|n['’]t|neither|nor|without)\b", re.I)  # not "the no. 1 engine"
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


@dataclass
class _Claim:
    span: Span
    value: str
    key: str | None = None  # what the value stands for, when its surface may vary (an entity's id)


def _context(text: str, pos: int, start: int = 0, n: int = 5) -> set[str]:
    """Content-word stems of the ``n`` words before ``pos``, not reaching back before ``start``."""
    words = [w for w in _WORD.findall(text[max(start, pos - 60):pos]) if len(w) > 2][-n:]  # not "p.m."
    return {stem(w) for w in words if w.lower() not in STOP}


_NOT_NAMES = frozenset("the a an in on at but and or as for mr mrs ms dr meanwhile however".split())


def _names(text: str, end: int) -> set[str]:
    """Capitalised words before ``end`` (the sentence's first word and titles left out): who or what
    the number is about ("Linus Ullmark stopped 22 shots" / "Alex Stalock ... stopping 30 shots")."""
    words = re.findall(r"[A-Z][\w'’-]*", text[:end])
    first = re.match(r"\W*([A-Z][\w'’-]*)", text)
    if first and words and words[0] == first.group(1):
        words = words[1:]
    return {re.sub(r"['’]s$", "", w) for w in words if w.lower() not in _NOT_NAMES}


def _lower_stems(text: str, pos: int, start: int) -> set[str]:
    """Stems of the lower-case words (not names: stems are lower-cased) in the 60 characters before ``pos``."""
    return {stem(w) for w in _WORD.findall(text[max(start, pos - 60):pos]) if w.islower()}


def _nearest(text: str, pos: int, start: int) -> str | None:
    """The content word (stem) right before a date expression: what it dates ("killed on Friday")."""
    words = [w for w in _WORD.findall(text[max(start, pos - 60):pos]) if len(w) > 2 and w.lower() not in STOP]
    return stem(words[-1]) if words else None


def _pairs(story: Story, skip: frozenset[str]) -> list[tuple[Span, Span, float]]:
    """Aligned sentence pairs of different articles (copies of one wire report included: a copy
    that changed a date or a number disagrees with the report it copies)."""
    spans, _, _ = story_sentences(story)
    out = []
    for (i, j), p in scored_pairs(story, skip).items():
        if p >= min(MIN_PAIR, MIN_NUMBER_PAIR, MIN_MONTH_PAIR):
            out.append((spans[i], spans[j], p))
    return out


def _independent(story: Story, pairs: list[tuple[Span, Span, float]]) -> list[tuple[Span, Span, float]]:
    key = story.source_group()
    return [x for x in pairs if key.get(x[0].article_id) != key.get(x[1].article_id)]


def _event_words(text: str, start: int, pos: int) -> set[str]:
    """Lower-case content words (stems) of the clause right before a date expression: the event it
    dates ("the spy balloon affair that began to unfold | in January")."""
    clause = re.split(r"[,;:—–(]", text[max(start, pos - 90):pos])[-1]
    return {stem(w.lower()) for w in _WORD.findall(clause)[-8:] if w[0].islower() and w.lower() not in STOP}


def _far_apart(refs: dict, a: str, b: str, cycle: bool) -> bool:
    """Were the two articles written more than :data:`WINDOW_DAYS` apart, or may they have been? A
    running story's counts and dates move on ("14 countries" in March, "26 countries" in May): that is
    no disagreement. An article without a reference date may have been written any time, unless the
    story reads as one news cycle (``cycle``: :func:`~newsweave.analyze.timeline.news_cycle`; a few
    undated reports of one event)."""
    ra, rb = refs.get(a), refs.get(b)
    if ra is None or rb is None:
        return not cycle
    return abs((ra.date - rb.date).days) > WINDOW_DAYS


def _day_month(surface: str) -> tuple[str, str] | None:
    """(day, month) of a day-month expression written without a year ("8 March", "March 8")."""
    if re.search(r"\d{4}", surface):
        return None
    d = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", surface)
    m = re.search(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?", surface)
    return (d.group(1), m.group(1)) if d and m else None


def date_conflicts(story: Story, pairs: list[tuple[Span, Span, float]], refs: dict | None = None
                   ) -> list[tuple[str, str, _Claim, _Claim]]:
    """(kind, topic, claim a, claim b) for aligned pairs dating the same action differently: a day
    (score >= :data:`MIN_PAIR`, a shared content word just before both expressions: "told reporters
    on Saturday" / "told reporters Sunday"; not a plan against a past event), or a month (score >= :data:`MIN_MONTH_PAIR`, >= 2
    shared lower-case event words in the clause before both, neither clause future tense: "the spy
    balloon affair that began to unfold in January" / "a suspected spy balloon ... in February";
    plans and forecasts may differ without contradicting each other)."""
    arts = story.by_id()
    refs = reference_dates(story) if refs is None else refs
    clues = year_clues(story)

    def own_date(aid: str) -> bool:
        return aid in refs and refs[aid].mode == "past"  # a publication date, not one inferred

    hits: dict[Span, list] = {}
    for a in story.articles:
        for h in article_dates(a, refs.get(a.id), clues):
            if h.precision in ("day", "month"):
                hits.setdefault(h.sent, []).append(h)
    # a sentence giving several days ("40% chance of rain late Friday and 50% early Saturday") dates
    # several things: no single day to disagree on
    several = {sent for sent, hs in hits.items() if len({h.date for h in hs if h.precision == "day"}) > 1}
    out = []
    cycle = news_cycle(story, refs)
    for sa, sb, p in pairs:
        if _far_apart(refs, sa.article_id, sb.article_id, cycle):
            continue
        for ha in hits.get(sa, []):
            for hb in hits.get(sb, []):
                if ha.date == hb.date or ha.precision != hb.precision:
                    continue
                ta, tb = arts[sa.article_id].text, arts[sb.article_id].text
                wa, wb = ha.expr.text_in(arts), hb.expr.text_in(arts)
                if ha.precision == "month":
                    shared_ev = _event_words(ta, sa.start, ha.expr.start) & _event_words(tb, sb.start, hb.expr.start)
                    if p < MIN_MONTH_PAIR or len(shared_ev) < 2 or is_future(ta[sa.start:ha.expr.start]) \
                            or is_future(tb[sb.start:hb.expr.start]):
                        continue
                    ev = [w for w in _WORD.findall(ta[max(sa.start, ha.expr.start - 90):ha.expr.start])
                          if stem(w.lower()) in shared_ev]
                    out.append(("date", "month of: " + " ".join(dict.fromkeys(ev)), _Claim(sa, wa), _Claim(sb, wb)))
                    continue
                days_a, days_b = set(_DAY_NAME.findall(wa)), set(_DAY_NAME.findall(wb))
                if p < MIN_PAIR or _norm(wa) == _norm(wb) or days_a & days_b:
                    continue  # the same day ("Friday" / "last Friday") resolved apart: the references differ
                if is_future(ta[sa.start:ha.expr.start]) != is_future(tb[sb.start:hb.expr.start]):
                    continue  # a plan against what happened ("would run a timetable from Thursday" / "suspended
                    # sailings the next day"): two events
                if sa in several or sb in several or any(
                        r.match(t, h.expr.end) for r in (_DAY_RANGE, _DATE_RANGE) for t, h in ((ta, ha), (tb, hb))):
                    continue  # "overnight on Monday to Tuesday", "from January 4 to 31" name both
                who_a = _names(ta[sa.start:sa.end], ha.expr.start - sa.start)
                who_b = _names(tb[sb.start:sb.end], hb.expr.start - sb.start)
                if who_a and who_b and not who_a & who_b:
                    continue  # "Joey Covino poses for a photo Dec. 18" / "Tyrone Cefalu ... Dec. 20"
                if _DEICTIC.fullmatch(wa.strip()) or _DEICTIC.fullmatch(wb.strip()):
                    continue  # "today" / "tomorrow" hang on publication times (time zones, updated pages)
                dm_a, dm_b = _day_month(wa), _day_month(wb)
                if dm_a and dm_a == dm_b:
                    continue  # "8 March" / "March 8": only the inferred year differs
                bare_a, bare_b = bool(_WEEKDAY_ONLY.fullmatch(wa.strip())), bool(_WEEKDAY_ONLY.fullmatch(wb.strip()))
                if bare_a != bare_b and not own_date(sa.article_id if bare_a else sb.article_id):
                    continue  # "on Monday" against "24 March": which Monday depends on a date the page lacks
                ca, cb = _context(ta, ha.expr.start, sa.start), _context(tb, hb.expr.start, sb.start)
                shared_words = {w for w in ca & cb if w in _lower_stems(ta, ha.expr.start, sa.start)
                                and len(w) > 2 and w != "time"}  # not the "m" of "p.m.", "local time"
                if not shared_words:
                    continue  # "told reporters" is an action; "Malaysia Airlines Flight" only a name
                if not {_nearest(ta, ha.expr.start, sa.start), _nearest(tb, hb.expr.start, sb.start)} <= shared_words:
                    continue  # "127 were killed on Friday" / "Hollande said on Saturday": other actions
                kind = "weekday" if all(re.fullmatch(r"[A-Z][a-z]+day", w) for w in (wa, wb)) else "date"
                win_a = _WORD.findall(ta[max(sa.start, ha.expr.start - 60):ha.expr.start])[-6:]
                win_b = {w.lower() for w in _WORD.findall(tb[max(sb.start, hb.expr.start - 60):hb.expr.start])}
                shared = [w for w in win_a if w.lower() in win_b and w.lower() not in ("on", "in", "at")]
                topic = "day of: " + " ".join(shared or win_a)
                out.append((kind, topic, _Claim(sa, wa), _Claim(sb, wb)))
    return out


def _counted(text: str, start: int, key: str) -> str:
    """The noun a number counts, as written after it ("passengers"), else its key's stem."""
    m = _NUM.match(text, start)
    return m.group("noun").lower() if m else key.lstrip("%~").rstrip("+")


def number_conflicts(story: Story, pairs: list[tuple[Span, Span, float]], refs: dict | None = None
                     ) -> list[tuple[str, str, _Claim, _Claim]]:
    """Aligned pairs (score >= :data:`MIN_NUMBER_PAIR`) counting the same noun differently: both values
    in digits or cardinal words ("Twelve people were killed" / "Fourteen people were killed"; words need a
    shared predicate and a pair score of :data:`WORD_NUMBER_PAIR`) (not a version: "MHL 2.0 port"; nor a number before a stop word: "Lumia 1020 and"), less
    than :data:`MAX_RATIO` apart, their allowed ranges disjoint (:func:`allowed_range`: "more than 30" allows
    45, "12,000" allows 12,500), about the same names where both sentences name someone before the
    number, from articles written within :data:`WINDOW_DAYS` of each other, and, for durations ("14
    days" / "2 days"), with a content word shared just before both numbers (not a unit: "0-62 mph time
    to 5.7 seconds"). Other measurement units (miles, mph, kWh) need a pair score of :data:`UNIT_PAIR`;
    counts of people need a shared predicate; ranges and sentences listing several values of one noun
    are left out (:func:`number_claims`), as are claims whose :func:`traits` say they count other things
    (:func:`other_things`: two of a kind, a subset, a changed value, a requirement or an average)."""
    arts = story.by_id()
    refs = reference_dates(story) if refs is None else refs
    cycle = news_cycle(story, refs)
    out = []
    for sa, sb, p in pairs:
        if p < MIN_NUMBER_PAIR or _far_apart(refs, sa.article_id, sb.article_id, cycle):
            continue
        ta, tb = sa.text_in(arts), sb.text_in(arts)
        na, nb = number_claims(ta), number_claims(tb)
        vals_a, vals_b = {n[0] for n in na}, {n[0] for n in nb}
        tr_a, tr_b = [traits(ta, n[3], n[4]) for n in na], [traits(tb, n[3], n[4]) for n in nb]
        for (va, key_a, surf_a, st_a, en_a), trait_a in zip(na, tr_a, strict=True):
            for (vb, key_b, surf_b, st_b, en_b), trait_b in zip(nb, tr_b, strict=True):
                if key_a != key_b or va == vb or va in vals_b or vb in vals_a:
                    continue
                if key_a in UNIT_NOUNS - TIME_NOUNS and p < UNIT_PAIR:
                    continue
                words = not (surf_a[0].isdigit() and surf_b[0].isdigit())
                if words and (p < WORD_NUMBER_PAIR or not (is_count_word(surf_a) and is_count_word(surf_b))):
                    continue  # counts in words are looser ("five people were detained" / "Nine people were …")
                if max(va, vb) > MAX_RATIO * min(va, vb) and not transposed(surf_a, surf_b):
                    continue  # (14 / 41: the same digits in another order, a typo, not other things)
                (lo_a, hi_a), (lo_b, hi_b) = allowed_range(ta, st_a, va, surf_a), allowed_range(tb, st_b, vb, surf_b)
                if lo_a <= hi_b and lo_b <= hi_a:
                    continue  # both can be true
                per_a, per_b = period_of(ta, st_a, en_a), period_of(tb, st_b, en_b)
                if per_a and per_b and per_a != per_b:
                    continue  # "3.06 trillion baht this year" / "3.18 trillion baht in 2020": other years
                who_a, who_b = _names(ta, st_a), _names(tb, st_b)
                if who_a and who_b and not who_a & who_b:
                    continue  # different subjects: two goalies, two cars
                where_a, where_b = place_after(ta, en_a), place_after(tb, en_b)
                if where_a and where_b and not where_a & where_b:
                    continue  # "129 people killed in Paris" / "89 people were killed at the Bataclan"
                if other_things(trait_a, trait_b):
                    continue  # two of a kind, a subset, a changed value, a requirement ("the minimum needed")
                if key_a in TIME_NOUNS and not (_context(ta, st_a) & _context(tb, st_b)) - UNIT_NOUNS:
                    continue  # durations: the same event word before both ("the jury deliberated …")
                if (words or key_a in GENERIC_NOUNS or key_a == "%") and not predicate_words(ta, st_a) & predicate_words(tb, st_b):
                    continue  # "129 people killed" / "124 people under investigation": different counts
                out.append(("number", "percentage" if key_a == "%" else f"number of {_counted(ta, st_a, key_a)}",
                            _Claim(sa, surf_a), _Claim(sb, surf_b)))
    return out


def entity_conflicts(story: Story, skip: frozenset[str]) -> list[tuple[str, str, _Claim, _Claim]]:
    arts = story.by_id()
    key = story.source_group()
    roles: dict[str, list[tuple[str, Span, str]]] = {}  # role -> (entity id, claim span, surface)
    for e in story.entities:
        if e.type != "PERSON":
            continue
        for m in e.mentions:
            if m.article_id in skip:
                continue
            text = arts[m.article_id].text
            r = _role(text, m.start, m.end)
            if r:
                lo = text.rfind(r, max(0, m.start - 90), m.start)
                s = lo if lo >= 0 else m.start
                hi = text.find(r, m.end, m.end + 110)
                end = hi + len(r) if hi >= 0 else m.end
                roles.setdefault(r, []).append((e.id, Span(m.article_id, s, end), m.text_in(arts)))
    out = []
    for r, items in roles.items():
        ents = {eid for eid, _, _ in items}
        if len(ents) < 2:
            continue
        per_article: dict[str, set[str]] = {}
        for eid, sp, _ in items:
            per_article.setdefault(sp.article_id, set()).add(eid)
        if any(len(v) > 1 for v in per_article.values()):
            continue  # one source names two people for the role: not a contradiction between sources
        for i, (ea, spa, na) in enumerate(items):
            for eb, spb, nb in items[i + 1:]:
                if ea != eb and key.get(spa.article_id) != key.get(spb.article_id) and not same_person(na, nb):
                    out.append(("entity", r, _Claim(spa, na, ea), _Claim(spb, nb, eb)))
    return out


def same_person(a: str, b: str) -> bool:
    """Can two names be one person's: equal without initials, or one the start of the other ("James B.
    Comey" / "James Comey", "Kim Jong" / "Kim Jong-un")?"""
    ta, tb = ([w for w in re.split(r"[\s-]+", n.replace(".", " ").casefold()) if len(w) > 1] for n in (a, b))
    short, long_ = sorted((ta, tb), key=len)
    return bool(short) and long_[:len(short)] == short


MIN_SPEAKER_WORDS = 6  # shorter quotes (slogans, stock phrases) may be said by several people


def speaker_conflicts(story: Story, skip: frozenset[str]) -> list[tuple[str, str, _Claim, _Claim]]:
    """One utterance (:func:`newsweave.analyze.quote_groups.utterance_pairs`) attributed to two different
    people by independent sources, each attribution naming its speaker (a pronoun's resolution is
    not trusted here). The claim is the quote with its attribution; the value is the name."""
    from newsweave.analyze.quote_groups import utterance_pairs

    arts = story.by_id()
    key = story.source_group()
    ents = {e.id: e for e in story.entities}
    items: list[tuple[str, Span, Span, str]] = []  # (speaker id, quote span, claim span, name as written)
    for q in story.quotes:
        e = ents.get(q.speaker_entity or "")
        if e is None:
            continue
        for sp in q.spans:
            att = next((a for a in q.attributions if a.article_id == sp.article_id), None)
            if sp.article_id in skip or att is None or len(sp.text_in(arts).split()) < MIN_SPEAKER_WORDS:
                continue
            named = [m for m in e.mentions if m.article_id == sp.article_id and att.start <= m.start
                     and m.end <= att.end]
            if named:
                claim = Span(sp.article_id, min(sp.start, att.start), max(sp.end, att.end))
                items.append((e.id, sp, claim, named[0].text_in(arts)))
    pairs = [(a, b) for a in range(len(items)) for b in range(a + 1, len(items))
             if items[a][0] != items[b][0] and key.get(items[a][1].article_id) != key.get(items[b][1].article_id)]
    texts = [it[1].text_in(arts) for it in items]
    return [("entity", "speaker of a quote", _Claim(items[a][2], items[a][3]), _Claim(items[b][2], items[b][3]))
            for a, b in sorted(utterance_pairs(texts, pairs))]


def _aligned_texts(story: Story, pairs: list[tuple[Span, Span, float]], floor: float
                   ) -> Iterator[tuple[Span, Span, float, str, str]]:
    """(span a, span b, score, text a, text b) of the aligned pairs scoring at least ``floor``."""
    arts = story.by_id()
    for sa, sb, p in pairs:
        if p >= floor:
            yield sa, sb, p, sa.text_in(arts), sb.text_in(arts)


def polarity_conflicts(story: Story, pairs: list[tuple[Span, Span, float]]) -> list[tuple[str, str, _Claim, _Claim]]:
    out = []
    for sa, sb, p, ta, tb in _aligned_texts(story, pairs, POLARITY_PAIR_CLOSE):
        if _NO_CLAIM.search(ta) or _NO_CLAIM.search(tb):
            continue  # "Did Brenholt close the road?" asserts nothing; "did not only close X but also Y" affirms X
        ma, mb = list(_NEG.finditer(ta)), list(_NEG.finditer(tb))
        if bool(ma) == bool(mb) or len(ma) + len(mb) != 1:
            continue
        neg_text, neg = (ta, ma[0]) if ma else (tb, mb[0])
        other = tb if ma else ta
        after = _WORD.findall(neg_text[neg.end():neg.end() + 40])[:2]
        first = next((w for w in after if w.lower() not in STOP), None)
        verb = stem(first) if first and first.islower() else None  # "not reopen", never "no Galaxy S5"
        other_stems = {stem(w) for w in _WORD.findall(other)}
        if not verb or verb not in other_stems:
            continue
        if p < POLARITY_PAIR and not (len(after) == 2 and all(w.islower() and w not in STOP for w in after)
                                      and {stem(w) for w in after} <= other_stems):
            continue  # a looser pair must deny the same verb phrase ("did not recommend closing"; not "no Galaxy S5")
        va = neg.group() if ma else ""
        out.append(("polarity", f"whether: {' '.join(after)}",
                    _Claim(sa, va or ta.split()[0]), _Claim(sb, neg.group() if mb else tb.split()[0])))
    return out


STANCE_PAIR = 0.55
_NO_CLAIM = re.compile(r"\?[\"”’']?\s*$|\bnot\s+only\b|\bnot\s+just\b", re.I)
DENIED_PAIR = 0.25  # a verb phrase denied by one source and stated by another: same subject, verb, object


def stance_conflicts(story: Story, pairs: list[tuple[Span, Span, float]]) -> list[tuple[str, str, _Claim, _Claim]]:
    """Aligned pairs (score >= :data:`STANCE_PAIR`) where one source reports a denial and the other an
    admission of the same thing by the same subject (:func:`~newsweave.analyze.stance.stance_pair`), or
    (score >= :data:`DENIED_PAIR`) says a subject did not do what the other says it did
    (:func:`~newsweave.analyze.stance.denied_phrase`): a polarity contradiction."""
    out = []
    for sa, sb, p, ta, tb in _aligned_texts(story, pairs, min(STANCE_PAIR, DENIED_PAIR)):
        found = stance_pair(ta, tb) if p >= STANCE_PAIR else None
        found = found or (denied_phrase(ta, tb) if p >= DENIED_PAIR and not (_NO_CLAIM.search(ta) or
                                                                              _NO_CLAIM.search(tb)) else None)
        if found:
            what, va, vb = found
            out.append(("polarity", f"whether: {what}", _Claim(sa, va), _Claim(sb, vb)))
    return out


def story_contradictions(story: Story) -> list[Contradiction]:
    skip = skipped_articles(story)
    live = [a for a in story.articles if a.id not in skip]
    if len(live) < 2:
        return []
    pairs = _pairs(story, skip)
    indep = _independent(story, pairs)
    refs = reference_dates(story)
    stances = stance_conflicts(story, pairs)
    stated = {frozenset((a.span, b.span)) for _, _, a, b in stances}  # a denied phrase names the dispute best
    found = (date_conflicts(story, pairs, refs) + number_conflicts(story, pairs, refs) + entity_conflicts(story, skip)
             + speaker_conflicts(story, skip)
             + [x for x in polarity_conflicts(story, indep) if frozenset((x[2].span, x[3].span)) not in stated]
             + stances)
    merged: dict[tuple[str, frozenset[str]], tuple[str, dict[Span, str], list[str]]] = {}
    for kind, topic, a, b in found:
        k = (("date" if kind in ("date", "weekday") else kind),
             frozenset({a.key or _norm(a.value), b.key or _norm(b.value)}))  # "Rob" / "Robert Tenley": one side
        t, claims, kinds = merged.setdefault(k, (topic, {}, []))
        claims.setdefault(a.span, a.value)
        claims.setdefault(b.span, b.value)
        kinds.append(kind)
    out = []
    for (_, _), (topic, claims, kinds) in merged.items():
        # a pair of sentences may disagree on a weekday and on a number: each contradiction keeps its own kind
        kind = "weekday" if all(kd == "weekday" for kd in kinds) else next(kd for kd in kinds if kd != "weekday")
        spans = sorted(claims, key=lambda s: (_norm(claims[s]), s))
        out.append(Contradiction(kind, topic, spans, [claims[s] for s in spans]))  # type: ignore[arg-type]
    return out


def _norm(v: str) -> str:
    return v.replace(",", "").lower().strip()


class ContradictionsStage:
    """Story stage: fills ``story.contradictions`` (after entities and facts), and takes each fact's
    members that contradict it out of it (:func:`~newsweave.analyze.facts.split_contradicted`)."""

    name = "contradictions"
    requires = frozenset({"stories", "entities", "quotes", "facts"})
    provides = frozenset({"contradictions"})
    scope = "story"

    def __call__(self, items: Iterable[Story], ctx: RunContext) -> Iterator[Story]:
        for story in items:
            story.contradictions = story_contradictions(story)
            story.facts = split_contradicted(story)
            yield story

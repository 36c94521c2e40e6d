"""Facts stage: cross-source aligned claims (``story.facts``) and what only one source says.

Each aligned group (:func:`newsweave.analyze.align.align_story`) becomes one :class:`Fact`
whose ``text`` is the member sentence that best states what the group shares (central, and its
words backed by the other sources), verbatim. Sentences of an article that align
with nothing become ``single_source`` facts (only sentences that read as complete statements:
:func:`newsweave.clean.quality.eligible`, no boilerplate, captions, headlines or quote fragments). ``independent_sources`` counts wire-group members once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Mapping

from newsweave.analyze.align import AlignedGroup, align_story, scored_pairs, story_edge, story_sentences
from newsweave.analyze.features import analyse
from newsweave.analyze.lang import skipped_articles
from newsweave.analyze.stance import DENIES
from newsweave.clean.quality import eligible
from newsweave.model import Fact, Span, Story
from newsweave.pipeline import RunContext
from newsweave.summarize.features import needs_antecedent

log = logging.getLogger(__name__)

MIN_SINGLE_WORDS = 6
DATE_GAP_DAYS = 3  # members whose events are dated further apart than this are not one fact
SUPPORTED_WEIGHT = 0.5  # weight of the supported share of a member's words when choosing a fact's text


def _fact_id(spans: Iterable[Span]) -> str:
    key = ",".join(f"{s.article_id}:{s.start}:{s.end}" for s in sorted(spans))
    return "f" + hashlib.sha1(key.encode()).hexdigest()[:10]


def representative(group: AlignedGroup, readable: set[Span] | frozenset[Span] = frozenset(),
                   texts: dict[Span, str] | None = None) -> Span:
    """The member that best states what the group shares, among the ``readable`` members (complete
    statements) when there are any, then among those readable without the sentence before them
    (``summarize.features.needs_antecedent``: no "He said", "It did not …", bare quotation): the
    highest mean score to the others plus ``SUPPORTED_WEIGHT`` x the share of its content words
    (stems, numbers) that another source's member also has, so that a sentence adding its own detail
    ("..., where the two agreed on a visit by Biden") gives way to one the others back; ties: the
    shorter sentence. Without ``texts`` the mean score alone decides."""
    content = {sp: _content(t) for sp, t in (texts or {}).items()}

    def supported(sp: Span) -> float:
        own = content.get(sp)
        if not own:
            return 0.0
        others = [content.get(o, frozenset()) for o in group.spans if o.article_id != sp.article_id]
        return sum(any(w in o for o in others) for w in own) / len(own)

    def rank(sp: Span) -> tuple[bool, bool, float, int]:
        vals = [v for (a, b), v in group.pair_scores.items() if sp in (a, b)]
        standalone = sp not in (texts or {}) or not needs_antecedent(texts[sp])  # not "It did not …"
        return (sp in readable, standalone, sum(vals) / max(len(vals), 1) + SUPPORTED_WEIGHT * supported(sp),
                -(sp.end - sp.start))
    return max(group.spans, key=rank)


def _content(text: str) -> frozenset[str]:
    words, _, numbers, _ = analyse(text)
    return words | {"#" + n for n in numbers}


def _event_days(story: Story) -> tuple[dict[Span, set[dt.date]], dict[str, dt.date]]:
    """The day-precision timeline dates of each event sentence, and the articles dated by publication
    (their own date or a copy's: reference mode "past") with that date. A weekday counted from a date
    read in the text, or from the story's anchor, may be a week off."""
    refs = story.meta.get("reference_dates") or {}
    dated: dict[str, dt.date] = {}
    for aid, r in refs.items():
        if isinstance(r, dict) and r.get("mode") == "past":
            try:
                dated[aid] = dt.date.fromisoformat(str(r.get("date")))
            except ValueError:
                continue
    out: dict[Span, set[dt.date]] = {}
    for t in story.timeline:
        if t.precision == "day":
            try:
                day = dt.date.fromisoformat(t.date)
            except ValueError:
                continue
            for sp in t.event:
                out.setdefault(sp, set()).add(day)
    return out, dated


def split_by_date(groups: list[AlignedGroup], days: dict[Span, set[dt.date]],
                  rep: Callable[[AlignedGroup], Span], dated: Mapping[str, dt.date] | set[str] | None = None
                  ) -> list[AlignedGroup]:
    """Groups without members whose events the timeline dates more than :data:`DATE_GAP_DAYS` from
    the representative's (``rep``): "evacuated on Sunday night" and "returned home on Saturday" share
    their words, not their event. The members that left form a group of their own (split again the
    same way). Sources a day or two apart on one event stay together (a weekday contradiction), and
    so do two whose articles are both undated (``dated``: the articles dated by publication, with
    their dates where known; None: all): their weekdays were counted from guesses. A plan and what
    happened on another day are two facts, however close ("said it expected to lift the notice on
    Saturday", written on Friday / "was finally lifted on Sunday, a day later than promised")."""
    written = dated if isinstance(dated, Mapping) else {}

    def plan(sp: Span) -> bool | None:  # are the member's event days after its writing (None: unknown)
        ref, ds = written.get(sp.article_id), days.get(sp)
        if ref is None or not ds:
            return None
        return True if min(ds) > ref else False if max(ds) <= ref else None

    def apart(a: Span, b: Span) -> bool:
        da, db = days.get(a), days.get(b)
        if dated is not None and a.article_id not in dated and b.article_id not in dated:
            return False
        if not (da and db):
            return False
        gap = min(abs((x - y).days) for x in da for y in db)
        pa, pb = plan(a), plan(b)
        return gap > DATE_GAP_DAYS or (gap > 0 and pa is not None and pb is not None and pa != pb)

    out: list[AlignedGroup] = []
    todo = list(groups)
    while todo:
        g = todo.pop(0)
        head = rep(g) if len(g.spans) > 1 else None
        left = [sp for sp in g.spans if head is not None and apart(sp, head)]
        if not left:
            out.append(g)
            continue
        for part in ([sp for sp in g.spans if sp not in left], left):
            if len(part) > 1:
                pairs = {k: v for k, v in g.pair_scores.items() if k[0] in part and k[1] in part}
                sub = AlignedGroup(part, sum(pairs.values()) / max(len(pairs), 1), pairs)
                (out.append if part is not left else todo.append)(sub)
    return out


def story_facts(story: Story, groups: list[AlignedGroup] | None = None) -> list[Fact]:
    """Facts of ``story``: aligned groups (most sources first) then single-source sentences."""
    arts = story.by_id()
    skip = skipped_articles(story)
    if groups is None:
        groups = align_story(story, skip=skip) if len(story.articles) - len(skip) > 1 else []
    ok = {Span(a.id, s, e) for a in story.articles if a.id not in skip
          for (s, e), why in zip(a.sentences, eligible(a), strict=True) if why is None}
    days, dated = _event_days(story)
    if days:
        groups = split_by_date(groups, days, lambda g: representative(g, ok, {sp: sp.text_in(arts) for sp in g.spans}),
                               dated)
    facts: list[Fact] = []
    used: set[Span] = set()
    reps: set[Span] = set()  # two groups around one sentence must not print the same line twice
    for g in groups:
        rep = representative(g, ok, {sp: sp.text_in(arts) for sp in g.spans})
        if rep in reps:  # state the later group by another of its members, or not at all
            rest = [sp for sp in g.spans if sp != rep]
            if len({sp.article_id for sp in rest}) < 2:
                continue  # (its other members stay free: a sentence only this group held may be single-source)
            g = AlignedGroup(rest, g.score, {k: v for k, v in g.pair_scores.items() if rep not in k})
            rep = representative(g, ok, {sp: sp.text_in(arts) for sp in g.spans})
        spans = [rep] + [s for s in g.spans if s != rep]
        ids = list(dict.fromkeys(s.article_id for s in spans))
        used.update(spans)
        n = story.independent_count(ids)
        if n < 2 and rep not in ok:
            continue  # copies of one source repeating a fragment: nothing to report
        reps.add(rep)
        facts.append(Fact(_fact_id(spans), rep.text_in(arts), spans, ids, n, single_source=n < 2))
    spans_all, texts, _ = story_sentences(story) if groups else _plain_sentences(story)
    elsewhere = said_elsewhere(story, skip) if len(story.articles) - len(skip) > 1 else set()
    for sp, text in zip(spans_all, texts, strict=True):
        if sp in used or sp not in ok or len(text.split()) < MIN_SINGLE_WORDS or needs_antecedent(text):
            continue  # (a single-source line must read alone: no "He is no relation to the mayor.")
        if sp in elsewhere:
            continue  # another source says it too (it lost a best-match contest): not "only one source"
        facts.append(Fact(_fact_id([sp]), sp.text_in(arts), [sp], [sp.article_id], 1, single_source=True))
    facts.sort(key=lambda f: (-f.independent_sources, -len(f.spans)))
    return facts


def said_elsewhere(story: Story, skip: set[str] | frozenset[str]) -> set[Span]:
    """Sentences with a pair score of at least the story's linking score (:func:`story_edge`) to a
    sentence of another independent source: said by more than one source, whether or not a fact
    group holds them."""
    spans, _, _ = story_sentences(story)
    edge = story_edge(len(story.articles) - len(skip))
    key = story.source_group()
    out: set[Span] = set()
    for (i, j), p in scored_pairs(story, skip).items():
        a, b = spans[i].article_id, spans[j].article_id
        if p >= edge and key.get(a, a) != key.get(b, b):
            out.update((spans[i], spans[j]))
    return out


def split_contradicted(story: Story) -> list[Fact]:
    """``story.facts`` with no source counted as corroborating the text it contradicts: a member span on
    the other side of one of ``story.contradictions`` from the fact's representative (its text) leaves
    the fact, and the members that left form a fact of their own (split again the same way), so
    "Twelve people were killed" is not corroborated by "Fourteen people were killed". Members that
    disagree with each other on a detail the representative does not state stay (the seeds' balloon
    postponement, dated January in one source and February in another, keeps its five sources)."""
    if not story.contradictions or not story.facts:
        return story.facts
    arts = story.by_id()
    # each claim's side: the same value (a count, a day, a name), or for a polarity dispute whether the
    # claim denies ("did not evacuate", "denied") or states the thing
    sides = [[(sp, _side(c.kind, v)) for sp, v in zip(c.claims, c.values, strict=False)]
             for c in story.contradictions if len(c.claims) > 1 and len(c.values) == len(c.claims)]
    # the values in dispute: when the fact's text is a claim, a member that states another side's value
    # ("1,200" against its "1,500"), and not the text's own, is on the other side although no rule
    # paired the two (a text that only mentions a disputed month is no side: the seeds' balloon)
    valued = [(c.kind, list(zip(c.claims, c.values, strict=False))) for c in story.contradictions
              if c.kind in ("number", "weekday", "date") and len(c.values) == len(c.claims) > 1]

    def states(sp: Span, value: str) -> bool:
        return re.search(rf"(?<![\w,.]){re.escape(value)}(?![\w]|[,.]\d)", sp.text_in(arts)) is not None

    def opposed(a: Span, b: Span) -> bool:
        for claims in sides:
            side_a = {sd for sp, sd in claims if _overlaps(a, sp)}
            side_b = {sd for sp, sd in claims if _overlaps(b, sp)}
            if side_a and side_b and not side_a & side_b:
                return True
        for kind, claims in valued:
            mine = {v for sp, v in claims if _overlaps(b, sp)}  # b: the fact's text, itself one of the claims
            others = {v for _, v in claims} - mine
            if mine and not any(states(a, v) for v in mine) and (kind == "number" or any(states(a, v) for v in others)):
                return True  # a disputed count is corroborated only by members that give it ("600 homes")
        return False

    out: list[Fact] = []
    for f in story.facts:
        todo = list(f.spans)
        while todo:
            keep: list[Span] = []
            left: list[Span] = []
            for sp in todo:
                (left if keep and opposed(sp, keep[0]) else keep).append(sp)
            if not left and keep == f.spans:
                out.append(f)
                break
            ids = list(dict.fromkeys(sp.article_id for sp in keep))
            n = story.independent_count(ids)
            out.append(Fact(_fact_id(keep), keep[0].text_in(arts), keep, ids, n, single_source=n < 2))
            todo = left
    out.sort(key=lambda f: (-f.independent_sources, -len(f.spans)))
    return out


def _side(kind: str, value: str) -> str:
    """Which side of a dispute a claim's value puts it on."""
    if kind == "polarity":
        return "denies" if DENIES.search(value) else "states"
    return " ".join(value.casefold().split())


def _overlaps(a: Span, b: Span) -> bool:
    return a.article_id == b.article_id and a.start < b.end and b.start < a.end


def _plain_sentences(story: Story) -> tuple[list[Span], list[str], None]:
    spans = [Span(a.id, s, e) for a in story.articles for s, e in a.sentences]
    arts = story.by_id()
    return spans, [sp.text_in(arts) for sp in spans], None


class FactsStage:
    """Story stage: fills ``story.facts`` (and ``story.meta["alignment"]`` for later stages)."""

    name = "facts"
    requires = frozenset({"stories"})
    provides = frozenset({"facts"})
    scope = "story"

    def __call__(self, items: Iterable[Story], ctx: RunContext) -> Iterator[Story]:
        for story in items:
            story.facts = story_facts(story)
            yield story

"""Facts stage: cross-source aligned claims (``story.facts``) and what only one source says.

Each aligned group (:func:`newsweave.analyze.align.align_story`) becomes one :class:`Fact`
whose ``text`` is its most central member sentence, verbatim. Sentences of an article that align
with nothing become ``single_source`` facts (only sentences that read as complete statements:
:func:`newsweave.clean.quality.eligible`, no boilerplate, captions, headlines or quote fragments). ``independent_sources`` counts wire-group members once.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator

from newsweave.analyze.align import AlignedGroup, align_story, story_sentences
from newsweave.analyze.lang import skipped_articles
from newsweave.clean.quality import eligible
from newsweave.model import Fact, Span, Story
from newsweave.pipeline import RunContext

log = logging.getLogger(__name__)

MIN_SINGLE_WORDS = 6


def _fact_id(spans: Iterable[Span]) -> str:
    key = ",".join(f"{s.article_id}:{s.start}:{s.end}" for s in sorted(spans))
    return "f" + hashlib.sha1(key.encode()).hexdigest()[:10]


def representative(group: AlignedGroup, readable: set[Span] | frozenset[Span] = frozenset()) -> Span:
    """The member with the highest mean score to the others (ties: the shorter sentence), among the
    ``readable`` members (complete statements) when there are any."""
    def centrality(sp: Span) -> tuple[bool, float, int]:
        vals = [v for (a, b), v in group.pair_scores.items() if sp in (a, b)]
        return (sp in readable, sum(vals) / max(len(vals), 1), -(sp.end - sp.start))
    return max(group.spans, key=centrality)


def story_facts(story: Story, groups: list[AlignedGroup] | None = None) -> list[Fact]:
    """Facts of ``story``: aligned groups (most sources first) then single-source sentences."""
    arts = story.by_id()
    skip = skipped_articles(story)
    if groups is None:
        groups = align_story(story, skip=skip) if len(story.articles) - len(skip) > 1 else []
    ok = {Span(a.id, s, e) for a in story.articles if a.id not in skip
          for (s, e), why in zip(a.sentences, eligible(a), strict=True) if why is None}
    facts: list[Fact] = []
    used: set[Span] = set()
    for g in groups:
        rep = representative(g, ok)
        spans = [rep] + [s for s in g.spans if s != rep]
        ids = list(dict.fromkeys(s.article_id for s in spans))
        used.update(spans)
        n = story.independent_count(ids)
        if n < 2 and rep not in ok:
            continue  # copies of one source repeating a fragment: nothing to report
        facts.append(Fact(_fact_id(spans), rep.text_in(arts), spans, ids, n, single_source=n < 2))
    spans_all, texts, _ = story_sentences(story) if groups else _plain_sentences(story)
    for sp, text in zip(spans_all, texts, strict=True):
        if sp in used or sp not in ok or len(text.split()) < MIN_SINGLE_WORDS:
            continue
        facts.append(Fact(_fact_id([sp]), sp.text_in(arts), [sp], [sp.article_id], 1, single_source=True))
    facts.sort(key=lambda f: (-f.independent_sources, -len(f.spans)))
    return facts


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

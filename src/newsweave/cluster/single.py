"""Fallback clustering: every article of the run in one story (used before real clustering exists)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

from newsweave.model import Article, Story
from newsweave.pipeline import RunContext


def story_id_for(article_ids: Iterable[str]) -> str:
    return "s" + hashlib.sha256(",".join(sorted(article_ids)).encode()).hexdigest()[:12]


class SingleStoryStage:
    name = "cluster"
    requires = frozenset({"text", "unique"})
    provides = frozenset({"stories"})
    scope = "corpus"

    def __call__(self, items: Iterable[Article], ctx: RunContext) -> Iterator[Story]:
        arts = [a for a in items if not a.duplicate_of]
        if not arts:
            return
        label = next((a.title for a in arts if a.title), None) or arts[0].text[:80]
        yield Story(id=story_id_for(a.id for a in arts), label=label, articles=arts)

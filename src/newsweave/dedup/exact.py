"""Exact duplicates: same article id (hash of normalised text) seen earlier in this run or in the store."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from newsweave.model import Article
from newsweave.pipeline import RunContext


class ExactDedupStage:
    name = "exact_dedup"
    requires = frozenset({"text"})
    provides = frozenset({"unique"})
    scope = "corpus"

    def __call__(self, items: Iterable[Article], ctx: RunContext) -> Iterator[Article]:
        seen: dict[str, str] = {}
        for art in items:
            if art.id in seen:
                ctx.drop(art, f"exact duplicate of {seen[art.id]} (same text)", duplicate_of=art.id)
                continue
            if ctx.store is not None and ctx.store.has_article(art.id):
                ctx.drop(art, "exact duplicate of an article already in the store", duplicate_of=art.id)
                seen[art.id] = "the store"
                continue
            seen[art.id] = art.source
            yield art

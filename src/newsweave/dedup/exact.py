"""Exact duplicates: same article id (hash of normalised text) seen earlier in this run or in the store."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from newsweave.model import Article
from newsweave.pipeline import RunContext


class ExactDedupStage:
    """Drop an article whose id (its normalised text) was seen in this run or is stored. What a dropped
    copy says of itself (outlet, author, URL, date) is kept in ``described``: its original takes what
    it lacks (``dedup.heads.adopt``: the same text from a dated feed dates an undated file, whichever
    is read first)."""

    name = "exact_dedup"
    requires = frozenset({"text"})
    provides = frozenset({"unique"})
    scope = "corpus"

    def __init__(self) -> None:
        self.described: list[Article] = []  # text-less stand-ins of dropped copies with an outlet or date

    def _keep(self, art: Article) -> None:
        if art.outlet or art.published:
            self.described.append(Article(id=art.id, text="", source=art.source, outlet=art.outlet,
                                          author=art.author, url=art.url, published=art.published,
                                          date_source=art.date_source, duplicate_of=art.id))

    def __call__(self, items: Iterable[Article], ctx: RunContext) -> Iterator[Article]:
        seen: dict[str, str] = {}
        for art in items:
            if art.id in seen:
                ctx.drop(art, f"exact duplicate of {seen[art.id]} (same text)", duplicate_of=art.id)
                self._keep(art)
                continue
            if ctx.store is not None and ctx.store.has_article(art.id):
                ctx.drop(art, "exact duplicate of an article already in the store", duplicate_of=art.id)
                seen[art.id] = "the store"
                self._keep(art)
                continue
            seen[art.id] = art.source
            yield art

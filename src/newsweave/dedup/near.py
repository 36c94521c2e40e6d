"""Near-duplicate articles: MinHash LSH candidates, each verified pairwise against one original.

A near-duplicate keeps flowing (it is stored) with ``duplicate_of`` set to its original's id; the API
records it as a duplicate and ``analyze`` attaches it to the original's story. Only originals enter the
index, so every link points at an original (no chains) and a flood of copies costs one lookup each.
With a store, the index persists as the ``neardup_lsh`` state blob (signatures only; rebuilt on load).
Once a run has read everything, :meth:`NearDupStage.rehead` lets the best-described copy of each group
the run created head it (``dedup/heads.py``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from newsweave.dedup.heads import Rehead, rehead
from newsweave.dedup.minhash import LSHIndex, MinHasher, MinHashParams, overlap
from newsweave.model import Article
from newsweave.pipeline import RunContext

if TYPE_CHECKING:
    from newsweave.store.base import Store

log = logging.getLogger(__name__)
STATE_KEY = "neardup_lsh"
Fetch = Callable[[Sequence[str]], dict[str, str]]  # ids -> text of stored originals


@dataclass
class Match:
    original: str
    jaccard: float
    containment: float


@dataclass
class NearDupFinder:
    """Streaming near-duplicate finder; pure (no store): the caller supplies text of stored originals."""

    params: MinHashParams = field(default_factory=MinHashParams)
    index: LSHIndex | None = None
    _shingles: dict[str, np.ndarray] = field(default_factory=dict)  # originals seen in this process

    def __post_init__(self) -> None:
        self.hasher = MinHasher(self.params)
        if self.index is None:
            self.index = LSHIndex(self.hasher)

    def check(self, article_id: str, text: str, fetch: Fetch | None = None) -> Match | None:
        """The verified original ``text`` nearly duplicates, else None (and ``text`` becomes an original)."""
        assert self.index is not None
        sh = self.hasher.shingles(text)
        if len(sh) < self.params.min_shingles:
            return None
        sig = self.hasher.signature(sh)
        best: Match | None = None
        cands = [c for c in self.index.query(sig) if c != article_id]
        missing = [c for c in cands if c not in self._shingles]
        if missing and fetch is not None:
            for cid, ctext in fetch(missing).items():
                self._shingles[cid] = self.hasher.shingles(ctext)
        for cid in cands:
            other = self._shingles.get(cid)
            if other is None:
                continue
            jac, con = overlap(sh, other)
            if jac >= self.params.jaccard or con >= self.params.containment:
                if best is None or (jac, con) > (best.jaccard, best.containment):
                    best = Match(cid, jac, con)
        if best is None:
            self.index.add(article_id, sig)
            self._shingles[article_id] = sh
        return best

    def to_bytes(self) -> bytes:
        assert self.index is not None
        return self.index.to_bytes()

    @classmethod
    def from_bytes(cls, data: bytes | None, params: MinHashParams | None = None) -> NearDupFinder:
        p = params or MinHashParams()
        finder = cls(p)
        if data:
            idx = LSHIndex.from_bytes(data, finder.hasher)
            if idx is not None:
                finder.index = idx
        return finder


class NearDupStage:
    """Corpus stage: mark verified near-duplicates (``duplicate_of``) against this run and the store."""

    name = "near_dup"
    requires = frozenset({"text", "unique"})
    provides = frozenset({"near_unique"})
    scope = "corpus"

    def __init__(self, params: MinHashParams | None = None) -> None:
        self.params = params or MinHashParams()

    def __call__(self, items: Iterable[Article], ctx: RunContext) -> Iterator[Article]:
        store = ctx.store
        finder = NearDupFinder.from_bytes(store.get_state(STATE_KEY) if store else None, self.params)

        def fetch(ids: Sequence[str]) -> dict[str, str]:
            return {a.id: a.text for a in store.get_articles(list(ids))} if store else {}

        changed = False
        for art in items:
            if art.duplicate_of:
                yield art
                continue
            m = finder.check(art.id, art.text, fetch)
            changed = True
            if m is not None:
                art.duplicate_of = m.original
                art.meta["near_duplicate"] = {"of": m.original, "jaccard": round(m.jaccard, 4),
                                              "containment": round(m.containment, 4)}
            yield art
        if store is not None and changed:
            store.put_state(STATE_KEY, finder.to_bytes())

    def rehead(self, articles: Sequence[Article], store: Store | None) -> list[Rehead]:
        """Re-head the run's near-duplicate groups (see ``dedup/heads.py``) and put each new head in
        its old head's place in the stored index; the caller rewrites the articles and log rows."""
        done = rehead(articles, self.params)
        if done and store is not None:
            finder = NearDupFinder.from_bytes(store.get_state(STATE_KEY), self.params)
            assert finder.index is not None
            h = finder.hasher
            if finder.index.replace({r.old.id: (r.head.id, h.signature(h.shingles(r.head.text))) for r in done}):
                store.put_state(STATE_KEY, finder.to_bytes())
        return done

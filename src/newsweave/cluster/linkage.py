"""Exact average linkage driven by a max-heap of candidate merges, shared by both batch paths.

The loop only knows node ids: what a cluster *is* and how similar two clusters are belongs to a
:class:`Linkage` (sum vectors in :mod:`newsweave.cluster.batch`, a sparse probability graph in
:mod:`newsweave.cluster.pairs`). Stale heap entries are skipped by per-node version numbers, so each
merge costs one similarity per neighbour of the merged cluster, never a pass over all clusters.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from typing import Protocol

import numpy as np


class Linkage(Protocol):
    def keeper(self, x: int, y: int) -> tuple[int, int]:
        """(the id that survives a merge of ``x`` and ``y``, the one that is folded into it)."""
        ...

    def join(self, keep: int, gone: int) -> Iterator[tuple[int, float]]:
        """Fold ``gone`` into ``keep``; yield each live neighbour of the result with its new similarity."""
        ...


def average_link(n: int, edges: Iterable[tuple[float, int, int]], threshold: float, link: Linkage) -> np.ndarray:
    """Root id per node after merging, best pair first, while the best similarity is >= ``threshold``.
    ``edges`` are the initial candidate pairs ``(similarity, x, y)`` (duplicates are harmless)."""
    heap = [(-s, min(x, y), max(x, y), 0, 0) for s, x, y in edges if s >= threshold]
    heapq.heapify(heap)
    alive = [True] * n
    version = [0] * n
    parent = np.arange(n)
    while heap:
        neg, x, y, vx, vy = heapq.heappop(heap)
        if not (alive[x] and alive[y]) or version[x] != vx or version[y] != vy:
            continue
        if -neg < threshold:
            break
        keep, gone = link.keeper(x, y)
        alive[gone] = False
        parent[gone] = keep
        version[keep] += 1
        for c, s in link.join(keep, gone):
            if alive[c] and s >= threshold:
                p, q = (keep, c) if keep < c else (c, keep)
                heapq.heappush(heap, (-s, p, q, version[p], version[q]))
    return roots(parent)


def roots(parent: np.ndarray) -> np.ndarray:
    """Follow ``parent`` links to each node's root."""
    root = parent.copy()
    for i in range(len(root)):
        r = i
        while root[r] != r:
            r = root[r]
        root[i] = r
    return root


def first_seen_labels(root: np.ndarray) -> np.ndarray:
    """Labels 0..m-1 numbered in order of first appearance."""
    order: dict[int, int] = {}
    return np.array([order.setdefault(int(r), len(order)) for r in root.tolist()], dtype=np.int64)

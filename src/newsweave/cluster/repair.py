"""Repairs of incremental stories: merging two stories a document bridges, splitting one that grew
over two events.

**Merge** (:func:`merge_bridged`): a document close to two stories merges them when the stories' own
average link reaches the stream threshold.

**Split** (:func:`split_touched`): one document at a time, a story can take in a headline about a neighbouring event; later ones about
that event then follow it, because the story's average now favours them. After each mini-batch every
story it touched that has reached ``split_min_size`` members and grown by ``split_growth`` since its
last check is re-clustered on its own members, exactly as batch mode would (average linkage at the
batch cut for the whole pool, on the same similarity). Each group of at least ``split_share`` of the
members (and 3) other than the largest becomes a new story; smaller groups stay. The cost is bounded:
a story is re-clustered each time it grows by half, so its members are re-read O(log size) times.
A split is recorded like a merge: ``{"from", "into", "size", "trigger"}``.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from newsweave.cluster.batch import (
    ClusterParams,
    agglomerate,
    date_factor_one,
    sparse_add,
    sparse_dot,
    sparse_sum,
    stack_rows,
)
from newsweave.cluster.features import N_FEATURES

if TYPE_CHECKING:
    from newsweave.cluster.clusterer import StoryClusterer, StoryState


def pair_similarity(a: StoryState, b: StoryState, p: ClusterParams) -> float:
    """Average-link similarity of two stories from their sums (damped by the gap of their mean dates)."""
    dot = sparse_dot(a.tsum, b.tsum) * p.text_weight
    if a.esum is not None and b.esum is not None:
        dot += (1.0 - p.text_weight) * float(a.esum @ b.esum)
    return dot / (a.size * b.size) * date_factor_one(a.mean_day, b.mean_day, p)


def merge_bridged(clu: StoryClusterer, k1: int, k2: int, trigger: str, th: float, p: ClusterParams
                  ) -> tuple[int, int] | None:
    """Merge stories ``k1`` and ``k2`` (indices) that document ``trigger`` bridges if their own average
    link reaches ``th``; returns (kept index, emptied index). The emptied story stays in place (indices
    stay stable within a mini-batch) until :meth:`StoryClusterer.compact`."""
    a, b = clu.stories[k1], clu.stories[k2]
    sim = pair_similarity(a, b, p)
    if sim < th:
        return None
    keep, gone = (a, b) if (a.size, b.id) >= (b.size, a.id) else (b, a)
    ki, gi = (k1, k2) if keep is a else (k2, k1)
    keep.members.extend(gone.members)
    keep.tsum = sparse_add(keep.tsum, gone.tsum)
    # a vector sum over only some members would understate the average: keep one only if both have it
    keep.esum = None if keep.esum is None or gone.esum is None else keep.esum + gone.esum
    keep.day_sum += gone.day_sum
    keep.day_n += gone.day_n
    keep.merged_from.extend([gone.id, *gone.merged_from])
    clu.merges.append({"into": keep.id, "from": gone.id, "similarity": round(sim, 4), "trigger": trigger})
    tombstone(gone)
    return ki, gi


def tombstone(st: StoryState) -> None:
    """Empty a story merged into another; it stays in place until :meth:`StoryClusterer.compact`."""
    st.members = []
    st.tsum = (np.zeros(0, np.int64), np.zeros(0))
    st.esum = None if st.esum is None else np.zeros_like(st.esum)
    st.day_sum, st.day_n = 0.0, 0
    st.merged_from = []


def taken_ids(clu: StoryClusterer) -> set[str]:
    """Story ids in use: live stories' and those merged into them (a merged-away id is never reused)."""
    return {x.id for x in clu.stories} | {o for x in clu.stories for o in x.merged_from}


def fresh_story_id(clu: StoryClusterer, members: list[str], taken: set[str]) -> str | None:
    """The id of the earliest of ``members`` (undated last) that does not already name a story, as a
    story founded by it would be named; None when every one does."""
    from newsweave.cluster.state import story_id_for

    names = [story_id_for(m) for m in sorted(members, key=lambda m: (day_key(clu, m), m))]
    return next((n for n in names if n not in taken), None)


def pool_params(params: ClusterParams, short: bool, use_vectors: bool, n: int, small: bool = False
                ) -> ClusterParams:
    """What batch mode would use on a pool of ``n`` documents of this kind (``small``: a small full-text
    pool on TF-IDF + MiniLM, ``ClusterParams.small_params``)."""
    if short:
        return params.short_params(use_vectors, n)
    if small and use_vectors:
        return params.small_params(n)
    return replace(params, threshold=params.threshold_for(n))


def split_touched(clu: StoryClusterer, touched: set[str], p: ClusterParams, trigger: str) -> list[dict[str, object]]:
    """Split the stories in ``touched`` whose members form separate groups under ``p``; returns the records."""
    from newsweave.cluster.state import StoryState, story_id_for

    records: list[dict[str, object]] = []
    if p.split_min_size <= 0:
        return records
    born: list[StoryState] = []
    taken = taken_ids(clu)
    for st in clu.stories:
        if st.id not in touched or st.size < max(p.split_min_size, p.split_growth * clu.split_checked.get(st.id, 0)):
            continue
        clu.split_checked[st.id] = size = st.size
        groups = _groups(clu, st, p)
        if groups is None:
            continue
        # the group holding the founding article keeps the story (its id names that article: "s" +
        # sha256(founder)), else the largest; each other group large enough becomes a story named after
        # its earliest article not already naming one
        groups.sort(key=lambda g: (not any(story_id_for(m) == st.id for m in g), -len(g), g[0]))
        for g in groups[1:]:
            if len(g) < max(3, p.split_share * size):
                continue
            sid = fresh_story_id(clu, g, taken)
            if sid is None:
                continue
            taken.add(sid)
            moved = set(g)
            st.members = [m for m in st.members if m not in moved]
            new = StoryState(sid, list(g), (np.zeros(0, np.int64), np.zeros(0)), None)
            resum(clu, new, st.esum is not None)
            clu.split_checked[new.id] = new.size
            born.append(new)
            records.append({"from": st.id, "into": new.id, "size": len(g), "trigger": trigger})
        if records and records[-1]["from"] == st.id:
            resum(clu, st, st.esum is not None)
            clu.split_checked[st.id] = st.size  # what is left is checked again when it grows by half
    clu.stories.extend(born)
    return records


def day_key(clu: StoryClusterer, doc_id: str) -> float:
    """A document's day for ordering: undated documents last (never NaN, which does not sort)."""
    d = clu.doc_day.get(doc_id, math.nan)
    return math.inf if math.isnan(d) else d


def _groups(clu: StoryClusterer, st: StoryState, p: ClusterParams) -> list[list[str]] | None:
    """The story's members clustered as batch mode would, or None when their features are not kept."""
    rows = [clu.doc_rows.get(m) for m in st.members]
    if any(r is None for r in rows):
        return None
    e = None
    if p.text_weight < 1.0:
        vecs = [clu.doc_vecs.get(m) for m in st.members]
        if any(v is None for v in vecs):
            return None
        e = np.vstack([np.asarray(v, dtype=np.float32) for v in vecs])
    t = stack_rows(rows, N_FEATURES)  # type: ignore[arg-type]
    days = np.array([clu.doc_day.get(m, math.nan) for m in st.members], dtype=np.float64)
    labels = agglomerate(t, e, days, p)
    out: dict[int, list[str]] = {}
    for m, lab in zip(st.members, labels.tolist(), strict=True):
        out.setdefault(lab, []).append(m)
    return list(out.values()) if len(out) > 1 else None


def resum(clu: StoryClusterer, st: StoryState, with_vectors: bool) -> None:
    """Recompute a story's sums from its members' kept features."""
    st.tsum = sparse_sum([clu.doc_rows[m] for m in st.members])
    vecs = [clu.doc_vecs.get(m) for m in st.members] if with_vectors else []
    st.esum = np.sum([np.asarray(v, dtype=np.float64) for v in vecs], axis=0) if vecs and all(
        v is not None for v in vecs) else None
    days = [clu.doc_day.get(m, math.nan) for m in st.members]
    known = [d for d in days if not math.isnan(d)]
    st.day_sum, st.day_n = float(sum(known)), len(known)

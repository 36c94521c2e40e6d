"""The clusterer's persistent state: the document and story records, story ids, and (de)serialisation.

``dump_state`` / ``load_state`` write and read a :class:`~newsweave.cluster.clusterer.StoryClusterer`'s
state (IDF counts, per-story sums, members, the pair graph) as one pickled blob of plain arrays (the
store's ``story_clusters`` state); a blob of another ``STATE_VERSION`` is refused.
"""

from __future__ import annotations

import hashlib
import math
import pickle
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from newsweave.cluster.batch import ClusterParams, SparseVec
from newsweave.cluster.features import IdfModel
from newsweave.cluster.relink import PairGraph

if TYPE_CHECKING:
    from newsweave.cluster.clusterer import StoryClusterer

STATE_VERSION = 1


def story_id_for(founder_article_id: str) -> str:
    return "s" + hashlib.sha256(founder_article_id.encode()).hexdigest()[:12]


def day_number(iso: str | None) -> float:
    """Days since 1970-01-01 for an ISO date (YYYY[-MM[-DD]]), NaN when missing or malformed."""
    if not iso:
        return math.nan
    parts = iso[:10].split("-")
    try:
        y = int(parts[0])
        m = int(parts[1]) if len(parts) > 1 else 7
        d = int(parts[2]) if len(parts) > 2 else 1
        return float((date(y, m, d) - date(1970, 1, 1)).days)
    except (ValueError, IndexError):
        return math.nan


@dataclass
class Doc:
    """What the clusterer needs of an article."""

    id: str
    text: str
    title: str | None = None
    published: str | None = None


@dataclass
class StoryState:
    id: str
    members: list[str]
    tsum: SparseVec
    esum: np.ndarray | None
    day_sum: float = 0.0
    day_n: int = 0
    merged_from: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.members)

    @property
    def mean_day(self) -> float:
        return self.day_sum / self.day_n if self.day_n else math.nan


def dump_state(est: StoryClusterer) -> bytes:
    """The state of ``est`` as bytes (compacts it first)."""
    est.compact()
    state = {"version": STATE_VERSION, "params": est.params.__dict__, "embeddings": est.embeddings,
             "idf": est.idf.to_arrays(), "n_docs": est.n_docs, "merges": est.merges[-1000:],
             "splits": est.splits[-1000:], "split_checked": est.split_checked, "vecs": est.doc_vecs,
             "graph": (est.pair_graph.n, *est.pair_graph.to_arrays()),
             "stories": [(s.id, s.members, s.tsum[0].astype(np.int32), s.tsum[1].astype(np.float32),
                          None if s.esum is None else s.esum.astype(np.float32), s.day_sum, s.day_n,
                          s.merged_from) for s in est.stories],
             "docs": [(i, r[0].astype(np.int32), r[1].astype(np.float32), est.doc_day.get(i, math.nan))
                      for i, r in est.doc_rows.items()]}
    return pickle.dumps(state, protocol=5)


def load_state(cls: type[StoryClusterer], data: bytes, batch_size: int = 256) -> StoryClusterer:
    """A clusterer of class ``cls`` restored from ``dump_state`` bytes."""
    state = pickle.loads(data)  # our own store's blob
    if state.get("version") != STATE_VERSION:
        raise ValueError(f"clustering state version {state.get('version')} != {STATE_VERSION}")
    obj = cls(ClusterParams(**state["params"]), state["embeddings"], batch_size)
    obj.idf = IdfModel.from_arrays(state["idf"])
    obj.n_docs = state["n_docs"]
    obj.merges = list(state["merges"])
    obj.splits = list(state.get("splits", []))
    obj.split_checked = dict(state.get("split_checked", {}))
    obj.doc_vecs = dict(state.get("vecs", {}))
    if "graph" in state:
        obj.pair_graph = PairGraph.from_arrays(*state["graph"])
    for sid, members, ti, tv, es, dsum, dn, mf in state["stories"]:
        obj.stories.append(StoryState(sid, list(members), (ti.astype(np.int64), tv.astype(np.float64)),
                                      None if es is None else es.astype(np.float64), dsum, dn, list(mf)))
    for did, ri, rv, day in state.get("docs", []):
        obj.doc_rows[did] = (ri.astype(np.int64), rv.astype(np.float64))
        obj.doc_day[did] = day
    return obj

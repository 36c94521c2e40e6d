"""Cluster stage (Articles -> Stories) and story construction: labels, ids, meta.

``run`` uses batch mode over the run's own articles (``Config.cluster_mode == "batch"``, the default): a
pure function of the run's inputs, so the same inputs always give the same stories. With
``cluster_mode == "incremental"`` and a store, the run's articles are assigned to the store-wide
incremental stories instead (the state ``ingest`` maintains; see ``sync.py``), and each touched story
comes back with all its stored members.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence

import numpy as np
import scipy.sparse as sp

from newsweave.cluster.batch import ClusterParams
from newsweave.cluster.clusterer import Doc, StoryClusterer
from newsweave.cluster.features import IdfModel, counts, doc_text
from newsweave.model import Article, Story
from newsweave.pipeline import RunContext

log = logging.getLogger(__name__)
STATE_KEY = "story_clusters"
LABEL_CHARS = 100


def to_doc(a: Article) -> Doc:
    return Doc(a.id, a.text, a.title, a.published)


def centrality(arts: Sequence[Article]) -> np.ndarray:
    """Cosine of each article's TF-IDF vector to the story centroid (1.0 for a single article)."""
    if len(arts) < 2:
        return np.ones(len(arts))
    c = counts([doc_text(a.title, a.text, max_chars=100_000) for a in arts])
    # the story's own vocabulary only: hashed columns renumbered 0..k-1 (the 2^20-wide space is slow here)
    cols, inv = np.unique(c.indices, return_inverse=True)
    c = sp.csr_matrix((c.data, inv.astype(np.int32), c.indptr), shape=(c.shape[0], len(cols)))
    t = IdfModel(df=np.zeros(len(cols), dtype=np.float32)).partial_fit(c).transform(c)
    # t_i . sum_j t_j / ||sum_j t_j|| from the small n x n Gram matrix: no dense 2^20-wide centroid
    gram = np.asarray((t @ t.T).todense(), dtype=np.float64)
    rows = gram.sum(axis=1)
    norm = float(np.sqrt(max(rows.sum(), 0.0))) or 1.0
    return rows / norm


def _truncate(text: str, n: int = LABEL_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= n:
        return text
    cut = text[: n - 1].rsplit(" ", 1)[0]
    return cut + "…"


def story_label(arts: Sequence[Article]) -> str:
    """The most central member's headline; else the most central first sentence (truncated)."""
    if not arts:
        return ""
    order = np.argsort(-centrality(arts), kind="stable")
    for i in order:
        if arts[i].title and arts[i].title.strip():
            return _truncate(arts[i].title)
    for i in order:
        a = arts[i]
        if a.sentences:
            s, e = a.sentences[0]
            return _truncate(a.text[s:e])
    return _truncate(arts[int(order[0])].text) or "(empty story)"


def make_story(story_id: str, arts: Sequence[Article], meta: dict | None = None) -> Story:
    ordered = sorted(arts, key=lambda a: (a.published or "~", a.id))
    return Story(id=story_id, label=story_label(ordered), articles=list(ordered), meta=dict(meta or {}))


def stories_from_labels(arts: Sequence[Article], labels: Sequence[str], meta: dict) -> list[Story]:
    groups: dict[str, list[Article]] = {}
    for a, sid in zip(arts, labels, strict=True):
        groups.setdefault(sid, []).append(a)
    out = [make_story(sid, members, meta) for sid, members in groups.items()]
    out.sort(key=lambda s: (-len(s.articles), s.date_span()[0] or "~", s.id))
    return out


def batch_stories(arts: Sequence[Article], params: ClusterParams | None = None) -> list[Story]:
    """Batch mode: a pure function of ``arts`` (duplicates excluded by the caller)."""
    arts = list(arts)
    if not arts:
        return []
    clu = StoryClusterer(params).fit([to_doc(a) for a in arts])
    return stories_from_labels(arts, clu.labels_, {"cluster": {"mode": "batch"}})


class ClusterStage:
    name = "cluster"
    requires = frozenset({"text", "unique"})
    provides = frozenset({"stories"})
    scope = "corpus"

    def __init__(self, mode: str = "batch", params: ClusterParams | None = None) -> None:
        self.mode = mode
        self.params = params or ClusterParams()

    def __call__(self, items: Iterable[Article], ctx: RunContext) -> Iterator[Story]:
        arts = list({a.id: a for a in items if not a.duplicate_of}.values())
        if not arts:
            return
        if self.mode == "incremental" and ctx.store is not None:
            from newsweave.cluster.sync import assign_incremental

            yield from assign_incremental(ctx.store, arts, self.params)
            return
        yield from batch_stories(arts, self.params)

"""Batch story clustering: k-NN blocking + exact average-link agglomeration on a sparse graph.

Similarity of two documents is ``w * cos(tfidf) + (1 - w) * cos(minilm)`` (``w = 1`` without embeddings),
optionally damped by the gap between publication dates. Because every vector is L2-normalised the
average pairwise similarity of two clusters is ``sum_A . sum_B / (|A| |B|)``, so average linkage is exact
from per-cluster sum vectors while candidate pairs come only from each document's k nearest neighbours
(never an n x n matrix). Merging stops at ``threshold``. Everything is a pure function of the inputs.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

import numpy as np
import scipy.sparse as sp

from newsweave.cluster.linkage import average_link, first_seen_labels

log = logging.getLogger(__name__)


@dataclass
class ClusterParams:
    threshold: float | None = None  # average-link similarity needed to merge; None = size_threshold(n)
    # incremental assignment: fixed, tuned on all of Multi-News validation (a low threshold early in a stream
    # makes impure stories that keep attracting articles); None = size_threshold(n) + 0.01
    stream_threshold: float | None = 0.22
    k: int = 10  # nearest neighbours per document considered as merge candidates
    text_weight: float = 1.0  # weight of TF-IDF cosine; 1 - text_weight goes to MiniLM cosine
    date_scale_days: float = 7.0  # similarity halves every ``date_scale_days`` beyond ``date_grace_days``
    date_grace_days: float = 2.0
    chunk: int = 1024  # rows per block when searching neighbours
    # candidate generation for TF-IDF-only pools: "index" = an inverted index over each document's top-weighted
    # terms (each document queries with its ``index_query_terms`` heaviest terms the postings of every document's
    # ``index_doc_terms`` heaviest; terms with more than ``index_max_postings`` postings are not followed; the
    # ``index_candidates`` best by that partial score are re-scored exactly): near-linear in the pool size.
    # "exact" = exact sparse top-k against every document (quadratic). On all of Multi-News validation both
    # give batch F1 0.8804 (``clustering.py --tune-candidates``).
    candidates: str = "index"
    index_query_terms: int = 20
    index_doc_terms: int = 60
    index_candidates: int = 40
    index_max_postings: int = 2000
    # supervised pair scorer (``pairs.py``): average linkage over same-story probabilities of k-NN pairs
    # instead of raw cosines; prob_threshold None = the threshold tuned on validation (pair_scorer.json)
    scorer: bool = True
    prob_threshold: float | None = None
    # the scorer was trained on full articles: pools whose median document has fewer distinct content tokens
    # (headline-only feeds) use cosine average linkage instead (on UCI headlines the scorer, calibrated to
    # Multi-News' event granularity, keeps almost every headline apart)
    # incremental scored assignment (None = prob_threshold_for()); on all of Multi-News validation the
    # incremental F1 with the degree-2 scorer was 0.839 / 0.850 / 0.856 / 0.857 / 0.855 / 0.852 at
    # 0.25 / 0.30 / 0.35 / 0.40 / 0.45 / 0.50
    stream_prob_threshold: float | None = 0.40
    # scored path: after each mini-batch, re-cluster the stories it touched (and those its pairs reach
    # with probability >= relink_min_link) by graph average linkage at the batch cut (``relink.py``)
    stream_relink: bool = True
    relink_min_link: float = 0.1
    relink_max_docs: int = 20_000  # a mini-batch touching more documents than this is not re-linked
    scorer_min_tokens: int = 40
    # ... and so was it on a pool of ~12k documents: in a pool of a few articles IDF is compressed and the
    # features shift, so small pools also keep cosine average linkage
    scorer_min_docs: int = 1000
    # short texts (headline-only feeds): a pool whose median document has <= short_max_tokens distinct content
    # tokens is clustered on short_text_weight * TF-IDF cosine + the rest * MiniLM cosine of the text, average
    # linkage, no pair scorer. Tuned on the UCI headlines' even-indexed stories only (``clustering.py
    # --tune-short``, 2,622 headlines): batch F1 0.887 / 0.892 / 0.890 / 0.882 at 0.12 / 0.14 / 0.16 / 0.18
    # (w 0.5), incremental 0.851 / 0.864 / 0.855 at 0.14 / 0.16 / 0.18; TF-IDF alone (embeddings off or MiniLM
    # missing) peaks at 0.06 (0.824). The best batch cut grows with the pool: on the two halves of those
    # stories (1,281 / 1,341 headlines) it is 0.12 (F1 0.938 / 0.923), so the batch cut is
    # short_threshold + short_threshold_per_doubling * log2(n / short_ref_docs), clipped to [0.12, 0.20]
    short_max_tokens: int = 20
    # small full-text pools (fewer than scorer_min_docs: a user's folder of articles), batch fit only: the
    # pool's own IDF is weak, so MiniLM document vectors join in. Tuned on pools of 6-400 documents drawn
    # from Multi-News validation clusters 0-599, checked on clusters 600-1,199 (B3 F1 mean over sizes 6, 12,
    # 25, 60, 150, 400: TF-IDF alone 0.914, this 0.955; benchmarks/RESULTS.md "Small pools")
    small_text_weight: float = 0.5
    small_threshold: float = 0.25
    small_threshold_max: float = 0.32
    small_ref_docs: int = 100
    small_threshold_per_doubling: float = 0.025
    small_stream_threshold: float | None = None  # incremental assignment in such a pool; None = its batch cut
    short_text_weight: float = 0.5
    short_threshold: float = 0.14
    short_ref_docs: int = 2622
    short_threshold_per_doubling: float = 0.02
    short_stream_threshold: float = 0.16
    short_tfidf_threshold: float = 0.06
    # incremental splits (``repair.split_touched``): a touched story of >= split_min_size members that grew by
    # split_growth since its last check is re-clustered at the pool's batch cut; groups of >= split_share of it
    # (and 3) leave as new stories. Chosen on the UCI dev half (incremental F1 0.875 -> 0.893; 0.893-0.894 for
    # sizes 6-12, growth 1.25-2, shares 0.10-0.25); 0 turns splitting off
    split_min_size: int = 8
    split_growth: float = 1.5
    split_share: float = 0.15

    def small_params(self, n: int) -> ClusterParams:
        """These parameters as used by a batch fit of a small full-text pool of ``n`` documents (below
        ``scorer_min_docs``): ``small_text_weight`` x TF-IDF + the rest x MiniLM cosine, average linkage
        cut at ``small_threshold`` + ``small_threshold_per_doubling`` per doubling above
        ``small_ref_docs``, within [small_threshold, small_threshold_max]."""
        th = self.small_threshold + self.small_threshold_per_doubling * math.log2(max(n, 1) / self.small_ref_docs)
        cut = float(min(self.small_threshold_max, max(self.small_threshold, th)))
        return replace(self, text_weight=self.small_text_weight, scorer=False, threshold=cut,
                       stream_threshold=cut if self.small_stream_threshold is None else self.small_stream_threshold)

    def short_params(self, embeddings: bool, n: int | None = None) -> ClusterParams:
        """These parameters as used on a short-text pool of ``n`` documents (with or without MiniLM vectors)."""
        if embeddings:
            th = self.short_threshold
            if n:
                th += self.short_threshold_per_doubling * math.log2(n / self.short_ref_docs)
            return replace(self, text_weight=self.short_text_weight, threshold=float(min(0.20, max(0.12, th))),
                           stream_threshold=self.short_stream_threshold, scorer=False)
        return replace(self, text_weight=1.0, threshold=self.short_tfidf_threshold,
                       stream_threshold=self.short_tfidf_threshold, scorer=False)

    def threshold_for(self, n: int) -> float:
        return self.threshold if self.threshold is not None else size_threshold(n)

    def prob_threshold_for(self) -> float:
        if self.prob_threshold is not None:
            return self.prob_threshold
        from newsweave.cluster.pairs import load_scorer

        return float(load_scorer()["threshold"])

    def stream_threshold_for(self, n: int) -> float:
        return self.stream_threshold if self.stream_threshold is not None else size_threshold(n) + 0.01


def size_threshold(n: int) -> float:
    """Merge threshold for a pool of ``n`` documents. The best average-link cut grows with the pool (more
    near-miss neighbours): 0.17 for 4,604 and 0.21 for 12,473 Multi-News *validation* documents
    (``benchmarks/clustering.py --tune``); interpolated in log n, clipped to [0.15, 0.23]."""
    x = math.log(max(n, 1) / 4604) / math.log(12473 / 4604)
    return float(min(0.23, max(0.15, 0.17 + 0.04 * x)))


def date_factor(days_a: np.ndarray, days_b: np.ndarray, p: ClusterParams) -> np.ndarray:
    """Multiplicative decay for a publication gap; 1 where either date is unknown (NaN)."""
    gap = np.abs(days_a - days_b)
    f = np.power(0.5, np.maximum(gap - p.date_grace_days, 0.0) / p.date_scale_days)
    return np.where(np.isnan(gap), 1.0, f)


def date_factor_one(day_a: float, day_b: float, p: ClusterParams) -> float:
    """:func:`date_factor` of one pair of days, without arrays."""
    gap = abs(day_a - day_b)
    if math.isnan(gap):
        return 1.0
    return 0.5 ** (max(gap - p.date_grace_days, 0.0) / p.date_scale_days)


def top_per_row(rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, n_rows: int, m: int
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The ``m`` largest entries of each row of a COO triple: (rows, cols, vals, rank in row), row-major."""
    v = np.asarray(vals, dtype=np.float64)
    if len(v) == 0:
        e = np.zeros(0, dtype=np.int64)
        return e, e, np.zeros(0), e
    lo, hi = float(v.min()), float(v.max())
    key = rows.astype(np.float64) + 0.999 * (hi - v) / max(hi - lo, 1e-12)  # one sort: row, then value desc
    order = np.argsort(key, kind="stable")
    rows, cols, v = rows[order], cols[order], v[order]
    rank = np.arange(len(rows)) - np.searchsorted(rows, np.arange(n_rows))[rows]
    keep = rank < m
    return rows[keep].astype(np.int64), cols[keep].astype(np.int64), v[keep], rank[keep]


def csr_top(s: sp.csr_matrix, m: int) -> sp.csr_matrix:
    """``s`` with only each row's ``m`` largest entries kept (one partial sort per long row)."""
    s = s.tocsr()
    lens = np.diff(s.indptr)
    if len(lens) == 0 or lens.max(initial=0) <= m:
        return s
    keep = np.ones(s.nnz, dtype=bool)
    for i in np.flatnonzero(lens > m).tolist():
        lo, hi = s.indptr[i], s.indptr[i + 1]
        keep[lo + np.argpartition(s.data[lo:hi], hi - lo - m)[: hi - lo - m]] = False
    indptr = np.concatenate([[0], np.cumsum(np.minimum(lens, m))])
    return sp.csr_matrix((s.data[keep], s.indices[keep], indptr), shape=s.shape)


def top_terms(t: sp.csr_matrix, m: int) -> sp.csr_matrix:
    """``t`` with only each row's ``m`` largest entries (heaviest terms) kept."""
    return csr_top(t, m)


def rowwise_dots(t: sp.csr_matrix, a: np.ndarray, b: np.ndarray, chunk: int = 20000) -> np.ndarray:
    """``t[a[i]] . t[b[i]]`` for every i."""
    out = np.zeros(len(a))
    for lo in range(0, len(a), chunk):
        hi = lo + chunk
        out[lo:hi] = np.asarray(t[a[lo:hi]].multiply(t[b[lo:hi]]).sum(axis=1)).ravel()
    return out


def build_index(ix: sp.csr_matrix, p: ClusterParams, df: np.ndarray | None = None) -> sp.csr_matrix:
    """Postings (terms x documents) of each row's ``p.index_doc_terms`` heaviest terms; a term with more
    than ``p.index_max_postings`` postings is left out (too common to find a story). ``df``: the pool's
    document frequencies, when final (batch): terms of one document only then take no slots."""
    if df is not None:
        ix = ix.copy()
        ix.data[df[ix.indices] < 2] = 0.0
        ix.eliminate_zeros()
    it = top_terms(ix, p.index_doc_terms)
    post = np.bincount(it.indices, minlength=it.shape[1])
    it.data[post[it.indices] > p.index_max_postings] = 0.0
    it.eliminate_zeros()
    return it.T.tocsr()


def index_candidates(q: sp.csr_matrix, postings: sp.csr_matrix, p: ClusterParams, extra: int = 1
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Per query row its best ``p.index_candidates + extra`` indexed documents by partial score (the query's
    ``p.index_query_terms`` heaviest terms against the postings): COO (query row, document)."""
    q = q.copy()
    q.data[np.diff(postings.indptr)[q.indices] < 2] = 0.0  # a term no other document is indexed under
    q.eliminate_zeros()
    s = csr_top(top_terms(q, p.index_query_terms) @ postings, p.index_candidates + extra).tocoo()
    return s.row.astype(np.int64), s.col.astype(np.int64)


def knn(t: sp.csr_matrix, e: np.ndarray | None, days: np.ndarray, p: ClusterParams
        ) -> tuple[np.ndarray, np.ndarray]:
    """Top-k neighbours of every row by combined similarity: (indices, sims), each (n, k); a row with fewer
    candidates is padded with itself at -inf."""
    if p.candidates == "index" and (e is None or p.text_weight >= 1.0):
        return knn_index(t, days, p)
    n = t.shape[0]
    k = min(p.k, max(n - 1, 1))
    idx = np.zeros((n, k), dtype=np.int64)
    sims = np.full((n, k), -1.0, dtype=np.float32)
    if n < 2:
        return idx[:, :0], sims[:, :0]
    tt = t.T.tocsc()
    for lo in range(0, n, p.chunk):
        hi = min(n, lo + p.chunk)
        s = (t[lo:hi] @ tt).toarray() * p.text_weight
        if e is not None and p.text_weight < 1.0:
            s += (1.0 - p.text_weight) * (e[lo:hi] @ e.T)
        if not np.all(np.isnan(days)):
            s *= date_factor(days[lo:hi, None], days[None, :], p)
        s[np.arange(hi - lo), np.arange(lo, hi)] = -np.inf
        part = np.argpartition(-s, k - 1, axis=1)[:, :k]
        idx[lo:hi] = part
        sims[lo:hi] = np.take_along_axis(s, part, axis=1)
    return idx, sims


def knn_index(t: sp.csr_matrix, days: np.ndarray, p: ClusterParams) -> tuple[np.ndarray, np.ndarray]:
    """``knn`` over inverted-index candidates (TF-IDF only), re-scored exactly; near-linear in n."""
    n = t.shape[0]
    k = min(p.k, max(n - 1, 1))
    idx = np.tile(np.arange(n, dtype=np.int64)[:, None], (1, k))
    sims = np.full((n, k), -np.inf, dtype=np.float32)
    if n < 2:
        return idx[:, :0], sims[:, :0]
    t = t.tocsr()
    dated = not np.all(np.isnan(days))
    postings = build_index(t, p, np.bincount(t.indices, minlength=t.shape[1]))
    step = max(p.chunk, 1) * 4
    for lo in range(0, n, step):
        hi = min(n, lo + step)
        r, c = index_candidates(t[lo:hi], postings, p)  # +1 candidate: a document finds itself
        ok = c != r + lo
        r, c = r[ok], c[ok]
        s = rowwise_dots(t, r + lo, c) * p.text_weight
        if dated:
            s = s * date_factor(days[r + lo], days[c], p)
        r, c, s, rank = top_per_row(r, c, s, hi - lo, k)
        idx[r + lo, rank] = c
        sims[r + lo, rank] = s
    return idx, sims


SparseVec = tuple[np.ndarray, np.ndarray]  # sorted column indices, values


def stack_rows(vectors: Sequence[SparseVec], n_cols: int, dtype: type | None = None) -> sp.csr_matrix:
    """The sparse vectors as the rows of one CSR matrix (values cast to ``dtype`` when given)."""
    ptr = np.concatenate([[0], np.cumsum([len(v[0]) for v in vectors])]).astype(np.int64)
    val = np.concatenate([v[1] for v in vectors] + [np.zeros(0)])
    ind = np.concatenate([v[0] for v in vectors] + [np.zeros(0, np.int64)])
    return sp.csr_matrix((val if dtype is None else val.astype(dtype), ind, ptr), shape=(len(vectors), n_cols))


def sparse_dot(a: SparseVec, b: SparseVec) -> float:
    """Dot product of two sorted sparse vectors: the shorter one's indices looked up in the longer one."""
    (ai, av), (bi, bv) = (a, b) if len(a[0]) <= len(b[0]) else (b, a)
    if not len(ai) or not len(bi):
        return 0.0
    pos = np.minimum(np.searchsorted(bi, ai), len(bi) - 1)
    hit = bi[pos] == ai
    return float(av[hit] @ bv[pos[hit]])


def sparse_add(a: SparseVec, b: SparseVec) -> SparseVec:
    return sparse_sum((a, b))


def sparse_sum(vectors: Sequence[SparseVec]) -> SparseVec:
    """Sum of sparse vectors in one pass (values of an index added in the order given)."""
    if not vectors:
        return np.zeros(0, np.int64), np.zeros(0)
    idx = np.concatenate([v[0] for v in vectors])
    val = np.concatenate([v[1] for v in vectors])
    uniq, inv = np.unique(idx, return_inverse=True)
    return uniq, np.bincount(inv, weights=val, minlength=len(uniq))


class _Clusters:
    """Per-cluster sum vectors, sizes and mean dates; exact average-link similarity between clusters."""

    def __init__(self, t: sp.csr_matrix, e: np.ndarray | None, days: np.ndarray, p: ClusterParams) -> None:
        self.p = p
        t = t.tocsr().copy()
        t.sum_duplicates()
        t.sort_indices()
        self.t = [(t.indices[t.indptr[i]:t.indptr[i + 1]].copy(), t.data[t.indptr[i]:t.indptr[i + 1]].astype(np.float64))
                  for i in range(t.shape[0])]
        self.e = None if e is None or p.text_weight >= 1.0 else [e[i].astype(np.float64) for i in range(len(e))]
        self.size = [1] * t.shape[0]
        self.day_sum = [0.0 if np.isnan(d) else float(d) for d in days]
        self.day_n = [0 if np.isnan(d) else 1 for d in days]
        self.neigh: list[set[int]] = [set() for _ in range(t.shape[0])]  # candidate pairs, kept symmetric

    def mean_day(self, a: int) -> float:
        return self.day_sum[a] / self.day_n[a] if self.day_n[a] else float("nan")

    def sim(self, a: int, b: int) -> float:
        dot = sparse_dot(self.t[a], self.t[b]) * self.p.text_weight
        if self.e is not None:
            dot += (1.0 - self.p.text_weight) * float(self.e[a] @ self.e[b])
        return dot / (self.size[a] * self.size[b]) * date_factor_one(self.mean_day(a), self.mean_day(b), self.p)

    def keeper(self, x: int, y: int) -> tuple[int, int]:
        return x, y

    def join(self, a: int, b: int) -> Iterator[tuple[int, float]]:
        """Fold cluster ``b`` into ``a``; yield (neighbour, similarity to the merged cluster)."""
        self.t[a] = sparse_add(self.t[a], self.t[b])
        if self.e is not None:
            self.e[a] = self.e[a] + self.e[b]
        self.size[a] += self.size[b]
        self.day_sum[a] += self.day_sum[b]
        self.day_n[a] += self.day_n[b]
        self.neigh[a] |= self.neigh[b]
        self.neigh[a] -= {a, b}
        self.neigh[b] = set()
        for c in list(self.neigh[a]):
            self.neigh[c].discard(b)
            self.neigh[c].add(a)
            yield c, self.sim(a, c)


def agglomerate(t: sp.csr_matrix, e: np.ndarray | None = None, days: np.ndarray | None = None,
                params: ClusterParams | None = None) -> np.ndarray:
    """Cluster labels (0..m-1, in order of first appearance) for L2-normalised rows ``t`` (and ``e``).

    ``days`` holds each document's publication day number (NaN when unknown).
    """
    p = params or ClusterParams()
    n = t.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    days = np.full(n, np.nan) if days is None else np.asarray(days, dtype=np.float64)
    th = p.threshold_for(n)
    nb_idx, nb_sim = knn(t, e, days, p)
    cl = _Clusters(t, e, days, p)
    edges: list[tuple[float, int, int]] = []
    for i in range(n):
        for j, s in zip(nb_idx[i], nb_sim[i], strict=True):
            j = int(j)
            if j == i or s < th:
                continue
            cl.neigh[i].add(j)
            cl.neigh[j].add(i)
            edges.append((float(s), i, j))
    return first_seen_labels(average_link(n, edges, th, cl))

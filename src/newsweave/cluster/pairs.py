"""Supervised same-story pair scorer and average linkage on a sparse graph of pair probabilities.

Candidate pairs come from each document's k nearest TF-IDF neighbours (``batch.knn``). Each pair gets
features that a plain cosine mixes up: the cosine itself, its square root, the neighbour rank, how many
content tokens the two documents share, the IDF-weighted share of the shorter document that is shared, the
shorter document's length, the length ratio, the share of the shorter document's tokens that are shared
and cosine x length (no feature grows with the pool size). A logistic regression over the standardised
features and their pairwise products (degree 2), trained on Multi-News **validation** pairs only
(``benchmarks/train_pair_scorer.py``; full documents plus the same documents cut to their first
sentence, so that short texts such as headlines are inside the training range), turns them into a
same-story probability; its means, scales and coefficients ship as ``pair_scorer.json``.

Clusters are merged by exact average linkage over the graph (pairs that are not candidates count as 0),
while the best pair's mean probability reaches ``prob_threshold``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources

import numpy as np
import scipy.sparse as sp

from newsweave.cluster.batch import ClusterParams, date_factor, knn
from newsweave.cluster.linkage import average_link, first_seen_labels

_BASE = ["cos", "sqrt_cos", "rank", "log_shared", "idf_shared_frac", "log_min_len", "log_len_ratio",
         "shared_frac", "cos_x_log_min_len"]
# every base feature also times "shortness" 20 / (20 + shorter length), so short texts get their own slopes
FEATURES = _BASE + [f"{f}_x_short" for f in _BASE]


@lru_cache(maxsize=1)
def load_scorer() -> dict:
    """Coefficients, intercept and tuned threshold from the packaged ``pair_scorer.json``."""
    with resources.files("newsweave.cluster").joinpath("pair_scorer.json").open("r", encoding="utf-8") as fh:
        return json.load(fh)


def pair_features(binary: sp.csr_matrix, idf: np.ndarray, a: np.ndarray, b: np.ndarray, cos: np.ndarray,
                  rank: np.ndarray) -> np.ndarray:
    """Feature rows for pairs (a[i], b[i]); ``binary`` holds 0/1 term presence, ``idf`` per column."""
    if len(a) == 0:
        return np.zeros((0, len(FEATURES)))
    sh = binary[a].multiply(binary[b]).tocsr()
    nshared = np.asarray(sh.sum(axis=1), dtype=np.float64).ravel()
    idfsum = np.asarray(sh @ idf, dtype=np.float64).ravel()
    u, inv = np.unique(np.concatenate([a, b]), return_inverse=True)  # lengths of the rows involved only
    sub = binary[u]
    lens = np.asarray(sub.sum(axis=1), dtype=np.float64).ravel()[inv]
    wlens = np.asarray(sub @ idf, dtype=np.float64).ravel()[inv]
    la, lb = lens[: len(a)], lens[len(a):]
    lmin, lmax = np.minimum(la, lb), np.maximum(la, lb)
    wmin = np.minimum(wlens[: len(a)], wlens[len(a):])
    c = np.asarray(cos, dtype=np.float64)
    base = np.c_[c, np.sqrt(np.maximum(c, 0.0)), rank, np.log1p(nshared), idfsum / np.maximum(wmin, 1e-9),
                 np.log1p(lmin), np.log1p(lmax) - np.log1p(lmin), nshared / np.maximum(lmin, 1.0),
                 c * np.log1p(lmin)]
    return np.hstack([base, base * (20.0 / (20.0 + lmin))[:, None]])


def quadratic(z: np.ndarray) -> np.ndarray:
    """``z`` and every product z_i * z_j (i <= j): the inputs of a degree-2 logistic model."""
    iu, ju = np.triu_indices(z.shape[1])
    return np.hstack([z, z[:, iu] * z[:, ju]])


def model_inputs(x: np.ndarray, m: dict) -> np.ndarray:
    """Feature rows as the scorer ``m`` takes them: raw (linear model), or clipped to the training range,
    standardised with the training means and scales and expanded to degree 2 (``"degree": 2``)."""
    if m.get("degree", 1) == 1:
        return x
    if "lo" in m:  # a product of two features extrapolates wildly: keep inputs in the training range
        x = np.clip(x, np.asarray(m["lo"]), np.asarray(m["hi"]))
    return quadratic((x - np.asarray(m["mean"])) / np.asarray(m["scale"]))


def probabilities(x: np.ndarray, chunk: int = 8192) -> np.ndarray:
    """Same-story probability of each feature row (in chunks: the degree-2 inputs are ~10x wider)."""
    m = load_scorer()
    coef = np.asarray(m["coef"], dtype=np.float64)
    z = np.concatenate([model_inputs(x[i:i + chunk], m) @ coef for i in range(0, len(x), chunk)] or [np.zeros(0)])
    return 1.0 / (1.0 + np.exp(-(z + float(m["intercept"]))))


def candidate_pairs(idx: np.ndarray, sims: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Unique undirected pairs from k-NN lists: (a, b, similarity, best rank of either side)."""
    n, k = idx.shape
    if k == 0:
        e = np.zeros(0, dtype=np.int64)
        return e, e, np.zeros(0), np.zeros(0)
    i = np.repeat(np.arange(n), k)
    j = idx.ravel().astype(np.int64)
    s = sims.ravel().astype(np.float64)
    r = np.tile(np.arange(k, dtype=np.float64), n)
    ok = (i != j) & np.isfinite(s)
    i, j, s, r = i[ok], j[ok], s[ok], r[ok]
    a, b = np.minimum(i, j), np.maximum(i, j)
    order = np.lexsort((r, b, a))
    a, b, s, r = a[order], b[order], s[order], r[order]
    first = np.r_[True, (a[1:] != a[:-1]) | (b[1:] != b[:-1])]
    return a[first], b[first], s[first], r[first]


class _Graph:
    """Clusters as nodes of a sparse graph whose edge weights are summed pair probabilities."""

    def __init__(self, n: int, a: np.ndarray, b: np.ndarray, w: np.ndarray) -> None:
        self.adj: list[dict[int, float]] = [{} for _ in range(n)]
        for x, y, v in zip(a.tolist(), b.tolist(), w.tolist(), strict=True):
            self.adj[x][y] = v
            self.adj[y][x] = v
        self.size = [1] * n

    def keeper(self, x: int, y: int) -> tuple[int, int]:
        return (y, x) if len(self.adj[x]) < len(self.adj[y]) else (x, y)  # fold the smaller adjacency

    def join(self, x: int, y: int) -> Iterator[tuple[int, float]]:
        adj = self.adj
        for c, v in adj[y].items():
            if c == x:
                continue
            adj[x][c] = adj[x].get(c, 0.0) + v
            del adj[c][y]
            adj[c][x] = adj[x][c]
        adj[x].pop(y, None)
        adj[y] = {}
        self.size[x] += self.size[y]
        for c, v in adj[x].items():
            yield c, v / (self.size[x] * self.size[c])


def graph_average_link(n: int, a: np.ndarray, b: np.ndarray, w: np.ndarray, threshold: float) -> np.ndarray:
    """Root index per node after exact average linkage on a sparse weighted graph (missing edges = 0)."""
    edges = zip(w.tolist(), a.tolist(), b.tolist(), strict=True)
    return average_link(n, edges, threshold, _Graph(n, a, b, w))


def knn_pair_features(c: sp.csr_matrix, idf_full: np.ndarray, idx: np.ndarray, sims: np.ndarray
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Candidate pairs of a k-NN graph and their feature rows: (a, b, similarity, features)."""
    a, b, s, r = candidate_pairs(idx, sims)
    binary = c.tocsr().copy()
    binary.data[:] = 1.0
    return a, b, s, pair_features(binary, idf_full, a, b, s, r)


def agglomerate_scored(c: sp.csr_matrix, idf_full: np.ndarray, t: sp.csr_matrix, e: np.ndarray | None,
                       days: np.ndarray, params: ClusterParams) -> np.ndarray:
    """Cluster labels (0..m-1, in order of first appearance): k-NN candidate pairs scored by the pair
    model, damped by the publication gap, then graph average linkage at ``params.prob_threshold_for()``."""
    n = t.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    a, b, prob = scored_knn_pairs(c, idf_full, t, e, days, params)
    return first_seen_labels(graph_average_link(n, a, b, prob, params.prob_threshold_for()))


def scored_knn_pairs(c: sp.csr_matrix, idf_full: np.ndarray, t: sp.csr_matrix, e: np.ndarray | None,
                     days: np.ndarray, params: ClusterParams) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each document's k nearest neighbours as unique pairs (a < b) with their same-story probability,
    damped by the publication gap. ``c``: counts (or any matrix with the same non-zeros)."""
    idx, sims = knn(t, e, days, params)
    a, b, _, x = knn_pair_features(c, idf_full, idx, sims)
    prob = probabilities(x)
    if len(a) and not np.all(np.isnan(days)):
        prob = prob * date_factor(days[a], days[b], params)
    return a, b, prob

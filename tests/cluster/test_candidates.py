"""Inverted-index candidate generation: same neighbours as the exact top-k on clear cases, bounded work."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from cluster_corpus import event_texts

from newsweave.cluster.batch import ClusterParams, build_index, csr_top, index_candidates, knn
from newsweave.cluster.features import IdfModel, counts


def _tfidf(texts: list[str]) -> sp.csr_matrix:
    c = counts(texts)
    t = IdfModel().partial_fit(c).transform(c)
    t.sort_indices()
    return t


def test_csr_top_keeps_each_rows_largest_entries() -> None:
    m = sp.random(40, 60, density=0.3, format="csr", random_state=1, dtype=np.float64)
    top = csr_top(m, 4)
    for i in range(m.shape[0]):
        assert np.allclose(np.sort(m[i].data)[::-1][:4], np.sort(top[i].data)[::-1])
        assert set(top[i].indices) <= set(m[i].indices)


def test_index_neighbours_match_exact_on_small_corpus() -> None:
    t = _tfidf([text for _, text in event_texts()])
    days = np.full(t.shape[0], np.nan)
    ei, es = knn(t, None, days, ClusterParams(candidates="exact", k=3))
    ii, is_ = knn(t, None, days, ClusterParams(candidates="index", k=3))
    assert ei.shape == ii.shape == (t.shape[0], 3)
    for i in range(t.shape[0]):
        exact = {int(j): float(s) for j, s in zip(ei[i], es[i], strict=True) if s > 0.05}
        found = {int(j): float(s) for j, s in zip(ii[i], is_[i], strict=True)}
        assert set(exact) <= set(found)
        assert all(abs(found[j] - s) < 1e-5 for j, s in exact.items())  # re-scored exactly


def test_common_terms_are_not_followed() -> None:
    # 300 documents share one word; pairs share a rare word: the common word's postings are skipped
    texts = [f"common pair{i // 2} filler{i}" for i in range(300)]
    t = _tfidf(texts)
    p = ClusterParams(index_max_postings=50, index_candidates=5)
    postings = build_index(t, p, np.bincount(t.indices, minlength=t.shape[1]))
    assert np.diff(postings.indptr).max() <= 50
    r, c = index_candidates(t, postings, p)
    assert len(r) <= 300 * 6
    pairs = {(int(a), int(b)) for a, b in zip(r, c, strict=True) if a != b}
    assert all(a // 2 == b // 2 for a, b in pairs) and len(pairs) == 300

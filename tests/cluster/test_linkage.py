"""The shared average-linkage loop against scipy's UPGMA on complete graphs."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from newsweave.cluster.linkage import first_seen_labels
from newsweave.cluster.pairs import graph_average_link


def _partition(labels: np.ndarray) -> set[frozenset[int]]:
    return {frozenset(np.flatnonzero(labels == k).tolist()) for k in np.unique(labels)}


@settings(max_examples=60, deadline=None)
@given(n=st.integers(2, 12), seed=st.integers(0, 10_000), threshold=st.floats(0.2, 0.8))
def test_complete_graph_matches_scipy_average_linkage(n: int, seed: int, threshold: float) -> None:
    rng = np.random.default_rng(seed)
    w = rng.random((n, n))
    w = (w + w.T) / 2
    a, b = np.triu_indices(n, 1)
    ours = first_seen_labels(graph_average_link(n, a, b, w[a, b], threshold))
    dist = 1.0 - w
    np.fill_diagonal(dist, 0.0)
    theirs = fcluster(linkage(squareform(dist), method="average"), t=1.0 - threshold, criterion="distance")
    assert _partition(ours) == _partition(theirs)


def test_first_seen_labels_numbers_in_order_of_appearance() -> None:
    assert first_seen_labels(np.array([7, 7, 2, 9, 2])).tolist() == [0, 0, 1, 2, 1]

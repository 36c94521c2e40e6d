"""Pair scorer: packaged model matches the features; graph average linkage; the scored batch path."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from newsweave.cluster.batch import ClusterParams
from newsweave.cluster.clusterer import Doc, StoryClusterer
from newsweave.cluster.pairs import FEATURES, graph_average_link, load_scorer, pair_features, probabilities


def test_packaged_scorer_matches_features() -> None:
    m = load_scorer()
    d = len(FEATURES)
    assert m["features"] == FEATURES and m["degree"] == 2
    assert len(m["mean"]) == len(m["scale"]) == len(m["lo"]) == len(m["hi"]) == d and len(m["coef"]) == d + d * (d + 1) // 2
    assert 0.0 < m["threshold"] < 1.0


def test_quadratic_inputs_are_the_features_and_their_pairwise_products() -> None:
    from newsweave.cluster.pairs import model_inputs, quadratic

    z = np.array([[1.0, 2.0, 3.0]])
    assert quadratic(z).tolist() == [[1.0, 2.0, 3.0, 1.0, 2.0, 3.0, 4.0, 6.0, 9.0]]
    lin = {"degree": 1}
    assert model_inputs(z, lin) is z
    quad = {"degree": 2, "mean": [1.0, 0.0, 1.0], "scale": [1.0, 2.0, 2.0]}
    assert model_inputs(z, quad).tolist() == [[0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0]]
    clipped = {**quad, "lo": [0.0, 0.0, 0.0], "hi": [1.0, 5.0, 5.0]}  # the training range
    assert model_inputs(z, clipped)[0, :3].tolist() == [0.0, 1.0, 1.0]
    # the shipped scorer: a rank beyond the trained k (a user's larger k) scores as the last trained rank
    m = load_scorer()
    row = np.array(m["mean"])[None, :].repeat(2, axis=0)
    rank = FEATURES.index("rank")
    row[0, rank], row[1, rank] = m["hi"][rank], 40.0
    p = probabilities(row)
    assert p[0] == p[1]
    # probabilities() scores in chunks: the same values as one pass
    x = np.random.default_rng(0).random((50, len(FEATURES)))
    assert np.allclose(probabilities(x, chunk=7), probabilities(x))


def test_more_overlap_means_higher_probability() -> None:
    binary = sp.csr_matrix(np.array([[1, 1, 1, 1, 1, 0, 0, 0], [1, 1, 1, 1, 0, 1, 0, 0],
                                     [1, 0, 0, 0, 0, 0, 1, 1]], dtype=np.float32))
    idf = np.full(8, 3.0)
    x = pair_features(binary, idf, np.array([0, 0]), np.array([1, 2]), np.array([0.8, 0.2]), np.array([0.0, 1.0]))
    p = probabilities(x)
    assert x.shape == (2, len(FEATURES)) and p[0] > p[1]


def test_graph_average_link_counts_missing_edges_as_zero() -> None:
    # 0-1 and 1-2 strong, 0-2 missing: {0,1} then {0,1}+2 has mean (0.9 + 0) / 2 = 0.45
    a, b, w = np.array([0, 1, 3]), np.array([1, 2, 4]), np.array([0.95, 0.9, 0.8])
    root = graph_average_link(5, a, b, w, 0.5)
    assert root[0] == root[1] and root[2] != root[0] and root[3] == root[4]
    root = graph_average_link(5, a, b, w, 0.4)
    assert root[0] == root[1] == root[2]


def _events() -> tuple[list[Doc], list[int]]:
    rng = np.random.default_rng(0)
    vocab = [f"w{i}" for i in range(3000)]
    docs, gold = [], []
    for ev in range(40):
        core = list(rng.choice(vocab, 60, replace=False))
        for j in range(3):
            words = core + list(rng.choice(vocab, 40, replace=False))
            docs.append(Doc(f"{ev}-{j}", " ".join(rng.permutation(words))))
            gold.append(ev)
    return docs, gold


def _check(labels: list[str], gold: list[int]) -> None:
    n = len(labels)
    same = sum(labels[i] == labels[j] for i in range(n) for j in range(i) if gold[i] == gold[j])
    diff = sum(labels[i] == labels[j] for i in range(n) for j in range(i) if gold[i] != gold[j])
    assert same >= 100 and diff == 0


def test_scored_batch_path_groups_events() -> None:
    docs, gold = _events()
    clu = StoryClusterer(ClusterParams(scorer_min_docs=50))
    labels = clu.fit(docs).labels_
    assert clu._use_scorer(len(docs), clu.params)
    _check(labels, gold)


def test_scored_incremental_path_groups_events_and_round_trips() -> None:
    docs, gold = _events()
    p = ClusterParams(scorer_min_docs=30)
    clu = StoryClusterer(p, batch_size=32).partial_fit(docs[:60])
    again = StoryClusterer.from_bytes(clu.to_bytes(), batch_size=32)
    assert len(again.doc_rows) == 60
    labels = clu.labels_ + again.partial_fit(docs[60:]).labels_
    _check(labels, gold)
    # documents already clustered (and repeats inside one mini-batch) keep their story
    n_stories = len(again.stories)
    assert again.partial_fit(docs[:3] + docs[70:72] + docs[:2]).labels_ == labels[:3] + labels[70:72] + labels[:2]
    assert len(again.stories) == n_stories


"""Local re-linkage on the scored incremental path: the pair graph kept across mini-batches and saves,
greedy mistakes repaired, every document in exactly one story, and the store kept in step."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import numpy as np
from cluster_corpus import event_texts

from newsweave.api import ingest
from newsweave.cluster.batch import ClusterParams
from newsweave.cluster.clusterer import Doc, StoryClusterer
from newsweave.cluster.relink import PairGraph
from newsweave.cluster.stage import STATE_KEY
from newsweave.store.sqlite import SQLiteStore

# the scored path on small synthetic pools (the defaults switch it on at 1,000 full-length articles)
SCORED = ClusterParams(scorer_min_docs=20, scorer_min_tokens=0, short_max_tokens=0)


def _events(n_events: int = 30, per: int = 3, seed: int = 0) -> tuple[list[Doc], list[int]]:
    rng = np.random.default_rng(seed)
    vocab = [f"w{i}" for i in range(3000)]
    docs, gold = [], []
    for ev in range(n_events):
        core = list(rng.choice(vocab, 60, replace=False))
        for j in range(per):
            words = core + list(rng.choice(vocab, 40, replace=False))
            docs.append(Doc(f"{ev}-{j}", " ".join(rng.permutation(words))))
            gold.append(ev)
    return docs, gold


def _partition(clu: StoryClusterer) -> set[frozenset[str]]:
    return {frozenset(st.members) for st in clu.stories}


def test_pair_graph_keeps_the_best_probability_per_pair_and_round_trips() -> None:
    g = PairGraph()
    g.add(np.array([0, 2, 1]), np.array([1, 0, 0]), np.array([0.25, 0.5, 0.75]))
    assert g.n == 3 and g.adj[0] == {1: 0.75, 2: 0.5} and g.adj[1] == {0: 0.75}
    a, b, w = g.subgraph([2, 0])
    assert (a.tolist(), b.tolist(), w.tolist()) == ([0], [1], [0.5])  # local indices, a < b
    h = PairGraph.from_arrays(5, *g.to_arrays())
    assert h.n == 5 and h.adj[:3] == g.adj and h.adj[3:] == [{}, {}]


def test_relink_repairs_greedy_assignment() -> None:
    """A join bar no document reaches leaves every document alone; re-linkage at the batch cut groups the
    events exactly as batch mode does."""
    docs, gold = _events()
    alone = replace(SCORED, stream_prob_threshold=1.01)
    off = StoryClusterer(replace(alone, stream_relink=False), batch_size=16).partial_fit(docs)
    assert len(off.stories) > 60  # the first scored documents opened stories of their own
    on = StoryClusterer(alone, batch_size=16).partial_fit(docs)
    batch = StoryClusterer(SCORED).fit(docs)
    truth = {frozenset(d.id for d, g in zip(docs, gold, strict=True) if g == ev) for ev in set(gold)}
    assert _partition(batch) == truth
    assert _partition(on) == truth
    assert on.labels_ == [next(s.id for s in on.stories if d.id in s.members) for d in docs]
    capped = StoryClusterer(replace(alone, relink_max_docs=1), batch_size=16).partial_fit(docs)
    assert _partition(capped) == _partition(off)  # past the cap a mini-batch's stories stay as assigned


def test_stream_after_a_batch_fit_backfills_the_pair_graph() -> None:
    docs, gold = _events()
    clu = StoryClusterer(replace(SCORED, stream_prob_threshold=1.01), batch_size=16).fit(docs[:45])
    assert clu.pair_graph.n == 0
    clu.partial_fit(docs[45:])
    assert clu.pair_graph.n == len(docs) and sum(map(len, clu.pair_graph.adj[:45])) > 0
    truth = {frozenset(d.id for d, g in zip(docs, gold, strict=True) if g == ev) for ev in set(gold)}
    assert _partition(clu) == truth


def test_streaming_with_relink_keeps_every_document_in_exactly_one_story() -> None:
    """Hypothesis: any order, mini-batch size and join bar, with a save in the middle: each document ends
    in exactly one story, ids are unique, labels_ name final stories, merges and splits name real ones."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    docs, _ = _events(12, 3, seed=1)

    @settings(max_examples=20, deadline=None)
    @given(order=st.permutations(list(range(len(docs)))), batch=st.integers(1, 9),
           bar=st.sampled_from([0.0, 0.4, 1.01]))
    def check(order: list[int], batch: int, bar: float) -> None:
        p = replace(SCORED, stream_prob_threshold=bar)
        clu = StoryClusterer(p, batch_size=batch)
        half = len(order) // 2
        clu.partial_fit([docs[i] for i in order[:half]])
        clu = StoryClusterer.from_bytes(clu.to_bytes(), batch_size=batch)
        clu.partial_fit([docs[i] for i in order[half:]])
        members = [m for s in clu.stories for m in s.members]
        assert sorted(members) == sorted(d.id for d in docs)
        ids = [s.id for s in clu.stories]
        assert len(ids) == len(set(ids)) and all(clu.stories)
        story_of = {m: s.id for s in clu.stories for m in s.members}
        assert clu.labels_ == [story_of[docs[i].id] for i in order[half:]]
        assert clu.pair_graph.n == len(clu.doc_rows) == len(docs)
        live = set(ids)
        for m in clu.merges:
            assert m["from"] not in live and 0.0 <= m["similarity"] <= 1.0
        for r in clu.splits:
            assert r["from"] != r["into"]

    check()


def test_relinked_stories_are_stored_consistently(tmp_path: Path) -> None:
    """Through ``ingest`` (the store's incremental path): every article in exactly one stored story, the
    stored stories are the estimator's, and a story that lost members to a re-linkage is rewritten."""
    texts = event_texts()
    inputs = [tmp_path / f"batch{i}" for i in range(3)]
    for d in inputs:
        d.mkdir()
    for i, (ev, t) in enumerate(texts):
        (inputs[i % 3] / f"{ev}{i}.txt").write_text(t, "utf-8")
    db = str(tmp_path / "nw.db")
    p = replace(SCORED, scorer_min_docs=2, stream_prob_threshold=0.0)  # greedy joins, repaired by re-linkage
    with SQLiteStore(db) as st:
        st.put_state(STATE_KEY, StoryClusterer(p).to_bytes())
    for d in inputs:
        ingest([d], db=db)
    with SQLiteStore(db) as st:
        rows = [st.get_story(r["id"]) for r in st.list_stories(limit=100)[0]]
        clu = StoryClusterer.from_bytes(st.get_state(STATE_KEY))
        arts = {a.id: a for a in st.get_articles([a for r in rows for a in r["article_ids"]])}
    stored = [a for r in rows for a in r["article_ids"]]
    assert len(stored) == len(set(stored)) == len(texts)
    assert {frozenset(r["article_ids"]) for r in rows} == _partition(clu)
    # everything joined one story greedily; re-linkage took it apart into single-event stories
    events = [{re.sub(r"\d*\.txt$", "", Path(arts[a].source).name) for a in r["article_ids"]} for r in rows]
    assert len(rows) >= 3 and all(len(e) == 1 for e in events)
    assert clu.splits and all(s["into"] in {r["id"] for r in rows} for s in clu.splits)

"""Incremental repairs: a story that greedy assignment let grow over two events is split, in the
estimator and in the store (near-duplicates follow their originals)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from cluster_corpus import event_texts

from newsweave.api import ingest
from newsweave.cli.main import main
from newsweave.cluster.batch import ClusterParams
from newsweave.cluster.clusterer import Doc, StoryClusterer
from newsweave.cluster.repair import merge_bridged, pool_params, split_touched
from newsweave.cluster.stage import STATE_KEY
from newsweave.store.sqlite import SQLiteStore

FULL_TEXT = ClusterParams(short_max_tokens=0, split_min_size=4, small_text_weight=1.0)  # TF-IDF path, short texts


def _two_events() -> tuple[list[Doc], dict[str, str]]:
    texts = [(ev, t) for ev, t in event_texts() if ev in ("quake", "election")]
    return [Doc(str(i), t) for i, (_, t) in enumerate(texts)], {str(i): ev for i, (ev, _) in enumerate(texts)}


def test_split_separates_two_events_grown_into_one_story() -> None:
    docs, event = _two_events()
    clu = StoryClusterer(FULL_TEXT).fit(docs)
    assert len(clu.stories) == 2
    merge_bridged(clu, 0, 1, "test", -1.0, FULL_TEXT)  # the greedy mistake, forced
    clu.compact()
    assert len(clu.stories) == 1
    records = split_touched(clu, {clu.stories[0].id}, pool_params(FULL_TEXT, False, False, len(docs)), "x")
    assert len(records) == 1 and records[0]["size"] == 4 and records[0]["trigger"] == "x"
    groups = sorted(sorted(event[m] for m in st.members) for st in clu.stories)
    assert groups == [["election"] * 4, ["quake"] * 4]
    # checked at this size: not re-clustered again until it grows by split_growth
    assert split_touched(clu, {st.id for st in clu.stories}, FULL_TEXT, "y") == []


def test_split_off_is_recorded_and_stored_with_its_near_duplicates(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    texts = [(ev, t) for ev, t in event_texts() if ev in ("quake", "election")]
    first, later = tmp_path / "first", tmp_path / "later"
    first.mkdir()
    later.mkdir()
    for i, (ev, t) in enumerate(texts):
        ((later if i == 3 else first) / f"{ev}{i}.txt").write_text(t, "utf-8")
    (first / "election_copy.txt").write_text(texts[5][1] + " Copyright Ostrand Post.", "utf-8")  # near-duplicate
    db = str(tmp_path / "nw.db")
    greedy = replace(FULL_TEXT, stream_threshold=0.0, split_min_size=0)  # everything joins one story
    with SQLiteStore(db) as st:
        st.put_state(STATE_KEY, StoryClusterer(greedy).to_bytes())
    ingest([first], db=db)
    with SQLiteStore(db) as st:
        rows = st.list_stories()[0]
        assert [r["n_articles"] for r in rows] == [7]
        clu = StoryClusterer.from_bytes(st.get_state(STATE_KEY))
        clu.params = replace(clu.params, split_min_size=4)  # turn splitting on for the next ingest
        st.put_state(STATE_KEY, clu.to_bytes())
    ingest([later], db=db)
    with SQLiteStore(db) as st:
        rows = [st.get_story(r["id"]) for r in st.list_stories()[0]]
        arts = {a.id: a for a in st.get_articles([a for r in rows for a in r["article_ids"]])}
    by_event = {}
    for r in rows:
        events = {re.sub(r"\d*\.txt$", "", Path(arts[a].source).name) for a in r["article_ids"]}
        assert len(events) == 1, events
        by_event[events.pop()] = r
    assert sorted(len(r["article_ids"]) for r in by_event.values()) == [4, 4]
    assert len(by_event["election"]["duplicates"]) == 1 and not by_event["quake"]["duplicates"]
    splits = [s for r in rows for s in r["cluster"].get("splits", [])]
    assert splits and all(s["from"] in {r["id"] for r in rows} for s in splits)
    for r in rows:  # `newsweave story ID` tells the split from both sides
        assert main(["story", r["id"], "--db", db]) == 0
        out = capsys.readouterr().out
        assert ("split off: " in out) != ("split from " in out)


def test_streaming_with_splits_keeps_every_document_in_exactly_one_story() -> None:
    """Hypothesis: any order and mini-batch size; low thresholds so that stories grow over events and
    get split: each document ends in exactly one story, ``labels_`` name those stories, ids are unique,
    and every split is recorded between stories that exist."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    texts = event_texts()
    docs = [Doc(str(i), t) for i, (_, t) in enumerate(texts)]
    p = replace(FULL_TEXT, stream_threshold=0.02, split_min_size=3)

    @settings(max_examples=25, deadline=None)
    @given(order=st.permutations(list(range(len(docs)))), batch=st.integers(1, 5))
    def check(order: list[int], batch: int) -> None:
        clu = StoryClusterer(p, batch_size=batch)
        half = len(order) // 2
        clu.partial_fit([docs[i] for i in order[:half]])
        clu = StoryClusterer.from_bytes(clu.to_bytes(), batch_size=batch)  # state survives a save
        clu.partial_fit([docs[i] for i in order[half:]])
        members = [m for s in clu.stories for m in s.members]
        assert sorted(members) == sorted(d.id for d in docs)
        ids = [s.id for s in clu.stories]
        assert len(ids) == len(set(ids))
        story_of = {m: s.id for s in clu.stories for m in s.members}
        assert clu.labels_ == [story_of[docs[i].id] for i in order[half:]]
        for r in clu.splits:
            assert r["from"] != r["into"]

    check()


def test_batch_fit_keeps_headline_vectors_for_later_splits() -> None:
    import numpy as np

    heads = ["Valdoria quake kills 12 in Kessel", "Kessel rescue teams search rubble after quake",
             "Ostrand elects Halvorsen mayor", "Halvorsen wins Ostrand mayoral vote"]
    docs = [Doc(str(i), h) for i, h in enumerate(heads)]
    vecs = np.random.default_rng(0).normal(size=(4, 384)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    clu = StoryClusterer().fit(docs, vecs)
    assert set(clu.doc_vecs) == {d.id for d in docs}  # the short-text path kept them
    assert StoryClusterer.from_bytes(clu.to_bytes()).doc_vecs.keys() == clu.doc_vecs.keys()
    clu.fit(docs[:2], vecs[:2])
    assert set(clu.doc_vecs) == {"0", "1"} and clu.splits == []

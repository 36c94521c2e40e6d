"""Incremental ingest of a small full-text pool uses the batch fit's small-pool similarity (TF-IDF +
MiniLM document vectors), so ``ingest`` of a folder, article by article or after a ``run``, groups it as
``run`` does."""

from __future__ import annotations

import shutil
from pathlib import Path

from cluster_corpus import event_texts

from newsweave.api import ingest, run
from newsweave.cluster.batch import ClusterParams
from newsweave.cluster.clusterer import Doc, StoryClusterer
from newsweave.cluster.stage import STATE_KEY
from newsweave.config import Config
from newsweave.store.sqlite import SQLiteStore

FILES = ("*.txt", "*.html", "*.jsonl", "*.xml")


def _corpus(examples_dir: Path, tmp_path: Path) -> list[Path]:
    out = tmp_path / "in"
    out.mkdir()
    for pat in FILES:
        for f in sorted(examples_dir.glob(pat)):
            shutil.copy(f, out / f.name)
    return sorted(out.iterdir())


def _partition(db: str) -> set[frozenset[str]]:
    with SQLiteStore(db) as st:
        rows = st.list_stories()[0]
        return {frozenset(st.get_story(r["id"])["article_ids"]) for r in rows}


def test_small_stream_mode_and_its_gates() -> None:
    docs = [Doc(str(i), t) for i, (_, t) in enumerate(event_texts())]
    p = ClusterParams(short_max_tokens=0)
    clu = StoryClusterer(p).partial_fit(docs[:4])
    assert clu.small_stream(4)
    assert all(st.esum is not None for st in clu.stories) and len(clu.doc_vecs) == 4
    assert not clu.small_stream(p.scorer_min_docs)  # a pool that grows to the scorer's size
    assert not StoryClusterer(p, embeddings=False).small_stream(4)
    clu.stories[0].esum = None  # a story clustered on TF-IDF alone keeps the pool there
    assert not clu.small_stream(4)
    tfidf = StoryClusterer(p, embeddings=False).partial_fit(docs[:4])
    assert all(st.esum is None for st in tfidf.stories) and not tfidf.doc_vecs
    # one call that will outgrow the small-pool size encodes nothing, even in its first mini-batches
    big = StoryClusterer(ClusterParams(short_max_tokens=0, scorer_min_docs=6), batch_size=2).partial_fit(docs[:8])
    assert not big.doc_vecs and all(st.esum is None for st in big.stories)


def test_ingest_one_by_one_and_after_run_group_like_run(examples_dir: Path, tmp_path: Path) -> None:
    files = _corpus(examples_dir, tmp_path)
    batch = str(tmp_path / "run.db")
    run([files[0].parent], db=batch)
    want = _partition(batch)
    assert len(want) == 3
    single = str(tmp_path / "single.db")
    for f in files:
        ingest([f], db=single)
    assert _partition(single) == want
    mixed = str(tmp_path / "mixed.db")
    run(files[:3], db=mixed)
    with SQLiteStore(mixed) as st:
        clu = StoryClusterer.from_bytes(st.get_state(STATE_KEY))
        assert clu.doc_vecs and all(s.esum is not None for s in clu.stories)
    ingest(files[3:], db=mixed)
    assert _partition(mixed) == want


def test_embeddings_off_keeps_ingest_on_tfidf(examples_dir: Path, tmp_path: Path) -> None:
    files = _corpus(examples_dir, tmp_path)
    db = str(tmp_path / "off.db")
    ingest(files, db=db, config=Config(embeddings=False))
    with SQLiteStore(db) as st:
        clu = StoryClusterer.from_bytes(st.get_state(STATE_KEY))
    assert not clu.doc_vecs and all(s.esum is None for s in clu.stories)


def test_an_ingest_without_embeddings_leaves_no_partial_vector_sums(examples_dir: Path, tmp_path: Path) -> None:
    files = _corpus(examples_dir, tmp_path)
    db = str(tmp_path / "toggle.db")
    for k, f in enumerate(files):  # on, then off for the middle files, then on again
        ingest([f], db=db, config=Config(embeddings=not 3 <= k < 9))
    with SQLiteStore(db) as st:
        clu = StoryClusterer.from_bytes(st.get_state(STATE_KEY))
    for s in clu.stories:  # a sum covers all its members or is None
        assert s.esum is None or all(m in clu.doc_vecs for m in s.members)
    assert any(s.esum is None for s in clu.stories)  # those stories continue on TF-IDF alone


def test_document_vectors_encode_each_text_once_even_beyond_the_memo(monkeypatch) -> None:
    import numpy as np

    import newsweave.nlp
    from newsweave.cluster import features

    calls: list[int] = []

    def fake_embed(texts, batch_size=32):  # counts what reaches the model
        calls.append(len(texts))
        return np.array([[float(len(t)), 1.0] for t in texts], dtype=np.float32)

    monkeypatch.setattr(newsweave.nlp, "embed", fake_embed)
    monkeypatch.setattr(features, "DOC_VEC_MEMO", 3)
    monkeypatch.setattr(features, "_DOC_VECS", features.OrderedDict())
    texts = [f"text number {i}" + "x" * i for i in range(8)]
    out = features.doc_embeddings(texts + texts[:2])
    assert calls == [8] and [v[0] for v in out] == [float(len(t)) for t in texts + texts[:2]]
    assert len(features._DOC_VECS) == 3
    features.doc_embeddings(texts[-3:])  # the memo's last three: no new encoding
    assert calls == [8]

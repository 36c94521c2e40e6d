"""An ingest interrupted half way leaves a consistent store, and re-running completes it."""

from __future__ import annotations

import json

import pytest
from ingest_helpers import distinct_text

import newsweave.clean.stage as clean_stage
from newsweave import api
from newsweave.api import ingest
from newsweave.config import Config
from newsweave.store.sqlite import SQLiteStore

N = 120


def _rows(path):
    with open(path, "w") as fh:
        for i in range(N):
            fh.write(json.dumps({"text": distinct_text(i)}) + "\n")
        fh.write("{broken line\n")


def test_interrupted_ingest_leaves_consistent_store(tmp_path, monkeypatch):
    src, db = tmp_path / "many.jsonl", tmp_path / "db" / "nw.db"
    _rows(src)
    real, calls = clean_stage.clean_raw, {"n": 0}

    def dying(raw, cfg):
        calls["n"] += 1
        if calls["n"] > 110:  # after two batches of 50 were committed
            raise KeyboardInterrupt
        return real(raw, cfg)

    monkeypatch.setattr(clean_stage, "clean_raw", dying)
    monkeypatch.setattr(api, "INGEST_BATCH", 50)
    cfg = Config(db=str(db), min_words=5)
    with pytest.raises(KeyboardInterrupt):
        ingest([src], config=cfg)
    with SQLiteStore(db) as st:
        stored = {a.id for a in st.iter_articles()}
        log = st.ingest_log()
    assert len(stored) == 100
    assert {r["article_id"] for r in log if r["status"] == "accepted"} == stored  # no article without its row

    monkeypatch.setattr(clean_stage, "clean_raw", real)
    ctx, _ = ingest([src], config=cfg)
    s = ctx.summary()
    assert (s.inputs, s.accepted, s.duplicates, len(s.rejected)) == (N + 1, N - 100, 100, 1)
    with SQLiteStore(db) as st:
        assert st.count_articles() == N
        accepted = [r["article_id"] for r in st.ingest_log() if r["status"] == "accepted"]
    assert len(accepted) == len(set(accepted)) == N

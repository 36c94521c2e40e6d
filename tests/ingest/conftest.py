"""Helpers for ingest tests: run the real ingest API into a fresh SQLite store in tmp_path."""

from __future__ import annotations

from typing import Any

import pytest
from ingest_helpers import BODY, BODY2  # noqa: F401  (re-exported for tests)

from newsweave.api import ingest
from newsweave.config import Config
from newsweave.store.sqlite import SQLiteStore


class Ingested:
    """Result of one ingest run: run summary, articles, and the store's ingest log for that run."""

    def __init__(self, ctx: Any, arts: list[Any], log: list[dict[str, Any]]) -> None:
        self.ctx, self.articles, self.log = ctx, arts, log
        self.summary = ctx.summary().to_json()

    def status(self, suffix: str) -> dict[str, Any]:
        hits = [r for r in self.log if r["input"].endswith(suffix)]
        assert len(hits) == 1, f"{suffix}: {hits} in {self.log}"
        return hits[0]

    def reason(self, suffix: str) -> str:
        rec = self.status(suffix)
        assert rec["status"] == "rejected", rec
        rej = [r for r in self.summary["rejected"] if r["input"].endswith(suffix)]
        assert rej and rej[0]["reason"] == rec["reason"], (rej, rec)
        return rec["reason"]


@pytest.fixture
def run_ingest(tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("db") / "nw.db"  # outside the ingested tmp_path

    def go(paths: list[Any], urls: tuple[str, ...] = (), **cfg: Any) -> Ingested:
        config = Config(db=str(db), **cfg)
        with SQLiteStore(db) as store:
            ctx, arts = ingest([str(p) for p in paths], urls=urls, config=config, store=store)
            log = store.ingest_log(ctx.run_id)
        return Ingested(ctx, arts, log)

    return go

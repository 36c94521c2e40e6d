"""The local engine's process pool (``--processes N``) gives the same ingest result as in-process."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsweave import api
from newsweave.cli.main import main
from newsweave.config import Config, ConfigError


def _ingest(corpus: Path, db: Path, processes: int) -> tuple[list[tuple[str, str, str | None]], dict]:
    ctx, arts = api.ingest([corpus], config=Config(db=str(db), processes=processes, partition_size=3))
    recs = sorted((r.input, r.status, r.reason) for r in ctx.records)
    s = ctx.summary()
    return recs, {"accepted": s.accepted, "duplicates": s.duplicates, "ids": sorted(a.id for a in arts),
                  "clean_in": s.stages["clean"]["in"]}


def test_pool_matches_in_process(examples_dir: Path, tmp_path: Path) -> None:
    one = _ingest(examples_dir, tmp_path / "one.db", 0)
    two = _ingest(examples_dir, tmp_path / "two.db", 2)
    assert one == two
    assert one[1]["accepted"] > 0 and one[1]["clean_in"] > 0


def test_processes_misuse_fails_fast(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ConfigError, match="processes"):
        Config(processes=-1)
    with pytest.raises(ConfigError, match="--engine local"):
        Config(engine="dask", processes=2)
    assert main(["ingest", "--db", str(tmp_path / "x.db"), "--processes", "-1", str(tmp_path)]) == 2
    assert "(--processes) must be 0" in capsys.readouterr().err

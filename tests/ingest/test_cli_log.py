"""`newsweave runs` / `newsweave log`: the store's ingest log from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ingest_helpers import BODY

from newsweave.cli.main import main


def test_runs_and_log_show_what_each_call_did(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(BODY, "utf-8")
    (src / "empty.txt").write_text("", "utf-8")
    db = str(tmp_path / "nw.db")
    assert main(["ingest", str(src), "--db", db]) == 0
    assert main(["ingest", str(src), "--db", db]) == 0
    capsys.readouterr()
    assert main(["runs", "--db", db, "--json"]) == 0
    runs = json.loads(capsys.readouterr().out)["runs"]
    assert [(r["id"], r["inputs"], r["accepted"], r["duplicates"], r["rejected"]) for r in runs] == [
        (2, 2, 0, 1, 1), (1, 2, 1, 0, 1)]
    assert main(["log", "--db", db, "--run", "1", "--json"]) == 0
    log = json.loads(capsys.readouterr().out)
    assert {(Path(r["input"]).name, r["status"]) for r in log["inputs"]} == {("a.txt", "accepted"),
                                                                              ("empty.txt", "rejected")}
    assert main(["log", "--db", db, "--status", "duplicate", "--json"]) == 0  # the latest run
    assert [Path(r["input"]).name for r in json.loads(capsys.readouterr().out)["inputs"]] == ["a.txt"]
    assert main(["log", "--db", db, "--run", "7"]) == 2
    assert "no run 7" in capsys.readouterr().err

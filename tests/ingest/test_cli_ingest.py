"""End to end: the installed ``newsweave`` command ingests a folder of mixed, partly bad inputs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from ingest_helpers import BODY, BODY2

from newsweave.store.sqlite import SQLiteStore

ROOT = Path(__file__).resolve().parents[2]
EXE = ROOT / ".venv" / "bin" / "newsweave"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    cmd = [str(EXE)] if EXE.exists() else [sys.executable, "-m", "newsweave.cli.main"]
    return subprocess.run([*cmd, *args], capture_output=True, text=True, timeout=300)


def _inputs(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(f"Bridge Reopens\n\n{BODY}\n\nSource link\n\nWith AFP and Reuters\n")
    (src / "b.jsonl").write_text(json.dumps({"text": BODY2, "title": "Harvest"}) + "\n{broken\n")
    (src / "empty.txt").write_text("")
    (src / "bin.dat").write_bytes(b"\x00\x01\x02" * 100)
    return src


def _check_run(run: dict) -> None:
    assert (run["inputs"], run["accepted"], run["duplicates"]) == (6, 2, 0)
    reasons = {Path(r["input"]).name: r["reason"] for r in run["rejected"]}
    assert reasons.pop("b.jsonl#L2").startswith("invalid JSON")
    assert reasons == {"empty.txt": "empty", "bin.dat": "binary file (contains NUL bytes)",
                       "missing": "path does not exist"}


def test_cli_ingest_reports_every_input(tmp_path):
    src, db = _inputs(tmp_path), tmp_path / "nw.db"
    proc = _cli("ingest", str(src), str(tmp_path / "missing"), "--db", str(db), "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    _check_run(out["run"])
    with SQLiteStore(db) as st:
        arts = st.get_articles(out["article_ids"])
    art = next(a for a in arts if a.source.endswith("a.txt"))
    assert art.title == "Bridge Reopens" and art.text == BODY and art.credits == ["With AFP and Reuters"]
    again = _cli("ingest", str(src), "--db", str(db), "--json")
    assert again.returncode == 0, again.stderr
    run2 = json.loads(again.stdout)["run"]
    assert run2["accepted"] == 0 and run2["duplicates"] == 2
    assert json.loads(again.stdout)["article_ids"] == []  # it stored nothing (exact duplicates name their originals)


@pytest.mark.slow
def test_cli_run_writes_report(tmp_path):
    src, db, out = _inputs(tmp_path), tmp_path / "nw.db", tmp_path / "out"
    proc = _cli("run", str(src), str(tmp_path / "missing"), "--out", str(out), "--db", str(db), "--json")
    assert proc.returncode == 0, proc.stderr
    _check_run(json.loads(proc.stdout)["run"])
    report = json.loads((out / "report.json").read_text())
    art = next(a for a in report["articles"] if a["source"].endswith("a.txt"))
    assert art["title"] == "Bridge Reopens" and art["text"] == BODY and art["credits"] == ["With AFP and Reuters"]


def test_cli_misuse_exits_nonzero(tmp_path):
    proc = _cli("ingest", "--db", str(tmp_path / "x.db"))
    assert proc.returncode == 2 and "PATH" in proc.stderr


def test_cli_jsonl_field_flags_and_languages(tmp_path, capsys):
    from newsweave.cli.main import main

    fr = ("Le gouvernement a annoncé mardi une nouvelle série de mesures pour soutenir les agriculteurs "
          "touchés par la sécheresse qui dure depuis le début du mois de juin dans le sud du pays.")
    src = tmp_path / "d.jsonl"
    src.write_text(json.dumps({"body": BODY, "headline": "Bridge"}) + "\n" + json.dumps({"body": fr}) + "\n")
    db = tmp_path / "nw.db"
    assert main(["ingest", str(src), "--db", str(db), "--json", "--jsonl-text", "body",
                 "--jsonl-title", "headline"]) == 0
    run = json.loads(capsys.readouterr().out)["run"]
    assert run["accepted"] == 1 and run["rejected"][0]["reason"] == "not English (fr)"
    assert main(["ingest", str(src), "--db", str(db), "--json", "--jsonl-text", "body", "--languages", "all"]) == 0
    run = json.loads(capsys.readouterr().out)["run"]
    assert (run["accepted"], run["duplicates"]) == (1, 1)
    with SQLiteStore(db) as st:
        assert {a.title for a in st.iter_articles()} == {"Bridge", None}

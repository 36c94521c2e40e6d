"""Folder walks skip hidden files and whatever a .newsweaveignore lists."""

from __future__ import annotations

from newsweave.config import Config
from newsweave.ingest.sources import walk
from newsweave.pipeline import RunContext


def test_newsweaveignore_and_hidden_files(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "README.md").write_text("x")
    (tmp_path / ".DS_Store").write_bytes(b"\0")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "b.txt").write_text("x")
    (sub / "notes.json").write_text("{}")
    (tmp_path / ".newsweaveignore").write_text("# docs\nREADME.md\nsub/*.json\n")
    got = [p.relative_to(tmp_path).as_posix() for p in walk(tmp_path, RunContext(config=Config()))]
    assert got == ["a.txt", "sub/b.txt"]

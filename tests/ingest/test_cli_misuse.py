"""CLI misuse found by a review (2026-12-04): each fails fast with status 2 and one line, never a
traceback; data that looks like rich markup is printed as written."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from ingest_helpers import BODY, BODY2

from newsweave.cli.main import main


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("cli")
    src = d / "in.jsonl"
    src.write_text(json.dumps({"text": BODY, "title": "Harbour [/b] strike [red]ends"}) + "\n"
                   + json.dumps({"text": BODY2, "title": "Harvest"}) + "\n")
    db = d / "nw.db"
    assert main(["ingest", str(src), "--db", str(db)]) == 0
    return db


def test_markup_in_titles_is_printed_as_written(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["articles", "--db", str(store)]) == 0
    assert main(["stories", "--db", str(store)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "[/b]" in out and "[red]" in out


def test_read_commands_leave_a_read_only_store_alone(store: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t(a)")
    con.commit()
    con.close()
    assert main(["stories", "--db", str(other)]) == 2
    assert "not a newsweave database" in capsys.readouterr().err
    assert [r[0] for r in sqlite3.connect(other).execute("SELECT name FROM sqlite_master")] == ["t"]
    (tmp_path / "junk.db").write_text("not a database at all")
    assert main(["stories", "--db", str(tmp_path / "junk.db")]) == 2
    assert "cannot open it as a newsweave database" in capsys.readouterr().err
    before = store.stat().st_mtime_ns
    os.chmod(store, stat.S_IRUSR)
    try:
        assert main(["stories", "--db", str(store), "--json"]) == 0
    finally:
        os.chmod(store, stat.S_IRUSR | stat.S_IWUSR)
    assert json.loads(capsys.readouterr().out)["total"] >= 1 and store.stat().st_mtime_ns == before


@pytest.mark.parametrize(("toml", "says"), [
    ("newsweave = 5", "must be a table"),
    ('[newsweave]\nmin_words = "x"', "min_words must be int"),
    ('[newsweave]\nlanguages = "en"', "languages must be a list"),
    ("[other]\na = 1", "no [newsweave] table"),
    ('[newsweave.jsonl]\nbogus = "x"', "jsonl must be a [newsweave.jsonl] table"),
    ('[newsweave]\ndb = 5', "db must be str"),
    ('[newsweave.extra]\nsummarizer = "bogus"', "unknown summarizer 'bogus'"),
    ('[newsweave]\nmin_words = -3', "min_words (--min-words) must be 0 or more, got -3"),
    ('[newsweave]\nsummary_words = 5', "summary_words (--words) must be at least 10"),
    ('[newsweave]\nlanguages = ["en", "xx"]', "unknown language code 'xx'"),
])
def test_bad_config_values_name_their_key(store: Path, tmp_path: Path, toml: str, says: str,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text(toml + "\n")
    assert main(["stories", "--db", str(store), "--config", str(cfg)]) == 2
    err = capsys.readouterr().err
    assert says in err and err.count("\n") == 1


def test_prefixes_are_literal_and_ambiguity_is_named(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "%", "--db", str(store)]) == 2
    assert "no article '%'" in capsys.readouterr().err
    assert main(["entities", "s", "--db", str(store)]) == 2  # two stories, both ids start with "s"
    assert "matches 2 stories" in capsys.readouterr().err


def test_negative_limit_and_out_file_fail_before_work(store: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stories", "--limit", "-1", "--db", str(store)]) == 2
    f = tmp_path / "file"
    f.write_text("x")
    assert main(["run", str(tmp_path), "--out", str(f / "sub"), "--db", str(tmp_path / "n.db")]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err
    assert not (tmp_path / "n.db").exists()


def test_fetch_takes_one_url_each(tmp_path: Path) -> None:
    from newsweave.cli.main import build_parser

    args = build_parser().parse_args(["ingest", "--fetch", "https://a.test/1", "file.txt", "--fetch", "https://b.test/"])
    assert args.paths == ["file.txt"] and args.fetch == ["https://a.test/1", "https://b.test/"]


def test_api_takes_one_path_as_a_string(tmp_path: Path) -> None:
    from newsweave.api import analyze_stored, ingest
    from newsweave.config import Config, ConfigError

    (tmp_path / "a.txt").write_text(BODY)
    ctx, arts = ingest(str(tmp_path / "a.txt"), config=Config(db=str(tmp_path / "n.db")))
    assert len(arts) == 1 and ctx.summary().inputs == 1
    with pytest.raises(ConfigError):
        analyze_stored(config=Config(db=str(tmp_path / "missing" / "n.db")))
    assert not (tmp_path / "missing").exists()


def test_views_of_an_unanalysed_story_say_how_to_fill_them(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stories", "--db", str(store), "--json"]) == 0
    sid = json.loads(capsys.readouterr().out)["stories"][0]["id"]
    assert main(["entities", sid, "--db", str(store)]) == 0
    assert f"newsweave analyze {sid}" in capsys.readouterr().err


def test_serve_rejects_a_non_positive_upload_limit(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--db", str(store), "--allow-ingest", "--max-upload-mb", "0"]) == 2
    assert "--max-upload-mb must be more than 0" in capsys.readouterr().err


def test_export_needs_a_folder_that_is_not_a_file(store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "", "--db", str(store)]) == 2
    assert "export needs a folder name" in capsys.readouterr().err
    (tmp_path / "f").write_text("x")
    assert main(["export", str(tmp_path / "f" / "site"), "--db", str(store)]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err


def _one_line_error(capsys: pytest.CaptureFixture[str], *words: str) -> str:
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert all(w in err for w in words), err
    return err


@pytest.mark.skipif(not Path("/proc/1").is_dir(), reason="needs /proc")
def test_unwritable_out_fails_before_the_run(store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "a.txt"
    src.write_text(BODY)
    db = tmp_path / "fresh.db"
    assert main(["run", str(src), "--db", str(db), "--out", "/proc/1/nw-out"]) == 2
    _one_line_error(capsys, "--out /proc/1/nw-out: cannot write there")
    assert not db.exists()  # nothing was stored before the failure
    assert main(["export", "/proc/1/nw-site", "--db", str(store)]) == 2
    _one_line_error(capsys, "export /proc/1/nw-site: cannot write there")


def test_flag_misuse_is_one_line_naming_the_command(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stories", "--db", str(store), "--bogus"]) == 2
    _one_line_error(capsys, "newsweave stories: error: unrecognized arguments: --bogus")
    assert main(["facts", "--db", str(store), "s", "--limit", "x"]) == 2
    _one_line_error(capsys, "newsweave facts: error:", "--limit")
    assert main(["nosuchcommand"]) == 2
    _one_line_error(capsys, "invalid choice")


def test_serve_on_a_port_in_use_is_misuse(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        assert main(["serve", "--db", str(store), "--port", str(port)]) == 2
    err = _one_line_error(capsys, f"cannot serve at 127.0.0.1:{port}")
    assert "serving" not in err

"""`newsweave analyze`: stories that `ingest` made or changed get their analyses; the rest are left alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from cluster_corpus import event_texts

from newsweave.api import analyze_stored, ingest, is_analysed
from newsweave.cli.main import main
from newsweave.store.sqlite import SQLiteStore


def _rows(db: str) -> dict[str, dict]:
    with SQLiteStore(db) as st:
        return {r["id"]: st.get_story(r["id"]) for r in st.list_stories(limit=100)[0]}


def test_analyze_fills_the_stories_ingest_made_and_only_those_changed(tmp_path: Path, capsys) -> None:
    texts = event_texts()
    d1, d2 = tmp_path / "a", tmp_path / "b"
    d1.mkdir()
    d2.mkdir()
    for i, (_, t) in enumerate(texts):
        ((d2 if i % 4 == 3 else d1) / f"{i:02d}.txt").write_text(t, "utf-8")
    db = str(tmp_path / "nw.db")
    ingest([d1], db=db)
    rows = _rows(db)
    assert rows and not any(is_analysed(r) or r["summary"] for r in rows.values())

    report = analyze_stored(db=db)
    assert {s.id for s in report.stories} == set(rows)
    rows = _rows(db)
    assert all(is_analysed(r) and r["summary"] and r["entities"] for r in rows.values())
    for r in rows.values():  # every span still points into its article
        art = {a.id: a for a in report.articles}
        for s in r["summary"]:
            for c in s["citations"]:
                assert art[c["article_id"]].text[c["start"]:c["end"]] == c["text"]
    assert analyze_stored(db=db).stories == []  # nothing changed since

    ingest([d2], db=db)  # one more article joins each story
    changed = {sid for sid, r in _rows(db).items() if not is_analysed(r)}
    assert changed == set(rows)
    out = tmp_path / "out"
    assert main(["analyze", "--db", db, "--out", str(out)]) == 0
    assert (out / "report.md").read_text("utf-8").splitlines()[2].startswith(f"{len(rows)} stored stories analysed")
    assert all(is_analysed(r) for r in _rows(db).values())

    one = sorted(rows)[0]
    assert [s.id for s in analyze_stored([one[:6]], db=db).stories] == [one]  # a named story is redone
    capsys.readouterr()
    assert main(["analyze", "--db", db]) == 0
    assert "analysed already" in capsys.readouterr().err
    assert main(["analyze", "nosuchstory", "--db", db]) == 2
    assert main(["analyze", one, "--all", "--db", db]) == 2


def test_analyze_needs_an_existing_store(tmp_path: Path) -> None:
    assert main(["analyze", "--db", str(tmp_path / "missing.db")]) == 2
    with pytest.raises(FileNotFoundError):
        Path(tmp_path / "missing.db").stat()  # and does not create one


STRIKE_END = ("Kessholm dockworkers vote to end their strike\n\n"
              "Dockworkers at the port of Kessholm voted on Wednesday to end their strike after the port operator "
              "Norrhaven Terminals agreed to suspend its plan to automate the Eastquay terminal for two years. The "
              "Kessholm Dockworkers' Union said most of its members backed the agreement in a ballot at the union "
              "hall on Ropewalk Street. About 2,300 dockworkers had been on strike since March 2, and hauliers and "
              "farmers had counted the cost of the shut port.")


def test_ingest_into_an_analysed_story_keeps_its_wire_groups_until_analyze(tmp_path: Path) -> None:
    from newsweave.api import run

    db = str(tmp_path / "nw.db")
    run(Path(__file__).parents[2] / "examples", db=db)
    before = {sid: r for sid, r in _rows(db).items() if r.get("wire_groups")}
    assert before  # the port strike story has a wire report in two outlets
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "deal.txt").write_text(STRIKE_END, "utf-8")
    ingest([tmp_path / "new"], db=db)
    for sid, old in before.items():
        row = _rows(db)[sid]
        if len(row["article_ids"]) == len(old["article_ids"]):
            continue  # the new article went elsewhere: nothing to check here
        assert row["wire_groups"] == old["wire_groups"] and len(row["reuse"]) == len(old["reuse"])
        assert row["independent_sources"] == old["independent_sources"] + 1  # not every member counted apart
        break
    else:
        pytest.fail("the strike-end article joined no story with a wire group")

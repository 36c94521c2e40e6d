"""Bad input for the analysis stages: nothing crashes, nothing is invented, nothing is lost."""

from __future__ import annotations

import json
from pathlib import Path

from analyze_util import analyse, art, make_story

from newsweave.cli.main import main
from newsweave.model import Article, Report, RunSummary
from newsweave.report.validate import validate_report
from newsweave.store.sqlite import SQLiteStore


def test_one_article_story_runs_every_stage() -> None:
    a = art("Mayor Odile Fenwick said on Monday that the bridge in Marrowfield would reopen in May. "
            "“We will not wait for another flood,” Fenwick told reporters.", "one", published="2026-03-09")
    story = analyse(make_story([a]))
    assert story.entities and story.quotes and story.timeline
    assert story.contradictions == []
    assert all(f.single_source for f in story.facts)


def test_very_long_sentence_and_no_sentences() -> None:
    long = "The council met again " + ", and then the council met again" * 800 + "."
    a = art(long, "long", published="2026-03-09")
    b = Article.create("Plain words without any sentence spans at all here.", "nospans")
    story = analyse(make_story([a, b]))
    assert story.contradictions == []
    arts = story.by_id()
    for f in story.facts:
        assert f.text == f.spans[0].text_in(arts)


def test_non_english_article_is_skipped_with_reason_not_lost() -> None:
    en = art("Union leader Katarina Voss told reporters on Saturday that the strike would continue.", "en",
             published="2026-03-09")
    de = art("Gewerkschaftschefin Katarina Voss sagte am Sonntag, dass der Streik weitergehen werde und "
             "die Arbeiter den Hafen nicht verlassen würden.", "de", published="2026-03-09", language="de")
    story = analyse(make_story([en, de]))
    assert de.id in story.meta["analysis_skipped"] and "English-only" in story.meta["analysis_skipped"][de.id]
    assert de in story.articles
    for rec in (*story.entities, *story.quotes):
        spans = rec.mentions if hasattr(rec, "mentions") else rec.spans
        assert all(s.article_id != de.id for s in spans)
    assert story.contradictions == []


def test_report_validates_and_cli_shows_each_analysis(tmp_path: Path, capsys) -> None:
    a = art("Union leader Katarina Voss told reporters on Saturday: “We will not unload a single ship.”", "a",
            published="2026-03-09")
    b = art("“We will not unload a single ship,” Katarina Voss told reporters on Sunday at the gate.", "b",
            published="2026-03-09")
    story = analyse(make_story([a, b], "sclitest"))
    data = Report(RunSummary(), [a, b], [story]).to_json()
    validate_report(data)
    db = tmp_path / "t.db"
    st = SQLiteStore(str(db))
    st.put_articles([a, b])
    st.put_stories(data["stories"])
    st.close()
    for cmd in ("entities", "quotes", "timeline", "facts", "contradictions"):
        assert main([cmd, "sclitest", "--db", str(db), "--json"]) == 0
        out = json.loads(capsys.readouterr().out)
        assert out["story"] == "sclitest" and isinstance(out[cmd], list)
    assert main(["contradictions", "scli", "--db", str(db)]) == 0  # unique prefix, rich table
    assert "Saturday" in capsys.readouterr().out
    assert main(["quotes", "nope", "--db", str(db)]) == 2

"""Model, stage contract, store and report validator."""

from __future__ import annotations

import pytest

from newsweave.config import Config, ConfigError
from newsweave.model import Article, InputRecord, Span, article_id_for
from newsweave.pipeline import FunctionStage, Pipeline, PipelineError, RunContext
from newsweave.report.validate import ReportError, validate_report
from newsweave.store.sqlite import SQLiteStore


def test_article_id_ignores_case_and_whitespace():
    assert article_id_for("Hello  World\n") == article_id_for("hello world")
    assert article_id_for("hello world") != article_id_for("hello worlds")


def test_span_text_and_bounds():
    a = Article.create("Alpha beta. Gamma.", "x")
    sp = a.span(0, 5)
    assert sp.to_json({a.id: a})["text"] == "Alpha"
    with pytest.raises(ValueError):
        a.span(3, 100)
    with pytest.raises(ValueError):
        Span("x", 5, 2)


def test_pipeline_checks_requirements_at_build_time():
    needs = FunctionStage("needs", lambda x: x, requires=frozenset({"sentences"}))
    with pytest.raises(PipelineError, match="requires"):
        Pipeline([needs])
    gives = FunctionStage("gives", lambda x: x, requires=frozenset({"raw"}), provides=frozenset({"sentences"}))
    Pipeline([gives, needs])
    with pytest.raises(PipelineError, match="twice"):
        Pipeline([gives, FunctionStage("gives", lambda x: x)])


def test_dropped_items_are_recorded_with_reason():
    ctx = RunContext(config=Config())
    st = FunctionStage("odd", lambda x: x if x % 2 else "even number", requires=frozenset({"raw"}))
    out = list(Pipeline([st])([1, 2, 3, 4], ctx))
    assert out == [1, 3]
    summary = ctx.summary()
    assert summary.inputs == 2 and [r["reason"] for r in summary.rejected] == ["even number"] * 2
    assert summary.stages["odd"]["in"] == 4 and summary.stages["odd"]["dropped"] == 2


def test_run_summary_lists_stages_in_pipeline_order():
    # chained generators start from the last stage, so their counters are made in reverse order
    ctx = RunContext(config=Config())
    stages = [FunctionStage(n, lambda x: x) for n in ("first", "second", "third")]
    list(Pipeline(stages, check=False)([1, 2], ctx))
    assert list(ctx.summary().stages) == ["first", "second", "third"]


def test_drops_are_counted_against_the_stage_that_drops():
    # stages are chained generators: pulling an item runs the upstream stage, which must not leave its
    # name as the current stage for the downstream stage's own drops
    ctx = RunContext(config=Config())
    first = FunctionStage("first", lambda x: x if x != 5 else "five", requires=frozenset({"raw"}))
    second = FunctionStage("second", lambda x: x if x % 2 else "even number")
    assert list(Pipeline([first, second])(range(1, 7), ctx)) == [1, 3]
    st = ctx.summary().stages
    assert (st["first"]["in"], st["first"]["out"], st["first"]["dropped"]) == (6, 5, 1)
    assert (st["second"]["in"], st["second"]["out"], st["second"]["dropped"]) == (5, 2, 3)
    assert {r.reason: r.stage for r in ctx.records} == {"five": "first", "even number": "second"}


def test_stage_seconds_are_its_own():
    import time

    def slow(x: int) -> int:
        time.sleep(0.02)
        return x

    ctx = RunContext(config=Config())
    stages = [FunctionStage("slow", slow, requires=frozenset({"raw"})), FunctionStage("fast", lambda x: x)]
    assert list(Pipeline(stages)(range(5), ctx)) == list(range(5))
    st = ctx.summary().stages
    assert st["slow"]["seconds"] >= 0.09 and st["fast"]["seconds"] < 0.05  # not the upstream's sleep


def test_config_fails_fast():
    with pytest.raises(ConfigError):
        Config(engine="spark")
    with pytest.raises(ConfigError):
        Config(summary_words=0)
    with pytest.raises(ConfigError):
        Config(scheduler="tcp://x:1")


def test_store_upsert_is_idempotent_and_searchable(tmp_path):
    st = SQLiteStore(tmp_path / "n.db")
    a = Article.create("The harbour bridge reopened on Tuesday.", "a.txt", sentences=[(0, 39)])
    assert st.put_articles([a]) == 1
    assert st.put_articles([a]) == 0
    assert st.count_articles() == 1
    assert st.search("harbour") == [a.id]
    assert st.search('bridge" NOT "harbour') == []  # user input cannot inject FTS syntax (NOT is a word)
    assert st.search('bridge" OR "x') == [a.id]  # OR between two words is meant: either
    assert st.get_article(a.id).sentences == [(0, 39)]
    rid = st.start_run("test")
    st.log_inputs(rid, [InputRecord("a.txt", "accepted", article_id=a.id), InputRecord("b", "rejected", "empty")])
    assert [r["status"] for r in st.ingest_log(rid)] == ["accepted", "rejected"]
    assert st.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_validator_rejects_mismatched_span():
    art = {"id": "a1", "text": "Hello world", "sentences": [[0, 11]]}
    good = {"articles": [art], "stories": [{"id": "s", "article_ids": ["a1"],
            "facts": [{"spans": [{"article_id": "a1", "start": 0, "end": 5, "text": "Hello"}]}]}]}
    assert validate_report(good) == 1
    good["stories"][0]["facts"][0]["spans"][0]["text"] = "Hellx"
    with pytest.raises(ReportError):
        validate_report(good)


def test_test_module_names_are_unique():
    """pytest's default import mode needs unique basenames across the layer folders."""
    from collections import Counter
    from pathlib import Path

    names = Counter(p.name for p in Path(__file__).parent.rglob("test_*.py"))
    assert [n for n, c in names.items() if c > 1] == []


def test_api_functions_survive_layer_imports(tmp_path):
    """``newsweave.ingest``/``analyze`` stay the API functions after their layer packages are used."""
    import newsweave
    from newsweave.analyze.align import align_story  # noqa: F401
    from newsweave.ingest.sources import walk  # noqa: F401

    assert callable(newsweave.ingest) and callable(newsweave.analyze) and callable(newsweave.run)
    (tmp_path / "a.txt").write_text("The harbour bridge reopened on Tuesday after repairs lasting "
                                    "eleven weeks, the city engineer said, and traffic returned to normal.")
    ctx, arts = newsweave.ingest([tmp_path / "a.txt"], db=str(tmp_path / "n.db"), min_words=5)
    assert len(arts) == 1 and callable(newsweave.ingest)


def test_story_notes_reach_report_json_and_round_trip():
    """Skip reasons and reference dates live in story.meta; report.json carries them as ``notes``."""
    from newsweave.model import Story, story_from_json

    a = Article.create("Le conseil municipal a voté le budget mardi soir.", "fr.txt", sentences=[(0, 49)])
    st = Story(id="s1", label="x", articles=[a],
               meta={"analysis_skipped": {a.id: "not English (fr)"}, "internal": object()})
    data = st.to_json()
    assert data["notes"] == {"analysis_skipped": {a.id: "not English (fr)"}}
    assert story_from_json(data, [a]).meta["analysis_skipped"] == {a.id: "not English (fr)"}


def test_store_rows_carry_dates_inferred_for_undated_stories(tmp_path):
    import sqlite3

    from newsweave.web.views import story_when

    refs = {"a1": {"date": "2023-06-18"}, "a2": {"date": "2023-06-19"}}
    undated = {"id": "s1", "label": "Undated", "article_ids": ["a1", "a2"], "date_span": [None, None],
               "notes": {"reference_dates": refs}}
    dated = {"id": "s2", "label": "Dated", "article_ids": ["a3"], "date_span": ["2023-05-01", "2023-05-02"],
             "notes": {"reference_dates": {"a3": {"date": "2023-05-01"}}}}
    db = tmp_path / "nw.db"
    with SQLiteStore(db) as st:
        st.put_stories([undated, dated])
        rows = {r["id"]: r for r in st.list_stories()[0]}
        assert [r["id"] for r in st.list_stories()[0]] == ["s1", "s2"]  # sorted by the inferred date too
    assert rows["s1"]["date_span"] == [None, None] and rows["s1"]["inferred_date_span"] == ["2023-06-18", "2023-06-19"]
    assert rows["s2"]["inferred_date_span"] == [None, None]
    assert story_when(rows["s1"]) == "about 18–19 Jun 2023 (inferred from the text)"
    assert story_when(rows["s2"]) == "1–2 May 2023"
    # a store written before the columns existed: read-only readers use the JSON, a writer migrates it
    con = sqlite3.connect(db)
    con.execute("ALTER TABLE stories DROP COLUMN inferred_first")
    con.execute("ALTER TABLE stories DROP COLUMN inferred_last")
    con.commit()
    con.close()
    with SQLiteStore(db, readonly=True) as st:
        assert st.list_stories()[0][1]["inferred_date_span"] == ["2023-06-18", "2023-06-19"]
    with SQLiteStore(db) as st:
        pass
    with SQLiteStore(db, readonly=True) as st:
        rows = st.list_stories()[0]
        assert [r["inferred_date_span"] for r in rows] == [["2023-06-18", "2023-06-19"], [None, None]]

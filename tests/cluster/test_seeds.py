"""The five seed articles: one story; seed 000 and seed 002 share paraphrased wire copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsweave.cli.main import main
from newsweave.cluster.stage import batch_stories
from newsweave.dedup.reuse import ReuseParams, find_reuse
from newsweave.model import Article
from newsweave.store.sqlite import SQLiteStore


def _by_seed(arts: list[Article]) -> dict[str, Article]:
    return {Path(a.source).name[:3]: a for a in arts}


def test_seeds_form_one_story_in_both_modes(seed_db: tuple[str, list[Article]]) -> None:
    db, arts = seed_db
    assert len(arts) == 5
    stories = batch_stories(arts)
    assert len(stories) == 1 and len(stories[0].articles) == 5
    with SQLiteStore(db) as st:  # ingest's incremental assignment agrees
        rows, total = st.list_stories()
    assert total == 1 and rows[0]["n_articles"] == 5


def test_reuse_between_seed_000_and_002(seed_articles: list[Article], seed_vectors: dict) -> None:
    seeds = _by_seed(seed_articles)
    links, groups = find_reuse(seed_articles, seed_vectors)
    a0, a2 = seeds["000"].id, seeds["002"].id
    pair = [r for r in links if {r.a.article_id, r.b.article_id} == {a0, a2}]
    assert len(pair) >= 4
    arts = {a.id: a for a in seed_articles}
    texts = " ".join(r.a.text_in(arts) + " " + r.b.text_in(arts) for r in pair)
    assert "Pompeo" in texts and "Singapore" in texts
    assert any(r.a.end - r.a.start > 300 for r in pair)  # adjacent sentences merged into a passage
    assert [sorted([a0, a2])] == groups  # one wire group: 000 + 002 only


def test_precision_quotes_and_independent_ledes_are_not_wire_copy(seed_articles: list[Article],
                                                                   seed_vectors: dict) -> None:
    seeds = _by_seed(seed_articles)
    links, groups = find_reuse(seed_articles, seed_vectors)
    grouped = {aid for g in groups for aid in g}
    assert seeds["001"].id not in grouped and seeds["003"].id not in grouped and seeds["004"].id not in grouped
    arts = {a.id: a for a in seed_articles}
    for r in links:  # no link is a mostly-quoted sentence
        for span in (r.a, r.b):
            assert span.text_in(arts).count("“") < 2
    strict = ReuseParams(wire_min_links=50)
    assert find_reuse(seed_articles, seed_vectors, strict)[1] == []


def test_reuse_without_embeddings_still_runs(seed_articles: list[Article]) -> None:
    links, groups = find_reuse(seed_articles, None)
    assert all(r.kind in ("exact", "fuzzy") for r in links)


def test_cli_stories_story_reuse(seed_db: tuple[str, list[Article]], seed_vectors: dict,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    from newsweave.config import Config
    from newsweave.dedup.reuse import ReuseStage
    from newsweave.pipeline import RunContext

    db, arts = seed_db
    story = list(ReuseStage()(batch_stories(arts), RunContext(config=Config())))[0]
    with SQLiteStore(db) as st:
        st.put_stories([story.to_json()])
    assert main(["stories", "--db", db, "--json"]) == 0
    out = capsys.readouterr().out
    assert story.id in out
    assert main(["story", story.id[:6], "--db", db]) == 0
    assert "wire group" in capsys.readouterr().out
    assert main(["reuse", story.id, "--db", db]) == 0
    out = capsys.readouterr().out
    assert "paraphrase" in out and "Pompeo" in out
    assert main(["reuse", "nosuchstory", "--db", db]) == 2


def test_two_reports_of_one_event_are_no_wire_group(tmp_path) -> None:
    """Two independent write-ups of a verdict share a lede, a reaction and a quote in that order (three
    heavy rewrites); that is no wire copy. (Texts written for this project by a review session.)"""
    from pathlib import Path

    from newsweave.api import run

    rep = run([Path(__file__).parent / "data" / "independent_reports"], db=str(tmp_path / "nw.db"))
    (story,) = rep.stories
    assert story.wire_groups == [] and story.independent_count(story.article_ids) == 2
    assert [c.kind for c in story.contradictions if "denied" in c.values] == ["polarity"]  # denied / admitted

"""Incremental ingest found wanting by a review (2026-12-04): a re-ingest must not refit the state,
a run killed before clustering must not strand its articles, merge records must survive."""

from __future__ import annotations

from pathlib import Path

import pytest
from cluster_corpus import event_texts

from newsweave.api import ingest
from newsweave.cluster.sync import STATE_KEY, load_clusterer
from newsweave.store.sqlite import SQLiteStore


def _write(folder: Path, texts: list[tuple[str, str]], idx: list[int]) -> Path:
    folder.mkdir()
    for i in idx:
        (folder / f"{i:02d}.txt").write_text(texts[i][1], "utf-8")
    return folder


def _homes(db: str) -> dict[str, list[str]]:
    with SQLiteStore(db, readonly=True) as st:
        rows = st.conn.execute("SELECT article_id, story_id FROM story_articles").fetchall()
    out: dict[str, list[str]] = {}
    for aid, sid in rows:
        out.setdefault(aid, []).append(sid)
    return out


def test_reingest_leaves_the_clustering_state_alone(tmp_path: Path) -> None:
    texts = event_texts()
    src = _write(tmp_path / "in", texts, list(range(len(texts))))
    db = str(tmp_path / "nw.db")
    ingest([src], db=db)
    with SQLiteStore(db) as st:
        before = st.get_state(STATE_KEY)
    ingest([src], db=db)
    with SQLiteStore(db) as st:
        assert st.get_state(STATE_KEY) == before  # no IDF counted twice, no n_docs growth


def test_articles_stored_but_not_clustered_join_at_the_next_ingest(tmp_path: Path, monkeypatch) -> None:
    texts = event_texts()
    first = _write(tmp_path / "a", texts, [0, 1, 4, 5])
    second = _write(tmp_path / "b", texts, [2, 6, 8])
    db = str(tmp_path / "nw.db")
    ingest([first], db=db)

    def killed(*a: object, **k: object) -> None:
        raise KeyboardInterrupt  # the process dies between storing the articles and clustering them

    monkeypatch.setattr(SQLiteStore, "put_sync", killed)
    with pytest.raises(KeyboardInterrupt):
        ingest([second], db=db)
    monkeypatch.undo()
    assert len(_homes(db)) == 4  # the second run's three articles are stored, in no story
    third = _write(tmp_path / "c", texts, [9])
    ingest([third], db=db)
    homes = _homes(db)
    assert len(homes) == 8 and all(len(v) == 1 for v in homes.values())
    with SQLiteStore(db) as st:
        assert st.count_articles() == 8 and load_clusterer(st).n_docs == 8


def test_a_merge_record_survives_a_later_member(tmp_path: Path) -> None:
    from newsweave.clean.sentences import split_sentences
    from newsweave.cluster.sync import sync_stories
    from newsweave.model import Article

    db = str(tmp_path / "nw.db")
    texts = event_texts()
    with SQLiteStore(db) as st:
        arts = [Article.create(t, f"{i}.txt") for i, (_, t) in enumerate(texts[:4])]
        for a in arts:
            a.sentences = split_sentences(a.text)
        st.put_articles(arts)
        sync_stories(st, arts)
        row = next(iter(st.list_stories(limit=10)[0]))
        story = st.get_story(row["id"])
        story["cluster"]["merges"] = [{"into": story["id"], "from": "sgone", "similarity": 0.3, "trigger": "x"}]
        st.put_stories([story])
        extra = Article.create(texts[0][1] + " Divers reached Kessel on Friday.", "extra.txt")
        extra.sentences = split_sentences(extra.text)
        st.put_articles([extra])
        sync_stories(st, [extra])
        sid = st.stories_for_articles([extra.id])[extra.id]
        assert sid == story["id"]  # the extra article joined the story (it repeats its lead)
        assert st.get_story(sid)["cluster"]["merges"][0]["from"] == "sgone"

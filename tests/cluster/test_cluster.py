"""Story clustering: batch and incremental agree, state persists, ids stable, bad input handled."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
from cluster_corpus import articles_of, event_texts

from newsweave.api import ingest
from newsweave.cluster.batch import ClusterParams
from newsweave.cluster.clusterer import Doc, StoryClusterer, story_id_for
from newsweave.cluster.features import counts
from newsweave.cluster.stage import STATE_KEY, batch_stories, story_label
from newsweave.store.sqlite import SQLiteStore


def _partition(labels: list[str]) -> set[frozenset[int]]:
    groups: dict[str, set[int]] = {}
    for i, lab in enumerate(labels):
        groups.setdefault(lab, set()).add(i)
    return {frozenset(g) for g in groups.values()}



def _streamed(docs: list[Doc], order: list[int]) -> set[frozenset[int]]:
    """Partition from ``partial_fit`` over ``docs`` streamed in ``order``, indexed like ``docs``."""
    inc = StoryClusterer().partial_fit([docs[i] for i in order]).labels_
    back = [""] * len(docs)
    for i, sid in zip(order, inc, strict=True):
        back[i] = sid
    return _partition(back)


def test_batch_and_incremental_agree_on_small_corpus() -> None:
    texts = event_texts()
    docs = [Doc(str(i), t) for i, (_, t) in enumerate(texts)]
    gold = _partition([ev for ev, _ in texts])
    batch = StoryClusterer().fit(docs).labels_
    assert _partition(batch) == gold
    assert _streamed(docs, [5, 0, 11, 3, 8, 1, 10, 2, 7, 4, 9, 6]) == gold


def test_incremental_state_round_trip_and_stable_ids() -> None:
    texts = event_texts()
    docs = [Doc(str(i), t) for i, (_, t) in enumerate(texts)]
    clu = StoryClusterer().partial_fit(docs[:6])
    first = clu.labels_[0]
    assert first == story_id_for("0")
    again = StoryClusterer.from_bytes(clu.to_bytes()).partial_fit(docs[6:])
    assert len({s.id for s in again.stories}) == 3
    assert first in {s.id for s in again.stories}  # ids never change when stories grow
    assert sorted(m for s in again.stories for m in s.members) == sorted(d.id for d in docs)


def test_merge_is_recorded() -> None:
    """Two stories that a bridging document shows to be one are merged and the merge is recorded."""
    p = ClusterParams(stream_threshold=0.3, short_max_tokens=0)  # the full-text path on these short texts
    a = "Valdoria earthquake Kessel rubble rescue teams magnitude 6.8 collapsed buildings"
    b = "Valdoria earthquake aftershock Kessel injured hospitals magnitude 4.9 civil protection"
    bridge = a + " " + b
    clu = StoryClusterer(p, embeddings=False).partial_fit([Doc("a", a), Doc("x", "Ostrand mayor election Halvorsen tram"),
                                         Doc("b", b)])
    assert len({clu.labels_[0], clu.labels_[2]}) == 2
    clu.partial_fit([Doc("c", bridge)])
    assert clu.merges and clu.merges[-1]["trigger"] == "c"
    assert any({"a", "b", "c"} <= set(s.members) for s in clu.stories)


def test_labels_name_the_final_story_after_a_merge_in_a_later_mini_batch() -> None:
    """One ``partial_fit`` call, mini-batches of 2: "a" and "b" open two stories in the first batch,
    "c" merges them in the second, so every label of the call names the surviving story."""
    p = ClusterParams(stream_threshold=0.3, short_max_tokens=0, small_text_weight=1.0)  # the TF-IDF stream
    a = "Valdoria earthquake Kessel rubble rescue teams magnitude 6.8 collapsed buildings"
    b = "Valdoria earthquake aftershock Kessel injured hospitals magnitude 4.9 civil protection"
    clu = StoryClusterer(p, batch_size=2).partial_fit([Doc("a", a), Doc("b", b), Doc("c", a + " " + b)])
    assert clu.merges
    story_of = {m: s.id for s in clu.stories for m in s.members}
    assert clu.labels_ == [story_of["a"], story_of["b"], story_of["c"]]
    assert len(set(clu.labels_)) == 1


def test_dates_keep_distant_events_apart() -> None:
    text = "Annual Kessel harvest festival opens with parade, fireworks and the Valdoria brass band."
    docs = [Doc("y1", text + " First day.", published="2021-09-01"),
            Doc("y2", text + " Second day.", published="2024-09-01")]
    assert len(set(StoryClusterer().fit(docs).labels_)) == 2
    undated = [Doc(d.id, d.text) for d in docs]
    assert len(set(StoryClusterer().fit(undated).labels_)) == 1


def test_bad_input_empty_one_sentence_and_single_article() -> None:
    assert batch_stories([]) == []
    assert StoryClusterer().fit([]).labels_ == []
    arts = articles_of([("x", "Short."), ("y", ""), ("z", event_texts()[0][1])])
    stories = batch_stories(arts)
    assert sorted(len(s.articles) for s in stories) == [1, 1, 1]
    assert all(s.label for s in stories)
    one = batch_stories(arts[2:])
    assert len(one) == 1 and one[0].id == story_id_for(arts[2].id)


def test_label_prefers_central_headline_then_first_sentence() -> None:
    arts = articles_of(event_texts()[:4])
    firsts = {a.text[a.sentences[0][0]:a.sentences[0][1]] for a in arts}
    assert story_label(arts) in firsts  # untitled: a member's first sentence, verbatim
    arts[1].title = "Deadly quake hits Valdoria"
    assert story_label(arts) == "Deadly quake hits Valdoria"


def test_untitled_label_skips_page_chrome_at_the_top() -> None:
    chrome = "Breaking News Emails Get breaking news alerts and special reports. "
    texts = [(ev, chrome + t) for ev, t in event_texts()[:4]]
    arts = articles_of(texts)
    label = story_label(arts)
    assert "breaking news" not in label.lower() and label.startswith(texts[0][1][len(chrome):][:20]) or \
        label in {t[len(chrome):].split(". ")[0] + "." for _, t in texts}


def _two_inputs(tmp_path: Path, second: Callable[[int], bool], both: Callable[[int], bool] = lambda i: False
                ) -> tuple[Path, Path, list[tuple[str, str]]]:
    """The event corpus written as two input folders: article i goes to the second if ``second(i)``,
    else the first; with ``both(i)`` to the second as well."""
    texts = event_texts()
    d1, d2 = tmp_path / "a", tmp_path / "b"
    d1.mkdir()
    d2.mkdir()
    for i, (_, t) in enumerate(texts):
        ((d2 if second(i) else d1) / f"{i:02d}.txt").write_text(t, "utf-8")
        if both(i):
            (d2 / f"{i:02d}.txt").write_text(t, "utf-8")
    return d1, d2, texts


def _stored(db: str) -> tuple[list[dict], list[str]]:
    """Every stored story and the article ids of all of them (one entry per membership)."""
    with SQLiteStore(db) as st:
        rows = [st.get_story(r["id"]) for r in st.list_stories()[0]]
    return rows, [a for r in rows for a in r["article_ids"]]


def test_ingest_assigns_incrementally_to_stored_stories(tmp_path: Path) -> None:
    d1, d2, _ = _two_inputs(tmp_path, lambda i: i % 4 >= 2)
    db = str(tmp_path / "nw.db")
    ingest([d1], db=db)
    with SQLiteStore(db) as st:
        before = {r["id"]: r["n_articles"] for r in st.list_stories()[0]}
    assert sorted(before.values()) == [2, 2, 2]
    ingest([d2], db=db)
    with SQLiteStore(db) as st:
        after = {r["id"]: r["n_articles"] for r in st.list_stories()[0]}
    assert after == {sid: 4 for sid in before}  # same stories, grown; nothing re-clustered


def test_ingest_after_run_joins_the_stories_run_wrote(tmp_path: Path) -> None:
    """`newsweave run` then `newsweave ingest` (the README's order): new articles join the stories the
    run wrote, and an article both runs saw stays in exactly one stored story."""
    from newsweave.api import run

    d1, d2, texts = _two_inputs(tmp_path, lambda i: i % 4 >= 2)
    (d2 / "again.txt").write_text(texts[0][1], "utf-8")  # already stored by the run
    db = str(tmp_path / "nw.db")
    report = run([d1], db=db)
    ran = {s.id: len(s.article_ids) for s in report.stories}
    assert sorted(ran.values()) == [2, 2, 2]
    ingest([d2], db=db)
    rows, members = _stored(db)
    assert {r["id"]: len(r["article_ids"]) for r in rows} == {sid: 4 for sid in ran}
    assert len(members) == len(set(members)) == 12


def test_a_second_run_takes_over_the_articles_it_shares_with_stored_stories(tmp_path: Path) -> None:
    from newsweave.api import run

    d1, d2, _ = _two_inputs(tmp_path, lambda i: False, lambda i: i < 2)  # two quake articles in both runs
    db = str(tmp_path / "nw.db")
    run([d1], db=db)
    second = run([d2], db=db)
    assert [len(s.article_ids) for s in second.stories] == [2]
    rows, members = _stored(db)
    assert len(members) == len(set(members)) == 12  # every article in exactly one stored story
    assert sorted(len(r["article_ids"]) for r in rows) == [2, 2, 4, 4]
    quake = next(r for r in rows if r["cluster"].get("taken_by_run"))
    assert len(quake["article_ids"]) == 2 and len(quake["cluster"]["taken_by_run"]) == 2


def test_a_store_written_without_clustering_state_is_adopted(tmp_path: Path) -> None:
    """Stores from before ``run`` kept a clustering state: their stories are adopted on the next run."""
    from newsweave.api import run

    d1, d2, _ = _two_inputs(tmp_path, lambda i: False, lambda i: i == 0)
    db = str(tmp_path / "nw.db")
    run([d1], db=db)
    with SQLiteStore(db) as st:
        st.conn.execute("DELETE FROM state WHERE name = ?", (STATE_KEY,))
        st.conn.commit()
    run([d2], db=db)
    rows, members = _stored(db)
    with SQLiteStore(db) as st:
        clu = StoryClusterer.from_bytes(st.get_state(STATE_KEY))
    assert len(members) == len(set(members)) == 12
    assert {frozenset(r["article_ids"]) for r in rows} == {frozenset(s.members) for s in clu.stories}


def test_cluster_stage_incremental_mode_reports_whole_stored_stories(tmp_path: Path) -> None:
    from newsweave.cluster.stage import ClusterStage
    from newsweave.config import Config
    from newsweave.pipeline import RunContext

    texts = event_texts()
    d1 = tmp_path / "a"
    d1.mkdir()
    for i, (_, t) in enumerate(texts):
        if i % 4 < 2:
            (d1 / f"{i:02d}.txt").write_text(t, "utf-8")
    db = str(tmp_path / "nw.db")
    ingest([d1], db=db)
    later = articles_of([t for i, t in enumerate(texts) if i % 4 >= 2])
    with SQLiteStore(db) as st:
        stored = {r["id"] for r in st.list_stories()[0]}
        ctx = RunContext(config=Config(db=db, cluster_mode="incremental"), store=st)
        stories = list(ClusterStage("incremental")(later, ctx))
    assert {s.id for s in stories} == stored
    assert sorted(len(s.articles) for s in stories) == [4, 4, 4]
    assert all(s.meta["cluster"]["mode"] == "incremental" for s in stories)


def test_incremental_run_reports_the_stored_members_of_the_stories_it_joins(tmp_path: Path) -> None:
    from newsweave.api import run

    texts = event_texts()
    d1, d2 = tmp_path / "a", tmp_path / "b"
    d1.mkdir()
    d2.mkdir()
    for i, (_, t) in enumerate(texts):
        (d1 if i % 4 < 2 else d2).joinpath(f"{i:02d}.txt").write_text(t, "utf-8")
    db = str(tmp_path / "nw.db")
    run([d1], db=db, cluster_mode="incremental")
    rep = run([d2], db=db, cluster_mode="incremental")  # used to fail: stored members not in report.articles
    ids = {a.id for a in rep.articles}
    assert sorted(len(s.articles) for s in rep.stories) == [4, 4, 4]
    assert all(a.id in ids for s in rep.stories for a in s.articles)


def test_identical_titles_with_different_bodies_stay_apart() -> None:
    texts = event_texts()
    arts = articles_of([texts[0], texts[4], texts[8]])
    for a in arts:
        a.title = "Breaking news: live updates"
    stories = batch_stories(arts)
    assert len(stories) == 3
    assert all(s.label == "Breaking news: live updates" for s in stories)


HEADLINES = [  # three fictional events, headlines only, few shared words within an event
    ("quake", "Earthquake kills 12 in Valdoria"), ("quake", "Strong quake hits Valdoria province, buildings collapse"),
    ("quake", "Rescuers search rubble after Valdoria tremor"), ("quake", "Valdoria earthquake death toll rises"),
    ("vote", "Halvorsen wins Ostrand mayoral election"), ("vote", "Ostrand voters end Harbour Party rule"),
    ("vote", "New mayor Halvorsen promises tram network"), ("vote", "Harbour Party concedes defeat in Ostrand vote"),
    ("deal", "Brightwater Foods to buy Tellmark Dairy for $2.3 billion"),
    ("deal", "Tellmark shares jump on Brightwater takeover"), ("deal", "Tellmark dairy merger creates Northern Basin giant"),
    ("deal", "Regulators to review Brightwater-Tellmark deal"),
]


def test_short_text_pool_takes_the_headline_path_in_both_modes() -> None:
    docs = [Doc(str(i), t) for i, (_, t) in enumerate(HEADLINES)]
    gold = _partition([ev for ev, _ in HEADLINES])
    clu = StoryClusterer()
    p, use_vectors = clu._mode(counts([d.text for d in docs]))
    assert use_vectors and p.text_weight == ClusterParams().short_text_weight and not p.scorer
    batch = _partition(clu.fit(docs).labels_)
    assert batch == gold
    assert _streamed(docs, [5, 0, 11, 3, 8, 1, 10, 2, 7, 4, 9, 6]) == gold
    # full articles keep the TF-IDF path (no MiniLM vectors)
    full = [Doc(str(i), t) for i, (_, t) in enumerate(event_texts())]
    assert clu._mode(counts([d.text for d in full])) == (clu.params, False)


def test_short_text_pool_without_vectors_uses_tfidf_threshold() -> None:
    docs = [Doc(str(i), t) for i, (_, t) in enumerate(HEADLINES)] + [Doc("empty", ""), Doc("dot", "Short.")]
    clu = StoryClusterer(embeddings=False)
    p, use_vectors = clu._mode(counts([d.text for d in docs]))
    assert not use_vectors and p.text_weight == 1.0 and p.threshold == ClusterParams().short_tfidf_threshold
    labels = clu.fit(docs).labels_
    assert labels[-1] != labels[-2]  # an empty text joins nothing
    groups = _partition(labels[:-2])
    assert all(len({HEADLINES[i][0] for i in g}) == 1 for g in groups)  # no story mixes events


def test_small_full_text_pool_mixes_document_vectors_in_batch() -> None:
    # two reports of one event in different words (little TF-IDF overlap) and an unrelated one
    a = ("Twelve people died when the footbridge over the river collapsed during the lantern festival on "
         "Saturday evening, and rescue crews searched the water until after midnight for survivors.")
    b = ("The first funerals for the victims of the bridge disaster took place on Thursday as mourners "
         "followed the coffins through the old town to the cemetery beside the cathedral square.")
    c = ("The central bank raised its main interest rate by a quarter point on Wednesday, citing "
         "stubborn inflation in services and a labour market that has stayed tight all year.")
    docs = [Doc("a", a), Doc("b", b), Doc("c", c)]
    vecs = np.array([[1.0, 0.0], [0.96, 0.28], [0.0, 1.0]], dtype=np.float32)  # a ~ b, c apart
    p = ClusterParams()
    assert p.small_params(6).threshold == p.small_threshold and p.small_params(400).threshold > p.small_threshold
    mixed = StoryClusterer(p).fit(docs, vecs).labels_
    tfidf = StoryClusterer(p, embeddings=False).fit(docs, vecs).labels_
    assert mixed[0] == mixed[1] != mixed[2]
    assert len(set(tfidf)) == 3  # TF-IDF alone keeps the two reports apart

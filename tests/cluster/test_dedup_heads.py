"""Near-duplicate groups are headed by their best-described copy once a run has read everything."""

from __future__ import annotations

import json
from pathlib import Path

from test_dedup import BASE, _edit

from newsweave.api import ingest
from newsweave.api import run as run_api
from newsweave.dedup.heads import lend, outranks, rehead, relog
from newsweave.dedup.minhash import LSHIndex, MinHasher
from newsweave.dedup.near import STATE_KEY, NearDupFinder
from newsweave.model import Article, InputRecord
from newsweave.store.sqlite import SQLiteStore


def _art(aid: str, text: str, dup: str | None = None, **kw: str) -> Article:
    return Article(id=aid, text=text, source=f"{aid}.txt", duplicate_of=dup, **kw)  # type: ignore[arg-type]


def test_outranks_length_then_date_then_metadata() -> None:
    undated = _art("a", BASE)
    assert outranks(_art("b", BASE, published="2025-03-11"), undated)
    assert not outranks(undated, _art("b", BASE, published="2025-03-11"))
    # the earlier publication heads; then outlet / author / title
    assert outranks(_art("c", BASE, published="2025-03-10"), _art("d", BASE, published="2025-03-11"))
    assert outranks(_art("e", BASE, outlet="Gazette"), undated)
    assert not outranks(_art("h", BASE, published="not a date"), undated)
    # but a text 10% longer carries more to analyse, whatever the shorter copy's metadata
    longer = _art("f", BASE + " " + BASE[:400])
    assert outranks(longer, _art("b", BASE, published="2025-03-11", outlet="Gazette"))
    assert not outranks(_art("b", BASE, published="2025-03-11", outlet="Gazette"), longer)
    assert outranks(_art("g", BASE + " One more line.", published="2025-03-11"), undated)  # a few words more
    assert not outranks(_art("g", BASE + " One more line."), undated)  # ... and nothing else: read order
    short = _art("s", BASE[:220])  # 10% longer, but only a line more: a boilerplate line does not count
    assert not outranks(_art("t", BASE[:220] + " Copyright Ostrand Post."), short)


def test_rehead_moves_every_copy_to_the_dated_one() -> None:
    first = _art("a", BASE)
    dated = _art("b", _edit(BASE, 0.03, 1), "a", published="2025-03-11", outlet="Gazette")
    other = _art("c", _edit(BASE, 0.03, 2), "a")
    alone = _art("z", "An unrelated story about a ferry timetable, told in more than eight words here.")
    done = rehead([first, dated, other, alone])
    assert [(r.head.id, r.old.id, [m.id for m in r.moved]) for r in done] == [("b", "a", ["c"])]
    assert dated.duplicate_of is None and "near_duplicate" not in dated.meta
    assert first.duplicate_of == "b" and other.duplicate_of == "b"
    assert first.meta["near_duplicate"]["of"] == "b" and first.meta["near_duplicate"]["jaccard"] > 0.5
    recs = [InputRecord("a.txt", "accepted", None, "a"),
            InputRecord("b.txt", "duplicate", "near-duplicate of a", "b", "near_dup"),
            InputRecord("c.txt", "duplicate", "near-duplicate of a", "c", "near_dup"),
            InputRecord("copy-of-a.txt", "duplicate", "exact duplicate of a.txt (same text)", "a", "exact_dedup")]
    changed = relog(recs, done)
    assert [(r.input, r.status, r.reason, r.stage) for r in recs] == [
        ("a.txt", "duplicate", "near-duplicate of b", "near_dup"),
        ("b.txt", "accepted", None, None),
        ("c.txt", "duplicate", "near-duplicate of b", "near_dup"),
        ("copy-of-a.txt", "duplicate", "exact duplicate of a.txt (same text)", "exact_dedup")]
    assert len(changed) == 3


def test_no_rehead_when_a_copy_would_not_verify_against_the_new_head() -> None:
    words = BASE.split()
    first = _art("a", BASE)
    half = _art("b", " ".join(words[: len(words) // 2]), "a", published="2025-03-11")  # a truncation
    rest = _art("c", " ".join(words[len(words) // 2 :]), "a")  # contained in a, shares nothing with b
    assert rehead([first, half, rest]) == []
    assert half.duplicate_of == "a" and rest.duplicate_of == "a" and first.duplicate_of is None


def test_index_replace_swaps_the_indexed_original() -> None:
    h = MinHasher()
    idx = LSHIndex(h)
    sig_a, sig_b = h.signature(h.shingles(BASE)), h.signature(h.shingles(_edit(BASE, 0.05, 3)))
    idx.add("a", sig_a)
    assert idx.replace({"a": ("b", sig_b), "missing": ("x", sig_b)}) == 1
    assert idx.ids == ["b"] and idx.query(sig_b) == ["b"]
    assert LSHIndex.from_bytes(idx.to_bytes(), h).ids == ["b"]


def test_ingest_keeps_the_dated_copy_as_original_and_later_copies_link_to_it(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a_wire.txt").write_text(BASE, "utf-8")  # read first: undated, no outlet
    (src / "b_feed.jsonl").write_text(json.dumps({"text": _edit(BASE, 0.03, 1), "title": "Bridge reopens",
                                                  "outlet": "Northshire Gazette", "published": "2025-03-11"}),
                                      "utf-8")
    db = str(tmp_path / "nw.db")
    ctx, arts = ingest([src], db=db)
    s = ctx.summary()
    assert (s.accepted, s.duplicates) == (1, 1)
    by_src = {Path(a.source).name: a for a in arts}
    wire, feed = by_src["a_wire.txt"], by_src["b_feed.jsonl"]  # a one-record file is named by the file
    assert feed.duplicate_of is None and wire.duplicate_of == feed.id
    assert s.to_json()["duplicate_inputs"][0]["input"].endswith("a_wire.txt")
    with SQLiteStore(db) as st:
        assert st.get_article(wire.id).duplicate_of == feed.id
        assert st.get_article(feed.id).duplicate_of is None
        log = {Path(r["input"]).name: r for r in st.ingest_log(ctx.run_id)}
        assert log["a_wire.txt"]["status"] == "duplicate" and feed.id in log["a_wire.txt"]["reason"]
        assert log["b_feed.jsonl"]["status"] == "accepted"
        story = st.get_story(st.stories_for_articles([feed.id])[feed.id])
        assert story["duplicates"] == {wire.id: feed.id}
        finder = NearDupFinder.from_bytes(st.get_state(STATE_KEY))
        assert finder.index is not None and finder.index.ids == [feed.id]
    # a later copy links to the head, and the same inputs again are exact duplicates (idempotent)
    later = tmp_path / "later"
    later.mkdir()
    (later / "c.txt").write_text(_edit(BASE, 0.03, 4), "utf-8")
    ctx2, arts2 = ingest([later], db=db)
    assert [a.duplicate_of for a in arts2 if Path(a.source).name == "c.txt"] == [feed.id]
    ctx3, _ = ingest([src], db=db)
    assert (ctx3.summary().accepted, ctx3.summary().duplicates) == (0, 2)


def test_an_original_stored_by_an_earlier_run_keeps_its_group(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    (one / "a.txt").write_text(BASE, "utf-8")
    (two / "b.jsonl").write_text(json.dumps({"text": _edit(BASE, 0.03, 1), "published": "2025-03-11"}), "utf-8")
    db = str(tmp_path / "nw.db")
    _, arts1 = ingest([one], db=db)
    _, arts2 = ingest([two], db=db)
    assert arts2[0].duplicate_of == arts1[0].id  # stories and the clustering state already name it


def test_lend_notes_copies_outlets_and_dates_on_their_original() -> None:
    orig = _art("a", BASE, outlet="Courier")
    copies = [_art("b", BASE, "a", outlet="Gazette", published="2025-03-11"),
              _art("c", BASE, "a", outlet="Courier", published="2025-03-12"),  # the original's own outlet
              _art("d", BASE, "a", published="garbled"), _art("e", BASE, "missing")]
    assert lend(copies, {"a": orig}) == [orig]
    assert orig.meta["copies"] == {"outlets": ["Gazette"], "published": ["2025-03-11", "2025-03-12"]}
    # a copy that adds nothing changes nothing (a re-run's exact duplicates), nor does the original's own date
    assert lend([_art("f", BASE, "a", outlet="Gazette", published="2025-03-11")], {"a": orig}) == []
    dated = _art("g", BASE, published="2025-03-10")
    assert lend([_art("h", BASE, "g", published="2025-03-10")], {"g": dated}) == [] and "copies" not in dated.meta
    # an exact copy of a near-duplicate lends to the near-duplicate's original
    near = _art("n", BASE, "a")
    assert lend([_art("n", BASE, "n", outlet="Ledger")], {"a": orig, "n": near}) == [orig]
    assert orig.meta["copies"]["outlets"] == ["Gazette", "Ledger"] and "copies" not in near.meta


def test_an_exact_copy_with_metadata_dates_and_names_its_undated_original(tmp_path: Path) -> None:
    """The same text as an undated file and as a dated feed record: whichever is read first, the stored
    article has the record's outlet and date (the file's copy is an exact duplicate, or the record is)."""
    from newsweave.analyze.timeline import reference_dates

    record = json.dumps({"text": BASE, "outlet": "Harrowmere Post", "published": "2026-10-05", "author": "A. Mair"})
    got = []
    for first, second in (("a_wire.txt", "b_feed.jsonl"), ("b_wire.txt", "a_feed.jsonl")):
        src = tmp_path / first.split(".")[0]
        src.mkdir()
        (src / first).write_text(BASE, "utf-8")
        (src / second).write_text(record, "utf-8")
        db = str(src / "nw.db")
        report = run_api([src], db=db)
        assert (report.run.accepted, report.run.duplicates) == (1, 1)
        (story,) = report.stories
        (art,) = story.articles
        assert story.outlets() == ["Harrowmere Post"] and story.date_span() == ("2026-10-05", "2026-10-05")
        assert reference_dates(story)[art.id].date.isoformat() == "2026-10-05"
        with SQLiteStore(db) as st:
            stored = st.get_article(art.id)
            got.append((stored.outlet, stored.published, stored.author))
            before = st.get_article(art.id).meta
        again = run_api([src], db=db)  # idempotent: nothing new, the article unchanged
        assert (again.run.accepted, again.run.duplicates) == (0, 2)
        with SQLiteStore(db) as st:
            assert st.get_article(art.id).meta == before
    assert got == [("Harrowmere Post", "2026-10-05", "A. Mair")] * 2


def test_an_undated_original_is_dated_by_its_copy_across_runs(tmp_path: Path) -> None:
    """A dated copy of a stored, undated original: the story's outlets and date span count the copy,
    and the original's reference date is the copy's (not the story anchor)."""
    from newsweave.analyze.timeline import reference_dates
    from newsweave.api import analyze_stored
    from newsweave.model import Story

    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    (one / "a.txt").write_text(BASE, "utf-8")
    (two / "b.jsonl").write_text(json.dumps({"text": _edit(BASE, 0.03, 1), "outlet": "Gazette",
                                             "published": "2025-03-11"}), "utf-8")
    db = str(tmp_path / "nw.db")
    _, (orig,) = ingest([one], db=db)
    assert reference_dates(Story("s", "", [orig])) == {}
    ingest([two], db=db)
    report = analyze_stored(everything=True, db=db)
    (story,) = report.stories
    assert story.outlets() == ["Gazette"] and story.date_span() == ("2025-03-11", "2025-03-11")
    ref = reference_dates(story)[orig.id]
    assert (ref.date.isoformat(), ref.mode, ref.source) == ("2025-03-11", "past", "copy")
    with SQLiteStore(db) as st:
        row = st.list_stories()[0][0]
        assert row["outlets"] == ["Gazette"] and row["date_span"] == ["2025-03-11", "2025-03-11"]


def test_a_run_over_a_stored_story_keeps_its_near_duplicates(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(BASE, "utf-8")
    (src / "c.txt").write_text(_edit(BASE, 0.03, 5), "utf-8")  # a near-duplicate of a
    db = str(tmp_path / "nw.db")
    _, arts = ingest([src], db=db)
    orig = next(a for a in arts if not a.duplicate_of)
    copy = next(a for a in arts if a.duplicate_of)
    report = run_api([src / "a.txt"], db=db)  # only the original again: an exact duplicate
    (story,) = report.stories
    assert story.duplicates == {copy.id: orig.id}
    assert copy.id in {a.id for a in report.articles}  # the report lists the copy it names
    with SQLiteStore(db) as st:
        (row,) = st.list_stories()[0]
        assert st.get_story(row["id"])["duplicates"] == {copy.id: orig.id}

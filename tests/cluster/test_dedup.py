"""Near-duplicates: verified MinHash LSH, no chaining, floods, persistence through the store."""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

from cluster_corpus import event_texts

from newsweave.api import ingest
from newsweave.dedup.minhash import MinHasher, overlap
from newsweave.dedup.near import STATE_KEY, NearDupFinder
from newsweave.store.sqlite import SQLiteStore

BASE = " ".join(t for _, t in event_texts()[:3]) + (
    " The ministry said a full investigation into the causes would begin next week and publish its findings"
    " before the end of the year, while opposition politicians demanded an inquiry of their own.")


def _edit(text: str, rate: float, seed: int = 0) -> str:
    rng = random.Random(seed)
    words = text.split()
    return " ".join(rng.choice(words) if rng.random() < rate else w for w in words)


def test_variants_are_near_duplicates_and_other_stories_are_not() -> None:
    f = NearDupFinder()
    assert f.check("orig", BASE) is None
    words = BASE.split()
    variants = {
        "trunc": " ".join(words[: int(len(words) * 0.6)]),
        "boiler": "Share this article on Facebook Twitter Email\n\n" + BASE + "\n\nSign up for our newsletter.",
        "edits": _edit(BASE, 0.05),
    }
    for vid, text in variants.items():
        m = f.check(vid, text)
        assert m is not None and m.original == "orig", vid
    for i, (_, text) in enumerate(event_texts()[4:]):  # other events' articles
        assert f.check(f"other{i}", text) is None


def test_links_point_at_originals_only_no_chains() -> None:
    f = NearDupFinder()
    assert f.check("a", BASE) is None
    b = _edit(BASE, 0.03, seed=1)
    assert f.check("b", b).original == "a"
    c = _edit(b, 0.03, seed=2)  # a copy of the copy still links to the original (b was never indexed)
    m = f.check("c", c)
    assert m is not None and m.original == "a"
    assert len(f.index) == 1


def test_identical_titles_different_bodies_and_short_texts() -> None:
    f = NearDupFinder()
    texts = [t for _, t in event_texts()]
    assert all(f.check(str(i), t) is None for i, t in enumerate(texts[::4]))
    assert f.check("tiny", "Breaking news.") is None  # too short to judge: never a near-duplicate
    assert f.check("empty", "") is None
    j, c = overlap(MinHasher().shingles(""), MinHasher().shingles(BASE))
    assert j == 0.0 and c == 0.0


def test_flood_of_1000_copies_is_linear() -> None:
    f = NearDupFinder()
    f.check("orig", BASE)
    t0 = time.perf_counter()
    for i in range(1000):
        m = f.check(f"copy{i}", f"{BASE} Copy number {i} from the wire desk.")
        assert m is not None and m.original == "orig"
    assert len(f.index) == 1
    assert time.perf_counter() - t0 < 10.0  # ~1 ms each; O(n^2) would be far slower


def test_store_state_and_ingest_flood(tmp_path: Path) -> None:
    """Near-dups are found against earlier ingests (LSH state in the store) and a flood is counted."""
    d1, d2 = tmp_path / "one", tmp_path / "two"
    d1.mkdir()
    d2.mkdir()
    (d1 / "orig.txt").write_text(BASE, "utf-8")
    lines = [json.dumps({"text": f"{BASE}\n\nCopy {i} distributed by the wire desk.", "title": "Same"})
             for i in range(1000)]
    (d2 / "flood.jsonl").write_text("\n".join(lines), "utf-8")
    db = str(tmp_path / "nw.db")
    ctx1, arts1 = ingest([d1], db=db)
    assert ctx1.summary().accepted == 1
    t0 = time.perf_counter()
    ctx2, arts2 = ingest([d2], db=db)
    elapsed = time.perf_counter() - t0
    s = ctx2.summary()
    assert s.duplicates == 1000 and s.accepted == 0
    assert {a.duplicate_of for a in arts2 if a.duplicate_of} == {arts1[0].id}
    assert elapsed < 60
    with SQLiteStore(db) as st:
        assert st.get_state(STATE_KEY)
        stories, total = st.list_stories()
        assert total == 1 and stories[0]["n_articles"] == 1  # copies ride along, not counted
        story = st.get_story(stories[0]["id"])
        assert len(story["duplicates"]) == 1000
        # each copy's log row names the copy as stored (its own id); the reason names the original
        rows = [r for r in st.ingest_log(ctx2.run_id) if r["status"] == "duplicate"]
        assert {r["article_id"] for r in rows} == set(story["duplicates"])
        assert all(arts1[0].id in r["reason"] for r in rows)

"""The bundled example corpus is well-formed: gold.json agrees with the files, and ingest takes every article.

Gold refers to articles by document key: a file name in ``examples/``, or ``FILE#N`` for the N-th
(1-based) record of a JSONL file or ``<item>`` of an RSS feed.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsweave.api import ingest
from newsweave.model import Article

CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
FORMATS = {"txt", "html", "jsonl", "rss"}


@pytest.fixture(scope="session")
def gold(examples_dir: Path) -> dict[str, Any]:
    return json.loads((examples_dir / "gold.json").read_text("utf-8"))


def _split_key(key: str) -> tuple[str, int | None]:
    name, _, rec = key.partition("#")
    return name, int(rec) if rec else None


def doc_text(examples_dir: Path, key: str) -> str:
    """The raw text of one gold document as a reader sees it (HTML entities decoded, tags kept)."""
    name, rec = _split_key(key)
    raw = (examples_dir / name).read_text("utf-8")
    if name.endswith(".jsonl"):
        lines = [json.loads(line) for line in raw.splitlines() if line.strip()]
        r = lines[(rec or 1) - 1]
        return f"{r.get('title', '')}\n\n{r['text']}"
    if name.endswith(".xml"):
        items = ET.fromstring(raw).iter("item")
        item = list(items)[(rec or 1) - 1]
        parts = [item.findtext("title") or "", item.findtext(CONTENT) or item.findtext("description") or ""]
        return html.unescape("\n\n".join(parts))
    if name.endswith((".html", ".htm")):
        return html.unescape(raw)
    return raw


def story_text(examples_dir: Path, story: dict[str, Any]) -> str:
    return "\n\n".join(doc_text(examples_dir, k) for k in story["files"])


def _stories(gold: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    yield from gold["stories"].items()


# --- gold.json against the files ---------------------------------------------------------------


def test_gold_documents_cover_the_corpus(examples_dir: Path, gold: dict[str, Any]) -> None:
    docs = gold["documents"]
    assert 13 <= len(docs) <= 15
    assert len(gold["stories"]) == 3
    listed = [k for _, s in _stories(gold) for k in s["files"]]
    assert sorted(listed) == sorted(docs), "every document belongs to exactly one story"
    for key, meta in docs.items():
        assert meta["format"] in FORMATS
        assert gold["stories"][meta["story"]]["files"].count(key) == 1
    on_disk = {p.name for p in examples_dir.iterdir() if p.is_file() and not p.name.startswith(".")} - {"README.md", "gold.json"}
    assert on_disk == {_split_key(k)[0] for k in docs}, "gold names every article file and nothing else"
    outlets = {m["outlet"] for m in docs.values() if m.get("outlet")}
    assert len(outlets) >= 5


def test_formats_and_record_counts(examples_dir: Path, gold: dict[str, Any]) -> None:
    fmts = [m["format"] for m in gold["documents"].values()]
    assert fmts.count("html") >= 2 and fmts.count("jsonl") == 2 and fmts.count("rss") == 2
    for key, meta in gold["documents"].items():
        name, rec = _split_key(key)
        if meta["format"] == "jsonl":
            lines = [json.loads(x) for x in (examples_dir / name).read_text("utf-8").splitlines() if x.strip()]
            assert set(lines[rec - 1]) >= {"text", "title", "url", "date", "outlet"}
            assert lines[rec - 1]["date"] == meta["published"] and lines[rec - 1]["outlet"] == meta["outlet"]
        if meta["format"] == "html":
            raw = (examples_dir / name).read_text("utf-8")
            assert 'property="og:site_name"' in raw and 'name="author"' in raw


def test_article_lengths(examples_dir: Path, gold: dict[str, Any]) -> None:
    for key in gold["documents"]:
        text = doc_text(examples_dir, key)
        if key.endswith(".html"):
            body = re.search(r"<article.*?</article>", text, re.S)
            assert body, key
            text = re.sub(r"<[^>]+>", " ", body.group(0))
        words = len(re.findall(r"\w+", text))
        assert 180 <= words <= 500, f"{key}: {words} words"


def test_anchors_identify_each_article(examples_dir: Path, gold: dict[str, Any]) -> None:
    docs = gold["documents"]
    for key, meta in docs.items():
        assert meta["anchor"] in doc_text(examples_dir, key), key
        same_file = [k for k in docs if _split_key(k)[0] == _split_key(key)[0] and k != key]
        for other in same_file:  # anchors must tell records of one container apart
            assert meta["anchor"] not in doc_text(examples_dir, other), (key, other)


def test_entity_variants_occur(examples_dir: Path, gold: dict[str, Any]) -> None:
    for name, story in _stories(gold):
        text = story_text(examples_dir, story)
        for ent in story["entities"]:
            assert ent["name"] in ent["variants"] or ent["name"].replace("'", "’") in ent["variants"]
            for a in ent["aliases"]:  # optional forms: present somewhere is enough
                assert a in text, f"{name}: entity alias {a!r} not in its story's files"
            for v in ent["variants"]:
                # a required variant must occur on its own, not only inside a longer one ("Brandell")
                rest = text
                for longer in sorted((f for f in ent["variants"] if v in f and f != v), key=len, reverse=True):
                    rest = rest.replace(longer, "\0")
                assert re.search(rf"(?<![\w]){re.escape(v)}(?![\w])", rest), \
                    f"{name}: entity variant {v!r} not in its story's files on its own"
    corpus = "\n".join(doc_text(examples_dir, k) for k in gold["documents"])
    for v in gold["neutral_entities"]:
        assert v in corpus, v


def test_quotes_occur(examples_dir: Path, gold: dict[str, Any]) -> None:
    for _, story in _stories(gold):
        for q in story["quotes"]:
            assert isinstance(q["marked"], bool)
            for f in q["files"]:
                assert q["text_contains"] in doc_text(examples_dir, f), (f, q["text_contains"])
            if "continues" in q:
                assert any(q["continues"] in doc_text(examples_dir, f) for f in q["files"]), q["continues"]
    unmarked = [q for _, s in _stories(gold) for q in s["quotes"] if not q["marked"]]
    assert len(unmarked) >= 3
    repeated = [q for _, s in _stories(gold) for q in s["quotes"] if len(q["files"]) >= 3]
    assert len(repeated) >= 3, "the same quote is repeated across sources in every story"


def test_timeline_substrings_occur(examples_dir: Path, gold: dict[str, Any]) -> None:
    shapes = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}
    for _, story in _stories(gold):
        for t in story["timeline"]:
            assert re.fullmatch(shapes[t["precision"]], t["date"]), t
            for f in t["files"]:
                assert any(s in doc_text(examples_dir, f) for s in t["event_contains"]), (f, t["event"])
            for s in t["event_contains"]:
                assert any(s in doc_text(examples_dir, f) for f in t["files"]), s


def test_one_contradiction_per_story(examples_dir: Path, gold: dict[str, Any]) -> None:
    for name, story in _stories(gold):
        assert len(story["contradictions"]) == 1, name
        c = story["contradictions"][0]
        assert c["kind"] in {"date", "weekday", "number", "entity", "polarity"}
        assert len(c["values"]) == 2 and len(c["files"]) == 2 and len(c["sides"]) == 2
        assert [s["value"] for s in c["sides"]] == c["values"]
        for f, side, other in zip(c["files"], c["sides"], reversed(c["sides"]), strict=True):
            assert f in side["claims"]
            for g, claim in side["claims"].items():
                assert side["value"] in claim and other["value"] not in claim
                assert claim in doc_text(examples_dir, g), (g, claim)
        assert not set(c["sides"][0]["claims"]) & set(c["sides"][1]["claims"]), "no file takes both sides"


def test_key_fact_in_every_article(examples_dir: Path, gold: dict[str, Any]) -> None:
    for name, story in _stories(gold):
        facts = story["corroborated"]
        assert any(set(f["evidence"]) == set(story["files"]) for f in facts), name
        for f in facts:
            assert len(f["evidence"]) >= f["min_sources"]
            for key, sub in f["evidence"].items():
                assert sub in doc_text(examples_dir, key), (key, sub)


def test_wire_groups(examples_dir: Path, gold: dict[str, Any]) -> None:
    (wire,) = gold["wire"]
    copies = [doc_text(examples_dir, k) for k in wire["copies"]]
    lead = "Container traffic at the port of Kessholm remained frozen"
    assert all(lead in c for c in copies)
    for para in wire["paraphrases"]:
        assert lead not in doc_text(examples_dir, para)


def test_no_seed_text(examples_dir: Path, gold: dict[str, Any], seeds_dir: Path) -> None:
    """No 8-word run of any seed article appears in the example corpus."""
    def grams(t: str) -> set[tuple[str, ...]]:
        w = re.findall(r"\w+", t.lower())
        return {tuple(w[i : i + 8]) for i in range(len(w) - 7)}

    boilerplate = ("Leave a Reply", "Your email address will not be published. Required fields are marked *")

    def body(key: str) -> str:
        text = doc_text(examples_dir, key)
        for b in boilerplate:  # generic site boilerplate is shared with the seeds on purpose
            text = text.replace(b, "\n")
        return text

    corpus = set().union(*(grams(body(k)) for k in gold["documents"]))
    for seed in sorted(seeds_dir.iterdir()):
        assert not corpus & grams(seed.read_text("utf-8", errors="replace")), seed.name


# --- ingest takes every article ---------------------------------------------------------------


@pytest.fixture(scope="session")
def ingested(examples_dir: Path, gold: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
             ) -> tuple[Any, list[Article]]:
    files = sorted({_split_key(k)[0] for k in gold["documents"]})
    db = tmp_path_factory.mktemp("examples") / "examples.db"
    return ingest([examples_dir / f for f in files], db=str(db))


def _articles_for(key: str, docs: dict[str, Any], arts: list[Article]) -> list[Article]:
    """Articles from ``key``'s file whose text has its anchor and no other record's anchor."""
    name = _split_key(key)[0]
    others = [m["anchor"] for k, m in docs.items() if k != key and _split_key(k)[0] == name]
    return [a for a in arts if Path(a.source.split("#")[0]).name == name and docs[key]["anchor"] in a.text
            and not any(o in a.text for o in others)]


def test_every_file_ingested_without_rejection(ingested: tuple[Any, list[Article]]) -> None:
    ctx, _ = ingested
    summary = ctx.summary().to_json()
    assert summary["rejected"] == [], summary["rejected"]


@pytest.mark.parametrize("fmt", ["txt", "html", "jsonl", "rss"])
def test_every_article_of_format_ingested(fmt: str, gold: dict[str, Any],
                                          ingested: tuple[Any, list[Article]]) -> None:
    _, arts = ingested
    docs = {k: m for k, m in gold["documents"].items() if m["format"] == fmt}
    found = {k: _articles_for(k, gold["documents"], arts) for k in docs}
    missing = [k for k, v in found.items() if len(v) != 1]
    assert not missing, f"not exactly one article for {missing}"
    if fmt == "html":
        texts = [v[0].text for v in found.values()]
        assert not any("<p>" in t or "</" in t for t in texts), "markup left in extracted text"
        for t in texts:
            assert "Leave a Reply" not in t and "Post Comment" not in t, "page chrome leaked into the text"


@pytest.mark.parametrize("fmt", ["html", "jsonl", "rss"])
def test_container_metadata(fmt: str, gold: dict[str, Any], ingested: tuple[Any, list[Article]]) -> None:
    """Outlet and date from og:site_name / JSONL fields / RSS pubDate reach the article."""
    _, arts = ingested
    docs = {k: m for k, m in gold["documents"].items() if m["format"] == fmt}
    found = {k: _articles_for(k, gold["documents"], arts) for k in docs}
    assert all(len(v) == 1 for v in found.values()), f"{fmt}: not one article per record"
    got = {k: (v[0].outlet, v[0].published) for k, v in found.items()}
    if all(o is None and p is None for o, p in got.values()):
        pytest.xfail(f"{fmt} metadata extraction not in place yet")
    for k, m in docs.items():
        outlet, published = got[k]
        assert published == m.get("published"), k
        # the outlet may carry a feed suffix ("Tidewater Post - Latest") but must name the outlet
        assert (outlet is None) == (m.get("outlet") is None) and (m.get("outlet") or "") in (outlet or ""), (k, outlet)


# --- the scorer in benchmarks/analysis.py -----------------------------------------------------


@pytest.fixture(scope="module")
def scorer() -> Any:
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "analysis.py"
    spec = importlib.util.spec_from_file_location("bench_analysis", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _perfect_report(gold: dict[str, Any]) -> dict[str, Any]:
    """A report that states exactly the gold, built from gold strings only."""
    story: dict[str, list[dict[str, Any]]] = {"entities": [], "quotes": [], "timeline": [], "contradictions": [],
                                              "facts": []}
    for s in gold["stories"].values():
        story["entities"] += [{"name": e["name"], "type": e["type"], "variants": e["variants"],
                               "mentions": [{"text": v} for v in e["variants"]]} for e in s["entities"]]
        story["quotes"] += [{"speaker": q["speaker"], "marked": q["marked"],
                             "spans": [{"text": q["text_contains"] + " " + q.get("continues", "")}]}
                            for q in s["quotes"] if not q.get("optional")]
        story["timeline"] += [{"date": t["date"], "precision": t["precision"],
                               "event": [{"text": t["event_contains"][0]}]} for t in s["timeline"]]
        story["contradictions"] += [{"kind": c["kind"], "values": c["values"], "topic": c["topic"],
                                     "claims": [{"text": next(iter(side["claims"].values()))} for side in c["sides"]]}
                                    for c in s["contradictions"]]
    return {"articles": [], "stories": [story]}


def test_scorer_perfect_and_empty(scorer: Any, gold: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    perfect = scorer.score(_perfect_report(gold), gold)
    assert perfect["precision"] == 1.0 and perfect["recall"] == 1.0
    empty = scorer.score({"articles": [], "stories": []}, gold)
    assert empty["precision"] == 0.0 and empty["recall"] == 0.0
    out = capsys.readouterr().out
    assert json.loads(json.dumps(perfect))["benchmark"] == "analysis" and "summary" in out


def test_scorer_is_strict(scorer: Any, gold: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    rep = _perfect_report(gold)
    st = rep["stories"][0]
    voss = next(e for e in st["entities"] if e["name"] == "Katarina Voss")
    voss["variants"] = ["Katarina Voss", "Voss"]  # spelling variant not merged: a miss, not a false positive
    st["entities"].append({"name": "Katharina Voss", "type": "PERSON", "variants": ["Katharina Voss"],
                           "mentions": [{}, {}]})
    st["entities"].append({"name": "Hallam", "type": "PERSON", "variants": ["Hallam", "Okafor"],  # merges two
                           "mentions": [{}, {}]})
    st["entities"].append({"name": "Zyx Corp", "type": "ORG", "variants": ["Zyx Corp"], "mentions": [{}, {}]})
    st["quotes"][0]["speaker"] = "Oskar Brandell"  # right words, wrong speaker
    st["timeline"][0]["date"] = "2026-03-03"
    st["contradictions"][0]["values"] = ["Friday", "Sunday"]
    res = scorer.score(rep, gold)
    capsys.readouterr()
    t = {k: (res[f"{k}_precision"], res[f"{k}_recall"]) for k in ("entities", "quotes", "timeline", "contradictions")}
    n_ent = sum(len(s["entities"]) for s in gold["stories"].values())
    assert t["entities"][1] == pytest.approx((n_ent - 1) / n_ent, abs=1e-4)
    assert t["entities"][0] == pytest.approx((n_ent - 1) / (n_ent - 1 + 2), abs=1e-4)  # merged + unknown are FPs
    assert t["quotes"][0] < 1.0 and t["quotes"][1] < 1.0
    assert t["timeline"][0] < 1.0 and t["timeline"][1] < 1.0
    assert t["contradictions"] == (pytest.approx(2 / 3, abs=1e-4), pytest.approx(2 / 3, abs=1e-4))


def test_folder_run_ingests_only_articles(examples_dir: Path, gold: dict[str, Any],
                                          tmp_path: Path) -> None:
    """``newsweave run examples/`` (the documented demo) should take the 15 articles and nothing else."""
    ctx, arts = ingest([examples_dir], db=str(tmp_path / "folder.db"))
    names = {Path(a.source.split("#")[0]).name for a in arts}
    rejected = ctx.summary().to_json()["rejected"]
    assert "README.md" not in names  # examples/.newsweaveignore keeps docs and gold out of the inputs
    assert rejected == [] and len(arts) == len(gold["documents"])


def test_fact_pair_scorer(scorer: Any, gold: dict[str, Any]) -> None:
    judged = [x for s in gold["stories"].values() for x in s.get("fact_pairs", [])]
    assert judged and any(x["same"] for x in judged) and not all(x["same"] for x in judged)
    ids = {x[side][0] for x in judged for side in ("a", "b")}
    mapped = {k: k for k in ids}

    def fact(*members: list[str]) -> dict[str, Any]:
        return {"spans": [{"article_id": k, "text": prefix + " …"} for k, prefix in members]}

    right = [fact(x["a"], x["b"]) for x in judged if x["same"]]
    t, _, unjudged = scorer.score_fact_pairs({"stories": [{"facts": right}]}, gold, mapped)
    assert t.prf() == (1.0, 1.0) and unjudged == 0
    wrong = [fact(x["a"], x["b"]) for x in judged if not x["same"]]
    extra = fact(["nowhere.txt", "A sentence nobody judged."], judged[0]["a"])
    t, rows, unjudged = scorer.score_fact_pairs({"stories": [{"facts": right[:1] + wrong + [extra]}]}, gold, mapped)
    assert t.tp == 1 and t.fp == len(wrong) and unjudged == 1 and t.prf()[1] == 1 / len(right)
    assert sum(r[0] == "WRONG" for r in rows) == len(wrong)

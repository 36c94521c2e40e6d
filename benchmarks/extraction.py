"""Article extraction on the ScrapingHub/Zyte article-extraction-benchmark (181 pages).

Scores what newsweave stores for an HTML page (trafilatura with our settings + the line-level
boilerplate filter + headline separation, i.e. ``clean_raw(...).text``) beside plain
``trafilatura.extract`` defaults, in the same run, with the benchmark's own metric: ``\\w+`` tokens,
4-gram shingle multisets, per-document TP/FP/FN normalised to sum 1, precision and recall
averaged over documents, F1 of the averages.

    nice -n 10 .venv/bin/python benchmarks/extraction.py            # all 181 pages
    .venv/bin/python benchmarks/extraction.py --limit 20            # quick slice
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "article_extraction_benchmark"
_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    toks = _TOKEN.findall(text or "")
    return Counter(tuple(toks[i : i + n]) for i in range(max(1, len(toks) - n + 1)) if toks[i : i + n])


def tp_fp_fn(true: str, pred: str) -> tuple[float, float, float]:
    a, b = shingles(true), shingles(pred)
    tp = fp = fn = 0
    for k in set(a) | set(b):
        x, y = a.get(k, 0), b.get(k, 0)
        tp += min(x, y)
        fp += max(0, y - x)
        fn += max(0, x - y)
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def score(truth: dict[str, str], preds: dict[str, str]) -> dict[str, float]:
    """The benchmark's metric: mean precision, mean recall over docs, F1 of the means, exact accuracy."""
    ps, rs, acc = [], [], []
    for k, true in truth.items():
        pred = preds.get(k, "")
        tp, fp, fn = tp_fp_fn(true, pred)
        if tp + fp > 0:
            ps.append(1.0 if fp == fn == 0 else tp / (tp + fp))
        if tp + fn > 0:
            rs.append(1.0 if fp == fn == 0 else tp / (tp + fn))
        acc.append(float(_TOKEN.findall(true) == _TOKEN.findall(pred)))
    p = statistics.mean(ps) if ps else 0.0
    r = statistics.mean(rs) if rs else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "accuracy": statistics.mean(acc) if acc else 0.0}


def load(limit: int | None = None) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(truth, html, url) by item id, sorted by id; ``limit`` keeps the first N."""
    gt = json.loads((DATA / "ground-truth.json").read_text("utf-8"))
    ids = sorted(gt)[:limit] if limit else sorted(gt)
    html = {k: gzip.decompress((DATA / "html" / f"{k}.html.gz").read_bytes()).decode("utf-8") for k in ids}
    return {k: gt[k]["articleBody"] for k in ids}, html, {k: gt[k].get("url") for k in ids}


def newsweave_article(html: str, url: str | None):  # -> Article | str
    """What the clean stage stores for this page (no length/language rejection in the benchmark)."""
    from newsweave.clean import clean_raw
    from newsweave.config import Config
    from newsweave.model import RawDoc

    cfg = Config(min_words=1, languages=())
    return clean_raw(RawDoc(input=url or "page", content=html.encode("utf-8"), media_type="text/html", url=url), cfg)


def newsweave_text(html: str, url: str | None) -> str:
    """Only ``article.text`` (sub-headings live in ``article.sections``, not in the text)."""
    art = newsweave_article(html, url)
    return "" if isinstance(art, str) else art.text


def newsweave_extract(html: str, url: str | None) -> str:
    """The extracted body: ``article.text`` with its section headings put back at their offsets."""
    art = newsweave_article(html, url)
    if isinstance(art, str):
        return ""
    text, parts, last = art.text, [], 0
    for sec in sorted(art.sections, key=lambda s: s["offset"]):
        parts += [text[last : sec["offset"]], sec["title"] + "\n\n"]
        last = sec["offset"]
    return "".join([*parts, text[last:]])


def trafilatura_default(html: str, url: str | None) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url) or ""


def trafilatura_precision(html: str, url: str | None) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url, favor_precision=True) or ""


def visible_text(html: str, url: str | None) -> str:
    """Baseline: all visible text of the page (scripts, styles, nav and forms dropped)."""
    from newsweave.clean.html import fragment_text

    return fragment_text(html)


def visible_text_filtered(html: str, url: str | None) -> str:
    """The plain-text line filter alone (no trafilatura) on the visible page text: how far it generalises."""
    from newsweave.clean import clean_text

    return clean_text(visible_text(html, url))[0]


SYSTEMS = {"newsweave": newsweave_extract, "newsweave text only": newsweave_text,
           "trafilatura (defaults)": trafilatura_default,
           "trafilatura favor_precision": trafilatura_precision, "visible page text": visible_text,
           "visible text + line filter": visible_text_filtered}


def run(limit: int | None = None, systems: tuple[str, ...] = tuple(SYSTEMS)) -> dict[str, dict[str, float]]:
    truth, html, urls = load(limit)
    out: dict[str, dict[str, float]] = {}
    for name in systems:
        fn = SYSTEMS[name]
        t0 = time.perf_counter()
        preds = {k: fn(h, urls[k]) for k, h in html.items()}
        res = score(truth, preds)
        res["seconds"] = time.perf_counter() - t0
        out[name] = res
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, help="only the first N pages (sorted by id)")
    args = ap.parse_args(argv)
    if not DATA.is_dir():
        print(f"benchmark data not found at {DATA}", file=sys.stderr)
        return 1
    res = run(args.limit)
    n = args.limit or 181
    print(f"Article extraction benchmark ({n} pages), metric: 4-gram shingle P/R/F1 (their evaluate.py)")
    print(f"{'system':30} {'precision':>9} {'recall':>7} {'F1':>7} {'accuracy':>8} {'s/page':>7}")
    for name, r in res.items():
        print(f"{name:30} {r['precision']:9.4f} {r['recall']:7.4f} {r['f1']:7.4f} {r['accuracy']:8.3f} "
              f"{r['seconds'] / n:7.3f}")
    print(json.dumps({"benchmark": "extraction", "pages": n, "f1": round(res["newsweave"]["f1"], 4),
                      "precision": round(res["newsweave"]["precision"], 4),
                      "recall": round(res["newsweave"]["recall"], 4),
                      "trafilatura_f1": round(res["trafilatura (defaults)"]["f1"], 4)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

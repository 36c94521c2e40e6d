"""Ingest throughput: 5,000 JSONL articles (Multi-News test documents) into a fresh SQLite store.

Runs the real API (``newsweave.api.ingest``: sniff, JSONL parse, clean, exact + near-duplicate
dedup, store with FTS5 and the ingest log, incremental story assignment) with ``embeddings=False``,
beside rows that show where the time goes: reading + parsing only (``iter_raw``), reading +
cleaning without a store, and the ingest layer alone (clean + exact dedup + store + log, i.e. the
API's ``_ingest`` with only the exact-dedup corpus stage and no story assignment).

    nice -n 10 .venv/bin/python benchmarks/ingest_throughput.py [--n 5000]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "multi_news" / "multinews_test.jsonl"


def build_jsonl(path: Path, n: int) -> int:
    """Write ``n`` one-article lines from Multi-News test documents; returns how many were written."""
    written = 0
    with open(DATA, encoding="utf-8") as src, open(path, "w", encoding="utf-8") as out:
        for line in src:
            cluster = json.loads(line)
            for j, doc in enumerate(cluster["documents"]):
                if len(doc.split()) < 30:
                    continue
                out.write(json.dumps({"id": f"{cluster['idx']}-{j}", "text": doc,
                                      "title": f"Multi-News {cluster['idx']} document {j}"}) + "\n")
                written += 1
                if written >= n:
                    return written
    return written


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=5000)
    args = ap.parse_args(argv)
    if not DATA.is_file():
        print(f"data not found: {DATA}", file=sys.stderr)
        return 1
    from newsweave.api import ingest
    from newsweave.clean import CleanStage
    from newsweave.config import Config
    from newsweave.ingest import iter_raw
    from newsweave.pipeline import RunContext

    with tempfile.TemporaryDirectory(prefix="nw-ingest-bench-") as tmp:
        src = Path(tmp) / "articles.jsonl"
        n = build_jsonl(src, args.n)
        cfg = Config(db=str(Path(tmp) / "bench.db"), embeddings=False)
        rows = []

        t0, c0 = time.perf_counter(), time.process_time()
        raws = list(iter_raw([src], cfg, RunContext(config=cfg)))
        rows.append(("read + parse JSONL (iter_raw)", len(raws), time.perf_counter() - t0, time.process_time() - c0))

        t0, c0 = time.perf_counter(), time.process_time()
        arts = list(CleanStage(cfg)(iter_raw([src], cfg, RunContext(config=cfg)), RunContext(config=cfg)))
        rows.append(("read + clean, no store", len(arts), time.perf_counter() - t0, time.process_time() - c0))
        del raws, arts

        from newsweave import api
        from newsweave import stages as default_stages
        from newsweave.dedup.exact import ExactDedupStage
        from newsweave.store.sqlite import SQLiteStore

        default_stages.build(cfg)  # import every layer's modules once: start-up cost, not throughput
        layer_cfg = cfg.with_(db=str(Path(tmp) / "layer.db"))
        real_corpus = default_stages.corpus_stages
        default_stages.corpus_stages = lambda c: [ExactDedupStage()]
        try:
            with SQLiteStore(layer_cfg.db) as store:
                t0, c0 = time.perf_counter(), time.process_time()
                lctx, _ = api._ingest([src], (), layer_cfg, store, None, command="bench")
                lsecs, lcpu = time.perf_counter() - t0, time.process_time() - c0
        finally:
            default_stages.corpus_stages = real_corpus
        rows.append(("ingest layer (clean+exact dedup+store)", lctx.summary().inputs, lsecs, lcpu))

        rss_before = _peak_mib()
        t0, c0 = time.perf_counter(), time.process_time()
        ctx, _ = ingest([src], config=cfg)
        secs, cpu = time.perf_counter() - t0, time.process_time() - c0
        s = ctx.summary()
        rows.append(("newsweave.api.ingest (full)", s.inputs, secs, cpu))
        peak = _peak_mib()
        stage_secs = {k: v["seconds"] for k, v in s.stages.items()}

    print(f"Ingest throughput: {n} JSONL articles from Multi-News test documents, fresh SQLite store")
    load = os.getloadavg()[0]
    print(f"{'pipeline':40} {'items':>6} {'wall s':>7} {'items/s':>8} {'CPU s':>7} {'items/CPU-s':>11}")
    for name, items, sec, cpu_s in rows:
        print(f"{name:40} {items:6d} {sec:7.2f} {items / sec:8.0f} {cpu_s:7.2f} {items / cpu_s:11.0f}")
    print(f"1-minute load average at the end: {load:.1f} on {os.cpu_count()} cores (shared machine)")
    print(f"full run stage seconds (inclusive of upstream stages): {stage_secs}")
    print(f"accepted {s.accepted}, duplicates {s.duplicates}, rejected {len(s.rejected)}; "
          f"peak RSS {peak:.0f} MiB (before the ingest run: {rss_before:.0f} MiB)")
    print(json.dumps({"benchmark": "ingest_throughput", "articles": s.inputs, "accepted": s.accepted,
                      "seconds": round(secs, 2), "articles_per_s": round(s.inputs / secs, 1),
                      "ingest_layer_articles_per_s": round(lctx.summary().inputs / lsecs, 1),
                      "ingest_layer_articles_per_cpu_s": round(lctx.summary().inputs / lcpu, 1),
                      "load_avg": round(load, 1),
                      "peak_rss_mib": round(peak)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Throughput and memory of the whole pipeline, local vs Dask (1 and 2 workers), on Multi-News test.

    nice -n 10 .venv/bin/python benchmarks/throughput.py --sizes 2000 8000 [--full-sizes 300 1000]

For each corpus size (the first N documents of ``multinews_test.jsonl``, whole clusters, in file
order, written once as JSONL under /tmp/newsweave-cache/throughput/) and each engine, two phases run,
each in a fresh subprocess on a fresh store (so no model, vector or store cache carries over):

* ``ingest``: ``newsweave ingest`` = read, clean, exact + near-dup dedup, store (FTS5, ingest log) and
  incremental story assignment of every article (the store-wide stories ``ingest`` maintains);
* ``full``:   ``newsweave run`` = ingest + clustering + every story stage (analysis, summary) +
  report validation + story writes.

Articles/s counts inputs (documents) per second of wall time, measured after the engine is up
(LocalCluster start-up is reported apart; model loading is inside the timing). Peak memory is the
largest sum of RSS over the subprocess and all its children (Dask nanny + worker processes), sampled
every 0.1 s. The local ``full`` run at the smallest size is repeated in a fresh process on the same
store (every input a stored duplicate, sentence vectors from the store's cache) to show what the
store's per-article caches save.

The last line is one JSON object: ``{"benchmark": "throughput", "ingest_cluster_articles_per_s",
"full_articles_per_s", "dask2_speedup"}``: the best engine at the largest ingest size and at the
largest full-pipeline size, and the full-pipeline speed-up of Dask with 2 workers over Dask with 1.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "multi_news" / "multinews_test.jsonl"
CACHE = Path("/tmp/newsweave-cache/throughput")
# name -> (engine, n): n = Dask workers, or for local the clean worker processes (0 = in-process)
ENGINES = {"local": ("local", 0), "local+1p": ("local", 1), "dask1": ("dask", 1), "dask2": ("dask", 2)}


# --- corpus -----------------------------------------------------------------------------------------

def build_corpus(n: int, src: Path = DATA) -> Path:
    """First ``n`` Multi-News test documents as JSONL (id, text), cached under /tmp/newsweave-cache."""
    CACHE.mkdir(parents=True, exist_ok=True)
    out = CACHE / f"multinews_test_{n}.jsonl"
    if out.is_file():
        return out
    rows: list[str] = []
    with src.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            for j, doc in enumerate(rec["documents"]):
                rows.append(json.dumps({"id": f"mn{rec['idx']}-{j}", "text": doc}))
                if len(rows) == n:
                    break
            if len(rows) == n:
                break
    if len(rows) < n:
        raise SystemExit(f"{src} has only {len(rows)} documents")
    tmp = out.with_suffix(".tmp")
    tmp.write_text("\n".join(rows) + "\n", "utf-8")
    tmp.rename(out)
    return out


# --- one measurement (child process) ----------------------------------------------------------------

def child(spec: dict[str, Any]) -> dict[str, Any]:
    from newsweave import api
    from newsweave.config import Config
    from newsweave.engine import make_engine
    from newsweave.store import open_store

    kind, n = ENGINES[spec["engine"]]
    cfg = Config(db=spec["db"], engine=kind, **({"processes": n} if kind == "local" else {"workers": n}))
    t0 = time.perf_counter()
    engine = make_engine(cfg)
    startup = time.perf_counter() - t0
    store = open_store(cfg)
    out: dict[str, Any] = {"startup_s": round(startup, 2)}
    try:
        t1 = time.perf_counter()
        if spec["phase"] == "ingest":
            ctx, _ = api.ingest([spec["data"]], config=cfg, store=store, engine=engine)
            n_stories = store.list_stories(limit=1)[1]
            summary = ctx.summary()
        else:
            report = api.run([spec["data"]], config=cfg, store=store, engine=engine)
            n_stories, summary = len(report.stories), report.run
        out.update({"seconds": round(time.perf_counter() - t1, 2), "inputs": summary.inputs,
                    "accepted": summary.accepted, "stories": n_stories,
                    "stages": {k: v["seconds"] for k, v in summary.stages.items()}})
    finally:
        store.close()
        engine.close()
    return out


def snapshot() -> tuple[str, dict[str, str]]:
    """Export the committed ``src/`` (HEAD) once and point the children at it, so edits made to the
    working tree while the benchmark runs cannot mix into it. Returns (commit, environment)."""
    repo = Path(__file__).resolve().parents[1]
    sha = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=repo, capture_output=True,
                         text=True, check=True).stdout.strip()
    dst = CACHE / f"src-{sha}"
    if not dst.is_dir():
        tmp = CACHE / f"src-{sha}.tmp"
        tmp.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", "HEAD", "src"], cwd=repo, capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(tmp)], input=archive.stdout, check=True)
        tmp.rename(dst)
    env = dict(os.environ, PYTHONPATH=str(dst / "src"))
    return sha, env


def measure(spec: dict[str, Any], env: dict[str, str] | None = None) -> dict[str, Any] | None:
    """Run one measurement in a subprocess; sample RSS of it and its children; return its figures
    (None if it failed: the failure is reported and the benchmark goes on)."""
    cmd = [sys.executable, __file__, "--child", json.dumps(spec)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=env)
    root = psutil.Process(proc.pid)
    peak = 0
    cpu: dict[int, float] = {}  # latest user+system CPU seconds seen per process (workers included)
    while proc.poll() is None:
        try:
            procs = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        rss = 0
        for p in procs:
            try:
                rss += p.memory_info().rss
                t = p.cpu_times()
                cpu[p.pid] = t.user + t.system
            except psutil.NoSuchProcess:
                pass
        peak = max(peak, rss)
        time.sleep(0.1)
    stdout, _ = proc.communicate()
    if proc.returncode != 0:
        print(f"# FAILED {spec} (exit status {proc.returncode})", file=sys.stderr, flush=True)
        return None
    res = json.loads(stdout.strip().splitlines()[-1])
    res["peak_mb"] = round(peak / 2**20, 1)
    res["cpu_s"] = round(sum(cpu.values()), 1)  # sampled every 0.1 s: the last 0.1 s of each process is missed
    res["load"] = round(os.getloadavg()[0], 1)
    return res


# --- driver -----------------------------------------------------------------------------------------

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[2000, 8000], help="corpus sizes (ingest phase)")
    ap.add_argument("--full-sizes", type=int, nargs="*", default=None,
                    help="corpus sizes for the full pipeline (default: --sizes)")
    ap.add_argument("--engines", nargs="+", choices=list(ENGINES), default=["local", "dask1", "dask2"])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--no-rerun", action="store_true", help="skip the cached re-run measurement")
    ap.add_argument("--phases", nargs="+", choices=["ingest", "full"], default=["ingest", "full"])
    ap.add_argument("--working-tree", action="store_true",
                    help="measure the working tree instead of a snapshot of the committed src/ (HEAD)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(json.loads(args.child))), flush=True)
        return

    full_sizes = args.sizes if args.full_sizes is None else args.full_sizes
    if "full" not in args.phases:
        full_sizes = []
    plan = [(n, "ingest") for n in sorted(args.sizes) if "ingest" in args.phases]
    plan += [(n, "full") for n in sorted(full_sizes)]
    sha, env = ("working tree", None) if args.working_tree else snapshot()
    print(f"# code: {sha}", file=sys.stderr, flush=True)
    rows: list[dict[str, Any]] = []
    load0 = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="nw-throughput-") as tmp:
        for n, phase in plan:
            data = build_corpus(n, args.data)
            for eng in args.engines:
                rerun = (phase == "full" and eng == "local" and n == min(full_sizes) and not args.no_rerun)
                spec = {"engine": eng, "phase": phase, "data": str(data),
                        "db": str(Path(tmp) / f"{eng}-{phase}-{n}.db")}
                res = measure(spec, env)
                if res is None:
                    continue
                res.update(n=n, engine=eng, phase=phase, aps=round(n / res["seconds"], 1))
                rows.append(res)
                print(f"# {n} {phase} {eng}: {res['seconds']} s, {res['aps']} articles/s, "
                      f"{res['peak_mb']} MB peak", file=sys.stderr, flush=True)
                if rerun:  # a fresh process on the same store: only the store's caches help
                    again = measure(spec, env)
                    if again is None:
                        continue
                    again.update(n=n, engine=eng, phase="full rerun (same store)",
                                 aps=round(n / again["seconds"], 1))
                    rows.append(again)
                    print(f"# {n} rerun {eng}: {again['seconds']} s", file=sys.stderr, flush=True)
    load1 = os.getloadavg()[0]

    print(f"{'articles':>8} {'phase':<24} {'engine':<8} {'seconds':>8} {'articles/s':>10} {'CPU s':>7} "
          f"{'art/CPU-s':>9} {'load':>5} {'peak MB':>8} {'KB/article':>10} {'stories':>7} {'startup s':>9}")
    for r in rows:
        cps = r["n"] / r["cpu_s"] if r.get("cpu_s") else 0.0
        print(f"{r['n']:>8} {r['phase']:<24} {r['engine']:<8} {r['seconds']:>8.1f} {r['aps']:>10.1f} "
              f"{r.get('cpu_s', 0):>7.1f} {cps:>9.1f} {r.get('load', 0):>5.1f} "
              f"{r['peak_mb']:>8.0f} {1024 * r['peak_mb'] / r['n']:>10.1f} {r['stories']:>7} {r['startup_s']:>9.1f}")
    big = {"ingest": max(args.sizes), "full": max(full_sizes, default=0)}
    for phase, sizes in (("ingest", args.sizes), ("full", full_sizes)):
        if len(set(sizes)) < 2:
            continue
        small, large = min(sizes), max(sizes)
        print(f"\nmarginal memory per article, {phase} ({small} -> {large}), peak RSS incl. children:")
        for eng in args.engines:
            a = next((r for r in rows if r["n"] == small and r["phase"] == phase and r["engine"] == eng), None)
            b = next((r for r in rows if r["n"] == large and r["phase"] == phase and r["engine"] == eng), None)
            if a and b:
                print(f"  {eng:<6} {1024 * (b['peak_mb'] - a['peak_mb']) / (large - small):7.1f} KB/article")
    for phase in ("ingest", "full"):
        row = next((r for r in rows if r["n"] == big[phase] and r["phase"] == phase and r["engine"] == "local"), None)
        if row:
            print(f"\nstage seconds (each stage's own; before 2026-12-02 late they included upstream stages), {phase}, local, {big[phase]} articles:")
            for name, secs in sorted(row["stages"].items(), key=lambda kv: -kv[1]):
                print(f"  {name:<20} {secs:8.1f}")
    print(f"\nload average during the run: {load0:.1f} -> {load1:.1f} (shared 2-core machine); code: {sha}")

    def best(phase: str) -> float:
        return max((r["aps"] for r in rows if r["n"] == big[phase] and r["phase"] == phase), default=0.0)

    def aps(phase: str, eng: str) -> float | None:
        return next((r["aps"] for r in rows if r["n"] == big[phase] and r["phase"] == phase and r["engine"] == eng),
                    None)

    d1, d2 = aps("full", "dask1") or aps("ingest", "dask1"), aps("full", "dask2") or aps("ingest", "dask2")
    print(json.dumps({"benchmark": "throughput", "ingest_cluster_articles_per_s": best("ingest"),
                      "full_articles_per_s": best("full"),
                      "dask2_speedup": round(d2 / d1, 2) if d1 and d2 else None}))


if __name__ == "__main__":
    main()

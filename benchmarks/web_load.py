"""Bounded local load test of `newsweave serve` over the bundled example corpus.

Starts the real server (a `newsweave serve` subprocess on a free 127.0.0.1 port), fires a fixed
number of requests from N concurrent keep-alive clients over a mix of pages and API calls, then
stops everything. Only 127.0.0.1 is ever contacted; the run ends by itself (request count and a
wall-clock deadline). Baselines in the same run: one client at a time (no contention), and the
static stylesheet (the server's floor: routing + middleware, no store, no templates).

    nice -n 10 .venv/bin/python benchmarks/web_load.py                 # 2,000 requests, 20 concurrent
    .venv/bin/python benchmarks/web_load.py --db out/newsweave.db --requests 500 --concurrency 10

Last line: {"benchmark": "web_load", "requests", "errors", "p50_ms", "p95_ms"}.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import socket
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path("/tmp/newsweave-cache/web_load")
HOST = "127.0.0.1"


def _fingerprint() -> str:
    h = hashlib.sha256()
    for base in (ROOT / "examples", ROOT / "src" / "newsweave"):
        for p in sorted(base.rglob("*")):
            if p.is_file() and p.suffix in (".txt", ".html", ".xml", ".jsonl", ".json", ".py", ".md"):
                h.update(p.relative_to(ROOT).as_posix().encode())
                h.update(p.read_bytes())
    return h.hexdigest()[:16]


def example_db() -> Path:
    """The example corpus through the current pipeline, cached by the content of examples/ and src/."""
    db = CACHE / f"examples-{_fingerprint()}.db"
    if not db.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        tmp = db.with_suffix(".tmp.db")
        tmp.unlink(missing_ok=True)
        subprocess.run([sys.executable, "-m", "newsweave.cli.main", "run", str(ROOT / "examples"), "--out",
                        str(CACHE / "out"), "--db", str(tmp)], check=True, stdout=subprocess.DEVNULL)
        tmp.rename(db)
    return db


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def get(conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    conn.request("GET", path)
    r = conn.getresponse()
    return r.status, r.read()


def url_mix(port: int) -> list[tuple[str, str, int]]:
    """(kind, path, expected status): every page type and API route, plus unknown ids (404)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    _, body = get(conn, "/api/v1/stories?limit=100")
    stories = [s["id"] for s in json.loads(body)["stories"]]
    if not stories:
        raise SystemExit("the database has no stories")
    _, body = get(conn, f"/api/v1/story/{quote(stories[0])}")
    articles = json.loads(body)["article_ids"][:6]
    _, body = get(conn, "/api/v1/outlets")
    outlets = json.loads(body)["outlets"][:2]
    conn.close()
    mix = [("index", "/", 200), ("index", "/?page=1", 200), ("search page", "/?q=said", 200),
           ("api stories", "/api/v1/stories?limit=20", 200), ("api search", "/api/v1/search?q=strike", 200),
           ("static css", "/static/style.css", 200), ("not found", "/story/does-not-exist", 404),
           ("not found", "/api/v1/article/0000", 404)]
    mix += [("index", f"/?outlet={quote(o)}", 200) for o in outlets]
    mix += [("story page", f"/story/{quote(s)}", 200) for s in stories[:4]]
    mix += [("api story", f"/api/v1/story/{quote(s)}", 200) for s in stories[:2]]
    mix += [("article page", f"/article/{quote(a)}", 200) for a in articles[:4]]
    mix += [("api article", f"/api/v1/article/{quote(a)}", 200) for a in articles[:2]]
    return mix


def run_load(port: int, mix: list[tuple[str, str, int]], n: int, conc: int,
             deadline_s: float) -> tuple[dict[str, list[float]], list[str], float]:
    lat: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    lock = threading.Lock()
    counter = iter(range(n))
    stop_at = time.monotonic() + deadline_s

    def worker() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        while time.monotonic() < stop_at:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            kind, path, want = mix[i % len(mix)]
            t0 = time.perf_counter()
            try:
                status, _ = get(conn, path)
                ok = status == want
                why = f"{path}: {status} (wanted {want})"
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=30)
                ok, why = False, f"{path}: {type(exc).__name__} {exc}"
            ms = (time.perf_counter() - t0) * 1000
            with lock:
                lat[kind].append(ms)
                if not ok:
                    errors.append(why)
        conn.close()

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(conc)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return lat, errors, time.perf_counter() - t0


def pct(xs: list[float], q: float) -> float:
    if not xs:
        return float("nan")
    s = sorted(xs)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", help="store to serve (default: the example corpus, built and cached)")
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, default=20)
    ap.add_argument("--deadline", type=float, default=300.0, help="stop after this many seconds regardless")
    args = ap.parse_args()
    if not 1 <= args.requests <= 20000 or not 1 <= args.concurrency <= 64:
        ap.error("--requests must be 1..20000 and --concurrency 1..64")
    db = Path(args.db) if args.db else example_db()
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "newsweave.cli.main", "serve", "--db", str(db),
                               "--host", HOST, "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(300):
            try:
                socket.create_connection((HOST, port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None:
                    raise SystemExit(server.stderr.read().decode() if server.stderr else "server died") from None
                time.sleep(0.1)
        mix = url_mix(port)
        run_load(port, mix, len(mix) * 2, 2, 60)  # warm-up: templates compiled, connections opened
        base_n = min(200, args.requests)
        base_lat, base_err, _ = run_load(port, mix, base_n, 1, args.deadline)
        lat, errors, wall = run_load(port, mix, args.requests, args.concurrency, args.deadline)
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()

    every = [x for xs in lat.values() for x in xs]
    base_all = [x for xs in base_lat.values() for x in xs]
    print(f"web_load: {db.name}, {len(mix)} distinct URLs, server = one uvicorn process (`newsweave serve`)")
    print(f"{'run / route':34} {'reqs':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'errors':>6}")
    print(f"{'baseline: 1 client, all routes':34} {len(base_all):6d} {pct(base_all, .5):8.1f} "
          f"{pct(base_all, .95):8.1f} {max(base_all, default=0):8.1f} {len(base_err):6d}")
    for kind in sorted(lat, key=lambda k: -pct(lat[k], .5)):
        xs = lat[kind]
        label = f"  {kind}" + (" (baseline: server floor)" if kind == "static css" else "")
        print(f"{label:34} {len(xs):6d} {pct(xs, .5):8.1f} {pct(xs, .95):8.1f} {max(xs):8.1f}"
              f" {sum(1 for e in errors if e.split(':')[0] in {p for k, p, _ in mix if k == kind}):6d}")
    print(f"{f'{args.concurrency} clients, all routes':34} {len(every):6d} {pct(every, .5):8.1f} "
          f"{pct(every, .95):8.1f} {max(every, default=0):8.1f} {len(errors):6d}")
    print(f"throughput: {len(every) / wall:.0f} requests/s over {wall:.1f} s")
    for e in errors[:5]:
        print("error:", e)
    print(json.dumps({"benchmark": "web_load", "requests": len(every), "errors": len(errors) + len(base_err),
                      "p50_ms": round(pct(every, .5), 1), "p95_ms": round(pct(every, .95), 1)}))
    return 0 if not errors else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""Story clustering without story ids: B-cubed P/R/F1 and ARI, batch vs incremental vs a TF-IDF baseline.

Data (all under ../shared/data):
* Multi-News **test**, every cluster's documents pooled (headline: ``documents_multinewsplus_cleansed``;
  also all ``documents``); thresholds are tuned on **validation** only (``--tune``);
* UCI News Aggregator subset (headlines only, 88 stories, with timestamps): a short-text pool, so the
  clusterer takes its TF-IDF + MiniLM path, tuned on the **dev half** (stories with an even index in order of
  first appearance, ``--tune-short``); reported on the odd (test) half and on the whole set;
* WikiRef220 (220 full-text articles, topic-level labels).

Methods, all in the same run:
* ``batch``: ``StoryClusterer.fit`` (hashed TF-IDF, k-NN blocking, exact average linkage; on pools of full
  articles over the pair scorer's same-story probabilities, see ``benchmarks/train_pair_scorer.py``);
* ``incremental``: ``StoryClusterer.partial_fit`` over the documents in a fixed shuffled order (seed 0);
* ``baseline``: sklearn ``TfidfVectorizer`` + scipy average-link agglomerative clustering (cosine), cut at
  the *best* threshold for each data set (an oracle cut: the baseline is given its best case).

    nice -n 10 .venv/bin/python benchmarks/clustering.py            # full benchmark (~10 min on 2 cores)
    nice -n 10 .venv/bin/python benchmarks/clustering.py --tune     # threshold grid on validation
    nice -n 10 .venv/bin/python benchmarks/clustering.py --quick    # first 2,000 test clusters only
    nice -n 10 .venv/bin/python benchmarks/clustering.py --tune-short   # short-text grid on UCI dev half
    nice -n 10 .venv/bin/python benchmarks/clustering.py --tune-candidates  # exact vs index candidates (val)

MiniLM vectors of short-text pools are cached under /tmp/newsweave-cache/cluster/ (keyed by a text hash).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
import resource
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score

from newsweave.cluster.batch import ClusterParams
from newsweave.cluster.clusterer import Doc, StoryClusterer
from newsweave.cluster.features import counts, doc_embeddings, doc_text, median_tokens

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
MN = DATA / "multi_news"
CACHE = Path("/tmp/newsweave-cache/cluster")


# data ----------------------------------------------------------------------------------------------
def multinews(split: str, field: str, n_clusters: int | None = None) -> tuple[list[Doc], list[int]]:
    docs: list[Doc] = []
    gold: list[int] = []
    with open(MN / f"multinews_{split}.jsonl", encoding="utf-8") as fh:
        for ci, line in enumerate(fh):
            if n_clusters is not None and ci >= n_clusters:
                break
            for di, text in enumerate(json.loads(line)[field]):
                if text.strip():
                    docs.append(Doc(f"{split}{ci}-{di}", text))
                    gold.append(ci)
    return docs, gold


def uci() -> tuple[list[Doc], list[str]]:
    docs, gold = [], []
    path = DATA / "uci_news_aggregator_subset" / "uci-news-aggregator.first6366rows.csv"
    with open(path, encoding="utf-8", errors="replace") as fh:
        for row in csv.DictReader(fh):
            if not row.get("STORY") or not row.get("TITLE") or not row.get("TIMESTAMP"):
                continue  # the file's last row is cut
            day = datetime.fromtimestamp(int(row["TIMESTAMP"]) / 1000, tz=UTC).date().isoformat()
            docs.append(Doc(f"uci{row['ID']}", row["TITLE"], None, day))
            gold.append(row["STORY"])
    return docs, gold


def uci_half(docs: list[Doc], gold: list[str], half: str) -> tuple[list[Doc], list[str]]:
    """UCI split by story: 'dev' = stories with an even index in order of first appearance, 'test' = odd."""
    index: dict[str, int] = {}
    for g in gold:
        index.setdefault(g, len(index))
    keep = [i for i, g in enumerate(gold) if (index[g] % 2 == 0) == (half == "dev")]
    return [docs[i] for i in keep], [gold[i] for i in keep]


def wikiref() -> tuple[list[Doc], list[str]]:
    docs, gold = [], []
    for p in sorted((DATA / "wikiref220" / "WikiRef220").glob("*.txt")):
        label = re.sub(r"( \(\d+\))?(\.\d+)?\.txt$", "", p.name)
        docs.append(Doc(p.name, p.read_text("utf-8", errors="replace")))
        gold.append(label)
    return docs, gold


# metrics -------------------------------------------------------------------------------------------
def bcubed(gold: list, pred: list) -> tuple[float, float, float]:
    n = len(gold)
    pairs = Counter(zip(gold, pred, strict=True))
    g, p = Counter(gold), Counter(pred)
    prec = sum(c * c / p[pp] for (_, pp), c in pairs.items()) / n
    rec = sum(c * c / g[gg] for (gg, _), c in pairs.items()) / n
    return prec, rec, 2 * prec * rec / (prec + rec)


def scores(gold: list, pred: list) -> dict[str, float]:
    p, r, f = bcubed(gold, pred)
    return {"p": p, "r": r, "f1": f, "ari": adjusted_rand_score(gold, pred)}


# methods -------------------------------------------------------------------------------------------
def pool_vectors(docs: list[Doc], params: ClusterParams) -> np.ndarray | None:
    """MiniLM vectors the clusterer would compute itself for a short-text pool (cached on disk); else None."""
    texts = [doc_text(d.title, d.text, max_chars=100_000) for d in docs]
    if median_tokens(counts(texts)) > params.short_max_tokens:
        return None
    from newsweave.nlp import vector_kind

    path = CACHE / f"{vector_kind()}-{hashlib.sha256(chr(0).join(texts).encode()).hexdigest()[:16]}.npy"
    if path.exists():
        return np.load(path)
    vecs = doc_embeddings(texts)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, vecs)
    return vecs


def run_batch(docs: list[Doc], params: ClusterParams, vectors: np.ndarray | None = None) -> list[str]:
    return StoryClusterer(params).fit(docs, vectors).labels_


def run_incremental(docs: list[Doc], params: ClusterParams, vectors: np.ndarray | None = None, seed: int = 0,
                    embeddings: bool | None = None) -> list[str]:
    """Story of each document after streaming them all in a shuffled order: its story in the final
    state, as the store shows it (a story merged into another after a document joined it is that other
    story; ``labels_`` keeps the id each document got when it arrived)."""
    order = list(range(len(docs)))
    random.Random(seed).shuffle(order)
    vec = None if vectors is None else vectors[order]
    clf = StoryClusterer(params, embeddings=embeddings).partial_fit([docs[i] for i in order], vec)
    story_of = {m: st.id for st in clf.stories for m in st.members}
    return [story_of[d.id] for d in docs]


def baseline_best(docs: list[Doc], gold: list) -> tuple[dict[str, float], float]:
    """TF-IDF (sklearn defaults + sublinear tf) + average-link agglomerative, best cut over a grid."""
    x = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform([d.text for d in docs])
    sim = (x @ x.T).toarray().astype(np.float32)
    np.clip(sim, 0.0, 1.0, out=sim)
    dist = 1.0 - sim
    del sim
    np.fill_diagonal(dist, 0.0)
    z = linkage(squareform(dist, checks=False), method="average")
    del dist
    best: tuple[dict[str, float], float] | None = None
    for cut in np.arange(0.5, 0.99, 0.02):
        pred = fcluster(z, t=cut, criterion="distance").tolist()
        sc = scores(gold, pred)
        if best is None or sc["f1"] > best[0]["f1"]:
            best = (sc, float(1.0 - cut))
    assert best is not None
    return best


SMALL_SIZES = (6, 12, 25, 60, 150, 400)


def small_pools(split: str, offset: int, n_clusters: int) -> None:
    """Batch B3 F1 on small pools (what a user's folder of articles is): clusters of Multi-News
    ``split`` [offset, offset + n_clusters) drawn at random (seed 0) until a pool holds SIZE documents,
    12 pools per size under 100, 4 above. Shipped small-pool mode (TF-IDF + MiniLM document vectors),
    batch and incremental (shuffled stream, seed 0), beside TF-IDF alone and the sklearn TF-IDF baseline with its best cut per pool (an oracle)."""
    docs, gold = multinews(split, "documents_multinewsplus_cleansed", offset + n_clusters)
    keep = [i for i, g in enumerate(gold) if g >= offset]
    docs, gold = [docs[i] for i in keep], [gold[i] for i in keep]
    t0 = time.perf_counter()
    vecs = np.asarray(doc_embeddings([doc_text(d.title, d.text) for d in docs]), dtype=np.float32)
    enc = time.perf_counter() - t0
    by: dict[int, list[int]] = {}
    for i, g in enumerate(gold):
        by.setdefault(g, []).append(i)
    ids, rng, pools = sorted(by), random.Random(0), []
    for size in SMALL_SIZES:
        for _ in range(12 if size < 100 else 4):
            rng.shuffle(ids)
            idx: list[int] = []
            for c in ids:
                idx += by[c]
                if len(idx) >= size:
                    break
            pools.append((size, idx))
    rows: dict[str, dict[int, list[float]]] = {}
    for size, idx in pools:
        d, g = [docs[i] for i in idx], [gold[i] for i in idx]
        got = {"newsweave (TF-IDF + MiniLM)": StoryClusterer().fit(d, vecs[idx]).labels_,
               "newsweave TF-IDF alone": StoryClusterer(embeddings=False).fit(d).labels_,
               "incremental (TF-IDF + MiniLM)": run_incremental(d, ClusterParams(), vecs[idx]),
               "incremental TF-IDF alone": run_incremental(d, ClusterParams(), None, embeddings=False)}
        for name, lab in got.items():
            rows.setdefault(name, {}).setdefault(size, []).append(bcubed(g, lab)[2])
        rows.setdefault("baseline (best cut per pool)", {}).setdefault(size, []).append(baseline_best(d, g)[0]["f1"])
    print(f"Small pools, Multi-News {split} clusters {offset}-{offset + n_clusters - 1}, batch B3 F1 "
          f"(MiniLM encoding {1000 * enc / len(docs):.0f} ms per document)")
    print(f"{'method':<32}" + "".join(f"{n:>7}" for n in SMALL_SIZES) + f"{'mean':>7}")
    means = {}
    for name, by_size in rows.items():
        vals = [float(np.mean(by_size[n])) for n in SMALL_SIZES]
        means[name] = float(np.mean(vals))
        print(f"{name:<32}" + "".join(f"{v:>7.3f}" for v in vals) + f"{means[name]:>7.3f}")
    print(json.dumps({"benchmark": "clustering_small_pools", "split": split, "b3_f1_mixed": round(
        means["newsweave (TF-IDF + MiniLM)"], 4), "b3_f1_tfidf": round(means["newsweave TF-IDF alone"], 4),
        "b3_f1_incremental_mixed": round(means["incremental (TF-IDF + MiniLM)"], 4),
        "b3_f1_incremental_tfidf": round(means["incremental TF-IDF alone"], 4),
        "baseline_b3_f1": round(means["baseline (best cut per pool)"], 4)}))


# tuning ---------------------------------------------------------------------------------------------
def tune(n_clusters: int | None, grid: list[float]) -> None:
    docs, gold = multinews("val", "documents_multinewsplus_cleansed", n_clusters)
    print(f"tuning on validation: {len(set(gold))} clusters, {len(docs)} cleansed documents")
    print(f"{'threshold':>10}{'batch F1':>10}{'incr. F1':>10}")
    for th in grid:
        p = ClusterParams(threshold=th, stream_threshold=th)
        fb = scores(gold, run_batch(docs, p))["f1"]
        fi = scores(gold, run_incremental(docs, p))["f1"]
        print(f"{th:>10.2f}{fb:>10.4f}{fi:>10.4f}", flush=True)


def compare_candidates() -> None:
    """Exact top-k vs inverted-index candidates on all of Multi-News validation (cleansed), both modes."""
    docs, gold = multinews("val", "documents_multinewsplus_cleansed")
    print(f"candidates on validation: {len(set(gold))} clusters, {len(docs)} cleansed documents")
    print(f"{'candidates':<12}{'batch F1':>10}{'s':>7}{'incr. F1':>10}{'s':>7}")
    for cand in ("exact", "index"):
        p = ClusterParams(candidates=cand)
        t0 = time.perf_counter()
        fb = scores(gold, run_batch(docs, p))["f1"]
        t1 = time.perf_counter()
        fi = scores(gold, run_incremental(docs, p))["f1"]
        t2 = time.perf_counter()
        print(f"{cand:<12}{fb:>10.4f}{t1 - t0:>7.1f}{fi:>10.4f}{t2 - t1:>7.1f}", flush=True)


def tune_short(weights: list[float], grid: list[float]) -> None:
    """Short-text path on the UCI dev half: TF-IDF weight x threshold (batch and incremental)."""
    docs, gold = uci_half(*uci(), "dev")
    vec = pool_vectors(docs, ClusterParams())
    print(f"tuning the short-text path on the UCI dev half: {len(set(gold))} stories, {len(docs)} headlines")
    print(f"{'tfidf w':>8}{'threshold':>10}{'batch F1':>10}{'incr. F1':>10}")
    for w in weights:
        for th in grid:
            p = ClusterParams(short_text_weight=w, short_threshold=th, short_stream_threshold=th,
                              short_tfidf_threshold=th)
            v = None if w >= 1.0 else vec
            fb = scores(gold, StoryClusterer(p, embeddings=w < 1.0).fit(docs, v).labels_)["f1"]
            fi = scores(gold, run_incremental(docs, p, v, embeddings=w < 1.0))["f1"]
            print(f"{w:>8.2f}{th:>10.2f}{fb:>10.4f}{fi:>10.4f}", flush=True)


# scaling (one size/mode per subprocess so peak RSS is that run's) -------------------------------------
def _vm_hwm_kb() -> int:
    """Peak resident set of this process (VmHWM; unlike ru_maxrss it is not inherited from the parent)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def scale_one(n: int, mode: str) -> None:
    docs, _ = multinews("test", "documents")
    rng = random.Random(1)
    rng.shuffle(docs)
    docs = docs[:n]
    rss0 = _vm_hwm_kb()
    t0, c0 = time.perf_counter(), time.process_time()
    (run_batch if mode == "batch" else run_incremental)(docs, ClusterParams())
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(json.dumps({"n": len(docs), "mode": mode, "seconds": round(dt, 2), "cpu_seconds": round(cpu, 2),
                      "peak_rss_mb": round(_vm_hwm_kb() / 1024), "rss_before_mb": round(rss0 / 1024)}))


def scaling(sizes: list[int]) -> list[dict]:
    rows = []
    for n in sizes:
        for mode in ("batch", "incremental"):
            out = subprocess.run([sys.executable, __file__, "--scale-one", str(n), mode], capture_output=True,
                                 text=True, check=True).stdout.strip().splitlines()[-1]
            rows.append(json.loads(out))
            print(f"  scaling {rows[-1]}", file=sys.stderr, flush=True)
    return rows


# main -----------------------------------------------------------------------------------------------
def evaluate(name: str, docs: list[Doc], gold: list, params: ClusterParams, table: list, with_baseline: bool
             ) -> dict[str, dict[str, float]]:
    """Seconds exclude MiniLM encoding of short-text pools (cached; reported by the caller)."""
    out: dict[str, dict[str, float]] = {}
    vec = pool_vectors(docs, params)
    t0 = time.perf_counter()
    out["batch"] = scores(gold, run_batch(docs, params, vec))
    out["batch"]["s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    out["incremental"] = scores(gold, run_incremental(docs, params, vec))
    out["incremental"]["s"] = time.perf_counter() - t0
    if with_baseline:
        t0 = time.perf_counter()
        sc, cut = baseline_best(docs, gold)
        out["baseline"] = {**sc, "s": time.perf_counter() - t0, "cut": cut}
    for method, sc in out.items():
        extra = f" (best cut sim {sc['cut']:.2f})" if "cut" in sc else ""
        table.append((name, len(docs), len(set(gold)), method + extra, sc["p"], sc["r"], sc["f1"], sc["ari"],
                      sc["s"]))
        print(f"  {name} {method}: F1 {sc['f1']:.4f} ({sc['s']:.1f}s)", file=sys.stderr, flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tune", action="store_true", help="threshold grid on Multi-News validation")
    ap.add_argument("--tune-clusters", type=int, default=None, help="first N validation clusters (default all)")
    ap.add_argument("--grid", default="0.15,0.17,0.19,0.21,0.23,0.25", help="thresholds tried by --tune")
    ap.add_argument("--tune-candidates", action="store_true", help="exact vs index candidates on validation")
    ap.add_argument("--tune-short", action="store_true", help="short-text grid on the UCI dev half")
    ap.add_argument("--weights", default="0.4,0.5,0.6,1.0", help="TF-IDF weights tried by --tune-short")
    ap.add_argument("--quick", action="store_true", help="first 2,000 test clusters, no scaling table")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--uci-only", action="store_true", help="only the UCI headline rows (MiniLM short-text path)")
    ap.add_argument("--small-pools", action="store_true", help="batch F1 on pools of 6-400 documents")
    ap.add_argument("--split", default="test", choices=("test", "val"), help="--small-pools: the split")
    ap.add_argument("--offset", type=int, default=0, help="--small-pools: first cluster")
    ap.add_argument("--scale-one", nargs=2, metavar=("N", "MODE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.scale_one:
        scale_one(int(args.scale_one[0]), args.scale_one[1])
        return
    if args.tune_candidates:
        compare_candidates()
        return
    if args.small_pools:
        small_pools(args.split, args.offset, 600)
        return
    if args.tune_short:
        tune_short([float(x) for x in args.weights.split(",")], [float(x) for x in args.grid.split(",")])
        return
    if args.tune:
        tune(args.tune_clusters, [float(x) for x in args.grid.split(",")])
        return
    t_start = time.perf_counter()
    params = ClusterParams()
    if args.uci_only:
        table_u: list = []
        uci_all = uci()
        for name, (docs, gold) in (("uci headlines, all", uci_all),
                                   ("uci headlines, test half", uci_half(*uci_all, "test"))):
            evaluate(name, docs, gold, params, table_u, not args.no_baseline)
        for row in table_u:
            print(f"{row[0]:<26} {row[1]:>6} {row[2]:>4} {row[3]:<34} P {row[4]:.3f} R {row[5]:.3f} "
                  f"F1 {row[6]:.3f} ARI {row[7]:.3f} {row[8]:.1f}s")
        return
    n = 2000 if args.quick else None
    table: list = []
    base = not args.no_baseline
    clean = evaluate("multi-news test, cleansed", *multinews("test", "documents_multinewsplus_cleansed", n),
                     params, table, base)
    t_clean_batch = clean["batch"]["s"]
    alld = evaluate("multi-news test, all docs", *multinews("test", "documents", n), params, table, base)
    uci_all = uci()
    uc = evaluate("uci headlines, all", *uci_all, params, table, base)
    uct = evaluate("uci headlines, test half", *uci_half(*uci_all, "test"), params, table, base)
    evaluate("uci headlines, dev half", *uci_half(*uci_all, "dev"), params, table, base)
    evaluate("wikiref220", *wikiref(), params, table, base)
    scale = [] if args.quick else scaling([2000, 8000, 15505])
    print(f"{'data set':<28}{'docs':>6}{'gold':>6}  {'method':<36}{'B3 P':>7}{'B3 R':>7}{'B3 F1':>7}{'ARI':>7}"
          f"{'sec':>7}")
    for name, nd, ng, method, p, r, f, ari, s in table:
        print(f"{name:<28}{nd:>6}{ng:>6}  {method:<36}{p:>7.4f}{r:>7.4f}{f:>7.4f}{ari:>7.4f}{s:>7.1f}")
    if scale:
        print(f"\n{'scaling (all test docs, shuffled)':<36}{'mode':<13}{'seconds':>9}{'CPU s':>8}{'peak RSS MB':>13}")
        for row in scale:
            print(f"{row['n']:<36}{row['mode']:<13}{row['seconds']:>9.2f}{row['cpu_seconds']:>8.2f}"
                  f"{row['peak_rss_mb']:>13}")
    print(json.dumps({
        "benchmark": "clustering",
        "b3_f1_batch": round(clean["batch"]["f1"], 4),
        "b3_f1_incremental": round(clean["incremental"]["f1"], 4),
        "baseline_b3_f1": round(clean["baseline"]["f1"], 4) if base else None,
        "b3_f1_all_docs": round(alld["batch"]["f1"], 4),
        "uci_b3_f1": round(uc["batch"]["f1"], 4),
        "uci_b3_f1_incremental": round(uc["incremental"]["f1"], 4),
        "uci_test_half_b3_f1": round(uct["batch"]["f1"], 4),
        "seconds": round(t_clean_batch, 1),
        "total_seconds": round(time.perf_counter() - t_start, 1),
    }))


if __name__ == "__main__":
    main()

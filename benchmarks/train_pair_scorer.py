"""Train the same-story pair scorer on Multi-News **validation** only and write ``pair_scorer.json``.

    nice -n 10 .venv/bin/python benchmarks/train_pair_scorer.py

Candidate pairs are each cleansed validation document's k nearest TF-IDF neighbours (the blocking that
clustering uses); label = same validation cluster. A logistic regression — on the raw features (degree 1)
and on the standardised features with their pairwise products (degree 2, shipped) — is fitted on the pairs
of the even-numbered clusters, its pair AUC and graph average-link B-cubed F1 measured on the odd ones,
then the chosen degree is refitted on all pairs; the graph average-link threshold is the best B-cubed F1
over a grid on all of validation.
Pairs come from two pools: the full documents, and the same documents cut to their first sentence
(at most 25 words), so the model sees headline-length texts; the threshold is chosen on full documents.

    nice -n 10 .venv/bin/python benchmarks/train_pair_scorer.py --compare-minilm

only compares (writes nothing): the scorer with and without the MiniLM cosine of the two documents (title +
first 1,000 characters, ``features.doc_embeddings``; vectors cached under /tmp/newsweave-cache/cluster_minilm/)
as an extra feature, and with MiniLM nearest neighbours added to the candidates; pair AUC and graph
average-link B-cubed F1 on the odd validation clusters of a model fitted on the even ones, and in-sample on all
of validation, full documents only.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

sys.path.insert(0, str(Path(__file__).resolve().parent))
from clustering import multinews, scores  # noqa: E402
from newsweave.cluster.batch import ClusterParams, knn  # noqa: E402
from newsweave.cluster.features import N_FEATURES, IdfModel, counts, doc_text  # noqa: E402
from newsweave.cluster.pairs import FEATURES, graph_average_link, knn_pair_features, model_inputs  # noqa: E402

_SENT_END = re.compile(r"[.!?](?=\s+[A-Z\"'])")
OUT = Path(__file__).resolve().parents[1] / "src" / "newsweave" / "cluster" / "pair_scorer.json"


def lede(text: str, max_words: int = 25) -> str:
    """A headline-length stand-in: the text up to its first sentence end, at most ``max_words`` words."""
    m = _SENT_END.search(text)
    return " ".join((text[: m.end()] if m else text).split()[:max_words])


def pool(texts: list[str], gold: np.ndarray) -> dict:
    c = counts([doc_text(None, x, max_chars=100_000) for x in texts])
    idf = IdfModel().partial_fit(c)
    t = idf.transform(c)
    t.sort_indices()
    n = t.shape[0]
    idx, sims = knn(t, None, np.full(n, np.nan), ClusterParams())
    a, b, s, x = knn_pair_features(c, idf.idf(np.arange(N_FEATURES)), idx, sims)
    return {"n": n, "a": a, "b": b, "s": s, "x": x, "y": (gold[a] == gold[b]).astype(int), "gold": gold}


CACHE = Path("/tmp/newsweave-cache/cluster_minilm")
GRID = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)


def minilm_vectors(split: str, texts: list[str]) -> np.ndarray:
    from newsweave.cluster.features import doc_embeddings

    path = CACHE / f"{split}_cleansed.npy"
    if path.exists():
        return np.load(path)
    t0 = time.perf_counter()
    vecs = doc_embeddings(texts)
    print(f"encoded {len(texts)} documents in {time.perf_counter() - t0:.0f} s", flush=True)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, vecs)
    return vecs


def minilm_knn(e: np.ndarray, k: int, chunk: int = 1024) -> tuple[np.ndarray, np.ndarray]:
    n = e.shape[0]
    idx = np.zeros((n, k), dtype=np.int64)
    sims = np.zeros((n, k), dtype=np.float32)
    for lo in range(0, n, chunk):
        s = e[lo:lo + chunk] @ e.T
        s[np.arange(s.shape[0]), np.arange(lo, lo + s.shape[0])] = -np.inf
        part = np.argpartition(-s, k - 1, axis=1)[:, :k]
        idx[lo:lo + chunk] = part
        sims[lo:lo + chunk] = np.take_along_axis(s, part, axis=1)
    return idx, sims


def compare_minilm() -> None:
    from newsweave.cluster.pairs import candidate_pairs, pair_features

    docs, gold_l = multinews("val", "documents_multinewsplus_cleansed")
    gold = np.array(gold_l)
    texts = [doc_text(None, d.text, max_chars=100_000) for d in docs]
    e = minilm_vectors("val", texts)
    c = counts(texts)
    idf = IdfModel().partial_fit(c)
    idf_full = idf.idf(np.arange(N_FEATURES))
    t = idf.transform(c)
    t.sort_indices()
    n = t.shape[0]
    binary = c.tocsr().copy()
    binary.data[:] = 1.0
    idx, sims = knn(t, None, np.full(n, np.nan), ClusterParams())
    a, b, s, r = candidate_pairs(idx, sims)
    # union with each document's 10 nearest MiniLM neighbours (TF-IDF cosine recomputed, rank 10 if new)
    ei, es = minilm_knn(e, 10)
    ma, mb, _, _ = candidate_pairs(ei, es)
    have = set(zip(a.tolist(), b.tolist(), strict=True))
    new = np.array([(x, y) not in have for x, y in zip(ma.tolist(), mb.tolist(), strict=True)], dtype=bool)
    ua, ub = ma[new], mb[new]
    us = np.asarray(t[ua].multiply(t[ub]).sum(axis=1)).ravel()
    graphs = {"tfidf k-NN": (a, b, s, r),
              "tfidf + minilm k-NN": (np.r_[a, ua], np.r_[b, ub], np.r_[s, us], np.r_[r, np.full(len(ua), 10.0)])}
    for gname, (ga_, gb_, gs, gr) in graphs.items():
        y = (gold[ga_] == gold[gb_]).astype(int)
        base = pair_features(binary, idf_full, ga_, gb_, gs, gr)
        mc = np.sum(e[ga_] * e[gb_], axis=1).astype(np.float64)
        variants = {"tfidf features": base,
                    "+ minilm cos": np.c_[base, mc],
                    "+ minilm cos, cos^2, x tfidf cos": np.c_[base, mc, mc * mc, mc * gs]}
        even = gold[ga_] % 2 == 0
        held = (gold[ga_] % 2 == 1) & (gold[gb_] % 2 == 1)
        odd_docs = np.flatnonzero(gold % 2 == 1)
        print(f"\n{gname}: {len(y)} candidate pairs, {y.sum()} same-story "
              f"({y.mean():.3f})", flush=True)
        print(f"{'features':<36}{'AUC odd':>8}  F1 odd (fit even) / F1 all (fit all) by threshold")
        for vname, x in variants.items():
            m = LogisticRegression(C=1.0, max_iter=5000).fit(x[even], y[even])
            auc = roc_auc_score(y[held], m.predict_proba(x[held])[:, 1])
            ph = m.predict_proba(x[held])[:, 1]
            mall = LogisticRegression(C=1.0, max_iter=5000).fit(x, y)
            pa = mall.predict_proba(x)[:, 1]
            cells = []
            for th in GRID:
                root = graph_average_link(n, ga_[held], gb_[held], ph, th)
                f_odd = scores(gold[odd_docs].tolist(), root[odd_docs].tolist())["f1"]
                f_all = scores(gold.tolist(), graph_average_link(n, ga_, gb_, pa, th).tolist())["f1"]
                cells.append(f"{th:.2f}: {f_odd:.4f}/{f_all:.4f}")
            print(f"{vname:<36}{auc:>8.4f}  " + "  ".join(cells), flush=True)


def fit(x: np.ndarray, y: np.ndarray, degree: int) -> dict:
    """Logistic regression on the raw features (degree 1) or on the standardised features and their
    pairwise products (degree 2); returned as the JSON ``pairs.probabilities`` reads."""
    m: dict = {"features": FEATURES, "degree": degree}
    if degree == 2:
        mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
        m.update(mean=[round(float(v), 6) for v in mean], scale=[round(float(v), 6) for v in scale],
                 lo=[float(np.floor(v * 1e6) / 1e6) for v in x.min(axis=0)],
                 hi=[float(np.ceil(v * 1e6) / 1e6) for v in x.max(axis=0)])
    lr = LogisticRegression(C=1.0, max_iter=10000).fit(model_inputs(x, m), y)
    m.update(coef=[round(float(v), 6) for v in lr.coef_[0]], intercept=round(float(lr.intercept_[0]), 6))
    return m


def predict(m: dict, x: np.ndarray) -> np.ndarray:
    z = model_inputs(x, m) @ np.asarray(m["coef"]) + m["intercept"]
    return 1.0 / (1.0 + np.exp(-z))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--compare-minilm", action="store_true")
    ap.add_argument("--degree", type=int, choices=(1, 2), default=2,
                    help="1: logistic regression on the features; 2: also on their pairwise products")
    args = ap.parse_args()
    if args.compare_minilm:
        compare_minilm()
        return
    degree = args.degree
    docs, gold_l = multinews("val", "documents_multinewsplus_cleansed")
    gold = np.array(gold_l)
    pools = {"full": pool([d.text for d in docs], gold)}
    keep = [i for i, d in enumerate(docs) if len(lede(d.text).split()) >= 4]
    pools["lede"] = pool([lede(docs[i].text) for i in keep], gold[keep])
    for name, pl in pools.items():
        print(f"validation {name}: {pl['n']} documents, {len(pl['y'])} candidate pairs, "
              f"{pl['y'].mean():.3f} same-story")
    x = np.vstack([pl["x"] for pl in pools.values()])
    y = np.concatenate([pl["y"] for pl in pools.values()])
    ga = np.concatenate([pl["gold"][pl["a"]] for pl in pools.values()])
    gb = np.concatenate([pl["gold"][pl["b"]] for pl in pools.values()])
    s = np.concatenate([pl["s"] for pl in pools.values()])
    even, held = ga % 2 == 0, (ga % 2 == 1) & (gb % 2 == 1)
    full = pools["full"]
    f_held = (full["gold"][full["a"]] % 2 == 1) & (full["gold"][full["b"]] % 2 == 1)
    odd_docs = np.flatnonzero(full["gold"] % 2 == 1)
    print(f"held-out (odd clusters) pair AUC: cosine {roc_auc_score(y[held], s[held]):.4f}")
    print(f"{'model, fit on even clusters':<30}{'AUC':>8}  graph average-link B3 F1 on the odd clusters by threshold")
    for deg in (1, 2):
        m = fit(x[even], y[even], deg)
        ph = predict(m, full["x"][f_held])
        cells = []
        for th in GRID:
            root = graph_average_link(full["n"], full["a"][f_held], full["b"][f_held], ph, th)
            cells.append(f"{th:.2f}: {scores(full['gold'][odd_docs].tolist(), root[odd_docs].tolist())['f1']:.4f}")
        print(f"{'degree ' + str(deg):<30}{roc_auc_score(y[held], predict(m, x[held])):>8.4f}  " + "  ".join(cells),
              flush=True)
    m = fit(x, y, degree)
    best = (0.0, 0.0)
    print(f"degree {degree}, fit on all of validation:")
    print(f"{'threshold':>10}{'F1 full':>9}{'F1 lede':>9}")
    for th in GRID:
        f1 = {name: scores(pl["gold"].tolist(), graph_average_link(
            pl["n"], pl["a"], pl["b"], predict(m, pl["x"]), th).tolist())["f1"]
            for name, pl in pools.items()}
        print(f"{th:>10.2f}{f1['full']:>9.4f}{f1['lede']:>9.4f}", flush=True)
        best = max(best, (f1["full"], th))
    OUT.write_text(json.dumps({**m, "threshold": best[1],
                               "trained_on": "multi_news validation, documents_multinewsplus_cleansed",
                               "validation_b3_f1": round(best[0], 4)}, indent=1) + "\n")
    print(f"wrote {OUT} (threshold {best[1]}, validation F1 {best[0]:.4f})")


if __name__ == "__main__":
    main()

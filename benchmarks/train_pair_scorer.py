"""Train the same-story pair scorer on Multi-News **validation** only and write ``pair_scorer.json``.

    nice -n 10 .venv/bin/python benchmarks/train_pair_scorer.py

Candidate pairs are each cleansed validation document's k nearest TF-IDF neighbours (the blocking that
clustering uses); label = same validation cluster. A logistic regression is fitted on the pairs of the
even-numbered clusters, its pair AUC compared with the raw cosine on the odd ones, then refitted on all
pairs; the graph average-link threshold is the best B-cubed F1 over a grid on all of validation.
Pairs come from two pools: the full documents, and the same documents cut to their first sentence
(at most 25 words), so the model sees headline-length texts; the threshold is chosen on full documents.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

sys.path.insert(0, str(Path(__file__).resolve().parent))
from clustering import multinews, scores  # noqa: E402
from newsweave.cluster.batch import ClusterParams, knn  # noqa: E402
from newsweave.cluster.features import N_FEATURES, IdfModel, counts, doc_text  # noqa: E402
from newsweave.cluster.pairs import FEATURES, graph_average_link, knn_pair_features  # noqa: E402

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


def main() -> None:
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
    m = LogisticRegression(C=1.0, max_iter=5000).fit(x[even], y[even])
    print(f"held-out pair AUC: cosine {roc_auc_score(y[held], s[held]):.4f}, "
          f"scorer {roc_auc_score(y[held], m.predict_proba(x[held])[:, 1]):.4f}")
    m = LogisticRegression(C=1.0, max_iter=5000).fit(x, y)
    best = (0.0, 0.0)
    print(f"{'threshold':>10}{'F1 full':>9}{'F1 lede':>9}")
    for th in (0.15, 0.2, 0.25, 0.3, 0.35, 0.4):
        f1 = {name: scores(pl["gold"].tolist(), graph_average_link(
            pl["n"], pl["a"], pl["b"], m.predict_proba(pl["x"])[:, 1], th).tolist())["f1"]
            for name, pl in pools.items()}
        print(f"{th:>10.2f}{f1['full']:>9.4f}{f1['lede']:>9.4f}", flush=True)
        best = max(best, (f1["full"], th))
    OUT.write_text(json.dumps({"features": FEATURES, "coef": [round(float(v), 6) for v in m.coef_[0]],
                               "intercept": round(float(m.intercept_[0]), 6), "threshold": best[1],
                               "trained_on": "multi_news validation, documents_multinewsplus_cleansed",
                               "validation_b3_f1": round(best[0], 4)}, indent=1) + "\n")
    print(f"wrote {OUT} (threshold {best[1]}, validation F1 {best[0]:.4f})")


if __name__ == "__main__":
    main()

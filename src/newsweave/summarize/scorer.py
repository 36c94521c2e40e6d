"""The sentence scorer shipped with the package: a small model over :data:`features.FEATURES`.

``weights.json`` holds either a linear model (``{"kind": "linear", "mean", "scale", "coef",
"intercept"}``) or a small gradient-boosted tree ensemble (``{"kind": "gbdt", "init", "rate",
"trees": [{"feature", "threshold", "left", "right", "value"}]}``). It was fitted by
``benchmarks/summarize_multinews.py --train`` on Multi-News *validation* clusters only, to predict
how much of a sentence's content appears in the reference summary (ROUGE-1/2 precision). When the
file is missing, a hand-set linear prior over the same signals is used.
"""

from __future__ import annotations

import json
import logging
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from newsweave.summarize.features import FEATURES

log = logging.getLogger(__name__)

# hand-set prior: central, early, corroborated sentences first
_PRIOR = {"lexrank": 0.15, "centroid": 0.5, "inv_pos": 0.3, "first": 0.2, "corroboration": 0.3,
          "max_sim_other": 0.2, "has_number": 0.05, "has_date": 0.05, "dangling": -0.1}


@lru_cache(maxsize=4)
def load(name: str = "weights.json") -> dict[str, Any]:
    try:
        data = json.loads(resources.files("newsweave.summarize").joinpath(name).read_text("utf-8"))
    except FileNotFoundError:
        log.info("no %s shipped; using the hand-set prior", name)
        return {"kind": "linear", "features": list(FEATURES), "mean": [0.0] * len(FEATURES),
                "scale": [1.0] * len(FEATURES), "coef": [_PRIOR.get(f, 0.0) for f in FEATURES],
                "intercept": 0.0}
    if data.get("features") != list(FEATURES)[: len(data.get("features", []))]:
        raise ValueError(f"{name} was trained on features {data.get('features')}, not {FEATURES}")
    return data


def _tree_predict(tree: dict[str, Any], x: np.ndarray) -> np.ndarray:
    feat = np.asarray(tree["feature"])
    thr = np.asarray(tree["threshold"])
    left = np.asarray(tree["left"])
    right = np.asarray(tree["right"])
    value = np.asarray(tree["value"])
    node = np.zeros(len(x), dtype=int)
    for _ in range(64):
        leaf = left[node] < 0
        if leaf.all():
            break
        f = np.where(leaf, 0, feat[node])
        go_left = x[np.arange(len(x)), f] <= thr[node]
        node = np.where(leaf, node, np.where(go_left, left[node], right[node]))
    return value[node]


def prior(feats: np.ndarray) -> np.ndarray:
    """The hand-set news prior over raw features (lead, centrality, corroboration)."""
    x = np.asarray(feats, dtype=np.float64)
    return x @ np.array([_PRIOR.get(f, 0.0) for f in FEATURES[: x.shape[1]]])


def _standard(v: np.ndarray) -> np.ndarray:
    sd = float(v.std())
    return (v - v.mean()) / sd if sd > 1e-12 else np.zeros_like(v)


def score(feats: np.ndarray, model: dict[str, Any] | None = None) -> np.ndarray:
    """Predicted content score per row of ``feats`` (higher = more summary-worthy): the learned model
    plus ``prior_weight`` times the news prior (Multi-News alone over-rewards quotes and short
    sentences; the prior keeps lead and corroborated sentences first on full-length articles).

    With ``"blend": "standard"`` both parts are first standardised over the story's candidates (the
    prior's raw spread is several times the model's, so a raw sum lets the prior decide almost alone)
    and the sum is scaled by ``blend_scale``; rows are only ever compared within one story."""
    m = model or load()
    k = len(m["features"])
    x = np.asarray(feats, dtype=np.float64)[:, :k]
    if len(x) == 0:
        return np.zeros(0)
    if m["kind"] == "linear":
        z = (x - np.asarray(m["mean"])) / np.asarray(m["scale"])
        out = z @ np.asarray(m["coef"]) + float(m["intercept"])
    elif m["kind"] == "gbdt":
        out = np.full(len(x), float(m["init"]))
        for tree in m["trees"]:
            out += float(m["rate"]) * _tree_predict(tree, x)
    else:
        raise ValueError(f"unknown scorer kind {m['kind']!r}")
    w = float(m.get("prior_weight", 0.0))
    if not w:
        return out
    p = prior(np.asarray(feats, dtype=np.float64))
    if m.get("blend") == "standard":
        return float(m.get("blend_scale", 0.1)) * (_standard(out) + w * _standard(p))
    return out + w * p

"""Cheap lexical features of one sentence pair, shared by fact alignment and contradiction rules.

``pair_features(a, b, cos)`` returns a fixed-length vector (names in :data:`FEATURES`): MiniLM
cosine, content-word overlaps, BLEU-style n-gram precisions, fuzzy ratios, length ratio,
unmatched content words (log count), and agreement of numbers and capitalised names. The learned combiner in :mod:`newsweave.analyze.align` weighs them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from newsweave.clean.numbers import CARDINALS

_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*|\d[\d,.]*\d|\d")
_NUM = re.compile(r"\d[\d,.]*\d|\d")
_NUMWORDS = {w: str(v) for w, v in CARDINALS.items()} | {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20", "thirty": "30", "forty": "40",
    "fifty": "50", "hundred": "100", "thousand": "1000", "million": "1000000", "billion": "1000000000",
    "first": "1", "second": "2", "third": "3", "half": "0.5", "dozen": "12",
}
STOP = frozenset(ENGLISH_STOP_WORDS) | {"said", "says", "say", "told", "also", "would", "could", "according"}

FEATURES = (
    "cos", "cos2", "jaccard", "contain_min", "contain_max", "bigram_jaccard", "token_set", "ratio",
    "len_ratio", "log_len_diff", "num_both", "num_agree", "num_disagree", "num_one_side",
    "cap_jaccard", "cap_missing", "exact_prefix",
    "p1_min", "p1_max", "p2_min", "p2_max", "p3_min", "p3_max", "p4_min", "p4_max",
    "log_unmatched", "partial_ratio", "token_sort",
)


def stem(word: str) -> str:
    """A crude, deterministic stemmer (enough to equate 'postponed'/'postpone', 'talks'/'talk')."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    for suf in ("ingly", "edly", "ing", "ed", "ies", "es", "s", "ly"):
        if len(w) > len(suf) + 3 and w.endswith(suf):
            return w[: -len(suf)]
    return w


@lru_cache(maxsize=65536)
def analyse(text: str) -> tuple[frozenset[str], tuple[str, ...], frozenset[str], frozenset[str]]:
    """(content stems, all lower-cased tokens, numbers, capitalised non-initial words) of ``text``."""
    toks = _WORD.findall(text)
    lower = tuple(t.lower() for t in toks)
    content = frozenset(stem(t) for t in lower if t not in STOP and not t.isdigit() and len(t) > 1)
    nums = {n.replace(",", "").rstrip(".") for n in _NUM.findall(text)}
    nums |= {_NUMWORDS[t] for t in lower if t in _NUMWORDS}
    caps = frozenset(stem(t) for i, t in enumerate(toks)
                     if i > 0 and t[0].isupper() and t.lower() not in STOP and len(t) > 1)
    return content, lower, frozenset(nums), caps


def _jac(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def pair_features(a: str, b: str, cos: float) -> list[float]:
    """Feature vector of the pair (order-symmetric), in the order of :data:`FEATURES`."""
    ca, la, na, ka = analyse(a)
    cb, lb, nb, kb = analyse(b)
    inter = len(ca & cb)
    ba = set(zip(la, la[1:], strict=False))
    bb = set(zip(lb, lb[1:], strict=False))
    la_n, lb_n = max(len(la), 1), max(len(lb), 1)
    num_both = float(bool(na) and bool(nb))
    num_agree = len(na & nb) / len(na | nb) if num_both else 0.0
    num_dis = 1.0 if num_both and not (na <= nb or nb <= na) else 0.0
    cap_missing = len(ka ^ kb) / max(len(ka | kb), 1)
    return [
        cos, cos * cos,
        _jac(ca, cb),
        inter / max(min(len(ca), len(cb)), 1),
        inter / max(max(len(ca), len(cb)), 1),
        _jac(ba, bb),
        fuzz.token_set_ratio(a, b) / 100.0,
        fuzz.ratio(a.lower(), b.lower()) / 100.0,
        min(la_n, lb_n) / max(la_n, lb_n),
        abs(math.log(la_n / lb_n)),
        num_both, num_agree, num_dis,
        float(bool(na) != bool(nb)),
        _jac(ka, kb), cap_missing,
        float(la[:4] == lb[:4]),
        *_ngram_precisions(la, lb),
        math.log1p(len(ca ^ cb)),
        fuzz.partial_ratio(a.lower(), b.lower()) / 100.0, fuzz.token_sort_ratio(a, b) / 100.0,
    ]


def _ngram_precisions(la: tuple[str, ...], lb: tuple[str, ...]) -> list[float]:
    """BLEU-style clipped n-gram precision both ways (n = 1..4): [min, max] per n."""
    out: list[float] = []
    for n in (1, 2, 3, 4):
        ga = Counter(zip(*[la[i:] for i in range(n)], strict=False))
        gb = Counter(zip(*[lb[i:] for i in range(n)], strict=False))
        inter = sum((ga & gb).values())
        pa, pb = inter / max(sum(ga.values()), 1), inter / max(sum(gb.values()), 1)
        out += [min(pa, pb), max(pa, pb)]
    return out


HUB_K = 3  # neighbours that measure how much of a "hub" a sentence is


def hub_corrected(scores: dict[tuple[int, int], float], basis: dict[tuple[int, int], float] | None = None
                  ) -> dict[tuple[int, int], float]:
    """CSLS-style hubness penalty: ``s'(i, j) = s(i, j) - max(0, (r_i + r_j) / 2 - mean(r))``, where
    ``r_i`` is the mean of sentence i's top-:data:`HUB_K` scores. A lead sentence that resembles
    everything in a one-topic story loses its pull; no pair is scored up. ``r`` is measured on
    ``basis`` (default ``scores``), a superset of the pairs of ``scores``."""
    tops: dict[int, list[float]] = {}
    for (i, j), p in (scores if basis is None else basis).items():
        tops.setdefault(i, []).append(p)
        tops.setdefault(j, []).append(p)
    r = {i: float(np.mean(sorted(v, reverse=True)[:HUB_K])) for i, v in tops.items()}
    if not r:
        return {}
    mean_r = float(np.mean(list(r.values())))
    return {(i, j): p - max(0.0, (r[i] + r[j]) / 2 - mean_r) for (i, j), p in scores.items()}

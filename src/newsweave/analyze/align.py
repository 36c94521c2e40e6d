"""Cross-source sentence alignment: which sentences of different articles state the same fact.

A pair's score is the larger of (a) a small logistic-regression combiner (weights in
``aligner.json``, trained on the MRPC *train* split by ``benchmarks/paraphrase.py --write-model``,
inputs clipped to the training range) over MiniLM cosine and the lexical, n-gram, number and
name-agreement features of :mod:`newsweave.analyze.features`, and (b) a story-level topical score
(:func:`topical_score`: cosine plus story-IDF-weighted word containment). Scores then get a
hubness penalty (:func:`hub_corrected`) so lead sentences that resemble everything do not glue
unrelated facts together.

    >>> from newsweave.analyze.align import align_story
    >>> groups = align_story(story)   # list[AlignedGroup]; group.spans are sentence spans

Grouping is star-shaped (:func:`align_story`): a centre sentence, its mutual-best match in each
other article, then sentences that fit the whole group; a group never holds two sentences of one
article. A sentence may support more than one fact.
"""

from __future__ import annotations

import json
import logging
import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from newsweave.analyze.features import FEATURES, analyse, hub_corrected, pair_features
from newsweave.analyze.quote_groups import mostly_quoted, one_utterance
from newsweave.analyze.roles import name_and_role_words
from newsweave.clean.sentences import is_dateline
from newsweave.clean.speech import QUOTATION
from newsweave.model import Article, Span, Story

log = logging.getLogger(__name__)

MODEL_FILE = "aligner.json"
PREFILTER_COS = 0.4  # pairs below this cosine (and with < 4 shared content words) are never scored
STORY_EDGE = 0.45  # hub-corrected pair score (max of combiner probability and topical score) to link
EDGE_BASE_ARTICLES = 6  # stories larger than this need a closer pair to link ...
EDGE_PER_DOUBLING = 0.06  # ... by this much per doubling of their articles
LINK_SLACK = 0.1  # a member's mean score to the rest of its group must reach STORY_EDGE - LINK_SLACK
FLOOR = 0.28  # ... and none of its scores to the other members may be below this
COS_WEIGHT = 0.5  # topical score: weight of MiniLM cosine (high for any two sentences of one story)
GROUND_WORDS = 2  # a combiner score counts only for pairs sharing this many content words ...
GROUND_COS = 0.65  # ... or at least this MiniLM cosine
MIN_CONTENT = 3  # sentences with fewer content words never corroborate on topic alone
MAX_SENT_CHARS = 1200  # longer "sentences" (unsplit blobs) are aligned by their first part only


@dataclass
class Combiner:
    """Logistic regression over standardised :data:`FEATURES`; ``threshold`` is the MRPC-tuned cut."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float
    story_threshold: float
    features: tuple[str, ...] = FEATURES

    lo: np.ndarray | None = None  # per-feature range seen in training: inputs are clipped to it,
    hi: np.ndarray | None = None  # so long news sentences never extrapolate past MRPC's range

    def prob(self, feats: np.ndarray) -> np.ndarray:
        x = np.atleast_2d(np.asarray(feats, dtype=float))
        if self.lo is not None and self.hi is not None:
            x = np.clip(x, self.lo, self.hi)
        z = ((x - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def to_json(self) -> dict[str, Any]:
        return {"features": list(self.features), "mean": self.mean.tolist(), "scale": self.scale.tolist(),
                "coef": self.coef.tolist(), "intercept": self.intercept, "threshold": self.threshold,
                "story_threshold": self.story_threshold,
                "lo": None if self.lo is None else self.lo.tolist(),
                "hi": None if self.hi is None else self.hi.tolist()}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Combiner:
        feats = tuple(d["features"])
        if feats != FEATURES:
            raise ValueError(f"{MODEL_FILE} was trained on features {feats}, code has {FEATURES}")
        lo, hi = d.get("lo"), d.get("hi")
        return cls(np.asarray(d["mean"], float), np.asarray(d["scale"], float), np.asarray(d["coef"], float),
                   float(d["intercept"]), float(d["threshold"]), float(d["story_threshold"]), feats,
                   None if lo is None else np.asarray(lo, float), None if hi is None else np.asarray(hi, float))


def fit_combiner(x: np.ndarray, y: np.ndarray, c: float = 1.0) -> Combiner:
    """Fit the combiner on feature rows ``x`` and 0/1 labels ``y``; the threshold maximises
    5-fold cross-validated accuracy on the same (training) data."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_predict

    mean, scale = x.mean(0), x.std(0)
    scale[scale == 0] = 1.0
    xs = (x - mean) / scale
    lr = LogisticRegression(C=c, max_iter=5000)
    p = cross_val_predict(lr, xs, y, cv=5, method="predict_proba")[:, 1]
    grid = np.arange(0.2, 0.81, 0.01)
    thr = float(max(grid, key=lambda t: float(((p >= t) == y).mean())))
    lr.fit(xs, y)
    return Combiner(mean, scale, lr.coef_[0].astype(float), float(lr.intercept_[0]), round(thr, 2),
                    round(thr, 2), FEATURES, x.min(0), x.max(0))


@lru_cache(maxsize=1)
def _shipped() -> dict[str, Any]:
    """``newsweave/analyze/aligner.json``: the combiner, and under ``"cross"`` the cross-encoder stack."""
    return json.loads(resources.files("newsweave.analyze").joinpath(MODEL_FILE).read_text("utf-8"))


@lru_cache(maxsize=1)
def combiner() -> Combiner:
    """The shipped combiner (``newsweave/analyze/aligner.json``)."""
    return Combiner.from_json(_shipped())


@dataclass(frozen=True)
class CrossStack:
    """How the cross-encoder's probability ``q`` joins the combiner's ``p`` for pairs with
    ``lo <= p <= hi`` (outside that band the combiner is rarely wrong on MRPC train): the stacked
    probability ``sigmoid(wp * logit(p) + wq * logit(q) + bias)``, fitted on a held-out tenth of MRPC
    train and shifted so the combiner's threshold stays the decision threshold."""

    wp: float
    wq: float
    bias: float
    lo: float
    hi: float

    def prob(self, p: np.ndarray, q: np.ndarray) -> np.ndarray:
        z = self.wp * _logit(p) + self.wq * _logit(q) + self.bias
        return 1.0 / (1.0 + np.exp(-z))


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=float), 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


CROSS_MODES = ("auto", "on", "off")


@lru_cache(maxsize=1)
def cross_stack() -> CrossStack | None:
    """The shipped stack when the cross-encoder is on. ``$NEWSWEAVE_CROSS_ENCODER``: ``on`` uses it,
    ``off`` and ``auto`` (default) keep the feature combiner alone. Off by default because the story
    grouping thresholds (:data:`STORY_EDGE`, :data:`FLOOR`) are tuned for the combiner: with the
    cross-encoder on, the seed story's balloon fact loses one of its five sources (one member pair
    drops to 0.273 < FLOOR), and on CPU one pair costs ~36 ms of CPU (the seed story's analysis: 2.3 s
    without it, 15 s with it on 2 cores)."""
    mode = os.environ.get("NEWSWEAVE_CROSS_ENCODER", "auto").strip().lower() or "auto"
    if mode not in CROSS_MODES:
        raise ValueError(f"NEWSWEAVE_CROSS_ENCODER={mode!r}: use one of {', '.join(CROSS_MODES)}")
    if mode != "on":
        return None
    from newsweave.analyze import cross_encoder

    data = _shipped().get("cross")
    if data is None or not cross_encoder.available():
        raise ValueError("NEWSWEAVE_CROSS_ENCODER=on but the cross-encoder or its stack is not installed")
    return CrossStack(**data)


def combiner_probs(a: Sequence[str], b: Sequence[str], cos: Sequence[float]) -> np.ndarray:
    """The feature combiner's same-fact probability for each pair ``(a[i], b[i])`` (MiniLM cosine ``cos[i]``)."""
    if not a:
        return np.zeros(0)
    x = np.array([pair_features(s, t, float(c)) for s, t, c in zip(a, b, cos, strict=True)])
    return combiner().prob(x)


def refine(a: Sequence[str], b: Sequence[str], p: np.ndarray, allow: np.ndarray | None = None) -> np.ndarray:
    """``p`` with the pairs in the stack's band (and in ``allow``, default all) re-scored by the
    cross-encoder (:mod:`newsweave.analyze.cross_encoder`); unchanged when it is off."""
    stack = cross_stack()
    p = np.array(p, dtype=float)
    if stack is None or not len(p):
        return p
    sel = (p >= stack.lo) & (p <= stack.hi)
    if allow is not None:
        sel &= allow
    idx = np.flatnonzero(sel)
    if len(idx):
        from newsweave.analyze.cross_encoder import pair_probs

        q = pair_probs([a[i] for i in idx], [b[i] for i in idx])
        p[idx] = stack.prob(p[idx], q)
    return p


def pair_scores(a: Sequence[str], b: Sequence[str], cos: Sequence[float]) -> np.ndarray:
    """Same-fact probability for each pair ``(a[i], b[i])`` with MiniLM cosine ``cos[i]``: the combiner,
    refined by the cross-encoder where the combiner is unsure."""
    return refine(a, b, combiner_probs(a, b, cos))


def same_fact(a: str, b: str, cos: float) -> bool:
    """The aligner's MRPC-tuned decision for one pair (what ``benchmarks/paraphrase.py`` measures)."""
    return bool(pair_scores([a], [b], [cos])[0] >= combiner().threshold)


@dataclass
class AlignedGroup:
    """Sentences (at most one per article) that state the same fact; ``score`` is the mean pair score."""

    spans: list[Span]
    score: float
    pair_scores: dict[tuple[Span, Span], float] = field(default_factory=dict)

    @property
    def article_ids(self) -> list[str]:
        return [s.article_id for s in self.spans]


def _sentences(story: Story) -> tuple[list[Span], list[str], np.ndarray]:
    from newsweave.nlp import sentence_vectors, vector_articles

    arts = [a for a in story.articles if a.sentences]
    if vector_articles(arts):
        vecs = sentence_vectors(arts)
    else:  # one source: no cross-source pairs
        vecs = {a.id: np.zeros((len(a.sentences), 384), dtype=np.float32) for a in arts}
    spans: list[Span] = []
    texts: list[str] = []
    rows: list[np.ndarray] = []
    for a in arts:
        v = vecs.get(a.id)
        if v is None or len(v) != len(a.sentences):
            continue
        for i, (s, e) in enumerate(a.sentences):
            spans.append(Span(a.id, s, e))
            texts.append(a.text[s:e][:MAX_SENT_CHARS])
            rows.append(v[i])
    mat = np.vstack(rows) if rows else np.zeros((0, 384), dtype=np.float32)
    return spans, texts, mat


_Pairs = dict[tuple[int, int], float]
_PAIR_MEMO: dict[tuple[tuple[str, ...], frozenset[str], bool], tuple[_Pairs, _Pairs]] = {}


def scored_pairs(story: Story, skip: set[str] | frozenset[str] = frozenset(), ungrounded: bool = False
                 ) -> dict[tuple[int, int], float]:
    """Scores of candidate sentence pairs across different articles: ``{(i, j): p}`` with i < j
    indexing :func:`story_sentences`, the max of the combiner's probability and :func:`topical_score`.
    The combiner's counts only for *grounded* pairs: >= :data:`GROUND_WORDS` shared content words or
    MiniLM cosine >= :data:`GROUND_COS`; a quotation and a report of what the same person said that
    share only names and titles score 0 below that cosine (``ungrounded=True``: the scores before these rules, which
    :func:`hub_corrected` measures hubness on). Articles in ``skip`` (e.g. non-English) take no part.
    Memoised per article set (article ids are content hashes), so facts and contradictions share it."""
    memo_key = (tuple(story.article_ids), frozenset(skip), cross_stack() is not None)
    if memo_key not in _PAIR_MEMO:
        if len(_PAIR_MEMO) > 64:
            _PAIR_MEMO.clear()
        _PAIR_MEMO[memo_key] = _scored_pairs(story, frozenset(skip))
    return _PAIR_MEMO[memo_key][1 if ungrounded else 0]


def _scored_pairs(story: Story, skip: frozenset[str]
                  ) -> tuple[dict[tuple[int, int], float], dict[tuple[int, int], float]]:
    """(scores, the same before the grounding rule): see :func:`scored_pairs`."""
    spans, texts, mat = story_sentences(story)
    if len(spans) < 2:
        return {}, {}
    sims = mat @ mat.T
    parsed = [analyse(t) for t in texts]
    content = [p[0] | {"#" + n for n in p[2]} for p in parsed]  # numbers count as words
    cand_i: list[int] = []
    cand_j: list[int] = []
    dateline = [is_dateline(t) for t in texts]  # "DUNMERE, 14 May 2026 —" says no fact
    for i in range(len(spans)):
        if spans[i].article_id in skip or dateline[i]:
            continue
        for j in range(i + 1, len(spans)):
            if spans[j].article_id == spans[i].article_id or spans[j].article_id in skip or dateline[j]:
                continue
            if sims[i, j] >= PREFILTER_COS or len(content[i] & content[j]) >= 4:
                cand_i.append(i)
                cand_j.append(j)
    ta, tb = [texts[i] for i in cand_i], [texts[j] for j in cand_j]
    probs = combiner_probs(ta, tb, [float(sims[i, j]) for i, j in zip(cand_i, cand_j, strict=True)])
    idf = _story_idf(content)
    topical = [topical_score(float(sims[i, j]), content[i], content[j], idf) for i, j in zip(cand_i, cand_j, strict=True)]
    if cross_stack() is not None:  # only then is there anything to re-score
        probs = refine(ta, tb, probs, _contenders(cand_i, cand_j, np.maximum(probs, topical), spans))
    # the combiner learned on MRPC, whose pairs always share a topic: two sentences that share (almost)
    # no content word and are not close in meaning ("Nothing will be off limits." / "That was not a risk
    # any engineer could accept.") are not the same fact in a story, whatever it says
    # nor are two that share only who someone is ("Daniel Reyes, the port authority's operations
    # director" said one thing here and another there)
    roles: dict[int, frozenset[str]] = {}

    def role_stems(k: int) -> frozenset[str]:
        if k not in roles:  # names in the sentence (not its first word), titles and their possessors
            words = {w for w in name_and_role_words(texts[k]) if not texts[k].lower().startswith(w)}
            roles[k] = analyse(" ".join(words))[0] | parsed[k][3]
        return roles[k]

    close = [sims[i, j] >= GROUND_COS for i, j in zip(cand_i, cand_j, strict=True)]
    quoting = [QUOTATION.search(t) is not None for t in texts]
    # a person's quotation and another report of what the same person said, sharing only who it is:
    # two statements ("“The door is open,” said Reyes" / "Reyes told the Gazette that contracts were lost")
    substance = [c or quoting[i] == quoting[j] or bool((content[i] & content[j]) - role_stems(i) - role_stems(j))
                 for i, j, c in zip(cand_i, cand_j, close, strict=True)]
    # two quotations are one fact only as one utterance (the same words, or re-worded by another outlet:
    # quote_groups.same_utterance), not two remarks of one speaker on one subject ("The chart on the
    # bridge was out of date," Venn said / "We will look at the bridge, the charts and the buoyage")
    quoted = [mostly_quoted(t) for t in texts]
    substance = [s and not (quoted[i] and quoted[j] and not one_utterance(quoted[i], quoted[j], float(sims[i, j])))
                 for i, j, s in zip(cand_i, cand_j, substance, strict=True)]
    grounded = [s and (len(content[i] & content[j]) >= GROUND_WORDS or c)
                for i, j, c, s in zip(cand_i, cand_j, close, substance, strict=True)]
    raw = {(i, j): max(float(p), t) for i, j, p, t in zip(cand_i, cand_j, probs, topical, strict=True)}
    out = {(i, j): max(float(p) if g else 0.0, t if s else 0.0)
           for i, j, p, t, g, s in zip(cand_i, cand_j, probs, topical, grounded, substance, strict=True)}
    return out, raw


CROSS_TOP = 2  # the cross-encoder re-scores a sentence's CROSS_TOP best candidates in each other article


def _contenders(cand_i: list[int], cand_j: list[int], score: np.ndarray, spans: list[Span]) -> np.ndarray:
    """Mask of the candidate pairs among the :data:`CROSS_TOP` best of either sentence in the other's
    article: the only pairs that can decide a mutual-best alignment, so the only ones worth a
    cross-encoder pass (bounds its cost to ~2 x sentences x articles per story)."""
    ranked: dict[tuple[int, str], list[tuple[float, int]]] = {}
    for k, (i, j) in enumerate(zip(cand_i, cand_j, strict=True)):
        ranked.setdefault((i, spans[j].article_id), []).append((-float(score[k]), k))
        ranked.setdefault((j, spans[i].article_id), []).append((-float(score[k]), k))
    allow = np.zeros(len(cand_i), dtype=bool)
    for lst in ranked.values():
        for _, k in sorted(lst)[:CROSS_TOP]:
            allow[k] = True
    return allow


def _story_idf(content: Sequence[frozenset[str]]) -> dict[str, float]:
    df: dict[str, int] = {}
    for c in content:
        for w in c:
            df[w] = df.get(w, 0) + 1
    n = len(content)
    return {w: math.log((n + 1) / (d + 0.5)) for w, d in df.items()}


def topical_score(cos: float, a: frozenset[str], b: frozenset[str], idf: dict[str, float]) -> float:
    """Story-level corroboration score for sentences that state one fact with different detail:
    mean of MiniLM cosine and the story-IDF-weighted containment of the shorter sentence's content
    words (words rare in the story, like "balloon", count most). 0 for sentences with < 3 content
    words, which carry too little to corroborate anything."""
    if len(a) < MIN_CONTENT or len(b) < MIN_CONTENT:
        return 0.0
    common = math.fsum(idf.get(w, 0.0) for w in a & b)  # fsum: the same float whatever the set order
    small = min(math.fsum(idf.get(w, 0.0) for w in a), math.fsum(idf.get(w, 0.0) for w in b))
    return COS_WEIGHT * cos + (1 - COS_WEIGHT) * (common / small if small > 0 else 0.0)


_SENT_MEMO: dict[tuple[str, ...], tuple[list[Span], list[str], np.ndarray]] = {}


def story_sentences(story: Story) -> tuple[list[Span], list[str], np.ndarray]:
    """(sentence spans, texts, MiniLM vectors) of every article of ``story``, in article order."""
    key = tuple(story.article_ids)
    if key not in _SENT_MEMO:
        if len(_SENT_MEMO) > 64:
            _SENT_MEMO.clear()
        _SENT_MEMO[key] = _sentences(story)
    return _SENT_MEMO[key]


def _extend(members: list[int], neighbours: dict[int, dict[str, set[int]]], spans: list[Span],
            score: Callable[[int, int], float], link: float) -> list[int]:
    """Add, from each article not yet in the group, the sentence with the highest mean score to all
    members, if that mean reaches ``link``, one pair reaches the edge threshold and no pair is below
    :data:`FLOOR` (a sentence that says the fact in other words than the centre, e.g. inside a
    longer sentence)."""
    have = {spans[m].article_id for m in members}
    found: dict[str, tuple[float, int]] = {}
    for m in members:
        for aid, js in neighbours.get(m, {}).items():
            if aid in have:
                continue
            for j in js:
                vals = [score(j, x) for x in members]
                mean = float(np.mean(vals))
                if mean >= link and min(vals) >= FLOOR and max(vals) >= link + LINK_SLACK and \
                        mean > found.get(aid, (0.0, -1))[0]:
                    found[aid] = (mean, j)
    for _, j in sorted(found.values(), reverse=True):
        vals = [score(j, x) for x in members]
        if float(np.mean(vals)) >= link and min(vals) >= FLOOR:
            members = members + [j]
    return members


def story_edge(n_articles: int) -> float:
    """The linking score for a story of ``n_articles``: :data:`STORY_EDGE`, plus
    :data:`EDGE_PER_DOUBLING` per doubling above :data:`EDGE_BASE_ARTICLES`. The more articles on one
    subject, the more sentences share its names and words without stating one fact: in a
    33-article story the best match of a sentence in another article is more often just on topic
    ("Molenbeek" in five sentences about five people)."""
    return STORY_EDGE + EDGE_PER_DOUBLING * max(0.0, math.log2(max(n_articles, 1) / EDGE_BASE_ARTICLES))


def align_story(story: Story, threshold: float | None = None,
                skip: set[str] | frozenset[str] = frozenset()) -> list[AlignedGroup]:
    """Groups of sentences from different articles stating the same fact (2+ articles each),
    most sources first.

    Star grouping: every sentence is a candidate centre; its group takes, from each other article,
    the sentence scoring highest with it (and with which it scores highest: mutual best, which keeps
    "hub" lead sentences out of unrelated facts) if that score reaches ``threshold`` (default
    :func:`story_edge`), and keeps a member only while its mean score to the other members is at
    least ``threshold - LINK_SLACK`` and none is below :data:`FLOOR`. Candidates are taken best
    first; one whose centre already sits in a taken group, or that mostly repeats one, is dropped.
    A sentence may support more than one fact."""
    thr = story_edge(len(story.articles) - len(skip)) if threshold is None else threshold
    link = thr - LINK_SLACK
    spans, _, _ = story_sentences(story)
    scores = hub_corrected(scored_pairs(story, skip), scored_pairs(story, skip, ungrounded=True))
    nbrs: dict[int, dict[str, tuple[float, int]]] = {}
    for (i, j), p in scores.items():
        for a, b in ((i, j), (j, i)):
            best = nbrs.setdefault(a, {}).get(spans[b].article_id)
            if best is None or p > best[0]:
                nbrs[a][spans[b].article_id] = (p, b)

    def score(i: int, j: int) -> float:
        return scores.get((i, j) if i < j else (j, i), 0.0)

    neighbours: dict[int, dict[str, set[int]]] = {}
    for (i, j) in scores:
        neighbours.setdefault(i, {}).setdefault(spans[j].article_id, set()).add(j)
        neighbours.setdefault(j, {}).setdefault(spans[i].article_id, set()).add(i)
    cands: list[tuple[int, float, list[int]]] = []
    for c, per_art in nbrs.items():
        ca = spans[c].article_id
        members = [c] + [b for p, b in per_art.values() if p >= thr and nbrs[b][ca][1] == c]  # mutual best
        while len(members) > 2:
            worst = min(members[1:], key=lambda m: (np.mean([score(m, o) for o in members if o != m]),
                                                    min(score(m, o) for o in members if o != m)))
            others = [score(worst, o) for o in members if o != worst]
            if np.mean(others) >= link and min(others) >= FLOOR:
                break
            members.remove(worst)
        if len(members) >= 2:
            members = _extend(members, neighbours, spans, score, link)
            cands.append((c, float(np.mean([score(c, m) for m in members[1:]])), members))
    cands.sort(key=lambda t: (-len(t[2]), -t[1]))

    out: list[AlignedGroup] = []
    taken: list[set[int]] = []
    for c, _, members in cands:
        mset = set(members)
        if any(c in t or len(mset & t) * 2 > len(mset) for t in taken):
            continue
        taken.append(mset)
        members = sorted(_extend(members, neighbours, spans, score, link))
        ps = {(spans[x], spans[y]): score(x, y) for k, x in enumerate(members) for y in members[k + 1:]}
        out.append(AlignedGroup([spans[x] for x in members], float(np.mean(list(ps.values()))), ps))
    out.sort(key=lambda g: (-len(g.spans), -g.score))
    return out


def article_sentence_text(articles: dict[str, Article], span: Span) -> str:
    return articles[span.article_id].text[span.start:span.end]

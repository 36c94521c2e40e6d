"""Passage-level provenance inside a story: which sentences of one article repeat or paraphrase another's.

Three tiers per sentence pair (sentences of different articles, >= ``min_words`` words):

* ``exact``: equal after case/space/punctuation normalisation;
* ``fuzzy``: rapidfuzz ``ratio`` >= ``fuzzy`` (light edits: a changed word, spelling, punctuation);
* ``paraphrase``: MiniLM cosine >= ``paraphrase`` (shared per-sentence vectors from ``newsweave.nlp``)
  *and* some shared content words (``min_overlap``), so that two independent reports of the same fact
  are less likely to count as a rewrite.

Links are one-to-one per article pair (best first), sentences that are mostly quotation are left out
(two outlets quoting the same speaker is not copying), and runs of adjacent linked sentences are merged
into passages. Articles whose shared non-quote sentences reach ``wire_min_links`` and ``wire_min_share``
of the shorter article form a wire group (one independent source for later layers).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from newsweave.model import Article, ReuseLink, Story, source_keys
from newsweave.pipeline import RunContext

log = logging.getLogger(__name__)

_NORM = re.compile(r"[^\w]+")
_WORD = re.compile(r"\w+")
_QUOTED = re.compile(r"[\"“”«»„]([^\"“”«»„]{3,})[\"“”«»„]")
_STOP = frozenset("""a an the and or but of to in on at for with by from as is are was were be been has have had
it its this that these those he she they we you i his her their our not no will would could should may might
said says told about after before over into than then there which who whom what when where while also""".split())
KIND_RANK = {"exact": 3, "fuzzy": 2, "paraphrase": 1}
WEAK = "weak"  # internal tier: paraphrase evidence that needs an in-order chain to count
_RANK = {**KIND_RANK, WEAK: 0}


@dataclass(frozen=True)
class ReuseParams:
    min_words: int = 6
    fuzzy: float = 85.0  # rapidfuzz ratio (0-100)
    paraphrase: float = 0.78  # MiniLM cosine
    min_overlap: float = 0.35  # content-word Jaccard a paraphrase link needs as well
    weak_paraphrase: float = 0.62  # a heavier rewrite (cosine) counts only inside an in-order chain ...
    weak_overlap: float = 0.15  # ... of linked sentences (with this much content-word Jaccard) ...
    chain_min: int = 3  # ... at least this long ...
    chain_share: float = 0.4  # ... covering this share of the shorter article's sentences
    quote_share: float = 0.5  # sentences with >= this share inside quotation marks are skipped
    wire_min_links: int = 3
    wire_min_links_weak: int = 4  # when every link is a heavy rewrite (a chain of weak links)
    wire_min_share: float = 0.15
    max_sentences: int = 6000  # per story; larger stories are compared on their first sentences only


@dataclass
class _Sent:
    art: int  # index into the story's article list
    idx: int  # sentence index within the article
    start: int
    end: int
    norm: str
    words: frozenset[str]
    quote: bool


def _quote_share(text: str) -> float:
    inside = sum(len(m.group(1)) for m in _QUOTED.finditer(text))
    return inside / max(1, len(text))


def _sentences(arts: list[Article], p: ReuseParams) -> list[_Sent]:
    out: list[_Sent] = []
    for ai, a in enumerate(arts):
        for si, (s, e) in enumerate(a.sentences):
            text = a.text[s:e]
            words = _WORD.findall(text.lower())
            if len(words) < p.min_words:
                continue
            norm = _NORM.sub(" ", text.lower()).strip()
            out.append(_Sent(ai, si, s, e, norm, frozenset(w for w in words if w not in _STOP),
                             _quote_share(text) >= p.quote_share))
            if len(out) >= p.max_sentences:
                return out
    return out


def _candidates(sents: list[_Sent], vecs: np.ndarray | None, p: ReuseParams
                ) -> dict[tuple[int, int], tuple[str, float]]:
    """(i, j) with i < j, sentences of different articles -> best (kind, score)."""
    found: dict[tuple[int, int], tuple[str, float]] = {}
    arts = np.array([s.art for s in sents])
    norms = [s.norm for s in sents]
    block = 1000
    for lo in range(0, len(sents), block):
        hi = min(len(sents), lo + block)
        fz = process.cdist(norms[lo:hi], norms, scorer=fuzz.ratio, score_cutoff=p.fuzzy, dtype=np.uint8)
        cs = vecs[lo:hi] @ vecs.T if vecs is not None else None
        low = min(p.paraphrase, p.weak_paraphrase)
        ii, jj = np.nonzero(fz >= p.fuzzy) if cs is None else np.nonzero((fz >= p.fuzzy) | (cs >= low))
        for i, j in zip((ii + lo).tolist(), jj.tolist(), strict=True):
            if i >= j or arts[i] == arts[j]:
                continue
            a, b = sents[i], sents[j]
            if a.quote or b.quote:
                continue
            if a.norm == b.norm:
                found[(i, j)] = ("exact", 1.0)
            elif fz[i - lo, j] >= p.fuzzy:
                found[(i, j)] = ("fuzzy", float(fz[i - lo, j]) / 100.0)
            elif cs is not None:
                union = len(a.words | b.words)
                jac = len(a.words & b.words) / union if union else 0.0
                cos = float(cs[i - lo, j])
                if cos >= p.paraphrase and jac >= p.min_overlap:
                    found[(i, j)] = ("paraphrase", cos)
                elif cos >= p.weak_paraphrase and jac >= p.weak_overlap:
                    found[(i, j)] = (WEAK, cos)
    return found


def find_reuse(arts: list[Article], vecs: dict[str, np.ndarray] | None, p: ReuseParams | None = None
               ) -> tuple[list[ReuseLink], list[list[str]]]:
    """Reuse links (passages merged) and wire groups for one story's articles. Pure function."""
    p = p or ReuseParams()
    sents = _sentences(arts, p)
    if len(sents) < 2:
        return [], []
    mat = None
    if vecs is not None:
        mat = np.vstack([vecs[arts[s.art].id][s.idx] for s in sents]).astype(np.float32)
    found = _candidates(sents, mat, p)
    # one-to-one per article pair, strongest tier then score first
    per_pair: dict[tuple[int, int], list[tuple[int, int, str, float]]] = {}
    used: set[tuple[int, int]] = set()  # (sentence, other article)
    for (i, j), (kind, score) in sorted(found.items(), key=lambda kv: (-_RANK[kv[1][0]], -kv[1][1], kv[0])):
        a, b = sents[i], sents[j]
        if (i, b.art) in used or (j, a.art) in used:
            continue
        used.add((i, b.art))
        used.add((j, a.art))
        key = (a.art, b.art) if a.art < b.art else (b.art, a.art)
        x, y = (i, j) if a.art < b.art else (j, i)
        per_pair.setdefault(key, []).append((x, y, kind, score))
    links: list[ReuseLink] = []
    wire_pairs: list[tuple[int, int]] = []
    for (ax, bx), pairs in sorted(per_pair.items()):
        shorter = min(len(arts[ax].sentences), len(arts[bx].sentences)) or 1
        strong = any(t[2] != WEAK for t in pairs)
        pairs = _with_chain(sents, pairs, shorter, p)
        if not pairs:
            continue
        # two reports of one event share lede -> reaction -> quote in order: a wire group of rewritten
        # passages alone (no copied or close link) needs a longer chain than that
        need = p.wire_min_links if strong else p.wire_min_links_weak
        if len(pairs) >= need and len(pairs) / shorter >= p.wire_min_share:
            wire_pairs.append((ax, bx))
        links.extend(_merge(arts, sents, sorted(pairs, key=lambda t: sents[t[0]].idx), later_first=True))
    return links, _groups(arts, wire_pairs)


def _with_chain(sents: list[_Sent], pairs: list[tuple[int, int, str, float]], shorter: int, p: ReuseParams
                ) -> list[tuple[int, int, str, float]]:
    """Keep every strong link; keep weak links only on a long in-order chain (a rewritten passage)."""
    strong = [t for t in pairs if t[2] != WEAK]
    if len(pairs) == len(strong):
        return strong
    seq = sorted(pairs, key=lambda t: (sents[t[0]].idx, sents[t[1]].idx))
    # longest chain increasing in both articles' sentence order (O(n^2); n = links of one pair, small)
    best = [1] * len(seq)
    prev = [-1] * len(seq)
    for x in range(len(seq)):
        for y in range(x):
            if sents[seq[y][1]].idx < sents[seq[x][1]].idx and sents[seq[y][0]].idx < sents[seq[x][0]].idx \
                    and best[y] + 1 > best[x]:
                best[x], prev[x] = best[y] + 1, y
    end = max(range(len(seq)), key=lambda k: best[k])
    chain: set[int] = set()
    while end >= 0:
        chain.add(end)
        end = prev[end]
    if len(chain) < p.chain_min or len(chain) / shorter < p.chain_share:
        return strong
    return [t if t[2] != WEAK else (t[0], t[1], "paraphrase", t[3]) for k, t in enumerate(seq)
            if t[2] != WEAK or k in chain]


def _merge(arts: list[Article], sents: list[_Sent], pairs: list[tuple[int, int, str, float]],
           later_first: bool) -> list[ReuseLink]:
    """Merge runs where consecutive sentences of A link to consecutive sentences of B into passages."""
    out: list[ReuseLink] = []
    run: list[tuple[int, int, str, float]] = []

    def flush() -> None:
        if not run:
            return
        a0, b0 = sents[run[0][0]], sents[run[0][1]]
        a1, b1 = sents[run[-1][0]], sents[run[-1][1]]
        kind = min((r[2] for r in run), key=lambda k: KIND_RANK[k])
        score = float(np.mean([r[3] for r in run]))
        art_a, art_b = arts[a0.art], arts[b0.art]
        span_a, span_b = art_a.span(a0.start, a1.end), art_b.span(b0.start, b1.end)
        # ``b`` is the likely source: the earlier-published article when dates are known
        if later_first and art_a.published and art_b.published and art_a.published < art_b.published:
            span_a, span_b = span_b, span_a
        out.append(ReuseLink(span_a, span_b, kind, score))  # type: ignore[arg-type]
        run.clear()

    for x, y, kind, score in pairs:
        if run:
            px, py = run[-1][0], run[-1][1]
            if sents[x].idx == sents[px].idx + 1 and sents[y].idx == sents[py].idx + 1:
                run.append((x, y, kind, score))
                continue
            flush()
        run.append((x, y, kind, score))
    flush()
    return out


def _groups(arts: list[Article], pairs: list[tuple[int, int]]) -> list[list[str]]:
    """Connected components of the wire-copy ``pairs`` (indices into ``arts``), 2+ articles each."""
    keys = source_keys([a.id for a in arts], [[arts[a].id, arts[b].id] for a, b in pairs], {})
    comps: dict[str, list[str]] = {}
    for a in arts:
        comps.setdefault(keys[a.id], []).append(a.id)
    return sorted(sorted(g) for g in comps.values() if len(g) > 1)


class ReuseStage:
    """Story stage (first in ``story_stages``): fills ``story.reuse`` and ``story.wire_groups``."""

    name = "reuse"
    requires = frozenset({"stories"})
    provides = frozenset({"reuse", "wire_groups"})
    scope = "story"

    def __init__(self, params: ReuseParams | None = None, embeddings: bool = True) -> None:
        self.params = params or ReuseParams()
        self.embeddings = embeddings

    def __call__(self, items: Iterable[Story], ctx: RunContext) -> Iterator[Story]:
        for story in items:
            arts = [a for a in story.articles if a.sentences]
            vecs = None
            if self.embeddings:
                from newsweave.nlp import sentence_vectors, vector_articles

                if vector_articles(arts):
                    vecs = sentence_vectors(arts)
            links, groups = find_reuse(arts, vecs, self.params)
            story.reuse = links
            story.wire_groups = groups
            story.meta["reuse"] = {"links": len(links), "wire_groups": len(groups),
                                   "paraphrase_tier": vecs is not None}
            yield story

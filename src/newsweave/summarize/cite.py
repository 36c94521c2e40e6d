"""Citations for summary sentences, each with a support score; unsupported spans are never cited.

The first citation of a summary sentence is the sentence itself in its source. The others are the
sentences of *other* articles that state the same thing: taken from ``story.facts`` (the analysis
layer's cross-source alignment, :mod:`newsweave.analyze.align`) when the facts stage ran; only when
it did not (e.g. a bare story with no analysis) from the best-matching sentence of each other article. Either way every candidate is checked here: its support is
``0.6 * cosine + 0.4 * lexical`` (cosine of MiniLM vectors when available, else TF-IDF; lexical =
content-word overlap coefficient), and it is cited only when support >= :data:`SUPPORT_MIN` and the
lexical overlap >= :data:`LEXICAL_MIN`, the two share a content word that is neither a name nor a
title (not only "Chief executive Theodora Okafor"), and they do not give different numbers or
weekdays for what they state (:func:`values_disagree`: "12 killed on Thursday" is no support for
"21 killed on Saturday").
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

import numpy as np

from newsweave.analyze.stance import opposite_stance
from newsweave.clean.numbers import COUNT_ALTERNATION, COUNTS
from newsweave.model import Span, Story
from newsweave.summarize.features import tokens

SUPPORT_MIN = 0.55
LEXICAL_MIN = 0.2
COS_WEIGHT = 0.6


_WEEKDAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")
_NUMBER_WORD = re.compile(rf"(?<![\w-])({COUNT_ALTERNATION})(?![\w-])", re.I)


def _values(text: str) -> tuple[set[str], set[str]]:
    """(numbers other than years, weekdays) written in ``text``."""
    nums = {n.replace(",", "") for n in _NUMBER.findall(text)}
    nums = {n for n in nums if not (len(n) == 4 and n[:2] in ("19", "20"))}
    nums |= {str(COUNTS[w.lower()]) for w in _NUMBER_WORD.findall(text)}  # "Twelve" = "12"
    return nums, {d.lower() for d in _WEEKDAY.findall(text)}


def values_disagree(a: str, b: str) -> bool:
    """Do both sentences give numbers (years aside) or weekdays, none of them the same?"""
    (na, da), (nb, db) = _values(a), _values(b)
    return bool((na and nb and not na & nb) or (da and db and not da & db))


def _names_and_titles(text: str) -> set[str]:
    from newsweave.analyze.roles import name_and_role_words

    return {t for w in name_and_role_words(text) for t in tokens(w)}


def _plain(toks: list[str]) -> set[str]:
    return {t.rstrip("'’") for t in toks}  # "union's" -> "union'" -> "union"


def shares_substance(a: str, b: str) -> bool:
    """Do the two share a content word other than names and titles (capitalised in either, as a
    sentence's first word is too; "the union's president" is a title)?"""
    shared = _plain(tokens(a)) & _plain(tokens(b))
    return bool(shared - _names_and_titles(a) - _names_and_titles(b))


def lexical(a: set[str], b: set[str]) -> float:
    """Overlap coefficient of content-token sets."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def support_score(cos: float, lex: float) -> float:
    return COS_WEIGHT * max(0.0, cos) + (1 - COS_WEIGHT) * lex


def supports(cos: float, lex: float) -> bool:
    """The citation rule: enough combined agreement and some shared content words."""
    return support_score(cos, lex) >= SUPPORT_MIN and lex >= LEXICAL_MIN


def _overlap(x: Span, y: Span) -> bool:
    return x.article_id == y.article_id and x.start < y.end and y.start < x.end


class Citer:
    """Finds supporting spans for sentences of one story."""

    def __init__(self, story: Story, vectors: Mapping[str, np.ndarray] | None = None) -> None:
        self.story = story
        self.arts = story.by_id()
        self.vectors = {k: v for k, v in (vectors or {}).items()
                        if k in self.arts and len(v) == len(self.arts[k].sentences)}
        self._toks: dict[tuple[str, int, int], set[str]] = {}
        self._tf: dict[tuple[str, int, int], dict[str, float]] = {}
        self._df: dict[str, int] = {}
        n_sent = 0
        for a in story.articles:
            for s, e in a.sentences:
                n_sent += 1
                for t in self.toks(Span(a.id, s, e)):
                    self._df[t] = self._df.get(t, 0) + 1
        self._n = max(1, n_sent)
        self._disputes = self._disputed_pairs(story)
        self._sides: list[tuple[list[Span], list[Span]]] | None = None

    @staticmethod
    def _disputed_pairs(story: Story) -> list[tuple[Span, Span]]:
        """Claim pairs on opposite sides of a contradiction (different values): never each other's support."""
        out = []
        for c in story.contradictions:
            vals = c.values if len(c.values) == len(c.claims) else [str(i) for i in range(len(c.claims))]
            for i, a in enumerate(c.claims):
                for j in range(i + 1, len(c.claims)):
                    if vals[i] != vals[j]:
                        out.append((a, c.claims[j]))
        return out

    def _side(self, claim: Span, other: Span) -> list[Span]:
        """``claim`` and the spans that restate it against ``other``: the members of its facts that do
        not also hold ``other`` (a fact with both sides takes neither) and its reuse partners (a wire
        copy or paraphrase of one side of a contradiction stands on that side), never ``other`` itself
        (a copy that inserts "not")."""
        out = [claim]
        for f in self.story.facts:
            if any(_overlap(claim, x) for x in f.spans) and not any(_overlap(other, x) for x in f.spans):
                out.extend(f.spans)
        for link in self.story.reuse:
            if _overlap(claim, link.a):
                out.append(link.b)
            elif _overlap(claim, link.b):
                out.append(link.a)
        return [x for x in out if not _overlap(x, other)]

    def sides(self) -> list[tuple[list[Span], list[Span]]]:
        """Both sides (:meth:`_side`) of every disputed claim pair, made once."""
        if self._sides is None:
            self._sides = [(self._side(p, q), self._side(q, p)) for p, q in self._disputes]
        return self._sides

    def disputes(self, a: Span, b: Span) -> bool:
        """True if ``a`` and ``b`` stand on opposite sides of a story contradiction: each overlaps one of
        its claims, or a span that restates it (:meth:`_side`)."""
        def on(x: Span, side: list[Span]) -> bool:
            return any(_overlap(x, y) for y in side)

        return any((on(a, sp) and on(b, sq)) or (on(a, sq) and on(b, sp)) for sp, sq in self.sides())

    def outvoted(self, sp: Span) -> bool:
        """True if ``sp`` stands on one side of a story contradiction whose other side more independent
        sources state (:meth:`_side`): a summary leads with what most sources say, and the dispute
        itself is shown with both claims under "Where sources disagree"."""
        for side_p, side_q in self.sides():
            for mine, theirs in ((side_p, side_q), (side_q, side_p)):
                if any(_overlap(sp, y) for y in mine) and not any(_overlap(sp, y) for y in theirs) and \
                        self.story.independent_count({y.article_id for y in theirs}) > \
                        self.story.independent_count({y.article_id for y in mine}):
                    return True
        return False

    def toks(self, sp: Span) -> set[str]:
        key = (sp.article_id, sp.start, sp.end)
        if key not in self._toks:
            self._toks[key] = set(tokens(sp.text_in(self.arts)))
        return self._toks[key]

    def _vec(self, sp: Span) -> np.ndarray | None:
        v = self.vectors.get(sp.article_id)
        if v is None:
            return None
        for k, (s, e) in enumerate(self.arts[sp.article_id].sentences):
            if s == sp.start and e == sp.end:
                return v[k]
        return None

    def _tfidf_cos(self, a: set[str], b: set[str]) -> float:
        if not a or not b:
            return 0.0
        idf = {t: np.log((1 + self._n) / (1 + self._df.get(t, 0))) + 1 for t in a | b}
        num = math.fsum(idf[t] ** 2 for t in a & b)  # fsum: the same float whatever the set order
        den = np.sqrt(math.fsum(idf[t] ** 2 for t in a)) * np.sqrt(math.fsum(idf[t] ** 2 for t in b))
        return float(num / den) if den else 0.0

    def measure(self, a: Span, b: Span) -> tuple[float, float]:
        """(cosine, lexical) agreement of span ``b`` with span ``a``."""
        ta, tb = self.toks(a), self.toks(b)
        va, vb = self._vec(a), self._vec(b)
        cos = float(va @ vb) if va is not None and vb is not None else self._tfidf_cos(ta, tb)
        return cos, lexical(ta, tb)

    def _fact_candidates(self, sp: Span) -> list[Span]:
        out: list[Span] = []
        for f in self.story.facts:
            if any(_overlap(sp, x) for x in f.spans):
                out.extend(x for x in f.spans if x.article_id != sp.article_id)
        return out

    def _best_per_article(self, sp: Span) -> list[Span]:
        out = []
        for a in self.story.articles:
            if a.id == sp.article_id:
                continue
            best, best_s = None, -1.0
            for s, e in a.sentences:
                cand = Span(a.id, s, e)
                cos, lex = self.measure(sp, cand)
                sc = support_score(cos, lex)
                if sc > best_s:
                    best, best_s = cand, sc
            if best is not None:
                out.append(best)
        return out

    def _aligned(self, sp: Span, cands: list[Span]) -> list[Span]:
        """The members of ``cands`` that :func:`newsweave.analyze.align.same_fact` pairs with ``sp``
        (needs MiniLM vectors: the aligner's model was fitted on MiniLM cosines)."""
        va = self._vec(sp)
        vecs = [self._vec(c) for c in cands]
        keep = [(c, v) for c, v in zip(cands, vecs, strict=True) if v is not None]
        if va is None or not keep:
            return []
        from newsweave.analyze.align import combiner, pair_scores

        text = sp.text_in(self.arts)
        probs = pair_scores([text] * len(keep), [c.text_in(self.arts) for c, _ in keep],
                            [float(va @ v) for _, v in keep])
        thr = combiner().threshold
        return [c for (c, _), p in zip(keep, probs, strict=True) if p >= thr]

    def cite(self, sp: Span) -> tuple[list[Span], list[float]]:
        """Citations for the sentence at ``sp``: itself first (support 1.0), then supporting spans of
        other articles, best first, one per article."""
        # facts (the analysis layer's alignment) when that stage ran, plus the best sentence of each
        # article the fact misses when the aligner's pair model calls it the same fact; with no facts
        # (no analysis run) the best sentence per article
        if self.story.facts:
            cands = self._fact_candidates(sp)
            covered = {c.article_id for c in cands}
            cands += self._aligned(sp, [c for c in self._best_per_article(sp) if c.article_id not in covered])
        else:
            cands = self._best_per_article(sp)
        best: dict[str, tuple[float, Span]] = {}
        for c in cands:
            if c.article_id == sp.article_id or c.article_id not in self.arts or self.disputes(sp, c):
                continue
            cos, lex = self.measure(sp, c)
            if not supports(cos, lex):
                continue
            ta, tc = sp.text_in(self.arts), c.text_in(self.arts)
            if values_disagree(ta, tc) or not shares_substance(ta, tc) or opposite_stance(ta, tc):
                continue
            sc = support_score(cos, lex)
            if c.article_id not in best or sc > best[c.article_id][0]:
                best[c.article_id] = (sc, c)
        ranked = sorted(best.values(), key=lambda x: (-x[0], x[1]))
        return [sp] + [s for _, s in ranked], [1.0] + [round(sc, 4) for sc, _ in ranked]

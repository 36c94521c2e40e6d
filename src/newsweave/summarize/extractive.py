"""The default summariser: extractive, CPU-only, offline and deterministic.

Pipeline per story: candidate sentences and their signals (:mod:`.features`), a learned content score
(:mod:`.scorer`, fitted on Multi-News validation) plus small bonuses for corroboration and entities,
MMR selection under a word or sentence budget (:mod:`.select`), reading order with the antecedent
rule, and verified citations (:mod:`.cite`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import numpy as np

from newsweave.model import Span, Story, SummarySentence
from newsweave.summarize import features, scorer
from newsweave.summarize.cite import Citer
from newsweave.summarize.select import SelectParams, reading_order, select

log = logging.getLogger(__name__)


class ExtractiveSummarizer:
    """``summarize(story, words=200)`` -> cited sentences, verbatim from the sources.

    ``embeddings`` uses MiniLM sentence vectors (shared cache in :mod:`newsweave.nlp`) to sharpen
    corroboration, redundancy and citation support; without them TF-IDF is used throughout.
    ``entity_bonus`` rewards entity-dense sentences (the shipped scorer cannot learn it from the
    lower-cased Multi-News text).
    """

    name = "extractive"

    def __init__(self, embeddings: bool = True, params: SelectParams | None = None,
                 entity_bonus: float = 0.05, model: dict[str, Any] | None = None) -> None:
        self.embeddings = embeddings
        self.params = params or SelectParams()
        self.entity_bonus = entity_bonus
        self.model = model

    def vectors(self, story: Story) -> Mapping[str, np.ndarray] | None:
        from newsweave import nlp

        arts = nlp.vector_articles(story.articles) if self.embeddings else []
        if not arts:  # one source: TF-IDF redundancy is enough
            return None
        try:
            return nlp.sentence_vectors(arts)
        except nlp.ModelUnavailable as exc:
            log.warning("summary without MiniLM vectors: %s", exc)
            return None

    def choose(self, story: Story, words: int | None = 200, sentences: int | None = None,
               vectors: Mapping[str, np.ndarray] | None = None,
               citer: Citer | None = None) -> tuple[features.Candidates, list[int]]:
        """Candidates and the chosen indices in reading order (no citations). With ``citer``, a
        sentence on the outvoted side of a contradiction (:meth:`Citer.outvoted`) is not chosen."""
        c = features.build(story, dict(vectors) if vectors else None)
        if not len(c):
            return c, []
        s = scorer.score(c.feats, self.model)
        if self.entity_bonus:
            s = s + self.entity_bonus * np.minimum(np.asarray(c.entity_density), 0.5)
        banned = self._outvoted(story, c, citer)
        chosen = select(c, s, words=words, sentences=sentences, params=self.params, banned=banned)
        return c, reading_order(c, chosen)

    @staticmethod
    def _outvoted(story: Story, c: features.Candidates, citer: Citer | None) -> set[int]:
        if citer is None or not story.contradictions:
            return set()
        return {i for i, sp in enumerate(c.spans) if citer.outvoted(sp)}

    def summarize(self, story: Story, words: int | None = 200,
                  sentences: int | None = None) -> list[SummarySentence]:
        vecs = self.vectors(story)
        citer = Citer(story, vecs)
        c, order = self.choose(story, words, sentences, vecs, citer)
        cited = {i: citer.cite(c.spans[i]) for i in order}
        order = self._best_representatives(story, c, order, cited, citer, words,
                                           self._outvoted(story, c, citer))
        out = []
        for i in order:
            spans, support = cited[i]
            out.append(SummarySentence(text=c.texts[i], citations=spans, support=support,
                                       independent_sources=story.independent_count(s.article_id for s in spans)))
        return out

    @staticmethod
    def _best_representatives(story: Story, c: features.Candidates, order: list[int],
                              cited: dict[int, tuple[list[Span], list[float]]], citer: Citer,
                              words: int | None, banned: set[int]) -> list[int]:
        """Swap a chosen sentence for another candidate of the same aligned fact when that one is
        verifiably supported by more independent sources (and fits the word budget): the fact is
        then stated in the words most sources share. Fills ``cited`` for any sentence swapped in."""
        if not story.facts:
            return order
        index = {sp: k for k, sp in enumerate(c.spans)}
        used = sum(c.n_words[i] for i in order)
        out = list(order)
        for pos, i in enumerate(order):
            best, best_n = i, story.independent_count(sp.article_id for sp in cited[i][0])
            others = [k for k in out if k != i]
            for f in story.facts:
                if c.spans[i] not in f.spans:
                    continue
                for sp in f.spans:
                    j = index.get(sp)
                    if j is None or j in out or j in banned or c.dangles(j):
                        continue
                    if c.redundancy is not None and any(c.redundancy[j, k] >= features.FACT_SIM for k in others):
                        continue  # it would repeat another chosen sentence
                    if any(c.spans[k] in g.spans and sp in g.spans for g in story.facts for k in others):
                        continue
                    if words is not None and used - c.n_words[i] + c.n_words[j] > words:
                        continue
                    if j not in cited:  # (setdefault would run cite() every time)
                        cited[j] = citer.cite(sp)
                    n = story.independent_count(x.article_id for x in cited[j][0])
                    if n > best_n:
                        best, best_n = j, n
            if best != i:
                used += c.n_words[best] - c.n_words[i]
                out[pos] = best
        return out

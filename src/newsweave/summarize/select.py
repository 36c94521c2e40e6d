"""Choosing sentences under a budget (MMR) and ordering them for reading.

Selection is greedy maximal marginal relevance: at each step take the candidate with the highest
``score - redundancy * max similarity to what is already chosen`` that still fits the budget. A
sentence that says the same thing as a chosen one (similarity >= ``duplicate``) is never taken, and a
sentence that needs its antecedent (opens with "He added", "But", "This"; ends "…,” she said."; or is a
bare quotation: :func:`~newsweave.summarize.features.needs_antecedent`) is only eligible right after
that antecedent (the previous sentence of the same article) has been chosen. Sentences are never
cut: one that does not fit is skipped and smaller ones may still fill the budget.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from newsweave.clean.sentences import is_dateline
from newsweave.summarize.features import Candidates


@dataclass(frozen=True)
class SelectParams:
    redundancy: float = 0.3  # MMR penalty weight on max similarity to the chosen sentences
    duplicate: float = 0.6  # similarity at which two sentences count as saying the same thing
    dangling: bool = True  # enforce the antecedent rule


def select(c: Candidates, scores: np.ndarray, words: int | None = 200, sentences: int | None = None,
           params: SelectParams = SelectParams(), banned: set[int] | frozenset[int] = frozenset()) -> list[int]:
    """Indices of chosen candidates (in the order they were chosen); ``banned`` ones are never taken."""
    n = len(c)
    if n == 0:
        return []
    budget = words if words is not None else 10**9
    max_sent = sentences if sentences is not None else 10**9
    index = {(c.art_index[i], c.pos[i]): i for i in range(n)}
    antecedent = [index.get((c.art_index[i], c.pos[i] - 1), -1) if c.dangles(i) else None for i in range(n)]
    sim = c.redundancy if c.redundancy is not None else c.sim if c.sim is not None else np.zeros((n, n))
    n_words = np.asarray(c.n_words)
    chosen: list[int] = []
    taken = np.zeros(n, dtype=bool)
    skip = np.zeros(n, dtype=bool)
    skip[list(banned)] = True
    max_sim = np.zeros(n)
    used = 0
    while len(chosen) < max_sent:
        ok = ~taken & ~skip & (n_words <= budget - used) & (max_sim < params.duplicate)
        if params.dangling:
            for i in np.nonzero(ok)[0]:
                a = antecedent[i]
                if a is not None and (a < 0 or not taken[a]):
                    ok[i] = False
        if not ok.any():
            break
        gain = np.where(ok, scores - params.redundancy * max_sim, -np.inf)
        best = int(np.argmax(gain))
        chosen.append(best)
        taken[best] = True
        used += int(n_words[best])
        max_sim = np.maximum(max_sim, sim[best])
    return chosen


def reading_order(c: Candidates, chosen: list[int]) -> list[int]:
    """Order chosen sentences for reading.

    Base order is source position: relative position in the article (a dateline segment not counted),
    then the article's date (its reference date when it has no own one: a copy's or its text's) and
    place in the story. The first sentence (a lede) stays first. Later sentences whose event the story
    timeline dates to a day near their article's date (:func:`_dates`) are then put in date order
    among the slots they occupy; background dated weeks or months away keeps its source position.
    Finally every dangling sentence is moved directly after its antecedent (or dropped when the
    antecedent is not in the summary).
    """
    story = c.story
    arts = story.articles
    refs = story.meta.get("reference_dates") or {}

    def written(k: int) -> str:  # the article's own date, else its copy's or its text's (not the story anchor)
        r = refs.get(arts[k].id)
        if isinstance(r, dict) and r.get("source") != "story" and isinstance(r.get("date"), str):
            return min(r["date"], arts[k].published or "9999")
        return arts[k].published or "9999"

    art_rank = {i: r for r, i in enumerate(sorted(range(len(arts)), key=lambda k: (written(k), k)))}

    # a dateline segment ("KELVAIG (Meridian) —") before the first sentence does not push the lede back
    skip = {k: int(bool(a.sentences) and is_dateline(a.text[slice(*a.sentences[0])])) for k, a in enumerate(arts)}

    def base_key(i: int) -> tuple[float, int, int]:
        k = c.art_index[i]
        n_sent = max(1, len(arts[k].sentences) - skip[k])
        return (max(c.pos[i] - skip[k], 0) / n_sent, art_rank[k], c.pos[i])

    order = sorted(chosen, key=base_key)
    dates = _dates(c, order[1:])
    slots = [k for k, i in enumerate(order) if dates.get(i)]
    if len(slots) > 1:
        dated = sorted((order[k] for k in slots), key=lambda i: (dates[i], base_key(i)))
        for k, i in zip(slots, dated, strict=True):
            order[k] = i
    # dangling sentences follow their antecedent directly
    index = {(c.art_index[i], c.pos[i]): i for i in chosen}
    followers: dict[int, int] = {}
    for i in order:
        if c.dangles(i):
            a = index.get((c.art_index[i], c.pos[i] - 1))
            followers[i] = a if a is not None else -1
    out: list[int] = []
    placed: set[int] = set()

    def place(i: int) -> None:
        out.append(i)
        placed.add(i)
        for f, a in followers.items():
            if a == i and f not in placed:
                place(f)

    for i in order:
        if i in followers or i in placed:
            continue
        place(i)
    return out


NEAR_DAYS = 14  # a dated event this close to its article's date is part of the news, not background


def _dates(c: Candidates, order: list[int]) -> dict[int, str]:
    """Day of each chosen sentence whose span overlaps a day-precision timeline event within
    :data:`NEAR_DAYS` of its article's reference date. Month and year dates ("in February", "later
    this year") are too coarse to order by, and a far date is usually background the sentence
    mentions ("after a meeting in November"), not when its own event happened."""
    if not c.story.timeline:
        return {}
    refs = {aid: r.get("date") for aid, r in (c.story.meta.get("reference_dates") or {}).items()
            if isinstance(r, dict)}
    out: dict[int, str] = {}
    for i in order:
        sp = c.spans[i]
        ref = _day(refs.get(sp.article_id))
        for t in c.story.timeline:
            day = _day(t.date) if t.precision == "day" else None
            if day is None or (ref is not None and abs((day - ref).days) > NEAR_DAYS):
                continue
            if any(e.article_id == sp.article_id and e.start < sp.end and sp.start < e.end for e in t.event):
                out[i] = min(out.get(i, t.date), t.date)
    return out


def _day(iso: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(iso[:10]) if isinstance(iso, str) else None
    except ValueError:
        return None

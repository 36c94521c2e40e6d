"""Which quotes found in a story's sources are one utterance: the same words (fuzzy match), one
utterance re-worded or trimmed by another outlet (MiniLM cosine plus a lexical check), and the
halves one outlet prints apart of a quote another prints whole. Used by :mod:`.quotes`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from newsweave.analyze.features import analyse
from newsweave.clean.speech import QUOTATION
from newsweave.model import Article, Entity, Span


@dataclass
class Found:
    """One quotation found in one source, before grouping."""

    span: Span
    attribution: Span | None
    speaker: Entity | None
    marked: bool


def group_utterances(found: list[Found], arts: dict[str, Article]) -> list[list[Found]]:
    """The quotes of ``found`` grouped by utterance (one group per future :class:`Quote`)."""
    return _join_fragments(_merge_paraphrased(_group(found, arts), arts), arts)


def _qkey(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower().replace("’", "'")))


def same_words(a: str, b: str) -> bool:
    """Two quote texts are one utterance: near-identical, or one contains the other (>= 5 words)."""
    ka, kb = _qkey(a), _qkey(b)
    if fuzz.ratio(ka, kb) >= 85:
        return True
    short = min(len(ka.split()), len(kb.split()))
    return short >= 5 and fuzz.partial_ratio(ka, kb) >= 92


def _group(found: list[Found], arts: dict[str, Article]) -> list[list[Found]]:
    """Quotes of one speaker in different sources that are the same words (:func:`same_words`)."""
    groups: list[list[Found]] = []
    for f in found:
        ftext = f.span.text_in(arts)
        for g in groups:
            same_spk = g[0].speaker is f.speaker
            if same_spk and f.span.article_id not in {x.span.article_id for x in g} and \
                    any(same_words(ftext, x.span.text_in(arts)) for x in g):
                g.append(f)
                break
        else:
            groups.append([f])
    return groups


SAME_MEANING_COS = 0.8  # MiniLM cosine of one utterance re-worded by another outlet (with a lexical check)
FRAGMENT_COS = 0.7  # ... of a trimmed quote whose words the longer one nearly all holds


def _wording_close(a: str, b: str) -> bool:
    """The lexical half of :func:`same_utterance`, without which no cosine can make two quotes one."""
    ka, kb = _qkey(a), _qkey(b)
    wa, wb = analyse(a)[0], analyse(b)[0]
    shared = len(wa & wb) / min(len(wa), len(wb)) if wa and wb else 0.0
    return fuzz.ratio(ka, kb) >= 70 or shared >= 0.5 or fuzz.token_set_ratio(ka, kb) >= 90


def same_utterance(a: str, b: str, cos: float) -> bool:
    """Two quote texts of one speaker are one utterance re-worded or trimmed by another source:
    close in meaning (MiniLM ``cos``) and in wording: the characters mostly agree (fuzzy ratio >= 70)
    or half the content words are shared ("doesn't mean that it is not significant" / "doesn't mean
    it's not significant"); or one is a fragment whose words the other nearly all holds
    (token-set ratio >= 90). Distinct remarks of one speaker on one subject score well below."""
    if same_words(a, b):
        return True
    ka, kb = _qkey(a), _qkey(b)
    if cos >= SAME_MEANING_COS:
        wa, wb = analyse(a)[0], analyse(b)[0]
        shared = len(wa & wb) / min(len(wa), len(wb)) if wa and wb else 0.0
        if fuzz.ratio(ka, kb) >= 70 or shared >= 0.5:
            return True
    return cos >= FRAGMENT_COS and fuzz.token_set_ratio(ka, kb) >= 90


def utterance_pairs(texts: list[str], pairs: list[tuple[int, int]]) -> dict[tuple[int, int], float]:
    """The ``pairs`` (indices into ``texts``) that are one utterance (:func:`same_utterance`), with
    their MiniLM cosine (1.0 for the same words). Only texts in pairs whose wording is close enough
    for the test to pass are encoded, so stories without re-worded quotes need no encoder."""
    out: dict[tuple[int, int], float] = {}
    need = []
    for i, j in pairs:
        if same_words(texts[i], texts[j]):
            out[(i, j)] = 1.0
        elif _wording_close(texts[i], texts[j]):
            need.append((i, j))
    if need:
        from newsweave.nlp import embed

        idx = sorted({k for p in need for k in p})
        pos = {k: n for n, k in enumerate(idx)}
        vecs = embed([texts[k] for k in idx])
        for i, j in need:
            cos = float(vecs[pos[i]] @ vecs[pos[j]])
            if same_utterance(texts[i], texts[j], cos):
                out[(i, j)] = cos
    return out


def _said(x: Found, arts: dict[str, Article]) -> list[tuple[int, str]]:
    """The words of quote ``x`` to compare, by kind: (0, its text), or for a quote split by its
    attribution ("“A,” said Okonkwo, the union's president. “B.”") (1, the quoted words without it)
    and (2, each half)."""
    text = x.span.text_in(arts)
    a = x.attribution
    if a is None or a.article_id != x.span.article_id or not x.span.start < a.start < a.end < x.span.end:
        return [(0, text)]
    head, tail = text[:a.start - x.span.start].strip(" ,“”\"'"), text[a.end - x.span.start:].strip(" .,“”\"'")
    return [(1, f"{head} {tail}"), (2, head), (2, tail)]


def _merge_paraphrased(groups: list[list[Found]], arts: dict[str, Article]) -> list[list[Found]]:
    """Join groups of one speaker from disjoint sources whose quotes are one utterance re-worded
    (:func:`same_utterance`), closest pairs first."""
    # (group, text, kind): kind 0 a whole quote, 1 a split quote's words, 2 one half of a split quote;
    # a half is compared only with a whole quote (the trimmed fragment), never with another split quote
    flat = [(i, t, k) for i, g in enumerate(groups) for x in g for k, t in _said(x, arts)]
    pairs = [(a, b) for a in range(len(flat)) for b in range(a + 1, len(flat))
             if flat[a][0] != flat[b][0] and groups[flat[a][0]][0].speaker is groups[flat[b][0]][0].speaker
             and not ((flat[a][2] == 2 and flat[b][2]) or (flat[b][2] == 2 and flat[a][2]))]
    if not pairs:
        return groups
    scores = utterance_pairs([t for _, t, _ in flat], pairs)
    root = list(range(len(groups)))

    def find(i: int) -> int:
        while root[i] != i:
            i = root[i]
        return i

    members = {i: {x.span.article_id for x in g} for i, g in enumerate(groups)}
    for (a, b), _ in sorted(scores.items(), key=lambda kv: -kv[1]):
        ri, rj = find(flat[a][0]), find(flat[b][0])
        if ri != rj and not members[ri] & members[rj]:
            root[rj] = ri
            members[ri] |= members[rj]
    merged: dict[int, list[Found]] = {}
    for i, g in enumerate(groups):
        merged.setdefault(find(i), []).extend(g)
    return list(merged.values())


def _join_fragments(groups: list[list[Found]], arts: dict[str, Article]) -> list[list[Found]]:
    """Fold a group into another of its speaker when each of its quotes is a part of a longer quote
    of that group from another source, and a source of both holds them as separate spans (one
    outlet's "“A,” Hallam said at a press conference. “B.”" against another's "“A,” Hallam said. “B.”")."""
    texts = [[x.span.text_in(arts) for x in g] for g in groups]
    into: dict[int, int] = {}  # folded group -> the group it joins (never itself folded)
    for j, g2 in enumerate(groups):
        if j in into.values():
            continue
        arts2 = {x.span.article_id for x in g2}
        for i, g1 in enumerate(groups):
            if i == j or i in into or g1[0].speaker is not g2[0].speaker:
                continue
            longer = [t for x, t in zip(g1, texts[i], strict=True) if x.span.article_id not in arts2]
            ok = bool(longer) and all(
                any(len(t) >= 1.3 * len(tx) and same_words(tx, t) for t in longer)
                and not any(y.span.article_id == x.span.article_id and y.span.start < x.span.end
                            and x.span.start < y.span.end for y in g1)
                for x, tx in zip(g2, texts[j], strict=True))
            if ok:
                into[j] = i
                break
    for j, i in into.items():
        groups[i] = groups[i] + groups[j]
    return [g for j, g in enumerate(groups) if j not in into]


def one_utterance(a: str, b: str, cos: float) -> bool:
    """One remark in two sentences' quotes: :func:`same_utterance` on the sentences' cosine, or the
    quoted words themselves nearly the same ("We will be present in these developments …" / "present
    in developments …": the sentences around them may differ more than the quotes do)."""
    return same_utterance(a, b, cos) or fuzz.token_set_ratio(a.lower(), b.lower()) >= 85


def mostly_quoted(text: str) -> str | None:
    """The quoted words of a sentence that is mostly quotation (at least half its characters), else None."""
    parts = [m.group(0)[1:-1] for m in QUOTATION.finditer(text)]
    return " ".join(parts) if parts and sum(len(p) + 2 for p in parts) >= 0.5 * len(text) else None

"""Is a one-word "entity" a proper noun where it is written? spaCy's tagger, on the mention's sentence.

spaCy's small NER labels capitalised common nouns at the start of a sentence as names ("Anger was
growing" -> ORG, "Farmers' leaders say" -> ORG); its part-of-speech tagger, reading the same sentence,
usually knows better (NN / NNS against NNP). Only one-word entities that are not nationalities or
groups (NORP: "Afghan", "Democratic" are adjectives) are checked, on a few mentions each, so the tagger
runs on a handful of sentences per story.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

from newsweave.model import Article, Span

MAX_CHECKED = 3  # mentions looked at per entity; one proper-noun reading keeps it
MAX_SENTENCE = 1_000  # characters around a mention when its sentence is longer (or unknown)
_CACHE: dict[tuple[str, int, int], bool] = {}


def _window(art: Article, m: Span) -> tuple[int, int]:
    """The sentence holding the mention, or a window around it."""
    starts = [s for s, _ in art.sentences]
    i = bisect_right(starts, m.start) - 1
    if 0 <= i < len(art.sentences):
        s, e = art.sentences[i]
        if s <= m.start and m.end <= e and e - s <= MAX_SENTENCE:
            return s, e
    return max(0, m.start - MAX_SENTENCE // 2), min(len(art.text), m.end + MAX_SENTENCE // 2)


def proper_readings(mentions: Iterable[Span], arts: dict[str, Article]) -> list[bool]:
    """For up to ``MAX_CHECKED`` mentions: may this mention be a name? False only when it opens its
    sentence and the tagger reads it as a common noun: NN, or NNS when the word also occurs in lower
    case in the story ("Farmers' leaders say" beside "farmers"; a surname such as "Edmunds" does not)."""
    from newsweave.nlp import spacy_tagged

    todo = sorted(mentions)[:MAX_CHECKED]
    out: list[bool] = []
    for m in todo:
        art = arts[m.article_id]
        s, e = _window(art, m)
        ck = (m.article_id, m.start, s)
        if ck not in _CACHE:
            doc = spacy_tagged(art.text[s:e])
            i = next((t.i for t in doc if t.idx + s <= m.start < t.idx + s + len(t.text)), None)
            if i is None or any(not t.is_punct for t in doc[:i]):
                _CACHE[ck] = True  # not at the start of its sentence: capitalised for a reason
            else:
                tag = doc[i].tag_
                word = doc[i].text.lower()
                _CACHE[ck] = not (tag == "NN" or (tag == "NNS" and _lower_in(word, arts)))
            if len(_CACHE) > 20_000:
                _CACHE.clear()
        out.append(_CACHE[ck])
    return out


def _lower_in(word: str, arts: dict[str, Article]) -> bool:
    pat = re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])")
    return any(pat.search(a.text) for a in arts.values())


def common_noun(mentions: Iterable[Span], arts: dict[str, Article]) -> bool:
    """True when none of the checked mentions reads as a proper noun."""
    got = proper_readings(mentions, arts)
    return bool(got) and not any(got)

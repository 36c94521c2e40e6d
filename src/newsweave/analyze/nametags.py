"""Is a one-word "entity" a proper noun where it is written? spaCy's tagger, on the mention's sentence.

spaCy's small NER labels capitalised common nouns at the start of a sentence as names ("Anger was
growing" -> ORG, "Farmers' leaders say" -> ORG); its part-of-speech tagger, reading the same sentence,
usually knows better (NN / NNS against NNP). Only one-word entities that are not nationalities or
groups (NORP: "Afghan", "Democratic" are adjectives) and whose first mentions all open their sentence
are tagged, so the tagger reads a few sentence openings per story, in one batch.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from newsweave.model import Article, Span

MAX_CHECKED = 3  # mentions looked at per entity; one that may be a name keeps it
RIGHT_CONTEXT = 80  # characters after the mention given to the tagger
_OPENER = re.compile(r"[\W_]*", re.UNICODE)  # quotation marks, dashes, bullets before a sentence's first word


def _sentence_start(art: Article, m: Span) -> int | None:
    """Start of the mention's sentence when the mention is its first word, else None."""
    sent = art.sentence_at(m.start)
    s = sent[0] if sent else art.text.rfind("\n", 0, m.start) + 1  # no sentence spans: the line start
    return s if _OPENER.fullmatch(art.text, s, m.start) else None


def common_nouns(groups: Sequence[Iterable[Span]], arts: dict[str, Article]) -> list[bool]:
    """For each group of mentions of one one-word entity: True when it is no name. That is when each of
    its first ``MAX_CHECKED`` mentions opens its sentence and spaCy's tagger reads it there as a common
    noun: NN, or NNS when the word also occurs in lower case in the story ("Farmers' leaders say"
    beside "farmers"; a surname such as "Edmunds" does not). Only sentence-initial mentions are tagged,
    in one batch."""
    from newsweave.nlp import spacy_tagged_many

    checks: list[list[tuple[Span, int]] | None] = []
    for mentions in groups:
        todo = sorted(mentions)[:MAX_CHECKED]
        starts = [_sentence_start(arts[m.article_id], m) for m in todo]
        checks.append(None if not todo or None in starts else list(zip(todo, starts, strict=True)))
    windows = sorted({(m, s) for c in checks if c for m, s in c})
    docs = spacy_tagged_many([arts[m.article_id].text[s:min(len(arts[m.article_id].text), m.end + RIGHT_CONTEXT)]
                              for m, s in windows])
    common: dict[tuple[Span, int], bool] = {}
    for (m, s), doc in zip(windows, docs, strict=True):
        tok = next((t for t in doc if t.idx + s <= m.start < t.idx + s + len(t.text)), None)
        common[(m, s)] = tok is not None and (
            tok.tag_ == "NN" or (tok.tag_ == "NNS" and _lower_in(tok.text.lower(), arts)))
    return [bool(c) and all(common[w] for w in c) for c in checks]


def lower_case_group(mentions: Iterable[Span], arts: dict[str, Article]) -> bool:
    """A one-word NORP that is a common word capitalised by its sentence: each of its first
    ``MAX_CHECKED`` mentions opens its sentence and the story also writes it in lower case ("Harbour
    commissioner Anselm Reyk …" beside "the harbour master's office"). Nationalities are never written
    in lower case, so no tagger is needed."""
    todo = sorted(mentions)[:MAX_CHECKED]
    if not todo or any(_sentence_start(arts[m.article_id], m) is None for m in todo):
        return False
    word = arts[todo[0].article_id].text[todo[0].start:todo[0].end]
    return word[:1].isupper() and _lower_in(word.lower(), arts)


_PREV_WORD = re.compile(r"[A-Z][\w'’-]*[ \t]+$")
_NEXT_NAME = re.compile(r"[ \t]+(?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b)[A-Z][\w'’-]*")


def next_name_word(text: str, start: int, end: int) -> str | None:
    """The capitalised word right after ``text[start:end]`` when a capitalised word also stands right
    before it (the word sits inside a run of names: "Turki" in "COL Turki Al-Malki"), else None. A
    weekday after it does not count ("Blinken Sunday")."""
    m = _NEXT_NAME.match(text, end)
    return m.group().strip() if m and _PREV_WORD.search(text, max(0, start - 40), start) else None


def _lower_in(word: str, arts: dict[str, Article]) -> bool:
    pat = re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])")
    return any(pat.search(a.text) for a in arts.values())

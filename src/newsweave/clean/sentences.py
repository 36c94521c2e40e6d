"""Sentence spans with character offsets (nupunkt), per paragraph, whitespace trimmed."""

from __future__ import annotations

import re

import nupunkt

from newsweave.clean.speech import VERBS

_PARA = re.compile(r"[^\n]+")


def _merge_lowercase(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Glue a fragment that starts in lowercase ('he said.' after a wrong split) onto the sentence before."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        ch = text[s]
        second = text[s + 1 : s + 2]
        if out and ch.islower() and not second.isupper():
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


# a title abbreviation before a name ends no sentence: "said Cmdr. William Marks", "Sgt. Jo Lee spoke"
_TITLE_END = re.compile(r"(?:^|[\s(“\"])(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Cmdr|Cdr|Adm|Sgt|Cpl|Insp|Supt|Det|"
                        r"Gov|Sen|Rep|Rev|Hon|Fr)\.$")


def _merge_titles(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Glue a span that ends in a title abbreviation onto the next when that starts with a capital."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and _TITLE_END.search(text[out[-1][0]:out[-1][1]]) and text[s:s + 1].isupper():
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


# tokenised text (as in news corpora released tokenised) detaches quotation marks from the words, and the
# splitter then glues sentences across them: 'is true. " as for ...', 'an investigation. " in a press ...'
_SPACED_QUOTE = re.compile(r'(?<=[.!?]) +" +(?=\S)')
_SENT_END = re.compile(r"[.!?](?:\s|$)")
_ATTRIBUTION = re.compile(rf"\b(?:{VERBS}|according)\b", re.I)


def _split_spaced_quotes(para: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Split a span at a detached quotation mark right after a sentence end: before it when it opens
    a quote (an even number of straight quotation marks before it in the paragraph), after it when it
    closes one and the words that follow, up to their sentence end, carry no attribution ('" he said.'
    stays with its quote)."""
    if '" ' not in para:
        return spans
    out: list[tuple[int, int]] = []
    pos = marks = 0  # quotation marks in para[:pos], counted once left to right (linear in the paragraph)
    for s, e in spans:
        cut = s
        for m in _SPACED_QUOTE.finditer(para, s, e):
            q = para.index('"', m.start())
            marks += para.count('"', pos, q)
            pos = q
            if marks % 2 == 0:  # opening: the quote starts the next sentence
                at, nxt = m.start(), q
            else:  # closing: the quote ends this sentence, unless an attribution follows
                end = _SENT_END.search(para, m.end(), e)
                if _ATTRIBUTION.search(para, m.end(), end.start() if end else e):
                    continue
                at, nxt = q + 1, m.end()
            if at > cut:
                out.append((cut, at))
                cut = nxt
        out.append((cut, e))
    return out


# nupunkt (trained on legal text) keeps some plain boundaries inside one sentence, seemingly when the next
# word is one it often saw capitalised mid-sentence: "remote-controlled cranes. Union leader …",
# "the same story. And …" (24 of 7,831 sentences of the extraction benchmark's gold texts). A word of
# 3+ lower-case letters, a sentence mark, an optional closing mark, a space and a capitalised word is a
# boundary unless the word is a lower-case abbreviation.
_MISSED_END = re.compile(r"\b([a-z][a-z'’-]{2,})[.!?]['\"”’)]?(?=\s+[A-Z][a-z])")
_LOWER_ABBREV = frozenset("approx prof dept est govt univ assn incl excl misc ibid vol vols eds fig figs nos seq "
                          "pct gov sen rep gen col capt sgt supt rev cmdr cdr adm maj cpl insp det".split())  # "etc." ends a sentence as often as not


def _split_missed(para: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Split spans at plain sentence ends nupunkt kept inside them (see :data:`_MISSED_END`)."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        cut = s
        for m in _MISSED_END.finditer(para, s, e):
            if m.group(1) in _LOWER_ABBREV or m.end() >= e:
                continue
            nxt = m.end()
            while nxt < e and para[nxt].isspace():
                nxt += 1
            out.append((cut, m.end()))
            cut = nxt
        out.append((cut, e))
    return out


# a wire dateline opening a paragraph: "BREVNIK, March 14, 2025 — ", "KESSHOLM (MPA) — ",
# "LONDON, June 3 (Reuters) - ", "SYDNEY, Australia - ", "OSTRUM, 9 October 2026 — "
DATELINE = re.compile(
    r"[A-Z][A-Z.'’-]{2,}(?:\s+[A-Z][A-Z.'’-]+){0,3}"
    r"(?:,\s*(?:(?:[A-Z][a-z]+\.?\s*){1,3}(?:\d{1,2}(?:,\s*\d{4})?)?|\d{1,2}\s+[A-Z][a-z]+\.?(?:,?\s+\d{4})?))?"
    r"(?:\s*\([A-Za-z .]{1,20}\))?"
    r"\s*(?:—|–|--?)\s+(?=[A-Z“\"‘'])")


# "NASA — The agency said …": one capitalised word and a sentence that names it again is an
# organisation's name opening the sentence, not a dateline (a place)
_NAMES_BACK = re.compile(r"[A-Z][A-Z.'’-]+\s*(?:—|–|--?)\s+(?:The|Its)\s+(?:agency|organi[sz]ation|bureau|alliance|"
                         r"federation|regulator|watchdog|institute)\b")  # not "HOUSTON — The company said"


def _split_dateline(para: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The dateline that opens a paragraph is a segment of its own, so the first sentence starts
    with its first word (labels, facts and the timeline quote the sentence, not "BREVNIK, … —")."""
    m = DATELINE.match(para)
    if not m or not spans or spans[0][0] != 0 or m.end() >= spans[0][1] or _NAMES_BACK.match(para):
        return spans
    return [(0, len(para[: m.end()].rstrip())), (m.end(), spans[0][1]), *spans[1:]]


def is_dateline(sentence: str) -> bool:
    """Is the whole sentence a dateline segment (:data:`DATELINE`)?"""
    if sentence[-1:] not in "—–-":
        return False
    m = DATELINE.match(sentence + " A")
    return m is not None and m.end() == len(sentence) + 1


def split_sentences(text: str) -> list[tuple[int, int]]:
    """``[(start, end)]`` of every sentence; never crosses a line break, never empty, trimmed."""
    out: list[tuple[int, int]] = []
    for m in _PARA.finditer(text):
        base, para = m.start(), m.group()
        spans: list[tuple[int, int]] = []
        for s, e in nupunkt.sent_spans(para):
            while s < e and para[s].isspace():
                s += 1
            while e > s and para[e - 1].isspace():
                e -= 1
            if e > s:
                spans.append((s, e))
        spans = _split_spaced_quotes(para, _split_missed(para, _merge_titles(para, _merge_lowercase(para, spans))))
        spans = _split_dateline(para, spans)
        out.extend((base + s, base + e) for s, e in spans)
    return out

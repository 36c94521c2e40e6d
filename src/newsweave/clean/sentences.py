"""Sentence spans with character offsets (nupunkt), per paragraph, whitespace trimmed."""

from __future__ import annotations

import re

import nupunkt

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
        out.extend((base + s, base + e) for s, e in _merge_lowercase(para, spans))
    return out

"""Minimal clean stage: decode, normalise whitespace, split sentences (nupunkt)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import nupunkt

from newsweave.config import Config
from newsweave.model import Article, RawDoc
from newsweave.pipeline import RunContext


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans with surrounding whitespace trimmed; never empty spans."""
    out = []
    for s, e in nupunkt.sent_spans(text):
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


class CleanStage:
    name = "clean"
    requires = frozenset({"raw"})
    provides = frozenset({"text", "sentences", "title"})
    scope = "item"

    def __init__(self, cfg: Config) -> None:
        self.cfg = cfg

    def __call__(self, items: Iterable[RawDoc], ctx: RunContext) -> Iterator[Article]:
        for raw in items:
            data = raw.content
            text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
            text = "\n\n".join(p.strip() for p in text.split("\n\n") if p.strip())
            if not text:
                ctx.drop(raw, "empty")
                continue
            yield Article.create(text, raw.input, sentences=split_sentences(text), title=raw.title)

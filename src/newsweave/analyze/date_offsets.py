"""Dates counted from a day the article has just named: "the following day", "three days later"."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Protocol

from newsweave.model import Article, Span

SMALL = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
# Offsets from a day the article has just named ("On March 3 ... The following day ..."): resolved
# against the latest day-precision date before it, in its sentence or the three before. "the day
# before the vote" counts from the vote, not a date: "the day before / after" only ends a clause.
AFTER_DATE = re.compile(
    r"\b(?:(?P<next>the\s+(?:following|next)\s+(?:day|morning|afternoon|evening|night)"
    r"|the\s+day\s+after(?=\s*[,.;:)]|\s+(?:and|when|as|but)\b))"
    r"|(?P<prev>the\s+(?:previous|preceding)\s+day|the\s+day\s+before(?=\s*[,.;:)]|\s+(?:and|when|as|but)\b))"
    r"|(?P<same>the\s+same\s+day)"
    r"|(?P<n>a|one|two|three|four|five|six|\d)\s+(?P<unit>days?|weeks?)\s+(?P<dir>later|earlier)(?!\s+than\b))\b",
    re.I)  # "a day later than promised" compares, it does not date
ANCHOR_SENTENCES = 3  # sentences back that an offset may reach for its date


class Dated(Protocol):
    """A resolved date expression (``timeline._Hit``)."""

    date: str
    precision: str
    expr: Span


def offsets(art: Article, hits: Sequence[Dated], add: Callable[[int, int, str, str], None]) -> None:
    """"The following day", "three days later": a day counted from the latest day-precision date
    before it, in its own sentence or the ``ANCHOR_SENTENCES`` before (a chain counts on)."""
    starts = [s for s, _ in art.sentences]
    for m in AFTER_DATE.finditer(art.text):
        here = bisect.bisect_right(starts, m.start()) - 1
        floor = starts[max(0, here - ANCHOR_SENTENCES)] if starts else 0
        anchors = [h for h in hits if h.precision == "day" and floor <= h.expr.start and h.expr.end <= m.start()]
        if not anchors:
            continue
        base = dt.date.fromisoformat(max(anchors, key=lambda h: h.expr.end).date)
        if m.group("n"):
            n = m.group("n").lower()
            days = int(SMALL.get(n, n)) * (7 if m.group("unit").lower().startswith("week") else 1)
            days = -days if m.group("dir").lower() == "earlier" else days
        else:
            days = 1 if m.group("next") else -1 if m.group("prev") else 0
        add(m.start(), m.end(), (base + dt.timedelta(days=days)).isoformat(), "day")

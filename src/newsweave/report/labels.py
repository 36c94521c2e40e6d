"""How a source is named for a reader: short labels over report.json article dicts.

Shared by report.md and the web views, so every surface names an untitled, outlet-less article the
same way (its URL host or file name, and its opening sentence).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit


def safe_url(url: str | None) -> str | None:
    """Only http(s) URLs become links; ``javascript:``, ``data:`` and the rest stay plain text."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def source_name(art: Mapping[str, Any]) -> str:
    """A short human name for an article's source: outlet, else URL host, else file name."""
    if art.get("outlet"):
        return str(art["outlet"])
    url = safe_url(art.get("url"))
    if url:
        host = urlsplit(url).netloc
        return host[4:] if host.startswith("www.") else host
    src = str(art.get("source") or "")
    base = os.path.basename(src.split("#")[0].rstrip("/")) or src
    stem, ext = os.path.splitext(base)
    return (stem if stem and len(ext) <= 6 else base) or str(art.get("id", "?"))[:8]


def display_title(art: Mapping[str, Any], n: int = 100) -> str:
    """The article's title, else its first sentence (verbatim, clipped), else its source name."""
    if art.get("title"):
        return str(art["title"])
    text = art.get("text") or ""
    sents = art.get("sentences") or []
    first = text[sents[0][0]: sents[0][1]] if sents else text[:n * 2]
    return clip(first, n) if first.strip() else source_name(art)


def clip(text: str, n: int = 160) -> str:
    """Whitespace collapsed; longer than ``n`` -> cut at a word boundary with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= n:
        return text
    cut = text[: n - 1]
    sp = cut.rfind(" ")
    return (cut[:sp] if sp > n * 0.6 else cut).rstrip(" ,;:") + "…"


def story_dates(story: Mapping[str, Any]) -> tuple[str | None, str | None, bool]:
    """(first, last, inferred) of a report.json story or a store's story row: its articles'
    publication dates, else the reference dates the timeline inferred from their text
    (``notes.reference_dates``, or a row's ``inferred_date_span``; inferred=True)."""
    first, last = (story.get("date_span") or [None, None])[:2]
    if first or last:
        return first, last, False
    i_first, i_last = (story.get("inferred_date_span") or [None, None])[:2]
    if i_first or i_last:
        return i_first or i_last, i_last or i_first, True
    refs = sorted(r["date"] for r in ((story.get("notes") or {}).get("reference_dates") or {}).values()
                  if r.get("date"))
    return (refs[0], refs[-1], True) if refs else (None, None, False)


def _iso_span(first: str, last: str) -> str:
    return first if first == last else f"{first} – {last}"


def dates_label(story: Mapping[str, Any], span: Callable[[str, str], str] = _iso_span) -> str | None:
    """A story's (or story row's) dates as shown in its header, ``span`` formatting first and last;
    dates inferred from the text are marked as such; None when it has none."""
    first, last, inferred = story_dates(story)
    if not (first or last):
        return None
    when = span(first or last, last or first)
    return f"about {when} (inferred from the text)" if inferred else when


def count(n: Any, noun: str, plural: str | None = None) -> str:
    """'1 story', '2 stories', '0 articles'; a non-number (an unknown count) keeps the plural."""
    if isinstance(n, int) and n == 1:
        return f"1 {noun}"
    if plural is None:
        plural = noun[:-1] + "ies" if noun.endswith("y") and noun[-2:-1] not in "aeiou" else noun + "s"
    return f"{n} {plural}"


def straight_marks(quote: str) -> bool:
    """Does a quotation's text use straight double marks inside ('out of date," Venn said. "That is')?
    Then it is shown between straight marks too, not curly ones that would not match."""
    return '"' in quote and not any(c in quote for c in "“”")

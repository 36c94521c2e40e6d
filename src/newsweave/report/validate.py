"""One check, run always: every span in a report is ``{article_id, start, end, text}`` with
``text == article.text[start:end]``, and every story's article ids exist."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

SPAN_KEYS = {"article_id", "start", "end"}


class ReportError(ValueError):
    """A report that would break the contract: written nowhere."""


def iter_spans(obj: Any, path: str = "$") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(obj, dict):
        if SPAN_KEYS <= obj.keys():
            yield path, obj
        for k, v in obj.items():
            yield from iter_spans(v, f"{path}.{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from iter_spans(v, f"{path}[{i}]")


def validate_report(report: dict[str, Any]) -> int:
    """Raise ReportError on the first broken span or dangling id; return the number of spans checked."""
    texts = {a["id"]: a["text"] for a in report.get("articles", [])}
    n = 0
    for art in report.get("articles", []):
        t = art["text"]
        for s, e in art.get("sentences", []):
            if not 0 <= s < e <= len(t):
                raise ReportError(f"article {art['id']}: sentence {s}:{e} outside text of length {len(t)}")
    for story in report.get("stories", []):
        for aid in story.get("article_ids", []):
            if aid not in texts:
                raise ReportError(f"story {story.get('id')}: article {aid} not in report.articles")
        for path, sp in iter_spans(story, f"$.stories[{story.get('id')}]"):
            n += 1
            aid = sp["article_id"]
            if aid not in texts:
                raise ReportError(f"{path}: span names unknown article {aid}")
            s, e = sp["start"], sp["end"]
            if not (isinstance(s, int) and isinstance(e, int) and 0 <= s <= e <= len(texts[aid])):
                raise ReportError(f"{path}: span {s}:{e} outside article {aid}")
            if sp.get("text") != texts[aid][s:e]:
                raise ReportError(f"{path}: span text {sp.get('text')!r} != article text {texts[aid][s:e]!r}")
    return n

"""JSON and JSONL inputs -> RawDocs: one record per line, or the records of one JSON document.

Field names come from ``Config.jsonl`` (with the aliases common dumps use); a broken line or item
is rejected as ``path#L<n>`` / ``path#item<n>`` and the others are kept.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from typing import Any

from newsweave.config import Config, JsonlFields
from newsweave.ingest.decode import DecodeError, decode, utf16_without_bom
from newsweave.model import RawDoc
from newsweave.pipeline import RunContext

log = logging.getLogger(__name__)


def media_for_text(value: str) -> str:
    head = value.lstrip()[:2000].lower()
    if head.startswith("<") and ("</p>" in head or "<html" in head or "<div" in head or "<br" in head
                                 or "</a>" in head or "<p>" in head):
        return "text/html-fragment" if "<html" not in head and "<body" not in head else "text/html"
    return "text/plain"


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def clean_str(v: str) -> str:
    """``v`` with lone UTF-16 surrogates (half an emoji, as "\\ud83d" in a JSON dump) made U+FFFD:
    they cannot be encoded, so they would fail every later step."""
    return _SURROGATE.sub("\ufffd", v)


def text_value(v: Any) -> str | None:
    """A metadata value as text; None for nothing, objects and booleans (``{"a": 1}`` is no title)."""
    if v is None or isinstance(v, (dict, bool)):
        return None
    if isinstance(v, list):
        v = ", ".join(str(x) for x in v if x and not isinstance(x, (dict, list, bool)))
    v = clean_str(str(v)).strip()
    return v or None


# Where a default field name is absent, the names common dumps use (news-please, CC-News, NewsAPI,
# newspaper3k, Multi-News style): tried in order, only for fields left at their default.
_ALIASES = {
    "text": ("maintext", "content", "body", "article", "article_text", "full_text"),
    "title": ("headline",),
    "url": ("link", "source_url", "canonical_url"),
    "date": ("date_publish", "published", "published_at", "publishedAt", "publish_date", "pubDate",
             "datePublished", "date_published", "timestamp"),
    "author": ("authors", "byline", "creator"),
    "outlet": ("source", "source_domain", "site_name", "publisher", "domain", "sitename"),
}


def _field(obj: dict[str, Any], which: str, cfg: Config) -> tuple[str, Any]:
    """(the field name used, its value) for one of the JsonlFields."""
    name = getattr(cfg.jsonl, which)
    if name in obj or name != getattr(JsonlFields, which):
        return name, obj.get(name)
    for alt in _ALIASES.get(which, ()):
        if obj.get(alt):
            return alt, obj[alt]
    return name, None


def _named(v: Any) -> Any:
    """NewsAPI-style ``{"id": ..., "name": "Outlet"}`` and lists of them -> their names."""
    if isinstance(v, dict):
        return v.get("name") or v.get("title")
    if isinstance(v, list):
        return [_named(x) for x in v]
    return v


def record_to_raw(obj: Any, name: str, cfg: Config) -> RawDoc | str:
    """One JSON object -> RawDoc using the configured field names; a str is a rejection reason."""
    if not isinstance(obj, dict):
        return f"not a JSON object ({type(obj).__name__})"
    key, text = _field(obj, "text", cfg)
    if isinstance(text, list):
        text = "\n\n".join(str(x) for x in text if isinstance(x, str) and x)
    if key in obj and text is not None and not isinstance(text, str):
        return f"field {key!r} is not text ({type(text).__name__})"
    if not isinstance(text, str) or not text.strip():
        return f"no text in field {key!r}" if key not in obj else f"field {key!r} is empty"
    text = clean_str(text)
    f = cfg.jsonl
    meta = {"id": text_value(obj.get(f.id))} if obj.get(f.id) is not None else {}
    if key != f.text:
        meta["text_field"] = key
    url = _field(obj, "url", cfg)[1]
    return RawDoc(input=name, content=text, media_type=media_for_text(text),
                  url=text_value(url) if isinstance(url, str) else None,
                  title=text_value(_field(obj, "title", cfg)[1]), author=text_value(_named(_field(obj, "author", cfg)[1])),
                  outlet=text_value(_named(_field(obj, "outlet", cfg)[1])), published=text_value(_field(obj, "date", cfg)[1]),
                  meta=meta)


# a JSON document holding its records under one of these keys (NewsAPI's {"articles": [...]}, ...)
_RECORD_LISTS = ("articles", "items", "results", "data", "documents", "records", "entries", "posts", "stories")


def _json_error(exc: Exception) -> str:
    if isinstance(exc, RecursionError):
        return "invalid JSON: nested too deeply"
    if isinstance(exc, json.JSONDecodeError):  # "Unterminated string starting at" needs its place
        return f"invalid JSON: {exc.msg} (column {exc.colno})" if exc.lineno == 1 else (
            f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")
    return f"invalid JSON: {exc}"


def _array_items(text: str) -> tuple[list[Any], str | None]:
    """The complete items of a JSON array ``text`` (which starts with "["), and why it stopped early
    (a cut or broken item: the ones before it are kept), or None."""
    dec, items = json.JSONDecoder(), []
    i, n = 1, len(text)
    while True:
        while i < n and text[i] in " \t\r\n,":
            i += 1
        if i < n and text[i] == "]":
            return items, None
        if i >= n:
            return items, "invalid JSON: the array ends before its closing bracket"
        try:
            obj, i = dec.raw_decode(text, i)
        except (ValueError, RecursionError) as exc:
            return items, _json_error(exc)
        items.append(obj)


def _records(doc: Any) -> list[Any] | None:
    """The records of a parsed JSON document: an array, or an object holding one list of records."""
    if isinstance(doc, list):
        return doc
    if isinstance(doc, dict):
        for key in _RECORD_LISTS:
            v = doc.get(key)
            if isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
                return v
    return None


def _text_lines(data: bytes) -> list[str | bytes]:
    """The lines of a JSONL file: decoded as a whole when it is UTF-16/32 (splitting its bytes on
    newlines would cut characters in half), else each line's own bytes (decoded one by one)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or utf16_without_bom(data):
        try:
            return list(decode(data)[0].split("\n"))
        except DecodeError:
            pass
    return list(data.split(b"\n"))


def _one_document_like(data: bytes, lines: list[str | bytes]) -> bool:
    """Could the file be one JSON document: it opens an array, or an object that no later line opens
    again (JSONL has "\n{" between its records)?"""
    if lines and isinstance(lines[0], str):  # decoded already (UTF-16/32): check the text
        text = "\n".join(str(x) for x in lines).lstrip("\ufeff \t\r\n")
        return text.startswith("[") or (text.startswith("{") and "\n{" not in text)
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    return stripped.startswith(b"[") or (stripped.startswith(b"{") and b"\n{" not in stripped)


def _whole_text(data: bytes, lines: list[str | bytes]) -> str | None:
    """The whole file as text (to read it as one JSON document), or None if it does not decode."""
    if lines and isinstance(lines[0], str):
        return "\n".join(str(x) for x in lines)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return decode(data)[0]
        except DecodeError:
            return None


def _line_text(line: str | bytes) -> str:
    """One JSONL line as text: UTF-8, else the encoding :func:`decode` finds (cp1252, Latin-1 ...)."""
    if isinstance(line, str):
        return line
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return decode(line)[0]


def _one_document(stripped: str, name: str, cfg: Config, ctx: RunContext) -> Iterator[RawDoc] | None:
    """Records of a file that is one JSON document (an array or an object), or None when it reads
    as JSONL instead (one complete value per line)."""
    try:
        doc = json.loads(stripped)
    except (ValueError, RecursionError) as exc:
        if isinstance(exc, json.JSONDecodeError) and exc.msg == "Extra data":
            return None  # several values: JSONL
        if stripped.startswith("["):
            items, why = _array_items(stripped)
            return _items(items, name, cfg, ctx, why)
        first = stripped.split("\n", 1)[0]
        if first.strip() != stripped.strip():
            try:
                json.loads(first)
                return None  # its first line is a record of its own: JSONL with a broken line
            except (ValueError, RecursionError):
                pass
        return _reject(name, _json_error(exc), ctx)
    records = _records(doc)
    if records is not None:
        if not records:
            return _reject(name, "empty JSON array", ctx)
        return _items(records, name, cfg, ctx, None)
    res = record_to_raw(doc, name, cfg)
    if isinstance(res, str):
        return _reject(name, f"JSON file without an article: {res}", ctx)
    return iter([res])


def _reject(name: str, reason: str, ctx: RunContext) -> Iterator[RawDoc]:
    ctx.drop(RawDoc(name, b""), reason)
    return iter(())


def _items(records: list[Any], name: str, cfg: Config, ctx: RunContext, why: str | None,
           sep: str = "#item") -> Iterator[RawDoc]:
    """Each record as item ``<name><sep><i>`` ("dump.json#item3", "feed.jsonl#L2.3"), a bad one dropped
    with its reason, and ``why`` (the array stopped early) for the item after the last."""
    for i, obj in enumerate(records, 1):
        res = record_to_raw(obj, f"{name}{sep}{i}", cfg)
        if isinstance(res, str):
            ctx.drop(RawDoc(f"{name}{sep}{i}", b""), res)
        else:
            yield res
    if why:
        kept = " (the items before it are kept)" if records else ""
        ctx.drop(RawDoc(f"{name}{sep}{len(records) + 1}", b""), why + kept)


def iter_jsonl(data: bytes, name: str, cfg: Config, ctx: RunContext) -> Iterator[RawDoc]:
    """One article per line; a broken line is rejected as ``name#L<n>``, the others are kept; a line
    that is an array of records gives ``name#L<n>.<i>``, one per record. A file
    that is one JSON document gives the records of its array (``name#item<n>``; a cut array keeps
    the complete items), of a ``{"articles": [...]}``-style wrapper, or its one record."""
    lines = _text_lines(data)
    if _one_document_like(data, lines):  # decode the whole file only for a JSON-document candidate
        whole = _whole_text(data, lines)
        docs = _one_document(whole.lstrip("\ufeff \t\r\n"), name, cfg, ctx) if whole is not None else None
        if docs is not None:
            yield from docs
            return
    n_ok = 0
    for lineno, raw_line in enumerate(lines, 1):
        item = f"{name}#L{lineno}"
        try:
            line = _line_text(raw_line).lstrip("\ufeff") if lineno == 1 else _line_text(raw_line)
        except ValueError as exc:
            ctx.drop(RawDoc(item, b""), f"invalid JSON line: {exc}")
            continue
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except (ValueError, RecursionError) as exc:
            ctx.drop(RawDoc(item, b""), _json_error(exc))
            continue
        records = _records(obj) if not (isinstance(obj, dict) and _field(obj, "text", cfg)[1]) else None
        if records is not None:  # a line that is an array (or a wrapper) of records: each one its own item
            if not records:
                ctx.drop(RawDoc(item, b""), "empty JSON array")
            for res in _items(records, item, cfg, ctx, None, sep="."):
                n_ok += 1
                yield res
            continue
        res = record_to_raw(obj, item, cfg)
        if isinstance(res, str):
            ctx.drop(RawDoc(item, b""), res)
        else:
            n_ok += 1
            yield res
    log.debug("%s: %d JSONL records", name, n_ok)

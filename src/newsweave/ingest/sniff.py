"""Sniff what a byte string is from its first bytes, never from the file extension alone.

``sniff(head)`` returns one of: ``gzip``, ``warc``, ``feed``, ``html``, ``xml`` (any other XML),
``jsonl``, ``text`` or ``binary:<kind>``. The extension is only a tie-breaker (``.jsonl`` for a JSON-looking file).
"""

from __future__ import annotations

import json
import re

from newsweave.ingest.decode import utf16_without_bom

HEAD_BYTES = 64 * 1024

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "pdf"), (b"PK\x03\x04", "zip"), (b"\x89PNG", "png"), (b"GIF8", "gif"),
    (b"\xff\xd8\xff", "jpeg"), (b"\x7fELF", "elf"), (b"BZh", "bzip2"), (b"\xfd7zXZ", "xz"),
    (b"7z\xbc\xaf", "7z"), (b"SQLite format 3", "sqlite"), (b"\x00\x00\x01\x00", "ico"),
    (b"RIFF", "riff"), (b"OggS", "ogg"), (b"ID3", "mp3"), (b"\xd0\xcf\x11\xe0", "ms-office"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_FEED = re.compile(rb"<(rss|feed|rdf:rdf)[\s>]", re.I)
_HTML = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.I)
_XML_ROOT = re.compile(rb"<[A-Za-z][\w:.-]*\s[^>]*xmlns[:=]")
_PROLOG = re.compile(rb"(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.S)  # XML declaration, PIs, comments
_JSON_START = re.compile(rb"\[\s*[{\]]|\{\s*[\"}]")  # an array of objects, or an object
_TAGS = re.compile(rb"</?(p|div|span|a|br|h[1-6]|article|section|ul|li|img|meta|title|script|table)[\s/>]", re.I)


def _is_utf16(head: bytes) -> bool:
    return head.startswith((b"\xff\xfe", b"\xfe\xff"))


def binary_kind(head: bytes) -> str | None:
    """A short name if ``head`` looks like a binary (non-text) file, else None."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if _is_utf16(head) or utf16_without_bom(head):
        return None
    sample = head[:8192]
    if not sample:
        return None
    if b"\x00" in sample:
        return "contains NUL bytes"
    ctrl = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    if ctrl / len(sample) > 0.05:
        return "control characters"
    return None


def _strip(head: bytes) -> bytes:
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom):]
            break
    return head.lstrip()


def _objects(lines: list[bytes]) -> int:
    """How many of ``lines`` are each one JSON object."""
    n = 0
    for ln in lines:
        try:
            n += isinstance(json.loads(ln), dict)
        except (ValueError, RecursionError):
            continue
    return n


def _looks_jsonl(body: bytes) -> bool:
    lines = [ln for ln in body.split(b"\n")[:9] if ln.strip()]
    complete = lines[:-1] if len(body) >= HEAD_BYTES and len(lines) > 1 else lines
    if not body.startswith((b"{", b"[")):  # a broken or cut first line, then JSONL records
        n = _objects(complete[1:])
        return n >= 2 and n * 2 >= len(complete)
    for ln in complete:
        try:
            obj = json.loads(ln)
        except (ValueError, RecursionError):
            continue
        if isinstance(obj, (dict, list)):
            return True
    if _JSON_START.match(body):  # a JSON document, perhaps too long for the head or cut short
        return True
    try:  # one pretty-printed JSON document
        obj = json.loads(body)
        return isinstance(obj, (dict, list))
    except (ValueError, RecursionError):
        return False


def sniff(head: bytes, name: str = "") -> str:
    """Classify ``head`` (the first bytes of an input; all of it if it is small)."""
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith(b"WARC/"):
        return "warc"
    kind = binary_kind(head)
    if kind:
        return f"binary:{kind}"
    enc16 = "utf-16" if _is_utf16(head) else utf16_without_bom(head)
    if enc16:
        try:
            head = head[: len(head) // 2 * 2].decode(enc16, errors="ignore").encode("utf-8")
        except UnicodeError:
            return "text"
    body = _strip(head)
    if body.startswith(b"<"):
        root = body[_PROLOG.match(body).end():]  # type: ignore[union-attr]  # (always matches)
        start = root[:2048]
        if _FEED.search(start) and not _HTML.search(start[:512]):
            return "feed"
        if _HTML.search(start) or len(_TAGS.findall(root[:8192])) >= 2:
            return "html"
        if body.startswith(b"<?xml") or _XML_ROOT.match(root):
            return "xml"
    if _looks_jsonl(body) or name.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    if len(_TAGS.findall(body[:8192])) >= 3 and _HTML.search(body[:8192]):
        return "html"  # an HTML page with some junk before the first tag
    return "text"

"""Expand one input's bytes into RawDocs: single documents, JSONL lines, feed entries, WARC records.

Every item that cannot become a RawDoc is dropped through ``ctx.drop`` with a reason and a name
that says exactly which part of the input it was (``path#L7``, ``path#entry2``, ``path#record5``).
"""

from __future__ import annotations

import contextlib
import email.utils
import io
import json
import logging
import re
from collections import Counter
from collections.abc import Iterator
from typing import IO, Any

from newsweave.config import Config, JsonlFields
from newsweave.ingest.sniff import sniff
from newsweave.model import RawDoc
from newsweave.pipeline import RunContext

log = logging.getLogger(__name__)
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}(?=$|[T ])")


def _media_for_text(value: str) -> str:
    head = value.lstrip()[:2000].lower()
    if head.startswith("<") and ("</p>" in head or "<html" in head or "<div" in head or "<br" in head
                                 or "</a>" in head or "<p>" in head):
        return "text/html-fragment" if "<html" not in head and "<body" not in head else "text/html"
    return "text/plain"


def _str(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, list):
        v = ", ".join(str(x) for x in v if x)
    v = str(v).strip()
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
        text = "\n\n".join(str(x) for x in text if x)
    if not isinstance(text, str) or not text.strip():
        return f"no text in field {key!r}" if key not in obj else f"field {key!r} is empty"
    f = cfg.jsonl
    meta = {"id": _str(obj.get(f.id))} if obj.get(f.id) is not None else {}
    if key != f.text:
        meta["text_field"] = key
    return RawDoc(input=name, content=text, media_type=_media_for_text(text), url=_str(_field(obj, "url", cfg)[1]),
                  title=_str(_field(obj, "title", cfg)[1]), author=_str(_named(_field(obj, "author", cfg)[1])),
                  outlet=_str(_named(_field(obj, "outlet", cfg)[1])), published=_str(_field(obj, "date", cfg)[1]),
                  meta=meta)


def iter_jsonl(data: bytes, name: str, cfg: Config, ctx: RunContext) -> Iterator[RawDoc]:
    """One article per line; a broken line is rejected as ``name#L<n>``, the others are kept."""
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"[") or (stripped.startswith(b"{") and b"\n{" not in stripped):
        try:  # one JSON document: an array of records or a single record
            doc = json.loads(stripped)
        except ValueError:
            doc = None
        if isinstance(doc, list):
            for i, obj in enumerate(doc, 1):
                res = record_to_raw(obj, f"{name}#item{i}", cfg)
                if isinstance(res, str):
                    ctx.drop(RawDoc(f"{name}#item{i}", b""), res)
                else:
                    yield res
            if not doc:
                ctx.drop(RawDoc(name, b""), "empty JSON array")
            return
        if isinstance(doc, dict):
            res = record_to_raw(doc, name, cfg)
            if isinstance(res, str):
                ctx.drop(RawDoc(name, b""), f"JSON file without an article: {res}")
            else:
                yield res
            return
    n_ok = 0
    for lineno, line in enumerate(data.split(b"\n"), 1):
        if lineno == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        if not line.strip():
            continue
        item = f"{name}#L{lineno}"
        try:
            obj = json.loads(line)
        except ValueError as exc:
            msg = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
            ctx.drop(RawDoc(item, b""), f"invalid JSON: {msg}")
            continue
        res = record_to_raw(obj, item, cfg)
        if isinstance(res, str):
            ctx.drop(RawDoc(item, b""), res)
        else:
            n_ok += 1
            yield res
    log.debug("%s: %d JSONL records", name, n_ok)


def _iso_struct(t: Any) -> str | None:
    if not t:
        return None
    try:
        return f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}"
    except AttributeError:
        return None


def _entry_date(e: Any) -> str | None:
    """The entry's date as written (its own UTC offset kept: 23:00-05:00 is that day, not the next)."""
    for key in ("published", "updated", "created"):
        raw = str(e.get(key) or "").strip()
        m = _ISO_DAY.match(raw)
        if m:
            return m.group(0)
        with contextlib.suppress(TypeError, ValueError, IndexError):
            t = email.utils.parsedate_tz(raw)
            if t and t[0] > 1900:
                return f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d}"
    return _iso_struct(e.get("published_parsed") or e.get("updated_parsed"))


def _entry_title(e: Any) -> str | None:
    title = e.get("title")
    if title and "html" in str((e.get("title_detail") or {}).get("type") or "") and "<" in title:
        import lxml.html

        with contextlib.suppress(ValueError, TypeError):
            title = lxml.html.fromstring(f"<span>{title}</span>").text_content()
    return _str(title)


def iter_feed(data: bytes, name: str, cfg: Config, ctx: RunContext) -> Iterator[RawDoc]:
    """RSS/Atom via feedparser: each entry is one RawDoc (full content, else summary)."""
    import feedparser

    try:
        parsed = feedparser.parse(data)
    except Exception:  # noqa: BLE001 - feedparser fails on a garbled encoding declaration
        try:
            parsed = feedparser.parse(data.decode("utf-8", "replace"))
        except Exception as exc:  # noqa: BLE001
            ctx.drop(RawDoc(name, b""), f"malformed feed: {type(exc).__name__}: {str(exc)[:160]}")
            return
    entries = parsed.get("entries") or []
    if not entries:
        why = f" (malformed feed: {parsed.get('bozo_exception')})" if parsed.get("bozo") else ""
        ctx.drop(RawDoc(name, b""), f"feed has no entries{why}")
        return
    outlet = _str(parsed.get("feed", {}).get("title"))
    for i, e in enumerate(entries, 1):
        item = f"{name}#entry{i}"
        bodies = [c for c in e.get("content") or [] if c.get("value")]
        detail = max(bodies, key=lambda c: len(c.get("value", ""))) if bodies else (e.get("summary_detail") or {})
        text = detail.get("value") or e.get("summary") or e.get("description") or ""
        if not text.strip():
            ctx.drop(RawDoc(item, b""), "feed entry has no text")
            continue
        media = _media_for_text(text)
        if media == "text/plain" and "html" in str(detail.get("type") or ""):
            media = "text/html-fragment"  # declared HTML without tags still holds entities ("&#8230;")
        link = _str(e.get("link"))
        yield RawDoc(input=item, content=text, media_type=media,
                     url=link if link and link.lower().startswith(("http://", "https://")) else None,
                     title=_entry_title(e), author=_str(e.get("author")), outlet=outlet,
                     published=_entry_date(e),
                     meta={"feed_entry_id": _str(e.get("id"))} if e.get("id") else {})


def _quiet(records: Any, name: str) -> Iterator[Any]:
    """warcio's records, with what it prints to stderr about a malformed file sent to the log instead."""
    it = iter(records)
    while True:
        buf = io.StringIO()
        with contextlib.redirect_stderr(buf):
            rec = next(it, None)
        if buf.getvalue().strip():
            log.warning("%s: %s", name, " ".join(buf.getvalue().split())[:300])
        if rec is None:
            return
        yield rec


def iter_warc(stream: IO[bytes], name: str, cfg: Config, ctx: RunContext) -> Iterator[RawDoc]:
    """HTML response (and resource) records of a WARC file (plain or gzipped), via warcio."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    n_html = 0
    idx = 0
    before = len(ctx.records)
    others: Counter[str] = Counter()  # request, warcinfo, metadata ... records: not inputs of their own
    try:
        for rec in _quiet(ArchiveIterator(stream), name):
            idx += 1
            if rec.rec_type not in ("response", "resource"):
                others[str(rec.rec_type or "untyped")] += 1
                continue
            item = f"{name}#record{idx}"
            uri = rec.rec_headers.get_header("WARC-Target-URI")
            if rec.rec_type == "response" and rec.http_headers is not None:
                ctype = rec.http_headers.get_header("Content-Type") or ""
                status = rec.http_headers.get_statuscode() or ""
            else:
                ctype, status = rec.rec_headers.get_header("Content-Type") or "", "200"
            body = rec.content_stream().read(cfg.max_file_bytes + 1)
            if status and not status.startswith("2"):
                ctx.drop(RawDoc(item, b"", url=uri), f"WARC response status {status}")
                continue
            if len(body) > cfg.max_file_bytes:
                ctx.drop(RawDoc(item, b"", url=uri), f"record too large: over {cfg.max_file_bytes} bytes")
                continue
            kind = sniff(body[:65536])
            if "html" not in ctype.lower() and kind != "html":
                ctx.drop(RawDoc(item, b"", url=uri), f"WARC record is not HTML ({ctype or kind})")
                continue
            n_html += 1
            charset = None
            if "charset=" in ctype.lower():
                charset = ctype.lower().split("charset=", 1)[1].split(";")[0].strip(" \"'") or None
            yield RawDoc(input=item, content=body, media_type="text/html", url=uri,
                         meta={"crawled": rec.rec_headers.get_header("WARC-Date"), "charset": charset})
    except ArchiveLoadFailed as exc:
        ctx.drop(RawDoc(name, b""), f"invalid WARC: {str(exc)[:200]}")
        return
    except Exception as exc:  # noqa: BLE001 - warcio fails in many ways on a cut or malformed record
        where = f"{name}#record{idx}" if idx else name
        ctx.drop(RawDoc(where, b""), f"invalid WARC record: {type(exc).__name__}: {str(exc)[:160]}")
        return
    if idx == 0:
        ctx.drop(RawDoc(name, b""), "WARC has no records")
    elif n_html == 0 and len(ctx.records) == before:  # nothing yielded, nothing dropped: say so
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(others.items()))
        ctx.drop(RawDoc(name, b""), f"WARC has no response or resource records ({kinds})")


def expand(kind: str, data: bytes, name: str, cfg: Config, ctx: RunContext, *, url: str | None = None,
           charset: str | None = None, path: str = "") -> Iterator[RawDoc]:
    """Turn sniffed bytes into RawDocs (``kind`` from :func:`newsweave.ingest.sniff.sniff`)."""
    if kind.startswith("binary"):
        detail = kind.partition(":")[2]
        ctx.drop(RawDoc(name, b"", url=url), f"binary file ({detail})" if detail else "binary file")
    elif not data.strip():
        ctx.drop(RawDoc(name, b"", url=url), "empty")
    elif kind == "warc":
        yield from iter_warc(io.BytesIO(data), name, cfg, ctx)
    elif kind == "feed":
        yield from iter_feed(data, name, cfg, ctx)
    elif kind == "xml":
        ctx.drop(RawDoc(name, b"", url=url), "XML that is not an RSS/Atom feed")
    elif kind == "jsonl":
        yield from iter_jsonl(data, name, cfg, ctx)
    else:
        media = "text/html" if kind == "html" else (
            "text/markdown" if path.lower().endswith((".md", ".markdown")) else "text/plain")
        yield RawDoc(input=name, content=data, media_type=media, url=url,
                     meta={"charset": charset} if charset else {})

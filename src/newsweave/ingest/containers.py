"""Expand one input's bytes into RawDocs: single documents, JSONL lines (``ingest.jsonl``), feed
entries, WARC records.

Every item that cannot become a RawDoc is dropped through ``ctx.drop`` with a reason and a name
that says exactly which part of the input it was (``path#L7``, ``path#entry2``, ``path#record5``).
"""

from __future__ import annotations

import contextlib
import email.utils
import io
import logging
import re
from collections import Counter
from collections.abc import Iterator
from typing import IO, Any

from newsweave.config import Config
from newsweave.ingest.jsonl import iter_jsonl, media_for_text, text_value
from newsweave.ingest.sniff import sniff
from newsweave.model import RawDoc
from newsweave.pipeline import RunContext

log = logging.getLogger(__name__)
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}(?=$|[T ])")


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
    return text_value(title)


_SURROGATE_REF = re.compile(rb"&#(?:5529[6-9]|55[3-9]\d\d|56\d{3}|57[0-2]\d\d|573[0-3]\d|5734[0-3]"
                            rb"|[xX]0*[dD][89a-fA-F][0-9a-fA-F]{2});")


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _entry_author(e: Any) -> str | None:
    """The entry's author as a name: "news@x.example (Mara Quell)" and "Bram Oduya (bram@x.example)"
    are Mara Quell and Bram Oduya; an address alone is no name."""
    name = text_value((e.get("author_detail") or {}).get("name")) or text_value(e.get("author"))
    if not name:
        return None
    name = re.sub(r"\(\s*\)|<\s*>", "", _EMAIL.sub("", name)).strip(" ,;")
    if name.startswith("(") and name.endswith(")") and name.count("(") == 1:
        name = name[1:-1].strip()  # "news@x.example (Mara Quell)"
    return name or None


def iter_feed(data: bytes, name: str, cfg: Config, ctx: RunContext) -> Iterator[RawDoc]:
    """RSS/Atom via feedparser: each entry is one RawDoc (full content, else summary)."""
    import feedparser

    data = _SURROGATE_REF.sub(b"&#65533;", data)  # "&#55357;" (half an emoji) cannot be encoded
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
    outlet = feed_outlet(text_value(parsed.get("feed", {}).get("title")))
    for i, e in enumerate(entries, 1):
        item = f"{name}#entry{i}"
        bodies = [c for c in e.get("content") or [] if c.get("value")]
        detail = max(bodies, key=lambda c: len(c.get("value", ""))) if bodies else (e.get("summary_detail") or {})
        text = detail.get("value") or e.get("summary") or e.get("description") or ""
        if not text.strip():
            ctx.drop(RawDoc(item, b""), "feed entry has no text")
            continue
        media = media_for_text(text)
        if media == "text/plain" and "html" in str(detail.get("type") or ""):
            media = "text/html-fragment"  # declared HTML without tags still holds entities ("&#8230;")
        link = text_value(e.get("link"))
        yield RawDoc(input=item, content=text, media_type=media,
                     url=link if link and link.lower().startswith(("http://", "https://")) else None,
                     title=_entry_title(e), author=_entry_author(e), outlet=outlet,
                     published=_entry_date(e),
                     meta={"feed_entry_id": text_value(e.get("id"))} if e.get("id") else {})


_FEED_SEP = re.compile(r"\s+(?:-|–|—|\||>|»|::)\s+|:\s+")
_SECTION_WORDS = frozenset("""news world latest top stories story headlines home front page rss feed feeds all
business sport sports politics uk us local national international breaking technology tech science health
entertainment opinion the of and in articles""".split())


def feed_outlet(title: str | None) -> str | None:
    """The outlet a feed's title names, without its section: "Eastbank Herald - News", "BBC News - World",
    "The Guardian | World news" and "NYT > World News" are Eastbank Herald, BBC News, The Guardian, NYT.
    A title whose parts all name something ("Reuters - Fishing Industry") stays whole."""
    if not title:
        return title
    parts = [p for p in _FEED_SEP.split(title) if p.strip()]
    if len(parts) < 2:
        return title
    named = [p for p in parts if not set(re.findall(r"[a-z]+", p.lower())) <= _SECTION_WORDS]
    return named[0].strip() if len(named) == 1 else title


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
            item = f"{name}#record{idx}"
            uri = rec.rec_headers.get_header("WARC-Target-URI")
            if rec.rec_type == "revisit":  # a capture of a page: an input, but its payload is elsewhere
                ctx.drop(RawDoc(item, b"", url=uri), "WARC revisit record (no payload of its own: the page is "
                         f"the capture it refers to, {rec.rec_headers.get_header('WARC-Refers-To-Date') or 'undated'})")
                continue
            if rec.rec_type not in ("response", "resource"):
                others[str(rec.rec_type or "untyped")] += 1
                continue
            if rec.rec_type == "response" and rec.http_headers is not None:
                ctype = rec.http_headers.get_header("Content-Type") or ""
                status = rec.http_headers.get_statuscode() or ""
            else:
                ctype, status = rec.rec_headers.get_header("Content-Type") or "", "200"
            body = rec.content_stream().read(cfg.max_file_bytes + 1)
            if getattr(rec.raw_stream, "limit", 0) > 0 and len(body) <= cfg.max_file_bytes:
                ctx.drop(RawDoc(item, b"", url=uri), "WARC record cut short (the archive ends inside it)")
                continue
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

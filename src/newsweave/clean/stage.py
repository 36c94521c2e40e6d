"""The clean stage: RawDoc -> Article (decode, extract, strip boilerplate, split sentences, date).

Rejections (each a reason in the ingest log): undecodable bytes, no text in HTML, text too long,
nothing left after boilerplate removal ("empty"), fewer than ``min_words`` words ("too short"),
and a language outside ``Config.languages`` ("not English (fr)"); ``languages=()`` keeps every
language and only marks ``article.language``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

from newsweave.clean import dates
from newsweave.clean.html import Page, extract_page, fragment_text
from newsweave.clean.language import detect_language, word_count
from newsweave.clean.sentences import DATELINE, split_sentences
from newsweave.clean.structure import Structure, structure
from newsweave.clean.text import front_matter, join, looks_markdown, to_paragraphs
from newsweave.config import Config
from newsweave.ingest.decode import DecodeError, declared_charset, decode
from newsweave.model import Article, RawDoc
from newsweave.pipeline import RunContext

__all__ = ["CleanStage", "clean_raw", "clean_text", "split_sentences"]


def clean_text(text: str, *, title: str | None = None, markdown: bool = False,
               html: bool = False) -> tuple[str, Structure]:
    """Plain text -> (clean body text, what was separated from it). Idempotent on the text."""
    st = structure(to_paragraphs(text, markdown=markdown), title=title, html=html)
    return join(st.paras), st


def _sections(st: Structure) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    offset = 0
    for p in st.paras:
        out.extend({"title": h, "offset": offset} for h in p.sections)
        offset += len(p.text) + 2
    return out


@dataclass
class _Source(Page):
    """The text and metadata read from one input (a :class:`Page` for HTML), and how it was read."""

    html: bool = False
    encoding: str | None = None


def _read(raw: RawDoc, cfg: Config) -> _Source | str:
    content = raw.content
    encoding = None
    if isinstance(content, bytes):
        if len(content) > 4 * cfg.max_article_chars:  # more bytes than any text within the limit needs
            return (f"text too long: {len(content)} bytes, more than any text within the limit of "
                    f"{cfg.max_article_chars} characters needs")
        hint = raw.meta.get("charset") or (declared_charset(content) if "html" in raw.media_type else None)
        try:
            content, encoding = decode(content, hint)
        except DecodeError as exc:
            return str(exc)
    if len(content) > cfg.max_article_chars:
        return f"text too long: {len(content)} characters (limit {cfg.max_article_chars})"
    if raw.media_type == "text/html":
        page = extract_page(content, raw.url)
        if page is None:
            return "no text found in HTML"
        return _Source(**asdict(page), html=True, encoding=encoding)
    if raw.media_type == "text/html-fragment":
        return _Source(fragment_text(content), html=True, encoding=encoding, extractor="fragment")
    fm, content = front_matter(content)  # Markdown / plain text with a YAML front-matter block
    return _Source(content, title=fm.get("title"), author=fm.get("author"), outlet=fm.get("outlet"),
                   date=fm.get("date"), url=fm.get("url"), encoding=encoding, extractor=None)


def _date(raw: RawDoc, src: _Source, st: Structure, body: str) -> tuple[str | None, str, list[str], bool]:
    """(published, date_source, year-less date candidates, whether ``published`` was read from the body)."""
    if d := dates.iso_date(raw.published):
        return d, "metadata", [], False
    if d := dates.iso_date(src.date):
        return d, "html" if src.html else "front matter", [], False
    if d := dates.url_date(raw.url or src.url):
        return d, "url", [], False
    for line in st.date_lines:
        if found := dates.full_dates(line):
            return found[0], "text", [], False
    if (m := DATELINE.match(body)) and (found := dates.full_dates(m.group())):
        return found[0], "text", [], False  # "OSTRUM, 9 October 2026 — …": a wire dateline dates the writing
    head = body[:1500]
    if found := dates.full_dates(head):
        floor = dates.latest_past_year(body)  # an earlier full date is history the text tells
        if found := [d for d in found if int(d[:4]) >= floor]:
            return found[0], "text", [], True  # a date the text reports: written then or later
    return None, "none", dates.partial_dates(head), False


def clean_raw(raw: RawDoc, cfg: Config) -> Article | str:
    """One RawDoc -> Article, or a str: the reason it was rejected."""
    src = _read(raw, cfg)
    if isinstance(src, str):
        return src
    meta_title = raw.title or src.title
    markdown = raw.media_type == "text/markdown" or (not src.html and looks_markdown(src.text))
    body, st = clean_text(src.text, title=meta_title, markdown=markdown, html=src.html)
    if not body.strip():
        return "empty" if not src.text.strip() else "empty after removing boilerplate"
    lang = detect_language(body)
    if cfg.languages and lang != "und" and lang not in cfg.languages:
        return f"not English ({lang})" if cfg.languages == ("en",) else f"language {lang} is not one of those kept ({', '.join(cfg.languages)})"
    n_words = word_count(body)
    if n_words < cfg.min_words:
        return f"too short: {n_words} words (minimum {cfg.min_words})"
    published, date_source, candidates, from_body = _date(raw, src, st, body)
    meta: dict[str, Any] = dict(raw.meta)
    meta.pop("charset", None)
    if st.kickers:
        meta["kickers"] = st.kickers
    if st.standfirst:
        meta["standfirst"] = st.standfirst
    if from_body:
        meta[dates.BODY_DATE] = True
    if candidates:
        meta["date_candidates"] = candidates
    if st.removed:
        meta["removed"] = dict(Counter(r for r, _ in st.removed))
    if src.encoding and src.encoding != "utf-8":
        meta["encoding"] = src.encoding
    if src.extractor:
        meta["extractor"] = src.extractor
    return Article.create(
        body, raw.input, url=raw.url or src.url, title=meta_title or st.title,
        author=raw.author or src.author or st.author, outlet=raw.outlet or st.outlet or src.outlet,
        published=published, date_source=date_source, language=lang, sentences=split_sentences(body),
        sections=_sections(st), credits=list(dict.fromkeys(st.credits)), meta=meta)


class CleanStage:
    """Item stage: RawDoc -> Article; drops carry the reason (see module docstring)."""

    name = "clean"
    requires = frozenset({"raw"})
    provides = frozenset({"text", "sentences", "title"})
    scope = "item"

    def __init__(self, cfg: Config) -> None:
        self.cfg = cfg

    def __call__(self, items: Iterable[RawDoc], ctx: RunContext) -> Iterator[Article]:
        for raw in items:
            res = clean_raw(raw, self.cfg)
            if isinstance(res, str):
                ctx.drop(raw, res)
            else:
                yield res

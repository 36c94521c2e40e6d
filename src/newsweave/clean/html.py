"""HTML -> text + metadata: trafilatura for pages, htmldate for the date, lxml for fragments.

``extract_page`` is what the clean stage and ``benchmarks/extraction.py`` both use, so the
benchmark scores exactly what ingest stores.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

log = logging.getLogger(__name__)

# trafilatura settings chosen on the extraction benchmark (see benchmarks/RESULTS.md)
TRAFILATURA_OPTIONS = {"favor_precision": True, "include_comments": False, "include_tables": True}

_BLOCK = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section",
          "article", "header", "footer", "pre", "ul", "ol", "table", "figure", "figcaption", "dd", "dt")
_DROP = ("script", "style", "noscript", "template", "svg", "nav", "form", "button", "iframe", "head",
         "figcaption")  # a caption is no article text (trafilatura drops them from pages too)
_WS_LINES = re.compile(r"\n\s*\n\s*")
_HTML_WS = re.compile(r"[ \t\r\n\f]+")


@dataclass
class Page:
    text: str
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    date: str | None = None
    url: str | None = None
    extractor: str | None = "trafilatura"


def fragment_text(html: str) -> str:
    """Visible text of an HTML fragment (feed entry body) with block elements as paragraphs."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fromstring(f"<div>{html}</div>")
    except (etree.ParserError, ValueError):
        return re.sub(r"<[^>]+>", " ", html)
    for el in list(root.iter(*_DROP)):
        if el.getparent() is not None:
            el.drop_tree()
    for el in root.iter():  # source line breaks are spaces in HTML (except inside <pre>)
        if el.tag == "pre" or any(a.tag == "pre" for a in el.iterancestors()):
            continue
        if el.text:
            el.text = _HTML_WS.sub(" ", el.text)
        if el.tail and el.getparent() is not None and el.getparent().tag != "pre":
            el.tail = _HTML_WS.sub(" ", el.tail)
    for el in root.iter(*_BLOCK):
        el.tail = "\n\n" + (el.tail or "")
        if el.tag == "br":
            el.tail = "\n" + (el.tail or "").lstrip("\n")
    text = root.text_content()
    return _WS_LINES.sub("\n\n", text).strip()


def _find_date(html: str, url: str | None) -> str | None:
    from htmldate import find_date

    from newsweave.clean.dates import url_date

    if url and not url_date(url):
        url = None  # then htmldate reads the page's canonical URL, whose date is the outlet's local day
    try:
        return find_date(html, url=url, original_date=True, extensive_search=False, outputformat="%Y-%m-%d")
    except (ValueError, TypeError) as exc:  # htmldate raises on pathological input
        log.debug("htmldate failed: %s", exc)
        return None


def _unless_bare_year(date: str | None, html: str) -> str | None:
    """trafilatura's own date search turns a year in the text ("by 2019 standards") into January 1:
    keep a January 1 only when the page writes that day out."""
    if not date or not date.endswith("-01-01"):
        return date
    y = date[:4]
    day = rf"{y}-01-01|01/01/{y}|(?:January|Jan\.?)\s+1(?:st)?,?\s+{y}|\b1(?:st)?\s+(?:January|Jan\.?),?\s+{y}"
    return date if re.search(day, html) else None


# og:site_name values that name no outlet (AP's syndication pages say "Hosted"): the URL host says more
GENERIC_SITE_NAMES = frozenset("hosted home homepage index news latest blog article site default untitled".split())


def extract_page(html: str, url: str | None = None, *, with_metadata: bool = True) -> Page | None:
    """Main text of a page; falls back to all visible text for broken or truncated pages."""
    import trafilatura

    doc = None
    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=with_metadata, **TRAFILATURA_OPTIONS)
    except (ValueError, TypeError, AttributeError) as exc:
        log.debug("trafilatura failed on %s: %s", url, exc)
    if doc is not None and (doc.text or "").strip():
        outlet = None if (doc.sitename or "").strip().lower() in GENERIC_SITE_NAMES else doc.sitename
        page = Page(text=doc.text, title=doc.title, author=doc.author, outlet=outlet,
                    date=doc.date, url=doc.url or url)
        if with_metadata:
            page.date = _find_date(html, url) or _unless_bare_year(page.date, html)
        return page
    text = fragment_text(html)  # truncated or odd markup: keep the visible text, the filter does the rest
    if not text.strip():
        return None
    m = re.search(r"<title[^>]*>(.*?)</title>", html[:20000], re.I | re.S)
    title = re.sub(r"\s+", " ", m.group(1)).strip() if m else None
    return Page(text=text, title=title or None, url=url, extractor="visible-text",
                date=_find_date(html, url) if with_metadata else None)

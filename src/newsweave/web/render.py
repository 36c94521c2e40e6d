"""Page rendering shared by the server, the static export and report.html.

One Jinja environment (autoescape on for every template), three URL schemes:
``server`` (``/story/ID``), ``static`` (relative ``story/ID.html`` files) and ``inline``
(one self-contained page: in-page anchors, CSS and JS inlined).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from newsweave import __version__
from newsweave.report import labels
from newsweave.web import views

_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,80}")


def input_name(source: str | None) -> str:
    """An input as a page shows it: a URL as it is, a local path by its file name (and item suffix,
    "dump.jsonl#L3"): the folders of the machine that ingested it are nobody's business."""
    src = source or ""
    if "://" in src or not src:
        return src
    return src.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def file_id(ident: str) -> str:
    """A file-name-safe form of an id (ids are hex in practice; anything else is hashed)."""
    return ident if _SAFE_ID.fullmatch(ident) else "x" + hashlib.sha1(ident.encode("utf-8")).hexdigest()[:20]


class Urls:
    """Where links point, by output mode. ``root`` is the relative prefix for static pages."""

    def __init__(self, mode: str = "server", root: str = "") -> None:
        if mode not in ("server", "static", "inline"):
            raise ValueError(f"unknown url mode {mode!r}")
        self.mode, self.root = mode, root

    def index(self, **params: Any) -> str:
        if self.mode == "server":
            q = {k: v for k, v in params.items() if v not in (None, "") and not (k == "page" and v == 1)}
            return "/" + ("?" + urlencode(q) if q else "")
        return self.root + "index.html" if self.mode == "static" else "#top"

    def story(self, sid: str) -> str:
        if self.mode == "server":
            return "/story/" + quote(sid, safe="")
        return f"{self.root}story/{file_id(sid)}.html" if self.mode == "static" else f"#story-{file_id(sid)}"

    def article(self, aid: str) -> str:
        if self.mode == "server":
            return "/article/" + quote(aid, safe="")
        return f"{self.root}article/{file_id(aid)}.html" if self.mode == "static" else f"#src-{file_id(aid)}"

    def cite(self, c: Mapping[str, Any]) -> str:
        """Fallback link of a citation (when JS is off): the cited sentence in the article page."""
        if self.mode == "inline":
            return f"#src-{file_id(c['aid'])}"
        return f"{self.article(c['aid'])}#s{c.get('sent', 0)}"

    def span(self, aid: str, start: int, end: int) -> str:
        """A link that opens the article with ``[start, end)`` highlighted (by the page's JS)."""
        if self.mode == "inline":
            return f"#src-{file_id(aid)}"
        return f"{self.article(aid)}#hl-{int(start)}-{int(end)}"

    def static(self, name: str) -> str:
        return f"/static/{name}?v={__version__}" if self.mode == "server" else f"{self.root}static/{name}"


class CiteLink:
    """``cite(c, label=None, cls="cite")`` in templates: one citation link, built in Python (a story
    page has thousands; a Jinja macro per link was most of the render time). Everything escaped."""

    def __init__(self, urls: Urls) -> None:
        self.urls = urls

    def __call__(self, c: Mapping[str, Any], label: str | None = None, cls: str = "cite") -> Markup:
        text = label if label is not None else f"[{c['n']}]"
        e = escape
        return Markup(f'<a class="{e(cls)}" href="{e(self.urls.cite(c))}" data-a="{e(c["aid"])}" '
                      f'data-s="{int(c["start"])}" data-e="{int(c["end"])}" data-n="{e(c["n"])}" '
                      f'title="{e(c["name"])}: {e(labels.clip(c.get("text", ""), 140))}">{e(text)}</a>')


@lru_cache(maxsize=1)
def env() -> Environment:
    e = Environment(loader=PackageLoader("newsweave.web", "templates"),
                    autoescape=select_autoescape(default=True, default_for_string=True),
                    undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    e.filters["date"] = views.fmt_date
    e.filters["clip"] = labels.clip
    e.filters["count"] = labels.count
    e.filters["input_name"] = input_name
    e.globals["version"] = __version__
    return e


@lru_cache(maxsize=4)
def asset(name: str) -> str:
    """A static asset's text (CSS/JS), read from the package, never from a request path."""
    if name not in ("style.css", "app.js"):
        raise KeyError(name)
    return resources.files("newsweave.web").joinpath("static", name).read_text("utf-8")


def _base(urls: Urls, **extra: Any) -> dict[str, Any]:
    ctx: dict[str, Any] = {"urls": urls, "cite": CiteLink(urls), "inline": urls.mode == "inline",
                           "server": urls.mode == "server",
                           "allow_ingest": False, "title": "newsweave", "css": "", "js": ""}
    if urls.mode == "inline":
        ctx["css"] = Markup(asset("style.css"))
        ctx["js"] = Markup(asset("app.js").replace("</", "<\\/"))
    ctx.update(extra)
    return ctx


def render_index(urls: Urls, rows: Sequence[Mapping[str, Any]], *, total: int, page: int = 1, per_page: int = 20,
                 q: str = "", outlet: str = "", date_from: str = "", date_to: str = "",
                 outlets: Sequence[str] = (), hits: Sequence[Mapping[str, Any]] = (), error: str | None = None,
                 allow_ingest: bool = False) -> str:
    pages = max(1, -(-total // per_page))
    stories = [{**r, "dates": views.story_when(r)} for r in rows]
    filters = {"q": q, "outlet": outlet, "date_from": date_from, "date_to": date_to}
    return env().get_template("index.html").render(**_base(
        urls, title="Stories · newsweave", stories=stories, total=total, page=page, pages=pages,
        per_page=per_page, filters=filters, outlets=list(outlets), hits=list(hits), error=error,
        allow_ingest=allow_ingest, filtered=any(filters.values())))


def render_story(urls: Urls, story: Mapping[str, Any], articles: views.ArticleMap, *,
                 allow_ingest: bool = False) -> str:
    view = views.StoryView(story, articles).context()
    return env().get_template("story.html").render(**_base(
        urls, title=f"{view['h']['label']} · newsweave", v=view, allow_ingest=allow_ingest))


def render_article(urls: Urls, article: Mapping[str, Any], *, stories: Sequence[Mapping[str, Any]] = (),
                   related: views.ArticleMap | None = None, allow_ingest: bool = False) -> str:
    arts: dict[str, Mapping[str, Any]] = dict(related or {})
    arts[article["id"]] = article
    meta = {"name": labels.source_name(article), "date": views.fmt_date(article.get("published")),
            "title": labels.display_title(article), "untitled": not article.get("title"),
            "url": labels.safe_url(article.get("url")), "raw_url": article.get("url"),
            "words": len((article.get("text") or "").split()), "sentences": len(article.get("sentences") or [])}
    return env().get_template("article.html").render(**_base(
        urls, title=f"{labels.clip(meta['title'], 70)} · newsweave", a=article, meta=meta,
        paras=views.article_paragraphs(article), shares=views.article_shares(article["id"], stories, arts),
        stories=[{"id": s["id"], "label": s.get("label") or s["id"]} for s in stories],
        allow_ingest=allow_ingest))


def render_error(urls: Urls, status: int, message: str) -> str:
    heading = {404: "Not found", 422: "That request doesn't look right", 413: "Too large",
               415: "Unsupported file"}.get(status, "Something went wrong")
    return env().get_template("error.html").render(**_base(
        urls, title=f"{heading} · newsweave", status=status, heading=heading, message=message))


def render_upload(urls: Urls, *, result: Mapping[str, Any] | None = None, error: str | None = None,
                  max_mb: float = 5.0, types: Sequence[str] = ()) -> str:
    return env().get_template("upload.html").render(**_base(
        urls, title="Add articles · newsweave", result=result, error=error, max_mb=max_mb, types=list(types),
        allow_ingest=True))


def render_report(report: Mapping[str, Any]) -> str:
    """The single-file briefing of one run: every story in full, inline CSS/JS, no server needed."""
    urls = Urls("inline")
    arts = {a["id"]: a for a in report.get("articles", [])}
    stories = [views.StoryView(s, arts, prefix=file_id(s["id"]) + "-").context() for s in report.get("stories", [])]
    reader: dict[str, Any] = {}
    for v in stories:
        reader.update(v["reader"])
    used = [aid for v in stories for aid in v["reader"]]
    sources = [{"id": aid, "fid": file_id(aid), "name": labels.source_name(arts[aid]), "title": arts[aid].get("title"),
                "date": views.fmt_date(arts[aid].get("published"))} for aid in dict.fromkeys(used)]
    return env().get_template("report.html").render(**_base(
        urls, title="newsweave briefing", stories=stories, reader=reader, run=report.get("run") or {},
        all_sources=sources, file_id=file_id))

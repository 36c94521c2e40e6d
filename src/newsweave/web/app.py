"""The story browser: FastAPI + Jinja2, server-rendered pages plus a JSON API under ``/api/v1``.

``create_app(db_path)`` opens the SQLite store read-only, one connection per worker thread
(sqlite3 connections must not be shared between threads). Nothing a request sends reaches the
file system: static assets are a fixed allow-list read from the package, ids only go to SQL
parameters. Uploads exist only with ``allow_ingest=True``.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsweave import __version__
from newsweave.config import ConfigError
from newsweave.model import RunSummary
from newsweave.report import labels
from newsweave.store.sqlite import SQLiteStore
from newsweave.web import reads, render, views
from newsweave.web.schemas import ArticleHit, SearchResult, StoryList

log = logging.getLogger(__name__)

MAX_PAGE = 10_000
PER_PAGE = 20
ID_RE = r"^[A-Za-z0-9_.:-]{1,128}$"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
DOCS_CSP = ("default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'")
_ASSET_TYPES = {"style.css": "text/css; charset=utf-8", "app.js": "text/javascript; charset=utf-8"}
_DOCS_ASSETS = {"swagger-ui-bundle.js": "text/javascript; charset=utf-8",
                "swagger-ui.css": "text/css; charset=utf-8", "favicon.png": "image/png"}


class Readers:
    """Read-only SQLite stores, one per thread, opened lazily and closed on shutdown.

    Endpoints call ``readers.get()`` in their own body (not through a FastAPI dependency, which
    FastAPI may resolve on a different worker thread than the one running the endpoint)."""

    def __init__(self, db_path: str) -> None:
        self.db_path = db_path
        self._local = threading.local()
        self._all: list[SQLiteStore] = []
        self._lock = threading.Lock()

    def get(self) -> SQLiteStore:
        st = getattr(self._local, "store", None)
        if st is None:
            st = SQLiteStore(self.db_path, readonly=True)
            self._local.store = st
            with self._lock:
                self._all.append(st)
        return st

    def close(self) -> None:
        with self._lock:
            for st in self._all:
                st.close()
            self._all.clear()


class HeadAsGet:
    """HEAD is answered like GET without the body (link checkers and uptime probes send HEAD)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def no_body(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, no_body)


class SecurityHeaders:
    """Pure ASGI middleware (cheaper than ``@app.middleware``): CSP, nosniff, no referrer, no framing."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if scope["path"].startswith("/docs") else CSP

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                h = MutableHeaders(scope=message)
                h.setdefault("X-Content-Type-Options", "nosniff")
                h.setdefault("Referrer-Policy", "same-origin")  # no referrer leaves the site; form posts carry their Origin
                h.setdefault("X-Frame-Options", "DENY")
                h.setdefault("Content-Security-Policy", csp)
            await send(message)

        await self.app(scope, receive, send_with_headers)


StoryId = Annotated[str, PathParam(pattern=ID_RE, description="story id")]
ArticleId = Annotated[str, PathParam(pattern=ID_RE, description="article id")]


def _check_db(db_path: str, allow_ingest: bool) -> None:
    p = Path(db_path)
    if not p.exists() and allow_ingest:
        SQLiteStore(p).close()  # a fresh, empty store that uploads will fill
    st = SQLiteStore(p, readonly=True)
    try:
        st.conn.execute("SELECT 1 FROM stories LIMIT 1").fetchall()
        st.conn.execute("SELECT 1 FROM articles LIMIT 1").fetchall()
    except sqlite3.DatabaseError as exc:
        raise ConfigError(f"{p} is not a newsweave database ({exc})") from exc
    finally:
        st.close()


def create_app(db_path: str | Path, allow_ingest: bool = False, *,
               max_upload_bytes: int = 5 * 1024 * 1024) -> FastAPI:
    """The web app over the store at ``db_path``; read-only unless ``allow_ingest``."""
    db = str(db_path)
    _check_db(db, allow_ingest)
    readers = Readers(db)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        readers.close()

    app = FastAPI(title="newsweave", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="Cited, cross-source story briefings. Story and article bodies follow the "
                              "`report.json` schema (`newsweave.report/1`): every span is "
                              "`{article_id, start, end, text}` with `text == article.text[start:end]`.")
    app.state.db_path = db
    app.state.allow_ingest = allow_ingest
    app.state.readers = readers
    urls = render.Urls("server")

    # --- security headers and errors ----------------------------------------------------------
    app.add_middleware(SecurityHeaders)
    app.add_middleware(HeadAsGet)

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        msg = exc.detail if isinstance(exc.detail, str) else "The page could not be shown."
        if exc.status_code == 404 and msg == "Not Found":
            msg = "There is no page at this address."
        return HTMLResponse(render.render_error(urls, exc.status_code, msg), status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        errors = [{k: v for k, v in e.items() if k in ("loc", "msg", "type")} for e in exc.errors()]
        if wants_json(request):
            return JSONResponse({"detail": errors}, status_code=422)
        where = ", ".join(".".join(str(x) for x in e["loc"][1:]) or "request" for e in errors)
        return HTMLResponse(render.render_error(urls, 422, f"Check these values: {where}."), status_code=422)

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:  # a bug, not bad input: say so, log it
        log.exception("unhandled error serving %s", request.url.path)
        if wants_json(request):
            return JSONResponse({"detail": "internal error (logged)"}, status_code=500)
        return HTMLResponse(render.render_error(urls, 500, "This page could not be built; the error was logged."),
                            status_code=500)

    # --- static assets (fixed allow-list, read from the package) ----------------------------
    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        if name not in _ASSET_TYPES:
            raise HTTPException(404, "No such asset.")
        return Response(render.asset(name), media_type=_ASSET_TYPES[name],
                        headers={"Cache-Control": "public, max-age=3600"})

    @app.get("/docs-assets/{name}", include_in_schema=False)
    def docs_asset(name: str) -> Response:
        if name not in _DOCS_ASSETS:
            raise HTTPException(404, "No such asset.")
        try:
            data = resources.files("fastapi_offline").joinpath("static", name).read_bytes()
        except ModuleNotFoundError:
            raise HTTPException(404, "Swagger UI assets are not installed (pip install fastapi-offline).") from None
        return Response(data, media_type=_DOCS_ASSETS[name], headers={"Cache-Control": "public, max-age=86400"})

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="newsweave API",
                                   swagger_js_url="/docs-assets/swagger-ui-bundle.js",
                                   swagger_css_url="/docs-assets/swagger-ui.css",
                                   swagger_favicon_url="/docs-assets/favicon.png")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    # --- HTML pages ------------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(q: Annotated[str, Query(max_length=200)] = "",
              outlet: Annotated[str, Query(max_length=200)] = "",
              date_from: Annotated[str, Query(max_length=20)] = "",
              date_to: Annotated[str, Query(max_length=20)] = "",
              page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1) -> HTMLResponse:
        st = readers.get()  # this worker thread's read-only connection
        error = None
        try:
            d_from, d_to = views.parse_iso_date(date_from), views.parse_iso_date(date_to)
        except ValueError:
            d_from = d_to = None
            error = "Dates must be real calendar dates (YYYY-MM-DD)."
        rows, total = ([], 0) if error else st.list_stories(
            query=q.strip() or None, outlet=outlet or None, date_from=d_from, date_to=d_to,
            limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
        hits = _article_hits(st, q.strip(), 10) if q.strip() and not error else []
        html = render.render_index(urls, reads.with_teasers(st, rows), total=total, page=page, per_page=PER_PAGE,
                                   q=q, outlet=outlet, date_from=date_from, date_to=date_to, outlets=st.outlets(),
                                   hits=hits, error=error, allow_ingest=allow_ingest)
        return HTMLResponse(html, status_code=422 if error else 200)

    @app.get("/story/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(story_id: StoryId) -> HTMLResponse:
        st = readers.get()  # this worker thread's read-only connection
        story = _story_or_404(st, story_id)
        arts = {a.id: a.to_json() for a in st.get_articles(reads.story_article_ids(story))}
        return HTMLResponse(render.render_story(urls, story, arts, allow_ingest=allow_ingest))

    @app.get("/article/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(article_id: ArticleId) -> HTMLResponse:
        st = readers.get()  # this worker thread's read-only connection
        art = _article_or_404(st, article_id)
        stories = _stories_of(st, art.id)
        other = {aid for s in stories for r in s.get("reuse") or [] for aid in
                 (r["a"]["article_id"], r["b"]["article_id"])} - {art.id}
        related = {a.id: a.to_json() for a in st.get_articles(sorted(other))}
        return HTMLResponse(render.render_article(urls, art.to_json(), stories=stories, related=related,
                                                  allow_ingest=allow_ingest))

    # --- JSON API ----------------------------------------------------------------------------------
    api = APIRouter(prefix="/api/v1", tags=["api"])

    @api.get("/stories", response_model=StoryList, summary="List stories (search, filter, paginate)")
    def api_stories(q: Annotated[str | None, Query(max_length=200, description="full-text query")] = None,
                    outlet: Annotated[str | None, Query(max_length=200)] = None,
                    date_from: Annotated[date | None, Query(description="stories ending on/after")] = None,
                    date_to: Annotated[date | None, Query(description="stories starting on/before")] = None,
                    limit: Annotated[int, Query(ge=1, le=100)] = PER_PAGE,
                    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> dict[str, Any]:
        st = readers.get()  # this worker thread's read-only connection
        rows, total = st.list_stories(query=(q or "").strip() or None, outlet=outlet or None,
                                      date_from=date_from.isoformat() if date_from else None,
                                      date_to=date_to.isoformat() if date_to else None, limit=limit, offset=offset)
        return {"total": total, "limit": limit, "offset": offset, "stories": rows}

    @api.get("/story/{story_id}", summary="One story, exactly as in report.json",
             responses={404: {"description": "unknown story id"}})
    def api_story(story_id: StoryId) -> JSONResponse:
        st = readers.get()  # this worker thread's read-only connection
        return JSONResponse(_story_or_404(st, story_id))  # a Response skips FastAPI's re-encoding

    @api.get("/story/{story_id}/report", summary="A report.json for one story (its articles included)",
             responses={404: {"description": "unknown story id"}})
    def api_story_report(story_id: StoryId) -> JSONResponse:
        st = readers.get()  # this worker thread's read-only connection
        story = _story_or_404(st, story_id)
        arts = [a.to_json() for a in st.get_articles(reads.story_article_ids(story))]
        # the same keys as report.json (its run counts no inputs: nothing was ingested by this read)
        return JSONResponse({"schema": "newsweave.report/1", "run": RunSummary().to_json(), "articles": arts,
                             "stories": [story]})

    @api.get("/article/{article_id}", summary="One article, exactly as in report.json",
             responses={404: {"description": "unknown article id"}})
    def api_article(article_id: ArticleId) -> JSONResponse:
        st = readers.get()  # this worker thread's read-only connection
        return JSONResponse(_article_or_404(st, article_id).to_json())

    @api.get("/search", response_model=SearchResult, summary="Full-text search over articles (SQLite FTS5)")
    def api_search(q: Annotated[str, Query(min_length=1, max_length=200)],
                   limit: Annotated[int, Query(ge=1, le=100)] = PER_PAGE) -> dict[str, Any]:
        st = readers.get()  # this worker thread's read-only connection
        hits = _article_hits(st, q, limit)
        rows, total = st.list_stories(query=q, limit=limit)
        return {"query": q, "total_stories": total, "stories": rows,
                "articles": [ArticleHit(id=h["id"], title=h["title"], outlet=h["outlet"], published=h["published"],
                                        snippet="".join(t for t, _ in h["snippet"])) for h in hits]}

    @api.get("/outlets", summary="Every outlet in the store")
    def api_outlets() -> dict[str, list[str]]:
        st = readers.get()  # this worker thread's read-only connection
        return {"outlets": st.outlets()}

    app.include_router(api)
    if allow_ingest:
        from newsweave.web.upload import add_upload_routes

        add_upload_routes(app, urls, max_upload_bytes=max_upload_bytes)
    return app


# --- helpers (store reads) -------------------------------------------------------------------------

def _story_or_404(st: SQLiteStore, story_id: str) -> dict[str, Any]:
    story = st.get_story(story_id)
    if story is None:
        raise HTTPException(404, f"No story with id {story_id!r}.")
    return story


def _article_or_404(st: SQLiteStore, article_id: str) -> Any:
    art = st.get_article(article_id)
    if art is None:
        raise HTTPException(404, f"No article with id {article_id!r}.")
    return art


def _stories_of(st: SQLiteStore, article_id: str) -> list[dict[str, Any]]:
    sid = st.stories_for_articles([article_id]).get(article_id)
    story = st.get_story(sid) if sid else None
    return [story] if story else []


def _article_hits(st: SQLiteStore, q: str, limit: int) -> list[dict[str, Any]]:
    ids = st.search(q, limit=limit)
    out = []
    for a in st.get_articles(ids):
        out.append({"id": a.id, "title": a.title, "outlet": a.outlet, "published": a.published,
                    "name": labels.source_name(a.to_json()), "date": views.fmt_date(a.published),
                    "snippet": views.search_snippet(a.text, q)})
    return out

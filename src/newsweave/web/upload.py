"""Uploads (only with ``allow_ingest``): one file, size- and type-checked, ingested from a temp dir.

The request never names a path: the upload is written under a fresh temporary directory with a
sanitised name, handed to :func:`newsweave.api.run` (or ``ingest``), and deleted afterwards.
Cross-site POSTs are refused (Origin / Sec-Fetch-Site), so a web page cannot upload on your behalf.
"""

from __future__ import annotations

import logging
import re
import tempfile
import threading
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import FastAPI, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, Response

from newsweave.config import Config, ConfigError
from newsweave.web import render

log = logging.getLogger(__name__)

ALLOWED = (".txt", ".md", ".markdown", ".html", ".htm", ".jsonl", ".ndjson", ".xml", ".rss", ".atom",
           ".warc", ".warc.gz")
UPLOAD_PATHS = ("/upload", "/api/v1/ingest")
_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def _suffix(name: str) -> str | None:
    low = name.lower()
    return next((ext for ext in sorted(ALLOWED, key=len, reverse=True) if low.endswith(ext)), None)


def safe_name(filename: str | None) -> tuple[str, str]:
    """(sanitised base name, allowed suffix); raises 415 when the suffix is not allowed."""
    base = Path((filename or "").replace("\\", "/")).name
    ext = _suffix(base)
    if not ext:
        raise HTTPException(415, f"Unsupported file type; allowed: {', '.join(ALLOWED)}.")
    stem = _NAME.sub("_", base[: -len(ext)]).strip("._")[:80] or "upload"
    return stem + ext, ext


def check_content(head: bytes, ext: str) -> None:
    """Type by content, not only by name: WARC must look like WARC, text must not be binary."""
    if ext == ".warc.gz":
        ok = head[:2] == b"\x1f\x8b"
    elif ext == ".warc":
        ok = head.startswith(b"WARC/")
    else:
        ok = b"\x00" not in head[:8192]
    if not ok:
        raise HTTPException(415, "The file's content does not match its type.")


def _same_origin(request: Request) -> bool:
    """Is this upload from the app's own page? A browser says so in ``Sec-Fetch-Site``; under a
    strict referrer policy its ``Origin`` is "null", which only that header can vouch for."""
    site = request.headers.get("sec-fetch-site")
    if site not in (None, "same-origin", "none"):
        return False
    origin = request.headers.get("origin")
    if origin and origin != "null":
        return urlsplit(origin).netloc == request.headers.get("host", "")
    return origin != "null" or site == "same-origin"


def add_upload_routes(app: FastAPI, urls: render.Urls, *, max_upload_bytes: int) -> None:
    lock = threading.Lock()  # one writer at a time; readers keep reading (WAL)
    db = app.state.db_path
    max_mb = max_upload_bytes / (1024 * 1024)

    @app.middleware("http")
    async def limit_uploads(request: Request, call_next: Any) -> Response:
        if request.method == "POST" and request.url.path in UPLOAD_PATHS:
            api = request.url.path.startswith("/api/")

            def refuse(code: int, msg: str) -> Response:
                if api:
                    return JSONResponse({"detail": msg}, status_code=code)
                return HTMLResponse(render.render_error(urls, code, msg), status_code=code)

            if not _same_origin(request):
                return refuse(403, "Cross-site uploads are not accepted.")
            length = request.headers.get("content-length")
            if length is None or not length.isdigit():
                return refuse(411, "Uploads need a Content-Length.")
            if int(length) > max_upload_bytes + 64 * 1024:  # multipart framing allowance
                return refuse(413, f"The upload is larger than {max_mb:.0f} MB.")
        return await call_next(request)

    async def handle(file: UploadFile, analyze: bool) -> dict[str, Any]:
        name, ext = safe_name(file.filename)
        data = await file.read(max_upload_bytes + 1)
        if len(data) > max_upload_bytes:
            raise HTTPException(413, f"The upload is larger than {max_mb:.0f} MB.")
        if not data:
            raise HTTPException(422, "The file is empty.")
        check_content(data[:8192], ext)
        from starlette.concurrency import run_in_threadpool

        return await run_in_threadpool(_ingest_bytes, db, name, data, analyze, lock)

    @app.get("/upload", response_class=HTMLResponse, include_in_schema=False)
    def upload_form() -> HTMLResponse:
        return HTMLResponse(render.render_upload(urls, max_mb=max_mb, types=ALLOWED))

    @app.post("/upload", response_class=HTMLResponse, include_in_schema=False)
    async def upload_html(file: Annotated[UploadFile, File()],
                          analyze: Annotated[str, Form()] = "") -> HTMLResponse:
        try:
            result = await handle(file, bool(analyze))
        except HTTPException as exc:
            return HTMLResponse(render.render_upload(urls, error=str(exc.detail), max_mb=max_mb, types=ALLOWED),
                                status_code=exc.status_code)
        return HTMLResponse(render.render_upload(urls, result=result, max_mb=max_mb, types=ALLOWED))

    @app.post("/api/v1/ingest", tags=["api"], summary="Upload one file of articles (only with --allow-ingest)",
              responses={413: {"description": "too large"}, 415: {"description": "unsupported type"}})
    async def upload_api(file: Annotated[UploadFile, File()], analyze: bool = True) -> dict[str, Any]:
        return await handle(file, analyze)


def _ingest_bytes(db: str, name: str, data: bytes, analyze: bool, lock: threading.Lock) -> dict[str, Any]:
    from newsweave import api
    from newsweave.store import open_store

    cfg = Config(db=db)
    with tempfile.TemporaryDirectory(prefix="newsweave-upload-") as tmp, lock:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:  # ingest joins each article to a stored story (or opens one); then analyse those stories
            ctx, arts = api.ingest([path], config=cfg)
            story_ids: list[str] = []
            if analyze and arts:
                with open_store(cfg) as st:
                    story_ids = sorted(set(st.stories_for_articles([a.id for a in arts]).values()))
                if story_ids:
                    api.analyze_stored(story_ids, config=cfg)
        except ConfigError as exc:
            raise HTTPException(422, str(exc)) from exc
        return {"run": ctx.summary().to_json(), "article_ids": [a.id for a in arts], "stories": story_ids}

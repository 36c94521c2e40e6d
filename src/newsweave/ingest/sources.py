"""Walk input paths (files, folders, URLs) and yield RawDoc items; bad inputs become drops.

Folders are walked recursively in sorted order, so a run is deterministic. Each file is stat'ed
first: missing, non-regular, empty and over-size files are rejected without reading them, and
only the first 64 KiB are read to sniff the content type (binary files stop there).
"""

from __future__ import annotations

import fnmatch
import gzip
import logging
import os
import stat
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsweave.config import Config
from newsweave.ingest.containers import expand, iter_warc
from newsweave.ingest.fetch import fetch_url
from newsweave.ingest.sniff import HEAD_BYTES, sniff
from newsweave.model import RawDoc
from newsweave.pipeline import RunContext

log = logging.getLogger(__name__)


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


IGNORE_FILE = ".newsweaveignore"


def _ignore_patterns(folder: Path) -> list[str]:
    """fnmatch patterns (relative to ``folder``) from its ``.newsweaveignore``, one per line."""
    try:
        lines = (folder / IGNORE_FILE).read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def walk(root: Path, ctx: RunContext) -> Iterator[Path]:
    """Files under ``root`` in sorted order; unreadable sub-folders are dropped with a reason.

    Hidden files and folders (``.name``) are not inputs, nor is anything matched by a
    ``.newsweaveignore`` file (fnmatch patterns, relative to the folder holding it, like .gitignore).
    """

    def onerror(exc: OSError) -> None:
        ctx.drop(RawDoc(str(exc.filename or root), b""), f"unreadable directory: {_reason(exc)}")

    rules: list[tuple[Path, list[str]]] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror):
        here = Path(dirpath)
        pats = _ignore_patterns(here)
        if pats:
            rules.append((here, pats))

        def ignored(path: Path) -> bool:
            for base, patterns in rules:
                if base == path or base in path.parents:
                    rel = path.relative_to(base).as_posix()
                    if any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(path.name, p) for p in patterns):
                        return True
            return False

        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and not ignored(here / d))
        for name in sorted(filenames):
            if name.startswith(".") or ignored(here / name):
                log.debug("not an input (hidden or ignored): %s", here / name)
                continue
            yield here / name


def _read_gzip(path: Path, cfg: Config) -> bytes | str:
    """Decompressed bytes, or a reason string when the archive is corrupt or inflates past the cap."""
    try:
        with gzip.open(path, "rb") as fh:
            data = fh.read(cfg.max_file_bytes + 1)
    except (OSError, EOFError, zlib.error) as exc:
        return f"corrupt gzip file: {exc}"
    if len(data) > cfg.max_file_bytes:
        return f"file too large: over {cfg.max_file_bytes} bytes once decompressed"
    return data


def read_file(path: Path, cfg: Config, ctx: RunContext) -> Iterator[RawDoc]:
    """All RawDocs of one file (one document, or the records of a container)."""
    name = str(path)
    try:
        st = path.stat()
    except OSError as exc:
        ctx.drop(RawDoc(name, b""), f"unreadable: {_reason(exc)}")
        return
    if not stat.S_ISREG(st.st_mode):
        ctx.drop(RawDoc(name, b""), "not a regular file")
        return
    if st.st_size == 0:
        ctx.drop(RawDoc(name, b""), "empty")
        return
    if st.st_size > cfg.max_file_bytes:
        ctx.drop(RawDoc(name, b""), f"file too large: {st.st_size} bytes (limit {cfg.max_file_bytes})")
        return
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEAD_BYTES)
            kind = sniff(head, name.lower())
            if kind.startswith("binary") or kind in ("warc", "gzip"):
                data = head
            else:
                data = head + fh.read()
    except OSError as exc:
        ctx.drop(RawDoc(name, b""), f"unreadable: {_reason(exc)}")
        return
    if kind == "gzip":
        inner = _read_gzip(path, cfg)
        if isinstance(inner, str):
            ctx.drop(RawDoc(name, b""), inner)
            return
        kind = sniff(inner[:HEAD_BYTES], name.lower().removesuffix(".gz"))
        data = inner
    if kind == "warc":
        try:
            with open(path, "rb") as fh:  # warcio reads plain and gzipped WARC from the file itself
                yield from iter_warc(fh, name, cfg, ctx)
        except OSError as exc:
            ctx.drop(RawDoc(name, b""), f"unreadable: {_reason(exc)}")
        return
    yield from expand(kind, data, name, cfg, ctx, path=name)


def _own_files(cfg: Config) -> set[str]:
    db = os.path.abspath(cfg.db)
    return {db + suffix for suffix in ("", "-wal", "-shm", "-journal")}


def iter_raw(paths: Iterable[str | Path], cfg: Config, ctx: RunContext, *,
             urls: Iterable[str] = ()) -> Iterator[RawDoc]:
    """RawDocs from files, folders (recursive, sorted) and URLs, in input order."""
    for p in paths:
        path = Path(p)
        if not os.path.lexists(path):
            ctx.drop(RawDoc(str(path), b""), "path does not exist")
            continue
        if path.is_dir():
            if not os.access(path, os.R_OK | os.X_OK):
                ctx.drop(RawDoc(str(path), b""), "unreadable directory: Permission denied")
                continue
            own = _own_files(cfg)
            for f in walk(path, ctx):
                if own and os.path.abspath(f) in own:
                    continue  # the store's own database files are not inputs
                yield from read_file(f, cfg, ctx)
        else:
            yield from read_file(path, cfg, ctx)
    for url in urls:
        yield from fetch_url(url, cfg, ctx)

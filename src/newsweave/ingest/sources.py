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


def display_name(path: str | os.PathLike[str]) -> str:
    """``path`` as text that can be stored: a name that is not valid UTF-8 ("bad\\xffname.txt")
    keeps its odd bytes as ``\\xff`` escapes instead of failing every later step."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


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
    Symlinked folders are followed, each real folder once: a link back up the tree, or a second
    link to a folder already read, is dropped with a reason.
    """

    def onerror(exc: OSError) -> None:
        ctx.drop(RawDoc(display_name(exc.filename or root), b""), f"unreadable directory: {_reason(exc)}")

    rules: list[tuple[Path, list[str]]] = []
    top = Path(os.path.realpath(root))
    seen = {top}

    def first_visit(path: Path) -> bool:
        real = Path(os.path.realpath(path))
        if Path(os.path.realpath(path.parent)).is_relative_to(real):  # the link points up its own tree
            ctx.drop(RawDoc(display_name(path), b""), "symlinked folder not followed: it holds the folder being read (a loop)")
            return False
        if real in seen:
            ctx.drop(RawDoc(display_name(path), b""), "symlinked folder already read through another path")
            return False
        seen.add(real)
        return True

    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror, followlinks=True):
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

        dirnames[:] = [d for d in sorted(dirnames) if not d.startswith(".") and not ignored(here / d)
                       and first_visit(here / d)]
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


def _gzipped_warc(path: Path) -> bool:
    """Is ``path`` a gzipped WARC? Read from its first inflated bytes, so a cut archive still is."""
    try:
        with gzip.open(path, "rb") as fh:
            return fh.read(5) == b"WARC/"
    except (OSError, EOFError, zlib.error):
        return False


def read_file(path: Path, cfg: Config, ctx: RunContext) -> Iterator[RawDoc]:
    """All RawDocs of one file (one document, or the records of a container)."""
    name = display_name(path)
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
    if kind == "gzip" and _gzipped_warc(path):
        kind = "warc"  # warcio reads it record by record: the records before a cut are kept
    if kind == "gzip":
        inner = _read_gzip(path, cfg)
        if isinstance(inner, str):
            ctx.drop(RawDoc(name, b""), inner)
            return
        kind = sniff(inner[:HEAD_BYTES], name.lower().removesuffix(".gz"))
        if kind == "gzip":
            ctx.drop(RawDoc(name, b""), "compressed twice (gzip inside gzip): not read")
            return
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
    return {db + suffix for suffix in ("", "-wal", "-shm", "-journal", ".lock")}  # .lock: store/lock.py


def iter_raw(paths: Iterable[str | Path], cfg: Config, ctx: RunContext, *,
             urls: Iterable[str] = ()) -> Iterator[RawDoc]:
    """RawDocs from files, folders (recursive, sorted) and URLs, in input order. What cannot be read
    is dropped as the ``ingest`` stage's, although the reading runs inside the next stage's loop."""
    inner = _iter_raw(paths, cfg, ctx, urls)
    while True:
        outer, ctx.current_stage = ctx.current_stage, "ingest"
        try:
            doc = next(inner)
        except StopIteration:
            return
        finally:
            ctx.current_stage = outer
        yield doc


def _iter_raw(paths: Iterable[str | Path], cfg: Config, ctx: RunContext, urls: Iterable[str]) -> Iterator[RawDoc]:
    for p in paths:
        path = Path(p)
        if not os.path.lexists(path):
            ctx.drop(RawDoc(display_name(path), b""), "path does not exist")
            continue
        if path.is_dir():
            if not os.access(path, os.R_OK | os.X_OK):
                ctx.drop(RawDoc(display_name(path), b""), "unreadable directory: Permission denied")
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

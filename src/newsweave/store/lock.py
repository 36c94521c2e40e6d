"""One writer per store at a time: an advisory lock on ``<db>.lock`` held for a whole ingest, run or
analyze, so two processes (or two threads of a server) never read and write the clustering state and
the story rows built from it at once. The second waits for the first; re-entering in one thread
(``run`` ingests, then analyses) nests. Where a file lock is impossible (no ``fcntl``, a folder that
cannot be written) threads still take turns and processes are not locked.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO

try:
    import fcntl
except ImportError:  # not POSIX
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

_registry = threading.Lock()
_threads: dict[str, threading.RLock] = {}  # lock path -> the lock threads of this process take turns on
_files: dict[str, tuple[IO[bytes] | None, int]] = {}  # lock path -> (locked file, depth), under that RLock


@contextlib.contextmanager
def writer_lock(db: str | Path) -> Iterator[None]:
    """Hold the writer lock of the store at ``db`` for the ``with`` block."""
    path = str(Path(db).resolve()) + ".lock"
    with _registry:
        turn = _threads.setdefault(path, threading.RLock())
    with turn:
        fh, depth = _files.get(path, (None, 0))
        if depth == 0:
            fh = _acquire(path)
        _files[path] = (fh, depth + 1)
        try:
            yield
        finally:
            fh, depth = _files[path]
            if depth > 1:
                _files[path] = (fh, depth - 1)
            else:
                del _files[path]
                if fh is not None:
                    fcntl.flock(fh, fcntl.LOCK_UN)
                    fh.close()


def _acquire(path: str) -> IO[bytes] | None:
    if fcntl is None:
        return None
    try:
        fh = open(path, "ab")  # noqa: SIM115 - held open while locked
    except OSError as exc:
        log.debug("no writer lock for %s: %s", path, exc)
        return None
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        log.warning("another newsweave process is writing %s; waiting for it to finish", path[: -len(".lock")])
        fcntl.flock(fh, fcntl.LOCK_EX)
    return fh

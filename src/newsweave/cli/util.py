"""Shared CLI helpers: stores, tables, JSON output, progress bars (only on a TTY)."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from newsweave.config import Config, ConfigError
from newsweave.store.sqlite import SQLiteStore

console = Console()
err = Console(stderr=True, soft_wrap=True)  # a message is one line, also in a log file


def nonneg_int(text: str) -> int:
    """argparse type for --limit: a whole number, 0 or more."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {n}")
    return n


def out_folder(path: str, flag: str) -> Path:
    """``path`` as an output folder, checked before the work: named, and neither it nor a folder
    above it a file (misuse -> ConfigError)."""
    if not path.strip():
        raise ConfigError(f"{flag} needs a folder name")
    p = Path(path)
    bad = next((q for q in (p, *p.parents) if q.exists() and not q.is_dir()), None)
    if bad is not None:
        raise ConfigError(f"{flag} {path}: {bad} is a file, not a folder")
    try:  # a read-only or forbidden place fails now, not after the whole run is stored
        p.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=p):
            pass
    except OSError as exc:
        raise ConfigError(f"{flag} {path}: cannot write there ({exc.strerror or exc})") from None
    return p


def safe(value: Any) -> str:
    """``value`` as text rich prints as written: "[/b]" in a headline is not markup."""
    return escape("" if value is None else str(value))


def open_existing(cfg: Config, *, write: bool = False) -> SQLiteStore:
    """The store for read commands: it must exist already (a typo'd --db is an error, not a new file),
    and is opened read-only unless the command writes (a read-only folder is fine to read from)."""
    if not Path(cfg.db).is_file():
        raise ConfigError(f"no database at {cfg.db}; run `newsweave ingest PATH` or `newsweave run PATH` first")
    return SQLiteStore(cfg.db, readonly=not write)


def by_prefix(st: SQLiteStore, table: str, prefix: str, what: str, lister: str) -> str | None:
    """The one id of ``table`` starting with ``prefix`` (taken literally: "%" is no wildcard), None if
    none; several -> ConfigError naming how many."""
    rows = st.conn.execute(f"SELECT id FROM {table} WHERE substr(id, 1, length(?)) = ? LIMIT 6",  # noqa: S608
                           (prefix, prefix)).fetchall() if prefix else []
    if len(rows) > 1:
        from newsweave.report.labels import count

        more = "more than " if len(rows) > 5 else ""
        raise ConfigError(f"{what} prefix {prefix!r} matches {more}{count(min(len(rows), 5), what)}; "
                          f"`{lister}` lists them")
    return rows[0][0] if rows else None


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def print_table(title: str | None, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    t = Table(title=safe(title) if title else None, show_lines=False, expand=False)
    for c in columns:
        t.add_column(c, overflow="fold")
    for r in rows:
        t.add_row(*[safe(v) for v in r])
    console.print(t)


def short(text: str | None, n: int = 80) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


@contextmanager
def progress(enabled: bool, label: str) -> Iterator[Any]:
    """Yields a callback ``(event, n)``; draws a rich spinner+counter only when ``enabled`` (a TTY)."""
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(),
                  TextColumn("{task.completed} items"), TimeElapsedColumn(), console=err, transient=True) as p:
        tasks: dict[str, Any] = {}

        def cb(event: str, n: int) -> None:
            if event not in tasks:
                tasks[event] = p.add_task(f"{label}: {event}", total=None)
            p.advance(tasks[event], n)

        yield cb


def load_story(cfg: Config, story_id: str) -> dict[str, Any]:
    """A stored story by id or unique id prefix; misuse -> ConfigError."""
    with open_existing(cfg) as st:
        story = st.get_story(story_id)
        if story is None:
            sid = by_prefix(st, "stories", story_id, "story", "newsweave stories")
            story = st.get_story(sid) if sid else None
        if story is None:
            raise ConfigError(f"no story {story_id!r}; `newsweave stories` lists them")
        return story

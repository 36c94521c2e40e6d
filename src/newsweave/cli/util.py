"""Shared CLI helpers: stores, tables, JSON output, progress bars (only on a TTY)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from newsweave.config import Config, ConfigError
from newsweave.store.sqlite import SQLiteStore

console = Console()
err = Console(stderr=True)


def open_existing(cfg: Config) -> SQLiteStore:
    """The store for read commands: it must exist already (a typo'd --db is an error, not a new file)."""
    if not Path(cfg.db).is_file():
        raise ConfigError(f"no database at {cfg.db}; run `newsweave ingest PATH` or `newsweave run PATH` first")
    return SQLiteStore(cfg.db)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def print_table(title: str | None, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    t = Table(title=title, show_lines=False, expand=False)
    for c in columns:
        t.add_column(c, overflow="fold")
    for r in rows:
        t.add_row(*["" if v is None else str(v) for v in r])
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
            rows = st.conn.execute("SELECT id FROM stories WHERE id LIKE ?", (story_id + "%",)).fetchall()
            if len(rows) == 1:
                story = st.get_story(rows[0][0])
        if story is None:
            raise ConfigError(f"no story {story_id!r}; `newsweave stories` lists them")
        return story

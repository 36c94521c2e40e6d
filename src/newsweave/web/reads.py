"""Store reads shared by the server and the static export (read-only, SQL parameters only)."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

from newsweave.store.sqlite import SQLiteStore


def story_article_ids(story: Mapping[str, Any]) -> list[str]:
    """A story's articles plus its near-duplicates, in order, once each."""
    return list(dict.fromkeys([*story.get("article_ids", []), *(story.get("duplicates") or {})]))


def teasers(st: SQLiteStore, story_ids: Sequence[str]) -> dict[str, str]:
    """First summary sentence of each story (SQLite's json_extract: no Python parse of big stories)."""
    ids = list(story_ids)
    if not ids:
        return {}
    q = (f"SELECT id, json_extract(json, '$.summary[0].text') FROM stories "
         f"WHERE id IN ({','.join('?' * len(ids))})")
    try:
        return {r[0]: r[1] for r in st.conn.execute(q, ids) if isinstance(r[1], str)}
    except sqlite3.OperationalError:  # an SQLite without JSON1: the list simply has no teasers
        return {}


def with_teasers(st: SQLiteStore, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    t = teasers(st, [r["id"] for r in rows])
    return [{**r, "teaser": t.get(r["id"])} for r in rows]

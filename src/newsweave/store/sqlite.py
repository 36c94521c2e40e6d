"""SQLite store: WAL, FTS5 over clean text, idempotent upserts, an ingest log of every input."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from newsweave.config import ConfigError
from newsweave.model import Article, InputRecord
from newsweave.report.labels import story_dates
from newsweave.store.lock import writer_lock

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
  id TEXT PRIMARY KEY, source TEXT NOT NULL, url TEXT, outlet TEXT, title TEXT, author TEXT,
  published TEXT, date_source TEXT, language TEXT, text TEXT NOT NULL, sentences TEXT NOT NULL,
  sections TEXT, credits TEXT, duplicate_of TEXT, meta TEXT, added_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
CREATE INDEX IF NOT EXISTS articles_outlet ON articles(outlet);
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(id UNINDEXED, title, text);
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT, command TEXT, started REAL, finished REAL, summary TEXT
);
CREATE TABLE IF NOT EXISTS ingest_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT, run_id INTEGER, input TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('accepted','duplicate','rejected')),
  reason TEXT, article_id TEXT, stage TEXT, at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS ingest_log_run ON ingest_log(run_id);
CREATE TABLE IF NOT EXISTS stories (
  id TEXT PRIMARY KEY, label TEXT, n_articles INTEGER, independent_sources INTEGER,
  first_date TEXT, last_date TEXT, outlets TEXT, json TEXT NOT NULL, updated_at REAL,
  inferred_first TEXT, inferred_last TEXT
);
CREATE TABLE IF NOT EXISTS story_articles (
  story_id TEXT NOT NULL, article_id TEXT NOT NULL, PRIMARY KEY (story_id, article_id)
);
CREATE INDEX IF NOT EXISTS story_articles_article ON story_articles(article_id);
CREATE TABLE IF NOT EXISTS state (name TEXT PRIMARY KEY, value BLOB, updated_at REAL);
CREATE TABLE IF NOT EXISTS cache (
  kind TEXT NOT NULL, article_id TEXT NOT NULL, value BLOB, PRIMARY KEY (kind, article_id)
);
"""

_ART_COLS = ("id, source, url, outlet, title, author, published, date_source, language, text, "
             "sentences, sections, credits, duplicate_of, meta")


def _row_to_article(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"], text=row["text"], source=row["source"], url=row["url"], outlet=row["outlet"],
        title=row["title"], author=row["author"], published=row["published"],
        date_source=row["date_source"] or "none", language=row["language"],
        sentences=[(s, e) for s, e in json.loads(row["sentences"])],
        sections=json.loads(row["sections"] or "[]"), credits=json.loads(row["credits"] or "[]"),
        duplicate_of=row["duplicate_of"], meta=json.loads(row["meta"] or "{}"),
    )


def _fts_query(q: str) -> str:
    """Every word (or "quoted phrase") required, ``OR`` between two of them for either; each term is
    quoted so no other user input is FTS5 syntax ("AND" is what words do anyway)."""
    out: list[str] = []
    for m in re.finditer(r'"([^"]*)"?|(\S+)', q):
        phrase, word = m.group(1), m.group(2)
        if word in ("AND", "OR"):
            if word == "OR" and out and out[-1] != "OR":
                out.append("OR")
            continue
        t = " ".join((phrase if phrase is not None else word).replace('"', "").split())
        if t:
            out.append(f'"{t}"')
    while out and out[-1] == "OR":
        out.pop()
    return " ".join(out)


def _inferred_span(row: sqlite3.Row) -> list[str | None]:
    if "json" not in row.keys():
        return [row["inferred_first"], row["inferred_last"]]
    first, last, inferred = story_dates(json.loads(row["json"]))
    return [first, last] if inferred else [None, None]


class SQLiteStore:
    """One file, many readers, one writer (the driver). Every write is one transaction."""

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = str(path)
        self.readonly = readonly
        p = Path(self.path)
        if p.exists() and p.is_dir():
            raise ConfigError(f"--db {p} is a directory, not a database file")
        try:
            self._open(p, readonly)
        except (sqlite3.DatabaseError, OSError) as exc:
            raise ConfigError(f"--db {p}: cannot open it as a newsweave database ({exc})") from exc
        cols = {r[1] for r in self.conn.execute("PRAGMA table_info(stories)")}
        if not cols or not self.conn.execute("PRAGMA table_info(articles)").fetchall():
            raise ConfigError(f"--db {p} is an SQLite file but not a newsweave database (no stories table)")
        # a read-only connection to a store written before these columns existed reads the story JSON
        new = "inferred_last" in cols
        self._inferred_cols = "inferred_first, inferred_last" if new else "json"
        self._order_last = "coalesce(last_date, inferred_last, '')" if new else "coalesce(last_date, '')"

    def _open(self, p: Path, readonly: bool) -> None:
        if readonly:
            if not p.exists():
                raise ConfigError(f"database {p} does not exist; run `newsweave ingest` or `run` first")
            uri = f"file:{p.resolve()}?mode=ro"
            self.conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            try:  # "file is not a database" (DatabaseError) shows here too
                self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlite3.OperationalError:
                if os.access(p.resolve().parent, os.W_OK):
                    raise
                # a WAL store on read-only media: no writer can exist there, so read it as immutable
                log.info("%s: read-only folder, opening the store as immutable", p)
                self.conn.close()
                self.conn = sqlite3.connect(uri + "&immutable=1", uri=True, check_same_thread=False)
        else:
            if p.parent and not p.parent.exists():
                p.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
        self.conn.row_factory = sqlite3.Row
        if not readonly:
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.executescript(SCHEMA)
            self._migrate()

    def _migrate(self) -> None:
        """Columns added after a store may have been written: added in place, filled from the story JSON."""
        cols = {r[1] for r in self.conn.execute("PRAGMA table_info(stories)")}
        if "inferred_last" in cols:
            return
        with self.conn:
            self.conn.execute("ALTER TABLE stories ADD COLUMN inferred_first TEXT")
            self.conn.execute("ALTER TABLE stories ADD COLUMN inferred_last TEXT")
            rows = self.conn.execute("SELECT id, json FROM stories WHERE first_date IS NULL AND last_date IS NULL")
            for sid, body in rows.fetchall():
                first, last, inferred = story_dates(json.loads(body))
                if inferred:
                    self.conn.execute("UPDATE stories SET inferred_first=?, inferred_last=? WHERE id=?",
                                      (first, last, sid))

    # articles ----------------------------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM articles WHERE id=?", (article_id,)).fetchone() is not None

    def existing_ids(self, ids: Sequence[str]) -> set[str]:
        out: set[str] = set()
        for i in range(0, len(ids), 500):
            chunk = list(ids[i : i + 500])
            q = f"SELECT id FROM articles WHERE id IN ({','.join('?' * len(chunk))})"
            out.update(r[0] for r in self.conn.execute(q, chunk))
        return out

    def get_article(self, article_id: str) -> Article | None:
        row = self.conn.execute(f"SELECT {_ART_COLS} FROM articles WHERE id=?", (article_id,)).fetchone()
        return _row_to_article(row) if row else None

    def get_articles(self, ids: Sequence[str]) -> list[Article]:
        found: dict[str, Article] = {}
        for i in range(0, len(ids), 500):
            chunk = list(ids[i : i + 500])
            q = f"SELECT {_ART_COLS} FROM articles WHERE id IN ({','.join('?' * len(chunk))})"
            for row in self.conn.execute(q, chunk):
                found[row["id"]] = _row_to_article(row)
        return [found[i] for i in ids if i in found]

    def iter_articles(self, batch: int = 500) -> Iterator[Article]:
        last = ""
        while True:
            rows = self.conn.execute(
                f"SELECT {_ART_COLS} FROM articles WHERE id > ? ORDER BY id LIMIT ?", (last, batch)).fetchall()
            if not rows:
                return
            for row in rows:
                yield _row_to_article(row)
            last = rows[-1]["id"]

    def count_articles(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def put_articles(self, articles: Iterable[Article]) -> int:
        """Insert articles not yet stored (by id); returns how many were new. Idempotent."""
        with self.conn:
            return self._insert_articles(articles)

    def put_batch(self, run_id: int, articles: Iterable[Article], records: Iterable[InputRecord]) -> int:
        """Articles and their ingest-log rows in one transaction, so a run killed half way never
        leaves a stored article without its log row (nor a log row without its article)."""
        with self.conn:
            new = self._insert_articles(articles)
            self._insert_log(run_id, records)
        return new

    def relink(self, run_id: int, articles: Iterable[Article], records: Iterable[InputRecord]) -> None:
        """Rewrite stored articles' ``duplicate_of``, meta and the metadata an exact copy lent them, and
        their log rows of run ``run_id`` (a near-duplicate group re-headed after its run read
        everything), in one transaction."""
        with self.conn:
            self.conn.executemany(
                "UPDATE articles SET duplicate_of=?, meta=?, outlet=?, author=?, url=?, published=?, date_source=? "
                "WHERE id=?", [(a.duplicate_of, json.dumps(a.meta, default=str), a.outlet, a.author, a.url,
                                a.published, a.date_source, a.id) for a in articles])
            self.conn.executemany(
                "UPDATE ingest_log SET status=?, reason=?, stage=? WHERE run_id=? AND article_id=? "
                "AND input=? AND status IN ('accepted', 'duplicate')",
                [(r.status, r.reason, r.stage, run_id, r.article_id, r.input) for r in records])

    def _insert_articles(self, articles: Iterable[Article]) -> int:
        now = time.time()
        new = 0
        for a in articles:
            cur = self.conn.execute(
                f"INSERT OR IGNORE INTO articles ({_ART_COLS}, added_at) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (a.id, a.source, a.url, a.outlet, a.title, a.author, a.published, a.date_source,
                 a.language, a.text, json.dumps(a.sentences), json.dumps(a.sections),
                 json.dumps(a.credits), a.duplicate_of, json.dumps(a.meta, default=str), now))
            if cur.rowcount:
                new += 1
                self.conn.execute("INSERT INTO articles_fts (id, title, text) VALUES (?,?,?)",
                                  (a.id, a.title or "", a.text))
        return new

    def search(self, query: str, limit: int = 50) -> list[str]:
        q = _fts_query(query)
        if not q:
            return []
        try:
            rows = self.conn.execute(
                "SELECT id FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?", (q, limit))
            return [r[0] for r in rows]
        except sqlite3.OperationalError:
            return []

    # runs + ingest log --------------------------------------------------------------------------
    def start_run(self, command: str) -> int:
        with self.conn:
            cur = self.conn.execute("INSERT INTO runs (command, started) VALUES (?, ?)", (command, time.time()))
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, summary: dict[str, Any]) -> None:
        with self.conn:
            self.conn.execute("UPDATE runs SET finished=?, summary=? WHERE id=?",
                              (time.time(), json.dumps(summary), run_id))

    def log_inputs(self, run_id: int, records: Iterable[InputRecord]) -> None:
        with self.conn:
            self._insert_log(run_id, records)

    def _insert_log(self, run_id: int, records: Iterable[InputRecord]) -> None:
        now = time.time()
        self.conn.executemany(
            "INSERT INTO ingest_log (run_id, input, status, reason, article_id, stage, at) "
            "VALUES (?,?,?,?,?,?,?)",
            [(run_id, r.input, r.status, r.reason, r.article_id, r.stage, now) for r in records])

    def ingest_log(self, run_id: int | None = None) -> list[dict[str, Any]]:
        q = "SELECT run_id, input, status, reason, article_id, stage FROM ingest_log"
        rows = (self.conn.execute(q + " WHERE run_id=? ORDER BY id", (run_id,)) if run_id is not None
                else self.conn.execute(q + " ORDER BY id"))
        return [dict(r) for r in rows]

    # stories ------------------------------------------------------------------------------------
    def put_stories(self, stories: Iterable[dict[str, Any]]) -> None:
        with self.conn:
            self._write_stories(stories)

    def _write_stories(self, stories: Iterable[dict[str, Any]]) -> None:
        """The rows of ``stories`` (inside the caller's transaction)."""
        now = time.time()
        for s in stories:
            first, last = (s.get("date_span") or [None, None])[:2]
            i_first, i_last, inferred = story_dates(s)
            if not inferred:
                i_first = i_last = None
            self.conn.execute(
                "INSERT OR REPLACE INTO stories (id, label, n_articles, independent_sources, first_date,"
                " last_date, outlets, json, updated_at, inferred_first, inferred_last)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (s["id"], s.get("label"), len(s.get("article_ids", [])), s.get("independent_sources"),
                 first, last, json.dumps(s.get("outlets", [])), json.dumps(s), now, i_first, i_last))
            self.conn.execute("DELETE FROM story_articles WHERE story_id=?", (s["id"],))
            # its near-duplicates too: search, the outlet filter and an article's story find them
            self.conn.executemany("INSERT OR IGNORE INTO story_articles VALUES (?, ?)",
                                  [(s["id"], aid) for aid in [*s.get("article_ids", []), *(s.get("duplicates") or {})]])

    def delete_stories(self, story_ids: Iterable[str]) -> None:
        with self.conn:
            self._delete_stories(story_ids)

    def _delete_stories(self, story_ids: Iterable[str]) -> None:
        for sid in story_ids:
            self.conn.execute("DELETE FROM stories WHERE id=?", (sid,))
            self.conn.execute("DELETE FROM story_articles WHERE story_id=?", (sid,))

    def get_story(self, story_id: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT json FROM stories WHERE id=?", (story_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def list_stories(self, *, query: str | None = None, outlet: str | None = None,
                     date_from: str | None = None, date_to: str | None = None,
                     limit: int = 50, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
        """Story rows (no analysis bodies) matching the filters, newest first, plus the total count."""
        where, args = [], []  # type: ignore[var-annotated]
        if query:
            ids = self.search(query, limit=1000)
            if not ids:
                return [], 0
            where.append(f"id IN (SELECT story_id FROM story_articles WHERE article_id IN "
                         f"({','.join('?' * len(ids))}))")
            args.extend(ids)
        if outlet:
            where.append("(EXISTS (SELECT 1 FROM json_each(stories.outlets) WHERE value = ?) OR id IN (SELECT "
                         "sa.story_id FROM story_articles sa JOIN articles a ON a.id = sa.article_id WHERE a.outlet = ?))")
            args.extend([outlet, outlet])
        if date_from:
            where.append("(last_date IS NULL OR last_date >= ?)")
            args.append(date_from)
        if date_to:
            where.append("(first_date IS NULL OR first_date <= ?)")
            args.append(date_to)
        cond = ("WHERE " + " AND ".join(where)) if where else ""
        total = self.conn.execute(f"SELECT count(*) FROM stories {cond}", args).fetchone()[0]
        rows = self.conn.execute(
            f"SELECT id, label, n_articles, independent_sources, first_date, last_date, outlets, "
            f"{self._inferred_cols} FROM stories "
            f"{cond} ORDER BY {self._order_last} DESC, n_articles DESC, id LIMIT ? OFFSET ?",
            [*args, limit, offset])
        out = [{"id": r["id"], "label": r["label"], "n_articles": r["n_articles"],
                "independent_sources": r["independent_sources"], "date_span": [r["first_date"], r["last_date"]],
                "inferred_date_span": _inferred_span(r), "outlets": json.loads(r["outlets"] or "[]")} for r in rows]
        return out, int(total)

    def outlets(self) -> list[str]:
        """Outlets of the articles of some story, near-duplicates included (what the story filter can match)."""
        return [r[0] for r in self.conn.execute(
            "SELECT DISTINCT a.outlet FROM articles a JOIN story_articles sa ON sa.article_id = a.id "
            "WHERE a.outlet IS NOT NULL ORDER BY a.outlet")]

    def stories_for_articles(self, article_ids: Iterable[str]) -> dict[str, str]:
        ids = list(article_ids)
        out: dict[str, str] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            q = f"SELECT article_id, story_id FROM story_articles WHERE article_id IN ({','.join('?' * len(chunk))})"
            out.update({r[0]: r[1] for r in self.conn.execute(q, chunk)})
        return out

    # state + caches --------------------------------------------------------------------------------
    def get_state(self, name: str) -> bytes | None:
        row = self.conn.execute("SELECT value FROM state WHERE name=?", (name,)).fetchone()
        return bytes(row[0]) if row else None

    def put_state(self, name: str, value: bytes) -> None:
        with self.conn:
            self.conn.execute("INSERT OR REPLACE INTO state VALUES (?, ?, ?)", (name, value, time.time()))

    def put_sync(self, name: str, value: bytes, gone: Iterable[str], stories: Iterable[dict[str, Any]]) -> None:
        """An ingest's clustering result in one transaction: the state, the stories merged away and the
        rewritten stories (killed half way, none of it is written and the next ingest redoes it)."""
        with self.conn:
            self.conn.execute("INSERT OR REPLACE INTO state VALUES (?, ?, ?)", (name, value, time.time()))
            self._delete_stories(gone)
            self._write_stories(stories)

    def unclustered_ids(self, known: set[str]) -> list[str]:
        """Stored originals (not near-duplicates) that ``known`` (the clustering state) lacks: what a
        run killed between storing its articles and clustering them left behind."""
        return [r[0] for r in self.conn.execute("SELECT id FROM articles WHERE duplicate_of IS NULL ORDER BY id")
                if r[0] not in known]

    def get_cache(self, kind: str, article_ids: Sequence[str]) -> dict[str, bytes]:
        out: dict[str, bytes] = {}
        ids = list(article_ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            q = f"SELECT article_id, value FROM cache WHERE kind=? AND article_id IN ({','.join('?' * len(chunk))})"
            out.update({r[0]: bytes(r[1]) for r in self.conn.execute(q, [kind, *chunk])})
        return out

    def put_cache(self, kind: str, items: Iterable[tuple[str, bytes]]) -> None:
        with self.conn:
            self.conn.executemany("INSERT OR REPLACE INTO cache VALUES (?, ?, ?)",
                                  [(kind, aid, val) for aid, val in items])

    def writer(self) -> contextlib.AbstractContextManager[None]:
        """The store's writer lock (``store/lock.py``) for a whole ingest / run / analyze."""
        return contextlib.nullcontext() if self.readonly else writer_lock(self.path)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

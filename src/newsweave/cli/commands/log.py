"""`newsweave runs` and `newsweave log`: what each ingest / run did to each input (the store's ingest log)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from newsweave.cli.util import nonneg_int, open_existing, print_json, print_table, short
from newsweave.config import Config, ConfigError


def _when(ts: float | None) -> str:
    return dt.datetime.fromtimestamp(ts, dt.UTC).strftime("%Y-%m-%d %H:%M:%S") if ts else "-"


def cmd_runs(args: argparse.Namespace, cfg: Config) -> int:
    with open_existing(cfg) as st:
        rows = st.conn.execute("SELECT id, command, started, finished, summary FROM runs ORDER BY id DESC LIMIT ?",
                               (args.limit or -1,)).fetchall()
    out = []
    for r in rows:
        s = json.loads(r["summary"] or "{}")
        out.append({"id": r["id"], "command": r["command"], "started": _when(r["started"]),
                    "finished": _when(r["finished"]) if r["finished"] else None, "inputs": s.get("inputs"),
                    "accepted": s.get("accepted"), "duplicates": s.get("duplicates"),
                    "rejected": len(s.get("rejected") or []) if s else None})
    if args.json:
        print_json({"runs": out})
        return 0
    print_table(f"{len(out)} run(s), newest first", ["run", "command", "started (UTC)", "inputs", "accepted",
                                                     "duplicates", "rejected"],
                [(r["id"], short(r["command"], 50), r["started"] + ("" if r["finished"] else " (unfinished)"),
                  r["inputs"], r["accepted"], r["duplicates"], r["rejected"]) for r in out])
    return 0


def cmd_log(args: argparse.Namespace, cfg: Config) -> int:
    with open_existing(cfg) as st:
        run_id = args.run
        if run_id is None:
            last = st.conn.execute("SELECT max(id) FROM runs").fetchone()[0]
            if last is None:
                raise ConfigError("no runs in this store yet (`newsweave ingest` or `run` first)")
            run_id = int(last)
        elif not st.conn.execute("SELECT 1 FROM runs WHERE id=?", (run_id,)).fetchone():
            raise ConfigError(f"no run {run_id}; `newsweave runs` lists them")
        rows: list[dict[str, Any]] = [r for r in st.ingest_log(run_id) if not args.status or r["status"] == args.status]
    if args.limit:
        rows = rows[: args.limit]
    if args.json:
        print_json({"run": run_id, "inputs": rows})
        return 0
    print_table(f"run {run_id}: {len(rows)} input(s)" + (f" {args.status}" if args.status else ""),
                ["input", "status", "reason", "article", "stage"],
                [(short(r["input"], 60), r["status"], short(r["reason"] or "", 60), r["article_id"] or "",
                  r["stage"] or "") for r in rows])
    return 0


def register(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("runs", parents=parents, help="list the ingest / run calls this store has seen")
    p.add_argument("--limit", type=nonneg_int, default=20, help="rows to show (0: all)")
    p.set_defaults(func=cmd_runs)

    p = sub.add_parser("log", parents=parents, help="what one run did to each input: accepted, duplicate, rejected")
    p.add_argument("--run", type=nonneg_int, help="run id (default: the latest; `newsweave runs` lists them)")
    p.add_argument("--status", choices=["accepted", "duplicate", "rejected"], help="only inputs with this status")
    p.add_argument("--limit", type=nonneg_int, default=0, help="rows to show (default 0: all)")
    p.set_defaults(func=cmd_log)

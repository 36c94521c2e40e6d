"""Ingest options for ``newsweave ingest`` and ``newsweave run``: JSONL field names, languages, length.

Registered after ``core`` (modules load in name order): it adds flags to those two parsers and
wraps their handlers so the flags reach the Config.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import Any

from newsweave.config import Config, ConfigError

_FIELDS = ("text", "title", "url", "date", "author", "outlet", "id")


def _with_ingest_options(func: Any) -> Any:
    def handler(args: argparse.Namespace, cfg: Config) -> int:
        fields = {f: getattr(args, f"jsonl_{f}") for f in _FIELDS if getattr(args, f"jsonl_{f}", None)}
        changes: dict[str, Any] = {}
        if fields:
            changes["jsonl"] = replace(cfg.jsonl, **fields)
        if args.languages is not None:
            langs = tuple(x.strip().lower() for x in args.languages.split(",") if x.strip())
            changes["languages"] = () if langs in ((), ("all",)) else langs
        if args.min_words is not None:
            if args.min_words < 0:
                raise ConfigError("--min-words must be 0 or more")
            changes["min_words"] = args.min_words
        return int(func(args, cfg.with_(**changes) if changes else cfg) or 0)

    return handler


def register(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    for name in ("ingest", "run"):
        p = sub.choices.get(name)
        if p is None:
            continue
        g = p.add_argument_group("input options")
        for f in _FIELDS:
            g.add_argument(f"--jsonl-{f}", metavar="FIELD", help=f"JSONL field holding the article {f} "
                           f"(default {getattr(Config().jsonl, f)!r})")
        g.add_argument("--languages", metavar="CODES",
                       help="keep only these languages, e.g. 'en,fr'; 'all' keeps every language (default en)")
        g.add_argument("--min-words", type=int, metavar="N", help="reject texts shorter than N words (default 20)")
        p.set_defaults(func=_with_ingest_options(p.get_default("func")))

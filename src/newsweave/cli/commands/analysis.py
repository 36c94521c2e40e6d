"""entities, quotes, timeline, facts, contradictions: one stored story's cross-source analysis."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from newsweave.cli.util import err, load_story, nonneg_int, print_json, print_table, short
from newsweave.config import Config


def _first(spans: list[dict[str, Any]]) -> str:
    return spans[0]["text"] if spans else ""


def _entities(items: list[dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    return (["name", "type", "variants", "mentions", "sources"],
            [[e["name"], e["type"], short(", ".join(e["variants"]), 60), len(e["mentions"]), len(e["sources"])]
             for e in items])


def _quotes(items: list[dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    return (["speaker", "quote", "marked", "sources"],
            [[q["speaker"] or "?", short(_first(q["spans"]), 90), "yes" if q["marked"] else "no", len(q["sources"])]
             for q in items])


def _timeline(items: list[dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    return (["date", "precision", "expression", "event", "sources"],
            [[t["date"], t["precision"], _first(t["expressions"]), short(_first(t["event"]), 80), len(t["sources"])]
             for t in items])


def _facts(items: list[dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    return (["fact", "sources", "independent", "single source"],
            [[short(f["text"], 100), len(f["sources"]), f["independent_sources"], "yes" if f["single_source"] else ""]
             for f in items])


def _contradictions(items: list[dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    rows = []
    for c in items:
        claims = " | ".join(short(x["text"], 60) for x in c["claims"])
        rows.append([c["kind"], short(c["topic"], 50), " vs ".join(dict.fromkeys(c["values"])), claims])
    return ["kind", "topic", "values", "claims"], rows


VIEWS: dict[str, tuple[str, Callable[[list[dict[str, Any]]], tuple[list[str], list[list[Any]]]]]] = {
    "entities": ("canonical entities (variants merged across sources)", _entities),
    "quotes": ("quotes with resolved speakers (one row per utterance, all sources)", _quotes),
    "timeline": ("dated events in chronological order", _timeline),
    "facts": ("facts aligned across sources (and single-source claims)", _facts),
    "contradictions": ("claims on which sources disagree", _contradictions),
}


def cmd_view(args: argparse.Namespace, cfg: Config) -> int:
    story = load_story(cfg, args.story_id)
    items = list(story.get(args.command) or [])
    if args.command == "facts" and not args.all:
        items = [f for f in items if not f["single_source"]] or items
    if args.limit:
        items = items[: args.limit]
    if args.json:
        print_json({"story": story["id"], args.command: items})
        return 0
    cols, rows = VIEWS[args.command][1](items)
    print_table(f"{story.get('label') or story['id']}: {len(items)} {args.command}", cols, rows)
    from newsweave.api import is_analysed

    if not is_analysed(story):
        err.print(f"story {story['id']} has articles not analysed yet (stored by `ingest`): "
                  f"`newsweave analyze {story['id']}` fills in its {args.command}")
    return 0


def register(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    for name, (help_text, _) in VIEWS.items():
        p = sub.add_parser(name, parents=parents, help=f"show a story's {help_text}")
        p.add_argument("story_id", metavar="STORY_ID", help="story id (or a unique prefix)")
        p.add_argument("--limit", type=nonneg_int, default=0, help="show at most this many rows (0: all)")
        if name == "facts":
            p.add_argument("--all", action="store_true", help="include single-source claims")
        p.set_defaults(func=cmd_view)

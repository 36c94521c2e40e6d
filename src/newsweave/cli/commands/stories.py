"""stories, story, reuse: browse the stored stories, their articles, wire groups and reused passages."""

from __future__ import annotations

import argparse
from typing import Any

from rich.table import Table

from newsweave.cli.util import (
    console,
    load_story,
    nonneg_int,
    open_existing,
    print_json,
    print_table,
    safe,
    short,
)
from newsweave.config import Config
from newsweave.report.labels import count, dates_label


def _span(story: dict[str, Any]) -> str:
    """A story's (or story row's) dates; dates inferred from the text are marked as such."""
    return dates_label(story, lambda a, b: a if a == b else f"{a} .. {b}") or "-"


def cmd_stories(args: argparse.Namespace, cfg: Config) -> int:
    with open_existing(cfg) as st:
        rows, total = st.list_stories(query=args.query, limit=args.limit or -1, offset=args.offset)
    if args.json:
        print_json({"total": total, "stories": rows})
        return 0
    print_table(count(total, "story"), ["id", "label", "articles", "independent", "dates"],
                [(r["id"], short(r["label"], 70), r["n_articles"], r["independent_sources"],
                  _span(r)) for r in rows])
    return 0


def cmd_story(args: argparse.Namespace, cfg: Config) -> int:
    story = load_story(cfg, args.id)
    ids = story.get("article_ids", [])
    with open_existing(cfg) as st:
        arts = {a.id: a for a in st.get_articles(list(ids) + list(story.get("duplicates", {})))}
    if args.json:
        print_json({k: story.get(k) for k in ("id", "label", "article_ids", "outlets", "independent_sources",
                                               "date_span", "wire_groups", "duplicates", "cluster")})
        return 0
    group_of = {aid: gi + 1 for gi, g in enumerate(story.get("wire_groups", [])) for aid in g}
    console.print(f"[bold]{safe(story['label'])}[/bold]  ({story['id']})")
    console.print(f"{count(len(ids), 'article')}, {count(story.get('independent_sources'), 'independent source')}, "
                  f"dates {_span(story)}, {len(story.get('reuse', []))} reuse links")
    print_table("articles", ["id", "outlet", "date", "wire group", "title / first words"],
                [(aid, arts[aid].outlet if aid in arts else "", arts[aid].published if aid in arts else "",
                  group_of.get(aid, ""), short((arts[aid].title or arts[aid].text) if aid in arts else "", 60))
                 for aid in ids])
    dups = story.get("duplicates") or {}
    if dups:
        print_table("near-duplicates (not counted)", ["id", "duplicate of", "source"],
                    [(d, o, arts[d].source if d in arts else "") for d, o in dups.items()])
    cl = story.get("cluster") or {}
    if cl.get("merged_from"):
        console.print(f"merged from: {', '.join(cl['merged_from'])}")
    for r in cl.get("splits") or []:
        if r.get("into") == story["id"]:
            console.print(f"split from {r['from']}: {count(r['size'], 'article')}")
        else:
            console.print(f"split off: {r['into']} ({count(r['size'], 'article')})")
    return 0


def cmd_reuse(args: argparse.Namespace, cfg: Config) -> int:
    story = load_story(cfg, args.id)
    links = story.get("reuse", [])
    if args.kind:
        links = [r for r in links if r["kind"] == args.kind]
    if args.json:
        print_json({"story": story["id"], "wire_groups": story.get("wire_groups", []), "reuse": links})
        return 0
    t = Table(title=f"{len(links)} reused passages in {story['id']}: {short(story['label'], 60)}",
              show_lines=True)
    t.add_column("article A", overflow="fold", ratio=1)
    t.add_column("article B (likely source)", overflow="fold", ratio=1)
    t.add_column("kind")
    t.add_column("score", justify="right")
    for r in links:
        a, b = r["a"], r["b"]
        t.add_row(f"[dim]{a['article_id']}[/dim]\n{safe(a['text'])}", f"[dim]{b['article_id']}[/dim]\n{safe(b['text'])}",
                  r["kind"], f"{r['score']:.2f}")
    console.print(t)
    if not links:
        console.print("no reuse found (or the story was stored by `ingest` and not analysed yet: "
                      "`newsweave analyze` analyses it)")
    return 0


def register(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("stories", parents=parents, help="list stories: label, #articles, #independent sources")
    p.add_argument("--query", help="only stories with an article matching this full-text query")
    p.add_argument("--limit", type=nonneg_int, default=50, help="rows to show (0: all)")
    p.add_argument("--offset", type=nonneg_int, default=0)
    p.set_defaults(func=cmd_stories)

    p = sub.add_parser("story", parents=parents, help="one story: articles, wire groups, duplicates")
    p.add_argument("id", help="story id (or a unique prefix)")
    p.set_defaults(func=cmd_story)

    p = sub.add_parser("reuse", parents=parents, help="reused passages of a story, side by side")
    p.add_argument("id", help="story id (or a unique prefix)")
    p.add_argument("--kind", choices=["exact", "fuzzy", "paraphrase"], help="only this kind of reuse")
    p.set_defaults(func=cmd_reuse)

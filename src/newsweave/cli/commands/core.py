"""ingest, run, analyze, articles, show: the foundation commands."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from newsweave.cli.util import (
    by_prefix,
    err,
    nonneg_int,
    open_existing,
    out_folder,
    print_json,
    print_table,
    progress,
    safe,
    short,
)
from newsweave.config import Config, ConfigError
from newsweave.report.labels import count


def _add_engine(p: argparse.ArgumentParser) -> None:
    p.add_argument("--engine", choices=["local", "dask"], help="execution engine (default local)")
    p.add_argument("--scheduler", help="dask scheduler address, e.g. tcp://10.0.0.5:8786")
    p.add_argument("--workers", type=int, help="workers for a LocalCluster (dask) (default 2)")
    p.add_argument("--processes", type=int,
                   help="local engine, run / ingest: worker processes that clean articles while this one "
                        "stores and clusters them (default 0: all in this process; 1 suits 2 cores); "
                        "analyze does not use them")


def _add_inputs(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", help="files or folders (txt, md, html, jsonl, rss/atom, warc)")
    p.add_argument("--fetch", action="append", metavar="URL", default=[],
                   help="also download this URL (repeat for more: --fetch URL1 --fetch URL2)")


def _check_inputs(args: argparse.Namespace) -> None:
    if not args.paths and not args.fetch:
        raise ConfigError("give at least one PATH or --fetch URL")
    _check_out(args)


def _check_out(args: argparse.Namespace) -> None:
    """An --out that cannot be a folder fails before the work, not after it."""
    if getattr(args, "out", None) is not None:
        out_folder(args.out, "--out")


def _summary_line(s: dict[str, Any]) -> str:
    return (f"{count(s['inputs'], 'input')}: {s['accepted']} accepted, {count(s['duplicates'], 'duplicate')}, "
            f"{len(s['rejected'])} rejected")


def cmd_ingest(args: argparse.Namespace, cfg: Config) -> int:
    from newsweave.api import ingest

    _check_inputs(args)
    with progress(cfg.progress, "ingest") as cb:
        ctx, arts = ingest(args.paths, urls=args.fetch, config=cfg, progress=cb)
    s = ctx.summary().to_json()
    if args.json:
        # the articles this call stored (accepted and near-duplicates), not the originals of exact duplicates
        stored = {r.article_id for r in ctx.records if r.status == "accepted"} | {a.id for a in arts if a.duplicate_of}
        print_json({"run": s, "article_ids": [a.id for a in arts if a.id in stored]})
    else:
        err.print(_summary_line(s))
        for r in s["rejected"]:
            err.print(f"  rejected {safe(r['input'])}: {safe(r['reason'])}")
    return 0


def cmd_run(args: argparse.Namespace, cfg: Config) -> int:
    from newsweave.api import run, write_report

    _check_inputs(args)
    with progress(cfg.progress, "run") as cb:
        report = run(args.paths, urls=args.fetch, config=cfg, progress=cb)
    paths = write_report(report, args.out)
    s = report.run.to_json()
    if args.json:
        print_json({"run": s, "stories": [st.id for st in report.stories],
                    "outputs": {k: str(v) for k, v in paths.items()}})
    else:
        err.print(f"{_summary_line(s)}; {count(len(report.stories), 'story')}")
        for r in s["rejected"]:
            err.print(f"  rejected {safe(r['input'])}: {safe(r['reason'])}")
        print(f"report: {paths['md']} {paths['json']} {paths['html']}")
    return 0


def cmd_analyze(args: argparse.Namespace, cfg: Config) -> int:
    from newsweave.api import analyze_stored, write_report

    if args.all and args.story_ids:
        raise ConfigError("give story ids or --all, not both")
    _check_out(args)
    with open_existing(cfg, write=True) as st, progress(cfg.progress, "analyse") as cb:
        if cb:
            cb("analyse", 0)
        report = analyze_stored(args.story_ids, everything=args.all, config=cfg, store=st)
    paths = write_report(report, args.out) if args.out and report.stories else {}
    if args.json:
        print_json({"stories": [s.id for s in report.stories], "outputs": {k: str(v) for k, v in paths.items()}})
        return 0
    n = len(report.stories)
    err.print(f"analysed {count(n, 'story')}" if n else "every stored story is analysed already (--all redoes them)")
    if paths:
        print(f"report: {paths['md']} {paths['json']} {paths['html']}")
    return 0


def cmd_articles(args: argparse.Namespace, cfg: Config) -> int:
    with open_existing(cfg) as st:
        rows = st.conn.execute(
            "SELECT id, outlet, title, published, source, duplicate_of, length(text) AS n FROM articles "
            "ORDER BY coalesce(published, ''), source LIMIT ? OFFSET ?", (args.limit or -1, args.offset)).fetchall()
        total = st.count_articles()
    if args.json:
        print_json({"total": total, "articles": [dict(r) for r in rows]})
        return 0
    print_table(count(total, "article"), ["id", "outlet", "title", "date", "chars", "duplicate of"],
                [(r["id"], r["outlet"], short(r["title"], 60), r["published"], r["n"], r["duplicate_of"])
                 for r in rows])
    return 0


def cmd_show(args: argparse.Namespace, cfg: Config) -> int:
    with open_existing(cfg) as st:
        art = st.get_article(args.id)
        if art is None:
            aid = by_prefix(st, "articles", args.id, "article", "newsweave articles")
            art = st.get_article(aid) if aid else None
    if art is None:
        raise ConfigError(f"no article {args.id!r}; `newsweave articles` lists them")
    if args.json:
        print_json(art.to_json())
        return 0
    head = [f"id: {art.id}", f"source: {art.source}", f"outlet: {art.outlet or '-'}",
            f"title: {art.title or '-'}", f"author: {art.author or '-'}",
            f"published: {art.published or '-'} ({art.date_source})", f"sentences: {len(art.sentences)}"]
    if art.credits:
        head.append(f"credits: {'; '.join(art.credits)}")
    if art.duplicate_of:
        head.append(f"duplicate of: {art.duplicate_of}")
    sys.stdout.write("\n".join(head) + "\n\n" + art.text + "\n")
    return 0


def register(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("ingest", parents=parents, help="ingest files/folders/URLs into the store")
    _add_inputs(p)
    _add_engine(p)
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("run", parents=parents, help="ingest + every stage -> report.json/.md/.html")
    _add_inputs(p)
    _add_engine(p)
    p.add_argument("--out", required=True, help="output folder for report.json, report.md, report.html")
    p.add_argument("--words", type=int, help="summary budget in words (default 200)")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("analyze", parents=parents,
                       help="analyse stored stories (those `ingest` made or changed) -> store, report")
    p.add_argument("story_ids", nargs="*", metavar="STORY_ID", help="only these stories (id or unique prefix)")
    p.add_argument("--all", action="store_true", help="every stored story, analysed already or not")
    p.add_argument("--out", help="also write report.json, report.md, report.html of them here")
    p.add_argument("--words", type=int, help="summary budget in words (default 200)")
    _add_engine(p)
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("articles", parents=parents, help="list stored articles")
    p.add_argument("--limit", type=nonneg_int, default=50, help="rows to show (0: all)")
    p.add_argument("--offset", type=nonneg_int, default=0)
    p.set_defaults(func=cmd_articles)

    p = sub.add_parser("show", parents=parents, help="show one article's clean text and metadata")
    p.add_argument("id", help="article id (or a unique prefix)")
    p.set_defaults(func=cmd_show)

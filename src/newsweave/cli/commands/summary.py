"""summary: re-summarise one stored story (new budget, new backend) and print it with citations."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from newsweave.cli.util import err, load_story, open_existing, print_json
from newsweave.config import Config, ConfigError
from newsweave.report.labels import display_title, source_name


def cmd_summary(args: argparse.Namespace, cfg: Config) -> int:
    from newsweave.model import story_from_json
    from newsweave.report.validate import validate_report
    from newsweave.summarize import get

    if args.sentences is not None and args.sentences < 1:
        raise ConfigError("--sentences must be at least 1")
    data = load_story(cfg, args.story_id)
    with open_existing(cfg, write=args.save) as st:
        arts = st.get_articles(list(data.get("article_ids", [])))
        missing = set(data.get("article_ids", [])) - {a.id for a in arts}
        if missing:
            raise ConfigError(f"story {data['id']}: {len(missing)} article(s) missing from the store")
        story = story_from_json(data, arts)
        name = args.summarizer or str(cfg.extra.get("summarizer", "extractive"))
        try:
            summ = get(name, **({"embeddings": cfg.embeddings} if name == "extractive" else {}))
        except KeyError as exc:
            raise ConfigError(str(exc.args[0])) from exc
        sentences = args.sentences if args.sentences is not None else cfg.summary_sentences
        story.summary = summ.summarize(story, words=cfg.summary_words, sentences=sentences)
        out = story.to_json()
        validate_report({"articles": [a.to_json() for a in story.articles], "stories": [out]})
        if args.save:
            data["summary"] = out["summary"]
            st.put_stories([data])
    order = {aid: i + 1 for i, aid in enumerate(out["article_ids"])}
    if args.json:
        print_json({"story": out["id"], "label": out["label"], "words": cfg.summary_words,
                    "summary": out["summary"]})
        return 0
    _print(out, order, {a.id: a.to_json() for a in story.articles})
    if not out["summary"]:
        err.print("no sentence qualified for a summary")
    return 0


def _print(story: dict[str, Any], order: dict[str, int], arts: dict[str, dict[str, Any]]) -> None:
    lines = [story["label"], ""]
    for s in story["summary"]:
        marks = "".join(f"[{order.get(c['article_id'], '?')}]" for c in s["citations"])
        lines.append(f"{s['text']} {marks}")
    lines += ["", "Sources:"]
    for aid, n in sorted(order.items(), key=lambda kv: kv[1]):
        a = arts.get(aid)  # named as report.md and the web pages name it
        lines.append(f"  [{n}] {source_name(a)}, “{display_title(a, 80)}” ({aid})" if a else f"  [{n}] {aid}")
    sys.stdout.write("\n".join(lines) + "\n")


def register(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("summary", parents=parents, help="re-summarise a stored story with citations")
    p.add_argument("story_id", help="story id (or a unique prefix); `newsweave stories` lists them")
    p.add_argument("--words", type=int, help="word budget (default 200); sentences are never cut")
    p.add_argument("--sentences", type=int, help="also cap the number of sentences")
    p.add_argument("--summarizer", help="backend name (default: the config's extra.summarizer, else extractive)")
    p.add_argument("--save", action="store_true", help="store the new summary with the story")
    p.set_defaults(func=cmd_summary)

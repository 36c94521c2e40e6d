"""Entry point. Commands live in ``newsweave.cli.commands.*``; each module has ``register(sub, parents)``."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import pkgutil
import sys
from collections.abc import Sequence
from typing import NoReturn

from newsweave import __version__
from newsweave.cli import commands
from newsweave.config import Config, ConfigError
from newsweave.engine import EngineError


class OneLineParser(argparse.ArgumentParser):
    """Misuse of flags is one line on stderr naming the command, and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


def common_parser() -> argparse.ArgumentParser:
    p = OneLineParser(add_help=False)
    p.add_argument("--db", help="SQLite database (default ./newsweave.db)")
    p.add_argument("--config", help="TOML config file with a [newsweave] table")
    p.add_argument("--json", action="store_true", help="print data as JSON")
    p.add_argument("-v", "--verbose", action="count", default=0, help="more logging (-vv for debug)")
    return p


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog="newsweave", description=__doc__ and "Story briefings from news articles.")
    parser.add_argument("--version", action="version", version=f"newsweave {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    parents = [common_parser()]
    for mod in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        importlib.import_module(f"{commands.__name__}.{mod.name}").register(sub, parents)
    return parser


def config_from_args(args: argparse.Namespace) -> Config:
    over = {k: getattr(args, k, None) for k in ("db", "engine", "scheduler", "workers", "processes", "cluster_mode")}
    words = getattr(args, "words", None)
    if words is not None:
        over["summary_words"] = words
    cfg = Config.load(getattr(args, "config", None), **over)
    if "summarizer" in cfg.extra:  # fail before the work, not when the summary stage starts
        from newsweave.summarize.base import available

        if str(cfg.extra["summarizer"]) not in available():
            raise ConfigError(f"unknown summarizer {cfg.extra['summarizer']!r} in the config; known: "
                              f"{', '.join(available())}")
    return cfg.with_(progress=sys.stderr.isatty() and not getattr(args, "json", False))


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args, extra = parser.parse_known_args(argv)
    except SystemExit as exc:  # --help, --version, or a flag error already printed as one line
        return exc.code if isinstance(exc.code, int) else 2
    if extra:  # name the command whose flags were misused, not the top-level usage
        prog = f"newsweave {args.command}" if getattr(args, "command", None) else "newsweave"
        print(f"{prog}: error: unrecognized arguments: {' '.join(extra)} (see `{prog} --help`)", file=sys.stderr)
        return 2
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    level = {0: logging.WARNING, 1: logging.INFO}.get(args.verbose, logging.DEBUG)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    try:
        cfg = config_from_args(args)
        return int(args.func(args, cfg) or 0)
    except (ConfigError, EngineError) as exc:  # misuse, or a distributed engine that cannot go on
        print(f"newsweave: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("newsweave: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `newsweave stories --json | head`: the reader left; say nothing more
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    raise SystemExit(main())

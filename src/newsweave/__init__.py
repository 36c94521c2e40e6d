"""newsweave: turn piles of news articles into cited, cross-source story briefings."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("newsweave")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0+src"

from newsweave.api import analyze, ingest, run, write_report  # noqa: E402
from newsweave.config import Config, ConfigError  # noqa: E402
from newsweave.model import Article, Report, Span, Story  # noqa: E402
from newsweave.web import create_app, export_site  # noqa: E402  (FastAPI loads only when called)

__all__ = ["Article", "Config", "ConfigError", "Report", "Span", "Story", "__version__",
           "analyze", "create_app", "export_site", "ingest", "run", "write_report"]

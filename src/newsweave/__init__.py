"""newsweave: turn piles of news articles into cited, cross-source story briefings."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("newsweave")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0+src"

# The layer packages ``newsweave.ingest`` and ``newsweave.analyze`` share their names with the API
# functions below. Load them first: Python sets a package attribute only when a submodule is first
# imported, so binding the functions afterwards keeps ``newsweave.ingest(...)`` a function for good.
import newsweave.analyze  # noqa: E402, F401
import newsweave.ingest  # noqa: E402, F401
from newsweave.api import analyze, analyze_stored, ingest, run, write_report  # noqa: E402
from newsweave.config import Config, ConfigError  # noqa: E402
from newsweave.model import Article, Report, Span, Story  # noqa: E402
from newsweave.web import create_app, export_site  # noqa: E402  (FastAPI loads only when called)

__all__ = ["Article", "Config", "ConfigError", "Report", "Span", "Story", "__version__",
           "analyze", "analyze_stored", "create_app", "export_site", "ingest", "run", "write_report"]

"""Story browser: ``create_app`` (FastAPI server), ``export_site`` (static site), page rendering.

FastAPI is imported only when an app is created, so ``import newsweave`` stays light.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI


def create_app(db_path: str | Path, allow_ingest: bool = False, **kw: Any) -> FastAPI:
    """The web app over the SQLite store at ``db_path`` (read-only unless ``allow_ingest``)."""
    from newsweave.web.app import create_app as _create

    return _create(db_path, allow_ingest, **kw)


def export_site(db_path: str | Path, out_dir: str | Path) -> dict[str, int]:
    """Write every story and article page as a static site under ``out_dir``; returns page counts."""
    from newsweave.web.export import export_site as _export

    return _export(db_path, out_dir)


__all__ = ["create_app", "export_site"]

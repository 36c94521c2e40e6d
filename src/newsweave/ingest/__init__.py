"""Ingest: turn paths (files, folders) and URLs into RawDoc items; unreadable inputs become drops."""

from __future__ import annotations

from newsweave.ingest.sources import iter_raw

__all__ = ["iter_raw"]

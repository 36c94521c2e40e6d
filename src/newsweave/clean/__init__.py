"""Clean: RawDoc -> Article (extraction, boilerplate removal, headlines, sentences)."""

from __future__ import annotations

from newsweave.clean.stage import CleanStage

__all__ = ["CleanStage"]

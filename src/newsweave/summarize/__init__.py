"""Cited multi-document story summaries (extractive by default; backends by name)."""

from __future__ import annotations

from newsweave.summarize.base import Summarizer, available, get, register
from newsweave.summarize.stage import SummaryStage

__all__ = ["Summarizer", "SummaryStage", "available", "get", "register"]

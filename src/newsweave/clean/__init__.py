"""Clean: RawDoc -> Article (extraction, boilerplate removal, headlines, sentences)."""

from __future__ import annotations

from newsweave.clean.sentences import split_sentences
from newsweave.clean.stage import CleanStage, clean_raw, clean_text

__all__ = ["CleanStage", "clean_raw", "clean_text", "split_sentences"]

"""The summary story stage: fills ``story.summary`` (runs last among story stages)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

from newsweave.config import Config
from newsweave.model import Story
from newsweave.pipeline import RunContext

log = logging.getLogger(__name__)


class SummaryStage:
    """Summarise each story with the configured backend (``cfg.extra["summarizer"]``, default
    ``"extractive"``) under ``cfg.summary_words`` / ``cfg.summary_sentences``."""

    name = "summary"
    requires = frozenset({"stories"})
    provides = frozenset({"summary"})
    scope = "story"

    def __init__(self, cfg: Config) -> None:
        self.cfg = cfg
        self._impl = None  # built lazily so the stage pickles without models

    def __getstate__(self) -> dict[str, object]:
        return {"cfg": self.cfg, "_impl": None}

    def _summarizer(self):  # noqa: ANN202 - a Summarizer
        if self._impl is None:
            from newsweave.summarize.base import get

            name = str(self.cfg.extra.get("summarizer", "extractive"))
            kw = {"embeddings": self.cfg.embeddings} if name == "extractive" else {}
            self._impl = get(name, **kw)
        return self._impl

    def __call__(self, items: Iterable[Story], ctx: RunContext) -> Iterator[Story]:
        words = None if self.cfg.summary_sentences and not self.cfg.summary_words else self.cfg.summary_words
        for story in items:
            story.summary = self._summarizer().summarize(story, words=words,
                                                          sentences=self.cfg.summary_sentences)
            if not story.summary:
                story.meta["summary_note"] = "no sentence qualified for a summary"
                log.info("story %s: no summary sentence qualified", story.id)
            yield story

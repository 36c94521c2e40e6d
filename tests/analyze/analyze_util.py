"""Helpers for the analysis tests: build stories and run the analysis stages."""

from __future__ import annotations

import re

from newsweave.config import Config
from newsweave.model import Article, Story
from newsweave.pipeline import RunContext


def make_story(articles: list[Article], sid: str = "stest") -> Story:
    return Story(id=sid, label="test", articles=articles)


def analyse(story: Story) -> Story:
    """Run every analysis stage (in pipeline order) on one story."""
    from newsweave.analyze import analysis_stages

    ctx = RunContext(config=Config())
    items = [story]
    for st in analysis_stages(ctx.config):
        items = list(st(items, ctx))
    return items[0]


def texts(story: Story, spans: list) -> list[str]:
    arts = story.by_id()
    return [s.text_in(arts) for s in spans]


def art(text: str, src: str, published: str | None = None, language: str | None = "en") -> Article:
    """An Article with naive sentence spans (ends at . ! ? or newline), for small constructed tests."""
    a = Article.create(text, src, published=published, language=language)
    a.sentences = []
    for m in re.finditer(r"[^.!?\n]+(?:[.!?]+[\"”’]?|$)", text, re.M):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        if e > s:
            a.sentences.append((s, e))
    return a

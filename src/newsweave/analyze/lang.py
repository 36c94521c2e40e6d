"""Which articles of a story the English-only analysis must skip, and why.

An article is skipped when the clean layer tagged it with a language other than English, or,
untagged, when fewer than 8% of its words are English function words. Skipped articles stay in
the story (nothing is lost); the reason is recorded in ``story.meta["analysis_skipped"]``.
"""

from __future__ import annotations

import re

from newsweave.model import Article, Story

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_EN_FUNCTION = frozenset(
    "the a an of to in and or but is are was were be been has have had it its that this with for on at by "
    "from as he she they we you his her their not will would said".split())
MIN_EN_RATIO = 0.08


def skip_reason(article: Article, languages: tuple[str, ...] = ("en",)) -> str | None:
    """Why ``article`` cannot be analysed (non-English, no text), or None when it can."""
    if not article.text.strip():
        return "empty text"
    lang = (article.language or "").lower()
    if lang and not any(lang.startswith(x) for x in languages):
        return f"language {lang!r} not analysed (analysis is English-only)"
    if not lang:
        words = [w.lower() for w in _WORD.findall(article.text[:5000])]
        if len(words) >= 20 and sum(w in _EN_FUNCTION for w in words) / len(words) < MIN_EN_RATIO:
            return "text does not look English (analysis is English-only)"
    return None


def skipped_articles(story: Story) -> frozenset[str]:
    """Ids of the story's articles to skip; records ``{id: reason}`` in ``story.meta``."""
    reasons = story.meta.setdefault("analysis_skipped", {})
    for a in story.articles:
        if a.id not in reasons:
            r = skip_reason(a)
            if r:
                reasons[a.id] = r
    if not reasons:
        story.meta.pop("analysis_skipped", None)
    return frozenset(reasons)

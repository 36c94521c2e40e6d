"""Response models of the list endpoints (story and article bodies are report.json dicts as stored)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class StoryRow(BaseModel):
    id: str
    label: str | None = None
    n_articles: int = 0
    independent_sources: int | None = None
    date_span: list[str | None] = Field(default_factory=lambda: [None, None],
                                        description="[first, last] publication dates (ISO) of the story's articles")
    inferred_date_span: list[str | None] = Field(
        default_factory=lambda: [None, None],
        description="[first, last] reference dates inferred from the text when no article has a publication date")
    outlets: list[str] = Field(default_factory=list)


class StoryList(BaseModel):
    total: int = Field(description="stories matching the filters (all pages)")
    limit: int
    offset: int
    stories: list[StoryRow]


class ArticleHit(BaseModel):
    id: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    snippet: str = Field(description="a window of the article text around the first match")


class SearchResult(BaseModel):
    query: str
    total_stories: int
    stories: list[StoryRow]
    articles: list[ArticleHit]

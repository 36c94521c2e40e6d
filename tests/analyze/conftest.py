"""Session fixtures: the seed articles cleaned once and analysed once by the analysis stages."""

from __future__ import annotations

from pathlib import Path

import pytest
from analyze_util import analyse, make_story

from newsweave.api import ingest
from newsweave.model import Article, Story


@pytest.fixture(scope="session")
def seed_articles(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Article]:
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    _, arts = ingest([seeds_dir], db=str(db))
    arts = [a for a in arts if not a.duplicate_of]
    assert len(arts) == 5
    return sorted(arts, key=lambda a: a.source)


@pytest.fixture(scope="session")
def seed_story(seed_articles: list[Article]) -> Story:
    return analyse(make_story(list(seed_articles), "sseeds"))


def texts(story: Story, spans: list) -> list[str]:
    arts = story.by_id()
    return [s.text_in(arts) for s in spans]

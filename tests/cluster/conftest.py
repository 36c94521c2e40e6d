"""Fixtures for the dedup/cluster layer: the seeds ingested once per session (models load once)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsweave.api import ingest
from newsweave.model import Article


@pytest.fixture(scope="session")
def seed_db(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[Article]]:
    """The seeds ingested (clean, dedup, incremental clustering) into a fresh store, once per session."""
    db = str(tmp_path_factory.mktemp("seeds") / "nw.db")
    _, arts = ingest([seeds_dir], db=db)
    return db, sorted(arts, key=lambda a: a.source)


@pytest.fixture(scope="session")
def seed_articles(seed_db: tuple[str, list[Article]]) -> list[Article]:
    return seed_db[1]


@pytest.fixture(scope="session")
def seed_vectors(seed_articles: list[Article]) -> dict:
    from newsweave.nlp import sentence_vectors

    return sentence_vectors(seed_articles)

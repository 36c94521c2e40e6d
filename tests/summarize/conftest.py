"""Session fixtures: the seed story built once through ``newsweave.api.run`` (all stages, tmp db)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsweave.model import Report, Story


@pytest.fixture(scope="session")
def seed_run(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, Path]:
    from newsweave.api import run

    db = tmp_path_factory.mktemp("summary-seeds") / "seeds.db"
    report = run([seeds_dir], db=str(db))
    return report, db


@pytest.fixture(scope="session")
def seed_story(seed_run: tuple[Report, Path]) -> Story:
    report, _ = seed_run
    assert len(report.stories) == 1, "the five seeds are one story"
    return report.stories[0]

"""Python API misuse fails fast with a ConfigError naming what is wrong; backend names work as
config overrides (found by a review of the API, 2026-12-04)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsweave import api
from newsweave.config import Config, ConfigError

TEXT = ("The council approved a new budget of 40 million dollars on Tuesday after a long debate in the town "
        "hall. The mayor said the plan would fund three new schools and repair the main bridge this year.")


@pytest.mark.parametrize("kw,match", [
    ({"min_words": "x"}, "min_words must be int"),
    ({"summary_words": "200"}, "summary_words must be int"),
    ({"languages": "en"}, "languages must be a list"),
    ({"embeddings": "no"}, "embeddings must be bool"),
])
def test_config_built_in_python_is_type_checked(kw: dict, match: str) -> None:
    with pytest.raises(ConfigError, match=match):
        Config(**kw)


def test_config_coerces_what_toml_would_give_and_rejects_unknown_keys() -> None:
    cfg = Config(jsonl={"text": "body"}, languages=["en", "de"])
    assert cfg.jsonl.text == "body" and cfg.languages == ("en", "de")
    with pytest.raises(ConfigError, match="unknown config keys: bogus"):
        Config().with_(bogus=1)


def test_backend_names_are_overrides_and_a_config_path_is_loaded(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, "utf-8")
    toml = tmp_path / "nw.toml"
    toml.write_text('[newsweave]\nsummary_words = 50\n', "utf-8")
    db = str(tmp_path / "nw.db")
    rep = api.run(tmp_path / "a.txt", db=db, store="sqlite", engine="local", config=toml)
    assert len(rep.stories) == 1
    sid = rep.stories[0].id
    assert [s.id for s in api.analyze_stored(sid, db=db).stories] == [sid]  # one id, not its characters
    with pytest.raises(ConfigError, match="unknown engine"):
        api.run(tmp_path / "a.txt", db=db, engine="spark")
    with pytest.raises(ConfigError, match="engine must be an Engine"):
        api.run(tmp_path / "a.txt", db=db, engine=3)
    with pytest.raises(ConfigError, match="config must be a Config"):
        api.run(tmp_path / "a.txt", db=db, config={"db": db})


def test_a_database_path_may_be_a_pathlib_path(tmp_path: Path) -> None:
    assert Config(db=tmp_path / "x.db").db == str(tmp_path / "x.db")
    assert Config().with_(db=tmp_path / "y.db").db == str(tmp_path / "y.db")
    (tmp_path / "a.txt").write_text(TEXT, "utf-8")
    rep = api.run(tmp_path / "a.txt", db=tmp_path / "nw.db")
    assert len(rep.stories) == 1 and (tmp_path / "nw.db").is_file()
    with pytest.raises(ConfigError, match="db must be str"):
        Config(db=3)


def test_articles_must_be_articles() -> None:
    with pytest.raises(ConfigError, match="takes Article objects"):
        api.analyze(["plain text"])
    with pytest.raises(ConfigError, match="takes Article objects"):
        api.run(articles=[{"text": TEXT}])


def test_language_codes_are_those_the_detector_returns() -> None:
    from newsweave.clean import language
    from newsweave.config import LANGUAGES

    said = set(language.STOPWORDS) | {lang for _, lang in language._SCRIPTS} | {"und"}
    assert said == set(LANGUAGES)
    with pytest.raises(ConfigError, match="unknown language code 'english'"):
        Config(languages=["english"])

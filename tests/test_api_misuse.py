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


@pytest.mark.parametrize("call,match", [
    (lambda db: api.run(5, db=db), "paths takes a list, not int"),
    (lambda db: api.ingest([5], db=db), "paths take file or folder names"),
    (lambda db: api.ingest(urls=[b"x"], db=db), "urls take strings"),
    (lambda db: api.analyze(None), "takes a list, not NoneType"),
    (lambda db: api.run(articles=[TEXT], db=db), "takes Article objects"),
])
def test_wrong_argument_types_fail_before_a_store_is_made(tmp_path: Path, call, match: str) -> None:
    db = str(tmp_path / "nw.db")
    with pytest.raises(ConfigError, match=match):
        call(db)
    assert not Path(db).exists()
    (tmp_path / "a.txt").write_text(TEXT, "utf-8")
    api.ingest([tmp_path / "a.txt"], db=db)
    with pytest.raises(ConfigError, match="story id strings"):
        api.analyze_stored([123], db=db)


def test_articles_built_in_python_are_stored_and_split_into_sentences(tmp_path: Path) -> None:
    from newsweave.model import Article

    db = str(tmp_path / "nw.db")
    arts = [Article.create(TEXT, "mine-1"), Article.create(TEXT.replace("40 million", "41 million"), "mine-2")]
    report = api.run(articles=arts, db=db)
    assert all(a.sentences for a in arts) and report.stories and report.stories[0].summary
    again = api.analyze_stored(everything=True, db=db)  # the stored story's articles are in the store
    assert {a.id for s in again.stories for a in s.articles} == {a.id for a in arts}

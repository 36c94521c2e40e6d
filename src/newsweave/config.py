"""One typed config: defaults, an optional TOML file, then CLI flags. Bad values fail fast."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any


class ConfigError(ValueError):
    """Misuse: a bad flag or config value. The CLI prints it and exits with status 2."""


STORES = ("sqlite",)
ENGINES = ("local", "dask")
# the codes clean.language can return (a test keeps the two in step); "und": too short to tell
LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl", "sv", "no", "da", "pl", "ru", "zh", "ja", "ko", "ar", "el",
             "he", "hi", "th", "und")
CLUSTER_MODES = ("batch", "incremental")


@dataclass(frozen=True)
class JsonlFields:
    """Field names read from each JSONL line (configurable: ``--jsonl-text body`` etc.)."""

    text: str = "text"
    title: str = "title"
    url: str = "url"
    date: str = "date"
    author: str = "author"
    outlet: str = "outlet"
    id: str = "id"


_TYPES: dict[str, tuple[type, ...]] = {"int": (int,), "float": (int, float), "str": (str,), "bool": (bool,)}


def _check_type(key: str, value: Any, path: str | Path | None) -> None:
    """A config file value (or a ``Config(...)`` argument, ``path`` None) of the wrong type fails here,
    naming its key ("min_words = 'x'")."""
    where = f"config file {path}: {key}" if path is not None else f"config {key}"
    if key == "languages":
        if not isinstance(value, list | tuple) or not all(isinstance(x, str) for x in value):
            raise ConfigError(f'{where} must be a list of language codes, e.g. ["en"] (or [] for all)')
        return
    if key == "jsonl":
        if isinstance(value, JsonlFields):
            return
        names = {f.name for f in fields(JsonlFields)}
        if not isinstance(value, dict) or set(value) - names or not all(isinstance(v, str) for v in value.values()):
            raise ConfigError(f"{where} must be a [newsweave.jsonl] table of field names ({', '.join(sorted(names))})")
        return
    if key == "extra":
        if not isinstance(value, dict):
            raise ConfigError(f"{where} must be a table ([newsweave.extra])")
        return
    hint = {f.name: str(f.type) for f in fields(Config)}[key]
    want = next((t for name, t in _TYPES.items() if name in hint), None)
    if want is None or (value is None and "None" in hint):
        return
    if not isinstance(value, want) or (isinstance(value, bool) and bool not in want):
        raise ConfigError(f"{where} must be {hint.replace(' | None', '')}, got {type(value).__name__} {value!r}")


@dataclass(frozen=True)
class Config:
    db: str = "newsweave.db"
    store: str = "sqlite"
    engine: str = "local"
    scheduler: str | None = None  # dask scheduler address; None starts a LocalCluster
    workers: int = 2
    processes: int = 0  # local engine: worker processes for per-article stages (0 = in this process)
    partition_size: int = 128  # items per engine task (dask partitions)
    dask_timeout: float = 10.0  # seconds to reach a --scheduler before giving up
    max_file_bytes: int = 64 * 1024 * 1024  # inputs above this are rejected with a reason
    min_words: int = 20  # cleaned text below this is rejected as "too short"
    max_article_chars: int = 2_000_000  # one article's decoded text above this is rejected
    fetch_timeout: float = 20.0  # seconds per URL for --fetch
    jsonl: JsonlFields = field(default_factory=JsonlFields)
    cluster_mode: str = "batch"
    summary_words: int = 200
    summary_sentences: int | None = None
    embeddings: bool = True  # False skips sentence-embedding work (MiniLM) where a stage allows
    languages: tuple[str, ...] = ("en",)
    progress: bool = False  # set by the CLI when stderr is a TTY
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if isinstance(self.db, os.PathLike):  # Config(db=Path("x.db")) from Python
            object.__setattr__(self, "db", os.fspath(self.db))
        for f in fields(self):  # Config(...) built in Python is checked like a config file
            _check_type(f.name, getattr(self, f.name), None)
        if isinstance(self.jsonl, dict):
            object.__setattr__(self, "jsonl", JsonlFields(**self.jsonl))
        if isinstance(self.languages, list):
            object.__setattr__(self, "languages", tuple(self.languages))
        if self.store not in STORES:
            raise ConfigError(f"unknown store {self.store!r}; choose one of {', '.join(STORES)}")
        if self.engine not in ENGINES:
            raise ConfigError(f"unknown engine {self.engine!r}; choose one of {', '.join(ENGINES)}")
        if self.cluster_mode not in CLUSTER_MODES:
            raise ConfigError(f"unknown cluster mode {self.cluster_mode!r}; choose {', '.join(CLUSTER_MODES)}")
        if self.summary_words < 10:
            raise ConfigError(f"summary_words (--words) must be at least 10, got {self.summary_words}")
        if self.summary_sentences is not None and self.summary_sentences < 1:
            raise ConfigError("summary_sentences (--sentences) must be at least 1")
        if self.workers < 1:
            raise ConfigError(f"workers (--workers) must be at least 1, got {self.workers}")
        if self.processes < 0:
            raise ConfigError("processes (--processes) must be 0 (in-process) or more")
        if self.min_words < 0:
            raise ConfigError(f"min_words (--min-words) must be 0 or more, got {self.min_words}")
        if self.max_article_chars < 1 or self.fetch_timeout <= 0:
            raise ConfigError("max_article_chars and fetch_timeout must be positive")
        unknown = [x for x in self.languages if x not in LANGUAGES]
        if unknown:
            raise ConfigError(f"unknown language code {unknown[0]!r} in languages (--languages); newsweave tells "
                              f"apart: {', '.join(LANGUAGES)}")
        if self.processes and self.engine != "local":
            raise ConfigError("--processes is for --engine local (dask uses --workers)")
        if self.partition_size < 1 or self.dask_timeout <= 0:
            raise ConfigError("partition_size and dask_timeout must be positive")
        if self.max_file_bytes < 1:
            raise ConfigError("max_file_bytes must be positive")
        if self.scheduler and self.engine != "dask":
            raise ConfigError("--scheduler only makes sense with --engine dask")

    def with_(self, **changes: Any) -> Config:
        """A copy with ``changes``; ``None`` values are ignored so CLI flags can be passed through."""
        unknown = set(changes) - {f.name for f in fields(self)}
        if unknown:
            raise ConfigError(f"unknown config keys: {', '.join(sorted(unknown))}")
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    @classmethod
    def load(cls, path: str | Path | None = None, **overrides: Any) -> Config:
        data: dict[str, Any] = {}
        if path:
            p = Path(path)
            if not p.is_file():
                raise ConfigError(f"config file {p} is a folder, not a TOML file" if p.is_dir()
                                  else f"config file {p} does not exist")
            try:
                doc = tomllib.loads(p.read_text("utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise ConfigError(f"config file {p} is not valid TOML: {exc}") from exc
            if "newsweave" not in doc and doc:
                raise ConfigError(f"config file {p} has no [newsweave] table (its tables: {', '.join(sorted(doc))})")
            data = doc.get("newsweave", {})
            if not isinstance(data, dict):
                raise ConfigError(f"config file {p}: 'newsweave' must be a table ([newsweave]), not a value")
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ConfigError(f"unknown config keys in {path}: {', '.join(sorted(unknown))}")
        data = dict(data)
        for key, value in data.items():
            _check_type(key, value, path)
        if "jsonl" in data:
            data["jsonl"] = JsonlFields(**data["jsonl"])
        if "languages" in data:
            data["languages"] = tuple(data["languages"])
        try:
            cfg = cls(**data)
        except TypeError as exc:
            raise ConfigError(str(exc)) from exc
        return cfg.with_(**overrides)

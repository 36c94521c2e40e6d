"""Engines run pipeline segments; stages never know which engine runs them.

``local`` (default) runs in-process and streams; ``dask`` maps item segments over partitions and
story segments over stories on a dask.distributed cluster. Pick one with ``Config.engine``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol

from newsweave.config import Config, ConfigError
from newsweave.model import Story
from newsweave.pipeline import Pipeline, RunContext, Stage


class Engine(Protocol):
    name: str

    def map_items(self, stages: Sequence[Stage], items: Iterable[Any], ctx: RunContext) -> Iterator[Any]: ...
    def map_stories(self, stages: Sequence[Stage], stories: Iterable[Story], ctx: RunContext) -> list[Story]: ...
    def close(self) -> None: ...


class LocalEngine:
    """In-process, streaming: items flow through the stages one at a time."""

    name = "local"

    def __init__(self, cfg: Config) -> None:
        self.cfg = cfg

    def map_items(self, stages: Sequence[Stage], items: Iterable[Any], ctx: RunContext) -> Iterator[Any]:
        if not stages:
            return iter(items)
        return Pipeline(stages, check=False)(items, ctx)

    def map_stories(self, stages: Sequence[Stage], stories: Iterable[Story], ctx: RunContext) -> list[Story]:
        if not stages:
            return list(stories)
        return list(Pipeline(stages, check=False)(stories, ctx))

    def close(self) -> None:
        return None


def make_engine(cfg: Config) -> Engine:
    if cfg.engine == "local":
        return LocalEngine(cfg)
    if cfg.engine == "dask":
        try:
            from newsweave.engine.dask_engine import DaskEngine
        except ImportError as exc:
            raise ConfigError(f"--engine dask is not available: {exc}") from exc
        return DaskEngine(cfg)
    raise ConfigError(f"unknown engine {cfg.engine!r}")

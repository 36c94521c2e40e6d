"""Store backends by name: ``open_store(config)`` picks one from ``config.store``."""

from __future__ import annotations

from collections.abc import Callable

from newsweave.config import Config, ConfigError
from newsweave.store.base import Store


def _sqlite(cfg: Config) -> Store:
    from newsweave.store.sqlite import SQLiteStore

    return SQLiteStore(cfg.db)


BACKENDS: dict[str, Callable[[Config], Store]] = {"sqlite": _sqlite}


def open_store(cfg: Config) -> Store:
    try:
        factory = BACKENDS[cfg.store]
    except KeyError:
        raise ConfigError(f"unknown store {cfg.store!r}") from None
    return factory(cfg)


__all__ = ["Store", "open_store", "BACKENDS"]

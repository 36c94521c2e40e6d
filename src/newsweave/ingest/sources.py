"""Walk input paths and yield RawDoc items. Minimal version: files and folders of text."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsweave.config import Config
from newsweave.model import RawDoc
from newsweave.pipeline import RunContext


def iter_raw(paths: Iterable[str | Path], cfg: Config, ctx: RunContext, *, urls: Iterable[str] = ()) -> Iterator[RawDoc]:
    for p in paths:
        path = Path(p)
        if not path.exists():
            ctx.drop(RawDoc(str(path), b""), "path does not exist")
            continue
        if path.is_dir():
            files = sorted(Path(root) / f for root, _, fs in os.walk(path) for f in fs)
        else:
            files = [path]
        for f in files:
            try:
                data = f.read_bytes()
            except OSError as exc:
                ctx.drop(RawDoc(str(f), b""), f"unreadable: {exc.strerror or exc}")
                continue
            yield RawDoc(input=str(f), content=data)

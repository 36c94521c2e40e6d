"""Stage contract, build-time pipeline checks, and the run context that records drops.

A stage is a callable ``stage(items, ctx) -> Iterator`` with a ``name``, the fields it
``requires`` and ``provides``, and a ``scope``:

* ``"item"``   pure per-document work (clean, MinHash, NER, embeddings): an engine may run it
               on partitions in other processes;
* ``"corpus"`` needs the whole stream (dedup against the store, clustering): runs on the driver;
* ``"story"``  pure per-story work (reuse, entities, facts, summary): an engine may run it per story.

Anything a stage drops goes to ``ctx.drop(item, reason)`` and ends in the run summary; a stage
never swallows an item silently. Stages never import an engine or open a store themselves.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol, runtime_checkable

from newsweave.model import Article, InputRecord, RawDoc, RunSummary, Story

if TYPE_CHECKING:
    from newsweave.config import Config
    from newsweave.store.base import Store

log = logging.getLogger(__name__)

Scope = Literal["item", "corpus", "story"]


class PipelineError(ValueError):
    """A pipeline that cannot run: raised when it is built, never half way through a run."""


@runtime_checkable
class Stage(Protocol):
    name: str
    requires: frozenset[str]
    provides: frozenset[str]
    scope: Scope

    def __call__(self, items: Iterable[Any], ctx: RunContext) -> Iterator[Any]: ...


@dataclass
class StageStats:
    items_in: int = 0
    items_out: int = 0
    dropped: int = 0
    seconds: float = 0.0  # the stage's own time, not that of the upstream stages it pulls from
    first: float = float("inf")  # when its first item came in: stages of one stream enter in pipeline order

    def merge(self, other: StageStats) -> None:
        self.items_in += other.items_in
        self.items_out += other.items_out
        self.dropped += other.dropped
        self.seconds += other.seconds
        self.first = min(self.first, other.first)


def input_name(item: Any) -> str:
    if isinstance(item, RawDoc):
        return item.input
    if isinstance(item, Article):
        return item.source
    if isinstance(item, Story):
        return f"story:{item.id}"
    return repr(item)[:200]


@dataclass
class RunContext:
    """Per-run state handed to every stage: config, drop log and stage counters.

    ``store`` is only set on the driver (corpus stages may read it); item and story stages
    must not rely on it so that they can run on remote workers.
    """

    config: Config
    store: Store | None = None
    records: list[InputRecord] = field(default_factory=list)
    stats: dict[str, StageStats] = field(default_factory=dict)
    current_stage: str = ""
    run_id: int = 0

    def drop(self, item: Any, reason: str, *, duplicate_of: str | None = None) -> None:
        """Record that ``item`` leaves the pipeline: rejected with ``reason`` or a duplicate."""
        status: Literal["duplicate", "rejected"] = "duplicate" if duplicate_of else "rejected"
        aid = item.id if isinstance(item, Article) else None
        self.records.append(InputRecord(input_name(item), status, reason,
                                        duplicate_of or aid, self.current_stage or None))
        self.stats.setdefault(self.current_stage or "?", StageStats()).dropped += 1
        log.debug("%s %s: %s", status, input_name(item), reason)

    def accept(self, article: Article) -> None:
        self.records.append(InputRecord(article.source, "accepted", None, article.id, None))

    def fork(self) -> RunContext:
        """A fresh context for a worker: same config, no store, empty logs (merged back later)."""
        return RunContext(config=self.config)

    def merge(self, other: RunContext) -> None:
        self.absorb(other.records, other.stats)

    def absorb(self, records: Iterable[InputRecord], stats: Mapping[str, StageStats]) -> None:
        """Take over a worker's drop records and stage statistics (what engine tasks return)."""
        self.records.extend(records)
        for name, st in stats.items():
            self.stats.setdefault(name, StageStats()).merge(st)

    def summary(self) -> RunSummary:
        out = RunSummary()
        for rec in sorted(self.records, key=lambda r: r.input):  # by input: the same in every engine
            out.add(rec)
        ranked = sorted(enumerate(self.stats.items()), key=lambda x: (x[1][1].first, x[0]))
        for _, (name, st) in ranked:  # in the order items reached them: the pipeline's order
            out.stages[name] = {"in": st.items_in, "out": st.items_out, "dropped": st.dropped,
                                "seconds": round(st.seconds, 3)}
        return out


def _timed(stage: Stage, items: Iterable[Any], ctx: RunContext) -> Iterator[Any]:
    """Run ``stage`` over ``items`` counting what goes in and out and the stage's own seconds (time
    spent pulling from the upstream stages is theirs, not this stage's)."""
    st = ctx.stats.setdefault(stage.name, StageStats())
    pulled = [0.0]

    def counted() -> Iterator[Any]:
        upstream = iter(items)
        while True:
            t = time.perf_counter()
            try:
                it = next(upstream)  # runs the upstream stage, which sets ``current_stage`` to its name
            except StopIteration:
                pulled[0] += time.perf_counter() - t
                return
            pulled[0] += time.perf_counter() - t
            ctx.current_stage = stage.name
            if not st.items_in:
                st.first = min(st.first, time.time())
            st.items_in += 1
            yield it

    gen = stage(counted(), ctx)
    while True:
        ctx.current_stage = stage.name
        t0, p0 = time.perf_counter(), pulled[0]
        try:
            out = next(gen)
        except StopIteration:
            st.seconds += time.perf_counter() - t0 - (pulled[0] - p0)
            return
        st.seconds += time.perf_counter() - t0 - (pulled[0] - p0)
        st.items_out += 1
        yield out


class Pipeline:
    """An ordered list of stages, checked when built: every ``requires`` must be provided earlier."""

    def __init__(self, stages: Sequence[Stage], initial: Iterable[str] = ("raw",), *, check: bool = True) -> None:
        """``check=False`` is for engines re-running a segment of an already-checked pipeline."""
        have = set(initial)
        seen: set[str] = set()
        for st in stages:
            if not isinstance(st, Stage):
                raise PipelineError(f"{st!r} is not a Stage (needs name, requires, provides, scope, __call__)")
            if st.name in seen:
                raise PipelineError(f"stage name {st.name!r} used twice")
            missing = set(st.requires) - have
            if check and missing:
                raise PipelineError(
                    f"stage {st.name!r} requires {sorted(missing)} but earlier stages provide only {sorted(have)}")
            seen.add(st.name)
            have |= set(st.provides)
        self.stages = list(stages)
        self.provides = frozenset(have)

    def __call__(self, items: Iterable[Any], ctx: RunContext) -> Iterator[Any]:
        stream: Iterable[Any] = items
        for st in self.stages:
            stream = _timed(st, stream, ctx)
        yield from stream

    def segments(self) -> list[tuple[Scope, list[Stage]]]:
        """Consecutive runs of stages with the same scope: what an engine maps over partitions."""
        out: list[tuple[Scope, list[Stage]]] = []
        for st in self.stages:
            if out and out[-1][0] == st.scope:
                out[-1][1].append(st)
            else:
                out.append((st.scope, [st]))
        return out


@dataclass
class FunctionStage:
    """Wrap a per-item function as a stage. ``fn`` returns the new item, or a str reason to drop it."""

    name: str
    fn: Callable[[Any], Any]
    requires: frozenset[str] = frozenset()
    provides: frozenset[str] = frozenset()
    scope: Scope = "item"

    def __call__(self, items: Iterable[Any], ctx: RunContext) -> Iterator[Any]:
        for it in items:
            res = self.fn(it)
            if isinstance(res, str):
                ctx.drop(it, res)
            else:
                yield res

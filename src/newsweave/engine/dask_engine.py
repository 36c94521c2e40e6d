"""Dask engine: item stages map over partitions, story stages over groups of stories.

* ``Config.scheduler`` set: join that cluster (``Client(address)``); otherwise a
  ``LocalCluster`` (``Config.workers`` processes, one thread each) is started for the run and
  closed by :meth:`DaskEngine.close`.
* Each task gets its inputs as one pickled payload and unpickles a fresh copy per attempt, runs
  the stages with a forked :class:`RunContext` and returns ``(outputs, drop records, stage stats)``;
  the driver merges them into its context. A task is a pure function of its payload, so
  ``retries`` (and the scheduler's re-run of tasks lost with a dead worker) give the same result.
* At most ``max_in_flight`` partitions are submitted at once (backpressure: the input stream is
  read only as fast as workers finish) and results are yielded in input order (determinism).
* Workers never write the store. Models are loaded once per worker process by ``newsweave.nlp``
  (``lru_cache``); sentence vectors computed on a worker come back once, as float16 bytes, so the
  driver can cache them in the store; vectors the driver already has travel to the worker the same way.
"""

from __future__ import annotations

import logging
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import CancelledError
from itertools import islice
from typing import Any

import cloudpickle
from distributed import Client, Future, LocalCluster
from distributed.comm.core import CommClosedError

from newsweave.config import Config, ConfigError
from newsweave.engine import EngineError, story_groups
from newsweave.engine.tasks import TaskResult, run_items, run_stories, worker_probe
from newsweave.model import META_VECTORS, Story
from newsweave.pipeline import RunContext, Stage

log = logging.getLogger(__name__)

# --- driver side ----------------------------------------------------------------------------------

def _check_address(address: str) -> None:
    """A --scheduler that is no address ("garbage") fails before a client is half made."""
    from distributed.comm.addressing import parse_address, parse_host_port

    try:
        proto, loc = parse_address(address)
        if proto in ("tcp", "tls", "ws", "wss"):
            parse_host_port(loc)
    except (ValueError, TypeError) as exc:
        raise ConfigError(f"--scheduler {address!r} is not a scheduler address (e.g. tcp://10.0.0.5:8786): "
                          f"{exc}") from exc


class DaskEngine:
    """``--engine dask``: a dask.distributed client on an existing scheduler or a LocalCluster."""

    name = "dask"

    def __init__(self, cfg: Config, *, retries: int = 2, max_in_flight: int | None = None) -> None:
        self.cfg = cfg
        self.retries = retries
        self.partition_size = cfg.partition_size
        self.cluster: LocalCluster | None = None
        if not log.isEnabledFor(logging.DEBUG):  # the scheduler runs in this process: keep it quiet
            logging.getLogger("distributed").setLevel(logging.WARNING)
            # a lost scheduler is reported once, as an EngineError, not as the client's reconnect tracebacks
            logging.getLogger("distributed.client").setLevel(logging.CRITICAL)
        if cfg.scheduler:
            _check_address(cfg.scheduler)
            try:
                self.client = Client(cfg.scheduler, timeout=cfg.dask_timeout, set_as_default=False)
            except (OSError, TimeoutError) as exc:
                raise ConfigError(f"cannot reach dask scheduler {cfg.scheduler} within "
                                  f"{cfg.dask_timeout:g} s: {exc}") from exc
            try:
                self.client.wait_for_workers(1, timeout=cfg.dask_timeout)
            except (OSError, TimeoutError) as exc:
                self.client.close()
                raise EngineError(f"dask scheduler {cfg.scheduler} has no workers (none joined within "
                                  f"{cfg.dask_timeout:g} s)") from exc

        else:
            self.cluster = LocalCluster(n_workers=cfg.workers, threads_per_worker=1, processes=True,
                                        dashboard_address=None, silence_logs=logging.WARNING,
                                        # no dashboard; its HTTP endpoint on a free port, not 8787
                                        scheduler_kwargs={"dashboard_address": ":0"})
            self.client = Client(self.cluster, set_as_default=False)
        self._max_in_flight = max_in_flight
        log.info("dask engine on %s with %d workers", self.client.scheduler.address, self.n_workers)

    @property
    def n_workers(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    @property
    def max_in_flight(self) -> int:
        return self._max_in_flight or 2 * self.n_workers + 1

    # item stages -------------------------------------------------------------------------------
    def map_items(self, stages: Sequence[Stage], items: Iterable[Any], ctx: RunContext) -> Iterator[Any]:
        if not stages:
            return iter(items)
        blob = cloudpickle.dumps(list(stages))
        wctx = ctx.fork()
        it = iter(items)

        def chunks() -> Iterator[bytes]:
            while part := list(islice(it, self.partition_size)):
                yield cloudpickle.dumps((part, wctx))

        return self._ordered(run_items, blob, chunks(), ctx, "items")

    # story stages ------------------------------------------------------------------------------
    def map_stories(self, stages: Sequence[Stage], stories: Iterable[Story], ctx: RunContext) -> list[Story]:
        stories = list(stories)
        if not stages or not stories:
            return stories
        from newsweave import nlp

        if self.cfg.embeddings:  # vectors the driver has (store cache, clustering) travel with the story
            for s in stories:
                for a in s.articles:
                    vec = nlp.cached_sentence_vectors(a.id)
                    if META_VECTORS not in a.meta and vec is not None and len(vec) == len(a.sentences):
                        a.meta[META_VECTORS] = nlp.to_bytes(vec)
        blob = cloudpickle.dumps(list(stages))
        wctx = ctx.fork()
        groups = (cloudpickle.dumps((g, wctx)) for g in story_groups(stories))
        return list(self._ordered(run_stories, blob, groups, ctx, "stories"))

    # shared ------------------------------------------------------------------------------------
    def _ordered(self, fn: Callable[[bytes, bytes], TaskResult], blob: bytes, payloads: Iterator[bytes],
                 ctx: RunContext, tag: str) -> Iterator[Any]:
        """Submit payloads with at most ``max_in_flight`` pending; yield outputs in input order."""
        from newsweave import nlp

        run = uuid.uuid4().hex[:8]
        pending: deque[Future] = deque()
        n = 0
        try:
            while True:
                while len(pending) < self.max_in_flight:
                    payload = next(payloads, None)
                    if payload is None:
                        break
                    pending.append(self.client.submit(fn, blob, payload, key=f"newsweave-{tag}-{run}-{n}",
                                                      retries=self.retries, pure=False))
                    n += 1
                if not pending:
                    return
                fut = pending.popleft()
                out, records, stats, vectors = self._result(fut)
                fut.release()
                ctx.absorb(records, stats)
                for aid, buf in vectors.items():
                    nlp.remember_sentence_vectors(aid, buf)
                yield from out
        finally:
            for f in pending:
                f.cancel()

    def _result(self, fut: Future) -> Any:
        """``fut.result()``, or :class:`EngineError` when the scheduler is lost or no worker has been
        seen for two ``dask_timeout`` periods in a row (tasks would wait for one forever)."""
        idle = 0.0
        while True:
            try:
                return fut.result(timeout=self.cfg.dask_timeout)
            except TimeoutError:  # (an OSError: caught first) the task is still running, or waiting
                if fut.status == "error":
                    raise  # the task's own error
            except (CancelledError, CommClosedError, OSError) as exc:
                if fut.status == "error":
                    raise
                raise EngineError(f"lost the dask scheduler {self.client.scheduler.address}: "
                                  f"{type(exc).__name__}") from exc
            try:
                workers = self.client.scheduler_info().get("workers", {})
            except (CommClosedError, OSError) as exc:
                raise EngineError(f"lost the dask scheduler {self.client.scheduler.address}") from exc
            idle = idle + self.cfg.dask_timeout if not workers else 0.0
            if idle >= 2 * self.cfg.dask_timeout:
                raise EngineError(f"no dask workers left on {self.client.scheduler.address} for "
                                  f"{idle:g} s; the run cannot finish")

    def probe_workers(self) -> list[dict[str, Any]]:
        """``worker_probe()`` on every worker: pids and model-load counts."""
        return list(self.client.run(worker_probe).values())

    def close(self) -> None:
        try:
            self.client.close()
        finally:
            if self.cluster is not None:
                self.cluster.close()
                self.cluster = None

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

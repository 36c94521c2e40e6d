"""Dask engine: same results as local, fault tolerance, backpressure, models once per worker, misuse.

One module-scoped LocalCluster (2 worker processes) serves most tests through ``--scheduler``;
one test lets ``--engine dask`` start (and close) its own LocalCluster like a user's run does.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cloudpickle
import pytest

distributed = pytest.importorskip("distributed")

from newsweave import stages as default_stages  # noqa: E402
from newsweave.api import run  # noqa: E402
from newsweave.cli.main import main  # noqa: E402
from newsweave.config import Config, ConfigError  # noqa: E402
from newsweave.engine import LocalEngine, make_engine  # noqa: E402
from newsweave.engine.dask_engine import DaskEngine  # noqa: E402
from newsweave.pipeline import FunctionStage, RunContext, input_name  # noqa: E402
from newsweave.store.sqlite import SQLiteStore  # noqa: E402

# helper stages below travel to the workers by value (the workers cannot import this test module)
cloudpickle.register_pickle_by_value(sys.modules[__name__])

pytestmark = pytest.mark.timeout(300)


# --- helper stages ----------------------------------------------------------------------------------

@dataclass
class Trip:
    """Passes items through; the first item whose input name contains ``target`` trips, once per
    run (a marker file created with O_EXCL): ``exit`` kills the worker process, ``raise`` fails the task."""

    marker: str
    how: str
    target: str = ""
    scope: str = "item"
    name: str = "trip"
    requires: frozenset[str] = frozenset()
    provides: frozenset[str] = frozenset()

    def __call__(self, items: Iterable[Any], ctx: RunContext) -> Iterator[Any]:
        for it in items:
            if self.target in input_name(it) and not Path(self.marker).exists():
                try:
                    os.close(os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
                except FileExistsError:
                    pass
                else:
                    if self.how == "exit":
                        os._exit(1)
                    raise RuntimeError("injected task failure")
            yield it


@dataclass
class ModelUser:
    """Loads spaCy through newsweave.nlp and reports (pid, how many times this process loaded it)."""

    name: str = "model_user"
    scope: str = "item"
    requires: frozenset[str] = frozenset()
    provides: frozenset[str] = frozenset()

    def __call__(self, items: Iterable[Any], ctx: RunContext) -> Iterator[Any]:
        from newsweave import nlp

        for it in items:
            nlp.spacy_nlp(("ner",))
            yield (it, os.getpid(), nlp.spacy_nlp.cache_info().misses)


def _double(x: int) -> int | str:
    return "odd" if x % 2 else x * 2


# --- fixtures ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    cl = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, scheduler_kwargs={"dashboard_address": ":0"})
    try:
        yield cl
    finally:
        cl.close()


def _make_corpus(dst: Path, src: Path, subset: bool) -> Path:
    """``src`` (examples, or the seeds until they land) plus an exact duplicate and an empty file.
    ``subset`` keeps one story's files (same name prefix as the first .txt) so the fast tests stay fast."""
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("gold*.json", "README*"))
    first = sorted(dst.rglob("*.txt"))[0]
    if subset and "_" in first.name:
        prefix = first.name.split("_")[0] + "_"
        for p in [p for p in dst.rglob("*") if p.is_file() and not p.name.startswith(prefix)]:
            p.unlink()
    (dst / "zz_copy_of_first.txt").write_bytes(first.read_bytes())
    (dst / "zz_empty.txt").write_bytes(b"")
    return dst


def _source(examples_dir: Path, seeds_dir: Path) -> Path:
    return examples_dir if examples_dir.is_dir() and any(examples_dir.glob("*.txt")) else seeds_dir


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, examples_dir: Path, seeds_dir: Path) -> Path:
    return _make_corpus(tmp_path_factory.mktemp("corpus") / "c", _source(examples_dir, seeds_dir), subset=True)


def _comparable(data: dict[str, Any]) -> dict[str, Any]:
    data["run"].pop("stages", None)  # timings
    data["run"]["rejected"].sort(key=lambda r: r["input"])
    data["run"]["duplicate_inputs"].sort(key=lambda r: r["input"])
    return data


def _cli_run(tmp: Path, tag: str, corpus: Path, *flags: str) -> tuple[dict[str, Any], Path]:
    out, db = tmp / tag, tmp / f"{tag}.db"
    rc = main(["run", str(corpus), "--out", str(out), "--db", str(db), "--json", *flags])
    assert rc == 0
    return _comparable(json.loads((out / "report.json").read_text("utf-8"))), db


def _api_run(tmp: Path, tag: str, corpus: Path, **cfg: Any) -> tuple[dict[str, Any], Path]:
    db = tmp / f"{tag}.db"
    report = run([corpus], config=Config(db=str(db), **cfg))
    return _comparable(json.loads(json.dumps(report.to_json()))), db


@pytest.fixture(scope="module")
def local_run(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> tuple[dict[str, Any], Path]:
    report, db = _api_run(tmp_path_factory.mktemp("local"), "local", corpus)
    assert report["stories"] and report["run"]["duplicates"] >= 1 and report["run"]["rejected"]
    return report, db


@pytest.fixture(scope="module")
def local_report(local_run: tuple[dict[str, Any], Path]) -> dict[str, Any]:
    return local_run[0]


def _store_counts(db: Path) -> tuple[int, int, dict[str, int]]:
    with SQLiteStore(db) as st:
        arts = st.count_articles()
        log = st.ingest_log()
        inputs = len({r["input"] for r in log})
        by = {}
        for r in log:
            by[r["status"]] = by.get(r["status"], 0) + 1
    return arts, inputs, by


# --- same result as local ---------------------------------------------------------------------------

def test_dask_matches_local(tmp_path: Path, corpus: Path, cluster: Any, local_report: dict) -> None:
    """Same stories, facts, summaries (the whole report minus timings) on a 2-worker LocalCluster."""
    report, db = _api_run(tmp_path, "dask", corpus, engine="dask", scheduler=cluster.scheduler_address)
    assert report == local_report
    arts, inputs, by = _store_counts(db)
    assert inputs == local_report["run"]["inputs"] == sum(by.values())
    assert arts == len(local_report["articles"])


@pytest.mark.slow
def test_cli_engine_dask_own_localcluster_matches_local_on_all_examples(
        tmp_path: Path, examples_dir: Path, seeds_dir: Path) -> None:
    """`newsweave run --engine dask --workers 2` (starts and closes its own LocalCluster) == `--engine
    local` on the whole bundled example corpus: same stories, facts, summaries, run summary."""
    corpus = _make_corpus(tmp_path / "all", _source(examples_dir, seeds_dir), subset=False)
    local, _ = _cli_run(tmp_path, "local", corpus)
    report, db = _cli_run(tmp_path, "dask", corpus, "--engine", "dask", "--workers", "2")
    assert len(local["stories"]) >= 2 and any(s["facts"] for s in local["stories"])
    assert report == local
    arts, inputs, by = _store_counts(db)
    assert inputs == local["run"]["inputs"] == sum(by.values())
    assert arts == len(local["articles"])


def test_scheduler_joins_existing_cluster(cluster: Any) -> None:
    with DaskEngine(Config(engine="dask", scheduler=cluster.scheduler_address)) as eng:
        assert eng.cluster is None  # joined, did not start its own
        assert set(eng.client.scheduler_info()["workers"]) == set(cluster.scheduler_info["workers"])
        ctx = RunContext(config=eng.cfg)
        assert list(eng.map_items([FunctionStage("dbl", _double)], range(10), ctx)) == [0, 4, 8, 12, 16]
    assert len(cluster.scheduler_info["workers"]) == 2  # closing the engine left the cluster running


def test_rerun_takes_sentence_vectors_from_the_store(local_run: tuple[dict[str, Any], Path], corpus: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The first run cached every accepted article's MiniLM sentence vectors (kind "minilm-int8" for
    the default encoder); a re-run in a process that has none in memory encodes nothing and gives the
    same stories."""
    from newsweave import nlp

    report, db = local_run
    with SQLiteStore(db) as st:
        ids = [a["id"] for a in report["articles"] if a["sentences"]]
        cached = st.get_cache(nlp.vector_kind(), ids)
        sizes = {a["id"]: len(a["sentences"]) for a in report["articles"]}
    assert set(cached) == set(ids)
    assert all(len(buf) == 2 * 384 * sizes[aid] for aid, buf in cached.items())

    with SQLiteStore(db) as st:
        ner = st.get_cache("ner", ids)
    assert set(ner) == set(ids)  # spaCy mentions are cached too
    assert all(isinstance(json.loads(v), list) for v in ner.values())
    from newsweave.analyze import entities

    monkeypatch.setattr(entities, "_DOC_CACHE", {})
    monkeypatch.setattr(nlp, "spacy_nlp", lambda *a, **k: pytest.fail("spaCy ran on a re-run"))
    monkeypatch.setattr(nlp, "_SENT_CACHE", {})
    encoded: list[str] = []
    real_embed = nlp.embed
    monkeypatch.setattr(nlp, "embed", lambda texts, **kw: (encoded.extend(texts), real_embed(texts, **kw))[1])
    again = run([corpus], config=Config(db=str(db)))
    sentences = {a["text"][s:e] for a in report["articles"] for s, e in a["sentences"]}
    assert not sentences & set(encoded)  # (quote merging may still embed short quote texts)
    assert _comparable(json.loads(json.dumps(again.to_json())))["stories"] == report["stories"]


# --- engine mechanics -------------------------------------------------------------------------------

def test_partitions_in_order_with_backpressure_and_merged_drops(cluster: Any) -> None:
    cfg = Config(engine="dask", scheduler=cluster.scheduler_address, partition_size=5)
    pulled = 0

    def source() -> Iterator[int]:
        nonlocal pulled
        for i in range(200):
            pulled += 1
            yield i

    stage = FunctionStage("dbl", _double)
    with DaskEngine(cfg, max_in_flight=3) as eng:
        ctx = RunContext(config=cfg)
        out, lead = [], 0
        for x in eng.map_items([stage], source(), ctx):
            out.append(x)
            lead = max(lead, pulled - 2 * len(out))  # inputs read but not yet returned
    assert out == [2 * i for i in range(0, 200, 2)]
    assert lead <= (3 + 1) * 5  # never more than the in-flight window read ahead
    local_ctx = RunContext(config=cfg)
    assert list(LocalEngine(cfg).map_items([stage], range(200), local_ctx)) == out
    s, ls = ctx.summary(), local_ctx.summary()
    assert (s.inputs, len(s.rejected), s.stages["dbl"]["in"], s.stages["dbl"]["dropped"]) == \
        (ls.inputs, len(ls.rejected), ls.stages["dbl"]["in"], ls.stages["dbl"]["dropped"]) == (100, 100, 200, 100)


def test_models_load_once_per_worker(cluster: Any) -> None:
    cfg = Config(engine="dask", scheduler=cluster.scheduler_address, partition_size=3)
    with DaskEngine(cfg) as eng:
        res = list(eng.map_items([ModelUser()], range(30), RunContext(config=cfg)))
        probes = eng.probe_workers()
    assert [r[0] for r in res] == list(range(30))
    pids = {r[1] for r in res}
    assert 1 <= len(pids) <= 2 and os.getpid() not in pids  # ran in the worker processes
    assert all(r[2] == 1 for r in res)  # 10 tasks, but each process loaded spaCy exactly once
    assert all(p["spacy_loads"] == 1 for p in probes if p["pid"] in pids)


# --- misuse -----------------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_unreachable_scheduler_is_a_clear_error(tmp_path: Path, corpus: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    cfgfile = tmp_path / "nw.toml"
    cfgfile.write_text("[newsweave]\ndask_timeout = 2\n")
    t0 = time.monotonic()
    rc = main(["run", str(corpus), "--out", str(tmp_path / "o"), "--db", str(tmp_path / "x.db"),
               "--config", str(cfgfile), "--engine", "dask", "--scheduler", f"tcp://127.0.0.1:{_free_port()}"])
    assert rc == 2
    assert time.monotonic() - t0 < 20
    assert "cannot reach dask scheduler" in capsys.readouterr().err


def test_scheduler_without_workers_is_a_clear_error(tmp_path: Path, corpus: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    # tasks sent to a scheduler with no worker would wait forever
    with distributed.LocalCluster(n_workers=0, dashboard_address=None,
                                  scheduler_kwargs={"dashboard_address": ":0"}) as empty:
        cfgfile = tmp_path / "nw.toml"
        cfgfile.write_text("[newsweave]\ndask_timeout = 1\n")
        t0 = time.monotonic()
        rc = main(["run", str(corpus), "--out", str(tmp_path / "o"), "--db", str(tmp_path / "x.db"),
                   "--config", str(cfgfile), "--engine", "dask", "--scheduler", empty.scheduler_address])
        assert rc == 2 and time.monotonic() - t0 < 20
        assert "has no workers" in capsys.readouterr().err


def test_lost_scheduler_is_an_engine_error(cluster: Any) -> None:
    from newsweave.engine import EngineError

    eng = DaskEngine(Config(engine="dask", scheduler=cluster.scheduler_address, dask_timeout=1))
    fut = eng.client.submit(time.sleep, 30, pure=False)
    fut.cancel()  # what the client does to every future when its scheduler goes away
    with pytest.raises(EngineError, match="lost the dask scheduler"):
        eng._result(fut)
    eng.close()


def test_malformed_scheduler_address_is_misuse(tmp_path: Path, corpus: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    rc = main(["run", str(corpus), "--out", str(tmp_path / "o"), "--db", str(tmp_path / "x.db"),
               "--engine", "dask", "--scheduler", "garbage"])
    assert rc == 2
    assert "is not a scheduler address" in capsys.readouterr().err


def test_scheduler_without_dask_engine_is_misuse(tmp_path: Path, corpus: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    rc = main(["run", str(corpus), "--out", str(tmp_path / "o"), "--db", str(tmp_path / "x.db"),
               "--scheduler", "tcp://127.0.0.1:8786"])
    assert rc == 2
    assert "--scheduler only makes sense with --engine dask" in capsys.readouterr().err
    with pytest.raises(ConfigError):
        make_engine(Config(engine="dask", scheduler="tcp://127.0.0.1:1", dask_timeout=0.5))


# --- faults: a worker dies mid-run, a story task fails once -----------------------------------------

def test_worker_killed_and_task_failure_same_result(tmp_path: Path, corpus: Path, cluster: Any,
                                                    local_report: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    item_marker, story_marker = tmp_path / "item.trip", tmp_path / "story.trip"
    items0, stories0 = default_stages.item_stages, default_stages.story_stages
    files = sorted(str(p) for p in corpus.rglob("*") if p.is_file())
    middle = files[len(files) // 2]  # the worker dies on this input, after earlier partitions finished
    monkeypatch.setattr(default_stages, "item_stages",
                        lambda cfg: [Trip(str(item_marker), "exit", middle, scope="item"), *items0(cfg)])
    monkeypatch.setattr(default_stages, "story_stages",
                        lambda cfg: [*stories0(cfg), Trip(str(story_marker), "raise", scope="story",
                                                          name="trip_story")])
    workers_before = set(cluster.scheduler_info["workers"])
    report, db = _api_run(tmp_path, "faulty", corpus, engine="dask", scheduler=cluster.scheduler_address,
                          partition_size=2)
    assert item_marker.exists() and story_marker.exists()  # both faults really happened
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(cluster.scheduler_info["workers"]) < 2:
        time.sleep(0.2)
    assert set(cluster.scheduler_info["workers"]) != workers_before  # the nanny replaced the dead worker
    assert report == local_report
    arts, inputs, by = _store_counts(db)
    assert inputs == local_report["run"]["inputs"] == sum(by.values())  # nothing lost, nothing twice
    assert arts == len(local_report["articles"])
    assert by["accepted"] == local_report["run"]["accepted"]

    # re-running the same inputs adds nothing: every input is now a duplicate of a stored article
    rc = main(["ingest", str(corpus), "--db", str(db), "--json", "--engine", "dask",
               "--scheduler", cluster.scheduler_address])
    assert rc == 0
    arts2, _, by2 = _store_counts(db)
    assert arts2 == arts
    assert by2["accepted"] == by["accepted"]

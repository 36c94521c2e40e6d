"""Hypothesis: a cut or garbled container (RSS, Atom, WARC, gzip, JSONL, HTML) is data, never a crash.

Each example mutates a valid input (cut it, overwrite bytes, insert or delete a run) and expands it as
ingest does; every file must end as documents and/or drop records, with no exception escaping.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from ingest_helpers import BODY
from test_ingest_formats import ATOM, RSS, _warc

from newsweave.config import Config
from newsweave.ingest.containers import expand
from newsweave.ingest.sniff import sniff
from newsweave.pipeline import RunContext

PAGE = f"<html><head><title>Bridge reopens</title></head><body><p>{BODY}</p></body></html>"


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> list[bytes]:
    d = tmp_path_factory.mktemp("warc")
    _warc(d / "a.warc", False)
    _warc(d / "a.warc.gz", True)
    jsonl = "\n".join(json.dumps({"title": "Bridge reopens", "text": BODY, "url": f"http://x.test/{i}"})
                      for i in range(3))
    return [RSS.encode(), ATOM.encode(), Path(d / "a.warc").read_bytes(), Path(d / "a.warc.gz").read_bytes(),
            jsonl.encode(), PAGE.encode(), gzip.compress(RSS.encode())]


# where: a fraction of the length, or a byte offset in the head (XML declarations, WARC headers)
where = st.one_of(st.floats(0, 1), st.integers(0, 160))
edits = st.lists(st.tuples(st.sampled_from(["cut", "set", "insert", "delete"]), where,
                           st.binary(min_size=1, max_size=40)), min_size=1, max_size=4)


def mutate(data: bytes, ops: list[tuple[str, float | int, bytes]]) -> bytes:
    b = bytearray(data)
    for op, at, payload in ops:
        i = min(at, len(b)) if isinstance(at, int) else int(at * max(len(b) - 1, 0))
        if op == "cut":
            del b[i:]
        elif op == "set":
            b[i:i + len(payload)] = payload
        elif op == "insert":
            b[i:i] = payload
        else:
            del b[i:i + 8 * len(payload)]
    return bytes(b)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(which=st.integers(0, 6), ops=edits)
@example(which=0, ops=[("set", 31, b"\xe6")])  # 'encoding="U\xe6F-8"': feedparser raised UnicodeDecodeError
@example(which=2, ops=[("cut", 18, b"\x00")])  # 'WARC/1.0\r\nWARC-Ty': one untyped record, the file was lost
@example(which=2, ops=[("cut", 30, b"\x00")])  # a response record without a target URI: warcio raised
def test_mutated_containers_never_raise(samples: list[bytes], which: int, ops) -> None:
    data = mutate(samples[which], ops)
    cfg = Config()
    ctx = RunContext(config=cfg)
    docs = list(expand(sniff(data[:65536]), data, "f", cfg, ctx))
    for d in docs:
        assert d.input.startswith("f")
    assert docs or ctx.records or not data.strip()  # each input ends as documents or a drop record

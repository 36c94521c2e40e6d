"""One writer per store: threads and processes take turns on ``<db>.lock`` (store/lock.py)."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

from newsweave.store.lock import writer_lock


def test_threads_take_turns_and_one_thread_nests(tmp_path: Path) -> None:
    db = tmp_path / "nw.db"
    inside: list[str] = []
    with writer_lock(db), writer_lock(db):  # ``run`` ingests, then analyses: it nests
        t = threading.Thread(target=lambda: (writer_lock(db).__enter__(), inside.append("other")))
        t.start()
        time.sleep(0.3)
        assert inside == []  # the other thread waits for this one
    t.join(5)
    assert inside == ["other"]


def test_another_process_waits_for_the_writer(tmp_path: Path) -> None:
    db = tmp_path / "nw.db"
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time\nfrom newsweave.store.lock import writer_lock\n"
        f"with writer_lock({str(db)!r}):\n    print('held', flush=True)\n    time.sleep(1.5)\n")],
        stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    t0 = time.perf_counter()
    with writer_lock(db):
        waited = time.perf_counter() - t0
    holder.wait(10)
    assert waited > 0.8  # it did not write beside the other process

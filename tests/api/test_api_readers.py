"""The store pool lets go of a DuckDB file, so that an ingest can write between requests."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest

from dateline.api.readers import StorePool
from dateline.errors import TransientError
from dateline.records import AnalysisRecord, Article
from dateline.store import open_store

#: A second process that takes the file for writing, says so, and holds it until told.
_WRITER = """
import sys, duckdb
conn = duckdb.connect(sys.argv[1])
print("locked", flush=True)
sys.stdin.readline()
conn.close()
"""


def _can_write(path) -> bool:
    """Whether another process can open ``path`` for writing right now."""
    code = "import sys, duckdb; duckdb.connect(sys.argv[1]).close()"
    return subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True).returncode == 0


@pytest.fixture
def small_db(tmp_path):
    path = tmp_path / "small.duckdb"
    with open_store(path) as store:
        store.put(AnalysisRecord(article=Article(id="a1", text="Hello.")))
    return path


def test_an_idle_pool_lets_go_of_the_file(small_db):
    pool = StorePool(small_db, hold=0.2)
    with pool.lease() as store:
        assert store.get("a1").article.text == "Hello."
    assert pool.open_count == 1  # kept for the next request
    deadline = time.monotonic() + 5
    while pool.open_count and time.monotonic() < deadline:
        time.sleep(0.05)
    assert pool.open_count == 0
    assert _can_write(small_db)
    pool.close()


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_busy_pool_drains_then_reopens(small_db):
    """Past `hold`, a new request waits for the one in flight, then every store is closed
    (the file is free) before a fresh one opens."""
    events: list[str] = []

    def opener(url, read_only):
        store = open_store(url, read_only=read_only)
        close = store.close
        n = sum(1 for e in events if e.startswith("open"))
        events.append(f"open{n}")
        store.close = lambda: (events.append(f"close{n}"), close())[1]
        return store

    clock = _Clock()
    pool = StorePool(small_db, hold=10, gap=0, opener=opener, clock=clock)
    first_in = threading.Event()
    first_out = threading.Event()
    second_done = threading.Event()

    def first():
        with pool.lease():
            first_in.set()
            first_out.wait(10)

    def second():
        with pool.lease() as store:
            assert store.get("a1").article.id == "a1"
        second_done.set()

    a = threading.Thread(target=first)
    a.start()
    assert first_in.wait(10)
    clock.now = 11  # the generation has been open longer than `hold`
    b = threading.Thread(target=second)
    b.start()
    assert not second_done.wait(0.3)  # it waits for the request in flight
    first_out.set()
    a.join(10)
    b.join(10)
    assert second_done.is_set()
    assert events[:3] == ["open0", "close0", "open1"]
    pool.close()


def test_a_writer_holding_the_file_gives_a_transient_error_then_reads_resume(small_db):
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(small_db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout.readline().strip() == "locked"
        pool = StorePool(small_db, wait=0.3)
        started = time.monotonic()
        with pytest.raises(TransientError) as caught, pool.lease():
            pass
        assert caught.value.code == "E301"
        assert time.monotonic() - started < 5  # a bounded wait
    finally:
        writer.stdin.write("\n")
        writer.stdin.flush()
        writer.wait(timeout=10)
    with pool.lease() as store:  # the writer is gone: reads work again
        assert store.get("a1").article.id == "a1"
    pool.close()


#: A writer that stores 100 articles in one chunk through a shared store, and says how long
#: it waited for the file.
_INGEST = """
import sys, time
from dateline.records import AnalysisRecord, Article
from dateline.store import open_store
started = time.monotonic()
store = open_store(sys.argv[1], shared=True, busy_timeout=float(sys.argv[2]))
records = [AnalysisRecord(article=Article(id=f"b{i:03d}", text="Chunk.")) for i in range(100)]
store.put_many(records)
store.close()
print(f"{time.monotonic() - started:.3f}", flush=True)
"""


def test_a_busy_pool_lets_a_writer_in_and_readers_never_see_half_a_chunk(small_db):
    """Readers keep the file (hold and idle far away); the writer's marker makes them let go,
    its chunk lands within its busy timeout, and every read sees all of it or none."""
    pool = StorePool(small_db, hold=600, idle=600, wait=10)
    seen: list[int] = []
    errors: list[str] = []
    stop = threading.Event()

    def reader():
        while not stop.is_set():
            try:
                with pool.lease() as store:
                    seen.append(store.count("articles"))
            except TransientError as exc:
                errors.append(exc.code)

    readers = [threading.Thread(target=reader) for _ in range(4)]
    for thread in readers:
        thread.start()
    try:
        while len(seen) < 20:
            time.sleep(0.01)
        generation = pool.generation
        writer = subprocess.run(
            [sys.executable, "-c", _INGEST, str(small_db), "20"],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert writer.returncode == 0, writer.stderr
        assert float(writer.stdout) < 20
        deadline = time.monotonic() + 10
        while (not seen or seen[-1] != 101) and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        stop.set()
        for thread in readers:
            thread.join(10)
        pool.close()
    assert set(seen) == {1, 101}  # before the chunk, or all of it
    assert seen[-1] == 101
    assert pool.generation > generation  # what was counted before may be stale now
    assert not (small_db.parent / (small_db.name + ".wants-write")).exists()


def test_a_stale_marker_does_not_stop_readers(small_db):
    from dateline.store.duckdb import MARKER_STALE, wants_write_marker, writer_waits

    marker = wants_write_marker(small_db)
    marker.touch()
    assert writer_waits(small_db)
    old = time.time() - MARKER_STALE - 1
    os.utime(marker, (old, old))
    assert not writer_waits(small_db)
    pool = StorePool(small_db, wait=0.5)
    started = time.monotonic()
    with pool.lease() as store:
        assert store.count("articles") == 1
    assert time.monotonic() - started < 0.5
    pool.close()


def test_list_totals_are_kept_until_a_writer_comes(small_db):
    """The API counts a list's total once per pool generation; a writer ends the generation,
    so the next page counts what it wrote."""
    from fastapi.testclient import TestClient

    from dateline.api import create_app

    app = create_app(small_db)
    with TestClient(app) as client:
        assert client.get("/api/v1/articles").json()["total"] == 1
        assert client.get("/api/v1/articles").json()["total"] == 1
        totals = app.state.totals
        assert (totals.hits, totals.misses) == (1, 1)
        writer = subprocess.run(
            [sys.executable, "-c", _INGEST, str(small_db), "20"],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert writer.returncode == 0, writer.stderr
        assert client.get("/api/v1/articles").json()["total"] == 101

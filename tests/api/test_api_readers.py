"""The store pool lets go of a DuckDB file, so that an ingest can write between requests."""

from __future__ import annotations

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

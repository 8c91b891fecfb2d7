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


def test_a_busy_pool_drains_and_reopens(small_db):
    """Under steady load, every `hold` seconds all stores are closed at once, then reopened."""
    opened = []

    def opener(url, read_only):
        opened.append(time.monotonic())
        return open_store(url, read_only=read_only)

    pool = StorePool(small_db, hold=0.1, gap=0.05, opener=opener)
    stop = time.monotonic() + 0.8
    errors = []

    def client():
        while time.monotonic() < stop:
            try:
                with pool.lease() as store:
                    store.get("a1")
                    time.sleep(0.005)
            except Exception as exc:  # noqa: BLE001 -- collected for the assertion
                errors.append(exc)

    threads = [threading.Thread(target=client) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    pool.close()
    assert not errors
    # at least 3 generations in 0.8 s (each opens up to 4 stores)
    generations = 1 + sum(1 for a, b in zip(opened, opened[1:], strict=False) if b - a > 0.04)
    assert generations >= 3, opened


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

"""Readers during a writer, and two writers on one store: real processes, a real file.

A DuckDB file admits one writing process at a time, so a shared store (what ingest opens)
holds the file only for each call and waits its turn; readers do the same."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from dateline.records import RECORD_LISTS, AnalysisRecord
from dateline.store import Store, open_store

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file locks are POSIX here")

WRITER = textwrap.dedent(
    """
    import sys, time
    from dateline.records import AnalysisRecord
    from dateline.store import open_store
    url, source, chunk, pause = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    with open(source, encoding="utf-8") as lines:
        records = [AnalysisRecord.model_validate_json(line) for line in lines]
    with open_store(url, shared=True, busy_timeout=60) as store:
        for start in range(0, len(records), chunk):
            store.put_many(records[start : start + chunk])
            print(start, flush=True)
            time.sleep(pause)  # analyzing the next chunk: the file is free meanwhile
    print("done", flush=True)
    """
)


def _records(make_record, ids: range) -> list[AnalysisRecord]:
    return [make_record(f"art-{i:04d}", title=f"t{i}") for i in ids]


def _writer(url: str, records: list[AnalysisRecord], path: Path, chunk: int, pause: float):
    path.write_text("".join(r.model_dump_json() + "\n" for r in records), encoding="utf-8")
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, url, str(path), str(chunk), str(pause)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _assert_complete(store: Store, records: list[AnalysisRecord]) -> None:
    by_id = {r.article.id: r for r in records}
    assert store.ids() == sorted(by_id)
    for record in store.iterate(batch=7):
        assert record == by_id[record.article.id]
    for table in RECORD_LISTS:
        assert store.count(table) == sum(len(getattr(r, table)) for r in records)


def test_readers_read_while_a_writer_writes(store_url: str, make_record, tmp_path) -> None:
    records = _records(make_record, range(40))
    open_store(store_url).close()
    writer = _writer(store_url, records, tmp_path / "w.jsonl", chunk=5, pause=0.3)
    counts, during = [], 0
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "0"
        env = {**os.environ, "DATELINE_BUSY_TIMEOUT": "30"}
        cli = [sys.executable, "-m", "dateline.cli", "query", "articles", "--count"]
        while writer.poll() is None:
            with open_store(store_url, read_only=True, shared=True, busy_timeout=30) as reader:
                counts.append(reader.count("articles"))
                during += writer.poll() is None
            result = subprocess.run(
                [*cli, "--db", store_url], capture_output=True, text=True, env=env, timeout=120
            )
            assert result.returncode == 0, result.stderr
            counts.append(int(result.stdout))
    finally:
        _, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err
    assert during >= 1 and counts == sorted(counts) and counts[0] >= 5
    with open_store(store_url, read_only=True) as store:
        _assert_complete(store, records)


def test_two_writers_on_one_store(store_url: str, make_record, tmp_path) -> None:
    first, second = _records(make_record, range(0, 30)), _records(make_record, range(15, 45))
    open_store(store_url).close()
    writers = [
        _writer(store_url, first, tmp_path / "a.jsonl", chunk=5, pause=0.05),
        _writer(store_url, second, tmp_path / "b.jsonl", chunk=5, pause=0.05),
    ]
    for writer in writers:
        out, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
        assert out.splitlines()[-1] == "done"
    with open_store(store_url, read_only=True) as store:
        _assert_complete(store, _records(make_record, range(45)))


HOLD = textwrap.dedent(
    """
    import sys, time
    from dateline.store import open_store
    store = open_store(sys.argv[1])  # not shared: holds the file until it exits
    print("ready", flush=True)
    time.sleep(60)
    """
)


def test_a_store_busy_past_the_bounded_wait_exits_3(tmp_path) -> None:
    url = f"duckdb://{tmp_path / 'held.duckdb'}"
    open_store(url).close()
    holder = subprocess.Popen([sys.executable, "-c", HOLD, url], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        env = {**os.environ, "DATELINE_BUSY_TIMEOUT": "1"}
        started = time.monotonic()
        for command in (["query", "articles"], ["show", "x"], ["stories"]):
            result = subprocess.run(
                [sys.executable, "-m", "dateline.cli", *command, "--db", url],
                capture_output=True,
                text=True,
                env=env,
                timeout=120,
            )
            assert result.returncode == 3 and "E301" in result.stderr, result.stderr
        assert time.monotonic() - started >= 3  # each waited its second before giving up
    finally:
        holder.kill()
        holder.wait()

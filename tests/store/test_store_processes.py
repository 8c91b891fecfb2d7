"""Other processes: a held lock is a retryable E301; a SIGKILL never leaves half an article."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from dateline.errors import DatelineError, TerminalError, TransientError
from dateline.records import RECORD_LISTS, AnalysisRecord
from dateline.store import Store, open_store, with_retries

HOLD = textwrap.dedent(
    """
    import sys, time
    from dateline.store import open_store
    store = open_store(sys.argv[1])
    print("ready", flush=True)
    time.sleep(float(sys.argv[2]))
    store.close()
    """
)

INGEST = textwrap.dedent(
    """
    import sys, time
    from dateline.records import AnalysisRecord
    from dateline.store import open_store
    stall_at = int(sys.argv[3])  # the put that stalls inside its transaction; -1: none
    with open_store(sys.argv[1]) as store, open(sys.argv[2], encoding="utf-8") as lines:
        real_insert = store._insert  # every backend writes its rows through _insert(table, rows)

        def stalled_insert(table, rows):
            real_insert(table, rows)
            if table == "articles":  # the article row is written, its items are not
                print("inside", flush=True)
                time.sleep(60)

        for n, line in enumerate(lines):
            record = AnalysisRecord.model_validate_json(line)
            if store.has(record.article.id):  # resume: skip what an earlier run stored
                continue
            if n == stall_at:
                store._insert = stalled_insert
            store.put(record)
            print(record.article.id, flush=True)
    """
)


def _python(script: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args], stdout=subprocess.PIPE, text=True
    )


@pytest.mark.skipif(os.name != "posix", reason="file locks and SIGKILL are POSIX here")
def test_a_file_held_by_another_process_is_transient_E301(tmp_path: Path) -> None:
    url = f"duckdb://{tmp_path / 'locked.duckdb'}"
    open_store(url).close()
    holder = _python(HOLD, url, "30")
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(TransientError) as info:
            open_store(url)
        assert info.value.code == "E301" and not info.value.terminal
        assert "could not set lock" in info.value.message.lower()
    finally:
        holder.kill()
        holder.wait()
    with with_retries(lambda: open_store(url), attempts=20, delay=0.05) as store:
        assert store.ids() == []


@pytest.mark.skipif(os.name != "posix", reason="file locks and SIGKILL are POSIX here")
def test_with_retries_waits_out_a_short_lock(tmp_path: Path) -> None:
    url = f"duckdb://{tmp_path / 'brief.duckdb'}"
    open_store(url).close()
    holder = _python(HOLD, url, "0.5")
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with with_retries(lambda: open_store(url), attempts=12, delay=0.1, backoff=1.5) as store:
            assert store.ids() == []
    finally:
        holder.kill()
        holder.wait()


def _records(make_record, n: int) -> list[AnalysisRecord]:
    records = []
    for i in range(n):
        record = make_record(f"art-{i:04d}", title=f"t{i}")
        record.entities = record.entities * 5
        record.quotes = record.quotes * 5
        records.append(record)
    return records


def _assert_complete(store: Store, records: list[AnalysisRecord]) -> None:
    """Every stored article is whole and equal to its source, with no duplicated rows."""
    by_id = {r.article.id: r for r in records}
    for article_id in store.ids():
        assert store.get(article_id) == by_id[article_id]
    for table in RECORD_LISTS:
        expected = sum(len(getattr(by_id[i], table)) for i in store.ids())
        assert len(store.query(table)) == expected


@pytest.mark.skipif(os.name != "posix", reason="file locks and SIGKILL are POSIX here")
def test_sigkill_inside_a_put_then_resume_loses_and_duplicates_nothing(
    store_url: str, make_record, tmp_path: Path
) -> None:
    records = _records(make_record, 14)
    source = tmp_path / "records.jsonl"
    source.write_text("".join(r.model_dump_json() + "\n" for r in records), encoding="utf-8")

    first = _python(INGEST, store_url, str(source), "10")
    assert first.stdout is not None
    printed = [first.stdout.readline().strip() for _ in range(11)]
    assert printed[-1] == "inside"  # the 11th article's row is written, uncommitted
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    assert first.returncode == -signal.SIGKILL

    with open_store(store_url) as store:
        stored = store.ids()
        assert stored == printed[:10]  # every committed article, and not the killed one
        _assert_complete(store, records)

    second = _python(INGEST, store_url, str(source), "-1")
    out, _ = second.communicate(timeout=60)
    assert second.returncode == 0
    assert out.split() == [r.article.id for r in records[10:]]  # resumed where it stopped

    with open_store(store_url) as store:
        assert store.ids() == sorted(r.article.id for r in records)
        _assert_complete(store, records)


def test_with_retries_retries_only_transient_errors() -> None:
    calls: list[int] = []
    waits: list[float] = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise DatelineError.make("E301", path="x", detail="busy")
        return "done"

    assert with_retries(flaky, attempts=5, delay=0.1, sleep=waits.append) == "done"
    assert len(calls) == 3 and waits == pytest.approx([0.1, 0.2])

    def bad() -> None:
        calls.append(1)
        raise DatelineError.make("E302", id="x", path="y")

    calls.clear()
    with pytest.raises(TerminalError):
        with_retries(bad, attempts=5, sleep=waits.append)
    assert len(calls) == 1


def test_with_retries_gives_up_after_the_last_attempt() -> None:
    def busy() -> None:
        raise DatelineError.make("E301", path="x", detail="busy")

    with pytest.raises(TransientError):
        with_retries(busy, attempts=3, delay=0, sleep=lambda _: None)


def test_racing_writers_of_one_article_end_consistent(store_url: str, make_record) -> None:
    """Connections that put the same id at once get E301 and win on retry; none half-writes."""
    import threading

    open_store(store_url).close()
    versions = [make_record("same", title=f"v{n}-{i}") for n in range(4) for i in range(8)]
    failures: list[BaseException] = []

    def writer(mine: list[AnalysisRecord]) -> None:
        with open_store(store_url) as store:
            for record in mine:
                try:
                    with_retries(lambda r=record: store.put(r), attempts=100, delay=0.001)
                except Exception as err:  # collected, then asserted on below
                    failures.append(err)

    threads = [threading.Thread(target=writer, args=(versions[n::4],)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    with open_store(store_url) as store:
        assert store.ids() == ["same"]
        assert store.get("same") in versions
        _assert_complete(store, [store.get("same")])

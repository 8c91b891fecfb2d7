"""PostgreSQL only: many processes at once (two writers, a reader during a writer), its errors.

The rest of the store suite runs over PostgreSQL too (tests/store/conftest.py); these tests
are about what only a server backend does.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from dateline.errors import TerminalError
from dateline.records import RECORD_LISTS, AnalysisRecord
from dateline.store import open_store

pytestmark = pytest.mark.skipif(os.name != "posix", reason="processes and signals are POSIX")

#: Put every record of a JSONL file, in chunks (one transaction each), in the given order.
WRITER = textwrap.dedent(
    """
    import sys
    from dateline.records import AnalysisRecord
    from dateline.store import open_store
    url, path, order, chunk = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    with open(path, encoding="utf-8") as lines:
        records = [AnalysisRecord.model_validate_json(line) for line in lines]
    if order == "reversed":
        records.reverse()
    print("ready", flush=True)
    sys.stdin.readline()  # both writers start together
    wrote = 0
    with open_store(url) as store:
        for start in range(0, len(records), chunk):
            wrote += sum(store.put_many(records[start : start + chunk]))
    print(wrote, flush=True)
    """
)

#: Put one record, stalling inside the transaction after the article row (until killed).
STALLED = textwrap.dedent(
    """
    import sys, time
    from dateline.records import AnalysisRecord
    from dateline.store import open_store
    record = AnalysisRecord.model_validate_json(open(sys.argv[2], encoding="utf-8").read())
    with open_store(sys.argv[1]) as store:
        real_insert = store._insert

        def stalled_insert(table, rows):
            real_insert(table, rows)
            if table == "articles":
                print("inside", flush=True)
                time.sleep(float(sys.argv[3]))

        store._insert = stalled_insert
        store.put(record)
        print("committed", flush=True)
    """
)


def _python(script: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def _records(make_record, n: int) -> list[AnalysisRecord]:
    return [make_record(f"art-{i:04d}", title=f"t{i}") for i in range(n)]


def _row_counts(url: str) -> dict[str, int]:
    with open_store(url) as store:
        return {t: store.count(t) for t in ("articles", *RECORD_LISTS)}


def test_two_writer_processes_store_each_article_once(
    postgres_store_url: str, make_record, tmp_path: Path
) -> None:
    """Two ingests of one file at once, in opposite orders: every article stored once, every
    item once, and between them the writers report each article written exactly once."""
    records = _records(make_record, 40)
    source = tmp_path / "records.jsonl"
    source.write_text("".join(r.model_dump_json() + "\n" for r in records), encoding="utf-8")
    writers = [
        _python(WRITER, postgres_store_url, str(source), order, "4")
        for order in ("forward", "reversed")
    ]
    try:
        for w in writers:
            assert w.stdout is not None and w.stdout.readline().strip() == "ready"
        for w in writers:
            assert w.stdin is not None
            w.stdin.write("go\n")
            w.stdin.flush()
        outs = [w.communicate(timeout=120)[0] for w in writers]
        codes = [w.returncode for w in writers]
    finally:
        for w in writers:
            w.kill()
            w.wait()
    assert codes == [0, 0]
    assert sum(int(out.split()[-1]) for out in outs) == len(records)
    with open_store(postgres_store_url) as store:
        assert store.ids() == sorted(r.article.id for r in records)
        for record in records[::7]:
            assert store.get(record.article.id) == record
    expected = {"articles": len(records)}
    expected.update({t: sum(len(getattr(r, t)) for r in records) for t in RECORD_LISTS})
    assert _row_counts(postgres_store_url) == expected


def test_readers_read_while_a_writer_is_inside_its_transaction(
    postgres_store_url: str, make_record, tmp_path: Path
) -> None:
    """A writer stalls mid-transaction; reads (and another writer's other articles) go on,
    see only committed data, and a second writer of the same article waits, then finds it
    stored (no duplicate)."""
    with open_store(postgres_store_url) as store:
        store.put(make_record("before"))
    pending = make_record("pending", title="stalled")
    (tmp_path / "pending.json").write_text(pending.model_dump_json(), encoding="utf-8")
    writer = _python(STALLED, postgres_store_url, str(tmp_path / "pending.json"), "3")
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "inside"
        with open_store(postgres_store_url, read_only=True) as reader:
            assert reader.ids() == ["before"]
            assert reader.has("pending") is False
            assert reader.get("before").article.id == "before"
            assert [row["id"] for row in reader.query("articles")] == ["before"]
            with pytest.raises(TerminalError):
                reader.get("pending")
        with open_store(postgres_store_url) as other:
            assert other.put(make_record("elsewhere")) is True  # other rows: no waiting
        assert writer.poll() is None  # all of that happened while the writer was inside
        with open_store(postgres_store_url) as second:
            # The same article: waits for the stalled writer's commit, then finds it stored.
            assert second.put(pending) is False
        assert writer.stdout.readline().strip() == "committed"
    finally:
        writer.kill()
        writer.wait()
    with open_store(postgres_store_url) as store:
        assert store.ids() == ["before", "elsewhere", "pending"]
        assert store.get("pending") == pending
        assert len(store.query("quotes", article="pending")) == len(pending.quotes)


def test_an_unreachable_server_is_E320_without_the_password() -> None:
    with pytest.raises(TerminalError) as info:
        open_store("postgresql://ann:s3cret@%2Fno-such-socket-dir/news")
    assert info.value.code == "E320"
    assert "s3cret" not in str(info.value) and "ann:***@" in info.value.message


def test_nul_characters_are_a_terminal_error_and_nothing_is_written(
    postgres_store_url: str, make_record
) -> None:
    bad = make_record("nul")
    bad.article.text = "a\x00b"
    with open_store(postgres_store_url) as store:
        with pytest.raises(TerminalError) as info:
            store.put_many([make_record("fine"), bad])
        assert info.value.code == "E321"
        assert store.ids() == []  # the batch is one transaction


def test_cli_reads_the_url_from_DATELINE_DB(
    postgres_store_url: str, make_record, monkeypatch
) -> None:
    from typer.testing import CliRunner

    from dateline.cli import app

    with open_store(postgres_store_url) as store:
        store.put(make_record("a1"))
    monkeypatch.setenv("DATELINE_DB", postgres_store_url)
    runner = CliRunner()
    counted = runner.invoke(app, ["query", "quotes", "--speaker", "biden", "--count"])
    assert counted.exit_code == 0, counted.output
    assert counted.stdout.strip() == "1"
    refused = runner.invoke(app, ["query", "quotes", "--db", "postgresql://x@%2Fno-such-dir/db"])
    assert refused.exit_code == 1 and "E320" in refused.output


@pytest.mark.parametrize(
    ("kind", "filters", "index"),
    [
        ("quotes", {"speaker": "biden"}, "quotes_speaker_search"),
        ("quotes", {"q": "we will act"}, "quotes_text_text"),
        ("articles", {"q": "resume"}, "articles_title_text"),
        ("articles", {"outlet": "AP"}, "articles_outlet"),
        ("articles", {"since": "2022-04-01", "until": "2022-04-01"}, "articles_published"),
        ("events", {"country": "ua"}, "events_country_key"),
        ("events", {"type": "accuse"}, "events_type_key"),
        ("entities", {"name": "bide"}, "entities_name_search"),
    ],
)
def test_common_filters_are_answered_from_their_indexes(
    postgres_store_url: str, make_record, kind: str, filters: dict, index: str
) -> None:
    """The SQL of each common filter has the shape its index answers (trigram GIN on
    ``lower(column)`` for substrings, b-tree for keys and dates): on a table where the filter
    is selective, with sequential scans priced out, the count's plan uses that index."""
    import psycopg

    from dateline.store import sql

    others = [
        make_record(
            f"b{i:03d}",
            outlet="BBC",
            published="2021-01-01",
            speaker=f"Ann Lee{i}",
            alias=f"Lee{i}",
            title=f"Other {i}",
        )
        for i in range(150)
    ]
    for record in others:  # none of them matches any filter above
        record.quotes[0].text = f"other words {record.article.id}"
        record.events[0].type, record.events[0].place, record.places = "PROTEST", None, []
        record.events[0].actors = []
    with open_store(postgres_store_url) as store:
        store.put_many([make_record("a1", outlet="AP"), *others])
        assert store.count(kind, **filters) >= 1
    query, params = sql.count_rows(kind, filters, mark="%s", like=True)
    with psycopg.connect(postgres_store_url) as conn:
        conn.execute("ANALYZE")
        conn.execute("SET enable_seqscan = off")
        plan = "\n".join(row[0] for row in conn.execute("EXPLAIN " + query, params))
    assert index in plan, plan


def test_copy_duckdb_to_postgresql_and_back_verifies_counts(
    postgres_store_url: str, fill, tmp_path: Path
) -> None:
    """`dateline copy` both ways: DuckDB -> PostgreSQL -> a new DuckDB file; every count
    verified by the command, and the records and stories at the end equal the first ones."""
    from typer.testing import CliRunner

    from dateline.cli import app
    from dateline.store import TABLES

    first, last = f"duckdb://{tmp_path / 'first.duckdb'}", f"duckdb://{tmp_path / 'last.duckdb'}"
    fill(first, 9, 4)
    runner = CliRunner()
    for source, target in ((first, postgres_store_url), (postgres_store_url, last)):
        done = runner.invoke(app, ["copy", "--from", source, "--to", target, "--batch", "4"])
        assert done.exit_code == 0, done.output
        assert (
            "9 articles (9 written), 4 stories" in done.output and "counts verified" in done.output
        )
    with open_store(first, read_only=True) as a, open_store(last, read_only=True) as b:
        assert list(b.iterate()) == list(a.iterate())
        assert b.stories() == a.stories()
        assert {k: b.count(k) for k in TABLES} == {k: a.count(k) for k in TABLES}
    again = runner.invoke(app, ["copy", "--from", first, "--to", postgres_store_url])
    assert again.exit_code == 0 and "9 articles (0 written)" in again.output  # idempotent

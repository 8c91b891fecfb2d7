"""A store is checked against the layout when it opens, not trusted by its version string:
one that claims the current version but lacks a table or a column is E317 (naming
`dateline migrate`), and `dateline migrate` repairs it. Both backends."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from dateline.cli import app
from dateline.errors import DatelineError
from dateline.store import STORE_SCHEMA_VERSION, open_store
from dateline.store import duckdb as duckdb_store
from dateline.store.layout import INDEXES

#: What a mid-round build left out: a whole table and one (unindexed) column.
GAPS = {"country_refs", "quotes.cue"}


def _break(raw_sql, url: str) -> None:
    """Drop the ``country_refs`` table and the ``quotes.cue`` column behind dateline's back,
    leaving the stored version as it is (current). DuckDB alters no table with an index."""
    raw_sql(
        url,
        *(f'DROP INDEX IF EXISTS "{ix.name}"' for ix in INDEXES if ix.table == "quotes"),
        'DROP TABLE "country_refs"',
        'ALTER TABLE "quotes" DROP COLUMN "cue"',
    )


def test_a_current_version_missing_a_table_is_E317_until_migrate(
    store_url, make_record, raw_sql
) -> None:
    with open_store(store_url) as store:
        store.put_many([make_record("a1"), make_record("a2", speaker="Ann Lee", alias="Lee")])
    _break(raw_sql, store_url)
    for read_only in (False, True):
        with pytest.raises(DatelineError) as info:
            open_store(store_url, read_only=read_only)
        assert info.value.code == "E317"
        assert "dateline migrate --db" in str(info.value)
        assert "country_refs" in str(info.value) and "quotes.cue" in str(info.value)

    with open_store(store_url, migrate=True) as store:
        assert set(store.repaired) == GAPS and store.migrated_from == STORE_SCHEMA_VERSION
        assert store.schema_version() == STORE_SCHEMA_VERSION
        expected = make_record("a2", speaker="Ann Lee", alias="Lee")
        expected.country_refs = []  # their table was gone: nothing to keep
        for quote in expected.quotes:
            quote.cue = None  # that column's values were gone
        assert store.get("a2") == expected
        assert [r["article"] for r in store.query("quotes", speaker="ann")] == ["a2"]
    with open_store(store_url) as store:  # plain opens work again, and every table is written
        assert store.repaired == () and store.migrated_from is None
        store.put(make_record("a3"))
        assert store.get("a3") == make_record("a3")
        assert store.count("country_refs") == 1


def test_migrate_command_repairs_a_store_whose_version_is_current(
    store_url, make_record, raw_sql
) -> None:
    with open_store(store_url) as store:
        store.put(make_record("a1"))
    _break(raw_sql, store_url)
    runner = CliRunner()
    refused = runner.invoke(app, ["query", "quotes", "--count", "--db", store_url])
    assert refused.exit_code == 1 and "E317" in refused.output
    assert "dateline migrate" in refused.output
    done = runner.invoke(app, ["migrate", "--db", store_url])
    assert done.exit_code == 0, done.output
    assert "repaired" in done.output and "country_refs" in done.output
    again = runner.invoke(app, ["migrate", "--db", store_url])
    assert again.exit_code == 0 and "up to date" in again.output
    counted = runner.invoke(app, ["query", "quotes", "--count", "--db", store_url])
    assert counted.exit_code == 0 and counted.stdout.strip() == "2"


def test_duckdb_reopens_an_unchanged_file_without_the_catalog_query(
    tmp_path, make_record, monkeypatch, raw_sql
) -> None:
    path = tmp_path / "cached.duckdb"
    with open_store(path) as store:
        store.put(make_record("a1"))
    open_store(path, read_only=True).close()  # checked once, complete: remembered

    calls: list[str] = []
    real = duckdb_store.DuckDBStore._catalog

    def counted(self):
        calls.append(self.path)
        return real(self)

    monkeypatch.setattr(duckdb_store.DuckDBStore, "_catalog", counted)
    for _ in range(3):
        open_store(path, read_only=True).close()
    assert calls == []
    _break(raw_sql, f"duckdb://{path}")  # the file changes: it is checked again, and found broken
    with pytest.raises(DatelineError) as info:
        open_store(path, read_only=True)
    assert info.value.code == "E317" and calls == [str(path)]

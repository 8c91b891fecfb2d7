"""Versioned migrations: an older store is refused with E313 until `dateline migrate` adds
the missing columns generically and fills the derived ones."""

from __future__ import annotations

import duckdb
import pytest
from typer.testing import CliRunner

from dateline.cli import app
from dateline.errors import DatelineError
from dateline.store import STORE_SCHEMA_VERSION, open_store
from dateline.store.layout import INDEXES, UPGRADABLE


def _age(path, drop: dict[str, list[str]], version: str) -> None:
    """Make ``path`` look written by an older dateline: columns gone, an older version."""
    conn = duckdb.connect(str(path))
    for ix in INDEXES:  # an older layout had fewer; and DuckDB drops no indexed column
        conn.execute(f'DROP INDEX IF EXISTS "{ix.name}"')
    for table, names in drop.items():
        for name in names:
            conn.execute(f'ALTER TABLE "{table}" DROP COLUMN "{name}"')
    conn.execute("UPDATE dateline_meta SET value = ? WHERE key = 'schema_version'", [version])
    conn.close()


def test_migrate_adds_missing_columns_and_fills_derived_ones(tmp_path, make_record) -> None:
    path = tmp_path / "old.duckdb"
    with open_store(path) as store:
        store.put_many([make_record("a1"), make_record("a2", speaker="Ann Lee", alias="Lee")])
    # entities.roles stands for a field added to the records since (a list: NULL must read
    # back as its default), quotes.speaker_search for a derived filter column added since.
    _age(path, {"entities": ["roles"], "quotes": ["speaker_search"]}, UPGRADABLE[-1])
    with pytest.raises(DatelineError) as info:
        open_store(path, read_only=True)
    assert info.value.code == "E313" and f"dateline migrate --db {path}" in str(info.value)

    with open_store(path, migrate=True) as store:
        assert store.migrated_from == UPGRADABLE[-1]
        assert store.schema_version() == STORE_SCHEMA_VERSION
        expected = make_record("a2", speaker="Ann Lee", alias="Lee")
        for entity in expected.entities:
            entity.roles = []  # that column's values were gone: the field's default
        assert store.get("a2") == expected
        assert [r["article"] for r in store.query("quotes", speaker="ann")] == ["a2"]
    with open_store(path, read_only=True) as store:  # plain opens work again
        assert store.count("quotes") == 4


def test_migrate_command(tmp_path, make_record) -> None:
    path = tmp_path / "old.duckdb"
    with open_store(path) as store:
        store.put(make_record("a1"))
    _age(path, {"events": ["country_key"]}, UPGRADABLE[0])
    runner = CliRunner()
    refused = runner.invoke(app, ["query", "events", "--db", str(path)])
    assert refused.exit_code == 1 and "E313" in refused.output and "dateline migrate" in refused.output
    done = runner.invoke(app, ["migrate", "--db", str(path)])
    assert done.exit_code == 0 and f"from layout {UPGRADABLE[0]}" in done.output
    again = runner.invoke(app, ["migrate", "--db", str(path)])
    assert again.exit_code == 0 and "up to date" in again.output
    rows = runner.invoke(app, ["query", "events", "--country", "UA", "--count", "--db", str(path)])
    assert rows.exit_code == 0 and rows.output.strip() == "1"


def test_a_newer_store_is_E303(tmp_path) -> None:
    path = tmp_path / "new.duckdb"
    open_store(path).close()
    _age(path, {}, "99.1")
    with pytest.raises(DatelineError) as info:
        open_store(path, migrate=True)
    assert info.value.code == "E303"

"""Versioned migrations, on both backends: an older store is refused with E313 until
`dateline migrate` adds the missing columns generically and fills the derived ones."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from dateline.cli import app
from dateline.errors import DatelineError
from dateline.store import STORE_SCHEMA_VERSION, open_store
from dateline.store.layout import INDEXES, UPGRADABLE


def _age(raw_sql, url: str, drop: dict[str, list[str]], version: str) -> None:
    """Make the store at ``url`` look written by an older dateline: indexes and columns gone
    (an older layout had fewer; DuckDB drops no indexed column), an older version."""
    columns = [f'ALTER TABLE "{t}" DROP COLUMN "{c}"' for t, names in drop.items() for c in names]
    raw_sql(
        url,
        *(f'DROP INDEX IF EXISTS "{ix.name}"' for ix in INDEXES),
        *columns,
        f"UPDATE dateline_meta SET value = '{version}' WHERE key = 'schema_version'",
    )


def test_migrate_adds_missing_columns_and_fills_derived_ones(
    store_url, make_record, raw_sql
) -> None:
    with open_store(store_url) as store:
        store.put_many([make_record("a1"), make_record("a2", speaker="Ann Lee", alias="Lee")])
    # entities.roles stands for a field added to the records since (a list: NULL must read
    # back as its default), quotes.speaker_search for a derived filter column added since.
    _age(raw_sql, store_url, {"entities": ["roles"], "quotes": ["speaker_search"]}, UPGRADABLE[-1])
    with pytest.raises(DatelineError) as info:
        open_store(store_url, read_only=True)
    assert info.value.code == "E313" and "dateline migrate --db" in str(info.value)

    with open_store(store_url, migrate=True) as store:
        assert store.migrated_from == UPGRADABLE[-1] and store.repaired == ()
        assert store.schema_version() == STORE_SCHEMA_VERSION
        expected = make_record("a2", speaker="Ann Lee", alias="Lee")
        for entity in expected.entities:
            entity.roles = []  # that column's values were gone: the field's default
        assert store.get("a2") == expected
        assert [r["article"] for r in store.query("quotes", speaker="ann")] == ["a2"]
        assert store.count("articles", outlet="REUTERS") == 2
    with open_store(store_url, read_only=True) as store:  # plain opens work again
        assert store.count("quotes") == 4


def test_migrate_command(store_url, make_record, raw_sql) -> None:
    with open_store(store_url) as store:
        store.put(make_record("a1"))
    _age(raw_sql, store_url, {"events": ["country_key"]}, UPGRADABLE[0])
    runner = CliRunner()
    refused = runner.invoke(app, ["query", "events", "--db", store_url])
    assert refused.exit_code == 1 and "E313" in refused.output and "dateline migrate" in refused.output
    done = runner.invoke(app, ["migrate", "--db", store_url])
    assert done.exit_code == 0 and f"from layout {UPGRADABLE[0]}" in done.output
    again = runner.invoke(app, ["migrate", "--db", store_url])
    assert again.exit_code == 0 and "up to date" in again.output
    rows = runner.invoke(app, ["query", "events", "--country", "UA", "--count", "--db", store_url])
    assert rows.exit_code == 0 and rows.output.strip() == "1"


def test_a_newer_store_is_E303(store_url, raw_sql) -> None:
    open_store(store_url).close()
    _age(raw_sql, store_url, {}, "99.1")
    with pytest.raises(DatelineError) as info:
        open_store(store_url, migrate=True)
    assert info.value.code == "E303" and "99.1" in info.value.message

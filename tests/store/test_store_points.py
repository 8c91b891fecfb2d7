"""Point reads (layout revision 4): each record's JSON is kept in ``articles.record``, and
``get``/``get_json`` read it back in one statement. Both backends: what comes back is exactly
the record that was put (after a change too), and a migration from the previous layout fills
the column for every stored record."""

from __future__ import annotations

import json

import pytest

from dateline.errors import DatelineError
from dateline.store import STORE_SCHEMA_VERSION, open_store
from dateline.store.layout import INDEXES, LAYOUT_REVISION, UPGRADABLE, columns

#: DuckDB alters no table that has an index: drop those of ``articles`` first.
UNINDEX = [f'DROP INDEX IF EXISTS "{ix.name}"' for ix in INDEXES if ix.table == "articles"]


def test_get_and_get_json_give_exactly_the_record_put(store, make_record) -> None:
    records = [
        make_record("a1"),
        make_record("a2", outlet=None, published=None, speaker="Zoë “Q” Ng", alias="Ng"),
    ]
    store.put_many(records)
    for record in records:
        assert store.get(record.article.id) == record
        text = store.get_json(record.article.id)
        assert text == record.model_dump_json()
        assert json.loads(text) == record.model_dump(mode="json")
    changed = make_record("a1", title="Talks collapse", speaker="Ann Lee", alias="Lee")
    assert store.put(changed) is True
    assert store.get("a1") == changed
    assert store.get_json("a1") == changed.model_dump_json()
    with pytest.raises(DatelineError) as info:
        store.get_json("nope")
    assert info.value.code == "E302"


def test_query_rows_never_carry_the_stored_json(store, make_record) -> None:
    store.put(make_record("a1"))
    (row,) = store.query("articles")
    assert "record" not in row and "digest" not in row
    assert row["id"] == "a1" and row["title"] == "Talks resume"


def test_migrating_the_previous_layout_keeps_every_record(store_url, make_record, raw_sql) -> None:
    records = [make_record(f"a{i}", published=f"2022-04-{i + 1:02d}") for i in range(5)]
    records.append(make_record("b1", speaker="Ann Lee", alias="Lee", outlet="AP"))
    with open_store(store_url) as store:
        store.put_many(records)
    previous = f"{STORE_SCHEMA_VERSION.rsplit('.', 1)[0]}.{LAYOUT_REVISION - 1}"
    assert previous in UPGRADABLE
    # the previous layout had no record column
    raw_sql(
        store_url,
        *UNINDEX,
        'ALTER TABLE "articles" DROP COLUMN "record"',
        f"UPDATE dateline_meta SET value = '{previous}' WHERE key = 'schema_version'",
    )
    with pytest.raises(DatelineError) as info:
        open_store(store_url, read_only=True)
    assert info.value.code == "E313"
    with open_store(store_url, migrate=True) as store:
        assert store.migrated_from == previous
        assert store.schema_version() == STORE_SCHEMA_VERSION
    with open_store(store_url, read_only=True) as store:
        assert store.ids() == sorted(r.article.id for r in records)
        for record in records:
            assert store.get_json(record.article.id) == record.model_dump_json()
            assert store.get(record.article.id) == record
    with open_store(store_url) as store:
        assert store.put_many(records) == [False] * len(records)  # digests kept: no rewrite


def test_a_current_store_without_the_record_column_is_E317(store_url, make_record, raw_sql) -> None:
    with open_store(store_url) as store:
        store.put(make_record("a1"))
    raw_sql(store_url, *UNINDEX, 'ALTER TABLE "articles" DROP COLUMN "record"')
    with pytest.raises(DatelineError) as info:
        open_store(store_url, read_only=True)
    assert info.value.code == "E317" and "articles.record" in str(info.value)
    with open_store(store_url, migrate=True) as store:
        assert store.repaired == ("articles.record",)
        assert store.get("a1") == make_record("a1")
        assert store.get_json("a1") == make_record("a1").model_dump_json()


def test_a_row_without_json_is_rebuilt_from_its_tables(store_url, make_record, raw_sql) -> None:
    with open_store(store_url) as store:
        store.put(make_record("a1"))
    raw_sql(store_url, "UPDATE articles SET record = NULL")
    with open_store(store_url, read_only=True) as store:
        assert store.get("a1") == make_record("a1")
        assert store.get_json("a1") == make_record("a1").model_dump_json()


def test_the_record_column_sits_before_the_digest() -> None:
    names = [c.name for c in columns("articles")]
    assert names[-2:] == ["record", "digest"]


def test_table_exports_leave_the_packed_record_out(store, make_record, tmp_path) -> None:
    import csv

    import pyarrow.parquet as pq

    store.put(make_record("a1"))
    wanted = [c.name for c in columns("articles") if c.name != "record"]
    with (store.export("csv", tmp_path / "csv") / "articles.csv").open(encoding="utf-8") as f:
        (row,) = list(csv.DictReader(f))
    assert list(row) == wanted and row["id"] == "a1"
    assert pq.read_table(store.export("parquet", tmp_path / "pq") / "articles.parquet").column_names == wanted

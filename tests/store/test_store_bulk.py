"""The bulk Arrow path (DuckDB): records built column-wise land as put_many would store them."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from dateline.store import open_store
from dateline.store.duckdb import arrow_table
from dateline.store.layout import TABLES, record_rows

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _tables(records):
    rows = [record_rows(r) for r in records]
    return {t: arrow_table(t, [x for r in rows for x in r[t]]) for t in TABLES}


def test_put_arrow_stores_what_put_many_stores(tmp_path, make_record):
    records = [make_record("a1"), make_record("a2", outlet="AP", speaker="Ann Lee")]
    with open_store(tmp_path / "bulk.duckdb") as bulk, open_store(tmp_path / "put.duckdb") as put:
        assert bulk.put_arrow(_tables(records)) == 2
        put.put_many(records)
        for record in records:
            assert bulk.get(record.article.id) == record
        for kind in TABLES:
            assert bulk.query(kind) == put.query(kind)
        # the digest is the one put_many stores: putting the same record again is a no-op
        assert bulk.put_many(records) == [False, False]


def test_put_arrow_refuses_stored_ids_and_writes_nothing(tmp_path, make_record):
    with open_store(tmp_path / "bulk.duckdb") as store:
        store.put(make_record("a1"))
        with pytest.raises(ValueError, match="stored already"):
            store.put_arrow(_tables([make_record("a2"), make_record("a1", title="Other")]))
        assert store.ids() == ["a1"]
        assert store.get("a1").article.title == "Talks resume"


def test_the_cloner_builds_the_records_synthesize_gives(tmp_path, make_record, monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))
    from synth import Cloner, synthesize

    seed = [make_record("s1"), make_record("s2", outlet=None, speaker="Ann Lee")]
    expected = list(synthesize(seed, 7, first=3))
    tables = Cloner(seed).batch(3, 7)
    with open_store(tmp_path / "bulk.duckdb") as store:
        store.put_arrow(tables)
        assert [store.get(r.article.id) for r in expected] == expected
        assert store.put_many(expected) == [False] * 7  # digests agree
    sys.modules.pop("synth", None)

"""put_many: several articles in one transaction, all or none."""

from __future__ import annotations

import pytest


def test_put_many_reports_each_record(store, make_record):
    a, b = make_record("a1"), make_record("b2")
    assert store.put_many([a, b]) == [True, True]
    assert store.put_many([a, make_record("c3")]) == [False, True]
    assert store.ids() == ["a1", "b2", "c3"]
    assert store.get("b2") == b


def test_put_many_is_all_or_none(store, make_record, monkeypatch):
    store.put(make_record("keep"))
    calls = {"n": 0}
    real = store._insert

    def failing(table, rows):
        calls["n"] += 1
        if calls["n"] > 4:  # fail part-way through the batch, after some tables are written
            raise RuntimeError("disk full")
        return real(table, rows)

    monkeypatch.setattr(store, "_insert", failing)
    with pytest.raises(RuntimeError):
        store.put_many([make_record("x1"), make_record("x2")])
    monkeypatch.undo()
    assert store.ids() == ["keep"]

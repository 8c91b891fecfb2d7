"""export(): JSONL of whole records, Parquet of every table; opening and schema checks."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from dateline.errors import DatelineError, TerminalError
from dateline.records import RECORD_LISTS, AnalysisRecord
from dateline.store import TABLES, Store, open_store
from dateline.store.layout import STORY_TABLES


@pytest.fixture
def two(store: Store, make_record) -> list[AnalysisRecord]:
    records = [make_record("b"), make_record("a", speaker="Ann Lee", alias="Lee")]
    for record in records:
        store.put(record)
    return records


def test_jsonl_holds_one_full_record_per_line(store: Store, two, tmp_path: Path) -> None:
    out = store.export("jsonl", tmp_path / "sub" / "all.jsonl")
    lines = out.read_text(encoding="utf-8").splitlines()
    back = [AnalysisRecord.model_validate_json(line) for line in lines]
    assert sorted(back, key=lambda r: r.article.id) == sorted(two, key=lambda r: r.article.id)


def test_parquet_writes_one_file_per_table(store: Store, two, tmp_path: Path) -> None:
    out = store.export("parquet", tmp_path / "pq")
    tables = (*TABLES, *STORY_TABLES)  # the story tables too, empty here
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{t}.parquet" for t in tables)
    assert pq.read_table(out / "articles.parquet").num_rows == 2
    for table in RECORD_LISTS:
        expected = sum(len(getattr(r, table)) for r in two)
        assert pq.read_table(out / f"{table}.parquet").num_rows == expected
    quotes = pq.read_table(out / "quotes.parquet").to_pylist()
    assert {"article", "pos", "start", "end", "speaker_name"} <= quotes[0].keys()


def test_parquet_path_with_quotes_is_safe(store: Store, two, tmp_path: Path) -> None:
    out = store.export("parquet", tmp_path / 'it\'s "odd"; DROP TABLE articles')
    assert pq.read_table(out / "places.parquet").num_rows == 2
    assert len(store.ids()) == 2


def test_unknown_format_is_E309(store: Store, tmp_path: Path) -> None:
    with pytest.raises(TerminalError) as info:
        store.export("xlsx", tmp_path / "x.xlsx")
    assert info.value.code == "E309"


def test_empty_store_exports_empty_files(store: Store, tmp_path: Path) -> None:
    assert store.export("jsonl", tmp_path / "e.jsonl").read_text() == ""
    assert pq.read_table(store.export("parquet", tmp_path / "e") / "quotes.parquet").num_rows == 0


@pytest.mark.parametrize(
    ("url", "detail"),
    [
        ("mysql://localhost/news", "unknown URL scheme"),
        ("duckdb://", "names no file"),
    ],
)
def test_unsupported_urls_are_E308(url: str, detail: str) -> None:
    with pytest.raises(DatelineError) as info:
        open_store(url)
    assert info.value.code == "E308" and detail in info.value.message


def test_plain_path_and_memory_open_duckdb(tmp_path: Path, make_record) -> None:
    with open_store(tmp_path / "plain.duckdb") as store:
        store.put(make_record("a1"))
    with open_store(":memory:") as store:
        assert store.ids() == []
    with open_store(f"duckdb://{tmp_path / 'plain.duckdb'}", read_only=True) as store:
        assert store.ids() == ["a1"]


def test_schema_version_mismatch_is_E303(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    open_store(path).close()
    with duckdb.connect(str(path)) as conn:
        conn.execute("UPDATE dateline_meta SET value = '0.9' WHERE key = 'schema_version'")
    with pytest.raises(TerminalError) as info:
        open_store(path)
    assert info.value.code == "E303" and "0.9" in info.value.message


def test_read_only_on_a_non_dateline_file_is_E303(tmp_path: Path) -> None:
    path = tmp_path / "other.duckdb"
    with duckdb.connect(str(path)) as conn:
        conn.execute("CREATE TABLE t (x INT)")
    with pytest.raises(TerminalError) as info:
        open_store(path, read_only=True)
    assert info.value.code == "E303"


@pytest.mark.parametrize("read_only", [True, False])
def test_unopenable_files_are_E310(tmp_path: Path, read_only: bool) -> None:
    path = tmp_path / "missing.duckdb" if read_only else tmp_path / "no" / "dir" / "x.duckdb"
    with pytest.raises(TerminalError) as info:
        open_store(path, read_only=read_only)
    assert info.value.code == "E310" and str(path) in info.value.message

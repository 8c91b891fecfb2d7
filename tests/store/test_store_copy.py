"""`dateline copy`: a store moves to another, through the interface only, counts verified.

DuckDB -> DuckDB here; the target is parametrized over every backend by ``store_url``."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from dateline.cli import app
from dateline.errors import DatelineError
from dateline.store import TABLES, open_store
from dateline.store.copy import copy_store


@pytest.fixture
def source_url(tmp_path, fill) -> str:
    url = f"duckdb://{tmp_path / 'source.duckdb'}"
    fill(url, 7, 3)
    return url


def test_copy_moves_everything_and_verifies(source_url: str, store_url: str) -> None:
    with open_store(source_url, read_only=True) as src, open_store(store_url) as dst:
        report = copy_store(src, dst, batch=3)
        assert report.articles == report.written == 7 and report.stories == 3
        assert report.counts["quotes"] == 14 and report.counts["stories"] == 3
        assert list(dst.iterate()) == list(src.iterate())
        assert dst.stories() == src.stories()
        again = copy_store(src, dst, batch=3)  # idempotent: nothing new to write
        assert again.written == 0 and again.counts == report.counts


def test_copy_refuses_a_target_that_differs(source_url: str, store_url: str, make_record) -> None:
    with open_store(source_url, read_only=True) as src, open_store(store_url) as dst:
        dst.put(make_record("zz-other"))
        with pytest.raises(DatelineError) as info:
            copy_store(src, dst)
        assert info.value.code == "E316" and "articles 7 -> 8" in str(info.value)


def test_copy_command(source_url: str, tmp_path) -> None:
    target = f"duckdb://{tmp_path / 'copy.duckdb'}"
    result = CliRunner().invoke(app, ["copy", "--from", source_url, "--to", target])
    assert result.exit_code == 0, result.output
    assert "7 articles (7 written), 3 stories" in result.output
    with open_store(target, read_only=True) as store:
        assert {k: store.count(k) for k in TABLES} == {k: n for k, n in _counts(source_url).items()}
    same = CliRunner().invoke(app, ["copy", "--from", target, "--to", target])
    assert same.exit_code == 2


def _counts(url: str) -> dict[str, int]:
    with open_store(url, read_only=True) as store:
        return {k: store.count(k) for k in TABLES}

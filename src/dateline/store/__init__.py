"""Storage for analysis records: one :class:`Store` interface, one module per backend.

>>> with open_store(":memory:") as store:
...     store.put(AnalysisRecord(article=Article(id="a1", text="Hi.")))
...     store.get("a1").article.text
True
'Hi.'
"""

from __future__ import annotations

from pathlib import Path

from dateline.errors import DatelineError
from dateline.records import AnalysisRecord, Article  # noqa: F401 (doctest)
from dateline.store.base import STORE_SCHEMA_VERSION, TABLES, Page, Store, with_retries
from dateline.store.layout import FILTERS

__all__ = [
    "FILTERS",
    "STORE_SCHEMA_VERSION",
    "TABLES",
    "Page",
    "Store",
    "open_store",
    "with_retries",
]

_POSTGRES = ("postgresql://", "postgres://")


def open_store(
    url_or_path: str | Path,
    *,
    read_only: bool = False,
    migrate: bool = False,
    shared: bool = False,
    busy_timeout: float = 30.0,
    threads: int | None = None,
) -> Store:
    """Open the store at ``url_or_path``: a file path or ``duckdb://PATH`` for DuckDB, or a
    ``postgresql://`` URL.

    ``duckdb:///abs/file.duckdb`` and ``duckdb://rel.duckdb`` both name files;
    ``:memory:`` is a throwaway DuckDB store; ``postgresql://user@host/db`` (any libpq URL)
    opens a PostgreSQL database.
    A store of an older layout raises E313 unless ``migrate=True``, which upgrades it in place
    (what ``dateline migrate`` does).

    ``shared=True`` is for processes that work beside others (ingest, the readers of the CLI):
    a DuckDB file is then held only during each call, so a reader gets in between an ingest's
    chunks and two ingests take turns; a call waits for the file up to ``busy_timeout``
    seconds, then raises E301 (transient). PostgreSQL is always shared. ``threads`` sets
    DuckDB's worker threads (None: one per core; PostgreSQL ignores it).

    >>> open_store("duckdb://dateline.duckdb")  # doctest: +SKIP
    <dateline.store.duckdb.DuckDBStore object at ...>
    """
    target = str(url_or_path)
    if target.startswith("duckdb://"):
        target = target.removeprefix("duckdb://")
        if not target:
            raise DatelineError.make("E308", url=url_or_path, detail="the URL names no file")
    elif target.startswith(_POSTGRES):
        from dateline.store.postgres import PostgresStore

        return PostgresStore(target, read_only=read_only, migrate=migrate)
    elif "://" in target:
        raise DatelineError.make("E308", url=url_or_path, detail="unknown URL scheme")
    from dateline.store.duckdb import DuckDBStore  # imported on use: no work at import time

    return DuckDBStore(
        target,
        read_only=read_only,
        migrate=migrate,
        shared=shared,
        busy_timeout=busy_timeout,
        threads=threads,
    )

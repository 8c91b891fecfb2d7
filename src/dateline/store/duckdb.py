"""The DuckDB backend: one local file, one writer process at a time.

>>> with DuckDBStore(":memory:") as store:
...     store.put(AnalysisRecord(article=Article(id="a1", text="Hi.", outlet="AP")))
...     store.query("articles")[0]["outlet"]
True
'AP'
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from dateline.errors import DatelineError, TransientError
from dateline.records import RECORD_LISTS, AnalysisRecord, Article, Story  # noqa: F401
from dateline.store import sql
from dateline.store.layout import (
    INDEXES,
    STORE_SCHEMA_VERSION,
    STORY_TABLES,
    TABLES,
    arrow_schema,
    article_digest,
    column_kind,
    export_columns,
    layout_gaps,
    open_action,
    record_rows,
)

DEFAULT_PATH = "dateline.duckdb"

_SQL_TYPES = {
    "text": "VARCHAR", "int": "BIGINT", "float": "DOUBLE", "bool": "BOOLEAN", "bytes": "BLOB"
}
_JSON_TEXT = "VARCHAR"

#: Records per transaction when ``dateline migrate`` rewrites every record.
_MIGRATE_BATCH = 500
#: Held while a connection of this process registers an Arrow table and scans it: DuckDB's
#: Python client is not safe registering Arrow from several threads at once (connections of one
#: file in one process share a database; under load an insert failed with "python_arrow_scan
#: does not exist", and duckdb/duckdb#2540 reports deadlocks). A statement run under it never
#: waits for another connection (DuckDB aborts a conflicting write, E301, instead of waiting).
_ARROW_SCAN = threading.Lock()

_META_SQL = "CREATE TABLE IF NOT EXISTS dateline_meta (key VARCHAR PRIMARY KEY, value VARCHAR)"

_q = sql.q


def _column_sql(name: str, kind: str) -> str:
    return f"{_q(name)} {_SQL_TYPES.get(kind, _JSON_TEXT)}"


def _create_table_sql(table: str) -> str:
    return sql.create_table_sql(table, _column_sql)


def _index_sql() -> list[str]:
    """Layout indexes on plain columns; DuckDB has no substring index (its scans are columnar),
    so ``text`` indexes are left to backends that have one."""
    return [
        f"CREATE INDEX IF NOT EXISTS {_q(ix.name)} ON {_q(ix.table)} "
        f"({', '.join(map(_q, ix.columns))})"
        for ix in INDEXES
        if not ix.text
    ]


_key = sql.key_column

#: Files this process found complete (every table and column of the layout), by
#: :func:`_file_key`: reopening an unchanged file skips the catalog query (readers such as the
#: API reopen a file every second or so). Identities only, a few dozen at most.
_VERIFIED: dict[tuple, None] = {}
_VERIFIED_MAX = 64


def _file_key(path: str) -> tuple | None:
    """The identity and state of a DuckDB file and its write-ahead log (device, inode, size,
    modification and change times): any write to either changes it. None for ``:memory:``."""
    if path == ":memory:":
        return None
    try:
        stats = [os.stat(path)]
    except OSError:
        return None
    try:
        stats.append(os.stat(path + ".wal"))
    except OSError:
        pass
    return tuple(
        (s.st_dev, s.st_ino, s.st_size, s.st_mtime_ns, s.st_ctime_ns) for s in stats
    )


def _remember(key: tuple) -> None:
    if len(_VERIFIED) >= _VERIFIED_MAX:
        _VERIFIED.pop(next(iter(_VERIFIED)))
    _VERIFIED[key] = None


class DuckDBStore(sql.SQLStore):
    """Records in a DuckDB file (``":memory:"`` for a throwaway store).

    Opening a file another process holds raises E301 (a :class:`TransientError`; see
    :func:`dateline.store.base.with_retries`); a file written by a newer dateline raises E303,
    one written by an older dateline E313 (``dateline migrate``, i.e. ``migrate=True``,
    upgrades it in place). ``read_only=True`` lets several readers share a file no writer
    holds.

    >>> store = DuckDBStore("dateline.duckdb")  # doctest: +SKIP
    """

    def __init__(
        self,
        path: str | Path = DEFAULT_PATH,
        *,
        read_only: bool = False,
        migrate: bool = False,
        shared: bool = False,
        busy_timeout: float = 30.0,
        threads: int | None = None,
    ) -> None:
        self.path = str(path)
        #: DuckDB worker threads of this connection's database (None: DuckDB's default, one per
        #: core); a server with one connection per request thread wants few
        self.threads = threads
        self.read_only = read_only
        #: release the file between calls, so other processes get their turn (see class doc)
        self.shared = shared and self.path != ":memory:"
        self.busy_timeout = busy_timeout
        self._conn: duckdb.DuckDBPyConnection | None = None
        self._depth = 0  # calls in progress that hold the connection (shared mode)
        self._closed = False
        try:
            with self._hold():
                self._init_schema(read_only, migrate)
        except BaseException:
            self.close()
            raise

    # --- connection and schema

    @contextmanager
    def _translate(self) -> Iterator[None]:
        """Lock and write-conflict errors become E301 (transient: retry), other I/O errors E310."""
        try:
            yield
        except duckdb.IOException as err:
            code = "E301" if "lock" in str(err).lower() else "E310"
            raise DatelineError.make(code, path=self.path, detail=_first_line(err)) from err
        except (duckdb.TransactionException, duckdb.ConstraintException) as err:
            # Keys are unique within a record and put() deletes before it inserts, so a
            # duplicate key means another connection wrote the same article meanwhile.
            raise DatelineError.make("E301", path=self.path, detail=_first_line(err)) from err

    @property
    def _c(self) -> duckdb.DuckDBPyConnection:
        if self._conn is None:
            raise RuntimeError("the store is closed")
        return self._conn

    @contextmanager
    def _hold(self) -> Iterator[None]:
        """Hold the connection for one call. A shared store opens the file on the outermost
        call (waiting for another process to release it, up to ``busy_timeout`` seconds) and
        closes it when that call ends; an unshared one keeps it open until :meth:`close`."""
        if self._closed:
            raise RuntimeError("the store is closed")
        if self._conn is None:
            self._conn = self._connect()
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if self.shared and self._depth == 0 and self._conn is not None:
                self._conn.close()
                self._conn = None

    def _connect(self) -> duckdb.DuckDBPyConnection:
        """Open the file; while another process holds it, retry with backoff (shared stores)
        until ``busy_timeout`` seconds have passed, then raise E301 (transient).

        A writer that finds the file held says so in :func:`wants_write_marker` (touched on
        every retry, removed once it has the file or gives up): readers that keep the file
        open between requests (``dateline serve``) check it and let go promptly."""
        deadline = time.monotonic() + (self.busy_timeout if self.shared else 0.0)
        delay = 0.01
        marker = None if self.read_only or self.path == ":memory:" else wants_write_marker(self.path)
        waiting = False
        try:
            while True:
                try:
                    with self._translate():
                        conn = duckdb.connect(self.path, read_only=self.read_only)
                    if self.threads:
                        conn.execute(f"SET threads = {int(self.threads)}")
                    return conn
                except TransientError:
                    if time.monotonic() + delay > deadline:
                        raise
                    if marker is not None:
                        marker.touch()
                        waiting = True
                    time.sleep(delay * (0.5 + random.random()))  # jitter: two waiters take turns
                    delay = min(delay * 2, 0.25)
        finally:
            if waiting and marker is not None:
                marker.unlink(missing_ok=True)

    def _init_schema(self, read_only: bool, migrate: bool) -> None:
        """Check the file against the layout (its tables and columns, not only the version
        it claims); create the layout in a new file, or migrate (see :func:`open_action`)."""
        key = _file_key(self.path)
        if key is not None and key in _VERIFIED:
            return  # this very file was found complete before, and is unchanged since
        found, present = self._catalog()
        action = open_action(self.path, found, present, migrate=migrate and not read_only)
        if action == "create":
            if read_only:
                raise DatelineError.make(
                    "E303", path=self.path, found="none", expected=STORE_SCHEMA_VERSION
                )
            with self._transaction():
                self._c.execute(_META_SQL)
                for table in (*TABLES, *STORY_TABLES):
                    self._c.execute(_create_table_sql(table))
                for stmt in _index_sql():
                    self._c.execute(stmt)
                self._c.execute(
                    "INSERT INTO dateline_meta VALUES ('schema_version', ?)", [STORE_SCHEMA_VERSION]
                )
        elif action == "migrate":
            assert found is not None
            self.repaired = tuple(layout_gaps(present)) if found == STORE_SCHEMA_VERSION else ()
            self._migrate(found)
        elif key is not None:
            _remember(key)

    def _catalog(self) -> tuple[str | None, dict[str, set[str]]]:
        """The stored layout version (None without a meta table) and the columns of every
        table, in one catalog query (a second one only for a file without a meta table)."""
        columns_sql = (
            "SELECT table_name, column_name FROM duckdb_columns() "
            "WHERE database_name = current_database() AND schema_name = current_schema()"
        )
        with self._hold(), self._translate():
            try:
                rows = self._c.execute(
                    f"{columns_sql} UNION ALL "
                    "SELECT NULL, value FROM dateline_meta WHERE key = 'schema_version'"
                ).fetchall()
            except duckdb.CatalogException:  # no meta table: a new (or a foreign) file
                rows = self._c.execute(columns_sql).fetchall()
        found: str | None = None
        present: dict[str, set[str]] = defaultdict(set)
        for table, column in rows:
            if table is None:
                found = column
            else:
                present[table].add(column)
        return found, present

    def _stored_version(self) -> str | None:
        with self._hold(), self._translate():
            try:
                row = self._c.execute(
                    "SELECT value FROM dateline_meta WHERE key = 'schema_version'"
                ).fetchone()
            except duckdb.CatalogException:  # no meta table
                return None
        return row[0] if row else None

    def schema_version(self) -> str:
        return self._stored_version() or "none"

    def _migrate(self, found: str) -> None:
        """Upgrade an older layout in place, generically: create missing tables, add missing
        columns (new optional record fields, new derived columns), rewrite every record and
        story so derived columns are filled, create the indexes, then store the new version.

        Each step is idempotent and the version is written last, so a killed migration is
        finished by running it again."""
        with self._transaction():
            for gap in layout_gaps(self._catalog()[1]):
                table, _, name = gap.partition(".")
                if not name:
                    self._c.execute(_create_table_sql(table))
                else:
                    self._c.execute(
                        f"ALTER TABLE {_q(table)} ADD COLUMN "
                        f"{_column_sql(name, column_kind(table, name))}"
                    )
        ids = self.ids()
        for start in range(0, len(ids), _MIGRATE_BATCH):
            chunk = ids[start : start + _MIGRATE_BATCH]
            records = self.records(chunk)
            with self._transaction():
                self._delete(chunk)
                self._write_rows([record_rows(r) for r in records])
        stories = list(self.stories())
        if stories:
            self.put_stories(stories, replace_all=True)
        with self._transaction():
            for stmt in _index_sql():
                self._c.execute(stmt)
            self._c.execute(
                "UPDATE dateline_meta SET value = ? WHERE key = 'schema_version'",
                [STORE_SCHEMA_VERSION],
            )
        self.migrated_from = found

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._hold(), self._translate():
            self._c.begin()
            try:
                yield
                self._c.commit()
            except BaseException:
                self._rollback()
                raise

    def _rollback(self) -> None:
        try:
            self._c.rollback()
        except duckdb.TransactionException:
            pass  # a commit that failed has already ended the transaction

    def close(self) -> None:
        self._closed = True
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # --- writing

    def put(self, record: AnalysisRecord) -> bool:
        return self.put_many([record])[0]

    def put_many(self, records: Sequence[AnalysisRecord]) -> list[bool]:
        # Rows of all records go in with one INSERT per table: per-statement cost dominates.
        prepared = [(r.article.id, record_rows(r)) for r in records]
        with self._transaction():
            stored = self._digests([article_id for article_id, _ in prepared])
            changed: list[bool] = []
            replace: list[str] = []
            batch: list[dict[str, list[tuple]]] = []
            for article_id, rows in prepared:
                digest = article_digest(rows["articles"][0])
                if stored.get(article_id) == digest:
                    changed.append(False)
                    continue
                if article_id in stored:
                    replace.append(article_id)
                stored[article_id] = digest
                changed.append(True)
                batch.append(rows)
            if replace:
                self._delete(replace)
            self._write_rows(batch)
        return changed

    def _write_rows(self, batch: Sequence[dict[str, list[tuple]]]) -> None:
        for table in TABLES:
            self._insert(table, [row for rows in batch for row in rows[table]])

    def _digests(self, ids: list[str]) -> dict[str, str]:
        if not ids:
            return {}
        marks = ", ".join("?" * len(ids))
        query = f"SELECT id, digest FROM articles WHERE id IN ({marks})"
        return dict(self._c.execute(query, ids).fetchall())

    def _delete(self, ids: list[str]) -> None:
        marks = ", ".join("?" * len(ids))
        for table in reversed(TABLES):
            self._c.execute(f"DELETE FROM {_q(table)} WHERE {_q(_key(table))} IN ({marks})", ids)

    def _insert(self, table: str, rows: Sequence[tuple]) -> None:
        """Every row a write stores goes through here (tests stall it to kill mid-write)."""
        self._insert_arrow(table, rows)

    def _insert_arrow(self, table: str, rows: Sequence[tuple]) -> None:
        """Insert through an Arrow table: ~6x faster than multi-row VALUES for real records
        (bench/bench_store.py: 108 against 18 records/s on a loaded 2-core machine)."""
        if rows:
            self._insert_table(table, arrow_table(table, rows))

    def put_arrow(self, tables: Mapping[str, Any]) -> int:
        """Append new records given as Arrow tables, in one transaction: the bulk path for
        loads that build their rows column-wise (``bench/synth.py`` clones 100k records in
        seconds this way, against minutes through :meth:`put_many`).

        ``tables`` maps each of :data:`TABLES` (a missing one: no rows) to a ``pyarrow.Table``
        with the columns of :func:`~dateline.store.layout.columns` (e.g. from
        :func:`arrow_table`); ``record`` must be the record's ``model_dump_json()`` packed by
        :func:`~dateline.store.layout.pack_record` and ``digest`` the JSON's
        :func:`~dateline.store.layout.text_digest`, as :meth:`put_many` would store them
        (``get`` answers with that JSON). Every article id must be new: one stored
        already raises ValueError and nothing is written. Returns the number of articles.

        >>> with DuckDBStore(":memory:") as store:
        ...     rows = record_rows(AnalysisRecord(article=Article(id="a1", text="Hi.")))
        ...     store.put_arrow({t: arrow_table(t, rows[t]) for t in rows})
        1
        """
        unknown = set(tables) - set(TABLES)
        if unknown:
            raise ValueError(f"not record tables: {', '.join(sorted(unknown))}")
        articles = tables.get("articles")
        if articles is None or articles.num_rows == 0:
            return 0
        with self._transaction():
            with _ARROW_SCAN:
                self._c.register("_dateline_new_ids", articles.select(["id"]))
                try:
                    ((clash,),) = self._c.execute(
                        "SELECT count(*) FROM articles WHERE id IN (SELECT id FROM _dateline_new_ids)"
                    ).fetchall()
                finally:
                    self._c.unregister("_dateline_new_ids")
            if clash:
                raise ValueError(f"{clash} of the articles are stored already")
            for table in TABLES:
                if table in tables and tables[table].num_rows:
                    self._insert_table(table, tables[table])
        return articles.num_rows

    def _insert_table(self, table: str, incoming: Any) -> None:
        names = ", ".join(_q(name) for name in arrow_schema(table).names)
        with _ARROW_SCAN:
            self._c.register("_dateline_incoming", incoming)
            try:
                self._c.execute(
                    f"INSERT INTO {_q(table)} ({names}) SELECT {names} FROM _dateline_incoming"
                )
            finally:
                self._c.unregister("_dateline_incoming")

    # --- reading (the statements and the reads built on them: sql.SQLStore)

    def _fetch(self, query: str, params: Sequence[Any] = ()) -> list[tuple]:
        with self._hold(), self._translate():
            return self._c.execute(query, list(params)).fetchall()

    @contextmanager
    def _snapshot(self) -> Iterator[sql.Fetch]:
        with self._transaction():  # one snapshot, even while another connection writes
            yield lambda query, params: self._c.execute(query, list(params)).fetchall()

    # --- stories

    def put_stories(
        self, stories: Sequence[Story], *, remove: Iterable[str] = (), replace_all: bool = False
    ) -> None:
        batch = sql.story_batch(stories)
        with self._transaction():
            if replace_all:
                for table in reversed(STORY_TABLES):
                    self._c.execute(f"DELETE FROM {_q(table)}")
            else:
                gone = sorted({*(s.id for s in stories), *remove})
                if gone:
                    for table in reversed(STORY_TABLES):
                        self._c.execute(
                            f"DELETE FROM {_q(table)} WHERE {sql.ids_in(_q(_key(table)))}",
                            [gone],
                        )
            for table in STORY_TABLES:
                self._insert_arrow(table, batch[table])

    # --- export

    def _export_table(self, table: str, fmt: str, path: Path) -> None:
        names = ", ".join(_q(c.name) for c in export_columns(table))
        options = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER"
        query = (
            f"COPY (SELECT {names} FROM {_q(table)} ORDER BY {sql.order_columns(table)}) "
            f"TO ? ({options})"
        )
        with self._hold(), self._translate():
            self._c.execute(query, [str(path)])


def wants_write_marker(path: str | Path) -> Path:
    """The file a writer creates while it waits for ``path`` that readers hold (removed once
    it has the file): ``<db>.wants-write``. Readers that keep the file open check it before
    each use (one ``stat``) and let go; one not touched for :data:`MARKER_STALE` seconds is
    left over from a killed writer and is ignored.

    >>> wants_write_marker("/data/news.duckdb").name
    'news.duckdb.wants-write'
    """
    return Path(f"{path}.wants-write")


#: Seconds after which a wants-write marker nobody touches is stale (writers touch theirs at
#: least every quarter second while they wait).
MARKER_STALE = 2.0


def writer_waits(path: str | Path, now: float | None = None) -> bool:
    """Whether a writer waits for ``path`` (a fresh :func:`wants_write_marker`).

    >>> writer_waits("/nonexistent/news.duckdb")
    False
    """
    try:
        touched = os.stat(wants_write_marker(path)).st_mtime
    except OSError:
        return False
    return (time.time() if now is None else now) - touched < MARKER_STALE


def arrow_table(table: str, rows: Sequence[tuple]) -> Any:
    """``rows`` of ``table`` (tuples in :func:`~dateline.store.layout.columns` order, as
    :func:`~dateline.store.layout.record_rows` gives them) as a ``pyarrow.Table``.

    >>> arrow_table("times", [("a1", 0, "today", 0, 5, "DATE", None)]).num_rows
    1
    """
    import pyarrow as pa

    schema = arrow_schema(table)
    if not rows:
        return schema.empty_table()
    return pa.Table.from_arrays(
        [
            pa.array(values, type=field.type)
            for values, field in zip(zip(*rows, strict=True), schema, strict=True)
        ],
        schema=schema,
    )


def _first_line(err: Exception) -> str:
    return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__

"""The PostgreSQL backend: one database that many processes read and write at once.

Tables, columns and indexes come from :mod:`dateline.store.layout`, as for DuckDB. What this
backend adds is concurrency:

- **Writers** (:meth:`PostgresStore.put_many`) bulk-load with ``COPY``, one transaction per
  call. The article rows go through a temporary table into ``articles`` with
  ``INSERT ... ON CONFLICT (id) DO UPDATE ... WHERE digest differs``: the row lock that takes
  makes two processes writing one article wait for each other, and the second sees the first's
  row, so nothing is stored twice; items are written only for articles whose content changed.
  A killed writer's transaction rolls back whole, so a rerun finds each article either stored
  or not (resumable).
- **Readers** never wait for writers (MVCC); a read of several tables (:meth:`get`,
  :meth:`records`, stories) runs in one ``REPEATABLE READ`` snapshot.
- Deadlocks, serialization failures, lock timeouts and a full server are
  :class:`~dateline.errors.TransientError` (E301): writes retry them a few times themselves.
- Connections come from a :class:`psycopg_pool.ConnectionPool`, so one store can serve several
  threads (the HTTP API); each method borrows a connection for its transaction.

>>> with PostgresStore("postgresql://me@localhost/dateline") as store:  # doctest: +SKIP
...     store.put(record)
True
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import psycopg
from psycopg import errors as pg_errors
from psycopg_pool import ConnectionPool, PoolTimeout

from dateline.errors import DatelineError
from dateline.records import RECORD_LISTS, AnalysisRecord, Story
from dateline.store import sql
from dateline.store.base import with_retries
from dateline.store.layout import (
    INDEXES,
    NO_DATE,
    STORE_SCHEMA_VERSION,
    STORY_TABLES,
    TABLES,
    column_kind,
    columns,
    conditions,
    export_schema,
    layout_gaps,
    open_action,
    record_rows,
)

T = TypeVar("T")

_SQL_TYPES = {
    "text": "TEXT",
    "int": "BIGINT",
    "float": "DOUBLE PRECISION",
    "bool": "BOOLEAN",
    "json": "TEXT",  # JSON as text: it round-trips byte for byte, as in every backend
    "bytes": "BYTEA",
}

#: Columns that order rows (ids, dates): byte order (``COLLATE "C"``), as in DuckDB and Python,
#: whatever the database's locale; keyset cursors compare them.
_ORDERED = frozenset({"id", "article", "story", "published", "date"})

#: Advisory lock keys: one process at a time creates or migrates the tables, writes stories.
_LOCK_LAYOUT = 0x0DA7E11E
_LOCK_STORIES = 0x0DA7E12E

#: SQLSTATE classes worth retrying: serialization failure, deadlock, lock not available,
#: too many connections, the server starting or shutting down.
_TRANSIENT = (
    pg_errors.SerializationFailure,
    pg_errors.DeadlockDetected,
    pg_errors.LockNotAvailable,
    pg_errors.TooManyConnections,
    pg_errors.CannotConnectNow,
    pg_errors.AdminShutdown,
    pg_errors.UniqueViolation,  # another writer stored the same key meanwhile: retry sees it
)

#: How often a write retries a transient failure itself before raising E301.
_WRITE_ATTEMPTS = 5

#: Records per transaction when ``migrate`` rewrites every record.
_MIGRATE_BATCH = 500

_META_SQL = "CREATE TABLE IF NOT EXISTS dateline_meta (key TEXT PRIMARY KEY, value TEXT)"

_q = sql.q
_key = sql.key_column


def _column_sql(name: str, kind: str) -> str:
    collate = ' COLLATE "C"' if kind == "text" and name in _ORDERED else ""
    return f"{_q(name)} {_SQL_TYPES[kind]}{collate}"


_primary_key = sql.order_columns


def create_table_sql(table: str) -> str:
    """The ``CREATE TABLE`` of ``table``, from the layout.

    >>> create_table_sql("times")[:52]
    'CREATE TABLE IF NOT EXISTS "times" ("article" TEXT C'
    """
    return sql.create_table_sql(table, _column_sql)


#: Beyond the layout's indexes: the order query rows come in (undated articles last).
_ORDER_INDEX = (
    f"CREATE INDEX IF NOT EXISTS articles_order ON articles "
    f"((coalesce(published, '{NO_DATE}')), id)"
)


def index_sql(trigram: bool) -> list[str]:
    """The layout's indexes (:data:`dateline.store.layout.INDEXES`) as PostgreSQL DDL: b-trees,
    and for substring-searched columns a trigram GIN index on ``lower(column)`` where the
    ``pg_trgm`` extension is there (it ships with PostgreSQL, in Debian's ``postgresql``).

    >>> [s for s in index_sql(True) if "quotes_text" in s][0]
    'CREATE INDEX IF NOT EXISTS "quotes_text_text" ON "quotes" USING gin ((lower("text")) gin_trgm_ops)'
    """
    out = []
    for ix in INDEXES:
        head = f"CREATE INDEX IF NOT EXISTS {_q(ix.name)} ON {_q(ix.table)}"
        if not ix.text:
            out.append(f"{head} ({', '.join(map(_q, ix.columns))})")
        elif trigram:
            cols = ", ".join(f"(lower({_q(c)})) gin_trgm_ops" for c in ix.columns)
            out.append(f"{head} USING gin ({cols})")
    out.append(_ORDER_INDEX)
    return out


def redact(url: str) -> str:
    """``url`` without its password, for messages.

    >>> redact("postgresql://ann:secret@db.example/dateline")
    'postgresql://ann:***@db.example/dateline'
    """
    return re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", url)


class PostgresStore(sql.SQLStore):
    """Records in a PostgreSQL database (``postgresql://user@host/db``, any libpq URL).

    The tables are created on first use (the database must exist: ``createdb dateline``). A
    database written by an older dateline raises E313 unless ``migrate=True`` (``dateline
    migrate``), one written by a newer dateline E303; a server that cannot be reached E320.
    ``pool_size`` caps the connections one store holds (one per thread that uses it at once).

    >>> store = PostgresStore("postgresql://me@localhost/dateline")  # doctest: +SKIP
    """

    mark = "%s"
    like = True  # substring filters as LIKE: the trigram indexes answer them
    deep_offset = None  # articles_order is a b-tree on the page order: offsets walk it

    def __init__(
        self,
        url: str,
        *,
        read_only: bool = False,
        migrate: bool = False,
        pool_size: int = 4,
        connect_timeout: float = 10.0,
    ) -> None:
        self.url = url
        self.path = redact(url)  # what messages name
        self.read_only = read_only
        self._pool: ConnectionPool | None = None
        self._local = threading.local()  # the write transaction of the calling thread
        try:
            first = psycopg.connect(
                url, autocommit=True, connect_timeout=max(1, int(connect_timeout))
            )
        except _TRANSIENT as err:  # a full server, one starting up: worth a retry
            raise DatelineError.make("E301", path=self.path, detail=_first_line(err)) from err
        except psycopg.Error as err:
            raise DatelineError.make("E320", url=self.path, detail=_first_line(err)) from err
        with first:
            with self._translate():
                self._init_schema(first, migrate)
        self._pool = ConnectionPool(
            url,
            min_size=1,
            max_size=max(1, pool_size),
            open=False,
            timeout=connect_timeout,
            name="dateline",
            configure=self._configure,
        )
        try:
            self._pool.open(wait=True, timeout=connect_timeout)
        except PoolTimeout as err:
            self._pool.close()
            self._pool = None
            raise DatelineError.make("E320", url=self.path, detail="pool timeout") from err

    # --- connections, transactions, errors

    def _configure(self, conn: psycopg.Connection) -> None:
        """Set up each pooled connection: a read-only store's cannot write."""
        if self.read_only:
            conn.execute("SET default_transaction_read_only = on")
            conn.commit()

    @contextmanager
    def _translate(self) -> Iterator[None]:
        """Passing conditions become E301 (transient: retry); a lost server E320."""
        try:
            yield
        except _TRANSIENT as err:
            raise DatelineError.make("E301", path=self.path, detail=_first_line(err)) from err
        except PoolTimeout as err:
            raise DatelineError.make(
                "E301", path=self.path, detail="no free connection in the pool"
            ) from err
        except psycopg.OperationalError as err:
            # No SQLSTATE: the client lost the server; with one, the server reports a failure.
            code = "E320" if err.sqlstate is None else "E322"
            raise DatelineError.make(code, url=self.path, detail=_first_line(err)) from err
        except psycopg.DataError as err:
            raise DatelineError.make("E321", url=self.path, detail=_first_line(err)) from err

    @contextmanager
    def _tx(self, *, snapshot: bool = False) -> Iterator[psycopg.Connection]:
        """A connection in a transaction, committed at the end (rolled back on an error);
        ``snapshot=True``: a read-only one that sees one state of every table."""
        if self._pool is None:
            raise RuntimeError("the store is closed")
        with self._translate(), self._pool.connection() as conn:
            if snapshot:
                conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield conn

    @staticmethod
    def _retrying(write: Callable[[], T]) -> T:
        """Run the transaction ``write``; retry it on a transient failure (a deadlock with
        another writer, a conflicting insert), with growing pauses, then raise E301."""
        return with_retries(write, attempts=_WRITE_ATTEMPTS, delay=0.05)

    def _fetch(
        self, query: str, params: Sequence[Any] = (), *, trigram: bool = False
    ) -> list[tuple]:
        """The rows of ``query``; ``trigram=True``: the plan must use the trigram indexes (the
        planner prices ``lower()`` of a long article text far too low, and scans every row:
        1 s where the index takes 45 ms on 10k articles)."""
        with self._tx() as conn:
            if trigram:
                conn.execute("SET LOCAL enable_seqscan = off")
            return conn.execute(query, params).fetchall()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    # --- layout and migrations

    def _init_schema(self, conn: psycopg.Connection, migrate: bool) -> None:
        """Check the schema against the layout (its tables and columns, not only the version
        it claims); create the layout in an empty schema, or migrate (see :func:`open_action`)."""
        found, present = _catalog(conn)
        action = open_action(self.path, found, present, migrate=migrate)
        if action == "create":
            with conn.transaction():
                # One process creates the tables; another waits here, then finds them.
                conn.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_LAYOUT])
                if _stored_version(conn) is None:
                    self._create(conn)
        elif action == "migrate":
            assert found is not None
            self.repaired = tuple(layout_gaps(present)) if found == STORE_SCHEMA_VERSION else ()
            self._migrate(conn, found)

    @staticmethod
    def _create(conn: psycopg.Connection) -> None:
        conn.execute(_META_SQL)
        for table in (*TABLES, *STORY_TABLES):
            conn.execute(create_table_sql(table))
        for stmt in _index_sql(conn):
            conn.execute(stmt)
        conn.execute(
            "INSERT INTO dateline_meta VALUES ('schema_version', %s) ON CONFLICT (key) "
            "DO UPDATE SET value = EXCLUDED.value",
            [STORE_SCHEMA_VERSION],
        )

    def _migrate(self, conn: psycopg.Connection, found: str) -> None:
        """Upgrade an older layout in place, generically (as DuckDB does): add missing tables
        and columns, rewrite every record and story so derived columns are filled, create the
        indexes, then store the new version. The version is written last, so a killed
        migration is finished by running it again."""
        conn.execute("SELECT pg_advisory_lock(%s)", [_LOCK_LAYOUT])  # held across steps
        try:
            with conn.transaction():
                for gap in layout_gaps(_catalog(conn)[1]):
                    table, _, name = gap.partition(".")
                    if not name:
                        conn.execute(create_table_sql(table))
                    else:
                        conn.execute(
                            f"ALTER TABLE {_q(table)} ADD COLUMN "
                            f"{_column_sql(name, column_kind(table, name))}"
                        )
            ids = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY id").fetchall()]
            for start in range(0, len(ids), _MIGRATE_BATCH):
                chunk = ids[start : start + _MIGRATE_BATCH]
                with conn.transaction():
                    records = sql.load_records(_fetcher(conn), "id = ANY(%s)", [chunk], "%s")
                    _delete_articles(conn, chunk)
                    for table in TABLES:
                        rows = [row for r in records for row in record_rows(r)[table]]
                        _copy(conn, table, rows)
            with conn.transaction():
                stories = sql.load_stories(
                    _fetcher(conn),
                    [r[0] for r in conn.execute("SELECT id FROM stories").fetchall()],
                    "%s",
                )
                for table in reversed(STORY_TABLES):
                    conn.execute(f"DELETE FROM {_q(table)}")
                for table, rows in sql.story_batch(list(stories.values())).items():
                    _copy(conn, table, rows)
                for stmt in _index_sql(conn):
                    conn.execute(stmt)
                conn.execute(
                    "UPDATE dateline_meta SET value = %s WHERE key = 'schema_version'",
                    [STORE_SCHEMA_VERSION],
                )
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", [_LOCK_LAYOUT])
        self.migrated_from = found

    def schema_version(self) -> str:
        with self._tx() as conn:
            return _stored_version(conn) or "none"

    # --- writing

    def put(self, record: AnalysisRecord) -> bool:
        return self.put_many([record])[0]

    def put_many(self, records: Sequence[AnalysisRecord]) -> list[bool]:
        if not records:
            return []
        # Within one call the last version of an article wins; an earlier copy counts as a
        # change only if it is the first of its id.
        latest: dict[str, dict[str, list[tuple]]] = {}
        for record in records:
            latest[record.article.id] = record_rows(record)
        changed = self._retrying(lambda: self._write(latest))
        seen: set[str] = set()
        out = []
        for record in records:
            first = record.article.id not in seen
            seen.add(record.article.id)
            out.append(first and record.article.id in changed)
        return out

    def _write(self, latest: dict[str, dict[str, list[tuple]]]) -> set[str]:
        """One transaction: upsert the article rows, replace the items of those that changed;
        the ids of articles stored new or changed."""
        ids = sorted(latest)  # one lock order for every writer: no deadlock between two
        with self._tx() as conn:
            self._local.conn = conn
            try:
                self._insert("articles", [latest[i]["articles"][0] for i in ids])
                fresh: dict[str, bool] = self._local.upserted
                replaced = sorted(i for i, new in fresh.items() if not new)
                if replaced:
                    _delete_articles(conn, replaced, items_only=True)
                for table in RECORD_LISTS:
                    self._insert(table, [r for i in ids if i in fresh for r in latest[i][table]])
            finally:
                self._local.conn = None
        return set(fresh)

    def _insert(self, table: str, rows: Sequence[tuple]) -> None:
        """Write ``rows`` of ``table`` in the running :meth:`put_many` transaction; every write
        goes through here (so a test can stall one). Article rows are upserted: those stored
        new or changed are left in ``upserted`` (id -> whether the article is new)."""
        conn = self._local.conn
        if table != "articles":
            _copy(conn, table, rows)
            return
        names = [c.name for c in columns("articles")]
        cols = ", ".join(map(_q, names))
        updates = ", ".join(f"{_q(n)} = EXCLUDED.{_q(n)}" for n in names if n != "id")
        conn.execute("CREATE TEMP TABLE dateline_incoming (LIKE articles) ON COMMIT DROP")
        _copy(conn, "articles", rows, into="dateline_incoming")
        found = conn.execute(
            f"INSERT INTO articles ({cols}) SELECT {cols} FROM dateline_incoming ORDER BY id "
            f"ON CONFLICT (id) DO UPDATE SET {updates} "
            "WHERE articles.digest IS DISTINCT FROM EXCLUDED.digest "
            "RETURNING id, (xmax = 0) AS fresh"
        ).fetchall()
        self._local.upserted = dict(found)

    # --- reading (the statements and the reads built on them: sql.SQLStore)

    def _fetch_filtered(
        self, kind: str, filters: dict[str, Any], query: str, params: Sequence[Any]
    ) -> list[tuple]:
        return self._fetch(query, params, trigram=_trigram_answers(kind, filters))

    @contextmanager
    def _snapshot(self) -> Iterator[sql.Fetch]:
        with self._tx(snapshot=True) as conn:
            yield _fetcher(conn)

    # --- stories

    def put_stories(
        self, stories: Sequence[Story], *, remove: Iterable[str] = (), replace_all: bool = False
    ) -> None:
        batch = sql.story_batch(stories)
        gone = sorted({*(s.id for s in stories), *remove})

        def write() -> None:
            with self._tx() as conn:
                # Linkers replace stories wholesale: one at a time, in the order they come.
                conn.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_STORIES])
                for table in reversed(STORY_TABLES):
                    if replace_all:
                        conn.execute(f"DELETE FROM {_q(table)}")
                    elif gone:
                        conn.execute(
                            f"DELETE FROM {_q(table)} WHERE {_q(_key(table))} = ANY(%s)", [gone]
                        )
                self._local.conn = conn
                try:
                    for table, rows in batch.items():
                        self._insert(table, rows)
                finally:
                    self._local.conn = None

        self._retrying(write)

    # --- export

    def _export_table(self, table: str, fmt: str, path: Path) -> None:
        """One table as parquet or csv (header row), in key order, streamed in batches."""
        import pyarrow as pa
        import pyarrow.csv as pa_csv
        import pyarrow.parquet as pq

        schema = export_schema(table)
        names = ", ".join(_q(name) for name in schema.names)
        query = f"SELECT {names} FROM {_q(table)} ORDER BY {_primary_key(table)}"
        writer: Any = None
        with self._tx(snapshot=True) as conn, conn.cursor(name="dateline_export") as cur:
            cur.itersize = 5000
            cur.execute(query)
            if fmt == "parquet":
                writer = pq.ParquetWriter(str(path), schema)
            else:
                writer = pa_csv.CSVWriter(str(path), schema)
            try:
                while rows := cur.fetchmany(5000):
                    arrays = [
                        pa.array(values, type=field.type)
                        for values, field in zip(zip(*rows, strict=True), schema, strict=True)
                    ]
                    writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
            finally:
                writer.close()


# --- SQL run on a given connection (inside the caller's transaction)


def _trigram_answers(kind: str, filters: dict[str, Any]) -> bool:
    """Whether the substring filters among ``filters`` can all be answered from a trigram
    index: each value has a trigram (3+ characters; a shorter one makes GIN read it whole).

    >>> _trigram_answers("quotes", {"speaker": "biden"}), _trigram_answers("quotes", {"q": "ab"})
    (True, False)
    """
    found = [c.value for c in conditions(kind, filters) if c.match == "contains"]
    return bool(found) and all(len(str(v).strip()) >= 3 for v in found)


def _catalog(conn: psycopg.Connection) -> tuple[str | None, dict[str, set[str]]]:
    """The stored layout version (None without a meta table) and the columns of every table
    in the store's schema (the first of the search path that exists), from the catalog."""
    present: dict[str, set[str]] = defaultdict(set)
    rows = conn.execute(
        "SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
        "WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) "
        "AND c.relkind IN ('r', 'p') "
        "AND a.attnum > 0 AND NOT a.attisdropped"
    ).fetchall()
    for table, column in rows:
        present[table].add(column)
    if "dateline_meta" not in present:
        return None, present
    row = conn.execute("SELECT value FROM dateline_meta WHERE key = 'schema_version'").fetchone()
    return (row[0] if row else None), present


def _stored_version(conn: psycopg.Connection) -> str | None:
    row = conn.execute("SELECT to_regclass('dateline_meta') IS NOT NULL").fetchone()
    if not row or not row[0]:
        return None
    row = conn.execute("SELECT value FROM dateline_meta WHERE key = 'schema_version'").fetchone()
    return row[0] if row else None


def _index_sql(conn: psycopg.Connection) -> list[str]:
    return index_sql(_trigram(conn))


def _trigram(conn: psycopg.Connection) -> bool:
    """Whether ``pg_trgm`` is usable, creating it if the server has it and the user may."""
    if conn.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").fetchone():
        return True
    try:
        with conn.transaction():  # a savepoint: a refusal leaves the caller's transaction usable
            conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except psycopg.Error:
        return False  # substring filters still work, by scanning
    return True


def _copy(
    conn: psycopg.Connection, table: str, rows: Sequence[tuple], into: str | None = None
) -> None:
    """``COPY`` ``rows`` (tuples in :func:`columns` order) into ``table`` (or ``into``, a
    table of the same columns)."""
    if not rows:
        return
    names = ", ".join(_q(c.name) for c in columns(table))
    with conn.cursor() as cur, cur.copy(f"COPY {_q(into or table)} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _delete_articles(conn: psycopg.Connection, ids: list[str], *, items_only: bool = False) -> None:
    for table in reversed(TABLES):
        if items_only and table == "articles":
            continue
        conn.execute(f"DELETE FROM {_q(table)} WHERE {_q(_key(table))} = ANY(%s)", [ids])


def _fetcher(conn: psycopg.Connection) -> sql.Fetch:
    """A :data:`~dateline.store.sql.Fetch` on ``conn`` (in the caller's transaction)."""
    return lambda query, params: conn.execute(query, params).fetchall()


def _first_line(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__

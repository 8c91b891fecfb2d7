"""The DuckDB backend: one local file, one writer process at a time.

>>> with DuckDBStore(":memory:") as store:
...     store.put(AnalysisRecord(article=Article(id="a1", text="Hi.", outlet="AP")))
...     store.query("articles")[0]["outlet"]
True
'AP'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from dateline.errors import DatelineError
from dateline.records import RECORD_LISTS, AnalysisRecord, Article, Story  # noqa: F401
from dateline.store.base import Store
from dateline.store.layout import (
    STORE_SCHEMA_VERSION,
    STORY_LISTS,
    STORY_TABLES,
    TABLES,
    UPGRADABLE,
    check_date,
    check_kind,
    columns,
    decode_rows,
    record_from_rows,
    record_rows,
    story_from_rows,
    story_rows,
)

DEFAULT_PATH = "dateline.duckdb"

_SQL_TYPES = {"text": "VARCHAR", "int": "BIGINT", "float": "DOUBLE", "bool": "BOOLEAN"}
_JSON_TEXT = "VARCHAR"
_ARROW_TYPES = {"text": "string", "int": "int64", "float": "float64", "bool": "bool_", "json": "string"}  # JSON text, so every backend can store and parse it the same way

#: Per kind, the (name column, entity-id column) the ``speaker`` filter looks at.
_SPEAKER_COLUMNS = {"quotes": ("speaker_name", "speaker_entity"), "non_comments": ("who", "entity")}

#: Rows per INSERT statement: multi-row VALUES is ~10x faster than executemany in DuckDB.
_CHUNK = 100

_EXPORT_FORMATS = ("jsonl", "parquet")

#: The ids of stories holding a report from one of the articles given as a list parameter.
_STORIES_OF_ARTICLES = (
    "SELECT DISTINCT story FROM story_reports WHERE article IN (SELECT unnest(?::VARCHAR[]))"
)

_META_SQL = "CREATE TABLE IF NOT EXISTS dateline_meta (key VARCHAR PRIMARY KEY, value VARCHAR)"


def _q(name: str) -> str:
    """A quoted SQL identifier; only ever called with names from the fixed table layout."""
    return '"' + name.replace('"', '""') + '"'


def _create_table_sql(table: str) -> str:
    cols = [f"{_q(c.name)} {_SQL_TYPES.get(c.kind, _JSON_TEXT)}" for c in columns(table)]
    if table in ("articles", "stories"):
        key = "PRIMARY KEY (id)"
    elif table in STORY_LISTS:
        key = "PRIMARY KEY (story, pos)"
    else:
        key = "PRIMARY KEY (article, pos)"
    return f"CREATE TABLE IF NOT EXISTS {_q(table)} ({', '.join(cols)}, {key})"


#: Indexes beyond the primary keys: membership is looked up by article.
_INDEX_SQL = (
    "CREATE INDEX IF NOT EXISTS story_reports_article ON story_reports (article)",
    "CREATE INDEX IF NOT EXISTS articles_published ON articles (published)",
)


def _key(table: str) -> str:
    """The column that holds the article id in ``table``."""
    return "id" if table == "articles" else "article"


class DuckDBStore(Store):
    """Records in a DuckDB file (``":memory:"`` for a throwaway store).

    Opening a file another process holds raises E301 (a :class:`TransientError`; see
    :func:`dateline.store.base.with_retries`); a file written by an incompatible dateline
    raises E303. ``read_only=True`` lets several readers share a file no writer holds.

    >>> store = DuckDBStore("dateline.duckdb")  # doctest: +SKIP
    """

    def __init__(self, path: str | Path = DEFAULT_PATH, *, read_only: bool = False) -> None:
        self.path = str(path)
        self._conn: duckdb.DuckDBPyConnection | None = None
        self._no_stories = False
        with self._translate():
            self._conn = duckdb.connect(self.path, read_only=read_only)
        try:
            self._init_schema(read_only)
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
    def conn(self) -> duckdb.DuckDBPyConnection:
        """The open DuckDB connection, for ad-hoc SQL (read-only use is safest)."""
        if self._conn is None:
            raise RuntimeError("the store is closed")
        return self._conn

    def _init_schema(self, read_only: bool) -> None:
        found = self._stored_version()
        if found is None and not read_only:
            with self._transaction():
                self.conn.execute(_META_SQL)
                for table in (*TABLES, *STORY_TABLES):
                    self.conn.execute(_create_table_sql(table))
                for sql in _INDEX_SQL:
                    self.conn.execute(sql)
                self.conn.execute(
                    "INSERT INTO dateline_meta VALUES ('schema_version', ?)", [STORE_SCHEMA_VERSION]
                )
            return
        if found in UPGRADABLE and not read_only:
            # The older layout lacks only the story tables: add them, keep every record.
            with self._transaction():
                for table in STORY_TABLES:
                    self.conn.execute(_create_table_sql(table))
                for sql in _INDEX_SQL:
                    self.conn.execute(sql)
                self.conn.execute(
                    "UPDATE dateline_meta SET value = ? WHERE key = 'schema_version'",
                    [STORE_SCHEMA_VERSION],
                )
            return
        if found in UPGRADABLE:
            self._no_stories = True  # read-only on an older file: it simply holds no stories
            return
        if found != STORE_SCHEMA_VERSION:
            raise DatelineError.make(
                "E303", path=self.path, found=found or "none", expected=STORE_SCHEMA_VERSION
            )

    def _stored_version(self) -> str | None:
        has_meta = self.conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'dateline_meta'"
        ).fetchone()
        if not has_meta or not has_meta[0]:
            return None
        row = self.conn.execute(
            "SELECT value FROM dateline_meta WHERE key = 'schema_version'"
        ).fetchone()
        return row[0] if row else None

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._translate():
            self.conn.begin()
            try:
                yield
                self.conn.commit()
            except BaseException:
                self._rollback()
                raise

    def _rollback(self) -> None:
        try:
            self.conn.rollback()
        except duckdb.TransactionException:
            pass  # a commit that failed has already ended the transaction

    def close(self) -> None:
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
            batch: dict[str, list[tuple]] = {table: [] for table in TABLES}
            for article_id, rows in prepared:
                digest = rows["articles"][0][-1]
                if stored.get(article_id) == digest:
                    changed.append(False)
                    continue
                if article_id in stored:
                    replace.append(article_id)
                stored[article_id] = digest
                changed.append(True)
                for table in TABLES:
                    batch[table].extend(rows[table])
            if replace:
                self._delete(replace)
            for table in TABLES:
                self._insert(table, batch[table])
        return changed

    def _digests(self, ids: list[str]) -> dict[str, str]:
        if not ids:
            return {}
        marks = ", ".join("?" * len(ids))
        sql = f"SELECT id, digest FROM articles WHERE id IN ({marks})"
        return dict(self.conn.execute(sql, ids).fetchall())

    def _delete(self, ids: list[str]) -> None:
        marks = ", ".join("?" * len(ids))
        for table in reversed(TABLES):
            self.conn.execute(f"DELETE FROM {_q(table)} WHERE {_q(_key(table))} IN ({marks})", ids)

    def _insert(self, table: str, rows: Sequence[tuple]) -> None:
        names = [c.name for c in columns(table)]
        one = "(" + ", ".join("?" * len(names)) + ")"
        head = f"INSERT INTO {_q(table)} ({', '.join(map(_q, names))}) VALUES "
        for start in range(0, len(rows), _CHUNK):
            chunk = rows[start : start + _CHUNK]
            params = [value for row in chunk for value in row]
            self.conn.execute(head + ", ".join([one] * len(chunk)), params)

    def _insert_arrow(self, table: str, rows: Sequence[tuple]) -> None:
        """Insert through an Arrow table: ~7x faster than VALUES for thousands of small rows."""
        if not rows:
            return
        import pyarrow as pa

        cols = columns(table)
        arrays = [
            pa.array([row[i] for row in rows], type=getattr(pa, _ARROW_TYPES[c.kind])())
            for i, c in enumerate(cols)
        ]
        incoming = pa.Table.from_arrays(arrays, names=[c.name for c in cols])
        names = ", ".join(_q(c.name) for c in cols)
        self.conn.register("_dateline_incoming", incoming)
        try:
            self.conn.execute(
                f"INSERT INTO {_q(table)} ({names}) SELECT {names} FROM _dateline_incoming"
            )
        finally:
            self.conn.unregister("_dateline_incoming")

    # --- reading

    def has(self, article_id: str) -> bool:
        with self._translate():
            row = self.conn.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone()
        return row is not None

    def analyzer_keys(self, article_ids: Iterable[str]) -> dict[str, str | None]:
        ids = list(dict.fromkeys(article_ids))
        found: dict[str, str | None] = {}
        for start in range(0, len(ids), 1000):  # bounded parameter lists
            chunk = ids[start : start + 1000]
            marks = ", ".join("?" * len(chunk))
            sql = f"SELECT id, analyzer_key FROM articles WHERE id IN ({marks})"
            with self._translate():
                found.update(self.conn.execute(sql, chunk).fetchall())
        return found

    def ids(self) -> list[str]:
        with self._translate():
            return [
                r[0] for r in self.conn.execute("SELECT id FROM articles ORDER BY id").fetchall()
            ]

    def get(self, article_id: str) -> AnalysisRecord:
        with self._transaction():  # one snapshot, even while another connection writes
            article = self._select("articles", "id", article_id)
            if not article:
                raise DatelineError.make("E302", id=article_id, path=self.path)
            items = {t: self._select(t, "article", article_id) for t in RECORD_LISTS}
        return record_from_rows(article[0], items)

    def _select(self, table: str, key: str, article_id: str) -> list[dict[str, Any]]:
        names = [c.name for c in columns(table)]
        order = "" if table == "articles" else " ORDER BY pos"
        sql = f"SELECT {', '.join(map(_q, names))} FROM {_q(table)} WHERE {_q(key)} = ?{order}"
        return decode_rows(table, names, self.conn.execute(sql, [article_id]).fetchall())

    def query(
        self,
        kind: str,
        *,
        speaker: str | None = None,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        article: str | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        kind = check_kind(kind)
        if speaker is not None and kind not in _SPEAKER_COLUMNS:
            known = ", ".join(_SPEAKER_COLUMNS)
            raise DatelineError.make("E307", name="speaker", kind=kind, known=known)
        if limit is not None and (not isinstance(limit, int) or limit < 0):
            raise ValueError(f"limit must be a non-negative integer, not {limit!r}")
        names, sql = self._select_sql(kind)
        where: list[str] = []
        params: list[Any] = []
        if speaker is not None:
            where.append(self._speaker_sql(kind))
            params += [speaker] * 3
        if outlet is not None:
            where.append("lower(a.outlet) = lower(?)")
            params.append(outlet)
        if check_date("since", since) is not None:
            where.append("a.published >= ?")
            params.append(since)
        if check_date("until", until) is not None:
            where.append("a.published <= ?")
            params.append(until)
        if article is not None:
            where.append("a.id = ?")
            params.append(article)
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY a.published NULLS LAST, a.id" + ("" if kind == "articles" else ", t.pos")
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        with self._translate():
            rows = self.conn.execute(sql, params).fetchall()
        return decode_rows(kind, names, rows)

    @staticmethod
    def _select_sql(kind: str) -> tuple[list[str], str]:
        """The column names and the SELECT ... FROM of a query over ``kind``."""
        if kind == "articles":
            names = [c.name for c in columns("articles") if c.name != "digest"]
            return names, f"SELECT {', '.join('a.' + _q(n) for n in names)} FROM articles a"
        fields = [c.name for c in columns(kind) if c.name not in ("article", "pos")]
        names = ["article", "outlet", "published", *fields]
        select = ["t.article", "a.outlet", "a.published", *("t." + _q(n) for n in fields)]
        return names, (
            f"SELECT {', '.join(select)} FROM {_q(kind)} t JOIN articles a ON a.id = t.article"
        )

    @staticmethod
    def _speaker_sql(kind: str) -> str:
        """Speaker name, or its entity's name or an alias, contains ? (three parameters)."""
        name, entity = _SPEAKER_COLUMNS[kind]
        return (
            f"(strpos(lower(t.{_q(name)}), lower(?)) > 0 OR EXISTS ("
            f"SELECT 1 FROM entities e WHERE e.article = t.article AND e.id = t.{_q(entity)} AND ("
            "strpos(lower(e.name), lower(?)) > 0 OR EXISTS ("
            "SELECT 1 FROM unnest(from_json(e.aliases, '[\"VARCHAR\"]')) AS u(alias) "
            "WHERE strpos(lower(u.alias), lower(?)) > 0))))"
        )

    def records(
        self,
        ids: Sequence[str] | None = None,
        *,
        since: str | None = None,
        until: str | None = None,
        undated: bool = False,
    ) -> list[AnalysisRecord]:
        where, params = self._article_filter(ids, since, until, undated)
        chosen = f"SELECT id FROM articles WHERE {where}"
        with self._transaction():  # one snapshot for all tables
            articles = self._select_where("articles", f"id IN ({chosen})", params, "id")
            items: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(dict)
            for table in RECORD_LISTS:
                rows = self._select_where(
                    table, f"article IN ({chosen})", params, "article, pos"
                )
                for row in rows:
                    items[row["article"]].setdefault(table, []).append(row)
        return [record_from_rows(a, items.get(a["id"], {})) for a in articles]

    @staticmethod
    def _article_filter(
        ids: Sequence[str] | None, since: str | None, until: str | None, undated: bool
    ) -> tuple[str, list[Any]]:
        """A WHERE over ``articles`` and its parameters (see :meth:`records`)."""
        where: list[str] = []
        params: list[Any] = []
        if ids is not None:
            where.append("id IN (SELECT unnest(?::VARCHAR[]))")
            params.append(list(ids))
        dated: list[str] = []
        if check_date("since", since) is not None:
            dated.append("published >= ?")
            params.append(since)
        if check_date("until", until) is not None:
            dated.append("published <= ?")
            params.append(until)
        if dated:
            bound = " AND ".join(dated)
            where.append(f"(({bound}) OR published IS NULL)" if undated else f"({bound})")
        return (" AND ".join(where) or "TRUE"), params

    def _select_where(
        self, table: str, where: str, params: list[Any], order: str
    ) -> list[dict[str, Any]]:
        names = [c.name for c in columns(table)]
        sql = f"SELECT {', '.join(map(_q, names))} FROM {_q(table)} WHERE {where} ORDER BY {order}"
        return decode_rows(table, names, self.conn.execute(sql, params).fetchall())

    # --- stories

    def put_stories(
        self, stories: Sequence[Story], *, remove: Iterable[str] = (), replace_all: bool = False
    ) -> None:
        ids = [s.id for s in stories]
        if len(set(ids)) != len(ids):
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            raise ValueError(f"two stories share an id: {', '.join(dupes[:5])}")
        self._writable_stories()
        batch: dict[str, list[tuple]] = {table: [] for table in STORY_TABLES}
        for story in stories:
            for table, rows in story_rows(story).items():
                batch[table].extend(rows)
        with self._transaction():
            if replace_all:
                for table in reversed(STORY_TABLES):
                    self.conn.execute(f"DELETE FROM {_q(table)}")
            else:
                gone = sorted({*ids, *remove})
                if gone:
                    for table in reversed(STORY_TABLES):
                        key = "id" if table == "stories" else "story"
                        self.conn.execute(
                            f"DELETE FROM {_q(table)} WHERE {_q(key)} IN "
                            "(SELECT unnest(?::VARCHAR[]))",
                            [gone],
                        )
            for table in STORY_TABLES:
                self._insert_arrow(table, batch[table])

    def _writable_stories(self) -> None:
        if self._no_stories:
            raise DatelineError.make(
                "E303", path=self.path, found="an older layout", expected=STORE_SCHEMA_VERSION
            )

    def stories(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        country: str | None = None,
        place: str | None = None,
        type: str | None = None,
        min_origins: int | None = None,
        contradicted: bool | None = None,
        articles: Sequence[str] | None = None,
        ids: Sequence[str] | None = None,
        limit: int | None = None,
    ) -> list[Story]:
        if limit is not None and (not isinstance(limit, int) or limit < 0):
            raise ValueError(f"limit must be a non-negative integer, not {limit!r}")
        where: list[str] = []
        params: list[Any] = []
        if check_date("since", since) is not None:
            where.append("s.date >= ?")
            params.append(since)
        if check_date("until", until) is not None:
            where.append("s.date <= ?")
            params.append(until)
        if country is not None:
            where.append("upper(s.country) = upper(?)")
            params.append(country)
        if place is not None:
            where.append("strpos(lower(s.place_name), lower(?)) > 0")
            params.append(place)
        if type is not None:
            where.append(
                "lower(?) IN (lower(s.type), lower(coalesce(s.acled, '')), "
                "lower(coalesce(s.acled_sub, '')))"
            )
            params.append(type)
        if min_origins is not None:
            where.append("s.corroboration >= ?")
            params.append(min_origins)
        if contradicted is not None:
            has = "EXISTS (SELECT 1 FROM story_contradictions c WHERE c.story = s.id)"
            where.append(has if contradicted else f"NOT {has}")
        if articles is not None:
            where.append(f"s.id IN ({_STORIES_OF_ARTICLES})")
            params.append(list(articles))
        if ids is not None:
            where.append("s.id IN (SELECT unnest(?::VARCHAR[]))")
            params.append(list(ids))
        if self._no_stories:
            return []
        sql = "SELECT s.id FROM stories s"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY s.date NULLS LAST, s.id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        with self._transaction():
            ids = [r[0] for r in self.conn.execute(sql, params).fetchall()]
            found = self._stories_by_id(ids)
        return [found[i] for i in ids]

    def story_members(self, articles: Sequence[str]) -> dict[str, list[tuple[str, str]]]:
        if self._no_stories or not articles:
            return {}
        sql = (
            f"SELECT story, article, event FROM story_reports WHERE story IN "
            f"({_STORIES_OF_ARTICLES}) ORDER BY story, pos"
        )
        members: dict[str, list[tuple[str, str]]] = defaultdict(list)
        with self._translate():
            for story, article, event in self.conn.execute(sql, [list(articles)]).fetchall():
                members[story].append((article, event))
        return dict(members)

    def unlinked(self, articles: Sequence[str]) -> list[str]:
        if not articles:
            return []
        linked = "" if self._no_stories else " AND article NOT IN (SELECT article FROM story_reports)"
        sql = (
            "SELECT DISTINCT article FROM events WHERE article IN "
            f"(SELECT unnest(?::VARCHAR[])){linked} ORDER BY article"
        )
        with self._translate():
            return [row[0] for row in self.conn.execute(sql, [list(articles)]).fetchall()]

    def _stories_by_id(self, ids: list[str]) -> dict[str, Story]:
        if not ids:
            return {}
        chosen = "(SELECT unnest(?::VARCHAR[]))"
        heads = self._select_where("stories", f"id IN {chosen}", [ids], "id")
        items: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(dict)
        for table in STORY_LISTS:
            for row in self._select_where(table, f"story IN {chosen}", [ids], "story, pos"):
                items[row["story"]].setdefault(table, []).append(row)
        return {h["id"]: story_from_rows(h, items.get(h["id"], {})) for h in heads}

    def story(self, story_id: str) -> Story:
        found: dict[str, Story] = {}
        if not self._no_stories:
            with self._transaction():
                found = self._stories_by_id([story_id])
        if story_id not in found:
            raise DatelineError.make("E311", id=story_id, path=self.path)
        return found[story_id]

    # --- export

    def export(self, fmt: str, path: str | Path) -> Path:
        target = Path(path)
        if fmt == "jsonl":
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("w", encoding="utf-8") as out:
                for article_id in self.ids():
                    out.write(self.get(article_id).model_dump_json() + "\n")
        elif fmt == "parquet":
            target.mkdir(parents=True, exist_ok=True)
            for table in (*TABLES, *([] if self._no_stories else STORY_TABLES)):
                order = {"articles": "id", "stories": "id"}.get(table) or (
                    "story, pos" if table in STORY_LISTS else "article, pos"
                )
                sql = f"COPY (SELECT * FROM {_q(table)} ORDER BY {order}) TO ? (FORMAT parquet)"
                with self._translate():
                    self.conn.execute(sql, [str(target / f"{table}.parquet")])
        else:
            raise DatelineError.make("E309", fmt=fmt, known=", ".join(_EXPORT_FORMATS))
        return target


def _first_line(err: Exception) -> str:
    return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__

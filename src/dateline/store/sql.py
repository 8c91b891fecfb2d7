"""SQL every backend shares: queries built from the layout's filters, with a backend's
placeholder (``?`` for DuckDB, ``%s`` for psycopg). Only portable SQL goes here (``lower``,
``strpos``, ``coalesce``, row-value comparison, ``unnest`` of an array parameter); a backend
quirk belongs in its own module.

>>> sql, params = select_rows("quotes", {"speaker": "Biden"}, limit=5)
>>> "speaker_search" in sql, params
(True, ['biden', 5])
"""

from __future__ import annotations

from abc import abstractmethod
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from typing import Any

from dateline.errors import DatelineError
from dateline.records import RECORD_LISTS, AnalysisRecord, Story
from dateline.store.base import Store
from dateline.store.layout import (
    ARTICLE_STORED,
    NO_DATE,
    STORY_LISTS,
    STORY_TABLES,
    Condition,
    check_date,
    check_kind,
    check_window,
    columns,
    conditions,
    decode_cursor,
    decode_rows,
    record_from_rows,
    story_from_rows,
    story_rows,
    unpack_record,
)

#: Runs one statement with its parameters and gives its rows (a backend's cursor).
Fetch = Callable[[str, Sequence[Any]], list[tuple]]


def q(name: str) -> str:
    """A quoted SQL identifier; only ever called with names from the fixed table layout.

    >>> q("end")
    '"end"'
    """
    return '"' + name.replace('"', '""') + '"'


def key_column(table: str) -> str:
    """The column that holds the article id (story id for story tables) in ``table``."""
    if table in ("articles", "stories"):
        return "id"
    return "story" if table in STORY_LISTS else "article"


def order_columns(table: str) -> str:
    """The key of ``table`` (its primary key and the order of exports): ``id`` or
    ``article, pos`` (``story, pos``)."""
    return "id" if table in ("articles", "stories") else f"{key_column(table)}, pos"


def create_table_sql(table: str, column_sql: Callable[[str, str], str]) -> str:
    """The ``CREATE TABLE`` of ``table`` from the layout, each column typed by the backend's
    ``column_sql(name, kind)``.

    >>> create_table_sql("times", lambda name, kind: q(name))[:60]
    'CREATE TABLE IF NOT EXISTS "times" ("article", "pos", "text"'
    """
    cols = ", ".join(column_sql(c.name, c.kind) for c in columns(table))
    return f"CREATE TABLE IF NOT EXISTS {q(table)} ({cols}, PRIMARY KEY ({order_columns(table)}))"


def ids_in(expr: str, mark: str = "?") -> str:
    """``expr`` is one of a list parameter (portable: DuckDB and PostgreSQL both unnest)."""
    return f"{expr} IN (SELECT unnest({mark}::VARCHAR[]))"


def one_of(expr: str, ids: Sequence[str], mark: str = "?") -> tuple[str, list[Any]]:
    """``expr`` is one of ``ids``: the term and its parameters (a plain ``=`` for one id, which
    every backend answers from its index or zone maps; else :func:`ids_in`).

    >>> one_of("id", ["a1"]), one_of("id", ["a1", "a2"])[1]
    (('id = ?', ['a1']), [['a1', 'a2']])
    """
    if len(ids) == 1:
        return f"{expr} = {mark}", [ids[0]]
    return ids_in(expr, mark), [list(ids)]


def date_bounds(
    column: str, since: str | None, until: str | None, mark: str = "?"
) -> tuple[list[str], list[Any]]:
    """The terms and parameters that bound a YYYY-MM-DD ``column`` by ``since``/``until``
    (inclusive, each where given; E306 for a malformed date).

    >>> date_bounds("published", "2022-04-01", None)
    (['published >= ?'], ['2022-04-01'])
    """
    terms: list[str] = []
    params: list[Any] = []
    for name, value, op in (("since", since, ">="), ("until", until, "<=")):
        if check_date(name, value) is not None:
            terms.append(f"{column} {op} {mark}")
            params.append(value)
    return terms, params


def records_where(
    ids: Sequence[str] | None,
    since: str | None,
    until: str | None,
    undated: bool,
    mark: str = "?",
) -> tuple[str, list[Any]]:
    """The WHERE over ``articles`` of :meth:`dateline.store.base.Store.records` and its
    parameters.

    >>> records_where(None, "2022-04-01", None, True)
    ('((published >= ?) OR published IS NULL)', ['2022-04-01'])
    """
    where: list[str] = []
    params: list[Any] = []
    if ids is not None:
        where.append(ids_in("id", mark))
        params.append(list(ids))
    dated, bounds = date_bounds("published", since, until, mark)
    params += bounds
    if dated:
        bound = " AND ".join(dated)
        where.append(f"(({bound}) OR published IS NULL)" if undated else f"({bound})")
    return (" AND ".join(where) or "TRUE"), params


def select_table(
    fetch: Fetch, table: str, where: str, params: Sequence[Any], order: str
) -> list[dict[str, Any]]:
    """Every layout column of the rows of ``table`` matching ``where``, decoded, in ``order``
    (for ``articles``, those a record is rebuilt from: not its stored JSON and digest)."""
    names = [c.name for c in columns(table) if table != "articles" or c.name not in ARTICLE_STORED]
    query = f"SELECT {', '.join(map(q, names))} FROM {q(table)} WHERE {where} ORDER BY {order}"
    return decode_rows(table, names, fetch(query, params))


def _items_of(
    fetch: Fetch, tables: Iterable[str], key: str, ids: Sequence[str], mark: str
) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """The rows of ``tables`` whose ``key`` column is one of ``ids``: per id, per table, in
    ``pos`` order."""
    where, params = one_of(key, ids, mark)
    items: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(dict)
    for table in tables:
        for row in select_table(fetch, table, where, params, f"{key}, pos"):
            items[row[key]].setdefault(table, []).append(row)
    return items


def load_records(
    fetch: Fetch, where: str, params: Sequence[Any], mark: str = "?"
) -> list[AnalysisRecord]:
    """The records of the articles matching ``where`` (over ``articles``), by id: a statement
    per table (run them in one snapshot)."""
    articles = select_table(fetch, "articles", where, params, "id")
    if not articles:
        return []
    items = _items_of(fetch, RECORD_LISTS, "article", [a["id"] for a in articles], mark)
    return [record_from_rows(a, items.get(a["id"], {})) for a in articles]


def load_stories(fetch: Fetch, ids: Sequence[str], mark: str = "?") -> dict[str, Story]:
    """The stories of ``ids`` that are stored, by id (run in one snapshot)."""
    if not ids:
        return {}
    where, params = one_of("id", ids, mark)
    heads = select_table(fetch, "stories", where, params, "id")
    items = _items_of(fetch, STORY_LISTS, "story", ids, mark)
    return {h["id"]: story_from_rows(h, items.get(h["id"], {})) for h in heads}


def story_batch(stories: Sequence[Story]) -> dict[str, list[tuple]]:
    """The rows of ``stories`` per story table (:func:`~dateline.store.layout.story_rows`);
    ValueError if two share an id.

    >>> story_batch([Story(id="s1", type="PROTEST")])["story_reports"]
    []
    """
    ids = [s.id for s in stories]
    if len(set(ids)) != len(ids):
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        raise ValueError(f"two stories share an id: {', '.join(dupes[:5])}")
    batch: dict[str, list[tuple]] = {table: [] for table in STORY_TABLES}
    for story in stories:
        for table, rows in story_rows(story).items():
            batch[table].extend(rows)
    return batch


def like_pattern(value: str) -> str:
    """A LIKE pattern matching text that contains ``value`` (backslash escapes ``%``, ``_``).

    >>> print(like_pattern("50%_off"))
    %50\\%\\_off%
    """
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _condition_sql(cond: Condition, mark: str, like: bool = False) -> tuple[str, list[Any]]:
    cols = [f"{cond.on}.{q(c)}" for c in cond.columns]
    if cond.match == "contains" and like:
        # A backend with trigram indexes on lower(column) (PostgreSQL) answers LIKE from them.
        parts = [f"lower({c}) LIKE {mark}" for c in cols]
        return (parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"), [
            like_pattern(cond.value)
        ] * len(parts)
    if cond.match == "equal":
        parts = [f"{c} = {mark}" for c in cols]
    elif cond.match == "contains":
        parts = [f"strpos(lower({c}), {mark}) > 0" for c in cols]
    elif cond.match == "since":
        parts = [f"{c} >= {mark}" for c in cols]
    else:
        parts = [f"{c} <= {mark}" for c in cols]
    sql = parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"
    return sql, [cond.value] * len(parts)


def where_sql(
    kind: str, filters: dict[str, Any], mark: str = "?", like: bool = False
) -> tuple[list[str], list[Any]]:
    """The WHERE terms (AND-ed) and parameters of ``filters`` over ``kind`` (aliases ``a`` for
    the article, ``t`` for the item).

    >>> where_sql("events", {"country": "ua"})
    (['t."country_key" = ?'], ['UA'])
    """
    terms: list[str] = []
    params: list[Any] = []
    for cond in conditions(kind, filters):
        sql, values = _condition_sql(cond, mark, like)
        terms.append(sql)
        params += values
    return terms, params


def row_names(kind: str) -> list[str]:
    """The names of a query row's columns (items: with ``pos`` last, for the cursor)."""
    if kind == "articles":
        return [c.name for c in columns("articles") if c.name not in ARTICLE_STORED]
    fields = [c.name for c in columns(kind) if c.name not in ("article", "pos")]
    return ["article", "outlet", "published", *fields, "pos"]


def _from(kind: str) -> str:
    if kind == "articles":
        return "FROM articles a"
    return f"FROM {q(kind)} t JOIN articles a ON a.id = t.article"


def _order_key(kind: str) -> list[str]:
    published = f"coalesce(a.published, '{NO_DATE}')"
    return [published, "a.id"] if kind == "articles" else [published, "a.id", "t.pos"]


def select_rows(
    kind: str,
    filters: dict[str, Any],
    *,
    limit: int | None = None,
    cursor: str | None = None,
    offset: int | None = None,
    mark: str = "?",
    like: bool = False,
    days: tuple[str, str] | None = None,
) -> tuple[str, list[Any]]:
    """The SELECT of :meth:`dateline.store.base.Store.query`: columns :func:`row_names`
    (``like=True``: substring filters as ``lower(column) LIKE pattern``, for trigram indexes;
    ``days``: only rows whose published day, or :data:`NO_DATE`, lies in that range, and
    ``offset`` counts from its first row: see :func:`day_window`).

    >>> "OFFSET ?) ORDER BY" in select_rows("articles", {}, offset=5000)[0]
    True
    """
    check_kind(kind)
    check_window(limit, cursor, offset)
    terms, params = where_sql(kind, filters, mark, like)
    key = _order_key(kind)
    if days is not None:
        terms.append(f"{key[0]} BETWEEN {mark} AND {mark}")
        params += list(days)
    if cursor is not None:
        after = decode_cursor(kind, cursor)
        if kind != "articles":
            # Implied by the full comparison below, but on the article's columns alone: an
            # index on (published, id) then starts at the cursor's article (keyset), instead
            # of walking every earlier article.
            terms.append(f"({', '.join(key[:2])}) >= ({mark}, {mark})")
            params += after[:2]
        terms.append(f"({', '.join(key)}) > ({', '.join([mark] * len(key))})")
        params += after
    if kind == "articles":
        select = ", ".join(f"a.{q(n)}" for n in row_names(kind))
    else:
        fields = row_names(kind)[3:-1]
        select = ", ".join(
            ["t.article", "a.outlet", "a.published", *(f"t.{q(n)}" for n in fields), "t.pos"]
        )
    where = " WHERE " + " AND ".join(terms) if terms else ""
    order = " ORDER BY " + ", ".join(key)
    shallow = not offset or (kind == "articles" and offset < DEEP_OFFSET)
    if (limit is None and not offset) or shallow or days:
        return _window(f"SELECT {select} {_from(kind)}{where}{order}", params, limit, offset, mark)
    # A page deep in a list: find its rows' keys first, sorting only the narrow key columns,
    # then read the full rows of those keys alone (sorting every matching row whole cost ~2.5x
    # more CPU for an item page at a deep offset on a 100k-article store). A first page, a
    # cursor's page or a shallow one is cheaper read at once (DuckDB materializes only the
    # rows its top-N keeps: a page of articles at once took 6-10 ms of CPU against 11-15 ms
    # through the keys). DuckDB reaches deep article pages by day instead (:func:`day_window`).
    if kind == "articles":
        page, params = _window(f"SELECT a.id {_from(kind)}{where}{order}", params, limit, offset, mark)
        return f"SELECT {select} {_from(kind)} WHERE a.id IN ({page}){order}", params
    page, params = _window(
        f"SELECT t.article AS k_article, t.pos AS k_pos {_from(kind)}{where}{order}",
        params, limit, offset, mark,
    )  # fmt: skip
    return (
        f"SELECT {select} FROM ({page}) k JOIN {q(kind)} t ON t.article = k.k_article "
        f"AND t.pos = k.k_pos JOIN articles a ON a.id = t.article{order}",
        params,
    )


def _window(
    sql: str, params: list[Any], limit: int | None, offset: int | None, mark: str
) -> tuple[str, list[Any]]:
    """``sql`` with its LIMIT and OFFSET (each where given) and their parameters."""
    if limit is not None:
        sql += f" LIMIT {mark}"
        params.append(limit)
    if offset:
        sql += f" OFFSET {mark}"
        params.append(offset)
    return sql, params


#: From this offset on, a page is found through the count of rows per published day
#: (:func:`day_counts`, :func:`day_window`) rather than by sorting every row before it: a
#: column engine (DuckDB) has no ordered index to walk, and ordering 100k article keys to skip
#: 99k of them cost ~35 ms of CPU, against ~4 ms to count per day and ~2 ms to order one day's.
DEEP_OFFSET = 1000


def day_counts(
    kind: str, filters: dict[str, Any], mark: str = "?", like: bool = False
) -> tuple[str, list[Any]]:
    """The SELECT of how many rows of ``kind`` match ``filters`` per published day
    (:data:`NO_DATE` for none), in day order. Articles only (items order by their article,
    then ``pos``: a day of items is as easily found).

    >>> day_counts("articles", {"outlet": "AP"})[0].endswith("GROUP BY 1 ORDER BY 1")
    True
    """
    if kind != "articles":
        raise ValueError("day counts are for articles")
    terms, params = where_sql(kind, filters, mark, like)
    where = " WHERE " + " AND ".join(terms) if terms else ""
    day = _order_key(kind)[0]
    return f"SELECT {day}, count(*) {_from(kind)}{where} GROUP BY 1 ORDER BY 1", params


def day_window(
    counts: Sequence[tuple[str, int]], offset: int, limit: int | None
) -> tuple[str, str, int] | None:
    """The first and last day that rows ``offset`` .. ``offset + limit - 1`` fall on, given
    the rows per day in order (:func:`day_counts`), and the offset of row ``offset`` within
    the first day's rows; None when ``offset`` is past the last row.

    >>> day_window([("2022-04-01", 3), ("2022-04-02", 2), ("2022-04-05", 4)], 4, 3)
    ('2022-04-02', '2022-04-05', 1)
    >>> day_window([("2022-04-01", 3)], 3, 10) is None
    True
    """
    before = 0
    first: tuple[str, int] | None = None
    end = None if limit is None else offset + limit  # rows up to this one (exclusive)
    last = None
    for day, n in counts:
        if first is None and before + n > offset:
            first = (day, offset - before)
        before += n
        if first is not None:
            last = day
            if end is not None and before >= end:
                break
    if first is None or last is None:
        return None
    return first[0], last, first[1]


def count_rows(
    kind: str, filters: dict[str, Any], mark: str = "?", like: bool = False
) -> tuple[str, list[Any]]:
    """The SELECT count(*) of :meth:`dateline.store.base.Store.count`; items are joined to
    their article only when a filter looks at it.

    >>> count_rows("quotes", {})
    ('SELECT count(*) FROM "quotes" t', [])
    """
    check_kind(kind)
    terms, params = where_sql(kind, filters, mark, like)
    if kind != "articles" and not any(t.startswith("a.") or " a." in t for t in terms):
        sql = f"SELECT count(*) FROM {q(kind)} t"
    else:
        sql = f"SELECT count(*) {_from(kind)}"
    if terms:
        sql += " WHERE " + " AND ".join(terms)
    return sql, params


def select_ids(
    *,
    after: str | None = None,
    limit: int | None = None,
    since: str | None = None,
    until: str | None = None,
    mark: str = "?",
) -> tuple[str, list[Any]]:
    """The SELECT of :meth:`dateline.store.base.Store.ids`.

    >>> select_ids(after="a1", limit=2)
    ('SELECT id FROM articles WHERE id > ? ORDER BY id LIMIT ?', ['a1', 2])
    """
    check_window(limit, None, None)
    terms, params = ([f"id > {mark}"], [after]) if after is not None else ([], [])
    dated, bounds = date_bounds("published", since, until, mark)
    terms += dated
    params += bounds
    sql = "SELECT id FROM articles"
    if terms:
        sql += " WHERE " + " AND ".join(terms)
    sql += " ORDER BY id"
    return _window(sql, params, limit, None, mark)


#: The ids of stories holding a report from one of the articles given as a list parameter.
def stories_of_articles(mark: str = "?") -> str:
    """SELECT the ids of stories holding a report from one of a list parameter's articles."""
    return f"SELECT DISTINCT story FROM story_reports WHERE {ids_in('article', mark)}"


def story_where(
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
    mark: str = "?",
) -> tuple[list[str], list[Any]]:
    """The WHERE terms (alias ``s``) and parameters of the story filters of
    :meth:`dateline.store.base.Store.stories`.

    >>> story_where(country="ua")
    (['upper(s.country) = ?'], ['UA'])
    """
    where, params = date_bounds("s.date", since, until, mark)
    if country is not None:
        where.append(f"upper(s.country) = {mark}")
        params.append(country.upper())
    if place is not None:
        where.append(f"strpos(lower(s.place_name), {mark}) > 0")
        params.append(place.lower())
    if type is not None:
        where.append(
            f"{mark} IN (lower(s.type), lower(coalesce(s.acled, '')), "
            "lower(coalesce(s.acled_sub, '')))"
        )
        params.append(type.lower())
    if min_origins is not None:
        where.append(f"s.corroboration >= {mark}")
        params.append(min_origins)
    if contradicted is not None:
        has = "EXISTS (SELECT 1 FROM story_contradictions c WHERE c.story = s.id)"
        where.append(has if contradicted else f"NOT {has}")
    if articles is not None:
        where.append(f"s.id IN ({stories_of_articles(mark)})")
        params.append(list(articles))
    if ids is not None:
        where.append(ids_in("s.id", mark))
        params.append(list(ids))
    return where, params


def select_story_ids(
    filters: dict[str, Any],
    *,
    limit: int | None = None,
    cursor: str | None = None,
    offset: int | None = None,
    mark: str = "?",
) -> tuple[str, list[Any]]:
    """The SELECT of the ids :meth:`dateline.store.base.Store.stories` gives, in order.

    >>> select_story_ids({}, limit=3)[1]
    [3]
    """
    check_window(limit, cursor, offset)
    where, params = story_where(**filters, mark=mark)
    key = [f"coalesce(s.date, '{NO_DATE}')", "s.id"]
    if cursor is not None:
        where.append(f"({', '.join(key)}) > ({mark}, {mark})")
        params += decode_cursor("stories", cursor)
    sql = "SELECT s.id FROM stories s"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY " + ", ".join(key)
    return _window(sql, params, limit, offset, mark)


def count_stories_sql(filters: dict[str, Any], mark: str = "?") -> tuple[str, list[Any]]:
    """The SELECT count(*) of :meth:`dateline.store.base.Store.count_stories`."""
    where, params = story_where(**filters, mark=mark)
    sql = "SELECT count(*) FROM stories s"
    if where:
        sql += " WHERE " + " AND ".join(where)
    return sql, params


class SQLStore(Store):
    """The reads every SQL backend shares, built from this module's statements: a backend
    supplies its placeholder (:attr:`mark`), :meth:`_fetch` (one statement), :meth:`_snapshot`
    (several statements that see one state of every table), and its writes.

    >>> from dateline.store import open_store
    >>> with open_store(":memory:") as store:
    ...     isinstance(store, SQLStore), store.records(since="2022-01-01")
    (True, [])
    """

    #: What messages name the store by (a file path, a URL without its password).
    path: str
    #: The backend's parameter placeholder.
    mark = "?"
    #: Substring filters as ``lower(column) LIKE pattern`` (a backend with trigram indexes).
    like = False
    #: Articles from this offset on are found by the rows per day (:data:`DEEP_OFFSET`); None:
    #: always by ordering the keys (a backend with an ordered index on them walks it).
    deep_offset: int | None = DEEP_OFFSET

    @abstractmethod
    def _fetch(self, query: str, params: Sequence[Any] = ()) -> list[tuple]:
        """The rows of one statement."""

    @abstractmethod
    def _snapshot(self) -> AbstractContextManager[Fetch]:
        """A :data:`Fetch` whose statements all see one state of every table, for a ``with``."""

    def _fetch_filtered(
        self, kind: str, filters: dict[str, Any], query: str, params: Sequence[Any]
    ) -> list[tuple]:
        """The rows of a query over ``kind`` with ``filters`` (a backend may tune its plan)."""
        return self._fetch(query, params)

    def has(self, article_id: str) -> bool:
        return bool(self._fetch(f"SELECT 1 FROM articles WHERE id = {self.mark}", [article_id]))

    def analyzer_keys(self, article_ids: Iterable[str]) -> dict[str, str | None]:
        ids = list(dict.fromkeys(article_ids))
        if not ids:
            return {}
        where, params = one_of("id", ids, self.mark)
        return dict(self._fetch(f"SELECT id, analyzer_key FROM articles WHERE {where}", params))

    def ids(
        self,
        *,
        after: str | None = None,
        limit: int | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> list[str]:
        query, params = select_ids(
            after=after, limit=limit, since=since, until=until, mark=self.mark
        )
        return [r[0] for r in self._fetch(query, params)]

    def get(self, article_id: str) -> AnalysisRecord:
        return AnalysisRecord.model_validate_json(self.get_json(article_id))

    def get_json(self, article_id: str) -> str:
        """The stored record's JSON: one statement on the primary key (``articles.record``)."""
        rows = self._fetch(f"SELECT record FROM articles WHERE id = {self.mark}", [article_id])
        if not rows:
            raise DatelineError.make("E302", id=article_id, path=self.path)
        if rows[0][0] is not None:
            return unpack_record(bytes(rows[0][0]))
        # No JSON stored (a migration that added the column has not rewritten this row yet):
        # rebuild the record from its tables.
        with self._snapshot() as fetch:
            found = load_records(fetch, f"id = {self.mark}", [article_id], self.mark)
        if not found:
            raise DatelineError.make("E302", id=article_id, path=self.path)
        return found[0].model_dump_json()

    def records(
        self,
        ids: Sequence[str] | None = None,
        *,
        since: str | None = None,
        until: str | None = None,
        undated: bool = False,
    ) -> list[AnalysisRecord]:
        where, params = records_where(ids, since, until, undated, self.mark)
        with self._snapshot() as fetch:
            return load_records(fetch, where, params, self.mark)

    def _rows(
        self,
        kind: str,
        *,
        limit: int | None,
        cursor: str | None,
        offset: int | None,
        filters: dict[str, Any],
    ) -> list[dict[str, Any]]:
        deep = self.deep_offset
        if kind == "articles" and offset is not None and deep is not None and offset >= deep:
            return self._deep_rows(kind, limit=limit, offset=offset, filters=filters)
        query, params = select_rows(
            kind, filters, limit=limit, cursor=cursor, offset=offset, mark=self.mark, like=self.like
        )
        rows = self._fetch_filtered(kind, filters, query, params)
        return decode_rows(kind, row_names(kind), rows)

    def _deep_rows(
        self, kind: str, *, limit: int | None, offset: int, filters: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Rows from a deep ``offset``: the rows per day, then only the days the page spans
        (one snapshot: no write falls between the two statements)."""
        with self._snapshot() as fetch:
            counts = fetch(*day_counts(kind, filters, self.mark, self.like))
            window = day_window(counts, offset, limit)
            if window is None:
                return []
            first, last, skip = window
            query, params = select_rows(
                kind, filters, limit=limit, offset=skip, mark=self.mark, like=self.like,
                days=(first, last),
            )  # fmt: skip
            rows = fetch(query, params)
        return decode_rows(kind, row_names(kind), rows)

    def count(self, kind: str, **filters: Any) -> int:
        query, params = count_rows(kind, filters, mark=self.mark, like=self.like)
        return int(self._fetch_filtered(kind, filters, query, params)[0][0])

    def stories(
        self,
        *,
        limit: int | None = None,
        cursor: str | None = None,
        offset: int | None = None,
        **filters: Any,
    ) -> list[Story]:
        query, params = select_story_ids(
            filters, limit=limit, cursor=cursor, offset=offset, mark=self.mark
        )
        with self._snapshot() as fetch:
            chosen = [r[0] for r in fetch(query, params)]
            found = load_stories(fetch, chosen, self.mark)
        return [found[i] for i in chosen]

    def count_stories(self, **story_filters: Any) -> int:
        query, params = count_stories_sql(story_filters, mark=self.mark)
        return int(self._fetch(query, params)[0][0])

    def story_members(self, articles: Sequence[str]) -> dict[str, list[tuple[str, str]]]:
        if not articles:
            return {}
        query = (
            f"SELECT story, article, event FROM story_reports WHERE story IN "
            f"({stories_of_articles(self.mark)}) ORDER BY story, pos"
        )
        members: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for story, article, event in self._fetch(query, [list(articles)]):
            members[story].append((article, event))
        return dict(members)

    def unlinked(self, articles: Sequence[str]) -> list[str]:
        if not articles:
            return []
        query = (
            f"SELECT DISTINCT e.article FROM events e WHERE {ids_in('e.article', self.mark)} "
            "AND NOT EXISTS (SELECT 1 FROM story_reports r WHERE r.article = e.article) "
            "ORDER BY e.article"
        )
        return [row[0] for row in self._fetch(query, [list(articles)])]

    def story(self, story_id: str) -> Story:
        with self._snapshot() as fetch:
            found = load_stories(fetch, [story_id], self.mark)
        if story_id not in found:
            raise DatelineError.make("E311", id=story_id, path=self.path)
        return found[story_id]

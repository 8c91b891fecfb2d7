"""SQL every backend shares: queries built from the layout's filters, with a backend's
placeholder (``?`` for DuckDB, ``%s`` for psycopg). Only portable SQL goes here (``lower``,
``strpos``, ``coalesce``, row-value comparison, ``unnest`` of an array parameter); a backend
quirk belongs in its own module.

>>> sql, params = select_rows("quotes", {"speaker": "Biden"}, limit=5)
>>> "speaker_search" in sql, params
(True, ['biden', 5])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dateline.store.layout import (
    NO_DATE,
    STORY_LISTS,
    Condition,
    check_date,
    check_kind,
    check_window,
    columns,
    conditions,
    decode_cursor,
)


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
    """The key order of ``table``'s rows, for exports: ``id`` or ``article, pos``."""
    return "id" if table in ("articles", "stories") else f"{key_column(table)}, pos"


def ids_in(expr: str, mark: str = "?") -> str:
    """``expr`` is one of a list parameter (portable: DuckDB and PostgreSQL both unnest)."""
    return f"{expr} IN (SELECT unnest({mark}::VARCHAR[]))"


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
        return [c.name for c in columns("articles") if c.name != "digest"]
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
) -> tuple[str, list[Any]]:
    """The SELECT of :meth:`dateline.store.base.Store.query`: columns :func:`row_names`
    (``like=True``: substring filters as ``lower(column) LIKE pattern``, for trigram indexes).

    >>> select_rows("articles", {}, offset=10)[0].endswith("OFFSET ?")
    True
    """
    check_kind(kind)
    check_window(limit, cursor, offset)
    terms, params = where_sql(kind, filters, mark, like)
    key = _order_key(kind)
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
    sql = f"SELECT {select} {_from(kind)}"
    if terms:
        sql += " WHERE " + " AND ".join(terms)
    sql += " ORDER BY " + ", ".join(key)
    if limit is not None:
        sql += f" LIMIT {mark}"
        params.append(limit)
    if offset:
        sql += f" OFFSET {mark}"
        params.append(offset)
    return sql, params


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
    terms: list[str] = []
    params: list[Any] = []
    for name, value, op in ((None, after, ">"), ("since", since, ">="), ("until", until, "<=")):
        if value is None:
            continue
        terms.append(f"{'published' if name else 'id'} {op} {mark}")
        params.append(check_date(name, value) if name else value)
    sql = "SELECT id FROM articles"
    if terms:
        sql += " WHERE " + " AND ".join(terms)
    sql += " ORDER BY id"
    if limit is not None:
        sql += f" LIMIT {mark}"
        params.append(limit)
    return sql, params


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
    where: list[str] = []
    params: list[Any] = []
    if check_date("since", since) is not None:
        where.append(f"s.date >= {mark}")
        params.append(since)
    if check_date("until", until) is not None:
        where.append(f"s.date <= {mark}")
        params.append(until)
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
    if limit is not None:
        sql += f" LIMIT {mark}"
        params.append(limit)
    if offset:
        sql += f" OFFSET {mark}"
        params.append(offset)
    return sql, params


def count_stories_sql(filters: dict[str, Any], mark: str = "?") -> tuple[str, list[Any]]:
    """The SELECT count(*) of :meth:`dateline.store.base.Store.count_stories`."""
    where, params = story_where(**filters, mark=mark)
    sql = "SELECT count(*) FROM stories s"
    if where:
        sql += " WHERE " + " AND ".join(where)
    return sql, params

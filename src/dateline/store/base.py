"""The storage interface every backend implements (the table layout, the filters and the
indexes every backend shares are in :mod:`dateline.store.layout`).

Backends implement the abstract methods; paging (:meth:`Store.page`,
:meth:`Store.story_page`), streaming (:meth:`Store.iterate`) and the JSONL export are built on
them here, once for every backend. The SQL backends (DuckDB, PostgreSQL) share their reads too,
in :class:`dateline.store.sql.SQLStore`: each adds its connections, writes and migrations.

>>> from dateline.store import open_store
>>> with open_store(":memory:") as store:
...     store.put(AnalysisRecord(article=Article(id="a1", text="Hi.", outlet="AP")))
...     store.page("articles", limit=10, outlet="ap").total
True
1
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from dateline.errors import DatelineError, TransientError
from dateline.records import AnalysisRecord, Article, Story  # noqa: F401 (doctest)
from dateline.store.layout import (
    FILTERS,
    STORE_SCHEMA_VERSION,
    STORY_TABLES,
    TABLES,
    check_page,
    encode_cursor,
    row_key,
    story_key,
)

__all__ = ["FILTERS", "STORE_SCHEMA_VERSION", "TABLES", "Page", "Store", "with_retries"]

T = TypeVar("T")

#: Export formats every backend writes.
EXPORT_FORMATS = ("jsonl", "parquet", "csv")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a query: its ``items``, the ``total`` count of every row matching the
    filters (not just this page), and the opaque cursor of the ``next`` page (None on the
    last).

    >>> Page(items=[1, 2], total=5, next="abc").total
    5
    """

    items: list[T]
    total: int
    next: str | None


class Store(ABC):
    """Where analysis records live. One instance is one connection: use it from one thread.

    >>> from dateline.store import open_store
    >>> with open_store(":memory:") as store:
    ...     store.put(AnalysisRecord(article=Article(id="a1", text="Hi.")))
    ...     store.ids()
    True
    ['a1']
    """

    #: Kinds :meth:`query` answers: ``articles`` and one per record list.
    KINDS = TABLES

    #: The layout version the store was upgraded from when it was opened with
    #: ``migrate=True`` (``dateline migrate``); None when it needed nothing.
    migrated_from: str | None = None
    #: What such a migration added to a store that claimed the current version but lacked
    #: tables or columns (``table`` or ``table.column``; see
    #: :func:`~dateline.store.layout.layout_gaps`).
    repaired: tuple[str, ...] = ()

    @abstractmethod
    def put(self, record: AnalysisRecord) -> bool:
        """Store ``record`` in one transaction; False if identical content was already stored.

        A stored article with the same id and different content is replaced whole. Either
        every row of the record is written or none is (a killed process leaves no half
        article), so an interrupted ingest resumes by skipping :meth:`has` ids.

        >>> store.put(record), store.put(record)  # doctest: +SKIP
        (True, False)
        """

    def put_many(self, records: Sequence[AnalysisRecord]) -> list[bool]:
        """Store several records in one transaction (all or none); :meth:`put`'s result for each.

        Faster than one transaction per article; an ingest killed mid-batch loses only the
        uncommitted batch, which the next run analyzes again.

        >>> store.put_many([record, record])  # doctest: +SKIP
        [True, False]
        """
        return [self.put(record) for record in records]

    @abstractmethod
    def has(self, article_id: str) -> bool:
        """Whether an article with ``article_id`` is stored.

        >>> store.has("a1")  # doctest: +SKIP
        True
        """

    @abstractmethod
    def analyzer_keys(self, article_ids: Iterable[str]) -> dict[str, str | None]:
        """The stored ``analyzer.key`` of each of ``article_ids`` that is stored (None for a
        record without an analyzer); ingest re-analyzes those whose key differs.

        >>> store.analyzer_keys(["a1", "missing"])  # doctest: +SKIP
        {'a1': 'dateline 0.1.0; en_core_web_sm 3.7.1; config 0123456789ab'}
        """

    @abstractmethod
    def ids(
        self,
        *,
        after: str | None = None,
        limit: int | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> list[str]:
        """Stored article ids, sorted: every one, or the first ``limit`` greater than ``after``,
        of articles published ``since``/``until`` (YYYY-MM-DD, inclusive; E306) if given.

        >>> store.ids()  # doctest: +SKIP
        ['a1', 'a2']
        >>> store.ids(after="a1", limit=1)  # doctest: +SKIP
        ['a2']
        """

    @abstractmethod
    def get(self, article_id: str) -> AnalysisRecord:
        """The stored record, equal to the one put; E302 if there is none.

        >>> store.get("a1") == record  # doctest: +SKIP
        True
        """

    def get_json(self, article_id: str) -> str:
        """The stored record as JSON text, as ``get(article_id).model_dump_json()`` gives it
        (E302 if there is none); a backend that keeps each record's JSON returns it without
        building the record (the API sends it as it is).

        >>> json.loads(store.get_json("a1"))["article"]["id"]  # doctest: +SKIP
        'a1'
        """
        return self.get(article_id).model_dump_json()

    def query(
        self,
        kind: str,
        *,
        limit: int | None = None,
        cursor: str | None = None,
        offset: int | None = None,
        **filters: Any,
    ) -> list[dict[str, Any]]:
        """Flat rows of one kind (see :data:`TABLES`; E304 otherwise), filtered.

        Each row holds the item's fields (nested ones decoded from JSON) with ``article``,
        ``outlet`` and ``published`` of its article joined in; ``kind="articles"`` gives
        article rows. Rows come ordered by published date (undated last), article id, then
        position in the record.

        ``filters`` (:data:`dateline.store.layout.FILTERS`; a filter the kind does not take is
        E307; None means "not given"): every kind takes ``article`` (one article id),
        ``outlet`` (case-insensitive), ``since``/``until`` (published date, YYYY-MM-DD,
        inclusive; E306) and ``q`` (a case-insensitive substring of the article's title or
        text, a quote's text, an event's trigger, an entity's name or alias, other kinds'
        text). ``speaker`` (quotes, non_comments): a case-insensitive substring of the
        speaker's name or of the name and aliases of the entity it resolves to;
        ``quote_kind``: direct, indirect or mixed; events take ``type`` (PLOVER type, ACLED
        type or sub-type, any case), ``country`` (ISO alpha-2 of the event's place, else of
        its first actor with one) and ``factuality``; places ``country``; entities ``label``
        (PERSON, ORG, ...) and ``name``.

        ``limit`` caps the rows; ``cursor`` (a :attr:`Page.next`) starts after that row
        (keyset: a deep page costs what the first does); ``offset`` skips rows instead (E315
        with a cursor).

        >>> store.query("quotes", speaker="biden", since="2022-01-01", limit=5)  # doctest: +SKIP
        [{'article': 'a1', 'outlet': 'AP', 'published': '2022-03-01', 'id': 'q1', ...}]
        """
        rows = self._rows(kind, limit=limit, cursor=cursor, offset=offset, filters=filters)
        if kind != "articles":
            for row in rows:
                del row["pos"]
        return rows

    @abstractmethod
    def _rows(
        self,
        kind: str,
        *,
        limit: int | None,
        cursor: str | None,
        offset: int | None,
        filters: dict[str, Any],
    ) -> list[dict[str, Any]]:
        """:meth:`query`'s rows, items with their ``pos`` (the cursor needs it): see
        :func:`dateline.store.sql.select_rows`."""

    @abstractmethod
    def count(self, kind: str, **filters: Any) -> int:
        """How many rows :meth:`query` gives for ``kind`` and ``filters`` (without a limit).

        >>> store.count("events", country="UA", type="protest")  # doctest: +SKIP
        12
        """

    def page(
        self,
        kind: str,
        *,
        limit: int = 100,
        cursor: str | None = None,
        offset: int | None = None,
        total: int | None = None,
        **filters: Any,
    ) -> Page[dict[str, Any]]:
        """One page of :meth:`query` with the total count and the cursor of the next page.

        ``limit`` is 1 to 500 (E315); ``cursor`` is the previous page's :attr:`Page.next`
        (E314 if malformed); ``offset`` skips rows instead of a cursor. ``total``: the
        :meth:`count` of these filters when the caller knows it already (it is not counted
        again; ``dateline serve`` keeps totals while the store cannot change).

        >>> first = store.page("quotes", limit=50, speaker="biden")  # doctest: +SKIP
        >>> second = store.page("quotes", limit=50, cursor=first.next, speaker="biden")  # doctest: +SKIP
        """
        check_page(limit, cursor, offset)
        rows = self._rows(kind, limit=limit + 1, cursor=cursor, offset=offset, filters=filters)
        more = len(rows) > limit
        rows = rows[:limit]
        following = encode_cursor(kind, row_key(kind, rows[-1])) if more and rows else None
        if kind != "articles":
            for row in rows:
                del row["pos"]
        if total is None:
            total = self.count(kind, **filters)
        return Page(items=rows, total=total, next=following)

    @abstractmethod
    def schema_version(self) -> str:
        """The layout version the store holds (:data:`STORE_SCHEMA_VERSION` once migrated).

        >>> store.schema_version()  # doctest: +SKIP
        '2.3'
        """

    def iterate(
        self,
        *,
        batch: int = 500,
        since: str | None = None,
        until: str | None = None,
        ids: Iterable[str] | None = None,
    ) -> Iterator[AnalysisRecord]:
        """Every stored record (or those of ``ids``; ``since``/``until`` bound the published
        date), by article id, read ``batch`` records at a time: memory stays bounded however
        large the store, and articles written meanwhile are met at most once (keyset on id).

        >>> sum(1 for _ in store.iterate(batch=200))  # doctest: +SKIP
        100000
        """
        if batch < 1:
            raise ValueError(f"batch must be at least 1, not {batch!r}")
        if ids is not None:
            wanted = sorted(set(ids))
            for start in range(0, len(wanted), batch):
                yield from self.records(wanted[start : start + batch], since=since, until=until)
            return
        after: str | None = None
        while chunk := self.ids(after=after, limit=batch, since=since, until=until):
            yield from self.records(chunk)
            after = chunk[-1]
    @abstractmethod
    def records(
        self,
        ids: Sequence[str] | None = None,
        *,
        since: str | None = None,
        until: str | None = None,
        undated: bool = False,
    ) -> list[AnalysisRecord]:
        """Many stored records at once (a few statements in all, not one :meth:`get` each).

        ``ids`` keeps those articles (unknown ids are skipped); ``since``/``until`` bound the
        published date (YYYY-MM-DD, inclusive; E306), and ``undated=True`` adds the articles
        that have no published date. Records come ordered by article id.

        >>> [r.article.id for r in store.records(since="2022-04-01", until="2022-04-07")]  # doctest: +SKIP
        ['0a1b...', '3f2a...']
        """

    @abstractmethod
    def put_stories(
        self, stories: Sequence[Story], *, remove: Iterable[str] = (), replace_all: bool = False
    ) -> None:
        """Store ``stories`` in one transaction (all or none).

        A story whose id is stored already is replaced whole; ``remove`` names stories to
        delete in the same transaction (those an incremental link has merged or split);
        ``replace_all=True`` deletes every stored story first (a full recompute). Two stories
        with one id raise ValueError.

        >>> store.put_stories(link_stories, replace_all=True)  # doctest: +SKIP
        """

    @abstractmethod
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
        cursor: str | None = None,
        offset: int | None = None,
    ) -> list[Story]:
        """Stored stories, filtered, ordered by date (undated last) then id.

        ``since``/``until`` bound the story's date (the event's date where known to the day,
        else the day it was first reported; YYYY-MM-DD, inclusive; E306). ``country`` is an
        ISO 3166-1 alpha-2 code of the story's place; ``place`` a case-insensitive substring of
        its place name; ``type`` a PLOVER type, ACLED event type or ACLED sub-event type (any
        case); ``min_origins`` a least ``corroboration`` (independent origins asserting);
        ``contradicted`` True keeps stories with a contradiction, False those without;
        ``articles`` keeps stories that hold a report from one of these articles; ``ids``
        keeps these stories. ``limit`` caps them; ``cursor`` (a :meth:`story_page` ``next``)
        starts after that story, ``offset`` skips stories instead.

        >>> store.stories(country="UA", type="FIGHT", min_origins=2)  # doctest: +SKIP
        [Story(id='s3f0c...', type='FIGHT', ...)]
        """

    @abstractmethod
    def count_stories(self, **story_filters: Any) -> int:
        """How many stories :meth:`stories` gives for ``story_filters`` (its filters, without
        ``limit``, ``cursor`` or ``offset``).

        >>> store.count_stories(country="UA")  # doctest: +SKIP
        41
        """

    def story_page(
        self,
        *,
        limit: int = 100,
        cursor: str | None = None,
        offset: int | None = None,
        total: int | None = None,
        **story_filters: Any,
    ) -> Page[Story]:
        """One page of :meth:`stories` with the total count and the next page's cursor.

        ``limit`` is 1 to 500 (E315); ``cursor`` is the previous page's :attr:`Page.next`;
        ``total`` as in :meth:`page`.

        >>> store.story_page(limit=20, country="UA").next  # doctest: +SKIP
        'WyJzdG9yaWVzIiwiMjAyMi0wNC0wMSIsInMxIl0'
        """
        check_page(limit, cursor, offset)
        found = self.stories(limit=limit + 1, cursor=cursor, offset=offset, **story_filters)
        more = len(found) > limit
        found = found[:limit]
        following = encode_cursor("stories", story_key(found[-1])) if more and found else None
        if total is None:
            total = self.count_stories(**story_filters)
        return Page(items=found, total=total, next=following)

    @abstractmethod
    def story_members(self, articles: Sequence[str]) -> dict[str, list[tuple[str, str]]]:
        """Membership only, cheaper than :meth:`stories`: for every story holding a report from
        one of ``articles``, its reports' ``(article, event)`` in order, by story id.

        >>> store.story_members(["a1"])  # doctest: +SKIP
        {'s3f0c2a1b9d8e': [('a1', 'e1'), ('a2', 'e3')]}
        """

    @abstractmethod
    def unlinked(self, articles: Sequence[str]) -> list[str]:
        """Those of ``articles`` that hold events but no report in any story, sorted: stored
        by an ingest that stopped (or was told ``--no-link``) before it linked them.

        >>> store.unlinked(["a1", "a2"])  # doctest: +SKIP
        ['a2']
        """

    @abstractmethod
    def story(self, story_id: str) -> Story:
        """The stored story, equal to the one put; E311 if there is none.

        >>> store.story("s3f0c2a1b9d8e7f6").corroboration  # doctest: +SKIP
        2
        """

    def export(self, fmt: str, path: str | Path) -> Path:
        """Write everything to ``path``; E309 for an unknown ``fmt``.

        ``jsonl``: one full :class:`AnalysisRecord` per line, by article id (``path`` "-"
        writes to standard output). ``parquet`` and ``csv``: ``path`` is a directory that
        receives one ``<table>.parquet`` / ``<table>.csv`` per table (header row; nested
        fields as JSON text), rows in key order.

        >>> store.export("parquet", "out/")  # doctest: +SKIP
        PosixPath('out')
        """
        if fmt not in EXPORT_FORMATS:
            raise DatelineError.make("E309", fmt=fmt, known=", ".join(EXPORT_FORMATS))
        if fmt == "jsonl":
            if str(path) == "-":
                import sys

                self.write_jsonl(sys.stdout)
                return Path("-")
            target = Path(path)
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("w", encoding="utf-8") as out:
                self.write_jsonl(out)
            return target
        target = Path(path)
        target.mkdir(parents=True, exist_ok=True)
        for table in (*TABLES, *STORY_TABLES):
            self._export_table(table, fmt, target / f"{table}.{fmt}")
        return target

    def write_jsonl(self, out: Any) -> int:
        """Write every record as one JSON line to the text stream ``out``; how many.

        >>> store.write_jsonl(sys.stdout)  # doctest: +SKIP
        2
        """
        n = 0
        for record in self.iterate():
            out.write(record.model_dump_json() + "\n")
            n += 1
        return n

    @abstractmethod
    def _export_table(self, table: str, fmt: str, path: Path) -> None:
        """Write one table (the columns of :func:`~dateline.store.layout.export_columns`, in
        key order) to ``path`` as ``fmt`` (parquet or csv, with a header row)."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection (and any file lock); closing twice is harmless."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def with_retries(
    fn: Callable[[], T],
    attempts: int = 5,
    delay: float = 0.2,
    *,
    backoff: float = 2.0,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Call ``fn``; on a :class:`TransientError` wait and retry, up to ``attempts`` calls.

    The wait starts at ``delay`` seconds and grows by ``backoff`` each time; the last error is
    raised when every attempt failed. Terminal errors are never retried.

    >>> with_retries(lambda: open_store("dateline.duckdb"), attempts=10)  # doctest: +SKIP
    <dateline.store.duckdb.DuckDBStore object at ...>
    """
    if attempts < 1:
        raise ValueError("attempts must be at least 1")
    for attempt in range(1, attempts + 1):
        try:
            return fn()
        except TransientError:
            if attempt == attempts:
                raise
            sleep(delay * backoff ** (attempt - 1))
    raise AssertionError("unreachable")

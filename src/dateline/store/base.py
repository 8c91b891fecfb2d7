"""The storage interface every backend implements (the table layout is in
:mod:`dateline.store.layout`).
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from dateline.errors import TransientError
from dateline.records import AnalysisRecord, Article, Story  # noqa: F401 (doctest)
from dateline.store.layout import STORE_SCHEMA_VERSION, TABLES

__all__ = ["STORE_SCHEMA_VERSION", "TABLES", "Store", "with_retries"]

T = TypeVar("T")


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
    def ids(self) -> list[str]:
        """Every stored article id, sorted.

        >>> store.ids()  # doctest: +SKIP
        ['a1', 'a2']
        """

    @abstractmethod
    def get(self, article_id: str) -> AnalysisRecord:
        """The stored record, equal to the one put; E302 if there is none.

        >>> store.get("a1") == record  # doctest: +SKIP
        True
        """

    @abstractmethod
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
        """Flat rows of one kind (see :data:`TABLES`; E304 otherwise), filtered.

        Each row holds the item's fields (nested ones decoded from JSON) with ``article``,
        ``outlet`` and ``published`` of its article joined in; ``kind="articles"`` gives
        article rows. ``speaker`` (quotes and non_comments only, else E307) matches a
        case-insensitive substring of the speaker's name or of the name and aliases of the
        entity it resolves to; ``outlet`` matches the outlet case-insensitively;
        ``since``/``until`` bound the published date (YYYY-MM-DD, inclusive; E306);
        ``article`` keeps one article; ``limit`` caps the rows. Rows come ordered by
        published date, article id, then position in the record.

        >>> store.query("quotes", speaker="biden", since="2022-01-01", limit=5)  # doctest: +SKIP
        [{'article': 'a1', 'outlet': 'AP', 'published': '2022-03-01', 'id': 'q1', ...}]
        """

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
    ) -> list[Story]:
        """Stored stories, filtered, ordered by date then id.

        ``since``/``until`` bound the story's date (the event's date where known to the day,
        else the day it was first reported; YYYY-MM-DD, inclusive; E306). ``country`` is an
        ISO 3166-1 alpha-2 code of the story's place; ``place`` a case-insensitive substring of
        its place name; ``type`` a PLOVER type, ACLED event type or ACLED sub-event type (any
        case); ``min_origins`` a least ``corroboration`` (independent origins asserting);
        ``contradicted`` True keeps stories with a contradiction, False those without;
        ``articles`` keeps stories that hold a report from one of these articles; ``ids``
        keeps these stories.

        >>> store.stories(country="UA", type="FIGHT", min_origins=2)  # doctest: +SKIP
        [Story(id='s3f0c...', type='FIGHT', ...)]
        """

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

    @abstractmethod
    def export(self, fmt: str, path: str | Path) -> Path:
        """Write everything to ``path``; E309 for an unknown ``fmt``.

        ``jsonl``: one full :class:`AnalysisRecord` per line, by article id. ``parquet``:
        ``path`` is a directory that receives one ``<table>.parquet`` per table.

        >>> store.export("parquet", "out/")  # doctest: +SKIP
        PosixPath('out')
        """

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

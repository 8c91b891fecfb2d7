"""Copy a store into another, of any backend, through the :class:`~dateline.store.base.Store`
interface only, then verify the counts (what ``dateline copy`` runs).

>>> from dateline.store import open_store
>>> with open_store(":memory:") as src, open_store(":memory:") as dst:
...     src.put(AnalysisRecord(article=Article(id="a1", text="Hi.")))
...     copy_store(src, dst).articles
True
1
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from dateline.errors import DatelineError
from dateline.records import AnalysisRecord, Article  # noqa: F401 (doctest)
from dateline.store.base import Store
from dateline.store.layout import MAX_PAGE, TABLES


@dataclass
class CopyReport:
    """What :func:`copy_store` did: records written (``written``: new or changed in the
    target), stories copied, and the verified row count of every table."""

    articles: int = 0
    written: int = 0
    stories: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def copy_store(
    source: Store,
    target: Store,
    *,
    batch: int = 500,
    progress: Callable[[int], None] | None = None,
) -> CopyReport:
    """Copy every record and story of ``source`` into ``target``, ``batch`` records per
    transaction, then check that both hold as many rows of every kind and as many stories;
    E316 if not (``target`` held other articles, or a writer changed ``source`` meanwhile).

    Idempotent: a record the target holds already with the same content is skipped, a story
    with the same id replaced, so an interrupted copy is finished by running it again.
    ``progress`` is called with the number of records copied so far after each batch.

    >>> copy_store(open_store("news.duckdb", read_only=True), open_store("postgresql://db/news"))  # doctest: +SKIP
    CopyReport(articles=100000, written=100000, stories=8410, counts={...})
    """
    report = CopyReport()
    pending: list[AnalysisRecord] = []

    def flush() -> None:
        report.written += sum(target.put_many(pending))
        report.articles += len(pending)
        pending.clear()
        if progress is not None:
            progress(report.articles)

    for record in source.iterate(batch=batch):
        pending.append(record)
        if len(pending) >= batch:
            flush()
    if pending:
        flush()
    cursor: str | None = None
    while True:
        page = source.story_page(limit=min(batch, MAX_PAGE), cursor=cursor)
        if page.items:
            target.put_stories(page.items)
            report.stories += len(page.items)
        if page.next is None:
            break
        cursor = page.next
    report.counts = verify_counts(source, target)
    return report


def verify_counts(source: Store, target: Store) -> dict[str, int]:
    """The row count of every table and of stories, equal in both stores; else E316.

    >>> verify_counts(src, dst)["articles"]  # doctest: +SKIP
    100000
    """
    counts: dict[str, int] = {}
    differ: list[str] = []
    for kind in TABLES:
        counts[kind] = source.count(kind)
        there = target.count(kind)
        if there != counts[kind]:
            differ.append(f"{kind} {counts[kind]} -> {there}")
    counts["stories"] = source.count_stories()
    there = target.count_stories()
    if there != counts["stories"]:
        differ.append(f"stories {counts['stories']} -> {there}")
    if differ:
        name = getattr(target, "url", None) or getattr(target, "path", "the target store")
        raise DatelineError.make("E316", target=name, detail="; ".join(differ))
    return counts

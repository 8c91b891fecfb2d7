"""Ingest: read -> analyze -> store, one article per transaction.

Idempotent and resumable: an article whose id is already stored *by the same analyzer*
(dateline version, model and version, config hash: :mod:`dateline.analyzer`) is skipped before
analysis; one stored by another analyzer is analyzed again and replaced. Each chunk of
articles is written in one transaction, so a run killed at any point (even with
``kill -9``) is finished by running it again, with nothing duplicated and nothing lost. Bad
input is reported through ``on_error`` and the batch goes on.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from itertools import islice

from dateline.analyzer import analyzer_of
from dateline.article.read import Item, Overrides, read_articles
from dateline.config import Settings
from dateline.errors import DatelineError
from dateline.pipeline import analysis_pipeline, analyze_many
from dateline.records import AnalysisRecord, Article

#: How many analyzed records ingest keeps in memory to hand to linking (the rest are read back).
_KEEP_FOR_LINKING = 2000


@dataclass
class IngestReport:
    """What an ingest run did; ``reanalyzed`` counts stored articles replaced because their
    analyzer changed (or ``force``); ``failed`` lists (source, error code)."""

    added: int = 0
    reanalyzed: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    #: stories written by the incremental link after storing (None: linking was off)
    stories: int | None = None
    #: wall-clock seconds spent reading, analyzing and storing, and then linking
    seconds: float = 0.0
    link_seconds: float = 0.0
    link_phases: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failed


def ingest(
    paths: Sequence[str],
    settings: Settings,
    nlp,
    overrides: Overrides | None = None,
    *,
    force: bool = False,
    link: bool = True,
    on_error: Callable[[str, DatelineError], None] | None = None,
    progress: Callable | None = None,
) -> IngestReport:
    """Analyze every article under ``paths`` into the store at ``settings.db``.

    With ``link`` (the default), the articles added or re-analyzed are then linked into the
    store's stories incrementally (:func:`dateline.linking.link_store`); ``dateline link``
    recomputes every story.

    >>> report = ingest(["demo/"], Settings(db="demo.duckdb"), nlp)  # doctest: +SKIP
    >>> report.added  # doctest: +SKIP
    4
    """
    from dateline.store import open_store, with_retries

    nlp = analysis_pipeline(nlp)  # the analyzer key is the pipeline's that writes the records
    started = time.perf_counter()
    report = IngestReport()
    written: list[str] = []
    kept: list[AnalysisRecord] = []  # the records linking needs, while they are few
    items = list(read_articles(paths, overrides, settings.max_bytes))
    store = with_retries(lambda: open_store(settings.db))
    try:
        stored = store.analyzer_keys(i.article.id for i in items if i.article is not None)
        todo = list(_todo(items, stored, analyzer_of(nlp).key, report, force, on_error))
        sources = {i.article.id: i.source for i in items if i.article is not None}

        def failed(article: Article, error: DatelineError) -> None:
            source = sources.get(article.id, article.id)
            report.failed.append((source, error.code))
            if on_error:
                on_error(source, error)

        bar = progress(len(todo), "analyzing") if progress else None
        with bar if bar is not None else nullcontext():
            task = bar.add_task("analyzing", total=len(todo)) if bar is not None else None
            for chunk in _chunks(todo, max(1, settings.batch_size * max(1, settings.processes))):
                records = list(
                    analyze_many(
                        chunk,
                        nlp,
                        batch_size=settings.batch_size,
                        n_process=settings.processes,
                        on_error=failed,  # one article's failure: its error, the rest is stored
                    )
                )
                # One transaction per chunk: a kill loses at most this chunk, redone next run.
                changed = with_retries(lambda rs=records: store.put_many(rs))
                for record, wrote in zip(records, changed, strict=True):
                    if wrote:
                        written.append(record.article.id)
                        if len(kept) < _KEEP_FOR_LINKING:
                            kept.append(record)
                    if not wrote:
                        report.unchanged += 1
                    elif record.article.id in stored:
                        report.reanalyzed += 1
                    else:
                        report.added += 1
                if bar is not None:
                    bar.advance(task, len(chunk))
        report.seconds = time.perf_counter() - started
        if link:
            from dateline.linking import link_store

            linked = time.perf_counter()
            # Articles a stopped run stored but never linked are linked now, with the new ones.
            skipped = sorted(set(sources) - set(written))
            pending = [*written, *store.unlinked(skipped)]
            report.stories = len(
                with_retries(
                    lambda: link_store(
                        store,
                        articles=pending,
                        records=kept,
                        timings=report.link_phases,
                    )
                )
            )
            report.link_seconds = time.perf_counter() - linked
    finally:
        store.close()
    return report


def _todo(
    items: list[Item],
    stored: dict[str, str | None],
    analyzer_key: str,
    report: IngestReport,
    force: bool,
    on_error: Callable[[str, DatelineError], None] | None,
) -> Iterator[tuple[Article, list[dict]]]:
    seen: set[str] = set()
    for item in items:
        if item.error is not None:
            report.failed.append((item.source, item.error.code))
            if on_error:
                on_error(item.source, item.error)
            continue
        article = item.article
        assert article is not None
        fresh = article.id in stored and stored[article.id] == analyzer_key
        if article.id in seen or (fresh and not force):
            report.unchanged += 1
            continue
        seen.add(article.id)
        yield article, item.warnings


def _chunks(seq: list, size: int) -> Iterator[list]:
    it = iter(seq)
    while chunk := list(islice(it, size)):
        yield chunk

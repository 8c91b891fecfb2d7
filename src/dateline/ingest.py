"""Ingest: read -> analyze -> store, streamed, in chunks of articles per transaction.

A run is three steps that runners compose (:func:`ingest` picks the runner):

- **read**: :func:`dateline.article.read.read_articles` yields articles lazily (files,
  directories walked one folder at a time, JSONL one line at a time), and :func:`plan` drops
  those already stored by this analyzer, asking the store a chunk of ids at a time;
- **analyze**: :func:`dateline.pipeline.analyze_batch` (one worker's batch),
  :func:`dateline.pipeline.analyze_stream` (one ``nlp.pipe`` over the whole stream) or
  :func:`dateline.runners.local.analyze_parallel` (worker processes, each analyzing whole
  tasks) turn articles into records, and one article's failure into its E801;
- **sink**: :class:`StoreSink` writes each batch of records in one transaction.

The ``local`` runner reads and writes in this process and analyzes in it or in its worker
processes (``--processes``); the ``ray`` runner
(:mod:`dateline.runners.ray`) reads and analyzes on a Ray cluster with one loaded model per
actor, and one writer merges the workers' shards into the store.

Memory stays bounded whatever the input's size: the articles in flight are those of one
``nlp.pipe`` window and one chunk; what grows with the corpus is the list of ids written (about
100 bytes an article), which linking needs.

Idempotent and resumable: an article whose id is already stored *by the same analyzer*
(dateline version, model and version, config hash: :mod:`dateline.analyzer`) is skipped before
analysis; one stored by another analyzer is analyzed again and replaced. Each chunk of
articles is written in one transaction, so a run killed at any point (even with
``kill -9``) is finished by running it again, with nothing duplicated and nothing lost. Bad
input is reported through ``on_error`` and the batch goes on.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from itertools import islice

from dateline.analyzer import analyzer_of
from dateline.article.read import Item, Overrides, read_articles
from dateline.config import Settings
from dateline.errors import DatelineError
from dateline.pipeline import Batch, analysis_pipeline, analyze_stream
from dateline.records import AnalysisRecord, Article

#: How many analyzed records ingest keeps in memory to hand to linking (the rest are read back).
_KEEP_FOR_LINKING = 2000
#: Ids asked of the store at once when deciding what to analyze.
LOOKUP_CHUNK = 256
#: Runners ``dateline ingest --runner`` knows.
RUNNERS = ("local", "ray")


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
    #: ids of the articles this run wrote (added or re-analyzed), in order
    written: list[str] = field(default_factory=list)
    #: ids read that were stored already (the next link looks whether they stand in a story)
    skipped: list[str] = field(default_factory=list)
    #: peak resident memory of one analysis worker, in bytes (the Ray runner measures it)
    worker_rss: int = 0
    #: the runner's account of where the time went (Ray: actors' start-up, busy time, merging)
    runner: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failed

    @property
    def done(self) -> int:
        """Inputs handled so far: stored, unchanged or failed."""
        return self.added + self.reanalyzed + self.unchanged + len(self.failed)

    def fail(
        self,
        source: str,
        error: DatelineError,
        on_error: Callable[[str, DatelineError], None] | None,
    ) -> None:
        """Count ``error`` against ``source`` and hand it to ``on_error``."""
        self.failed.append((source, error.code))
        if on_error:
            on_error(source, error)


@dataclass
class Pending:
    """An article on its way to the store: where it was read, and whether it was stored
    before (by another analyzer, or ``force``)."""

    source: str
    stored: bool


class StoreSink:
    """The record sink of a run: writes each batch of records to ``store`` in one transaction
    (retried while the store is busy) and counts them into ``report``.

    >>> from dateline.store import open_store
    >>> sink = StoreSink(open_store(":memory:"), IngestReport())
    >>> sink.write([], {})
    0
    """

    def __init__(self, store, report: IngestReport) -> None:
        self.store, self.report = store, report
        self.kept: list[AnalysisRecord] = []  # the records linking needs, while they are few

    def write(self, records: Sequence[AnalysisRecord], pending: dict[str, Pending]) -> int:
        """Store ``records``; ``pending`` tells which were stored before. Returns how many
        were written (the rest were stored with the same content)."""
        from dateline.store import with_retries

        if not records:
            return 0
        changed = with_retries(lambda: self.store.put_many(records))
        for record, wrote in zip(records, changed, strict=True):
            before = pending.pop(record.article.id, None)
            if not wrote:
                self.report.unchanged += 1
                self.report.skipped.append(record.article.id)
                continue
            self.report.written.append(record.article.id)
            if len(self.kept) < _KEEP_FOR_LINKING:
                self.kept.append(record)
            if before is not None and before.stored:
                self.report.reanalyzed += 1
            else:
                self.report.added += 1
        return sum(changed)


def plan(
    items: Iterable[Item],
    lookup: Callable[[list[str]], dict[str, str | None]],
    analyzer_key: str,
    report: IngestReport,
    pending: dict[str, Pending],
    *,
    force: bool = False,
    on_error: Callable[[str, DatelineError], None] | None = None,
    chunk: int = LOOKUP_CHUNK,
) -> Iterator[tuple[Article, list[dict]]]:
    """The (article, warnings) of ``items`` that need analyzing, lazily: read errors go to
    ``report`` (and ``on_error``); articles stored by ``analyzer_key`` are counted unchanged
    (unless ``force``); ``lookup(ids)`` (the store's ``analyzer_keys``) is asked ``chunk`` ids
    at a time. Each article yielded is entered in ``pending`` until the sink stores it.

    >>> report, pending = IngestReport(), {}
    >>> items = [Item("a.txt", Article(id="a", text="x")), Item("b.txt", Article(id="b", text="y"))]
    >>> [a.id for a, _ in plan(items, lambda ids: {"a": "k1"}, "k1", report, pending)]
    ['b']
    >>> report.unchanged, report.skipped, list(pending)
    (1, ['a'], ['b'])
    """
    seen: set[str] = set()
    it = iter(items)
    while block := list(islice(it, chunk)):
        ids = [i.article.id for i in block if i.article is not None]
        stored = lookup(ids) if ids else {}
        for item in block:
            if item.error is not None:
                report.fail(item.source, item.error, on_error)
                continue
            article = item.article
            assert article is not None
            fresh = article.id in stored and stored[article.id] == analyzer_key
            if article.id in seen or (fresh and not force):
                report.unchanged += 1
                if article.id not in seen:
                    report.skipped.append(article.id)
                    seen.add(article.id)
                continue
            seen.add(article.id)
            pending[article.id] = Pending(item.source, article.id in stored)
            yield article, item.warnings


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
    runner: str = "local",
    workers: int | None = None,
    address: str | None = None,
    timings: dict | None = None,
) -> IngestReport:
    """Analyze every article under ``paths`` into the store at ``settings.db``.

    ``runner`` is ``local`` (this process, with ``settings.processes`` worker processes) or
    ``ray`` (``workers`` actors on the Ray cluster at ``address``, a local one when None; see
    :mod:`dateline.runners.ray`). ``timings``, when given, gathers seconds per stage and for
    storing (local runner; the benchmarks read it). With ``link`` (the default), the articles added or
    re-analyzed are then linked into the store's stories incrementally
    (:func:`dateline.linking.link_store`); ``dateline link`` recomputes every story.

    >>> report = ingest(["demo/"], Settings(db="demo.duckdb"), nlp)  # doctest: +SKIP
    >>> report.added  # doctest: +SKIP
    4
    """
    from dateline.store import open_store

    if runner not in RUNNERS:
        raise DatelineError.make("E803", runner=runner, known=", ".join(RUNNERS))
    nlp = analysis_pipeline(nlp)  # the analyzer key is the pipeline's that writes the records
    started = time.perf_counter()
    report = IngestReport()
    # Shared: the file is held only while a chunk is written (or linking reads and writes),
    # so readers and another ingest get in between; each call waits its turn, bounded.
    store = open_store(settings.db, shared=True, busy_timeout=settings.busy_timeout)
    try:
        if runner == "ray":
            try:
                from dateline.runners.ray import run_ray
            except ImportError as exc:
                raise DatelineError.make("E804", detail=exc) from exc
            kept = run_ray(
                paths,
                settings,
                nlp,
                overrides,
                store,
                report,
                force=force,
                on_error=on_error,
                progress=progress,
                workers=workers,
                address=address,
            )
        else:
            kept = _run_local(
                paths, settings, nlp, overrides, store, report, force, on_error, progress, timings
            )
        report.seconds = time.perf_counter() - started
        if link:
            _link(store, report, kept)
    finally:
        store.close()
    return report


def _run_local(
    paths: Sequence[str],
    settings: Settings,
    nlp,
    overrides: Overrides | None,
    store,
    report: IngestReport,
    force: bool,
    on_error: Callable[[str, DatelineError], None] | None,
    progress: Callable | None,
    timings: dict | None = None,
) -> list[AnalysisRecord]:
    """The local runner: read, analyze (in this process, or in ``settings.processes`` worker
    processes) and store each chunk in this process. Returns the records kept for linking."""
    pending: dict[str, Pending] = {}
    sink = StoreSink(store, report)
    todo = plan(
        read_articles(paths, overrides, settings.max_bytes),
        store.analyzer_keys,
        analyzer_of(nlp).key,
        report,
        pending,
        force=force,
        on_error=on_error,
    )
    from dateline.runners.local import analyze_parallel, settled

    with ExitStack() as stack:
        if settings.processes > 1:
            # Workers analyze and assemble whole tasks; this process reads, plans and writes.
            # One transaction per chunk of tasks: a kill loses at most that, redone next run.
            size = max(1, settings.batch_size)
            batches = joined(
                analyze_parallel(
                    todo,
                    nlp,
                    processes=settings.processes,
                    size=size,
                    batch_size=settings.batch_size,
                    timings=timings,
                ),
                size * settings.processes,
            )
        else:
            batches = analyze_stream(
                _timed(todo, timings, "read"),
                stack.enter_context(settled(nlp)),
                # One transaction per chunk: a kill loses at most this chunk, redone next run.
                size=max(1, settings.batch_size),
                batch_size=settings.batch_size,
                timings=timings,
            )
        with Progress(progress, count_inputs(paths), report) as bar:
            for batch in batches:
                start = time.perf_counter()
                _store_batch(batch, sink, pending, report, on_error)
                if timings is not None:
                    timings["store"] = timings.get("store", 0.0) + time.perf_counter() - start
                bar.update()
    return sink.kept


def joined(batches: Iterable[Batch], size: int) -> Iterator[Batch]:
    """``batches`` joined, in order, into batches of at least ``size`` articles (the last
    may be smaller).

    >>> [len(b) for b in joined([Batch(records=[1]), Batch(records=[2, 3]), Batch(records=[4])], 2)]
    [3, 1]
    """
    current = Batch()
    for batch in batches:
        current.records.extend(batch.records)
        current.failed.extend(batch.failed)
        if len(current) >= size:
            yield current
            current = Batch()
    if len(current):
        yield current


def _timed(items: Iterable, timings: dict | None, name: str) -> Iterator:
    """``items``, with the seconds spent producing them added to ``timings[name]``."""
    if timings is None:
        yield from items
        return
    it = iter(items)
    while True:
        start = time.perf_counter()
        item = next(it, _END)
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - start
        if item is _END:
            return
        yield item


_END = object()


class Progress:
    """The run's progress bar (``progress(total, label)``, see the CLI), advanced by what the
    report says is done; nothing when ``progress`` is None."""

    def __init__(self, progress: Callable | None, total: int | None, report: IngestReport):
        self.bar = progress(total, "analyzing") if progress else None
        self.total, self.report, self.shown = total, report, 0

    def __enter__(self) -> Progress:
        if self.bar is not None:
            self.bar.__enter__()
            self.task = self.bar.add_task("analyzing", total=self.total)
        return self

    def update(self) -> None:
        if self.bar is not None and self.report.done > self.shown:
            self.bar.advance(self.task, self.report.done - self.shown)
            self.shown = self.report.done

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.update()
            self.bar.__exit__(*exc)


def count_inputs(paths: Sequence[str]) -> int | None:
    """How many articles ``paths`` hold, for a progress bar, without parsing them: one per
    file, one per non-blank JSONL line (a byte scan); None when stdin is among them.

    >>> count_inputs(["no/such/file.txt"])
    1
    """
    from pathlib import Path

    from dateline.article.read import JSONL_SUFFIXES, expand_paths

    total = 0
    for path, missing in expand_paths(paths):
        if path == "-":
            return None
        if missing is None and Path(path).suffix.lower() in JSONL_SUFFIXES:
            with open(path, "rb") as fh:
                total += sum(1 for line in fh if line.strip())
        else:
            total += 1
    return total


def _store_batch(
    batch: Batch,
    sink: StoreSink,
    pending: dict[str, Pending],
    report: IngestReport,
    on_error: Callable[[str, DatelineError], None] | None,
) -> None:
    for article, error in batch.failed:
        before = pending.pop(article.id, None)
        report.fail(before.source if before else article.id, error, on_error)
    sink.write(batch.records, pending)


def _link(store, report: IngestReport, kept: list[AnalysisRecord]) -> None:
    from dateline.linking import link_store
    from dateline.store import with_retries

    linked = time.perf_counter()
    # Articles a stopped run stored but never linked are linked now, with the new ones.
    written = set(report.written)
    skipped = sorted(set(report.skipped) - written)
    pending = [*report.written, *store.unlinked(skipped)]
    report.stories = len(
        with_retries(
            lambda: link_store(store, articles=pending, records=kept, timings=report.link_phases)
        )
    )
    report.link_seconds = time.perf_counter() - linked

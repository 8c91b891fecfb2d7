"""``analyze()``: article -> record, composing the extraction stages.

Each stage is a pure function over the parsed Doc and the record built so far; this module only
orders them. The spaCy model is passed in (or loaded once per process by
:func:`dateline.nlp.load_model`).

>>> from dateline.pipeline import analyze_text
>>> record = analyze_text("Peskov said on Friday the talks had stalled.", published="2022-04-01")  # doctest: +SKIP
>>> record.quotes[0].speaker.name  # doctest: +SKIP
'Peskov'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from time import perf_counter

from dateline.analyzer import analyzer_of
from dateline.article.read import Overrides, article_from_text
from dateline.errors import warning
from dateline.records import AnalysisRecord, Analyzer, Article, RecordWarning


def analyze(article: Article, nlp=None, warnings: list[dict] | None = None) -> AnalysisRecord:
    """Analyze one article with the (default) spaCy pipeline."""
    if nlp is None:
        from dateline.nlp import load_model

        nlp = load_model()
    return build_record(article, nlp(article.text), warnings, analyzer=analyzer_of(nlp))


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
) -> Iterator[AnalysisRecord]:
    """Analyze a stream of (article, read-time warnings) with ``nlp.pipe``; order is kept."""
    analyzer = analyzer_of(nlp)
    stream = ((a.text, (a, w)) for a, w in articles)
    for doc, (article, warns) in nlp.pipe(
        stream, as_tuples=True, batch_size=batch_size, n_process=n_process
    ):
        yield build_record(article, doc, warns, timings, analyzer=analyzer)


def build_record(
    article: Article,
    doc,
    warnings: list[dict] | None = None,
    timings: dict | None = None,
    *,
    analyzer: Analyzer | None = None,
) -> AnalysisRecord:
    """Run every stage over ``doc`` (parsed from ``article.text``) and assemble the record.

    ``timings``, when given, accumulates seconds per stage (the benchmark reads it);
    ``analyzer`` (see :func:`dateline.analyzer.analyzer_of`) is stamped on the record.
    """
    record = AnalysisRecord(article=article, analyzer=analyzer)
    notes = list(warnings or [])
    if article.removed:
        notes.append(warning("W101"))
    if article.published is None:
        notes.append(warning("W103"))
    for name, stage in STAGES:
        start = perf_counter()
        try:
            stage(doc, record, notes)
        except Exception as exc:  # noqa: BLE001 -- a bug in one stage must not lose the article
            notes.append(warning("W901", stage=name, detail=f"{type(exc).__name__}: {exc}"))
        if timings is not None:
            timings[name] = timings.get(name, 0.0) + perf_counter() - start
    record.warnings = _unique_warnings(notes)
    return record


# Each stage reads the record built so far and fills only the lists it owns. The entity list
# belongs to the entity stage: what attribution and places learn about entities (speakers the
# NER missed, countries of resolved places) is merged in by ``dateline.nlp.entities``.


def _entities(doc, record: AnalysisRecord, notes: list[dict]) -> None:
    from dateline.nlp.entities import extract_entities

    record.entities = extract_entities(doc)


def _attribution(doc, record: AnalysisRecord, notes: list[dict]) -> None:
    from dateline.attribution import extract_attributions
    from dateline.nlp.entities import merge_entities

    result = extract_attributions(doc, record.entities, record.article)
    record.quotes, record.non_comments = result.quotes, result.non_comments
    record.entities = merge_entities(record.entities, result.found_entities)
    notes.extend(result.warnings)


def _times(doc, record: AnalysisRecord, notes: list[dict]) -> None:
    from dateline.time import extract_times

    record.times, time_notes = extract_times(doc, published_date(record.article))
    notes.extend(time_notes)


def _places(doc, record: AnalysisRecord, notes: list[dict]) -> None:
    from dateline.geo import extract_places
    from dateline.nlp.entities import with_place_countries

    record.places = extract_places(doc, record.entities)
    record.entities = with_place_countries(record.entities, record.places)


def _events(doc, record: AnalysisRecord, notes: list[dict]) -> None:
    from dateline.events import extract_events, main_event
    from dateline.events.extract import prominence

    record.events, record.figures = extract_events(doc, record)
    main = main_event(record, prominence(doc, record.events))
    record.main_event = main.id if main is not None else None


#: The stages, in order: (name, function(doc, record, warnings)).
STAGES: list[tuple[str, Callable]] = [
    ("entities", _entities),
    ("attribution", _attribution),
    ("times", _times),
    ("places", _places),
    ("events", _events),
]


def _unique_warnings(notes: list[dict]) -> list[RecordWarning]:
    seen: dict[tuple[str, str], RecordWarning] = {}
    for note in notes:
        seen.setdefault((note["code"], note["message"]), RecordWarning(**note))
    return list(seen.values())


def published_date(article: Article) -> date | None:
    return date.fromisoformat(article.published) if article.published else None

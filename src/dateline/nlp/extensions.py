"""Every Doc extension dateline sets, registered in one place, and the record read off a Doc.

Each pipeline component (:mod:`dateline.components`) fills the extensions it owns:

=====================  ==========================  =========================================
extension              set by                      holds
=====================  ==========================  =========================================
``doc._.article``      the caller (``analyze``)    the article's metadata (id, title,
                                                   published, outlet, ...) without its text
``doc._.entities``     ``dateline_entities``       named entities merged within the article
``doc._.quotes``       ``dateline_quotes``         quotes
``doc._.non_comments`` ``dateline_quotes``         declined comments and no-claims
``doc._.found_entities`` ``dateline_quotes``       entities speaker resolution created or
                                                   extended, for the entity stage to merge
``doc._.times``        ``dateline_times``          normalized time expressions
``doc._.places``       ``dateline_places``         resolved places
``doc._.country_refs`` ``dateline_places``         countries named by demonyms, adjectives
``doc._.events``       ``dateline_events``         typed events
``doc._.figures``      ``dateline_events``         contested figures
``doc._.main_event``   ``dateline_events``         the id of the article's main event
``doc._.stage_warnings`` every component           warnings (dicts with ``code``, ``message``)
``doc._.stage_timings``  every component           seconds per stage
=====================  ==========================  =========================================

Record lists are stored in ``doc.user_data`` as plain dicts, so a Doc with them survives
``Doc.to_bytes`` (which is how ``nlp.pipe(n_process=N)`` returns Docs from its workers), and read
back as the record's models. :func:`article_entities` is the entity stage's view of the entities
after the other stages' findings; :func:`record_of` assembles the whole record.

>>> import spacy
>>> register_extensions()
>>> doc = spacy.blank("en")("Peskov spoke.")
>>> doc._.quotes is None
True
>>> doc._.quotes = [Quote(id="q1", kind="direct", text="spoke", start=7, end=12)]
>>> doc._.quotes[0].text, doc.user_data[("dateline", "quotes")][0]["id"]
('spoke', 'q1')
"""

from __future__ import annotations

import functools
from time import perf_counter

from pydantic import BaseModel
from spacy.tokens import Doc

from dateline.errors import warning
from dateline.nlp.index import text_of
from dateline.records import (
    AnalysisRecord,
    Article,
    CountryRef,
    Entity,
    Event,
    Figure,
    NonComment,
    Place,
    Quote,
    Time,
)

#: Record-list extensions: name -> the model of one item.
RECORD_EXTENSIONS: dict[str, type[BaseModel]] = {
    "entities": Entity,
    "found_entities": Entity,
    "quotes": Quote,
    "non_comments": NonComment,
    "times": Time,
    "places": Place,
    "country_refs": CountryRef,
    "events": Event,
    "figures": Figure,
}
#: Plain extensions: name -> default.
PLAIN_EXTENSIONS = {
    "article": None,
    "main_event": None,
    "stage_warnings": None,
    "stage_timings": None,
}


def _get(name: str, model: type[BaseModel], doc: Doc) -> list | None:
    stored = doc.user_data.get(("dateline", name))
    return None if stored is None else [model.model_validate(item) for item in stored]


def _set(name: str, doc: Doc, value: list | None) -> None:
    if value is None:
        doc.user_data.pop(("dateline", name), None)
        return
    doc.user_data[("dateline", name)] = [
        item.model_dump(mode="json") if isinstance(item, BaseModel) else dict(item)
        for item in value
    ]


def register_extensions() -> None:
    """Register every ``Doc._`` extension of dateline (idempotent).

    Getters and setters are partials of module functions, so spaCy can hand them to worker
    processes.
    """
    for name, model in RECORD_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(
                name,
                getter=functools.partial(_get, name, model),
                setter=functools.partial(_set, name),
            )
    for name, default in PLAIN_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def set_article(doc: Doc, article: Article) -> Doc:
    """Attach ``article``'s metadata to ``doc`` (the text is the Doc's own); returns ``doc``."""
    register_extensions()
    doc._.article = article.model_dump(mode="json", exclude={"text"})
    return doc


def article_of(doc: Doc) -> Article:
    """The article behind ``doc``: its metadata if set, else an anonymous article.

    >>> import spacy
    >>> article_of(spacy.blank("en")("Hi.")).id
    'doc'
    """
    register_extensions()
    meta = doc._.article or {"id": "doc"}
    return Article(**meta, text=text_of(doc))


def add_warnings(doc: Doc, notes: list[dict]) -> None:
    """Append warnings (dicts from :func:`dateline.errors.warning`) to ``doc._.stage_warnings``."""
    if notes:
        doc._.stage_warnings = [*(doc._.stage_warnings or []), *notes]


class Stage:
    """Base of dateline's components: runs :meth:`run`, times it, and turns a failure into
    warning W901 (the other stages still run and the article is kept)."""

    #: The stage's name in W901 and in the timings ("entities", "attribution", ...).
    stage = "stage"

    def __init__(self) -> None:
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        start = perf_counter()
        try:
            self.run(doc)
        except Exception as exc:  # noqa: BLE001 -- a bug in one stage must not lose the article
            detail = f"{type(exc).__name__}: {exc}"
            add_warnings(doc, [warning("W901", stage=self.stage, detail=detail)])
        timings = dict(doc._.stage_timings or {})
        timings[self.stage] = timings.get(self.stage, 0.0) + perf_counter() - start
        doc._.stage_timings = timings
        return doc

    def run(self, doc: Doc) -> None:  # pragma: no cover - every component overrides it
        raise NotImplementedError


def article_entities(doc: Doc) -> list[Entity]:
    """The article's entities as the entity stage owns them: its named entities, with the
    entities that speaker resolution found merged in and the countries of resolved places.

    Empty when the entity stage has not run.
    """
    from dateline.nlp.entities import merge_entities, with_place_countries

    register_extensions()
    entities = merge_entities(doc._.entities or [], doc._.found_entities or [])
    return with_place_countries(entities, doc._.places or [])


def record_of(doc: Doc, article: Article | None = None) -> AnalysisRecord:
    """The record read off ``doc``'s extensions (lists of stages that did not run are empty).

    Warnings are the stages' only; the caller adds its own (reading, missing date).
    """
    register_extensions()
    return AnalysisRecord(
        article=article or article_of(doc),
        entities=article_entities(doc),
        quotes=doc._.quotes or [],
        non_comments=doc._.non_comments or [],
        events=doc._.events or [],
        times=doc._.times or [],
        places=doc._.places or [],
        country_refs=doc._.country_refs or [],
        figures=doc._.figures or [],
        main_event=doc._.main_event,
    )

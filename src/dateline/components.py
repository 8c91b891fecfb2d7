"""dateline's stages as spaCy components, usable in anyone's pipeline.

=====================  ==============================================  =======================
component              assigns                                         requires
=====================  ==============================================  =======================
``dateline_entities``  ``doc._.entities``                              ``doc.ents``
``dateline_quotes``    ``doc._.quotes``, ``doc._.non_comments``,       ``doc._.entities``,
                       ``doc._.found_entities``                        the parse
``dateline_times``     ``doc._.times``                                 ``doc._.article``
                                                                       (publication date)
``dateline_places``    ``doc._.places``                                ``doc._.entities``
``dateline_events``    ``doc._.events``, ``doc._.figures``,            all of the above
                       ``doc._.main_event``
=====================  ==============================================  =======================

Each fills only the extensions it owns (:mod:`dateline.nlp.extensions` registers them all);
each times itself into ``doc._.stage_timings`` and turns its own failure into warning W901 in
``doc._.stage_warnings``. The factories are registered as ``spacy_factories`` entry points, so
``nlp.add_pipe("dateline_quotes")`` works once dateline is installed.
:func:`add_stages` adds all five in order; ``dateline.pipeline.analyze`` builds its pipeline
with it, so ``nlp.pipe(n_process=N)`` runs every stage in the workers.

>>> import spacy
>>> nlp = add_stages(spacy.blank("en"))
>>> nlp.pipe_names
['dateline_entities', 'dateline_quotes', 'dateline_times', 'dateline_places', 'dateline_events']
"""

from __future__ import annotations

from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from dateline.nlp.extensions import (
    Stage,
    add_warnings,
    article_entities,
    article_of,
    record_of,
)

#: The components of the analysis, in pipeline order.
STAGE_COMPONENTS = (
    "dateline_entities",
    "dateline_quotes",
    "dateline_times",
    "dateline_places",
    "dateline_events",
)


class EntitiesComponent(Stage):
    """Named entities merged within the article, with roles (``doc._.entities``)."""

    stage = "entities"

    def run(self, doc: Doc) -> None:
        from dateline.nlp.entities import extract_entities

        doc._.entities = extract_entities(doc)


class QuotesComponent(Stage):
    """Quotes, non-comments and the entities their speakers resolve to.

    Speakers resolve against ``doc._.entities`` (the entity stage's, run here when no
    component set them). Entities that resolution creates or extends go to
    ``doc._.found_entities``; ``doc._.entities`` is left as it is.
    """

    stage = "attribution"

    def __init__(self, outlet: str | None = None) -> None:
        super().__init__()
        self.outlet = outlet

    def run(self, doc: Doc) -> None:
        from dateline.attribution import extract_attributions
        from dateline.nlp.entities import extract_entities

        article = article_of(doc)
        if self.outlet and not article.outlet:
            article = article.model_copy(update={"outlet": self.outlet})
        entities = doc._.entities
        if entities is None:
            entities = extract_entities(doc)
        result = extract_attributions(doc, entities, article)
        doc._.quotes = result.quotes
        doc._.non_comments = result.non_comments
        doc._.found_entities = result.found_entities
        add_warnings(doc, result.warnings)


class TimesComponent(Stage):
    """Time expressions normalized against the article's publication date (``doc._.times``)."""

    stage = "times"

    def run(self, doc: Doc) -> None:
        from dateline.time import extract_times

        published = article_of(doc).published
        anchor = date.fromisoformat(published) if published else None
        doc._.times, notes = extract_times(doc, anchor)
        add_warnings(doc, notes)


class PlacesComponent(Stage):
    """Places resolved against the gazetteer (``doc._.places``).

    ``gazetteer`` is the one the component resolves against: pass one in (or set the
    attribute) to share it; otherwise it is loaded on the first Doc and kept.
    """

    stage = "places"

    def __init__(self, gazetteer=None) -> None:
        super().__init__()
        self.gazetteer = gazetteer

    def run(self, doc: Doc) -> None:
        from dateline.geo import extract_places, load_gazetteer

        if self.gazetteer is None and doc.text.strip():
            self.gazetteer = load_gazetteer()
        doc._.places = extract_places(doc, article_entities(doc), self.gazetteer)


class EventsComponent(Stage):
    """Typed events, contested figures and the main event (``doc._.events``,
    ``doc._.figures``, ``doc._.main_event``), read against the other stages' output."""

    stage = "events"

    def run(self, doc: Doc) -> None:
        from dateline.events import extract_events, main_event
        from dateline.events.prominence import prominence

        record = record_of(doc)
        record.events, record.figures = extract_events(doc, record)
        main = main_event(record, prominence(doc, record.events))
        doc._.events, doc._.figures = record.events, record.figures
        doc._.main_event = main.id if main is not None else None


@Language.factory(
    "dateline_entities",
    assigns=["doc._.entities"],
    requires=["doc.ents"],
)
def make_entities(nlp: Language, name: str) -> EntitiesComponent:
    """Factory for :class:`EntitiesComponent`."""
    return EntitiesComponent()


@Language.factory(
    "dateline_quotes",
    assigns=["doc._.quotes", "doc._.non_comments", "doc._.found_entities"],
    requires=["doc._.entities", "token.dep", "token.lemma", "doc.sents"],
    default_config={"outlet": None},
)
def make_quotes(nlp: Language, name: str, outlet: str | None) -> QuotesComponent:
    """Factory for :class:`QuotesComponent`; ``outlet`` is the publisher closing each chain
    when the Doc's article names none."""
    return QuotesComponent(outlet=outlet)


@Language.factory(
    "dateline_times",
    assigns=["doc._.times"],
    requires=["doc._.article"],
)
def make_times(nlp: Language, name: str) -> TimesComponent:
    """Factory for :class:`TimesComponent`."""
    return TimesComponent()


@Language.factory(
    "dateline_places",
    assigns=["doc._.places"],
    requires=["doc._.entities", "doc._.found_entities"],
)
def make_places(nlp: Language, name: str) -> PlacesComponent:
    """Factory for :class:`PlacesComponent` (the gazetteer is loaded on first use)."""
    return PlacesComponent()


@Language.factory(
    "dateline_events",
    assigns=["doc._.events", "doc._.figures", "doc._.main_event"],
    requires=[
        "doc._.entities",
        "doc._.quotes",
        "doc._.non_comments",
        "doc._.times",
        "doc._.places",
    ],
)
def make_events(nlp: Language, name: str) -> EventsComponent:
    """Factory for :class:`EventsComponent`."""
    return EventsComponent()


def add_stages(nlp: Language, gazetteer=None) -> Language:
    """Add the dateline components that ``nlp`` lacks, in order, at the end; returns ``nlp``.

    ``gazetteer``, when given, is the one ``dateline_places`` resolves against.
    """
    for name in STAGE_COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    if gazetteer is not None:
        nlp.get_pipe("dateline_places").gazetteer = gazetteer
    return nlp


def stage_components(gazetteer=None) -> list[Stage]:
    """Fresh instances of the five components, in order, to run over an already parsed Doc."""
    return [
        EntitiesComponent(),
        QuotesComponent(),
        TimesComponent(),
        PlacesComponent(gazetteer),
        EventsComponent(),
    ]


def has_stages(nlp: Language) -> bool:
    """Whether ``nlp`` runs every dateline component."""
    return all(name in nlp.pipe_names for name in STAGE_COMPONENTS)

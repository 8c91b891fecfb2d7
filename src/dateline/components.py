"""dateline's stages as spaCy components, usable in anyone's pipeline.

=====================  ==============================================  =======================
component              assigns                                         requires
=====================  ==============================================  =======================
``dateline_entities``  ``doc._.entities``                              ``doc.ents``
``dateline_quotes``    ``doc._.quotes``, ``doc._.non_comments``,       ``doc._.entities``,
                       ``doc._.found_entities``                        the parse
``dateline_times``     ``doc._.times``                                 (``doc._.article``)
``dateline_places``    ``doc._.places``, ``doc._.country_refs``        ``doc._.entities``
``dateline_events``    ``doc._.events``, ``doc._.figures``,            all of the above
                       ``doc._.main_event``
=====================  ==============================================  =======================

``doc._.article`` (the article's metadata: publication date, outlet, title) is set by the
caller, not by a component, so it is no spaCy requirement: without it times stay unresolved
(W501) and chains end without a publisher. Each component fills only the extensions it owns
(:mod:`dateline.nlp.extensions` registers them all); each times itself into
``doc._.stage_timings`` and turns its own failure into warning W901 in
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
from dateline.nlp.index import text_of


class Knowledge:
    """The gazetteer and the country tables the components share, loaded on first use (or
    handed in: ``add_stages(nlp, gazetteer=...)``, ``analyze(..., gazetteer=...)``)."""

    def __init__(self, gazetteer=None, countries=None) -> None:
        self._gazetteer = gazetteer
        self._countries = countries

    @property
    def gazetteer(self):
        if self._gazetteer is None:
            from dateline.geo import load_gazetteer

            self._gazetteer = load_gazetteer()
        return self._gazetteer

    @property
    def countries(self):
        if self._countries is None:
            tables = getattr(self._gazetteer, "countries", None)
            if tables is None:
                from dateline.geo.countries import load_countries

                tables = load_countries()
            self._countries = tables
        return self._countries


#: The components of the analysis, in pipeline order.
STAGE_COMPONENTS = (
    "dateline_entities",
    "dateline_quotes",
    "dateline_times",
    "dateline_places",
    "dateline_events",
)


class _GeoStage(Stage):
    """A component that reads the gazetteer or the country tables (``self.knowledge``, shared
    by the components :func:`add_stages` adds)."""

    def __init__(self, knowledge: Knowledge | None = None) -> None:
        super().__init__()
        self.knowledge = knowledge if knowledge is not None else Knowledge()


class EntitiesComponent(_GeoStage):
    """Named entities merged within the article, with roles (``doc._.entities``)."""

    stage = "entities"

    def run(self, doc: Doc) -> None:
        from dateline.nlp.entities import extract_entities

        knowledge = self.knowledge
        doc._.entities = extract_entities(doc, knowledge.countries, knowledge.gazetteer)


class QuotesComponent(_GeoStage):
    """Quotes, non-comments and the entities their speakers resolve to.

    Speakers resolve against ``doc._.entities`` (the entity stage's, run here when no
    component set them). Entities that resolution creates or extends go to
    ``doc._.found_entities``; ``doc._.entities`` is left as it is.
    """

    stage = "attribution"

    def __init__(self, outlet: str | None = None, knowledge: Knowledge | None = None) -> None:
        super().__init__(knowledge)
        self.outlet = outlet

    def run(self, doc: Doc) -> None:
        from dateline.attribution import extract_attributions
        from dateline.nlp.entities import extract_entities

        article = article_of(doc)
        if self.outlet and not article.outlet:
            article = article.model_copy(update={"outlet": self.outlet})
        countries = self.knowledge.countries
        entities = doc._.entities
        if entities is None:
            entities = extract_entities(doc, countries)
        result = extract_attributions(doc, entities, article, countries)
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


class PlacesComponent(_GeoStage):
    """Places resolved against the gazetteer (``doc._.places``), loaded on the first Doc with
    text unless one was handed in."""

    stage = "places"

    def run(self, doc: Doc) -> None:
        from dateline.geo import country_references, extract_places

        if not text_of(doc).strip():
            doc._.places = []
            doc._.country_refs = []
            return
        entities = article_entities(doc)
        doc._.places = extract_places(doc, entities, self.knowledge.gazetteer)
        doc._.country_refs = country_references(doc, entities, self.knowledge.countries)


class EventsComponent(_GeoStage):
    """Typed events, contested figures and the main event (``doc._.events``,
    ``doc._.figures``, ``doc._.main_event``), read against the other stages' output."""

    stage = "events"

    def run(self, doc: Doc) -> None:
        from dateline.events import extract_events, main_event
        from dateline.events.prominence import prominence

        record = record_of(doc)
        record.events, record.figures = extract_events(doc, record, self.knowledge.countries)
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
)
def make_times(nlp: Language, name: str) -> TimesComponent:
    """Factory for :class:`TimesComponent`."""
    return TimesComponent()


@Language.factory(
    "dateline_places",
    assigns=["doc._.places", "doc._.country_refs"],
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


def add_stages(nlp: Language, gazetteer=None, countries=None) -> Language:
    """Add the dateline components that ``nlp`` lacks, in order, at the end; returns ``nlp``.

    The components share one :class:`Knowledge`, so the gazetteer and the country tables are
    loaded once for the pipeline; ``gazetteer`` (its ``countries`` with it) or ``countries``,
    when given, replace what they would load.
    """
    for name in STAGE_COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    components = [nlp.get_pipe(name) for name in STAGE_COMPONENTS]
    shared = components[0].knowledge
    if gazetteer is not None or countries is not None:
        shared = Knowledge(gazetteer, countries)
    for component in components:
        component.knowledge = shared
    return nlp


def stage_components(gazetteer=None, countries=None) -> list[Stage]:
    """Fresh instances of the five components, in order, to run over an already parsed Doc;
    they share the gazetteer and country tables (handed in, or loaded on first use)."""
    knowledge = Knowledge(gazetteer, countries)
    return [
        EntitiesComponent(knowledge),
        QuotesComponent(knowledge=knowledge),
        TimesComponent(),
        PlacesComponent(knowledge),
        EventsComponent(knowledge),
    ]


def has_stages(nlp: Language) -> bool:
    """Whether ``nlp`` runs every dateline component."""
    return all(name in nlp.pipe_names for name in STAGE_COMPONENTS)

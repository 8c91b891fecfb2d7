"""The record model: the public contract users script against.

Every extracted fact is plain data with character offsets into ``article.text`` so it can be
highlighted and checked. ``AnalysisRecord.model_json_schema()`` is written to
``docs/record.schema.json`` by ``dateline schema``; what changed between schema versions is in
``docs/schema-changes.md``.

Ids and keys. Item ids (``ent3``, ``q2``, ``e1``) are unique *within one article* and stable
for one analyzer: every reference inside a record (a speaker's ``entity``, an event's
``sources``, ``main_event``) is such a per-article id. Across articles an item is named by the
pair (article id, item id), written as one string ``"<article id>:<item id>"`` by :func:`ref`
and read back by :func:`split_ref`; article ids never contain ":". Stories, the store and
exports all use this one key.

>>> rec = AnalysisRecord(article=Article(id="a1", text="Hello."))
>>> rec.model_dump()["schema_version"], ref(rec.article.id, "q2")
('3', 'a1:q2')
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "3"

Span = tuple[int, int]

_ITEM_ID = (
    "{what} id, unique within the article; across articles the key is (article id, this id), "
    "written 'article:{example}' (dateline.records.ref)"
)


#: How a report presents an event (docs/event_types.md, "Factuality"): told as fact (asserted),
#: inside a source's words (reported), hedged or claimed against someone (alleged), denied by a
#: source (denied), with no one claiming it (unclaimed), modal, future or conditional
#: (hypothetical), or said not to have happened (negated).
Factuality = Literal[
    "asserted", "reported", "alleged", "denied", "unclaimed", "hypothetical", "negated"
]
#: The factuality values, in the order above.
FACTUALITY: tuple[str, ...] = get_args(Factuality)


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Removed(_Record):
    """A piece of the source removed from the analyzed text (caption, credit, boilerplate)."""

    kind: Literal["caption", "credit", "boilerplate"]
    text: str


class Article(_Record):
    id: str
    title: str | None = None
    published: str | None = Field(None, description="YYYY-MM-DD or null")
    published_source: str | None = Field(
        None, description="where the date came from: flag, header, html, url, dateline, jsonl"
    )
    outlet: str | None = None
    url: str | None = None
    language: str = "en"
    text: str = Field(description="clean text; every offset in the record indexes into it")
    source_path: str | None = None
    removed: list[Removed] = Field(default_factory=list)


class Entity(_Record):
    id: str = Field(description=_ITEM_ID.format(what="entity", example="ent1"))
    name: str = Field(description="canonical full name")
    type: str = Field(description="PERSON, ORG, GPE, NORP, ... or SOURCE for unnamed sources")
    aliases: list[str] = Field(default_factory=list)
    roles: list[str] = Field(default_factory=list)
    country: str | None = Field(None, description="ISO 3166-1 alpha-2 where known")
    mentions: list[Span] = Field(default_factory=list)


class Speaker(_Record):
    entity: str | None = Field(
        None, description="id of the entity in this article, or null when unresolved"
    )
    name: str
    start: int
    end: int


class ChainLink(_Record):
    role: Literal["speaker", "channel", "relay", "publisher"]
    name: str


class Quote(_Record):
    id: str = Field(description=_ITEM_ID.format(what="quote", example="q1"))
    kind: Literal["direct", "indirect", "mixed"]
    text: str
    start: int
    end: int
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    speaker: Speaker | None = None
    channel: str | None = None
    relayed_by: list[str] = Field(default_factory=list)
    chain: list[ChainLink] = Field(default_factory=list)


class NonComment(_Record):
    who: str
    entity: str | None = Field(None, description="id of the entity in this article, if resolved")
    kind: Literal["no_comment", "no_claim", "contacted", "declined"]
    text: str
    start: int
    end: int


class EventParticipant(_Record):
    entity: str | None = Field(None, description="id of the entity in this article, if resolved")
    name: str
    country: str | None = None


class Time(_Record):
    text: str
    start: int
    end: int
    type: Literal["DATE", "TIME", "DURATION", "SET"]
    value: str | None = Field(None, description="TIMEX3 value, null when unresolved")


class Place(_Record):
    text: str
    start: int
    end: int
    name: str | None = None
    country: str | None = Field(None, description="ISO 3166-1 alpha-2")
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    feature: str | None = Field(None, description="GeoNames feature class/code, e.g. P.PPLA")


class CountryRef(_Record):
    """A country named by a demonym or country adjective ("Ukrainian helicopters", "Russians"):
    a reference to the country, not a place mention (places are in ``places``).

    >>> CountryRef(text="Ukrainian", start=0, end=9, country="UA").country
    'UA'
    """

    text: str
    start: int
    end: int
    country: str = Field(description="ISO 3166-1 alpha-2")


class EventTime(_Record):
    value: str | None
    text: str | None = None
    from_publication_date: bool = False


class Source(_Record):
    """Who a claim comes from: the name as the article gives it, for readers, and the ids of
    the entity it resolves to and of the quote that carries it, for linking. Used by
    ``Event.sources`` and ``Figure.asserted_by`` / ``disputed_by``.

    >>> Source(name="Vyacheslav Gladkov", entity="ent4", quote="q2").model_dump()
    {'name': 'Vyacheslav Gladkov', 'entity': 'ent4', 'quote': 'q2'}
    """

    name: str | None = Field(
        None, description="the source as named in the text; null for a quote with no speaker"
    )
    entity: str | None = Field(
        None, description="id of the entity in this article the source resolves to, if any"
    )
    quote: str | None = Field(
        None, description="id of the quote in this article that carries the claim, if any"
    )


class EventMention(_Record):
    """One place where the article names an event: its trigger and character offsets.

    >>> EventMention(trigger="the talks", start=40, end=49).end
    49
    """

    trigger: str
    start: int
    end: int
    factuality: Factuality | None = Field(None, description="how this mention presents the event (the event's own "
              "factuality weighs all its mentions)")


class Event(_Record):
    id: str = Field(description=_ITEM_ID.format(what="event", example="e1"))
    type: str = Field(description="PLOVER event type")
    cameo: str | None = None
    acled: str | None = None
    acled_sub: str | None = None
    trigger: str
    start: int
    end: int
    actors: list[EventParticipant] = Field(default_factory=list)
    targets: list[EventParticipant] = Field(default_factory=list)
    place: Place | None = None
    time: EventTime | None = None
    factuality: Factuality = "asserted"
    sources: list[Source] = Field(
        default_factory=list,
        description="the quotes that report the event: quote id, speaker name and entity id",
    )
    mentions: list[EventMention] = Field(
        default_factory=list,
        description="every mention of this happening in the article, in text order; the first "
        "is the event's own trigger/start/end. Empty in records made before schema 3",
    )


class Figure(_Record):
    text: str
    start: int
    end: int
    value: float | None = None
    min: float | None = None
    max: float | None = None
    unit: str | None = None
    about: str | None = None
    asserted_by: list[Source] = Field(default_factory=list, description="who gives the figure")
    disputed_by: list[Source] = Field(
        default_factory=list, description="who denies it or says it is lower or higher"
    )


class RecordWarning(_Record):
    code: str
    message: str


class Analyzer(_Record):
    """What made a record: re-analysis is due when any part differs from the running one.

    >>> Analyzer(dateline="0.1.0", model="en_core_web_sm", model_version="3.7.1",
    ...          config="0123456789ab").key
    'dateline 0.1.0; en_core_web_sm 3.7.1; config 0123456789ab'
    """

    dateline: str = Field(description="dateline version")
    model: str = Field(description="spaCy pipeline name, e.g. en_core_web_sm")
    model_version: str = Field(description="spaCy pipeline version")
    config: str = Field(description="hash of the settings and pipeline config that shape output")

    @property
    def key(self) -> str:
        """One string that changes whenever any part does (what the store compares)."""
        return f"dateline {self.dateline}; {self.model} {self.model_version}; config {self.config}"


class AnalysisRecord(_Record):
    """Everything dateline knows about one article.

    Item ids are unique within the article; across articles use the key (article id, item id),
    written ``"<article id>:<item id>"`` (``dateline.records.ref``).
    """

    schema_version: str = SCHEMA_VERSION
    analyzer: Analyzer | None = Field(
        None, description="dateline version, spaCy model and config hash that made this record"
    )
    article: Article
    main_event: str | None = Field(
        None, description="id of the article's main event (what `dateline show` leads with)"
    )
    entities: list[Entity] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    non_comments: list[NonComment] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    times: list[Time] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    country_refs: list[CountryRef] = Field(
        default_factory=list,
        description="countries named by demonyms and adjectives ('Ukrainian', 'Russians'), "
        "which are not places",
    )
    figures: list[Figure] = Field(default_factory=list)
    warnings: list[RecordWarning] = Field(default_factory=list)


# --- Stories: reports of one real-world event across articles (``dateline.linking``)
#
# Items of one article are named across articles by the key (article id, item id); in a
# single string, as in story links, that key is written ``"<article id>:<item id>"``
# (see :func:`ref`). Article ids never contain ":".


def ref(article: str, item: str) -> str:
    """The one-string form of the (article id, item id) key.

    >>> ref("3f2a", "e1"), split_ref("3f2a:e1")
    ('3f2a:e1', ('3f2a', 'e1'))
    """
    return f"{article}:{item}"


def split_ref(key: str) -> tuple[str, str]:
    """The (article id, item id) of a key made by :func:`ref`."""
    article, _, item = key.rpartition(":")
    return article, item


Precision = Literal["day", "month", "year", "unknown"]
Stance = Literal["asserts", "denies", "claims", "silent"]


class StoryTime(_Record):
    value: str | None = Field(None, description="YYYY-MM-DD, YYYY-MM or YYYY")
    precision: Precision = "unknown"


class StoryReport(_Record):
    """One article's report of the story's event."""

    article: str
    event: str = Field(description="event id within the article")
    outlet: str | None = None
    published: str | None = None
    factuality: str
    origin: str | None = Field(None, description="id of the origin the report traces to")


class Origin(_Record):
    """Where a claim comes from: a person, an official body, an unnamed source, the outlet's own
    reporting, or a wire service, with the channel it used and the outlets that relayed it."""

    id: str
    name: str
    kind: Literal["person", "body", "unnamed", "outlet", "wire"]
    channel: str | None = None
    via: list[str] = Field(default_factory=list, description="outlets that relayed it")
    articles: list[str] = Field(default_factory=list)
    stance: Stance = "asserts"
    entities: list[str] = Field(default_factory=list, description="(article:entity) keys")
    quotes: list[str] = Field(default_factory=list, description="(article:quote) keys")


class Side(_Record):
    """One side of a contradiction, with the text span that states it."""

    origin: str | None = None
    article: str
    text: str
    start: int
    end: int


class Contradiction(_Record):
    kind: Literal["factuality", "figure", "actor", "time", "place"]
    a: Side
    b: Side
    note: str


class Statement(_Record):
    """One speaker's statement, relayed by one or more outlets (quotes clustered)."""

    id: str
    speaker: str | None = None
    text: str
    quotes: list[str] = Field(default_factory=list, description="(article:quote) keys")
    relays: list[str] = Field(default_factory=list, description="outlets that carried it")
    origin: str | None = None


class StoryFigure(_Record):
    article: str
    text: str
    start: int
    end: int
    value: float | None = None
    min: float | None = None
    max: float | None = None
    unit: str | None = None
    about: str | None = None
    origin: str | None = None


class StoryLink(_Record):
    """Why two event mentions were put in one story: their keys, score and evidence."""

    a: str = Field(description="(article:event) key")
    b: str
    score: float
    evidence: dict = Field(default_factory=dict)


class Story(_Record):
    """Every report of one real-world event, with its origins, corroboration and contradictions.

    ``corroboration`` counts *independent* origins that assert the event: outlets relaying one
    Telegram post, or papers running one wire story, count once.
    """

    schema_version: str = SCHEMA_VERSION
    id: str
    type: str
    cameo: str | None = None
    acled: str | None = None
    acled_sub: str | None = None
    place: Place | None = None
    time: StoryTime | None = None
    first_reported: str | None = None
    last_reported: str | None = None
    articles: list[str] = Field(default_factory=list)
    reports: list[StoryReport] = Field(default_factory=list)
    origins: list[Origin] = Field(default_factory=list)
    corroboration: int = 0
    asserted_by: list[str] = Field(default_factory=list, description="origin ids")
    denied_by: list[str] = Field(default_factory=list, description="origin ids")
    silent: list[str] = Field(default_factory=list, description="origin ids")
    factuality: str = "asserted"
    contradictions: list[Contradiction] = Field(default_factory=list)
    figures: list[StoryFigure] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)
    links: list[StoryLink] = Field(default_factory=list)
    actors: list[EventParticipant] = Field(
        default_factory=list, description="who did it, most reported first (ACLED actor1, ...)"
    )
    targets: list[EventParticipant] = Field(
        default_factory=list, description="who it was done to, most reported first"
    )


#: The record lists that are stored as one table each, in storage order.
RECORD_LISTS: dict[str, type[_Record]] = {
    "entities": Entity,
    "quotes": Quote,
    "non_comments": NonComment,
    "events": Event,
    "times": Time,
    "places": Place,
    "country_refs": CountryRef,
    "figures": Figure,
    "warnings": RecordWarning,
}


def json_schema() -> dict:
    """The JSON Schema of :class:`AnalysisRecord`, as published in ``docs/``."""
    schema = AnalysisRecord.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "dateline analysis record"
    return schema

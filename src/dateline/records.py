"""The record model: the public contract users script against.

Every extracted fact is plain data with character offsets into ``article.text`` so it can be
highlighted and checked. ``AnalysisRecord.model_json_schema()`` is written to
``docs/record.schema.json`` by ``dateline schema``.

>>> rec = AnalysisRecord(article=Article(id="a1", text="Hello."))
>>> rec.model_dump()["schema_version"]
'1'
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"

Span = tuple[int, int]


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
    id: str
    name: str = Field(description="canonical full name")
    type: str = Field(description="PERSON, ORG, GPE, NORP, ... or SOURCE for unnamed sources")
    aliases: list[str] = Field(default_factory=list)
    roles: list[str] = Field(default_factory=list)
    country: str | None = Field(None, description="ISO 3166-1 alpha-2 where known")
    mentions: list[Span] = Field(default_factory=list)


class Speaker(_Record):
    entity: str | None = Field(None, description="entity id, or null when unresolved")
    name: str
    start: int
    end: int


class ChainLink(_Record):
    role: Literal["speaker", "channel", "relay", "publisher"]
    name: str


class Quote(_Record):
    id: str
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
    entity: str | None = None
    kind: Literal["no_comment", "no_claim", "contacted", "declined"]
    text: str
    start: int
    end: int


class EventParticipant(_Record):
    entity: str | None = None
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


class EventTime(_Record):
    value: str | None
    text: str | None = None
    from_publication_date: bool = False


class Event(_Record):
    id: str
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
    factuality: Literal[
        "asserted", "reported", "alleged", "denied", "unclaimed", "hypothetical", "negated"
    ] = "asserted"
    sources: list[str] = Field(default_factory=list, description="quote ids")


class Figure(_Record):
    text: str
    start: int
    end: int
    value: float | None = None
    min: float | None = None
    max: float | None = None
    unit: str | None = None
    about: str | None = None
    asserted_by: list[str] = Field(default_factory=list)
    disputed_by: list[str] = Field(default_factory=list)


class RecordWarning(_Record):
    code: str
    message: str


class AnalysisRecord(_Record):
    """Everything dateline knows about one article."""

    schema_version: str = SCHEMA_VERSION
    article: Article
    entities: list[Entity] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    non_comments: list[NonComment] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    times: list[Time] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
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


#: The record lists that are stored as one table each, in storage order.
RECORD_LISTS: dict[str, type[_Record]] = {
    "entities": Entity,
    "quotes": Quote,
    "non_comments": NonComment,
    "events": Event,
    "times": Time,
    "places": Place,
    "figures": Figure,
    "warnings": RecordWarning,
}


def json_schema() -> dict:
    """The JSON Schema of :class:`AnalysisRecord`, as published in ``docs/``."""
    schema = AnalysisRecord.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "dateline analysis record"
    return schema

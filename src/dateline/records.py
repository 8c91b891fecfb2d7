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

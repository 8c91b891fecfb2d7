"""The backend-neutral table layout, derived from the record models; every backend uses it.

A record is stored as one ``articles`` row (the article's fields, then the record's own:
``schema_version``, ``analyzer``, ``main_event``, and the derived ``analyzer_key``,
``outlet_key``, ``record`` and ``digest``) plus one row per item of each list in :data:`dateline.records.RECORD_LISTS`, each
table keyed by ``article`` (the article id) and ``pos`` (the item's index in its list, so order
round-trips). With the item's own ``id`` column, (``article``, ``id``) is the cross-article key
of :func:`dateline.records.ref`. Scalar fields become real
columns (offsets included); nested fields (speaker, chain, actors, place, time, mentions,
aliases, roles, ...) are stored as JSON text. The layout is derived from the Pydantic models,
so a new optional field gets its column without touching the backends.

``record`` holds the whole record as JSON (what :meth:`AnalysisRecord.model_dump_json`
writes, of which ``digest`` is the SHA-256), zlib-compressed (:func:`pack_record`): a point
read (:meth:`~dateline.store.base.Store.get`, the API's ``GET /articles/{id}``) is one statement
on the primary key, not one per table, and its text is the response body as it is. Compressed
here rather than by the database: DuckDB compresses long text in ZSTD blocks, and reading one
record back decompressed a whole block (~4 ms of CPU against ~1.4 ms for this column with the
decompression). The item tables stay the source of every filter, list and export.

>>> [c.name for c in columns("times")]
['article', 'pos', 'text', 'start', 'end', 'type', 'value']
>>> column_kind("quotes", "speaker")
'json'

Stories (:class:`dateline.records.Story`) are laid out the same way: one ``stories`` row per
story (scalar fields as columns, nested ones and lists of plain values as JSON text) and one
``story_<field>`` table per list of items (reports, origins, contradictions, ...), keyed by
``story`` and ``pos``. ``story_reports`` is the membership table: which article's event belongs
to which story.

>>> STORY_TABLES[:3]
('stories', 'story_reports', 'story_origins')
>>> [c.name for c in columns("story_links")]
['story', 'pos', 'a', 'b', 'score', 'evidence']
"""


from __future__ import annotations

import base64
import functools
import hashlib
import json
import operator
import re
import types
import typing
import zlib
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from dateline.errors import DatelineError
from dateline.records import RECORD_LISTS, SCHEMA_VERSION, AnalysisRecord, Article, Entity, Story

#: Revision of the table layout; with the record schema version it makes the stored version.
#: 1: records; 2: story tables; 3: derived filter columns (``*_key``, ``*_search``), indexes;
#: 4: ``articles.record``, each record's JSON, compressed (point reads in one statement).
LAYOUT_REVISION = 4

#: Version of the storage layout: the record schema version, then the layout revision.
STORE_SCHEMA_VERSION = f"{SCHEMA_VERSION}.{LAYOUT_REVISION}"

#: Earlier layouts ``dateline migrate`` upgrades in place (every earlier revision of this and
#: the previous record schemas: record fields are only ever added, optional).
UPGRADABLE = tuple(
    f"{schema}.{rev}"
    for schema in range(2, int(SCHEMA_VERSION) + 1)
    for rev in range(1, LAYOUT_REVISION + 1)
    if f"{schema}.{rev}" != f"{SCHEMA_VERSION}.{LAYOUT_REVISION}"
)

#: Every record table a store holds, in storage order; with :data:`STORY_TABLES`, the only
#: names ever put into SQL.
TABLES: tuple[str, ...] = ("articles", *RECORD_LISTS)


def _story_lists() -> dict[str, tuple[str, type[BaseModel]]]:
    """``story_<field>`` -> (field, item model) for every list-of-items field of :class:`Story`."""
    lists = {}
    for name, field in Story.model_fields.items():
        if typing.get_origin(field.annotation) is list:
            (item,) = typing.get_args(field.annotation)
            if isinstance(item, type) and issubclass(item, BaseModel):
                lists[f"story_{name}"] = (name, item)
    return lists


#: The story lists stored as one table each: table -> (Story field, item model).
STORY_LISTS: dict[str, tuple[str, type[BaseModel]]] = _story_lists()

#: Every story table, in storage order.
STORY_TABLES: tuple[str, ...] = ("stories", *STORY_LISTS)

def _search(*parts: str | None) -> str | None:
    """Lower-cased text of ``parts`` joined by newlines: a column the contains-filters scan."""
    found = [p.lower() for p in parts if p]
    return "\n".join(found) or None


def _who(name: str | None, entity: Entity | None) -> str | None:
    """A speaker's search text: the name in the text, its entity's name and aliases."""
    if entity is None:
        return _search(name)
    return _search(name, entity.name, *entity.aliases)


def _event_country(event: Any) -> str | None:
    """The country of an event's place, else of its first actor (then target) that has one."""
    if event.place is not None and event.place.country:
        return event.place.country.upper()
    for party in (*event.actors, *event.targets):
        if party.country:
            return party.country.upper()
    return None


def _lower(value: str | None) -> str | None:
    return value.lower() if value else None


#: Columns computed from an item (and the entities of its record, by id) so that filters are
#: plain comparisons on indexed columns in every backend. ``*_key`` columns hold a normalized
#: value for equality (lower case; countries upper case), ``*_search`` columns lower-cased text
#: for substring matches.
DERIVED: dict[str, dict[str, Callable[[Any, dict[str, Entity]], Any]]] = {
    "entities": {
        "name_search": lambda e, _: _search(e.name, *e.aliases),
        "type_key": lambda e, _: e.type.upper(),
    },
    "quotes": {
        "speaker_name": lambda q, _: q.speaker.name if q.speaker else None,
        "speaker_entity": lambda q, _: q.speaker.entity if q.speaker else None,
        "speaker_search": lambda q, ents: (
            _who(q.speaker.name, ents.get(q.speaker.entity or "")) if q.speaker else None
        ),
    },
    "non_comments": {
        "speaker_search": lambda n, ents: _who(n.who, ents.get(n.entity or "")),
    },
    "events": {
        "type_key": lambda e, _: _lower(e.type),
        "acled_key": lambda e, _: _lower(e.acled),
        "acled_sub_key": lambda e, _: _lower(e.acled_sub),
        "country_key": lambda e, _: _event_country(e),
    },
    "places": {
        "country_key": lambda p, _: p.country.upper() if p.country else None,
    },
}

#: Articles-table columns computed from the record (see :data:`DERIVED`).
ARTICLE_DERIVED: dict[str, Callable[[AnalysisRecord], Any]] = {
    "analyzer_key": lambda r: r.analyzer.key if r.analyzer else None,
    "outlet_key": lambda r: _lower(r.article.outlet),
}

#: Columns computed from a story so that it can be filtered with plain SQL: ``date`` is the
#: event's date where known to the day, else the day it was first reported.
STORY_DERIVED: dict[str, Callable[[Story], Any]] = {
    "date": lambda s: (
        s.time.value if s.time and s.time.precision == "day" and s.time.value else s.first_reported
    ),
    "country": lambda s: s.place.country if s.place else None,
    "place_name": lambda s: (s.place.name or s.place.text) if s.place else None,
}

#: Articles-table columns that are not fields of :class:`Article`: the record's own fields,
#: then the derived ``analyzer_key`` (what ingest compares), ``outlet_key``, ``record`` (the
#: record's JSON) and ``digest`` (its hash; always the last column, see :func:`article_digest`).
RECORD_FIELDS = ("schema_version", "analyzer", "main_event")
ARTICLE_EXTRA = (*RECORD_FIELDS, *ARTICLE_DERIVED, "record", "digest")
#: Articles-table columns that only a point read or a write looks at (never a query row).
ARTICLE_STORED = ("record", "digest")

ColumnKind = Literal["text", "int", "float", "bool", "json", "bytes"]

#: Kinds of the articles-table columns that are neither model fields nor text.
_STORED_KINDS: dict[str, ColumnKind] = {"record": "bytes"}

_SCALARS: dict[type, ColumnKind] = {str: "text", int: "int", float: "float", bool: "bool"}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Column:
    """One column of a table: its name and a backend-neutral kind."""

    name: str
    kind: ColumnKind


def _kind(annotation: Any) -> ColumnKind:
    """The column kind of a field annotation: a scalar (maybe optional) or JSON text."""
    origin = typing.get_origin(annotation)
    if origin is Literal:
        return _SCALARS.get(type(typing.get_args(annotation)[0]), "json")
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _kind(args[0]) if len(args) == 1 else "json"
    return _SCALARS.get(annotation, "json")


def _model(table: str) -> type[BaseModel]:
    if table == "stories":
        return Story
    if table == "articles":
        return Article
    if table in STORY_LISTS:
        return STORY_LISTS[table][1]
    return RECORD_LISTS[table]


@functools.cache
def columns(table: str) -> tuple[Column, ...]:
    """The columns of ``table`` in order (one of :data:`TABLES` or :data:`STORY_TABLES`).

    >>> columns("articles")[0], columns("articles")[-1]  # cached: derived once per table
    (Column(name='id', kind='text'), Column(name='digest', kind='text'))
    """
    if table == "stories":
        lists = {field for field, _ in STORY_LISTS.values()}
        fields = [
            Column(n, _kind(f.annotation))
            for n, f in Story.model_fields.items()
            if n not in lists
        ]
        return (*fields, *(Column(n, "text") for n in STORY_DERIVED))
    if table in STORY_LISTS:
        fields = [Column(n, _kind(f.annotation)) for n, f in _model(table).model_fields.items()]
        return (Column("story", "text"), Column("pos", "int"), *fields)
    fields = [Column(n, _kind(f.annotation)) for n, f in _model(table).model_fields.items()]
    if table == "articles":
        own = AnalysisRecord.model_fields
        extra = [
            Column(n, _kind(own[n].annotation) if n in own else _STORED_KINDS.get(n, "text"))
            for n in ARTICLE_EXTRA
        ]
        return (*fields, *extra)
    derived = [Column(n, "text") for n in DERIVED.get(table, {})]
    return (Column("article", "text"), Column("pos", "int"), *fields, *derived)


def layout_gaps(present: Mapping[str, Collection[str]]) -> list[str]:
    """What the layout has that a store lacks, given the columns per table its catalog lists:
    ``table`` for a missing table, ``table.column`` for a missing column (extra ones are fine).

    >>> have = {t: [c.name for c in columns(t)] for t in (*TABLES, *STORY_TABLES)}
    >>> del have["country_refs"]; have["quotes"].remove("cue")
    >>> layout_gaps(have)
    ['quotes.cue', 'country_refs']
    """
    gaps: list[str] = []
    for table in (*TABLES, *STORY_TABLES):
        if table not in present:
            gaps.append(table)
            continue
        have = set(present[table])
        gaps += [f"{table}.{c.name}" for c in columns(table) if c.name not in have]
    return gaps


def open_action(
    path: str, found: str | None, present: Mapping[str, Collection[str]], *, migrate: bool
) -> Literal["create", "ready", "migrate"]:
    """What opening a store does, from the version its meta table holds (``found``, None
    without one) and its catalog (``present``, as for :func:`layout_gaps`): ``create`` the
    layout, use it as it is (``ready``), or ``migrate`` it (only when ``migrate`` is True).

    The version alone is not trusted: a store of the current version that lacks a table or
    column of the layout is E317 (``dateline migrate`` repairs it); an older one is E313, an
    unknown or newer one E303.

    >>> open_action("x.duckdb", None, {}, migrate=False)
    'create'
    >>> open_action("x.duckdb", STORE_SCHEMA_VERSION, {}, migrate=True)
    'migrate'
    """
    if found is None:
        return "create"
    if found == STORE_SCHEMA_VERSION:
        gaps = layout_gaps(present)
        if not gaps:
            return "ready"
        if migrate:
            return "migrate"
        shown = ", ".join(gaps[:6]) + (f" and {len(gaps) - 6} more" if len(gaps) > 6 else "")
        raise DatelineError.make("E317", path=path, found=found, missing=shown)
    if found in UPGRADABLE:
        if migrate:
            return "migrate"
        raise DatelineError.make("E313", path=path, found=found, expected=STORE_SCHEMA_VERSION)
    raise DatelineError.make("E303", path=path, found=found, expected=STORE_SCHEMA_VERSION)


@functools.cache
def arrow_schema(table: str) -> Any:
    """The Arrow schema of ``table`` (JSON columns as strings), for bulk loads and exports.

    >>> arrow_schema("times").field("start").type
    DataType(int64)
    """
    import pyarrow as pa

    types = {
        "text": pa.string(),
        "int": pa.int64(),
        "float": pa.float64(),
        "bool": pa.bool_(),
        "json": pa.string(),  # JSON text, so every backend stores and parses it the same way
        "bytes": pa.binary(),
    }
    return pa.schema([(c.name, types[c.kind]) for c in columns(table)])


def export_columns(table: str) -> tuple[Column, ...]:
    """The columns a table export (parquet, csv) writes: all of :func:`columns` but the packed
    ``articles.record`` (the JSONL export has every record whole).

    >>> "record" in [c.name for c in export_columns("articles")]
    False
    """
    return tuple(c for c in columns(table) if c.kind != "bytes")


def export_schema(table: str) -> Any:
    """The Arrow schema of :func:`export_columns`."""
    import pyarrow as pa

    full = arrow_schema(table)
    return pa.schema([full.field(c.name) for c in export_columns(table)])


def column_kind(table: str, name: str) -> ColumnKind:
    """The kind of column ``name`` in ``table``."""
    return next(c.kind for c in columns(table) if c.name == name)


def digest(record: AnalysisRecord) -> str:
    """A content hash of ``record``: equal records have equal digests.

    >>> digest(AnalysisRecord(article=Article(id="a", text="x")))[:8].isalnum()
    True
    """
    return text_digest(record.model_dump_json())


def pack_record(text: str) -> bytes:
    """A record's JSON text as stored in ``articles.record`` (zlib, ~4x smaller).

    >>> unpack_record(pack_record('{"a": "Zürich"}'))
    '{"a": "Zürich"}'
    """
    return zlib.compress(text.encode(), 6)


def unpack_record(packed: bytes) -> str:
    """The JSON text of a stored ``articles.record`` (:func:`pack_record`)."""
    return zlib.decompress(packed).decode()


def text_digest(text: str) -> str:
    """:func:`digest` of a record given as its JSON text (``record.model_dump_json()``).

    >>> r = AnalysisRecord(article=Article(id="a", text="x"))
    >>> text_digest(r.model_dump_json()) == digest(r)
    True
    """
    return hashlib.sha256(text.encode()).hexdigest()


#: ``json.dumps(value, ensure_ascii=False)`` without building an encoder per call (model
#: dumps hold no cycles to check for).
_encode = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


def _json_text(value: Any) -> str:
    """A JSON column's text, as ``json.dumps(value, ensure_ascii=False)`` writes it (half the
    nested values of real records are empty lists or None: those skip the encoder).

    >>> _json_text(None), _json_text([]), _json_text({"roles": ["président"], "n": 1})
    ('null', '[]', '{"roles": ["président"], "n": 1}')
    """
    if value is None:
        return "null"
    if value == []:
        return "[]"
    return _encode(value)


@functools.cache
def _row_maker(table: str) -> Callable[[dict[str, Any]], tuple]:
    """A function from a dict holding every column of ``table`` (JSON columns still as
    values) to the row tuple in :func:`columns` order, JSON columns as text."""
    get = operator.itemgetter(*(c.name for c in columns(table)))  # every table has 2+ columns
    json_names = [c.name for c in columns(table) if c.kind == "json"]

    def make(row: dict[str, Any]) -> tuple:
        for name in json_names:
            row[name] = _json_text(row[name])
        return get(row)

    return make


def record_rows(record: AnalysisRecord) -> dict[str, list[tuple]]:
    """The rows of ``record`` per table, as tuples in :func:`columns` order.

    >>> rows = record_rows(AnalysisRecord(article=Article(id="a", text="x")))
    >>> len(rows["articles"]), rows["quotes"]
    (1, [])
    """
    data = record.model_dump(mode="json")
    article = data["article"]
    article.update({name: data[name] for name in RECORD_FIELDS})
    article.update({name: fn(record) for name, fn in ARTICLE_DERIVED.items()})
    text = record.model_dump_json()
    article["record"] = pack_record(text)
    article["digest"] = text_digest(text)
    rows = {"articles": [_row_maker("articles")(article)]}
    entities = {e.id: e for e in record.entities}
    article_id = record.article.id
    for table in RECORD_LISTS:
        derived = DERIVED.get(table, {}).items()
        make = _row_maker(table)
        rows[table] = out = []
        for pos, (item, model) in enumerate(zip(data[table], getattr(record, table), strict=True)):
            item["article"] = article_id
            item["pos"] = pos
            for name, fn in derived:
                item[name] = fn(model, entities)
            out.append(make(item))
    return rows


def article_digest(row: tuple) -> str:
    """The ``digest`` of an ``articles`` row from :func:`record_rows`."""
    return row[-1]  # digest is always the last articles column


def decode_row(table: str, names: Iterable[str], values: Iterable[Any]) -> dict[str, Any]:
    """A row as a dict, JSON-text columns of ``table`` decoded; unknown names are kept as is."""
    return decode_rows(table, list(names), [values])[0]


def decode_rows(
    table: str, names: Sequence[str], rows: Iterable[Iterable[Any]]
) -> list[dict[str, Any]]:
    """Many rows of one SELECT as dicts, JSON-text columns decoded (:func:`decode_row`'s loop,
    with the JSON columns looked up once).

    >>> decode_rows("quotes", ["id", "relayed_by"], [("q1", '["AP"]')])
    [{'id': 'q1', 'relayed_by': ['AP']}]
    """
    json_names = _json_columns(table)
    decode = [i for i, name in enumerate(names) if name in json_names]
    out = []
    loads = json.loads
    for values in rows:
        row = dict(zip(names, values, strict=True))
        for i in decode:
            value = row[names[i]]
            if value is not None:
                row[names[i]] = loads(value)
        out.append(row)
    return out


@functools.cache
def _json_columns(table: str) -> frozenset[str]:
    return frozenset(c.name for c in columns(table) if c.kind == "json")


def record_from_rows(
    article: dict[str, Any], items: dict[str, list[dict[str, Any]]]
) -> AnalysisRecord:
    """Rebuild a record from decoded rows (``items`` per table, already in ``pos`` order).

    A NULL in the column of a field that cannot be None (a column a migration added for a
    field the record did not have yet) gives the field's default.
    """
    fields = {k: v for k, v in article.items() if k not in ARTICLE_EXTRA}
    fields = {k: v for k, v in fields.items() if v is not None or k not in _not_null("articles")}
    own = {name: article.get(name) for name in RECORD_FIELDS}
    lists = {table: [_strip(table, row) for row in items.get(table, [])] for table in RECORD_LISTS}
    return AnalysisRecord.model_validate({**own, "article": fields, **lists})


@functools.cache
def _not_null(table: str) -> frozenset[str]:
    """Fields of ``table``'s model that have a default and do not take None."""
    return frozenset(
        name
        for name, field in _model(table).model_fields.items()
        if not field.is_required() and not _takes_none(field.annotation)
    )


def _takes_none(annotation: Any) -> bool:
    if annotation is None or annotation is type(None) or annotation is Any:
        return True
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return any(_takes_none(a) for a in typing.get_args(annotation))
    return False


def _strip(table: str, row: dict[str, Any]) -> dict[str, Any]:
    drop = {"article", "pos", *DERIVED.get(table, {})}
    missing = _not_null(table)
    return {k: v for k, v in row.items() if k not in drop and (v is not None or k not in missing)}


def story_rows(story: Story) -> dict[str, list[tuple]]:
    """The rows of ``story`` per story table, as tuples in :func:`columns` order.

    >>> rows = story_rows(Story(id="s1", type="PROTEST"))
    >>> rows["stories"][0][1], rows["story_reports"]
    ('s1', [])
    """
    data = story.model_dump(mode="json")
    data.update({name: fn(story) for name, fn in STORY_DERIVED.items()})
    rows = {"stories": [_row_maker("stories")(data)]}
    for table, (field, _) in STORY_LISTS.items():
        make = _row_maker(table)
        rows[table] = []
        for pos, item in enumerate(data[field]):
            item.update(story=story.id, pos=pos)
            rows[table].append(make(item))
    return rows


def story_from_rows(story: dict[str, Any], items: dict[str, list[dict[str, Any]]]) -> Story:
    """Rebuild a story from decoded rows (``items`` per story table, in ``pos`` order)."""
    missing = _not_null("stories")
    fields = {
        k: v
        for k, v in story.items()
        if k not in STORY_DERIVED and (v is not None or k not in missing)
    }
    for table, (field, _) in STORY_LISTS.items():
        gone = _not_null(table)
        fields[field] = [
            {k: v for k, v in row.items() if k not in ("story", "pos") and (v is not None or k not in gone)}
            for row in items.get(table, [])
        ]
    return Story.model_validate(fields)


def check_kind(kind: str) -> str:
    """``kind`` if it names a table, else E304 (the guard before any table name meets SQL).

    >>> check_kind("quotes")
    'quotes'
    """
    if kind not in TABLES:
        raise DatelineError.make("E304", name=kind, known=", ".join(TABLES))
    return kind


def check_date(name: str, value: str | None) -> str | None:
    """``value`` if it is a YYYY-MM-DD date (or None), else E306.

    >>> check_date("since", "2022-04-01")
    '2022-04-01'
    """
    if value is None:
        return None
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise DatelineError.make("E306", name=name, value=value)
    return value


def story_key(story: Story) -> list[str]:
    """The ordering key of a story in :meth:`~dateline.store.base.Store.stories`: date (or
    :data:`NO_DATE`), id.

    >>> story_key(Story(id="s1", type="PROTEST", first_reported="2022-04-01"))
    ['2022-04-01', 's1']
    """
    return [STORY_DERIVED["date"](story) or NO_DATE, story.id]


# --- filters and indexes (what query/page/count accept, what every backend indexes)

#: Per kind, the filters query/page/count accept ("*": every kind); another is E307.
FILTERS: dict[str, frozenset[str]] = {
    "*": frozenset({"article", "outlet", "since", "until", "q"}),
    "quotes": frozenset({"speaker", "quote_kind"}),
    "non_comments": frozenset({"speaker"}),
    "events": frozenset({"type", "country", "factuality"}),
    "places": frozenset({"country"}),
    "entities": frozenset({"label", "name"}),
}

Match = Literal["equal", "contains", "since", "until"]


@dataclass(frozen=True)
class Condition:
    """One filter as a backend-neutral condition: ``on`` (``"a"`` the article row, ``"t"`` the
    item row) ``columns`` compared with ``value`` by ``match``; several columns are OR-ed.

    ``equal``: the column equals the value (both normalized already: ``*_key`` columns);
    ``contains``: the lower-cased column contains the lower-cased value; ``since``/``until``:
    the column is at least / at most the value.
    """

    on: Literal["a", "t"]
    columns: tuple[str, ...]
    match: Match
    value: Any


#: Per kind, the columns the full-text filter ``q`` looks in (a case-insensitive substring).
SEARCH: dict[str, tuple[str, ...]] = {
    "articles": ("title", "text"),
    "entities": ("name_search",),
    "quotes": ("text",),
    "non_comments": ("text",),
    "events": ("trigger",),
    "times": ("text",),
    "places": ("text",),
    "figures": ("text",),
    "warnings": ("message",),
}

#: Published-date stand-in for articles without one, so they sort last in every backend.
NO_DATE = "9999-99-99"


def _upper(value: str) -> str:
    return value.upper()


def conditions(kind: str, filters: dict[str, Any]) -> list[Condition]:
    """The filters of a query over ``kind`` as :class:`Condition`; None values are dropped.

    Unknown kind: E304; a filter ``kind`` does not take: E307; a bad date: E306.

    >>> conditions("quotes", {"speaker": "Biden", "since": None})
    [Condition(on='t', columns=('speaker_search',), match='contains', value='biden')]
    """
    check_kind(kind)
    allowed = FILTERS["*"] | FILTERS.get(kind, frozenset())
    out: list[Condition] = []
    item: Literal["a", "t"] = "a" if kind == "articles" else "t"
    for name, value in filters.items():
        if name not in allowed:
            known = ", ".join(k for k, names in FILTERS.items() if k != "*" and name in names)
            raise DatelineError.make(
                "E307", name=name, kind=kind, known=known or "no kind (unknown filter)"
            )
        if value is None:
            continue
        if name in ("since", "until"):
            out.append(Condition("a", ("published",), name, check_date(name, value)))
        elif name == "article":
            out.append(Condition("a", ("id",), "equal", str(value)))
        elif name == "outlet":
            out.append(Condition("a", ("outlet_key",), "equal", str(value).lower()))
        elif name == "q":
            out.append(Condition(item, SEARCH[kind], "contains", str(value).lower()))
        elif name == "speaker":
            out.append(Condition("t", ("speaker_search",), "contains", str(value).lower()))
        elif name == "quote_kind":
            out.append(Condition("t", ("kind",), "equal", str(value).lower()))
        elif name == "type":
            keys = ("type_key", "acled_key", "acled_sub_key")
            out.append(Condition("t", keys, "equal", str(value).lower()))
        elif name == "country":
            out.append(Condition("t", ("country_key",), "equal", _upper(str(value))))
        elif name == "factuality":
            out.append(Condition("t", ("factuality",), "equal", str(value).lower()))
        elif name == "label":
            out.append(Condition("t", ("type_key",), "equal", _upper(str(value))))
        elif name == "name":
            out.append(Condition("t", ("name_search",), "contains", str(value).lower()))
        else:  # pragma: no cover - FILTERS and this function list the same names
            raise AssertionError(name)
    return out


@dataclass(frozen=True)
class Index:
    """An index every backend creates: ``name`` on ``table`` (``columns``); ``text`` marks a
    column searched by substring (a backend with trigram or full-text indexes uses one)."""

    name: str
    table: str
    columns: tuple[str, ...]
    text: bool = False


def _indexes() -> tuple[Index, ...]:
    found = [
        Index("articles_published", "articles", ("published", "id")),
        Index("articles_outlet", "articles", ("outlet_key",)),
        Index("story_reports_article", "story_reports", ("article",)),
        Index("stories_date", "stories", ("date", "id")),
        Index("stories_country", "stories", ("country",)),
    ]
    for table, derived in DERIVED.items():
        for name in derived:
            if name.endswith("_key"):
                found.append(Index(f"{table}_{name}", table, (name,)))
            elif name.endswith("_search"):
                found.append(Index(f"{table}_{name}", table, (name,), text=True))
    for kind, cols in SEARCH.items():
        for col in cols:
            if not col.endswith("_search"):
                found.append(Index(f"{kind}_{col}_text", kind, (col,), text=True))
    found.extend(Index(f"{t}_kind", t, ("kind",)) for t in ("quotes",))
    found.append(Index("events_factuality", "events", ("factuality",)))
    return tuple(found)


#: Indexes beyond the primary keys, for the common filters; derived from the layout.
INDEXES: tuple[Index, ...] = _indexes()


# --- cursors (opaque keyset positions)


def encode_cursor(kind: str, key: Sequence[Any]) -> str:
    """An opaque cursor: url-safe base64 of JSON ``[kind, *ordering key of the last row]``.

    >>> decode_cursor("quotes", encode_cursor("quotes", ["2022-04-01", "a1", 3]))
    ['2022-04-01', 'a1', 3]
    """
    raw = json.dumps([kind, *key], separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(kind: str, cursor: str) -> list[Any]:
    """The ordering key in ``cursor``; E314 if it is malformed or made for another kind."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value = json.loads(raw)
    except (ValueError, TypeError, UnicodeDecodeError) as err:
        raise DatelineError.make("E314", cursor=cursor[:40], detail=type(err).__name__) from err
    width = 3 if kind not in ("articles", "stories") else 2
    if not isinstance(value, list) or len(value) != width + 1 or value[0] != kind:
        raise DatelineError.make("E314", cursor=cursor[:40], detail=f"not a {kind} cursor")
    key = value[1:]
    if not all(isinstance(v, str) for v in key[:2]) or (
        width == 3 and not isinstance(key[2], int)
    ):
        raise DatelineError.make("E314", cursor=cursor[:40], detail="bad key")
    return key


def row_key(kind: str, row: dict[str, Any]) -> list[Any]:
    """The ordering key of a query row: (published or :data:`NO_DATE`, article[, pos])."""
    if kind == "articles":
        return [row.get("published") or NO_DATE, row["id"]]
    return [row.get("published") or NO_DATE, row["article"], row["pos"]]


#: The most rows one page holds (page() and story_page(); more is E315).
MAX_PAGE = 500


def check_page(limit: int, cursor: str | None, offset: int | None) -> None:
    """E315 unless 1 <= ``limit`` <= :data:`MAX_PAGE` and at most one of cursor and offset."""
    if not isinstance(limit, int) or not 1 <= limit <= MAX_PAGE:
        raise DatelineError.make("E315", name="limit", value=limit, detail=f"1 to {MAX_PAGE}")
    check_window(None, cursor, offset)


def check_window(limit: int | None, cursor: str | None, offset: int | None) -> None:
    """ValueError for a negative limit/offset; E315 for a cursor with an offset."""
    for name, value in (("limit", limit), ("offset", offset)):
        if value is not None and (not isinstance(value, int) or value < 0):
            raise ValueError(f"{name} must be a non-negative integer, not {value!r}")
    if cursor is not None and offset:
        raise DatelineError.make(
            "E315", name="offset", value=offset, detail="no offset together with a cursor"
        )

"""The backend-neutral table layout, derived from the record models; every backend uses it.

A record is stored as one ``articles`` row (the article's fields, then the record's own:
``schema_version``, ``analyzer``, ``main_event``, and the derived ``analyzer_key`` and
``digest``) plus one row per item of each list in :data:`dateline.records.RECORD_LISTS`, each
table keyed by ``article`` (the article id) and ``pos`` (the item's index in its list, so order
round-trips). With the item's own ``id`` column, (``article``, ``id``) is the cross-article key
of :func:`dateline.records.ref`. Scalar fields become real
columns (offsets included); nested fields (speaker, chain, actors, place, time, mentions,
aliases, roles, ...) are stored as JSON text. The layout is derived from the Pydantic models,
so a new optional field gets its column without touching the backends.

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

import functools
import hashlib
import json
import re
import types
import typing
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from dateline.errors import DatelineError
from dateline.records import RECORD_LISTS, SCHEMA_VERSION, AnalysisRecord, Article, Story

#: Version of the storage layout: the record schema version, then a revision of the tables.
STORE_SCHEMA_VERSION = f"{SCHEMA_VERSION}.2"

#: Earlier layouts a writable store upgrades in place (revision 2 only added the story tables).
UPGRADABLE = (f"{SCHEMA_VERSION}.1",)

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

#: Columns computed from a nested field so that it can be filtered with plain SQL.
DERIVED: dict[str, dict[str, Callable[[Any], Any]]] = {
    "quotes": {
        "speaker_name": lambda q: q.speaker.name if q.speaker else None,
        "speaker_entity": lambda q: q.speaker.entity if q.speaker else None,
    },
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
#: then the derived ``analyzer_key`` (what ingest compares) and ``digest`` (always last).
RECORD_FIELDS = ("schema_version", "analyzer", "main_event")
ARTICLE_EXTRA = (*RECORD_FIELDS, "analyzer_key", "digest")

ColumnKind = Literal["text", "int", "float", "bool", "json"]

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
        extra = [Column(n, _kind(own[n].annotation) if n in own else "text") for n in ARTICLE_EXTRA]
        return (*fields, *extra)
    derived = [Column(n, "text") for n in DERIVED.get(table, {})]
    return (Column("article", "text"), Column("pos", "int"), *fields, *derived)


def column_kind(table: str, name: str) -> ColumnKind:
    """The kind of column ``name`` in ``table``."""
    return next(c.kind for c in columns(table) if c.name == name)


def digest(record: AnalysisRecord) -> str:
    """A content hash of ``record``: equal records have equal digests.

    >>> digest(AnalysisRecord(article=Article(id="a", text="x")))[:8].isalnum()
    True
    """
    return hashlib.sha256(record.model_dump_json().encode()).hexdigest()


def _cell(value: Any, kind: ColumnKind) -> Any:
    return json.dumps(value, ensure_ascii=False) if kind == "json" else value


def record_rows(record: AnalysisRecord) -> dict[str, list[tuple]]:
    """The rows of ``record`` per table, as tuples in :func:`columns` order.

    >>> rows = record_rows(AnalysisRecord(article=Article(id="a", text="x")))
    >>> len(rows["articles"]), rows["quotes"]
    (1, [])
    """
    data = record.model_dump(mode="json")
    article = data["article"]
    article.update({name: data[name] for name in RECORD_FIELDS})
    article.update(
        analyzer_key=record.analyzer.key if record.analyzer else None, digest=digest(record)
    )
    rows = {"articles": [tuple(_cell(article[c.name], c.kind) for c in columns("articles"))]}
    for table in RECORD_LISTS:
        derived = DERIVED.get(table, {})
        cols = columns(table)
        rows[table] = []
        for pos, (item, model) in enumerate(zip(data[table], getattr(record, table), strict=True)):
            item.update(article=record.article.id, pos=pos)
            item.update({name: fn(model) for name, fn in derived.items()})
            rows[table].append(tuple(_cell(item[c.name], c.kind) for c in cols))
    return rows


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
    """Rebuild a record from decoded rows (``items`` per table, already in ``pos`` order)."""
    fields = {k: v for k, v in article.items() if k not in ARTICLE_EXTRA}
    own = {name: article.get(name) for name in RECORD_FIELDS}
    lists = {table: [_strip(table, row) for row in items.get(table, [])] for table in RECORD_LISTS}
    return AnalysisRecord.model_validate({**own, "article": fields, **lists})


def _strip(table: str, row: dict[str, Any]) -> dict[str, Any]:
    drop = {"article", "pos", *DERIVED.get(table, {})}
    return {k: v for k, v in row.items() if k not in drop}


def story_rows(story: Story) -> dict[str, list[tuple]]:
    """The rows of ``story`` per story table, as tuples in :func:`columns` order.

    >>> rows = story_rows(Story(id="s1", type="PROTEST"))
    >>> rows["stories"][0][1], rows["story_reports"]
    ('s1', [])
    """
    data = story.model_dump(mode="json")
    data.update({name: fn(story) for name, fn in STORY_DERIVED.items()})
    rows = {"stories": [tuple(_cell(data[c.name], c.kind) for c in columns("stories"))]}
    for table, (field, _) in STORY_LISTS.items():
        cols = columns(table)
        rows[table] = []
        for pos, item in enumerate(data[field]):
            item.update(story=story.id, pos=pos)
            rows[table].append(tuple(_cell(item[c.name], c.kind) for c in cols))
    return rows


def story_from_rows(story: dict[str, Any], items: dict[str, list[dict[str, Any]]]) -> Story:
    """Rebuild a story from decoded rows (``items`` per story table, in ``pos`` order)."""
    fields = {k: v for k, v in story.items() if k not in STORY_DERIVED}
    for table, (field, _) in STORY_LISTS.items():
        fields[field] = [
            {k: v for k, v in row.items() if k not in ("story", "pos")}
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

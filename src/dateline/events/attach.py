"""Where and when an event happened: the place and time of its sentence, else the nearest."""

from __future__ import annotations

from spacy.tokens import Token

from dateline.nlp.index import text_of
from dateline.records import EventTime, Place, Time


def _nearest(items: list, start: int, end: int, lo: int, hi: int) -> object | None:
    """The item (with .start/.end) inside ``[lo, hi)`` closest to ``[start, end)``."""
    inside = [x for x in items if lo <= x.start and x.end <= hi]
    if not inside:
        return None
    return min(inside, key=lambda x: abs((x.start + x.end) / 2 - (start + end) / 2))


def attach_place(places: list[Place], start: int, end: int, sent: tuple[int, int]) -> Place | None:
    """The place of the sentence nearest the trigger, else the nearest resolvable place.

    >>> p = Place(text="Kyiv", start=0, end=4, country="UA")
    >>> attach_place([p], 30, 36, (20, 40)).text
    'Kyiv'
    """
    found = _nearest(places, start, end, *sent)
    if found is not None:
        return found  # type: ignore[return-value]
    resolvable = [p for p in places if p.country or p.lat is not None or p.geonames_id]
    before = [p for p in resolvable if p.end <= start]
    if before:
        return before[-1]
    after = [p for p in resolvable if p.start >= end]
    return after[0] if after else None


def own_place(places: list[Place], start: int, end: int, sent: tuple[int, int]) -> Place | None:
    """The place of the trigger's own sentence nearest it, or None (no fallback).

    >>> p = Place(text="Kyiv", start=0, end=4, country="UA")
    >>> own_place([p], 30, 36, (20, 40)) is None, own_place([p], 5, 9, (0, 10)).text
    (True, 'Kyiv')
    """
    found = _nearest(places, start, end, *sent)
    return found if isinstance(found, Place) else None


def attach_time(
    times: list[Time], published: str | None, start: int, end: int, sent: tuple[int, int]
) -> EventTime | None:
    """The date or time of the sentence nearest the trigger, else the publication date (flagged).

    >>> attach_time([], "2024-05-01", 0, 5, (0, 10)).from_publication_date
    True
    """
    points = [t for t in times if t.type in {"DATE", "TIME"}]
    found = _nearest(points, start, end, *sent)
    if isinstance(found, Time):
        return EventTime(value=found.value, text=found.text)
    if published:
        return EventTime(value=published, text=None, from_publication_date=True)
    return None


def sent_bounds(token: Token) -> tuple[int, int]:
    doc = token.doc
    if not doc.has_annotation("SENT_START"):
        return 0, len(text_of(doc))
    sent = token.sent
    return sent.start_char, sent.end_char

"""Find the time expressions of an article and normalize them against its publication date.

Candidates come from the patterns in :mod:`dateline.time.rules` plus spaCy's DATE and TIME
entities that no pattern covers; each is normalized with the tense of its governing verb.

>>> import spacy
>>> from datetime import date
>>> doc = spacy.blank("en")("Talks resume next month, every week.")
>>> times, warnings = extract_times(doc, date(2022, 4, 1))
>>> [(t.text, t.type, t.value) for t in times]
[('next month', 'DATE', '2022-05'), ('every week', 'SET', 'P1W')]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date

from spacy.tokens import Doc, Span

from dateline.errors import warning
from dateline.nlp.index import ents_of, text_of
from dateline.records import Time
from dateline.time.lexicon import ORDINAL_WORD, TEMPORAL_ADJECTIVES, duration
from dateline.time.rules import Found, Timex, find, normalize, resolve
from dateline.time.tense import tense_of

_TIME_WORD = re.compile(
    r"\b(?:year|month|week|day|night|morning|afternoon|evening|summer|winter|spring|autumn"
    r"|century|decade|quarter|period|hour|minute|season)s?\b|centuries",
    re.IGNORECASE,
)
_PLURAL_UNIT = re.compile(r"\b(?:years|months|weeks|days|hours|minutes|decades)\b", re.IGNORECASE)
#: spaCy entity labels taken as candidates.
ENTITY_LABELS = ("DATE", "TIME")


def extract_times(
    doc: Doc, published: date | None, use_entities: bool = True
) -> tuple[list[Time], list[dict]]:
    """Time expressions of ``doc`` as :class:`~dateline.records.Time` records, with warnings.

    Relative expressions ("yesterday", "on Thursday") are resolved against ``published``;
    when it is None they keep ``value=None`` and one W501 warning says so (today's date is
    never used in its place). Offsets are character offsets into ``doc.text``.
    ``use_entities=False`` leaves out spaCy's entities that no pattern covers.

    >>> import spacy
    >>> times, warnings = extract_times(spacy.blank("en")("He left yesterday, in 2015."), None)
    >>> [(t.text, t.value) for t in times], [w["code"] for w in warnings]
    ([('yesterday', None), ('2015', '2015')], ['W501'])
    """
    found = find(text_of(doc))
    readings = [
        (f.start, f.end, resolve(f, published, _tense(doc, f.start, f.end)))
        for f in found
        if _plausible(doc, f)
    ]
    if use_entities:
        readings += _entity_readings(doc, found, published)
    readings.sort(key=lambda r: r[0])
    day_parts = {(f.start, f.end) for f in found if f.rule.name == "modified_part_of_day"}
    readings = _on_named_days(doc, readings, day_parts, published)
    times = [_record(doc, start, end, timex) for start, end, timex in readings]
    unresolved = [t.text for t, (_, _, x) in zip(times, readings, strict=True) if x.relative]
    if published is not None or not unresolved:
        return times, []
    return times, [warning("W501", count=len(unresolved), example=unresolved[0])]


def _entity_readings(
    doc: Doc, found: list[Found], published: date | None
) -> list[tuple[int, int, Timex]]:
    """Readings of the DATE/TIME entities that overlap no pattern match (kept or rejected)."""
    readings = []
    ends = [f.end for f in found]  # ``found`` is in text order and free of overlaps
    for ent in ents_of(doc):
        if ent.label_ not in ENTITY_LABELS:
            continue
        n = bisect_right(ends, ent.start_char)  # the first match ending after the entity starts
        if n < len(found) and found[n].start < ent.end_char:
            continue
        tense = _tense(doc, ent.start_char, ent.end_char)
        timex = normalize(ent.text, published, tense) or _unread_entity(ent)
        if timex is not None:
            readings.append((ent.start_char, ent.end_char, timex))
    return readings


def _on_named_days(
    doc: Doc,
    readings: list[tuple[int, int, Timex]],
    day_parts: set[tuple[int, int]],
    published: date | None,
) -> list[tuple[int, int, Timex]]:
    """A part of the day read against the publication date ("a late-night address") moves to
    the one day its sentence names ("... address on Sunday"): the clause says which night."""
    if published is None or not day_parts:
        return readings
    moved = []
    for start, end, timex in readings:
        if (start, end) in day_parts and timex.value:
            days = {
                x.value
                for s, _, x in readings
                if x.type == "DATE" and x.value and _DAY.fullmatch(x.value)
                if _same_sentence(doc, s, start)
            }
            if len(days) == 1:
                part = timex.value[timex.value.index("T") :]
                timex = Timex(timex.type, days.pop() + part, relative=True)
        moved.append((start, end, timex))
    return moved


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _same_sentence(doc: Doc, a: int, b: int) -> bool:
    span_a = doc.char_span(a, a + 1, alignment_mode="expand")
    span_b = doc.char_span(b, b + 1, alignment_mode="expand")
    if span_a is None or span_b is None or not doc.has_annotation("SENT_START"):
        return False
    return span_a[0].sent.start == span_b[0].sent.start


def _plausible(doc: Doc, found: Found) -> bool:
    """False for pattern matches the parse shows are not times ("a quarterly dividend")."""
    if found.rule.name != "adverb_set":
        return True
    span = doc.char_span(found.start, found.end, alignment_mode="expand")
    return span is None or not doc.has_annotation("DEP") or span.root.dep_ != "amod"


def _unread_entity(ent: Span) -> Timex | None:
    """A spaCy DATE/TIME entity no rule reads ("the fiscal year"): kept, value unknown,
    when it names a unit of time; numbers and adjectives such as "annual" are dropped, and so
    is a span the words around it only describe ("a dark day", "a historic week")."""
    if not _TIME_WORD.search(ent.text) or _described(ent):
        return None
    plural = _PLURAL_UNIT.search(ent.text)
    if plural:
        return Timex("DURATION", duration(None, plural[0]))
    return Timex(ent.label_, None)


def _described(ent: Span) -> bool:
    """Whether an adjective before the time word says what the span was like rather than
    where it lies or how long it is: "a dark day", "a busy week" (not "the current year")."""
    for token in ent:
        if _TIME_WORD.fullmatch(token.text):
            return False
        if token.pos_ == "ADJ" and not (
            token.lower_ in TEMPORAL_ADJECTIVES or ORDINAL_WORD.fullmatch(token.text)
        ):
            return True
    return False


def _record(doc: Doc, start: int, end: int, timex: Timex) -> Time:
    return Time(
        text=text_of(doc)[start:end], start=start, end=end, type=timex.type, value=timex.value
    )


def _tense(doc: Doc, start: int, end: int) -> str | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0 or not doc.has_annotation("DEP"):
        return None
    return tense_of(span)

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
from dateline.nlp.index import text_of
from dateline.records import Time
from dateline.time.lexicon import duration
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
    for ent in doc.ents:
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


def _plausible(doc: Doc, found: Found) -> bool:
    """False for pattern matches the parse shows are not times ("a quarterly dividend")."""
    if found.rule.name != "adverb_set":
        return True
    span = doc.char_span(found.start, found.end, alignment_mode="expand")
    return span is None or not doc.has_annotation("DEP") or span.root.dep_ != "amod"


def _unread_entity(ent: Span) -> Timex | None:
    """A spaCy DATE/TIME entity no rule reads ("the fiscal year"): kept, value unknown,
    when it names a unit of time; numbers and adjectives such as "annual" are dropped."""
    if not _TIME_WORD.search(ent.text):
        return None
    plural = _PLURAL_UNIT.search(ent.text)
    if plural:
        return Timex("DURATION", duration(None, plural[0]))
    return Timex(ent.label_, None)


def _record(doc: Doc, start: int, end: int, timex: Timex) -> Time:
    return Time(text=text_of(doc)[start:end], start=start, end=end, type=timex.type, value=timex.value)


def _tense(doc: Doc, start: int, end: int) -> str | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0 or not doc.has_annotation("DEP"):
        return None
    return tense_of(span)

"""The main event of an article, in one dict: what, where, when, who claims, denies, stays silent.

The main event is the most salient one that the article does not negate or merely imagine:
the heaviest type (see ``weight`` in types.toml), earlier mentions winning ties, with a bonus
for the lede (the first two sentences), where news puts its main event, for a mention in the
headline, for participants and for a time of its own (not the publication date), and a
penalty for hypothetical or alleged events. The events stage stores its choice (made with the parse, see
:func:`dateline.events.prominence.prominence`) in ``record.main_event``; the summary reads it.

>>> from dateline.records import AnalysisRecord, Article, Event
>>> record = AnalysisRecord(article=Article(id="a", text="Rebels shelled Goma."),
...     events=[Event(id="e1", type="FIGHT", trigger="shelled", start=7, end=14)])
>>> main_event_summary(record)["what"]
'FIGHT'
"""

from __future__ import annotations

import re

from dateline.events.factuality import quote_denies
from dateline.events.types import event_types, words_of
from dateline.records import AnalysisRecord, Event

#: how much less salient an event is for its factuality (negated events never lead)
_PENALTY = {"hypothetical": 2, "alleged": 1}


def _weight(event: Event) -> int:
    """The weight of the event's row: the row with its type whose triggers hold its trigger
    word, else the lightest row with its type (STATEMENT covers both a policy statement and a
    claim of responsibility)."""
    rows = [
        row
        for row in event_types().values()
        if row.plover == event.type and row.acled_sub == event.acled_sub
    ]
    triggers = [m.trigger for m in event.mentions] or [event.trigger]
    firsts = {words_of(t)[0] for t in triggers if t.strip()}
    by_trigger = [r for r in rows if any(t.words[0] in firsts for t in r.triggers)]
    return max((r.weight for r in by_trigger), default=min((r.weight for r in rows), default=1))


def _lede_end(text: str) -> int:
    """Character offset where the lede (first two sentences) ends, roughly."""
    count, pos = 0, 0
    while count < 2:
        nxt = text.find(". ", pos)
        if nxt < 0:
            return len(text)
        pos, count = nxt + 2, count + 1
    return pos


def _stems(text: str) -> set[str]:
    """Crude stems of the content words of ``text``: "Workers strike" -> {"worke", "strik"}."""
    return {w[:5] for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 3}


def _mention_stems(event: Event) -> set[str]:
    triggers = [m.trigger for m in event.mentions] or [event.trigger]
    return set().union(*(_stems(t) for t in triggers))


def _anchored(event: Event) -> float:
    """A happening a reader can place leads over a bare "the protest": one point for a time
    the article gives (not the publication date), half a point (a tie-breaker: the type and
    the lede weigh more) for participants."""
    timed = bool(event.time and event.time.value and not event.time.from_publication_date)
    return 0.5 * bool(event.actors or event.targets) + int(timed)


def main_event(record: AnalysisRecord, prominence: dict[str, float] | None = None) -> Event | None:
    """The article's main event, or None when it has none.

    ``prominence`` (event id -> bonus) lets a caller that holds the parse favour main-clause
    predicates (see :func:`dateline.events.prominence.prominence`).
    """
    candidates = [e for e in record.events if e.factuality != "negated"] or record.events
    if not candidates:
        return None
    lede = _lede_end(record.article.text)
    bonus = prominence or {}

    headline = _stems(record.article.title or "")

    def salience(e: Event) -> tuple[float, int]:
        score: float = _weight(e) + (3 if e.start < lede else 0) - _PENALTY.get(e.factuality, 0)
        score += _anchored(e) + (2 if headline & _mention_stems(e) else 0)
        return score + bonus.get(e.id, 0), -e.start

    return max(candidates, key=salience)


def recorded_main_event(record: AnalysisRecord) -> Event | None:
    """The event ``record.main_event`` names; for a record without that field (built by hand)
    the one :func:`main_event` picks from the record alone.

    >>> from dateline.records import AnalysisRecord, Article, Event
    >>> events = [Event(id=i, type="FIGHT", trigger="shelled", start=0, end=7) for i in "ab"]
    >>> rec = AnalysisRecord(article=Article(id="x", text="shelled"), events=events)
    >>> recorded_main_event(rec).id, recorded_main_event(rec.model_copy(update={"main_event": "b"})).id
    ('a', 'b')
    """
    if record.main_event is not None:
        found = next((e for e in record.events if e.id == record.main_event), None)
        if found is not None:
            return found
    return main_event(record)


def main_event_summary(record: AnalysisRecord) -> dict:
    """What, where, when, who claims it, who denies it, who stayed silent, as plain data.

    Keys: ``event`` (id), ``what`` (PLOVER type), ``acled`` ("type / sub-type"), ``cameo``,
    ``trigger``, ``factuality``, ``where``, ``country``, ``when``, ``when_is_publication_date``,
    ``actors``, ``targets``, ``claimed_by``, ``denied_by``, ``silent``. Empty values when the
    article has no event.
    """
    event = recorded_main_event(record)
    silent = sorted({nc.who for nc in record.non_comments if nc.kind != "no_claim"})
    if event is None:
        return {"event": None, "what": None, "silent": silent}
    quotes = {q.id: q for q in record.quotes}
    claimed, denied = [], []
    for source in event.sources:
        quote = quotes.get(source.quote) if source.quote else None
        if source.name is None or quote is None:
            continue
        target = denied if quote_denies(quote) else claimed
        if source.name not in target:
            target.append(source.name)
    return {
        "event": event.id,
        "what": event.type,
        "acled": " / ".join(x for x in (event.acled, event.acled_sub) if x) or None,
        "cameo": event.cameo,
        "trigger": event.trigger,
        "factuality": event.factuality,
        "where": (event.place.name or event.place.text) if event.place else None,
        "country": event.place.country if event.place else None,
        "when": event.time.value if event.time else None,
        "when_is_publication_date": bool(event.time and event.time.from_publication_date),
        "actors": [a.name for a in event.actors],
        "targets": [t.name for t in event.targets],
        "claimed_by": claimed,
        "denied_by": denied,
        "silent": silent,
    }

"""Events and contested figures of one article: the events stage of the pipeline.

``extract_events(doc, record)`` reads the records of the earlier stages (entities, quotes,
non-comments, times, places) and returns typed events and figures. Steps:

1. typed triggers from the type table (:mod:`dateline.events.triggers`);
2. triggers that describe one happening are merged: a modifier ("grenade attack"), a weapon
   or protest noun that is the subject of a trigger verb ("airstrikes hit", "protesters
   marched"), or an object of the same family ("signed a ceasefire agreement"); a trigger noun
   that only modifies another noun ("aid workers", "war crimes") is dropped;
3. per mention: actors and targets, factuality, sources (ids of the quotes holding it), place,
   time;
4. a later mention of an earlier event is folded into it: a definite noun of the same PLOVER
   family ("the attack"), or a mention of the family with the same target ("struck an oil
   depot" ... "denied that its forces attacked the depot"); its quotes join the sources, and a
   denial or a no-claim of it marks the event.

Ids are ``e1``, ``e2``, ... in text order, so runs are deterministic.

>>> import spacy
>>> from dateline.records import AnalysisRecord, Article
>>> text = "Rebels attack a village."
>>> record = AnalysisRecord(article=Article(id="a", text=text, published="2024-05-01"))
>>> events, figures = extract_events(spacy.blank("en")(text), record)
>>> events[0].id, events[0].type, events[0].time.from_publication_date
('e1', 'ASSAULT', True)
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from dateline.events.factuality import mention_factuality, quote_denies, quotes_covering
from dateline.events.figures import extract_figures
from dateline.events.participants import participants
from dateline.events.triggers import TriggerMatch, find_triggers
from dateline.events.types import EventType
from dateline.records import AnalysisRecord, Event, EventTime, Figure, Place, Time

_VIOLENT = {"FIGHT", "ASSAULT", "COERCE"}
_DEFINITE = {"the", "this", "that", "these", "those", "such", "its", "their"}


def _link(head: Token, other: Token) -> Token | None:
    """The token of ``head``'s phrase that attaches to ``other``, through "of" phrases and
    quantities ("thousands of *protesters*" -> "thousands"), or None when it does not."""
    token = head
    for _ in range(4):
        if token.head.i == other.i:
            return token
        if token.dep_ not in {"pobj", "prep"} or token.head.i == token.i:
            return None
        token = token.head
    return None


def _same_happening(small: TriggerMatch, big: TriggerMatch) -> bool:
    """Whether ``small`` only qualifies ``big`` ("grenade" attack, "airstrikes" hit,
    "protesters marching", "killed ... and injured")."""
    head, other = small.head, big.head
    if head.i == other.i:
        return False
    link = _link(head, other)
    if link is None:
        return False
    same = small.kind.plover == big.kind.plover
    violent = {small.kind.plover, big.kind.plover} <= _VIOLENT
    if link.dep_ in {"compound", "amod", "nmod"}:
        return True
    if link.dep_ in {"acl", "relcl"}:
        return same
    if link.dep_ == "advcl" and violent and head.tag_ == "VBG":
        return True  # "shelled Kharkiv, killing three civilians"
    if link.dep_ == "conj":
        return small.kind.key == big.kind.key and head.pos_ == other.pos_
    if link.dep_ in {"nsubj", "nsubjpass"} and head.pos_ == "NOUN":
        return violent or same
    # "signed a ceasefire agreement", "bombed ... in an airstrike"
    if link.dep_ in {"dobj", "pobj"} and head.pos_ == "NOUN":
        return same or violent
    return False


def _modifier_only(match: TriggerMatch) -> bool:
    """A one-word noun trigger that modifies a non-event noun ("aid workers", "war crimes")."""
    head = match.head
    return match.end - match.start == 1 and head.dep_ == "compound" and head.head.pos_ == "NOUN"


def merge_triggers(matches: list[TriggerMatch]) -> list[TriggerMatch]:
    """Fold triggers that qualify another trigger into it, keeping the weightier kind."""
    out = list(matches)
    alive = [True] * len(out)
    sentence = [_sentence_start(m) for m in out]
    for i in range(len(out)):
        for j in range(len(out)):
            if i == j or not alive[j] or sentence[i] != sentence[j]:
                continue
            small, big = out[i], out[j]
            if _same_happening(small, big):
                kind = max((small.kind, big.kind), key=lambda k: k.weight)
                out[j] = TriggerMatch(big.start, big.end, kind, big.base, big.doc)
                alive[i] = False
                break
    return [m for m, keep in zip(out, alive, strict=True) if keep and not _modifier_only(m)]


def _sentence_start(match: TriggerMatch) -> int:
    doc = match.doc
    return doc[match.start].sent.start if doc.has_annotation("SENT_START") else 0


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


def _sent_bounds(token: Token) -> tuple[int, int]:
    doc = token.doc
    if not doc.has_annotation("SENT_START"):
        return 0, len(doc.text)
    sent = token.sent
    return sent.start_char, sent.end_char


def _mention(match: TriggerMatch, record: AnalysisRecord) -> Event:
    span = match.span
    start, end = span.start_char, span.end_char
    head = match.head
    covering = sorted(quotes_covering(start, end, record.quotes), key=lambda q: q.end - q.start)
    asserting = [q for q in covering if not quote_denies(q)]
    speaker = asserting[0].speaker if asserting else None
    actors, targets = participants(head, record.entities, speaker)
    time_spans = [(t.start, t.end) for t in record.times]
    targets = [t for t in targets if not _is_time_word(t.name, time_spans, record)]
    factuality = mention_factuality(head, record.quotes, record.non_comments)
    if match.kind.key == "claim_responsibility" and factuality == "unclaimed":
        factuality = "negated"  # "no group has claimed responsibility"
    sent = _sent_bounds(head)
    kind = match.kind
    return Event(
        id="",
        type=kind.plover,
        cameo=kind.cameo,
        acled=kind.acled,
        acled_sub=kind.acled_sub,
        trigger=span.text,
        start=start,
        end=end,
        actors=actors,
        targets=targets,
        place=attach_place(record.places, start, end, sent),
        time=attach_time(record.times, record.article.published, start, end, sent),
        factuality=factuality,
        sources=[q.id for q in quotes_covering(start, end, record.quotes)],
    )


_TIME_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
               "today", "yesterday", "tonight", "morning", "evening", "night", "week", "month",
               "year", "weekend", "afternoon"}  # fmt: skip


def _is_time_word(name: str, time_spans: list[tuple[int, int]], record: AnalysisRecord) -> bool:
    last = name.split()[-1].lower() if name else ""
    return last in _TIME_WORDS or any(record.article.text[s:e] == name for s, e in time_spans)


def _is_anaphor(match: TriggerMatch) -> bool:
    head = match.head
    return head.pos_ == "NOUN" and any(
        c.lower_ in _DEFINITE and c.dep_ in {"det", "poss"} for c in head.children
    )


def _same_family(a: str, b: str) -> bool:
    return a == b or {a, b} <= {"FIGHT", "ASSAULT"}


def _heads(participants: list) -> set[str]:
    return {p.name.split()[-1].lower() for p in participants if p.name}


#: nouns that can name any earlier violent event ("the attack", "the strike")
_GENERIC = {"attack", "attacks", "strike", "strikes", "assault", "raid", "incident", "violence",
            "operation", "bombing", "killing", "killings"}  # fmt: skip


def _antecedent(events: list[Event], event: Event, definite: bool) -> Event | None:
    """The earlier event that ``event`` mentions again, if any.

    A generic definite noun ("the attack", "the strike") names the first event of its family,
    the story's; another definite noun names the latest event of its kind; any other mention names an earlier event of its
    family when they share a target ("struck an oil depot" ... "attacked the depot").
    """
    family = [e for e in events if _same_family(e.type, event.type)]
    if definite and event.trigger.lower() in _GENERIC and family:
        # "the attack" in news names the story's event: the first of its family, the lede's.
        return family[0]
    for earlier in reversed(family):
        same_kind = earlier.type == event.type and earlier.acled_sub == event.acled_sub
        if definite and same_kind:
            return earlier
        if _heads(earlier.targets) & _heads(event.targets):
            return earlier
    return None


def _fold(antecedent: Event, anaphor: Event) -> None:
    """Fold a later definite mention into the event it names."""
    for qid in anaphor.sources:
        if qid not in antecedent.sources:
            antecedent.sources.append(qid)
    weak = {"reported", "alleged", "asserted"}
    if anaphor.factuality == "unclaimed" and antecedent.factuality in weak:
        antecedent.factuality = "unclaimed"
    elif anaphor.factuality == "denied" and antecedent.factuality in {"reported", "alleged"}:
        antecedent.factuality = "denied"
    antecedent.actors = antecedent.actors or anaphor.actors
    antecedent.targets = antecedent.targets or anaphor.targets


def _about_comment(match: TriggerMatch, record: AnalysisRecord) -> bool:
    """Inside a non-comment other than a no-claim ("did not respond to *requests* for comment")."""
    start, end = match.span.start_char, match.span.end_char
    return any(
        nc.kind != "no_claim" and nc.start <= start and end <= nc.end for nc in record.non_comments
    )


def typed_events(doc: Doc, record: AnalysisRecord) -> list[tuple[Event, EventType]]:
    """The events of ``doc`` with the type-table row of each (ids ``e1``... in text order)."""
    matches = [m for m in merge_triggers(find_triggers(doc)) if not _about_comment(m, record)]
    events: list[Event] = []
    kinds: list[EventType] = []
    for match in matches:
        event = _mention(match, record)
        antecedent = _antecedent(events, event, definite=_is_anaphor(match))
        if antecedent is not None:
            _fold(antecedent, event)
            continue
        events.append(event)
        kinds.append(match.kind)
    for n, event in enumerate(events, start=1):
        event.id = f"e{n}"
    return list(zip(events, kinds, strict=True))


_REPORTING = {"say", "tell", "report", "announce", "claim", "add", "state", "confirm", "accord"}


def prominence(doc: Doc, events: list[Event]) -> dict[str, float]:
    """Event id -> bonus for main-clause triggers: 3 for a sentence's main predicate (or the
    clause a reporting verb introduces: "police said rebels *attacked*"), 1 for its direct
    arguments, 0 deeper down ("in response to the alleged attack")."""
    out: dict[str, float] = {}
    for event in events:
        span = doc.char_span(event.start, event.end, alignment_mode="expand")
        if span is None:
            continue
        head = span.root
        main = head.dep_ == "ROOT" or (
            head.dep_ in {"ccomp", "conj"} and head.head.lemma_.lower() in _REPORTING
        )
        if main:
            out[event.id] = 3
        elif head.head.dep_ == "ROOT" and head.dep_ in {"dobj", "nsubj", "nsubjpass", "xcomp"}:
            out[event.id] = 1
    return out


def extract_events(doc: Doc, record: AnalysisRecord) -> tuple[list[Event], list[Figure]]:
    """Typed events and contested figures of the article behind ``doc`` (ids ``e1``... in order)."""
    events = [event for event, _ in typed_events(doc, record)]
    return events, extract_figures(doc, record.quotes, record.times)


def denying_quotes(event: Event, record: AnalysisRecord) -> list[str]:
    """Ids of the event's source quotes that deny it."""
    by_id = {q.id: q for q in record.quotes}
    return [qid for qid in event.sources if qid in by_id and quote_denies(by_id[qid])]

"""Events and contested figures of one article: the events stage of the pipeline.

``extract_events(doc, record)`` reads the records of the earlier stages (entities, quotes,
non-comments, times, places) and returns typed events and figures. Steps:

1. typed triggers from the type table (:mod:`.triggers`);
2. triggers that describe one happening are merged (:mod:`.merge`): a modifier ("grenade
   attack"), a weapon or protest noun that is the subject of a trigger verb ("airstrikes hit"),
   or an object of the same family ("signed a ceasefire agreement");
3. a trigger is retyped by its participants, as ACLED defines its sub-events (:mod:`.retype`,
   with its word lists in ``retyping.toml`` beside ``types.toml``);
4. per mention: actors and targets (:mod:`.participants`), sources (the quotes holding it,
   with their speakers' names and entity ids), place and time (:mod:`.attach`);
5. a later mention of an earlier event is folded into it (:mod:`.coreference`): "the attack",
   a mention of the family with the same target, or one of the same kind that nothing sets
   apart (another day, another place, other actors); the event keeps every mention in
   ``mentions``, its own trigger first;
6. each event's factuality is decided from all its mentions at once
   (:func:`~dateline.events.factuality.event_factuality`); a negated event that names no actor
   ("no arrests were made", "nobody was hurt") says nothing happened and is dropped, while one
   with an actor ("the army did not attack the town") stays, as ``negated``.

Contested figures come from :mod:`.figures`; which event leads from :mod:`.prominence`.

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

from dateline.events.attach import attach_place, attach_time, own_place, sent_bounds
from dateline.events.coreference import antecedent_of, fold, is_anaphor, resumptive, same_family
from dateline.events.factuality import (
    event_factuality,
    mention_factuality,
    quote_denies,
    quotes_covering,
)
from dateline.events.figures import extract_figures
from dateline.events.merge import merge_triggers
from dateline.events.participants import participants
from dateline.events.retype import retype
from dateline.events.triggers import TriggerMatch, find_triggers
from dateline.events.types import EventType
from dateline.geo.countries import Countries, load_countries
from dateline.records import AnalysisRecord, Event, EventMention, Figure, Quote, Source

__all__ = ["attach_place", "attach_time", "denying_quotes", "extract_events", "typed_events"]


def _mention(match: TriggerMatch, record: AnalysisRecord, countries: Countries) -> Event:
    span = match.span
    start, end = span.start_char, span.end_char
    head = match.head
    covering = sorted(quotes_covering(start, end, record.quotes), key=lambda q: q.end - q.start)
    asserting = [q for q in covering if not quote_denies(q)]
    speaker = asserting[0].speaker if asserting else None
    actors, targets = participants(
        head, record.entities, speaker, record.places, (match.start, match.end), countries
    )
    time_spans = [(t.start, t.end) for t in record.times]
    targets = [t for t in targets if not _is_time_word(t.name, time_spans, record)]
    sent = sent_bounds(head)
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
        sources=[quote_source(q) for q in quotes_covering(start, end, record.quotes)],
        mentions=[EventMention(trigger=span.text, start=start, end=end)],
    )


def quote_source(quote: Quote) -> Source:
    """The source a quote gives an event: the quote id, its speaker's name and entity id."""
    speaker = quote.speaker
    return Source(
        name=speaker.name if speaker else None,
        entity=speaker.entity if speaker else None,
        quote=quote.id,
    )


_TIME_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
               "today", "yesterday", "tonight", "morning", "evening", "night", "week", "month",
               "year", "weekend", "afternoon"}  # fmt: skip


def _is_time_word(name: str, time_spans: list[tuple[int, int]], record: AnalysisRecord) -> bool:
    last = name.split()[-1].lower() if name else ""
    return last in _TIME_WORDS or any(record.article.text[s:e] == name for s, e in time_spans)


def _about_comment(match: TriggerMatch, record: AnalysisRecord) -> bool:
    """Inside a non-comment other than a no-claim ("did not respond to *requests* for comment")."""
    start, end = match.span.start_char, match.span.end_char
    return any(
        nc.kind != "no_claim" and nc.start <= start and end <= nc.end for nc in record.non_comments
    )


def _has_subject(head: Token) -> bool:
    """A verb trigger with a subject that names someone ("*we* did not fire"), not no one
    ("*nobody* was hurt")."""
    return head.pos_ in {"VERB", "AUX"} and any(
        c.dep_ in {"nsubj", "csubj"}
        and c.lower_ not in {"nobody", "none", "no-one", "noone"}
        and not any(d.lower_ == "no" for d in c.children)
        for c in head.children
    )


def typed_events(
    doc: Doc, record: AnalysisRecord, countries: Countries | None = None
) -> list[tuple[Event, EventType]]:
    """The events of ``doc`` with the type-table row of each (ids ``e1``... in text order).

    ``countries`` (:class:`~dateline.geo.countries.Countries`) gives participants their
    country; the process's tables when not given.
    """
    countries = countries if countries is not None else load_countries()
    matches = [
        retype(m, countries)
        for m in merge_triggers(find_triggers(doc))
        if not _about_comment(m, record)
    ]
    matches = [m for m in matches if m is not None]
    events: list[Event] = []
    kinds: list[EventType] = []
    mentions: list[list[tuple[Token, str]]] = []
    places: dict[int, object] = {}
    negated: list[bool] = []
    for match in matches:
        event = _mention(match, record, countries)
        places[event.start] = own_place(
            record.places, event.start, event.end, sent_bounds(match.head)
        )
        # a negated mention never names an event that happened, nor the reverse: "no arrests
        # were made" ... "police later arrested two men"
        no = mention_factuality(match.head, record.quotes, record.non_comments) == "negated"
        alike = [e for e, n in zip(events, negated, strict=True) if n == no]
        antecedent = antecedent_of(alike, event, definite=is_anaphor(match), own_place=places)
        if antecedent is None and resumptive(match):
            sent = sent_bounds(match.head)
            antecedent = next(
                (e for e in reversed(alike)
                 if e.start >= sent[0] and same_family(e.type, event.type)),
                None,
            )  # fmt: skip
        if antecedent is not None:
            fold(antecedent, event)
            mentions[next(i for i, e in enumerate(events) if e is antecedent)].append(
                (match.head, match.kind.key)
            )
            continue
        events.append(event)
        negated.append(no)
        kinds.append(match.kind)
        mentions.append([(match.head, match.kind.key)])
    kept: list[tuple[Event, EventType]] = []
    for event, kind, said in zip(events, kinds, mentions, strict=True):
        event.factuality = event_factuality(said, record.quotes, record.non_comments)
        for mention, (head, key) in zip(event.mentions, said, strict=True):
            mention.factuality = mention_factuality(head, record.quotes, record.non_comments, key)
        if event.factuality == "negated" and not event.actors and not _has_subject(said[0][0]):
            continue  # "no arrests were made": nothing happened, and no one held back
        event.id = f"e{len(kept) + 1}"
        kept.append((event, kind))
    return kept


def extract_events(
    doc: Doc, record: AnalysisRecord, countries: Countries | None = None
) -> tuple[list[Event], list[Figure]]:
    """Typed events and contested figures of the article behind ``doc`` (ids ``e1``... in
    order); ``countries`` as for :func:`typed_events`."""
    events = [event for event, _ in typed_events(doc, record, countries)]
    return events, extract_figures(doc, record.quotes, record.times, record.entities)


def denying_quotes(event: Event, record: AnalysisRecord) -> list[str]:
    """Ids of the event's source quotes that deny it."""
    by_id = {q.id: q for q in record.quotes}
    ids = [s.quote for s in event.sources if s.quote is not None]
    return [qid for qid in ids if qid in by_id and quote_denies(by_id[qid])]

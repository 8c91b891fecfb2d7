"""Later mentions of an earlier event: which event a mention names again, and folding it in.

A definite noun of the same PLOVER family ("the attack"), an indefinite noun that sums up the
clause before it ("..., an attack that ..."), a mention of the family with the same target
("struck an oil depot" ... "attacked the depot"), or a mention of the same kind that nothing
sets apart (the "talks" or the "war" an article keeps naming) names an earlier event; its
quotes join that event's sources and its trigger joins the event's ``mentions`` (its
factuality is decided with all mentions: ``event_factuality``).

Two mentions of one kind are two happenings when something sets them apart: different dates
in their own sentences, different resolved places in their own sentences, or actors (or named
targets) that share no entity, country or head word ("Russian forces shelled Kharkiv" and
"Russian forces shelled Odesa" are two shellings).
"""

from __future__ import annotations

from dateline.events.triggers import TriggerMatch
from dateline.records import Event

_DEFINITE = {"the", "this", "that", "these", "those", "such", "its", "their"}


def is_anaphor(match: TriggerMatch) -> bool:
    head = match.head
    return head.pos_ == "NOUN" and any(
        c.lower_ in _DEFINITE and c.dep_ in {"det", "poss"} for c in head.children
    )


def resumptive(match: TriggerMatch) -> bool:
    """An indefinite noun set after a comma that sums up the clause before it: "helicopters
    struck a depot, *an attack* that Moscow said could hamper talks"."""
    head = match.head
    if head.pos_ != "NOUN":
        return False
    det = next((c for c in head.lefts if c.dep_ == "det" and c.lower_ in {"a", "an"}), None)
    first = min((t.i for t in head.lefts), default=head.i)
    return det is not None and first > 0 and head.doc[first - 1].text == ","


def same_family(a: str, b: str) -> bool:
    return a == b or {a, b} <= {"FIGHT", "ASSAULT"}


def _heads(participants: list) -> set[str]:
    return {p.name.split()[-1].lower() for p in participants if p.name}


#: nouns that can name any earlier violent event ("the attack", "the strike")
_GENERIC = {"attack", "attacks", "strike", "strikes", "assault", "raid", "incident", "violence",
            "operation", "bombing", "killing", "killings"}  # fmt: skip


def _named(p) -> set[str]:
    return {x for x in (p.entity and f"entity:{p.entity}", p.country and f"country:{p.country}") if x}


def _disjoint(a: list, b: list, named_only: bool = False) -> bool:
    """Both sides name participants and share none: named ones (an entity or a country) are
    compared with named ones, and two unnamed sides by their head words ("hundreds of people"
    and "a small group"); a named side and an unnamed one ("Russian forces", "the artillery")
    do not differ. ``named_only``: unnamed participants never differ ("residential districts"
    and "a school" can be hit in one shelling)."""
    named_a = set().union(*(_named(p) for p in a)) if a else set()
    named_b = set().union(*(_named(p) for p in b)) if b else set()
    if named_a and named_b:
        return not (named_a & named_b)
    if named_only or named_a or named_b:
        return False
    heads_a, heads_b = _heads(a), _heads(b)
    return bool(heads_a) and bool(heads_b) and not (heads_a & heads_b)


def _day(event: Event) -> str | None:
    time = event.time
    if time is None or time.from_publication_date or not time.value:
        return None
    return time.value[:10] if time.value[:4].isdigit() else None


def set_apart(earlier: Event, later: Event, own_place: dict[int, object] | None = None) -> bool:
    """Whether two mentions of one kind name two happenings: different days, different places
    of their own sentences, or actors (or named targets) with nothing in common.

    >>> from dateline.records import EventParticipant as P
    >>> a = Event(id="e1", type="FIGHT", trigger="shelled", start=0, end=7, actors=[P(name="Russian forces", country="RU")])
    >>> b = a.model_copy(update={"actors": [P(name="Ukrainian troops", country="UA")]})
    >>> set_apart(a, b), set_apart(a, a)
    (True, False)
    """
    if (d1 := _day(earlier)) and (d2 := _day(later)) and d1 != d2:
        return True
    places = own_place or {}
    p1, p2 = places.get(earlier.start), places.get(later.start)
    if p1 is not None and p2 is not None and _place_key(p1) != _place_key(p2):
        return True
    return _disjoint(earlier.actors, later.actors) or _disjoint(
        earlier.targets, later.targets, named_only=True
    )


def _place_key(place) -> object:
    return place.geonames_id or (place.name or place.text).lower()


def antecedent_of(
    events: list[Event],
    event: Event,
    definite: bool,
    own_place: dict[int, object] | None = None,
) -> Event | None:
    """The earlier event that ``event`` mentions again, if any.

    A generic definite noun ("the attack", "the strike") names the first event of its family,
    the story's; another definite noun names the latest event of its kind; any other mention
    names an earlier event of its family when they share a target ("struck an oil depot" ...
    "attacked the depot"), or the latest event of its own kind that nothing sets apart
    (:func:`set_apart`; ``own_place``: event start -> the place of the mention's own sentence).
    """
    family = [e for e in events if same_family(e.type, event.type)]
    if definite and event.trigger.lower() in _GENERIC and family:
        # "the attack" in news names the story's event: the first of its family, the lede's.
        return family[0]
    for earlier in reversed(family):
        same_kind = earlier.type == event.type and earlier.acled_sub == event.acled_sub
        if definite and same_kind:
            return earlier
        if _heads(earlier.targets) & _heads(event.targets):
            return earlier
    for earlier in reversed(events):
        same_kind = earlier.type == event.type and earlier.acled_sub == event.acled_sub
        if same_kind and not set_apart(earlier, event, own_place):
            return earlier
    return None


def fold(antecedent: Event, anaphor: Event) -> None:
    """Fold a later mention into the event it names (its factuality is decided once all
    mentions are in: :func:`~dateline.events.factuality.event_factuality`)."""
    known = {s.quote for s in antecedent.sources}
    for source in anaphor.sources:
        if source.quote not in known:
            antecedent.sources.append(source)
            known.add(source.quote)
    antecedent.actors = antecedent.actors or anaphor.actors
    antecedent.targets = antecedent.targets or anaphor.targets
    if antecedent.time is None or antecedent.time.from_publication_date:
        if anaphor.time is not None and not anaphor.time.from_publication_date:
            antecedent.time = anaphor.time  # a later mention says when: "the strike on Monday"
    antecedent.place = antecedent.place or anaphor.place
    antecedent.mentions.extend(anaphor.mentions)

"""Later mentions of an earlier event: which event a mention names again, and folding it in.

A definite noun of the same PLOVER family ("the attack"), an indefinite noun that sums up the
clause before it ("..., an attack that ..."), or a mention of the family with the same target
("struck an oil depot" ... "attacked the depot") names an earlier event; its quotes join that
event's sources (its factuality is decided with all mentions: ``event_factuality``).
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


def antecedent_of(events: list[Event], event: Event, definite: bool) -> Event | None:
    """The earlier event that ``event`` mentions again, if any.

    A generic definite noun ("the attack", "the strike") names the first event of its family,
    the story's; another definite noun names the latest event of its kind; any other mention names an earlier event of its
    family when they share a target ("struck an oil depot" ... "attacked the depot").
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

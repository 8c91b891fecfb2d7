"""How prominent an event mention is: main-clause triggers lead, reasons of reactions do not.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from dateline.nlp.reporting import reporting_verbs
from dateline.records import Event

_VIOLENT = {"FIGHT", "ASSAULT", "COERCE"}


#: prepositions that name the reason of another event ("sanctions *over* the bombing")
_REASON_PREPS = {"over", "after", "following", "for", "to", "against", "despite", "amid"}
_RESPONSE_NOUNS = {"response", "retaliation", "reaction", "reprisal", "revenge", "protest"}
_NONVIOLENT_REACTIONS = {"SANCTION", "ACCUSE", "REJECT", "THREATEN", "CONSULT", "REQUEST",
                         "STATEMENT", "SUPPORT", "AID", "CONCEDE", "COOPERATE", "PROTEST"}  # fmt: skip


def _reason_of(head: Token, reactions: set[int]) -> bool:
    """A violent trigger that only gives the reason of a non-violent reaction: "diplomats
    expelled *after* a nerve agent attack", "sanctions *over* the bombing", "*in response to*
    the attack"."""
    if head.dep_ != "pobj" or head.head.lower_ not in _REASON_PREPS:
        return False
    prep = head.head
    if prep.head.lemma_.lower() in _RESPONSE_NOUNS:
        return True  # "in response to the attack", "in retaliation for the bombing"
    return any(a.i in reactions for a in list(prep.ancestors)[:3])


def prominence(doc: Doc, events: list[Event]) -> dict[str, float]:
    """Event id -> bonus for main-clause triggers: 3 for a sentence's main predicate (or the
    clause a reporting verb introduces: "police said rebels *attacked*"), 1 for its direct
    arguments, 0 deeper down ("in response to the alleged attack"), and -6 for a violent event
    named only as the reason of a non-violent reaction ("sanctions over the bombing")."""
    out: dict[str, float] = {}
    reactions: set[int] = set()
    for event in events:
        span = doc.char_span(event.start, event.end, alignment_mode="expand")
        if span is not None and event.type in _NONVIOLENT_REACTIONS:
            reactions.update(t.i for t in span)
            root = span.root
            if root.dep_ == "pobj" and root.head.lower_ == "of":
                reactions.add(root.head.head.i)  # "a new round *of* sanctions"
    for event in events:
        # an event named several times is as prominent as its most prominent mention
        spans = [(m.start, m.end) for m in event.mentions] or [(event.start, event.end)]
        scores = [_mention_prominence(doc, event.type, s, e, reactions) for s, e in spans]
        known = [x for x in scores if x is not None]
        if known and (best := max(known)) != 0:
            out[event.id] = best
    return out


def _mention_prominence(
    doc: Doc, kind: str, start: int, end: int, reactions: set[int]
) -> float | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    head = span.root
    if kind in {"FIGHT", "ASSAULT"} and _reason_of(head, reactions):
        return -6
    main = head.dep_ == "ROOT" or (
        head.dep_ in {"ccomp", "conj"} and head.head.lemma_.lower() in reporting_verbs("frame")
    )
    if main:
        return 3
    if head.head.dep_ == "ROOT" and head.dep_ in {"dobj", "nsubj", "nsubjpass", "xcomp"}:
        return 1
    return 0

"""Trigger merging: triggers that describe one happening become one event mention.

A modifier ("grenade attack"), a weapon or protest noun that is the subject of a trigger verb
("airstrikes hit", "protesters marched"), or an object of the same family ("signed a ceasefire
agreement") folds into the trigger it qualifies, keeping the weightier kind; a trigger noun that
only modifies another noun ("aid workers", "war crimes"), a crowd-control munition ("stun
grenade") and a disaster verb used of an event ("the truce collapsed") are dropped.
"""

from __future__ import annotations

from spacy.tokens import Token

from dateline.events.triggers import TriggerMatch
from dateline.events.types import trigger_index

_VIOLENT = {"FIGHT", "ASSAULT", "COERCE"}


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
    if _topic(small, link, big):
        return True
    if link.dep_ in {"compound", "amod", "nmod"}:
        return True
    if link.dep_ in {"acl", "relcl"}:
        return same
    if link.dep_ == "advcl" and violent and head.tag_ == "VBG":
        return True  # "shelled Kharkiv, killing three civilians"
    if link.dep_ == "advcl" and big.base.key == "killing":
        return True  # the cause of casualties: "19 were killed when their bus plunged"
    if (
        link.dep_ == "prep"
        and link.lower_ in {"in", "during", "by"}
        and head.pos_ == "NOUN"
        and {small.kind.plover, big.kind.plover} <= {"FIGHT", "ASSAULT"}
    ):
        return True  # "killed in the blast", "bombed ... in an airstrike", "hit by a shell"
    if link.dep_ == "prep" and link.lower_ in {"in", "during", "at"} and head.pos_ == "NOUN":
        # casualties of a named happening are its outcome: "two were killed in the protest",
        # "injured in the crash"
        return big.base.key == "killing"
    if _light_attack(small, big):
        return True
    if link.dep_ == "conj":
        return small.kind.key == big.kind.key and head.pos_ == other.pos_
    if link.dep_ in {"nsubj", "nsubjpass"} and head.pos_ == "NOUN":
        return violent or same
    # "signed a ceasefire agreement", "bombed ... in an airstrike"
    if link.dep_ in {"dobj", "pobj"} and head.pos_ == "NOUN":
        return same or violent
    return False


#: nouns that make a crime word they carry a crime event ("fraud *ring*", "smuggling *network*")
_CRIME_HEADS = {"ring", "rings", "network", "networks", "gang", "gangs", "syndicate", "racket",
                "operation", "trade", "scheme", "haul", "bust", "cartel", "charges"}  # fmt: skip


#: attack verbs that a non-violent object or instrument empties of violence
_LIGHT_ATTACK = {"hit", "strike", "target"}


def _light_attack(small: TriggerMatch, big: TriggerMatch) -> bool:
    """``big`` is a light attack verb whose object or ``with`` instrument ``small`` is a
    non-violent event noun: "struck a deal" is an agreement, "targeted Russia with sanctions"
    a sanction."""
    return (
        big.base.key == "attack"
        and big.head.lemma_.lower() in _LIGHT_ATTACK
        and small.kind.plover not in _VIOLENT
        and small.head.pos_ == "NOUN"
        and (
            small.head.dep_ == "dobj"
            or (small.head.dep_ == "pobj" and small.head.head.lower_ == "with")
        )
        and small.head.head.i in {big.head.i, *(c.i for c in big.head.children)}
    )


#: prepositions that give what talks are about ("talks *on* a ceasefire")
_TOPIC_PREPS = {"on", "about", "over", "regarding", "concerning"}


def _topic(small: TriggerMatch, link: Token, big: TriggerMatch) -> bool:
    """``small`` is what talks are about, not a happening: "talks on a ceasefire",
    "negotiations over a prisoner swap"."""
    return (
        big.kind.plover == "CONSULT"
        and link.dep_ == "prep"
        and link.lower_ in _TOPIC_PREPS
        and small.head.pos_ == "NOUN"
    )


def _event_noun(token: Token) -> bool:
    """Whether ``token`` is a one-word trigger of the table ("ceasefire", "talks")."""
    return any(
        len(trig.words) == 1
        for word in {token.lower_, token.lemma_.lower()}
        for trig, _ in trigger_index().get(word, [])
    )


def _metaphor(match: TriggerMatch) -> bool:
    """A disaster verb whose object or subject is an event: "the bombing could *derail* the
    ceasefire", "the truce *collapsed*"."""
    head = match.head
    return (
        match.kind.plover == "DISASTER"
        and head.pos_ == "VERB"
        and any(c.dep_ in {"dobj", "nsubj"} and _event_noun(c) for c in head.children)
    )


#: crowd-control munitions: a "stun grenade" or "smoke grenade" is no grenade attack
_CROWD_CONTROL = {"smoke", "stun", "flash", "tear", "gas", "teargas", "pepper", "rubber", "sound",
                  "noise", "dye", "paint"}  # fmt: skip


def _crowd_control(match: TriggerMatch) -> bool:
    head = match.head
    return match.base.key == "grenade" and any(
        c.lower_ in _CROWD_CONTROL for c in head.lefts if c.dep_ in {"compound", "amod", "nmod"}
    )


def _modifier_only(match: TriggerMatch) -> bool:
    """A one-word noun trigger that modifies a non-event noun ("aid workers", "war crimes"),
    except a crime word on a noun of criminal organization or business ("fraud ring")."""
    head = match.head
    if match.end - match.start != 1 or head.dep_ != "compound" or head.head.pos_ != "NOUN":
        return False
    return not (match.kind.plover == "CRIME" and head.head.lower_ in _CRIME_HEADS)


def merge_triggers(matches: list[TriggerMatch]) -> list[TriggerMatch]:
    """Fold triggers that qualify another trigger into it, keeping the weightier kind."""
    out = list(matches)
    alive = [True] * len(out)
    into = list(range(len(out)))  # where a folded trigger went
    sentence = [_sentence_start(m) for m in out]
    for i in range(len(out)):
        for j0 in range(len(out)):
            if i == j0 or sentence[i] != sentence[j0]:
                continue
            # a trigger already folded passes its conjuncts on: "shelled Kharkiv, *killing*
            # four and *wounding* 11" is one shelling
            j = _survivor(into, j0)
            if j == i or not alive[j]:
                continue
            small, big = out[i], out[j0]
            if _same_happening(small, big):
                kind = max((small.kind, big.kind), key=lambda k: k.weight)
                if _light_attack(small, big):
                    kind = small.kind  # "struck a deal", "hit Moscow with sanctions"
                elif (link := _link(small.head, big.head)) is not None and _topic(small, link, big):
                    kind = big.kind  # "talks on a ceasefire" are talks
                elif big.base.key == "disrupted_weapons" and small.head.pos_ == "NOUN":
                    kind = big.kind  # "explosive devices were found": no explosion
                if j != j0:  # folded through a trigger that went into another
                    keep = out[j]
                    kind = max((keep.kind, small.kind), key=lambda k: k.weight)
                    out[j] = TriggerMatch(keep.start, keep.end, kind, keep.base, keep.doc)
                else:
                    out[j] = TriggerMatch(big.start, big.end, kind, big.base, big.doc)
                alive[i] = False
                into[i] = j
                break
    return [
        m
        for m, keep in zip(out, alive, strict=True)
        if keep and not _modifier_only(m) and not _crowd_control(m) and not _metaphor(m)
    ]


def _survivor(into: list[int], k: int) -> int:
    while into[k] != k:
        k = into[k]
    return k


def _sentence_start(match: TriggerMatch) -> int:
    doc = match.doc
    return doc[match.start].sent.start if doc.has_annotation("SENT_START") else 0

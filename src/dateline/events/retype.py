"""ACLED retyping by participants: ACLED defines its sub-events by who does what to whom.

The word lists are data, in ``retyping.toml`` beside the type table (``types.toml``); the rules
here read them: who takes ground (government or non-state), whether both sides of an attack are
armed (a clash), whether the attackers are a mob, whether what is captured is people (arrest or
abduction) or footage (no event), whether aircraft destroyed the weapons (an air strike), and
whether a withdrawal is from a deal (a rejection).

>>> "taliban" in _rules("sides", "non_state"), "drones" in _rules("air", "aircraft")
(True, True)
"""

from __future__ import annotations

import functools
import tomllib
from importlib import resources

from spacy.tokens import Token

from dateline.events.participants import participant_tokens
from dateline.events.triggers import TriggerMatch
from dateline.events.types import event_types
from dateline.geo.countries import Countries


@functools.cache
def _table() -> dict:
    text = resources.files("dateline.events").joinpath("retyping.toml").read_text("utf-8")
    return tomllib.loads(text)


@functools.cache
def _rules(section: str, name: str) -> frozenset[str]:
    """One word list of ``retyping.toml``."""
    return frozenset(_table()[section][name])


def retype(match: TriggerMatch, countries: Countries | None = None) -> TriggerMatch | None:
    """Retype a trigger by its actors and targets, as ACLED's sub-event definitions ask (None:
    no event, e.g. "captured footage"). ``countries``: the country tables that tell actors."""
    match = _withdrawal_from_a_deal(match)
    side = _territory_side(match, countries)
    if side is None:
        return None
    return _air_disruption(_clash_by_participants(side, countries), countries)


def _words(token: Token) -> set[str]:
    """Lower-cased words of a participant's head and left modifiers."""
    return {t.lower_ for t in token.subtree if t.i <= token.i}


def _side(actor: Token) -> str | None:
    """The side of one actor phrase (its head and left modifiers): state, non-state or None."""
    words = _words(actor)
    if "government" in words:
        return "state"  # "government forces", "pro-government militias"
    if words & _rules("sides", "non_state") or {"islamic", "state"} <= words:
        return "non-state"
    return "state" if words & _rules("sides", "state") else None


def _territory_side(match: TriggerMatch, countries: Countries | None) -> TriggerMatch | None:
    """A territory gain typed by the side of its actors (subject, passive agent, possessor):
    government forces, alone or with allies, regain it; else a non-state actor overtakes it.
    A capture of people is an arrest by the state, an abduction by anyone else; a capture of
    footage or votes is no event (None)."""
    if match.kind.key not in _rules("territory", "rows") and match.base.key not in _rules(
        "territory", "rows"
    ):
        return match
    actors, targets = participant_tokens(match.head, (match.start, match.end), countries)
    sides = {_side(a) for a in actors}
    objects = {t.lower_ for t in targets}
    if objects and objects <= _rules("territory", "not_territory"):
        return None
    if (
        objects
        and objects <= _rules("territory", "persons")
        and match.head.lemma_.lower() in {"capture", "seize"}
    ):
        key = "arrest" if "state" in sides else "abduction"
        return TriggerMatch(match.start, match.end, event_types()[key], match.base, match.doc)
    if match.kind.key not in _rules("territory", "rows"):
        return match
    if "state" in sides:
        kind = event_types()["government_takes_territory"]
    elif "non-state" in sides:
        kind = event_types()["territory_taken"]
    else:
        return match
    return TriggerMatch(match.start, match.end, kind, match.base, match.doc)


@functools.cache
def _armed_words() -> frozenset[str]:
    """One-word armed actors (the armed clash row's cues) and military sites."""
    cues = event_types()["armed_clash"].cues
    return frozenset({cue[0] for cue in cues if len(cue) == 1} | _rules("clash", "military_sites"))


def _armed(token: Token) -> bool:
    return bool(_words(token) & _armed_words())


def _clash_by_participants(match: TriggerMatch, countries: Countries | None) -> TriggerMatch:
    """Type an attack by its participants, as ACLED does. Attackers who are villagers, residents
    or a crowd make mob violence. An armed clash is a fight between armed sides: an attack whose
    actor and target are both armed ("militants attacked an army *base*") is one, and an attack
    that the sentence's cues made a clash is not when its target is unarmed ("gunmen attacked a
    college campus, police said")."""
    if match.base.key not in {"attack", "killing", "armed_clash"}:
        return match
    actors, targets = participant_tokens(match.head, countries=countries)
    mob = [a for a in actors if _words(a) & _rules("clash", "mob")]
    if match.kind.key in {"attack", "killing", "armed_clash"} and mob and not any(map(_armed, mob)):
        # "villagers clashed with sticks", "residents lynched a suspected thief"
        kind = event_types()["mob_violence"]
        return TriggerMatch(match.start, match.end, kind, match.base, match.doc)
    if not actors or not targets or match.base.key == "armed_clash":
        return match
    both = any(_armed(a) for a in actors) and any(_armed(t) for t in targets)
    if both and match.kind.key in {"attack", "killing"}:
        kind = event_types()["armed_clash"]
    elif not any(_armed(t) for t in targets) and match.kind.key == "armed_clash":
        kind = match.base
    else:
        return match
    return TriggerMatch(match.start, match.end, kind, match.base, match.doc)


def _air_disruption(match: TriggerMatch, countries: Countries | None) -> TriggerMatch:
    """Weapons destroyed by aircraft are an air strike ("jets destroyed an arms depot")."""
    if match.kind.key != "disrupted_weapons":
        return match
    actors, _ = participant_tokens(match.head, countries=countries)
    if any(_words(a) & _rules("air", "aircraft") for a in actors):
        kind = event_types()["air_strike"]
        return TriggerMatch(match.start, match.end, kind, match.base, match.doc)
    return match


def _withdrawal_from_a_deal(match: TriggerMatch) -> TriggerMatch:
    """A withdrawal "from a pact" rejects an agreement (a DIPLO event): no territory moves."""
    if match.base.key != "territory_transfer":
        return match
    for prep in match.head.children:
        if prep.dep_ == "prep" and prep.lower_ == "from":
            if any(
                o.dep_ == "pobj" and o.lemma_.lower() in _rules("territory", "not_ground")
                for o in prep.children
            ):
                reject = event_types()["reject"]
                return TriggerMatch(match.start, match.end, reject, reject, match.doc)
    return match

"""Events and contested figures of one article: the events stage of the pipeline.

``extract_events(doc, record)`` reads the records of the earlier stages (entities, quotes,
non-comments, times, places) and returns typed events and figures. Steps:

1. typed triggers from the type table (:mod:`dateline.events.triggers`);
2. triggers that describe one happening are merged: a modifier ("grenade attack"), a weapon
   or protest noun that is the subject of a trigger verb ("airstrikes hit", "protesters
   marched"), or an object of the same family ("signed a ceasefire agreement"); a trigger noun
   that only modifies another noun ("aid workers", "war crimes") is dropped;
3. a trigger is retyped by its participants, as ACLED defines its sub-events: who takes
   ground (government or non-state), whether both sides of an attack are armed (a clash),
   whether the attackers are a mob, whether what is captured is people (arrest or abduction),
   whether aircraft destroyed the weapons (an air strike);
4. per mention: actors and targets, factuality, sources (the quotes holding it, with their
   speakers' names and entity ids), place, time;
5. a later mention of an earlier event is folded into it: a definite noun of the same PLOVER
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

import functools

from spacy.tokens import Doc, Token

from dateline.events.factuality import event_factuality, quote_denies, quotes_covering
from dateline.events.figures import extract_figures
from dateline.events.participants import participant_tokens, participants
from dateline.events.triggers import TriggerMatch, find_triggers
from dateline.events.types import EventType, event_types, trigger_index
from dateline.nlp.reporting import reporting_verbs
from dateline.records import AnalysisRecord, Event, EventTime, Figure, Place, Quote, Source, Time

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
    sentence = [_sentence_start(m) for m in out]
    for i in range(len(out)):
        for j in range(len(out)):
            if i == j or not alive[j] or sentence[i] != sentence[j]:
                continue
            small, big = out[i], out[j]
            if _same_happening(small, big):
                kind = max((small.kind, big.kind), key=lambda k: k.weight)
                if _light_attack(small, big):
                    kind = small.kind  # "struck a deal", "hit Moscow with sanctions"
                elif big.base.key == "disrupted_weapons" and small.head.pos_ == "NOUN":
                    kind = big.kind  # "explosive devices were found": no explosion
                out[j] = TriggerMatch(big.start, big.end, kind, big.base, big.doc)
                alive[i] = False
                break
    return [
        m
        for m, keep in zip(out, alive, strict=True)
        if keep and not _modifier_only(m) and not _crowd_control(m) and not _metaphor(m)
    ]


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
    actors, targets = participants(
        head, record.entities, speaker, record.places, (match.start, match.end)
    )
    time_spans = [(t.start, t.end) for t in record.times]
    targets = [t for t in targets if not _is_time_word(t.name, time_spans, record)]
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
        sources=[quote_source(q) for q in quotes_covering(start, end, record.quotes)],
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


def _is_anaphor(match: TriggerMatch) -> bool:
    head = match.head
    return head.pos_ == "NOUN" and any(
        c.lower_ in _DEFINITE and c.dep_ in {"det", "poss"} for c in head.children
    )


def _resumptive(match: TriggerMatch) -> bool:
    """An indefinite noun set after a comma that sums up the clause before it: "helicopters
    struck a depot, *an attack* that Moscow said could hamper talks"."""
    head = match.head
    if head.pos_ != "NOUN":
        return False
    det = next((c for c in head.lefts if c.dep_ == "det" and c.lower_ in {"a", "an"}), None)
    first = min((t.i for t in head.lefts), default=head.i)
    return det is not None and first > 0 and head.doc[first - 1].text == ","


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
    """Fold a later mention into the event it names (its factuality is decided once all
    mentions are in: :func:`~dateline.events.factuality.event_factuality`)."""
    known = {s.quote for s in antecedent.sources}
    for source in anaphor.sources:
        if source.quote not in known:
            antecedent.sources.append(source)
            known.add(source.quote)
    antecedent.actors = antecedent.actors or anaphor.actors
    antecedent.targets = antecedent.targets or anaphor.targets


def _words(token: Token) -> set[str]:
    """Lower-cased words of a participant's head and left modifiers."""
    return {t.lower_ for t in token.subtree if t.i <= token.i}


#: who took the ground decides the ACLED sub-event, not the verb: "ISIS *recaptured* the
#: village" is a non-state actor overtaking territory, "the army *seized* the town" a
#: government regaining it (a non-state word wins: "rebel forces")
_NON_STATE = {"rebel", "rebels", "militants", "militant", "insurgents", "insurgent", "jihadists",
              "jihadist", "terrorists", "terrorist", "militia", "militias", "militiamen",
              "gunmen", "guerrillas", "separatists", "fighters", "isis", "isil", "daesh",
              "taliban", "shabaab", "qaeda", "houthis", "houthi", "bandits", "opposition"}  # fmt: skip
_STATE = {"army", "troops", "soldiers", "military", "government", "regime", "police",
          "forces", "marines", "navy", "gendarmes", "gendarmerie"}  # fmt: skip
_TERRITORY = {"gov_regains_territory", "territory_taken", "government_takes_territory"}


def _side(actor: Token) -> str | None:
    """The side of one actor phrase (its head and left modifiers): state, non-state or None."""
    words = _words(actor)
    if "government" in words:
        return "state"  # "government forces", "pro-government militias"
    if words & _NON_STATE or {"islamic", "state"} <= words:
        return "non-state"
    return "state" if words & _STATE else None


#: people who can be captured: a capture of them is an arrest or an abduction, not ground taken
_PERSONS = {"commander", "commanders", "leader", "leaders", "militant", "militants", "suspect",
            "suspects", "fighter", "fighters", "member", "members", "man", "men", "woman", "women",
            "soldier", "soldiers", "rebel", "rebels", "terrorist", "terrorists", "civilians",
            "people", "chief", "kingpin", "insurgents", "gunmen", "hostages", "journalist",
            "journalists", "official", "officials", "officer", "officers"}  # fmt: skip
#: what one "captures" without taking ground
_NOT_TERRITORY = {"footage", "image", "images", "video", "videos", "photo", "photos", "attention",
                  "imagination", "moment", "mood", "title", "award", "medal", "seat", "seats",
                  "vote", "votes", "share", "heart", "hearts"}  # fmt: skip


def _territory_side(match: TriggerMatch) -> TriggerMatch | None:
    """A territory gain typed by the side of its actors (subject, passive agent, possessor):
    government forces, alone or with allies, regain it; else a non-state actor overtakes it.
    A capture of people is an arrest by the state, an abduction by anyone else; a capture of
    footage or votes is no event (None)."""
    if match.kind.key not in _TERRITORY and match.base.key not in _TERRITORY:
        return match
    actors, targets = participant_tokens(match.head, (match.start, match.end))
    sides = {_side(a) for a in actors}
    objects = {t.lower_ for t in targets}
    if objects and objects <= _NOT_TERRITORY:
        return None
    if objects and objects <= _PERSONS and match.head.lemma_.lower() in {"capture", "seize"}:
        key = "arrest" if "state" in sides else "abduction"
        return TriggerMatch(match.start, match.end, event_types()[key], match.base, match.doc)
    if match.kind.key not in _TERRITORY:
        return match
    if "state" in sides:
        kind = event_types()["government_takes_territory"]
    elif "non-state" in sides:
        kind = event_types()["territory_taken"]
    else:
        return match
    return TriggerMatch(match.start, match.end, kind, match.base, match.doc)


#: military targets: an attack on them is a fight between armed sides
_MILITARY_SITES = {"base", "bases", "positions", "position", "checkpoint", "checkpoints", "post",
                   "posts", "outpost", "outposts", "convoy", "convoys", "patrol", "barracks",
                   "camp", "garrison", "troops"}  # fmt: skip


#: unorganised attackers: ACLED's mob violence when they are the ones attacking
_MOB = {"villagers", "villager", "residents", "vigilantes", "vigilante", "crowd", "crowds", "mob",
        "youths", "locals", "mobs"}  # fmt: skip


@functools.cache
def _armed_words() -> frozenset[str]:
    """One-word armed actors (the armed clash row's cues) and military sites."""
    cues = event_types()["armed_clash"].cues
    return frozenset({cue[0] for cue in cues if len(cue) == 1} | _MILITARY_SITES)


def _armed(token: Token) -> bool:
    return bool(_words(token) & _armed_words())


def _clash_by_participants(match: TriggerMatch) -> TriggerMatch:
    """Type an attack by its participants, as ACLED does. Attackers who are villagers, residents
    or a crowd make mob violence. An armed clash is a fight between armed sides: an attack whose
    actor and target are both armed ("militants attacked an army *base*") is one, and an attack
    that the sentence's cues made a clash is not when its target is unarmed ("gunmen attacked a
    college campus, police said")."""
    if match.base.key not in {"attack", "killing", "armed_clash"}:
        return match
    actors, targets = participant_tokens(match.head)
    mob = [a for a in actors if _words(a) & _MOB]
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


#: aircraft: weapons they destroy are destroyed by an air strike
_AIR = {"warplane", "warplanes", "jet", "jets", "drone", "drones", "helicopter", "helicopters",
        "aircraft", "chopper", "choppers", "bombers", "gunships"}  # fmt: skip


def _air_disruption(match: TriggerMatch) -> TriggerMatch:
    """Weapons destroyed by aircraft are an air strike ("jets destroyed an arms depot")."""
    if match.kind.key != "disrupted_weapons":
        return match
    actors, _ = participant_tokens(match.head)
    if any(_words(a) & _AIR for a in actors):
        kind = event_types()["air_strike"]
        return TriggerMatch(match.start, match.end, kind, match.base, match.doc)
    return match


def _by_participants(match: TriggerMatch) -> TriggerMatch | None:
    """Retype a trigger by its actors and targets, as ACLED's sub-event definitions ask."""
    match = _withdrawal_from_a_deal(match)
    side = _territory_side(match)
    if side is None:
        return None
    return _air_disruption(_clash_by_participants(side))


#: what one withdraws from without giving up ground ("withdrew from the treaty")
_NOT_GROUND = {"pact", "treaty", "deal", "agreement", "accord", "talks", "negotiations", "race",
               "election", "elections", "competition", "tournament", "contest", "coalition"}  # fmt: skip


def _withdrawal_from_a_deal(match: TriggerMatch) -> TriggerMatch:
    """A withdrawal "from a pact" rejects an agreement (a DIPLO event): no territory moves."""
    if match.base.key != "territory_transfer":
        return match
    for prep in match.head.children:
        if prep.dep_ == "prep" and prep.lower_ == "from":
            if any(o.dep_ == "pobj" and o.lemma_.lower() in _NOT_GROUND for o in prep.children):
                reject = event_types()["reject"]
                return TriggerMatch(match.start, match.end, reject, reject, match.doc)
    return match


def _about_comment(match: TriggerMatch, record: AnalysisRecord) -> bool:
    """Inside a non-comment other than a no-claim ("did not respond to *requests* for comment")."""
    start, end = match.span.start_char, match.span.end_char
    return any(
        nc.kind != "no_claim" and nc.start <= start and end <= nc.end for nc in record.non_comments
    )


def typed_events(doc: Doc, record: AnalysisRecord) -> list[tuple[Event, EventType]]:
    """The events of ``doc`` with the type-table row of each (ids ``e1``... in text order)."""
    matches = [
        _by_participants(m)
        for m in merge_triggers(find_triggers(doc))
        if not _about_comment(m, record)
    ]
    matches = [m for m in matches if m is not None]
    events: list[Event] = []
    kinds: list[EventType] = []
    mentions: list[list[tuple[Token, str]]] = []
    for match in matches:
        event = _mention(match, record)
        antecedent = _antecedent(events, event, definite=_is_anaphor(match))
        if antecedent is None and _resumptive(match):
            sent = _sent_bounds(match.head)
            antecedent = next(
                (e for e in reversed(events)
                 if e.start >= sent[0] and _same_family(e.type, event.type)),
                None,
            )  # fmt: skip
        if antecedent is not None:
            _fold(antecedent, event)
            mentions[next(i for i, e in enumerate(events) if e is antecedent)].append((match.head, match.kind.key))
            continue
        events.append(event)
        kinds.append(match.kind)
        mentions.append([(match.head, match.kind.key)])
    for n, (event, said) in enumerate(zip(events, mentions, strict=True), start=1):
        event.id = f"e{n}"
        event.factuality = event_factuality(said, record.quotes, record.non_comments)
    return list(zip(events, kinds, strict=True))


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
        span = doc.char_span(event.start, event.end, alignment_mode="expand")
        if span is None:
            continue
        head = span.root
        if event.type in {"FIGHT", "ASSAULT"} and _reason_of(head, reactions):
            out[event.id] = -6
            continue
        main = head.dep_ == "ROOT" or (
            head.dep_ in {"ccomp", "conj"} and head.head.lemma_.lower() in reporting_verbs("frame")
        )
        if main:
            out[event.id] = 3
        elif head.head.dep_ == "ROOT" and head.dep_ in {"dobj", "nsubj", "nsubjpass", "xcomp"}:
            out[event.id] = 1
    return out


def extract_events(doc: Doc, record: AnalysisRecord) -> tuple[list[Event], list[Figure]]:
    """Typed events and contested figures of the article behind ``doc`` (ids ``e1``... in order)."""
    events = [event for event, _ in typed_events(doc, record)]
    return events, extract_figures(doc, record.quotes, record.times, record.entities)


def denying_quotes(event: Event, record: AnalysisRecord) -> list[str]:
    """Ids of the event's source quotes that deny it."""
    by_id = {q.id: q for q in record.quotes}
    ids = [s.quote for s in event.sources if s.quote is not None]
    return [qid for qid in ids if qid in by_id and quote_denies(by_id[qid])]

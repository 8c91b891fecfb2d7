"""Actors and targets of an event trigger, from the dependency parse.

Actors are the subject of a verbal trigger, the ``by`` agent of a passive or of a noun
("an attack by rebels"), a possessive or demonym modifier of a noun ("Russia's offensive",
"Israeli airstrikes"), or the subject of a light verb ("Russia launched an offensive").
Targets are the object, the passive subject, or the ``on``/``against``/``at`` object. Each is
linked to an article entity whose mention it overlaps, and to a country: the entity's, else a
demonym or country word in the phrase ("Ukrainian helicopters" -> UA), else a place attached to
the phrase ("an oil depot on Russian soil" -> RU).

>>> import spacy
>>> from spacy.tokens import Doc
>>> words = ["Ukrainian", "helicopters", "struck", "a", "depot"]
>>> doc = Doc(spacy.blank("en").vocab, words=words, heads=[1, 2, 2, 4, 2],
...           deps=["amod", "nsubj", "ROOT", "det", "dobj"], pos=["ADJ", "NOUN", "VERB", "DET", "NOUN"])
>>> actors, targets = participants(doc[2], [])
>>> actors[0].country, targets[0].name
('UA', 'depot')
"""

from __future__ import annotations

from spacy.tokens import Token

from dateline.geo.countries import Countries, load_countries
from dateline.records import Entity, EventParticipant, Place, Speaker

_ACTOR_DEPS = {"nsubj", "csubj"}
_TARGET_DEPS = {"dobj", "obj", "nsubjpass", "attr"}
_TARGET_PREPS = {"on", "against", "at", "upon", "targeting", "into", "with"}
_PLACE_PREPS = {"on", "in", "inside", "near", "across"}
_LIGHT_VERBS = {"launch", "carry", "conduct", "stage", "mount", "begin", "start", "hold", "make",
                "wage", "step", "continue", "resume", "order", "unleash", "commit", "perpetrate",
                "fire", "drop", "throw", "hurl", "use", "lob", "plant", "detonate", "set",
                "fling", "rain", "organize", "organise", "call", "impose", "slap", "issue",
                "sign", "deliver", "send", "provide"}  # fmt: skip
#: event verbs whose subject is the only party: a noun they hang on protests, it is not protested
_INTRANSITIVE = {"protest", "demonstrate", "march", "rally", "riot", "strike", "gather", "clash",
                 "mutiny", "walk", "picket", "boycott"}  # fmt: skip
_NP_LEFT = {"det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "case", "advmod"}


def country_of(text: str, countries: Countries | None = None) -> str | None:
    """Country of a name, demonym or capital: capitals stand for their state ("Moscow insists").
    ``countries``: the country tables (the process's when not given).

    >>> country_of("Ukrainian"), country_of("Moscow"), country_of("banana")
    ('UA', 'RU', None)
    """
    tables = countries if countries is not None else load_countries()
    return tables.country_of(text) or tables.capital_country(text)


def _phrase(token: Token) -> list[Token]:
    """The noun phrase of ``token``: its left modifiers and itself (no clauses, no ``of``)."""
    left = [t for t in token.lefts if t.dep_ in _NP_LEFT]
    tokens = [tt for t in left for tt in t.subtree] + [token]
    flat = [
        t for t in token.rights if t.dep_ in {"compound", "flat", "appos"} and t.i == token.i + 1
    ]
    return sorted(set(tokens + flat), key=lambda t: t.i)


def _entity_at(tokens: list[Token], entities: list[Entity]) -> Entity | None:
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    best, best_len = None, 0
    for ent in entities:
        for s, e in ent.mentions:
            overlap = min(end, e) - max(start, s)
            if overlap > best_len:
                best, best_len = ent, overlap
    return best


def _country_in(tokens: list[Token], countries: Countries) -> str | None:
    for t in tokens:
        if t.pos_ in {"PRON", "DET"} or not t.text[:1].isupper():
            continue
        if code := country_of(t.text, countries):
            return code
    # multi-word names ("South Korea", "Saudi Arabia")
    text = " ".join(t.text for t in tokens if t.pos_ not in {"DET"})
    return country_of(text, countries) if len(tokens) > 1 else None


def _place_country(token: Token, countries: Countries) -> str | None:
    for prep in token.rights:
        if prep.dep_ == "prep" and prep.lower_ in _PLACE_PREPS:
            for obj in prep.children:
                if obj.dep_ == "pobj" and (code := _country_in(list(obj.subtree), countries)):
                    return code
    return None


_SELF = {"it", "they", "we", "i", "he", "she"}


def _from_speaker(
    speaker: Speaker, entities: list[Entity], countries: Countries
) -> EventParticipant:
    entity = next((e for e in entities if e.id == speaker.entity), None)
    country = entity.country if entity else None
    country = country or country_of(speaker.name, countries)
    return EventParticipant(entity=speaker.entity, name=speaker.name, country=country)


def make_participant(
    token: Token,
    entities: list[Entity],
    speaker: Speaker | None = None,
    countries: Countries | None = None,
) -> EventParticipant | None:
    """The participant whose phrase is headed by ``token``.

    A pronoun stands for the speaker of the quote holding it ("Hamas said *it* had fired
    rockets"), else it is left out; a lone demonym is named by its country ("Israeli" strikes
    -> Israel).
    """
    countries = countries if countries is not None else load_countries()
    if token.pos_ == "PRON" or token.lower_ in {"who", "which", "that"}:
        if speaker is not None and token.lower_ in _SELF:
            return _from_speaker(speaker, entities, countries)
        return None
    tokens = _phrase(token)
    entity = _entity_at(tokens, entities)
    country = entity.country if entity and entity.country else None
    if country is None and entity is not None and entity.type in {"GPE", "NORP"}:
        country = country_of(entity.name, countries)
    country = country or _country_in(tokens, countries) or _place_country(token, countries)
    words = [t for t in tokens if t.dep_ != "det" and t.pos_ != "DET"] or tokens
    phrase = token.doc[words[0].i : words[-1].i + 1].text
    # the entity names the participant only when it covers the head ("Hamas", "the army"); a
    # demonym entity on a common noun ("Ukrainian helicopters") leaves the phrase as the name
    covers_head = entity is not None and any(s <= token.idx < e for s, e in entity.mentions)
    name = entity.name if entity and covers_head else phrase
    if len(words) == 1 and token.pos_ == "ADJ" and country:
        name = countries.country_name(country) or name  # "Israeli" (airstrikes) -> Israel
    return EventParticipant(entity=entity.id if entity else None, name=name, country=country)


def _governing_verb(token: Token) -> Token | None:
    """For a noun trigger that is the object of a light verb, that verb."""
    if token.dep_ in {"dobj", "obj", "nsubjpass"} and token.head.lemma_.lower() in _LIGHT_VERBS:
        return token.head
    return None


def _subjects(verb: Token) -> list[Token]:
    subs = [c for c in verb.children if c.dep_ in _ACTOR_DEPS]
    agents = [
        pobj
        for c in verb.children
        if c.dep_ == "agent"
        for pobj in c.children
        if pobj.dep_ == "pobj"
    ]
    subs += agents
    if not subs and verb.dep_ in {"conj", "xcomp", "advcl"} and verb.head.i != verb.i:
        subs = [c for c in verb.head.children if c.dep_ in _ACTOR_DEPS]
    return subs


def _prep_objects(token: Token, preps: set[str]) -> list[Token]:
    return [
        pobj
        for prep in token.children
        if prep.dep_ == "prep" and prep.lower_ in preps
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    ]


def _with_conjuncts(tokens: list[Token]) -> list[Token]:
    out = []
    for t in tokens:
        out.append(t)
        out.extend(c for c in t.conjuncts if c.i > t.i)
    return out


def _outside(targets: list[Token], span: tuple[int, int] | None) -> list[Token]:
    """Targets that are words of the trigger phrase itself give way to their ``of`` / ``over``
    object: "took *control* of the town" -> the town."""
    if span is None:
        return targets
    out = []
    for t in targets:
        if span[0] <= t.i < span[1]:
            out.extend(_prep_objects(t, {"of", "over"}))
        else:
            out.append(t)
    return out


def participant_tokens(
    head: Token, span: tuple[int, int] | None = None, countries: Countries | None = None
) -> tuple[list[Token], list[Token]]:
    """Head tokens of the actors and targets of the trigger ``head`` (``span``: the token range
    of the trigger phrase, whose own words are no targets; ``countries``: the country tables,
    which tell a country adjective that names an actor, "*Israeli* strikes")."""
    countries = countries if countries is not None else load_countries()
    actors, targets = _participant_tokens(head, countries)
    return actors, _outside(targets, span)


def _participant_tokens(head: Token, countries: Countries) -> tuple[list[Token], list[Token]]:
    if head.pos_ == "VERB" or head.pos_ == "AUX":
        actors = _subjects(head)
        targets = [c for c in head.children if c.dep_ in _TARGET_DEPS]
        targets += _prep_objects(head, _TARGET_PREPS)
        if head.dep_ == "acl" and head.head.pos_ in {"NOUN", "PROPN"} and not actors:
            # a participle on a noun: "students *abducted* on Monday" (the noun is the target),
            # unless it has an object of its own, when the parser took an active verb for a
            # participle: "militants *abducted* 30 students" (the noun is the actor)
            if any(c.dep_ == "dobj" for c in head.children) or head.lemma_.lower() in _INTRANSITIVE:
                actors = [head.head]  # "a group of supporters *protested*": they protest
            elif head.tag_ == "VBN":
                targets.append(head.head)
    else:
        actors = [c for c in head.children if c.dep_ == "poss"]
        actors += [
            c
            for c in head.children
            if c.dep_ in {"amod", "compound"} and c.i < head.i and country_of(c.text, countries)
        ]
        actors += _prep_objects(head, {"by"})
        targets = _prep_objects(head, _TARGET_PREPS | {"to"})  # "aid to Sudan"
        if (verb := _governing_verb(head)) is not None:
            # "Hamas fired rockets at Ashkelon": the verb's subject and targets are the event's
            actors = actors or _subjects(verb)
            targets = targets or _prep_objects(verb, _TARGET_PREPS | {"to"})
    return _with_conjuncts(actors), _with_conjuncts(targets)


def _located_in(token: Token, places: list[Place]) -> str | None:
    """Country of a resolved place in a locative phrase of ``token`` ("in Belgorod")."""
    for obj in _prep_objects(token, _PLACE_PREPS):
        sub = list(obj.subtree)
        start, end = sub[0].idx, sub[-1].idx + len(sub[-1])
        for place in places:
            if place.country and start <= place.start and place.end <= end:
                return place.country
    return None


_DASHES = {"—", "–", "--", "-"}


def _in_dateline(token: Token) -> bool:
    """Whether ``token`` is in the dateline that opens a paragraph ("KHARKIV, Ukraine —"):
    a place and agency before a dash, which the parser may take for a subject."""
    doc = token.doc
    start = token.i
    while start > 0 and "\n" not in doc[start - 1].text_with_ws and token.i - start < 8:
        start -= 1
    if start > 0 and "\n" not in doc[start - 1].text_with_ws:
        return False  # not at the start of a paragraph
    for t in doc[start : min(len(doc), start + 10)]:
        if t.text in _DASHES:
            return token.i < t.i and doc[start].text.isupper() and len(doc[start].text) > 1
    return False


_AGENT_ENDINGS = ("er", "ers", "or", "ors", "ist", "ists", "ant", "ants")


def _occasion(token: Token) -> bool:
    """An event noun after "at" or "during" is when it happened, not whom it hit: "arrests
    were made *at the protest*"."""
    return (
        token.dep_ == "pobj" and token.head.lower_ in {"at", "during"} and _event_word(token)
    )


def _past_dateline(token: Token) -> list[Token]:
    """``token``, or, for a dateline word the parser took for the subject, the phrase after the
    dash it attached to it ("MARIUPOL, Ukraine — *Soldiers* shelled": an apposition)."""
    if not _in_dateline(token):
        return [token]
    return [
        c
        for c in token.children
        if c.dep_ in {"appos", "conj", "npadvmod"} and not _in_dateline(c) and c.pos_ != "PUNCT"
    ][-1:]


def _event_word(token: Token) -> bool:
    """A noun of the type table that names a happening ("protest", "talks", "arrests"): an
    event, never a participant. Weapons stay ("*shells* hit the hospital", "a *car bomb*
    exploded"): they name what struck, the actor's instrument, which is all some reports say."""
    from dateline.events.types import trigger_index

    index = trigger_index()
    if token.pos_ != "NOUN" or token.lower_.endswith(_AGENT_ENDINGS):
        return False  # "protesters", "bombers", "demonstrators" are people
    rows = [
        row
        for word in {token.lower_, token.lemma_.lower()}
        for trig, row in index.get(word, [])
        if len(trig.words) == 1
    ]
    return bool(rows) and all(row.plover not in {"FIGHT", "ASSAULT"} for row in rows)


def participants(
    head: Token,
    entities: list[Entity],
    speaker: Speaker | None = None,
    places: list[Place] | None = None,
    span: tuple[int, int] | None = None,
    countries: Countries | None = None,
) -> tuple[list[EventParticipant], list[EventParticipant]]:
    """Actors and targets of the trigger whose head is ``head`` (``speaker``: of the quote
    holding it, for pronouns).

    A target with no country of its own lies in the resolved place (of ``places``) of its own
    locative phrase, or, for the object of a verb trigger, of the verb's: "struck a fuel depot
    *in Belgorod*" -> RU.
    """
    countries = countries if countries is not None else load_countries()
    actor_heads, target_heads = participant_tokens(head, span, countries)
    # an actor is a party, not a dateline ("HALDEN — workers walked out") nor an event ("the
    # protest saw no arrests")
    actor_heads = [
        a for t in actor_heads for a in _past_dateline(t) if not _event_word(a)
    ]
    target_heads = [t for t in target_heads if not _in_dateline(t) and not _occasion(t)]
    actors = [p for t in actor_heads if (p := make_participant(t, entities, speaker, countries))]
    targets = []
    for t in target_heads:
        target = make_participant(t, entities, countries=countries)
        if target is None:
            continue
        if target.country is None and places:
            target.country = _located_in(t, places)
            if target.country is None and t.dep_ in {"dobj", "obj", "nsubjpass"} and t.head == head:
                target.country = _located_in(head, places)
        targets.append(target)
    return actors, targets

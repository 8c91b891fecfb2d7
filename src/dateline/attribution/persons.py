"""People the small NER model missed, found from titles, appositions and speech verbs.

``Governor Ana Ruiz ordered ...``, ``said Oleksiy Danilov, secretary of ...`` and ``Ana Ruiz
said`` name a person even when the model tags nothing (or tags the name ``ORG``). Such names
become ``PERSON`` entities (new ids, ``att`` stem) with every later mention of the full name or
the surname, so that pronouns and surnames resolve to them. A first name the model left outside
a PERSON mention (``Dmitry`` before ``Peskov``) joins it. A capitalised word alone, with no title
or apposition, is left alone: ``Gazprom said`` may be a company. A name the model or the entity
list calls a place (GPE, LOC) that modifies another word is no person unless a title comes
right before it (``Governor Ana Ruiz``): in ``Richmond County investigators said`` or ``Baucus
of Montana, the chairman`` it is where the speaker is from, and it stays a place.

>>> from dateline.attribution.persons import name_run_ok
>>> name_run_ok(["Ana", "Ruiz"]), name_run_ok(["Defence", "Ministry"]), name_run_ok(["Monday"])
(True, False, False)
>>> name_run_ok(["D", "-", "W.", "Va."])  # "Rep. Nick Rahall, D-W. Va., chairman"
False
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from dateline.attribution.clauses import Clause, antecedent, noun_phrase
from dateline.attribution.lexicon import (
    OUTLET_WORDS,
    ROLE_NOUNS,
    TITLES,
)
from dateline.attribution.speakers import ORG_NOUNS, EntityIndex
from dateline.geo.countries import Countries, government_seat, load_countries
from dateline.nlp.entities import ROLE_WORDS, roles_of
from dateline.nlp.index import entity_overlapping
from dateline.records import Entity

#: Words that make a capitalised phrase an organisation, a place or a date, never a person.
NOT_NAME_WORDS = (
    ORG_NOUNS
    | OUTLET_WORDS
    | frozenset(
        """staff assembly council service services forces force guard guards court house union
        bank party front navy command committee university institute center centre corporation
        fund organization organisation association league federation republic kingdom state
        states nations city region oblast province district street square airport station
        bridge river sea ocean island islands mountains valley monday tuesday wednesday
        thursday friday saturday sunday january february march april may june july august
        september october november december telegram twitter facebook instagram youtube
        vkontakte whatsapp tiktok x god covid executive deputy vice senior acting assistant
        associate interim national federal international general special first lady
        supreme high royal""".split()
    )
)
#: Words written before a name as its title (``Governor``, ``Kremlin spokesman``, ``Mr.``).
TITLE_WORDS = TITLES | ROLE_NOUNS | frozenset(ROLE_WORDS) - frozenset("foreign former top".split())
#: Lower-case particles inside a name (``Ursula von der Leyen``).
_PARTICLES = frozenset("von van der den de da di du del della dos bin ibn al el la le".split())
#: Entity labels that a capitalised run may carry and still be a person the model mislabelled.
_MISLABELS = {"ORG", "NORP", "GPE", "LOC", "FAC", "PRODUCT", "WORK_OF_ART"}
#: Entity labels of places: a name so tagged that modifies another word stays a place.
_PLACE_LABELS = {"GPE", "LOC"}
#: Dependencies of a name that modifies another word ("Richmond County investigators").
_MODIFIER_DEPS = {"compound", "poss", "nmod", "npadvmod", "amod"}
_MARKS = "\"'“”‘’«»`"
#: A lawmaker's party letter before a state or town: "D-W.", "R-Texas", "DFL-Cook".
_PARTY_STATE = re.compile(r"(?:D|R|I|DFL)-[A-Z]")


def name_run_ok(words: list[str], countries: Countries | None = None) -> bool:
    """Whether capitalised ``words`` can be a person's name (no organisation, place or date;
    ``countries``: the country tables, the process's when not given)."""
    if not words or len(words) > 4:
        return False
    lowered = [w.lower().strip(".") for w in words]
    if any(w in NOT_NAME_WORDS or w in TITLE_WORDS for w in lowered):
        return False
    if _PARTY_STATE.match("".join(words)):
        return False  # a lawmaker's party and state
    tables = countries if countries is not None else load_countries()
    return not _place_name(" ".join(words), tables) and not any(
        _place_name(w, tables) for w in words
    )


def _place_name(text: str, countries: Countries) -> bool:
    """A country or a seat of government: never a person's name."""
    return bool(government_seat(text) or countries.country_of_name(text.strip(".")))


def _is_name_token(token: Token) -> bool:
    text = token.text
    return (
        token.pos_ == "PROPN"
        and text[:1].isupper()
        and text.replace("-", "").replace("'", "").replace("’", "").replace(".", "").isalpha()
        and token.lower_ not in TITLE_WORDS
    )


def _run_at(doc: Doc, i: int) -> tuple[int, int] | None:
    """The capitalised name tokens starting at ``i``: ``Ana Ruiz``, ``Ursula von der Leyen``,
    ``Jean-Claude Juncker``."""
    if not _is_name_token(doc[i]):
        return None
    end = i + 1
    while end < len(doc) and end - i < 6:
        token = doc[end]
        if _is_name_token(token) and doc[end - 1].whitespace_:
            end += 1
        elif (
            token.text in ("-", "‑")
            and not token.whitespace_
            and not doc[end - 1].whitespace_
            and end + 1 < len(doc)
            and _is_name_token(doc[end + 1])
        ) or (
            token.lower_ in _PARTICLES
            and token.whitespace_
            and end + 1 < len(doc)
            and _is_name_token(doc[end + 1])
        ):
            end += 2
        else:
            break
    return i, end


def _title_before(doc: Doc, start: int) -> bool:
    if start == 0:
        return False
    token = doc[start - 1]
    return token.lower_ in TITLE_WORDS and not token.is_punct


def _role_after(doc: Doc, end: int) -> bool:
    """``Oleksiy Danilov, secretary of ...`` / ``Ana Ruiz, the governor``."""
    if end + 1 >= len(doc) or doc[end].text != ",":
        return False
    for token in doc[end + 1 : min(len(doc), end + 5)]:
        if token.lower_ in ROLE_NOUNS or token.lower_ in TITLES:
            return True
        if token.pos_ not in ("DET", "ADJ", "PROPN", "NOUN", "PART") or token.is_punct:
            return False
    return False


def _other_entity(doc: Doc, start: int, end: int) -> Span | None:
    """A named-entity span of the model overlapping ``[start, end)``."""
    return entity_overlapping(doc, start, end)


def add_missed_persons(
    doc: Doc, index: EntityIndex, clauses: list[Clause], countries: Countries
) -> list[Entity]:
    """Create, retype or extend PERSON entities in ``index``; returns the entities touched."""
    speaker_heads = set()
    for clause in clauses:
        if clause.speaker is not None:
            speaker_heads.update(range(*clause.speaker))
            noun = antecedent(doc[clause.speaker[0]])
            if noun is not None:
                speaker_heads.update(range(*noun_phrase(noun)))
    touched: list[Entity] = []
    proper = [token.pos_ == "PROPN" for token in doc]  # a run starts only at a proper noun
    i = 0
    while i < len(doc):
        if not proper[i]:
            i += 1
            continue
        run = _run_at(doc, i)
        if run is None:
            i += 1
            continue
        start, end = run
        i = end
        words = [t.text.strip(_MARKS) for t in doc[start:end]]
        if not name_run_ok(words, countries):
            continue
        titled = _title_before(doc, start)
        evidence = titled or _role_after(doc, end)
        spoke = any(k in speaker_heads for k in range(start, end))
        if not titled and _place_modifier(doc, index, start, end):
            continue  # "officers from Putnam County said", "Kansas City, Kan., police officer"
        entity = _person_for(doc, index, start, end, evidence, spoke, countries)
        if entity is not None and entity not in touched:
            touched.append(entity)
    positions: dict[str, list[int]] = {}  # token text -> its proper-noun positions
    if touched:
        for token in doc:
            if proper[token.i]:
                positions.setdefault(token.text, []).append(token.i)
    for entity in touched:
        _add_later_mentions(doc, index, entity, positions)
    return touched


def _person_for(
    doc: Doc,
    index: EntityIndex,
    start: int,
    end: int,
    evidence: bool,
    spoke: bool,
    countries: Countries,
) -> Entity | None:
    span = doc[start:end]
    name = span.text.strip(_MARKS + " ")
    ent = _other_entity(doc, start, end)
    if ent is not None and ent.label_ == "PERSON":
        return _extend(doc, index, ent, span)
    if ent is not None and (ent.label_ not in _MISLABELS or not _inside(ent, start, end)):
        return None  # a date, a number, or a longer name of something else
    if not evidence and not (spoke and end - start >= 2):
        return None  # a bare capitalised word, or a name that neither speaks nor holds a title
    existing = index.by_offsets(span.start_char, span.end_char)
    if existing is not None and existing.type != "PERSON":
        if existing.type not in _MISLABELS or any(
            _place_name(w, countries) for w in existing.name.split()
        ):
            return None
        existing.type = "PERSON"  # the model's ORG for "Governor Ana Ruiz"
        if existing.name.strip(_MARKS + " ") != existing.name:
            existing.name = existing.name.strip(_MARKS + " ")
        entity = existing
    else:
        entity = existing or index.by_name(name) or _new_person(index, name)
    index.note_mention(entity, span.start_char, span.end_char)
    for role in roles_of(Span(doc, start, end, label="PERSON")):
        index.add_role(entity, role)
    return entity


def _place_modifier(doc: Doc, index: EntityIndex, start: int, end: int) -> bool:
    """Whether the name at ``doc[start:end]``, which the model or the entity list calls a place
    (GPE, LOC), modifies another word there: a speaker's phrase ("Richmond County investigators
    said", "officers from Putnam County said") or the name before an apposition ("Sen. Max
    Baucus of Montana, the chairman", "Kansas City, Kan., police officer"). It says where
    someone is from, not who: such a name stays a place. A place-tagged name that is itself the
    subject ("Nino Burjanadze, the chair of ..., said") may still be a person."""
    if not _tagged_place(doc, index, start, end):
        return False
    root = next((t for t in doc[start:end] if not start <= t.head.i < end), doc[end - 1])
    if root.dep_ in _MODIFIER_DEPS:
        return True
    if root.dep_ == "pobj":
        return root.head.lower_ != "by"  # "a statement by Ana Ruiz, the governor"
    return root.dep_ == "appos" and root.head.ent_type_ in _PLACE_LABELS


def _tagged_place(doc: Doc, index: EntityIndex, start: int, end: int) -> bool:
    ent = _other_entity(doc, start, end)
    if ent is not None and ent.label_ in _PLACE_LABELS:
        return True
    span = doc[start:end]
    existing = index.by_offsets(span.start_char, span.end_char)
    return existing is not None and existing.type in _PLACE_LABELS


def _inside(ent: Span, start: int, end: int) -> bool:
    """Whether the words of ``ent`` (not its marks or article) all lie in ``[start, end)``."""
    words = [t.i for t in ent if not t.is_punct and t.pos_ != "DET"]
    return bool(words) and start <= words[0] and words[-1] < end


def _new_person(index: EntityIndex, name: str) -> Entity:
    entity = Entity(id=index.new_id("att"), name=name, type="PERSON")
    index.entities.append(entity)
    return entity


def _extend(doc: Doc, index: EntityIndex, ent: Span, run: Span) -> Entity | None:
    """``Dmitry Peskov`` where the model tagged only ``Peskov``: the mention and name grow."""
    entity = index.by_offsets(ent.start_char, ent.end_char)
    if entity is None or entity.type != "PERSON":
        return None
    if not (run.start < ent.start and run.end == ent.end):
        return None
    extra = doc[run.start : ent.start]
    if any(t.dep_ != "compound" or not (ent.start <= t.head.i < ent.end) for t in extra):
        return None
    index.note_mention(entity, run.start_char, run.end_char)
    longer = run.text.strip(_MARKS + " ")
    if len(longer) > len(entity.name) and longer.endswith(entity.name):
        if entity.name not in entity.aliases:
            entity.aliases.append(entity.name)
        entity.name = longer
    return entity


def _add_later_mentions(
    doc: Doc, index: EntityIndex, entity: Entity, positions: dict[str, list[int]] | None = None
) -> None:
    """Other mentions of the full name or the surname, where no other entity sits.

    ``positions`` (token text -> the positions of the proper nouns so written) spares a walk
    over the whole Doc for each entity."""
    surname = entity.name.split()[-1]
    if positions is None:
        positions = {}
        for token in doc:
            if token.pos_ == "PROPN":
                positions.setdefault(token.text, []).append(token.i)
    for i in positions.get(surname, ()):
        token = doc[i]
        if token.ent_type_ and token.ent_type_ not in _MISLABELS | {"PERSON"}:
            continue  # "May" the month, not Theresa May
        owner = index.by_offsets(token.idx, token.idx + len(token))
        if owner is not None and owner is not entity:
            continue
        start = token.i
        while start > 0 and doc[start - 1].text in entity.name.split():
            start -= 1
        span = doc[start : token.i + 1]
        index.note_mention(entity, span.start_char, span.end_char)

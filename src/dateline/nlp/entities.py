"""Named entities merged within one article, with roles from titles and appositions.

"Vladimir Putin", "Putin" and "Russia's President Vladimir Putin" are one entity; the title
and apposition become roles: "Dmitry Peskov, spokesperson for Russia's President Vladimir
Putin" gives Peskov the role "spokesperson for Russia's President Vladimir Putin".

>>> import spacy  # doctest: +SKIP
>>> [e.name for e in extract_entities(nlp("Vladimir Putin spoke. Putin left."))]  # doctest: +SKIP
['Vladimir Putin']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from dateline.nlp.index import ents_of, text_of
from dateline.records import Entity, Place

if TYPE_CHECKING:
    from dateline.geo.countries import Countries
    from dateline.geo.gazetteer import Gazetteer

KEPT_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}

#: Words that make a noun phrase a title or role ("the president", "Kremlin spokesman").
ROLE_WORDS = {
    "president",
    "minister",
    "prime",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "governor",
    "mayor",
    "chancellor",
    "secretary",
    "ambassador",
    "general",
    "gen.",
    "commander",
    "chief",
    "head",
    "leader",
    "senator",
    "sen.",
    "rep.",
    "representative",
    "congressman",
    "congresswoman",
    "speaker",
    "official",
    "adviser",
    "advisor",
    "aide",
    "director",
    "chairman",
    "chairwoman",
    "chair",
    "king",
    "queen",
    "prince",
    "sheikh",
    "envoy",
    "negotiator",
    "diplomat",
    "officer",
    "lawmaker",
    "deputy",
    "mp",
    "judge",
    "prosecutor",
    "attorney",
    "analyst",
    "expert",
    "professor",
    "researcher",
    "correspondent",
    "reporter",
    "editor",
    "founder",
    "ceo",
    "colonel",
    "col.",
    "lt.",
    "major",
    "maj.",
    "sgt.",
    "captain",
    "capt.",
    "admiral",
    "marshal",
    "pope",
    "patriarch",
    "cardinal",
    "bishop",
    "dr.",
    "gov.",
    "lt",
    "vice",
    "foreign",
    "defense",
    "defence",
    "interior",
    "justice",
    "economy",
    "finance",
    "state",
    "press",
    "regional",
    "military",
    "senior",
    "former",
    "acting",
    "top",
    "kremlin",
    "white",
    "house",
    "pentagon",
    "ministry",
    "mr.",
    "mrs.",
    "ms.",
    "mr",
    "mrs",
    "ms",
    "dr",
}
_HONORIFICS = {"mr.", "mrs.", "ms.", "mr", "mrs", "ms", "dr.", "dr"}
_STRIP_LEFT = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_STRIP_RIGHT = re.compile(r"(?:'s|’s|'|’)$")


def extract_entities(
    doc: Doc, countries: Countries | None = None, gazetteer: Gazetteer | None = None
) -> list[Entity]:
    """Entities of ``doc``, merged within the article, in order of first mention.

    ``countries`` (:class:`~dateline.geo.countries.Countries`) gives places, groups and
    titles their country; the process's tables when not given. With a ``gazetteer``, a
    well-known place that the model tags PERSON or ORG is typed GPE (:func:`place_label`).
    """
    if countries is None:
        from dateline.geo.countries import load_countries

        countries = load_countries()
    groups: list[_Group] = []
    for ent in ents_of(doc):
        if ent.label_ not in KEPT_LABELS:
            continue
        name = clean_name(ent.text)
        if not name or not any(ch.isalpha() for ch in name):
            continue
        label = place_label(ent, name, gazetteer) if gazetteer is not None else ent.label_
        group = _find_group(groups, name, label, countries)
        if group is None:
            group = _Group(name=name, label=label)
            groups.append(group)
        group.add(name, ent)
    entities = []
    for n, group in enumerate(groups, start=1):
        entities.append(group.to_entity(f"ent{n}", doc, countries))
    return entities


#: Labels a small model gives well-known places by mistake ("Kyiv" PERSON, "Crimea" ORG).
MISTYPED_PLACE_LABELS = frozenset({"PERSON", "ORG"})
#: Words after a name that make it an organisation or a person's name, not a place.
_ORG_AFTER = re.compile(
    r"[ \t]*(?:'s\s+)?(?:FC|F\.C\.|United|City|Inc|Corp|Co|Ltd|LLC|Group|Airlines?|Bank|"
    r"University|College|Times|Post|News|Herald|Tribune|Journal|Daily|Jr\.?|Sr\.?)\b"
)


def place_label(ent: Span, name: str, gazetteer: Gazetteer) -> str:
    """The label of ``ent``, corrected to GPE when the model typed a well-known place (a
    country, continent, first-level region or large town, by its own name:
    :meth:`~dateline.geo.gazetteer.Gazetteer.well_known`) PERSON or ORG.

    Not when something in the article makes it a person or a body: a title before it ("Mayor
    Tyler"), a person of the article whose name has it as a word ("Paris Hilton", then
    "Paris"), or an organisation's word after it ("Barcelona FC", "Georgia Tech" is ORG as a
    whole and does not match). The Doc's own labels are left as they are.
    """
    label = ent.label_
    if label not in MISTYPED_PLACE_LABELS or gazetteer.well_known(name) is None:
        return label
    if not name[:1].isupper() or any(t.text.lower() in ROLE_WORDS for t in ent):
        return label
    doc = ent.doc
    if ent.start > 0 and doc[ent.start - 1].text.lower() in ROLE_WORDS:
        return label  # "President Jordan", "Mr. Paris"
    if _ORG_AFTER.match(text_of(doc), ent.end_char):
        return label
    words = {w.casefold() for w in name.split()}
    for other in ents_of(doc):
        if other.label_ == "PERSON" and other != ent and len(other) > len(ent):
            if words & {t.text.casefold() for t in other}:
                return label  # "Paris Hilton" names the person this "Paris" is
    return "GPE"


def merge_entities(entities: list[Entity], found: Iterable[Entity]) -> list[Entity]:
    """The article's entities with those another stage found or extended merged in by id.

    Attribution resolves speakers to entities the NER missed ("officials", "Government of
    Russia") and adds mentions, aliases and roles to known ones; it hands them back as
    ``found`` and this stage, which owns the list, takes them in: an entity with a known id
    replaces it, a new one is appended (order is kept, so ids stay in first-seen order).

    >>> a = Entity(id="ent1", name="Peskov", type="PERSON")
    >>> b = Entity(id="ent1", name="Dmitry Peskov", type="PERSON")
    >>> c = Entity(id="src1", name="officials", type="SOURCE")
    >>> [e.name for e in merge_entities([a], [b, c])]
    ['Dmitry Peskov', 'officials']
    """
    found = list(found)
    by_id = {e.id: e for e in found}
    known = {e.id for e in entities}
    return [by_id.get(e.id, e) for e in entities] + [e for e in found if e.id not in known]


def with_place_countries(entities: list[Entity], places: Iterable[Place]) -> list[Entity]:
    """Place entities without a country take the country their resolved mentions lie in.

    The places stage resolves mentions ("Belgorod" -> RU); the entity keeps its own country
    when it has one. Returns new entities; the inputs are left as they are.

    >>> e = Entity(id="ent1", name="Belgorod", type="GPE", mentions=[(0, 8)])
    >>> p = Place(text="Belgorod", start=0, end=8, country="RU")
    >>> with_place_countries([e], [p])[0].country, e.country
    ('RU', None)
    """
    by_span = {(p.start, p.end): p.country for p in places if p.country}
    out = []
    for entity in entities:
        if entity.country is None and entity.type in {"GPE", "LOC", "FAC"}:
            found = [by_span[tuple(m)] for m in entity.mentions if tuple(m) in by_span]
            if found:
                entity = entity.model_copy(update={"country": max(set(found), key=found.count)})
        out.append(entity)
    return out


def clean_name(text: str) -> str:
    """Surface name without a leading article or trailing possessive: "the Kremlin's" -> "Kremlin"."""
    text = " ".join(text.split()).strip("\"'“”‘’ ")
    text = _STRIP_LEFT.sub("", text)
    text = _STRIP_RIGHT.sub("", text).strip(" ,;:")
    # Keep the full stop of an abbreviation ("U.S."), drop a sentence-final one.
    return text if re.search(r"\b[A-Z]\.$", text) else text.rstrip(".")


class _Group:
    def __init__(self, name: str, label: str) -> None:
        self.name = name
        self.label = label
        self.aliases: list[str] = []
        self.spans: list[Span] = []

    def add(self, name: str, span: Span) -> None:
        if len(name) > len(self.name) and self.label in {"PERSON", "ORG"}:
            self.aliases.append(self.name)
            self.name = name
        elif name != self.name and name not in self.aliases:
            self.aliases.append(name)
        self.spans.append(span)

    def to_entity(self, entity_id: str, doc: Doc, countries: Countries) -> Entity:
        roles: list[str] = []
        for span in self.spans:
            for role in roles_of(span):
                if role not in roles and role.lower() != self.name.lower():
                    roles.append(role)
        mentions = sorted({(s.start_char, s.end_char) for s in self.spans})
        aliases = [a for a in self.aliases if a != self.name]
        return Entity(
            id=entity_id,
            name=self.name,
            type=self.label,
            aliases=aliases,
            roles=roles,
            country=_country(self.name, self.label, roles, countries),
            mentions=[list(m) for m in mentions],  # type: ignore[misc]
        )


def _find_group(
    groups: Iterable[_Group], name: str, label: str, countries: Countries
) -> _Group | None:
    key = name.lower()
    for group in groups:
        names = [group.name.lower(), *(a.lower() for a in group.aliases)]
        if key in names and _compatible(label, group.label):
            return group
    if label == "ORG" and " " not in name:
        # A bare surname mislabelled ORG ("Stoltenberg declined") after the full name. Not for
        # places: a headline tagged PERSON ("Rethinking Egypt") must not swallow "Egypt".
        for group in groups:
            if group.label == "PERSON" and group.name.split()[-1] == name and " " in group.name:
                return group
    if label == "PERSON":
        # "Putin" after "Vladimir Putin"; "Vladimir Putin" after "Putin".
        for group in groups:
            if group.label != "PERSON":
                continue
            mine, theirs = key.split(), group.name.lower().split()
            if mine[-1] == theirs[-1] and (len(mine) == 1 or len(theirs) == 1):
                return group
    if label in {"GPE", "LOC"} and (code := countries.country_of(name)):
        for group in groups:
            if group.label in {"GPE", "LOC"} and countries.country_of(group.name) == code:
                return group
    if label == "ORG":
        for group in groups:
            if group.label == "ORG" and (
                _acronym(group.name) == name or _acronym(name) == group.name
            ):
                return group
    return None


def _compatible(a: str, b: str) -> bool:
    """Labels one name may carry across mentions: the small model wavers between place labels
    and NORP for the same word ("Belgorod", "Ukrainian")."""
    places = {"GPE", "LOC", "FAC", "NORP"}
    return a == b or (a in places and b in places)


def _acronym(name: str) -> str:
    words = [w for w in name.split() if w[:1].isupper()]
    return "".join(w[0] for w in words) if len(words) > 1 else ""


# --------------------------------------------------------------------------- roles


def roles_of(span: Span) -> list[str]:
    """Titles and appositions attached to a PERSON mention."""
    if span.label_ != "PERSON":
        return []
    roles = []
    if title := _title_before(span):
        roles.append(title)
    roles.extend(_appositions(span))
    return roles


def _title_before(span: Span) -> str | None:
    """'Kremlin spokesman Dmitry Peskov', "Russia's President Vladimir Putin" -> the title."""
    doc = span.doc
    i = span.start
    start = i
    while start > 0:
        tok = doc[start - 1]
        low = tok.lower_
        modifier = tok.dep_ in {"compound", "amod"} and tok.i < tok.head.i < span.end
        if low in ROLE_WORDS or (modifier and tok.pos_ in {"PROPN", "NOUN", "ADJ"}):
            start -= 1
        elif tok.dep_ == "case" and start >= 2:  # "Russia 's President"
            start -= 2
        else:
            break
    while start < i and doc[start].dep_ == "case":
        start += 1
    tokens = doc[start:i]
    if not tokens or not any(
        t.lower_ in ROLE_WORDS and t.lower_ not in _HONORIFICS for t in tokens
    ):
        return None
    return tokens.text.strip()


def _appositions(span: Span) -> list[str]:
    root = span.root
    found = []
    for child in root.children:
        if child.dep_ == "appos" and child.i >= span.end and _is_role_phrase(child):
            found.append(_phrase(child))
    if root.dep_ == "appos" and root.head.i < span.start:
        head = _climb_to_np(root.head)
        if _is_role_phrase(head):
            found.append(_phrase(head, stop=span.start))
    return found


def _climb_to_np(token: Token) -> Token:
    while token.dep_ in {"pobj", "prep", "poss"} and token.head.i != token.i:
        token = token.head
    return token


def _is_role_phrase(token: Token) -> bool:
    return (
        token.pos_ in {"NOUN", "PROPN"}
        and token.ent_type_ != "PERSON"
        and any(t.lower_ in ROLE_WORDS for t in token.subtree)
    )


def _phrase(token: Token, stop: int | None = None) -> str:
    tokens = [t for t in token.subtree if stop is None or t.i < stop]
    # Cut at the first comma after the head: the rest is another clause.
    cut = [t for t in tokens if t.i > token.i and t.text == ","]
    if cut:
        tokens = [t for t in tokens if t.i < cut[0].i]
    while tokens and (tokens[-1].is_punct or tokens[-1].dep_ == "cc"):
        tokens.pop()
    while tokens and tokens[0].dep_ == "det":
        tokens.pop(0)
    return " ".join(t.text for t in tokens).replace(" 's", "'s").replace(" ’s", "’s")


def _country(name: str, label: str, roles: list[str], countries: Countries) -> str | None:
    """A place's or group's own country; a person's from a country word in a title."""
    if label in {"GPE", "NORP", "LOC"}:
        return countries.country_of(name)
    for role in roles:
        for word in re.findall(r"[A-Z][\w’']+", role):
            code = countries.country_of(word)
            if code:
                return code
    return None

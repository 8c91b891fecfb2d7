"""Speaker resolution: a speaker mention -> an entity with canonical name and roles.

Names match entity mentions by character offsets (then names, aliases and surnames);
pronouns take the nearest compatible antecedent; role nouns (``the president``, ``the Kremlin
spokesperson``) take the latest entity holding that role; capitals and metonyms used as
actors (``Moscow insists``) stand for the country's government; unnamed sources (``officials
said``) become ``SOURCE`` entities, and ``they`` may point back to an unnamed group subject
(``The rebels seized ... They said``); a relative pronoun (``Chait, who noted``) keeps its own
offsets and takes its noun's entity; "I", "we" and "you" are the participants of an interview
turn (:mod:`.interviews`) and stay unresolved (no speaker) elsewhere. Names the NER model
missed are added beforehand by
:mod:`.persons`. Anything else keeps its surface text with no entity.

>>> from dateline.records import Entity
>>> index = EntityIndex([Entity(id="e1", name="Dmitry Peskov", type="PERSON", mentions=[(0, 13)])])
>>> index.by_offsets(0, 13).name
'Dmitry Peskov'
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from dateline.attribution.clauses import antecedent, noun_phrase
from dateline.attribution.interviews import (
    FIRST_PERSON,
    SECOND_PERSON,
    Turn,
    addressee,
    find_turns,
    turn_at,
)
from dateline.attribution.lexicon import (
    FEMALE_NAMES,
    FEMALE_WORDS,
    MALE_NAMES,
    MALE_WORDS,
    ROLE_NOUNS,
    SOURCE_NOUNS,
    TITLES,
)
from dateline.attribution.marks import paragraphs
from dateline.geo.countries import Countries, government_seat, load_countries
from dateline.nlp.index import entity_at, text_of
from dateline.records import Entity, Speaker

ACTOR_TYPES = {"PERSON", "ORG", "GPE", "NORP", "SOURCE", "FAC"}
_PERSON_PRONOUNS = {"he": "m", "him": "m", "she": "f", "her": "f"}
_GROUP_PRONOUNS = {"they", "them", "it"}
#: Heads of organisation descriptions that can point back to a named organisation.
ORG_NOUNS = frozenset(
    """ministry government army military police company party campaign agency committee
    department office council commission administration embassy court firm group""".split()
)
#: Plural nouns for groups of people a later ``they`` can point back to.
GROUP_NOUNS = frozenset(
    """troop force protester demonstrator police rescuer lawmaker leader minister negotiator
    separatist fighter resident villager farmer student""".split()
)
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "some", "several", "many"}


@dataclass
class _Mention:
    entity: Entity
    start: int
    end: int


class EntityIndex:
    """The article's entities, searchable by offsets, names and roles, and extensible."""

    def __init__(self, entities: list[Entity]) -> None:
        self.entities = [e.model_copy(deep=True) for e in entities]
        self._ids = {e.id for e in self.entities}

    def by_offsets(self, start: int, end: int) -> Entity | None:
        """The entity with a mention overlapping ``[start, end)`` (the longest overlap wins)."""
        best, best_overlap = None, 0
        for entity in self.entities:
            for m_start, m_end in entity.mentions:
                if m_start < end and m_end > start:  # they overlap: the only ones that count
                    overlap = (end if end < m_end else m_end) - (
                        start if start > m_start else m_start
                    )
                    if overlap > best_overlap:
                        best, best_overlap = entity, overlap
        return best

    def by_name(self, surface: str) -> Entity | None:
        """The one entity whose name, alias or surname is ``surface`` (None when ambiguous)."""
        key = _clean_name(surface)
        if not key:
            return None
        hits = [
            e
            for e in self.entities
            if key in {_clean_name(n) for n in [e.name, *e.aliases]}
            or (e.type == "PERSON" and key == _clean_name(e.name).split(" ")[-1])
        ]
        unique = {e.id: e for e in hits}
        return next(iter(unique.values())) if len(unique) == 1 else None

    def mentions_before(self, offset: int, types: set[str]) -> list[_Mention]:
        found = [
            _Mention(e, s, t)
            for e in self.entities
            if e.type in types
            for s, t in e.mentions
            if t <= offset
        ]
        return sorted(found, key=lambda m: m.start)

    def new_id(self, stem: str) -> str:
        n = 1
        while f"{stem}{n}" in self._ids:
            n += 1
        self._ids.add(f"{stem}{n}")
        return f"{stem}{n}"

    def add(self, name: str, type_: str, country: str | None = None) -> Entity:
        """The entity named ``name`` of ``type_``, created when missing."""
        for entity in self.entities:
            if entity.type == type_ and entity.name.lower() == name.lower():
                return entity
        stem = {"SOURCE": "src", "ORG": "gov"}.get(type_, "att")
        entity = Entity(id=self.new_id(stem), name=name, type=type_, country=country)
        self.entities.append(entity)
        return entity

    @staticmethod
    def note_mention(entity: Entity, start: int, end: int, alias: str | None = None) -> None:
        if (start, end) not in [tuple(m) for m in entity.mentions]:
            entity.mentions.append((start, end))
            entity.mentions.sort()
        if alias and alias != entity.name and alias not in entity.aliases:
            entity.aliases.append(alias)

    @staticmethod
    def add_role(entity: Entity, role: str) -> None:
        if role and role.lower() not in [r.lower() for r in entity.roles]:
            entity.roles.append(role)


def _country_named(text: str, countries: Countries) -> str | None:
    """The country a GPE mention names as an actor ("Russia said", "the US warned")."""
    text = text.strip()
    if text.lower().startswith("the "):
        text = text[4:]
    return countries.country_of_name(text)


def _entity_span(token: Token) -> Span | None:
    """The named-entity span holding ``token``, if any."""
    if not token.ent_type_:
        return None
    return entity_at(token.doc, token.i)


def _clean_name(text: str) -> str:
    words = [w for w in text.replace("’s", "").replace("'s", "").split() if w.lower() not in TITLES]
    words = [w for w in words if w.lower() not in _DETERMINERS]
    return " ".join(words).lower().strip(" ,.")


def gender(entity: Entity) -> str | None:
    """``"m"``, ``"f"`` or None, from titles, role nouns and first names.

    >>> gender(Entity(id="e", name="Maria Zakharova", type="PERSON"))
    'f'
    """
    words = " ".join([*entity.roles, *entity.aliases]).lower().split()
    if any(w in FEMALE_WORDS for w in words):
        return "f"
    if any(w in MALE_WORDS for w in words):
        return "m"
    first = entity.name.split()[0].lower() if entity.name.split() else ""
    if first in FEMALE_NAMES:
        return "f"
    if first in MALE_NAMES:
        return "m"
    return None


class SpeakerResolver:
    """Resolve speaker mentions of one article against its :class:`EntityIndex`."""

    def __init__(
        self,
        doc: Doc,
        index: EntityIndex,
        quoted: list[tuple[int, int]],
        countries: Countries | None = None,
        outlet: str | None = None,
    ) -> None:
        self.countries = countries if countries is not None else load_countries()
        self.doc = doc
        self.index = index
        self.quoted = quoted
        self.outlet = outlet
        self.last_speaker: dict[int, Entity] = {}
        self.paragraphs = paragraphs(text_of(doc))
        self._turns: list[Turn] | None = None
        self._token_starts: list[int] | None = None  # character offset of each token

    def resolve(self, start: int, end: int) -> Speaker | None:
        """The speaker for the token span ``[start, end)`` of the doc; None for "I", "we" or
        "you" where no interview turn says who they are."""
        span = self.doc[start:end]
        if len(span) == 1 and span[0].lower_ in FIRST_PERSON | SECOND_PERSON:
            return self._participant(span)
        target = span
        noun = antecedent(span[0]) if len(span) == 1 else None
        if noun is not None:  # "Chait, who noted": the mention is "who", the speaker Chait
            target = self.doc[slice(*noun_phrase(noun))]
        entity = self._named_apposition(target) or self._entity_for(target)
        if entity is not None:
            self.index.note_mention(entity, span.start_char, span.end_char)
            self.last_speaker[span.start_char] = entity
            return Speaker(
                entity=entity.id, name=entity.name, start=span.start_char, end=span.end_char
            )
        return Speaker(entity=None, name=target.text, start=span.start_char, end=span.end_char)

    def _participant(self, span: Span) -> Speaker | None:
        """"I"/"we" are the speaker of the interview turn they are in, "you" the other party
        (:mod:`.interviews`); outside a turn with a known speaker they stay unresolved."""
        if self._turns is None:
            names = [e.name for e in self.index.entities if e.type in ("PERSON", "ORG")]
            self._turns = find_turns(text_of(self.doc), names, self.outlet)
        n = turn_at(self._turns, span.start_char)
        if n is None:
            return None
        first = span[0].lower_ in FIRST_PERSON
        name = self._turns[n].name if first else addressee(self._turns, n)
        if name is None:
            return None
        entity = next((e for e in self.index.entities if e.name == name), None)
        if entity is None:  # a surname or an alias; never a shorter form ("WN")
            entity = self.index.by_name(name)
            if entity is not None and len(entity.name) < len(name):
                entity = None
        if entity is None:
            entity = self.index.add(name, "ORG" if name == self.outlet else "PERSON")
        self.index.note_mention(entity, span.start_char, span.end_char)
        return Speaker(entity=entity.id, name=entity.name, start=span.start_char, end=span.end_char)

    def _named_apposition(self, span: Span) -> Entity | None:
        """``A spokesman for the port, Tom Reyes, said``: the description's apposition names
        the speaker; the description becomes the person's role."""
        root = span.root
        if root.pos_ != "NOUN" or _entity_span(root) is not None:
            return None
        for child in root.rights:
            if child.dep_ != "appos" or child.i < span.end:
                continue
            named = _entity_span(child)
            entity = self.index.by_offsets(named.start_char, named.end_char) if named else None
            if entity is not None and entity.type == "PERSON":
                role = [t for t in span if t.lower_ not in _DETERMINERS]
                if role:
                    self.index.add_role(entity, self.doc[role[0].i : span.end].text)
                return entity
        return None

    def _entity_for(self, span: Span) -> Entity | None:
        root = span.root
        lower = root.lower_
        if len(span) == 1 and (lower in _PERSON_PRONOUNS or lower in _GROUP_PRONOUNS):
            return self._antecedent(span)
        government = self._government(span)
        if government is not None:
            return government
        named = _entity_span(root)
        if named is not None:
            entity = self.index.by_offsets(named.start_char, named.end_char)
            if entity is not None and entity.type in ACTOR_TYPES:
                return self._government(named) if entity.type == "GPE" else entity
            return self.index.by_name(named.text)
        person = self.index.by_offsets(root.idx, root.idx + len(root))
        if person is not None and person.type == "PERSON":
            return person  # a name the model missed, found by :mod:`.persons`
        if root.tag_ == "NNS" and (lower in SOURCE_NOUNS or root.lemma_.lower() in SOURCE_NOUNS):
            return self._source(span)
        if root.lemma_.lower() in ROLE_NOUNS or lower in ROLE_NOUNS:
            return self._role_holder(span)
        if lower in ORG_NOUNS and span[0].lower_ in ("the", "its", "their"):
            return self._named_org(span)
        if lower in SOURCE_NOUNS or root.lemma_.lower() in SOURCE_NOUNS:
            return self._source(span)
        return None

    def _named_org(self, span: Span) -> Entity | None:
        """``the ministry`` -> the latest ORG whose name ends in ``ministry``."""
        noun = span.root.lower_
        hits = [
            m
            for m in self.index.mentions_before(span.start_char, {"ORG"})
            if m.entity.name.lower().split()[-1:] == [noun]
        ]
        return hits[-1].entity if hits else None

    def _government(self, span: Span) -> Entity | None:
        code = government_seat(span.text)
        if code is None and span.root.ent_type_ == "GPE":
            code = _country_named(span.text, self.countries)
        country = self.countries.country_name(code)
        if code is None or country is None:
            return None
        entity = self.index.add(f"Government of {country}", "ORG", country=code)
        self.index.note_mention(entity, span.start_char, span.end_char, alias=span.text)
        return entity

    def _source(self, span: Span) -> Entity:
        words = [t for t in span if t.lower_ not in _DETERMINERS]
        name = (span.doc[words[0].i : span.end].text if words else span.text).strip()
        entity = self.index.add(name, "SOURCE")
        return entity

    def _role_holder(self, span: Span) -> Entity | None:
        """``the president`` -> the latest PERSON whose roles name that noun."""
        first = span[0].lower_
        if first in ("a", "an", "one", "another"):
            return self._source(span)
        noun = span.root.lower_
        modifiers = {t.lower_ for t in span if t.i != span.root.i and t.lower_ not in _DETERMINERS}
        best, best_key = None, (-1, -1)
        for mention in self.index.mentions_before(span.start_char, {"PERSON"}):
            roles = " ".join(mention.entity.roles).lower().replace(",", " ").split()
            if noun not in roles and span.root.lemma_.lower() not in roles:
                continue
            shared = len(modifiers & set(roles))
            key = (shared, mention.start)
            if key > best_key:
                best, best_key = mention.entity, key
        return best or self._role_holder_ahead(span, noun)

    def _role_holder_ahead(self, span: Span, noun: str) -> Entity | None:
        """A lede's ``the regional governor said`` names the governor in the next paragraph."""
        starts = [start for start, _ in self.paragraphs if start > span.end_char]
        limit = starts[1] if len(starts) > 1 else len(text_of(self.doc))
        ahead = [
            (start, entity)
            for entity in self.index.entities
            if entity.type == "PERSON"
            and noun in " ".join(entity.roles).lower().replace(",", " ").split()
            for start, _ in entity.mentions
            if span.end_char <= start < limit
        ]
        return min(ahead, key=lambda pair: pair[0])[1] if ahead else None

    def _antecedent(self, span: Span) -> Entity | None:
        pronoun = span.root.lower_
        window_start = self._previous_paragraph_start(span.start_char)
        if pronoun in _PERSON_PRONOUNS:
            types, want = {"PERSON"}, _PERSON_PRONOUNS[pronoun]
        else:
            types, want = {"ORG", "GPE", "SOURCE", "NORP"}, None
        candidates = []
        for mention in self.index.mentions_before(span.start_char, types):
            if mention.start < window_start or self._inside_quote(mention.start):
                continue
            if want and gender(mention.entity) not in (None, want):
                continue
            candidates.append(mention)
        group = self._plural_subject(span, window_start) if pronoun in ("they", "them") else None
        if not candidates:
            return self._source(group) if group is not None else None
        subjects = [m for m in candidates if self._is_subject(m)]
        chosen = (subjects or candidates)[-1]
        if group is not None and group.start_char > chosen.start:
            return self._source(group)  # "The rebels seized the town. They said ..."
        return chosen.entity

    def _plural_subject(self, span: Span, window_start: int) -> Span | None:
        """The latest plural subject of unnamed people before ``span`` (``The rebels``)."""
        found = None
        if self._token_starts is None:
            self._token_starts = [token.idx for token in self.doc]
        first = bisect_left(self._token_starts, window_start)  # tokens before it never count
        for token in self.doc[first : span.start]:
            if (
                token.idx >= window_start
                and token.dep_ in ("nsubj", "nsubjpass")
                and token.tag_ in ("NNS", "NNPS")
                and token.lemma_.lower() in SOURCE_NOUNS | GROUP_NOUNS
                and not self._inside_quote(token.idx)
            ):
                found = token
        if found is None:
            return None
        start = min(t.i for t in found.subtree if t.i <= found.i)
        return self.doc[start : found.i + 1]

    def _previous_paragraph_start(self, offset: int) -> int:
        """Start of the paragraph before ``offset``'s, reaching past paragraphs that are all
        quotation: a narrator's ``he said`` after them points back to whoever was named
        before them, never to a name inside them."""
        before = [para for para in self.paragraphs if para[0] <= offset]
        if len(before) < 2:
            return 0
        k = len(before) - 2
        while k > 0 and len(before) - 2 - k < 3 and self._all_quoted(*before[k]):
            k -= 1
        return before[k][0]

    def _all_quoted(self, start: int, end: int) -> bool:
        text = text_of(self.doc)
        outside = list(text[start:end])
        for q_start, q_end in self.quoted:
            for i in range(max(start, q_start), min(end, q_end)):
                outside[i - start] = " "
        return not any(c.isalnum() for c in outside)

    def _inside_quote(self, offset: int) -> bool:
        return any(start <= offset < end for start, end in self.quoted)

    def _is_subject(self, mention: _Mention) -> bool:
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            return False
        return span.root.dep_ in ("nsubj", "nsubjpass") or mention.start in self.last_speaker

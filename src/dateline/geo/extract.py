"""Places in an article: find the place mentions in a parsed Doc, then resolve them.

Mentions are spaCy's GPE and LOC entities plus the GPE/LOC mentions of the article's entity list.
A span that the entity list gives to a person, organisation or any other non-place entity is not
a place ("Paris Hilton", "Washington" the president); a longer mention around a place name
("Alaska Gov. Sarah Palin", a speaker's phrase) is not a veto of the place inside. Demonyms and country adjectives (NORP:
"Ukrainian helicopters", "Russian soil") are not places: they only add their country to the
context (use :func:`dateline.geo.country_of` to read a country off them). Places inside the
names of organisations ("the Paris Police Department"), a lawmaker's state ("D-Calif."), and
names the model missed but the words around them make places ("an Alexandria woman", "from
Fresno") are found too; see ``README.md`` in this folder.

>>> extract_places(nlp("Shelling hit the Belgorod region."), [])  # doctest: +SKIP
[Place(text='the Belgorod region', ..., country='RU', feature='A.ADM1')]
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate

from dateline.geo.aliases import US_STATES_AP
from dateline.geo.countries import Countries, load_countries, tables_of
from dateline.geo.gazetteer import PRIMARY, Gazetteer, load_gazetteer
from dateline.geo.resolve import (
    REGION_WORDS,
    link_containers,
    lookup,
    mention,
    resolve_mentions,
    to_place,
)
from dateline.nlp.index import ents_of, text_of
from dateline.records import CountryRef, Entity, Place

#: spaCy labels and entity types that name places.
PLACE_LABELS = frozenset({"GPE", "LOC"})
#: Entity types that do not veto the places inside them ("officials in Kyiv" is a SOURCE).
UNNAMED_TYPES = frozenset({"SOURCE"})
#: Labels of facilities: places when the gazetteer knows the name as a town or region.
FACILITY_LABELS = frozenset({"FAC"})
#: Labels of organisations: places only when the name is exactly a country or region.
ORG_LABELS = frozenset({"ORG"})
#: Words that make an unknown name a place anyway.
FEATURE_WORDS = frozenset(
    "street st road rd avenue ave boulevard blvd drive highway interstate route lane square "
    "bridge river lake sea ocean gulf bay strait canal island islands peninsula coast beach "
    "mountain mountains mount hill hills valley desert forest park creek falls airport port "
    "county parish district region province state territory city town village borough "
    "north south east west northern southern eastern western central northeast northwest "
    "southeast southwest northeastern northwestern southeastern southwestern midwest".split()
)
#: First or last words of street names.
STREET_WORDS = frozenset(
    "street st road rd avenue ave boulevard blvd drive dr highway hwy interstate route lane "
    "parkway pike way court place square".split()
)
#: Labels read as places after a locative preposition when they name a large place.
CUED_LABELS = frozenset({"PERSON", "NORP"})
LOCATIVES = frozenset({"in", "near", "outside", "across", "around", "from"})
#: Labels that add a country to the context without being places themselves.
CONTEXT_LABELS = frozenset({"NORP"})
#: Words after a town's name that make the name part of a local body's name: the town is named
#: ("the Paris Police Department", "Carthage Police Officer Justin Garner").
CIVIC_WORDS = frozenset(
    "police fire sheriff sheriff's city county town township village borough school schools "
    "independent unified public municipal board council court circuit district department "
    "library hospital medical memorial regional community area high middle elementary "
    "university college state chamber housing water parks planning historical museum airport "
    "mayor commissioners".split()
)
#: Heads of "<head> of <place>" names: "University of Cincinnati", "the City of Oxford".
OF_HEADS = frozenset(
    "university college city town village county state province port republic government "
    "diocese archdiocese mayor".split()
)

_COMMA_PART = re.compile(r"[^,]+")
_WORD = re.compile(r"[A-Za-z]+")
_PREV_WORD = re.compile(r"\b([A-Za-z]+)\s+$")
_DATELINE = re.compile(
    r"(?:^|\n|[.!?][ \t]+)[ \t]*([A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]+){0,2})"
    r"(?=,| ?(?:--|[—–]) ?| - | \()"
)
#: "Rep. Nick Rahall, D-W. Va." and "Sen. Tom Bakk, DFL-Cook": a lawmaker's state or home town.
_PARTY_PLACE = re.compile(
    r"\b(?:D|R|I|DFL)-((?:[A-Z][a-z]*\.?)(?: ?[A-Z][a-z]*\.?)?(?: [A-Z][a-z]+)?)(?=[,;)]|\s*[-—–])"
)
#: A capitalised name after a locative preposition, outside any entity: "a school near Gilroy".
_AFTER_LOCATIVE = re.compile(
    r"\b(?:in|near|outside|from|to|toward|towards|into|across|around)\s+"
    r"([A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})\b"
)
#: A name before a word for its people: "an Alexandria woman", "Williston man, 87, killed".
_TOWNSPEOPLE = re.compile(
    r"\b(?!(?:A|An|The|This|That|Another|One)\b)([A-Z][a-z]+(?: [A-Z][a-z]+)?) "
    r"(?:man|woman|men|women|boy|girl|teen|teenager|resident|residents|native|natives)\b"
)
_CAPITALISED = re.compile(r"[A-Z][\w.&'’-]*")
_NEXT_WORD = re.compile(r"[ \t]*([A-Za-z]+)")


def extract_places(
    doc, entities: Sequence[Entity] = (), gazetteer: Gazetteer | None = None
) -> list[Place]:
    """The places mentioned in ``doc``, resolved against the gazetteer, in text order.

    ``entities`` is the article's entity list (``dateline.nlp.entities``): its PERSON/ORG/...
    mentions veto place spans, its GPE/LOC mentions add them. Mentions the gazetteer does not
    know are kept with only their text and offsets.
    """
    if not text_of(doc).strip():
        return []
    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    spans = place_spans(doc, entities, gaz)
    if not spans:
        return []
    text = text_of(doc)
    mentions = link_containers(text, [mention(text, s, e) for s, e in spans])
    mentions = [m for m in mentions if m.query]
    entries = resolve_mentions(mentions, gaz, context_countries(doc, entities, tables_of(gaz)))
    return [to_place(m, e) for m, e in zip(mentions, entries, strict=True)]


def place_spans(
    doc, entities: Sequence[Entity] = (), gazetteer: Gazetteer | None = None
) -> list[tuple[int, int]]:
    """Character spans of place mentions, in order, without overlaps or non-place vetoes.

    A name followed by a region word is a place whatever its label ("Kherson oblast" tagged
    PERSON); a facility (FAC) is a place when the gazetteer names a town, region or country so
    (small models tag "Kharkiv" FAC); a GPE that is a demonym ("Ukrainian") is not. "Paris,
    Texas" tagged as one entity gives two spans.
    """
    text = text_of(doc)
    regional = [
        (e.start_char, e.end_char) for e in ents_of(doc) if _before_region_word(text, e.end_char)
    ]
    gaz = gazetteer if gazetteer is not None else (load_gazetteer() if text.strip() else None)
    countries = tables_of(gaz)
    regional += _mislabelled_places(doc, entities, gaz)
    regional += dateline_spans(text, gaz) if gaz is not None else []
    regional += party_place_spans(text, gaz) if gaz is not None else []
    regional += cued_spans(doc, gaz) if gaz is not None else []
    # A country's name that the model tags GPE stays a place even when the entity list merged
    # it into a person or work ("Egypt" into a headline "Rethinking Egypt" tagged PERSON).
    regional += [
        (e.start_char, e.end_char)
        for e in ents_of(doc)
        if e.label_ == "GPE" and countries.country_of_name(e.text) and " " not in e.text.strip()
    ]
    embedded = set(embedded_spans(doc, entities, gaz)) if gaz is not None else set()
    found = [(e.start_char, e.end_char) for e in ents_of(doc) if e.label_ in PLACE_LABELS]
    found += [span for ent in entities if ent.type in PLACE_LABELS for span in ent.mentions]
    found += gazetteer_spans(doc, entities, gaz) if gaz is not None else []
    found = [s for s in found if not is_demonym(text[s[0] : s[1]], countries)] + regional + [*embedded]
    named = [
        tuple(span)
        for ent in entities
        if ent.type not in PLACE_LABELS | UNNAMED_TYPES
        for span in ent.mentions
    ]
    vetoed = _naming_mentions(named, found)
    # The entity stage types a well-known place GPE where the model said PERSON or ORG ("Kyiv"):
    # its word outranks the Doc's label.
    retyped = {tuple(span) for ent in entities if ent.type in PLACE_LABELS for span in ent.mentions}
    vetoed += [
        (e.start_char, e.end_char)
        for e in ents_of(doc)
        if e.label_ not in PLACE_LABELS and (e.start_char, e.end_char) not in retyped
    ]
    regional_set = set(regional)
    vetoed = [v for v in vetoed if v not in regional_set]
    vetoed.sort()
    veto_starts = [v[0] for v in vetoed]
    veto_reach = list(accumulate((v[1] for v in vetoed), max))  # furthest end so far
    spans: list[tuple[int, int]] = []
    for start, end in sorted(set(found), key=lambda s: (s[0], -s[1])):
        if start >= end or end > len(text):
            continue
        k = bisect_left(veto_starts, end) - 1  # the last veto starting before ``end``
        if (start, end) not in embedded and k >= 0 and veto_reach[k] > start:
            continue
        if spans and start < spans[-1][1]:
            continue  # nested in or crossing the previous span
        spans.extend(_split_commas(text, start, end))
    if gaz is None:
        return spans
    return [s for s in spans if _plausible(gaz, text, *s)]


def _naming_mentions(
    mentions: Sequence[tuple[int, int]], found: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The non-place entity mentions that veto place spans: all but those that strictly contain
    a place span found. Such a mention describes someone by a place ("Alaska Gov. Sarah Palin",
    "Sen. Max Baucus of Montana", "D-W. Va." -- speaker resolution records the whole phrase);
    it does not rename the place inside it, as a mention of just that name does ("Washington"
    merged into the person George Washington)."""
    if not mentions or not found:
        return list(mentions)
    spans = sorted(set(found))
    starts = [s for s, _ in spans]
    kept = []
    for start, end in mentions:
        k = bisect_left(starts, start)
        inside = False
        while k < len(spans) and spans[k][0] < end:
            s, e = spans[k]
            if e <= end and (s, e) != (start, end):
                inside = True
                break
            k += 1
        if not inside:
            kept.append((start, end))
    return kept


def _plausible(gaz: Gazetteer, text: str, start: int, end: int) -> bool:
    """A span the gazetteer knows, a name of several words ("Faubourg Marigny"), or one whose
    words say it is a place ("Gulf"). Unknown one-word GPEs are mostly people or firms the model
    mislabelled ("Saakashvili", "Titan")."""
    m = mention(text, start, end)
    if any(not c.entry.is_minor for c in lookup(gaz, m)):
        return True
    words = [w.casefold() for w in _WORD.findall(m.query)]
    if not words or words[-1] in ("of", "the", "and") or all(w in FEATURE_WORDS for w in words):
        return False  # "the City of", "North"
    return len(words) > 1 or words[0] in FEATURE_WORDS


def _mislabelled_places(doc, entities: Sequence[Entity], gaz) -> list[tuple[int, int]]:
    """Spans a small model gets wrong: a FAC that the gazetteer names as a town or region
    ("Kharkiv"), an ORG that is exactly a country or first-level region ("Texas", "U.S."), a
    one-word PERSON/NORP after "in"/"near"/... that names a large place ("from Kyiv")."""
    if gaz is None:
        return []
    text = text_of(doc)
    found = []
    for label, start, end in _labelled_spans(doc, entities):
        name = text[start:end]
        if label in FACILITY_LABELS and (_named_place(gaz, name) or _street(name)):
            found.append((start, end))
        elif label in ORG_LABELS and _country_or_region(gaz, name):
            found.append((start, end))
        elif label in CUED_LABELS and " " in name.strip() and _country_or_region(gaz, name):
            found.append((start, end))  # "Tamil Nadu" tagged PERSON
        elif label in CUED_LABELS and _after_locative(text, start) and _large_place(gaz, name):
            found.append((start, end))
        elif label in NAMED_LABELS and _named_region(gaz, name):
            found.append((start, end))  # "McMinn County" tagged PERSON, "Benue State" ORG
        elif (
            label in NAMED_LABELS
            and _after_locative(text, start)
            and not is_demonym(name, tables_of(gaz))
            and _town_of_note(gaz, name)
        ):
            found.append((start, end))  # "a school in Glen Carbon" tagged ORG
    return found


#: Labels under which a small model files local places it does not know.
NAMED_LABELS = frozenset({"PERSON", "ORG", "NORP"})
#: Words that end the name of a second-level region: "McMinn County", "Rapides Parish".
COUNTY_WORDS = frozenset("county parish oblast province governorate prefecture krai".split())


def _named_region(gaz: Gazetteer, name: str) -> bool:
    """A region named with its generic word that the gazetteer knows ("McMinn County")."""
    words = name.split()
    return (
        len(words) > 1
        and words[-1].casefold() in COUNTY_WORDS
        and all(w[:1].isupper() for w in words)
        and any(c.entry.is_region for c in gaz.lookup(name))
    )


def _town_of_note(gaz: Gazetteer, name: str) -> bool:
    """A town by its own name that the gazetteer has with a GeoNames id (5,000 people or more)."""
    return any(
        c.match == PRIMARY and c.entry.feature[0] == "P" and not c.entry.is_minor
        for c in gaz.lookup(name)
    )


def _after_locative(text: str, start: int) -> bool:
    before = _PREV_WORD.search(text, max(0, start - 12), start)
    return bool(before) and before.group(1).casefold() in LOCATIVES


def _large_place(gaz: Gazetteer, name: str, one_word: bool = True) -> bool:
    """A (one-word) name of a country, region or town of 100,000 people or more."""
    return (not one_word or " " not in name.strip()) and any(
        c.match == PRIMARY and (c.entry.feature[0] == "A" or c.entry.population >= 100_000)
        for c in gaz.lookup(name)
    )


def _street(name: str) -> bool:
    """Streets and roads are places ("Darby Street", "Highway 19"), though no gazetteer has them."""
    words = name.casefold().replace(".", " ").split()
    return len(words) > 1 and (words[-1] in STREET_WORDS or words[0] in STREET_WORDS)


def dateline_spans(text: str, gaz: Gazetteer) -> list[tuple[int, int]]:
    """Datelines in capitals that open a line ("BEIRUT —", "MANSFIELD, Ohio") and name a place.

    Models rarely tag words in capitals; a gazetteer name there is the story's place.
    """
    found = []
    for match in _DATELINE.finditer(text):
        name = match.group(1).strip()
        if _named_place(gaz, name.title()):
            found.append((match.start(1), match.start(1) + len(name)))
    return found


def cued_spans(doc, gaz: Gazetteer) -> list[tuple[int, int]]:
    """Names the model left untagged (or tagged as a person) that the words around them make
    places: a large place after "in", "near", "from"... ("sent to Fresno"), any town before a
    word for its people ("an Alexandria woman")."""
    text = text_of(doc)
    ents = [(e.start_char, e.end_char, e.label_) for e in ents_of(doc)]
    found = []
    for match in _AFTER_LOCATIVE.finditer(text):
        span = match.span(1)
        if not _ents_overlapping(ents, span) and _large_place(gaz, match.group(1), one_word=False):
            found.append(span)
    for match in _TOWNSPEOPLE.finditer(text):
        span = match.span(1)
        near = _ents_overlapping(ents, span)
        labels = {label for _, _, label in near}
        exact = any((s, e) == span for s, e, _ in near)
        if (not labels or (exact and labels <= {"PERSON", "ORG", "GPE"})) and _town(
            gaz, match.group(1)
        ):
            found.append(span)
    return found


#: Words before a capitalised name that make it a person's: "Mr. Jackson", "Sen. Warren".
_PERSON_BEFORE = frozenset(
    "mr mrs ms miss dr sir lady lord rev gov sen rep gen col capt sgt lt president minister "
    "mayor governor senator coach judge officer chief king queen prince princess pope saint "
    "st".split()
)


_OPENERS = frozenset(
    {".", "!", "?", '"', "“", "‘", "'", "(", "[", ":", "—", "–", "-", "--", "•", "*"}
)


def gazetteer_spans(
    doc, entities: Sequence[Entity], gaz: Gazetteer
) -> list[tuple[int, int]]:
    """Capitalised names the model left untagged that the gazetteer knows as places.

    A run of capitalised words outside every entity is a place when the whole run names one:
    a well-known place by its own name (a country, continent, first-level region, a town of
    100,000+: :meth:`~dateline.geo.gazetteer.Gazetteer.well_known`), or, of several words, any
    town or region ("Rapides Parish", "Falls Church"). Not a part of a longer name ("Jackson
    Browne" is no Jackson), not after a title ("Mr. Lincoln"), not a demonym, not in capitals
    (a dateline has its own rule), and, at a sentence's start, only a well-known place ("Will",
    "Mobile" and "Reading" open sentences as words). With a parse, every word is a proper noun.

    >>> doc = nlp("Talks moved from Geneva to Nairobi.")  # doctest: +SKIP
    >>> [doc.text[s:e] for s, e in gazetteer_spans(doc, [], load_gazetteer())]  # doctest: +SKIP
    ['Geneva', 'Nairobi']
    """
    text = text_of(doc)
    taken = sorted(
        [(e.start_char, e.end_char) for e in ents_of(doc)]
        + [tuple(span) for ent in entities for span in ent.mentions]
    )
    taken_starts = [s for s, _ in taken]
    taken_reach = list(accumulate((e for _, e in taken), max))
    tagged = doc.has_annotation("POS")
    countries = tables_of(gaz)
    found = []
    i, n = 0, len(doc)
    while i < n:
        if not _capitalised_word(doc[i]):
            i += 1
            continue
        j = i + 1
        while j < n and j - i < 5 and _capitalised_word(doc[j]):
            j += 1
        run, i = doc[i:j], j
        if len(run) > 3 or (tagged and any(t.pos_ != "PROPN" for t in run)):
            continue
        start, end = run.start_char, run.end_char
        name = _strip_possessive(text[start:end])
        end = start + len(name)
        k = bisect_left(taken_starts, end) - 1
        if k >= 0 and taken_reach[k] > start:
            continue  # overlaps an entity: the other rules read it
        before = doc[run.start - 1] if run.start > 0 else None
        title = before
        if title is not None and title.text == "." and run.start > 1:
            title = doc[run.start - 2]  # "Mr" "." where the tokenizer splits the full stop
        if title is not None and title.text.casefold().rstrip(".") in _PERSON_BEFORE:
            continue
        if is_demonym(name, countries) or _generic(name):
            continue
        opening = before is None or run[0].is_sent_start or before.text in _OPENERS
        if gaz.well_known(name) is not None or (
            len(run) > 1
            and not opening
            and any(c.match == PRIMARY and not c.entry.is_minor for c in gaz.lookup(name))
        ):
            found.append((start, end))
    return found


def _capitalised_word(token) -> bool:
    text = token.text
    return (
        len(text) > 1
        and text[0].isupper()
        and not text.isupper()
        and text.replace("-", "").replace(".", "").isalpha()
    )


def _ents_overlapping(
    ents: list[tuple[int, int, str]], span: tuple[int, int]
) -> list[tuple[int, int, str]]:
    """The entities (in text order, apart) overlapping ``span``, found by bisection."""
    n = bisect_right(ents, span[0], key=lambda e: e[1])  # the first ending after the start
    out = []
    while n < len(ents) and ents[n][0] < span[1]:
        out.append(ents[n])
        n += 1
    return out


def _town(gaz: Gazetteer, name: str) -> bool:
    return not is_demonym(name, tables_of(gaz)) and any(
        c.match == PRIMARY and c.entry.feature in ("P.PPL", "P.PPLC") and not c.entry.is_minor
        for c in gaz.lookup(name)
    )


def party_place_spans(text: str, gaz: Gazetteer) -> list[tuple[int, int]]:
    """The state or town after a lawmaker's party letter: "D-Calif.", "R-W. Va.", "DFL-Cook"."""
    found = []
    for match in _PARTY_PLACE.finditer(text):
        name = match.group(1)
        if name in US_STATES_AP or _named_place(gaz, name):
            found.append((match.start(1), match.end(1)))
    return found


def embedded_spans(doc, entities: Sequence[Entity], gaz: Gazetteer) -> list[tuple[int, int]]:
    """Places named inside the name of an organisation or facility: a country or first-level
    region that opens it ("the Texas Department of Health", "the U.S. House"), a town before a
    civic word ("the Paris Police Department", "Palestine Independent School District"), the
    place in "University of Cincinnati" or "the City of Oxford". Country adjectives stay out
    ("British Waterways")."""
    text = text_of(doc)
    found = []
    for label, start, end in _labelled_spans(doc, entities):
        if label not in ORG_LABELS | FACILITY_LABELS:
            continue
        words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text[start:end])]
        words = [(start + a, start + b) for a, b in words]
        if words and text[words[0][0] : words[0][1]].casefold() == "the":
            words = words[1:]
        span = _leading_place(gaz, text, words) or _place_after_of(gaz, text, words)
        if span:
            found.append(span)
    return found


def _leading_place(gaz: Gazetteer, text: str, words: list[tuple[int, int]]):
    for k in (3, 2, 1):
        if len(words) <= k:
            continue
        head = words[:k]
        if not all(_CAPITALISED.fullmatch(text[a:b]) for a, b in head):
            continue
        start, end = head[0][0], head[-1][1]
        name = _strip_possessive(text[start:end])
        end = start + len(name)
        after = text[words[k][0] : words[k][1]].casefold().strip(".,;:")
        if not name or is_demonym(name, tables_of(gaz)) or _generic(name):
            continue  # "Central Michigan University", "Western Union" name no region
        if _country_or_region(gaz, name) or (after in CIVIC_WORDS and _named_place(gaz, name)):
            return (start, end)
    return None


def _generic(name: str) -> bool:
    words = [w.casefold() for w in _WORD.findall(name)]
    return all(w in FEATURE_WORDS | {"superior", "union", "capital"} for w in words)


def _place_after_of(gaz: Gazetteer, text: str, words: list[tuple[int, int]]):
    for i in range(1, len(words) - 1):
        if text[words[i][0] : words[i][1]] != "of":
            continue
        if text[words[i - 1][0] : words[i - 1][1]].casefold() not in OF_HEADS:
            return None
        tail = []
        for a, b in words[i + 1 : i + 4]:
            if not _CAPITALISED.fullmatch(text[a:b]):
                break
            tail.append((a, b))
        for k in range(len(tail), 0, -1):
            start, end = tail[0][0], tail[k - 1][1]
            name = _strip_possessive(text[start:end])
            if _named_place(gaz, name) and not is_demonym(name, tables_of(gaz)):
                return (start, start + len(name))
        return None
    return None


def _strip_possessive(name: str) -> str:
    for suffix in ("'s", "’s", "'", "’", ",", "."):
        if name.endswith(suffix) and not (suffix == "." and _ABBREVIATED.search(name)):
            return name[: -len(suffix)]
    return name


_ABBREVIATED = re.compile(r"(?:^|[\s.])[A-Z][a-z]{0,3}\.$")


def _labelled_spans(doc, entities: Sequence[Entity]) -> Iterator[tuple[str, int, int]]:
    for e in ents_of(doc):
        yield e.label_, e.start_char, e.end_char
    for ent in entities:
        for start, end in ent.mentions:
            yield ent.type, start, end


def _country_or_region(gaz: Gazetteer, name: str) -> bool:
    """A country, continent or union ("EU"), or a first-level region by its own name."""
    return any(
        c.entry.is_country
        or c.entry.feature == "L.CONT"
        or (c.entry.feature == "A.ADM1" and c.match == PRIMARY)
        for c in gaz.lookup(name)
    )


def _named_place(gaz: Gazetteer, name: str) -> bool:
    return any(c.match == PRIMARY and not c.entry.is_minor for c in gaz.lookup(name))


def is_demonym(text: str, countries: Countries | None = None) -> bool:
    """Whether ``text`` is a country adjective or demonym rather than a name (``countries``:
    the tables to read, the process's when not given).

    >>> is_demonym("Ukrainian"), is_demonym("Ukraine"), is_demonym("Kharkiv")
    (True, False, False)
    """
    tables = countries if countries is not None else load_countries()
    return tables.country_of(text) is not None and tables.country_of_name(text) is None


def context_countries(
    doc, entities: Sequence[Entity] = (), countries: Countries | None = None
) -> list[str]:
    """ISO codes of the countries the article refers to by demonyms or adjectives (NORP)."""
    tables = countries if countries is not None else load_countries()
    names: Iterable[str] = [
        e.text for e in ents_of(doc) if e.label_ in CONTEXT_LABELS or is_demonym(e.text, tables)
    ]
    names = [*names, *(ent.name for ent in entities if ent.type in CONTEXT_LABELS)]
    return [code for code in map(tables.country_of, names) if code]


def country_references(
    doc, entities: Sequence[Entity] = (), countries: Countries | None = None
) -> list[CountryRef]:
    """The countries the article names by demonyms and adjectives, in text order: the NORP
    spans of the model and of the entity list, and GPE spans that are demonyms ("Ukrainian
    helicopters", "Russians", "Britain's" is a name and no reference). They are not places.

    >>> country_references(nlp("Ukrainian drones hit Russian soil."))  # doctest: +SKIP
    [CountryRef(text='Ukrainian', start=0, end=9, country='UA'), CountryRef(text='Russian', ...)]
    """
    tables = countries if countries is not None else load_countries()
    spans = {
        (e.start_char, e.end_char)
        for e in ents_of(doc)
        if e.label_ in CONTEXT_LABELS or (e.label_ in PLACE_LABELS and is_demonym(e.text, tables))
    }
    spans |= {
        tuple(span) for ent in entities if ent.type in CONTEXT_LABELS for span in ent.mentions
    }
    refs = []
    for start, end in sorted(spans):
        text = text_of(doc)[start:end]
        code = tables.country_of(text)
        if code and is_demonym(text, tables) and not (refs and refs[-1].end > start):
            refs.append(CountryRef(text=text, start=start, end=end, country=code))
    return refs


def _before_region_word(text: str, end: int) -> bool:
    after = _NEXT_WORD.match(text, end)
    return bool(after) and after.group(1).casefold() in REGION_WORDS - {"state"}


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _split_commas(text: str, start: int, end: int) -> list[tuple[int, int]]:
    parts = []
    for part in _COMMA_PART.finditer(text, start, end):
        s, e = part.start(), part.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            parts.append((s, e))
    return parts

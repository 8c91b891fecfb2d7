"""Entities merged within an article, with roles. Model-free tests build Docs by hand."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from dateline.nlp.entities import clean_name, extract_entities


def make_doc(words, ents, heads=None, deps=None, pos=None):
    """A Doc from words, entity (start, end, label) token spans and an optional parse."""
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps, pos=pos)
    doc.ents = [
        doc.char_span(doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), label=lab) for s, e, lab in ents
    ]
    return doc


def test_surname_merges_with_full_name_either_order():
    doc = make_doc(
        ["Putin", "spoke", ".", "Vladimir", "Putin", "left", ".", "Putin", "returned"],
        [(0, 1, "PERSON"), (3, 5, "PERSON"), (7, 8, "PERSON")],
    )
    [e] = extract_entities(doc)
    assert e.name == "Vladimir Putin" and e.aliases == ["Putin"]
    assert [doc.text[s:e] for s, e in e.mentions] == ["Putin", "Vladimir Putin", "Putin"]


def test_different_people_with_different_surnames_stay_apart():
    doc = make_doc(
        ["Dmitry", "Peskov", "and", "Vladimir", "Putin"], [(0, 2, "PERSON"), (3, 5, "PERSON")]
    )
    assert [e.name for e in extract_entities(doc)] == ["Dmitry Peskov", "Vladimir Putin"]


def test_acronym_merges_with_long_form():
    words = ["NATO", "met", ".", "The", "North", "Atlantic", "Treaty", "Organization", "agreed"]
    doc = make_doc(words, [(0, 1, "ORG"), (4, 8, "ORG")])
    [e] = extract_entities(doc)
    assert e.name == "North Atlantic Treaty Organization" and e.aliases == ["NATO"]


def test_surname_mislabelled_as_org_joins_the_person():
    doc = make_doc(
        ["Jens", "Stoltenberg", "spoke", ".", "Stoltenberg", "declined"],
        [(0, 2, "PERSON"), (4, 5, "ORG")],
    )
    [e] = extract_entities(doc)
    assert e.type == "PERSON" and len(e.mentions) == 2


def test_non_entity_labels_are_ignored():
    doc = make_doc(["On", "Friday", "15,000", "troops"], [(1, 2, "DATE"), (2, 3, "CARDINAL")])
    assert extract_entities(doc) == []


@pytest.mark.parametrize(
    "raw,clean",
    [
        ("the Kremlin's", "Kremlin"),
        ("U.S.", "U.S."),
        ("Moscow.", "Moscow"),
        ("’ Oleksiy Danilov", "Oleksiy Danilov"),
        ("The  United States", "United States"),
    ],
)
def test_clean_name(raw, clean):
    assert clean_name(raw) == clean


@pytest.mark.model
def test_apposition_and_title_become_roles(nlp):
    doc = nlp(
        "Dmitry Peskov, spokesperson for Russia's President Vladimir Putin, said the talks "
        "had failed. Putin did not comment."
    )
    by_name = {e.name: e for e in extract_entities(doc)}
    assert by_name["Dmitry Peskov"].roles == ["spokesperson for Russia's President Vladimir Putin"]
    assert by_name["Vladimir Putin"].roles == ["Russia's President"]
    assert len(by_name["Vladimir Putin"].mentions) == 2


@pytest.mark.model
def test_title_before_name_is_a_role(nlp):
    doc = nlp("Kremlin spokesman Dmitry Peskov told reporters on Friday that talks would go on.")
    person = next(e for e in extract_entities(doc) if e.type == "PERSON")
    assert person.name == "Dmitry Peskov" and person.roles == ["Kremlin spokesman"]


@pytest.mark.model
def test_apposition_before_the_name(nlp):
    doc = nlp(
        "The governor of the region, Vyacheslav Gladkov, wrote in a Telegram post that two "
        "people were hurt."
    )
    person = next(e for e in extract_entities(doc) if e.type == "PERSON")
    assert person.roles and person.roles[0].startswith("governor of")


def test_same_name_under_wavering_place_labels_is_one_entity():
    doc = make_doc(
        ["Belgorod", "burned", ".", "The", "Belgorod", "region"], [(0, 1, "GPE"), (4, 5, "NORP")]
    )
    [e] = extract_entities(doc)
    assert e.name == "Belgorod" and len(e.mentions) == 2


def test_a_place_never_merges_into_a_person_named_after_it():
    doc = make_doc(
        ["Rethinking", "Egypt", ".", "Egypt", "voted"], [(0, 2, "PERSON"), (3, 4, "GPE")]
    )
    assert [e.type for e in extract_entities(doc)] == ["PERSON", "GPE"]


# --- well-known places the small model types PERSON or ORG, corrected from the gazetteer


@pytest.fixture(scope="module")
def small_gazetteer():
    from dateline.geo.gazetteer import Entry, Gazetteer

    gaz = Gazetteer()
    gaz.add(Entry("Kyiv", "UA", 50.45, 30.52, "P.PPLC", 2_797_553, 703448), ["Kiev"])
    gaz.add(Entry("Crimea", "UA", 45.0, 34.0, "A.ADM1", 1_900_000, None))
    gaz.add(Entry("Paris", "FR", 48.85, 2.35, "P.PPLC", 2_138_551, 2988507))
    gaz.add(Entry("Jordan", "JO", 31.0, 36.0, "A.PCLI", 6_500_000, 248816))
    gaz.add(Entry("Barcelona", "ES", 41.39, 2.16, "P.PPL", 1_621_537, 3128760))
    gaz.add(Entry("Smallville", "US", 38.0, -97.0, "P.PPL", 4_000, 1))
    return gaz.freeze()


def _types(doc, gazetteer):
    return [(e.name, e.type) for e in extract_entities(doc, gazetteer=gazetteer)]


def test_a_city_tagged_person_is_a_place(small_gazetteer):
    doc = make_doc(["Missiles", "hit", "Kyiv", "overnight", "."], [(2, 3, "PERSON")])
    assert _types(doc, small_gazetteer) == [("Kyiv", "GPE")]
    assert _types(doc, None) == [("Kyiv", "PERSON")]  # without a gazetteer, the model's label


def test_a_region_tagged_org_is_a_place(small_gazetteer):
    doc = make_doc(["Russia", "annexed", "Crimea", "in", "2014", "."], [(2, 3, "ORG")])
    assert _types(doc, small_gazetteer) == [("Crimea", "GPE")]


def test_a_place_name_that_is_part_of_a_persons_name_stays_a_person(small_gazetteer):
    doc = make_doc(
        ["Paris", "Hilton", "arrived", ".", "Paris", "smiled", "."],
        [(0, 2, "PERSON"), (4, 5, "PERSON")],
    )
    assert [t for _, t in _types(doc, small_gazetteer)] in (["PERSON"], ["PERSON", "PERSON"])


def test_a_title_keeps_a_person_named_like_a_country(small_gazetteer):
    doc = make_doc(["President", "Jordan", "said", "no", "."], [(1, 2, "PERSON")])
    assert _types(doc, small_gazetteer) == [("Jordan", "PERSON")]


def test_an_organisation_word_after_the_name_keeps_it_an_org(small_gazetteer):
    doc = make_doc(["Barcelona", "FC", "won", "."], [(0, 1, "ORG")])
    assert _types(doc, small_gazetteer) == [("Barcelona", "ORG")]


def test_a_small_town_is_not_well_known_enough(small_gazetteer):
    doc = make_doc(["Smallville", "said", "no", "."], [(0, 1, "PERSON")])
    assert _types(doc, small_gazetteer) == [("Smallville", "PERSON")]

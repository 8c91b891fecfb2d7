"""extract_places over hand-built Docs (no model), and a few integration tests with the model."""

from __future__ import annotations

import pytest

from dateline.attribution import extract_attributions
from dateline.geo import extract_places, place_spans
from dateline.geo.extract import context_countries
from dateline.geo.resolve import link_containers, mention, resolve_mentions
from dateline.nlp.entities import extract_entities, merge_entities
from dateline.records import Article, Entity
from handbuilt import build


def _places(doc, entities=()):
    return [(p.text, p.country, p.feature) for p in extract_places(doc, list(entities))]


def test_paris_hilton_is_not_paris(make_doc):
    doc = make_doc(
        "Paris Hilton flew to Paris, France.",
        [("Paris Hilton", "PERSON"), ("Paris", "GPE"), ("France", "GPE")],
    )
    assert _places(doc) == [("Paris", "FR", "P.PPLC"), ("France", "FR", "A.PCLI")]


def test_entity_list_vetoes_a_place_span(make_doc):
    # spaCy says GPE, but the entity stage merged this "Paris" into the person Paris Hilton.
    doc = make_doc("Paris Hilton arrived. Paris smiled.", [("Paris", "PERSON"), ("Paris", "GPE")])
    person = Entity(id="e1", name="Paris Hilton", type="PERSON", mentions=[(0, 12), (22, 27)])
    assert _places(doc, [person]) == []


def test_entity_list_adds_place_mentions(make_doc):
    doc = make_doc("Troops left Kharkiv.", [])
    city = Entity(id="e1", name="Kharkiv", type="GPE", mentions=[(12, 19)])
    assert _places(doc, [city]) == [("Kharkiv", "UA", "P.PPL")]


def test_paris_texas_in_one_entity_gives_two_places(make_doc):
    doc = make_doc("The fair in Paris, Texas drew crowds.", [("Paris, Texas", "GPE")])
    assert _places(doc) == [("Paris", "US", "P.PPL"), ("Texas", "US", "A.ADM1")]


def test_region_word_after_a_mislabelled_name(make_doc):
    doc = make_doc(
        "Shelling hit the Kherson oblast and the Belgorod region.",
        [("Kherson", "PERSON"), ("Belgorod", "NORP")],
    )
    assert _places(doc) == [("Kherson", "UA", "A.ADM1"), ("Belgorod", "RU", "A.ADM1")]


def test_demonyms_are_context_not_places(make_doc):
    doc = make_doc(
        "Ukrainian helicopters crossed onto Russian soil near Belgorod.",
        [("Ukrainian", "GPE"), ("Russian", "NORP"), ("Belgorod", "GPE")],
    )
    assert _places(doc) == [("Belgorod", "RU", "P.PPL")]
    assert sorted(context_countries(doc)) == ["RU", "UA"]


def test_records_carry_offsets_coordinates_and_ids(make_doc):
    text = "Protests spread from Kyiv to Lviv."
    doc = make_doc(text, [("Kyiv", "GPE"), ("Lviv", "GPE")])
    places = extract_places(doc, [])
    assert [text[p.start : p.end] for p in places] == ["Kyiv", "Lviv"]
    kyiv = places[0]
    assert kyiv.feature == "P.PPLC" and kyiv.geonames_id == 703448
    assert abs(kyiv.lat - 50.45) < 0.1 and abs(kyiv.lon - 30.52) < 0.1


def test_unknown_places_keep_their_span(make_doc):
    doc = make_doc("They sailed to Atlantis Bay.", [("Atlantis Bay", "LOC")])
    [place] = extract_places(doc, [])
    assert (place.text, place.name, place.lat) == ("Atlantis Bay", None, None)


def test_unknown_one_word_names_are_dropped(make_doc):
    # A small model tags surnames GPE; a one-word name no gazetteer knows is not kept.
    doc = make_doc(
        "Saakashvili met voters in Tbilisi.", [("Saakashvili", "GPE"), ("Tbilisi", "GPE")]
    )
    assert [p.text for p in extract_places(doc, [])] == ["Tbilisi"]


def test_org_that_is_exactly_a_state_is_a_place(make_doc):
    doc = make_doc(
        "Kentucky fined the Chelsea Football Club.",
        [("Kentucky", "ORG"), ("Chelsea Football Club", "ORG")],
    )
    assert _places(doc) == [("Kentucky", "US", "A.ADM1")]


@pytest.mark.parametrize("text", ["", " ", "\n\n", "...", "—"])
def test_empty_or_odd_documents(make_doc, text):
    assert extract_places(make_doc(text, []), []) == []
    assert place_spans(make_doc(text, []), []) == []


@pytest.mark.model
def test_model_paris_hilton_and_paris_france(nlp):
    doc = nlp("Paris Hilton flew to Paris, France, on Monday for a show in Paris, Texas.")
    places = [(p.text, p.country) for p in extract_places(doc, [])]
    assert ("Paris", "FR") in places and ("Paris", "US") in places
    assert all(not p[0].startswith("Paris Hilton") for p in places)


@pytest.mark.model
def test_model_region_words_and_demonyms(nlp):
    doc = nlp(
        "Ukrainian helicopters struck fuel depots in the Belgorod region, Russia's governor said."
    )
    places = {p.text: p for p in extract_places(doc, [])}
    assert "Ukrainian" not in places
    belgorod = next(p for p in places.values() if "Belgorod" in p.text)
    assert belgorod.feature == "A.ADM1" and belgorod.country == "RU"


@pytest.mark.model
def test_model_with_entity_stage(nlp):
    from dateline.nlp.entities import extract_entities

    doc = nlp("Russian forces shelled Kharkiv on Monday, the governor of Kharkiv said.")
    places = extract_places(doc, extract_entities(doc))
    assert places and {p.country for p in places} == {"UA"}


def test_streets_tagged_fac_are_places_without_coordinates(make_doc):
    doc = make_doc(
        "The crash on Darby Street closed the Webb Center.",
        [("Darby Street", "FAC"), ("the Webb Center", "FAC")],
    )
    assert [(p.text, p.lat) for p in extract_places(doc, [])] == [("Darby Street", None)]


def test_capitalised_dateline_is_a_place(make_doc):
    doc = make_doc("BEIRUT — Jets struck the city. THE END, he said.", [])
    assert _places(doc) == [("BEIRUT", "LB", "P.PPLC")]


def test_fragments_are_not_places(make_doc):
    doc = make_doc("Officials of the City of Dallas spoke.", [("the City of", "GPE")])
    # The fragment is no place; the untagged name after it is one the gazetteer knows well.
    assert [p.text for p in extract_places(doc, [])] == ["Dallas"]


def test_unnamed_sources_do_not_veto_places_inside_them(make_doc):
    doc = make_doc("Officials in Kyiv said so.", [("Kyiv", "GPE")])
    source = Entity(id="s1", name="officials in Kyiv", type="SOURCE", mentions=[(0, 17)])
    assert _places(doc, [source]) == [("Kyiv", "UA", "P.PPLC")]


def test_a_large_place_after_in_is_a_place_whatever_its_label(make_doc):
    doc = make_doc(
        "Zelensky spoke in Kyiv. Lviv Smith met Paris Hilton.",
        [
            ("Zelensky", "PERSON"),
            ("Kyiv", "PERSON"),
            ("Lviv Smith", "PERSON"),
            ("Paris Hilton", "PERSON"),
        ],
    )
    assert _places(doc) == [("Kyiv", "UA", "P.PPLC")]


def test_region_names_of_several_words_tagged_person_are_places(make_doc):
    doc = make_doc(
        "Floods hit Tamil Nadu. Georgia Smith left.",
        [("Tamil Nadu", "PERSON"), ("Georgia Smith", "PERSON")],
    )
    assert _places(doc) == [("Tamil Nadu", "IN", "A.ADM1")]


def test_places_inside_organisation_names(make_doc):
    doc = make_doc(
        "The Paris Police Department and the Texas Department of Health met at the "
        "University of Cincinnati with British Waterways and Central Michigan University.",
        [
            ("Paris Police Department", "ORG"),
            ("the Texas Department of Health", "ORG"),
            ("University of Cincinnati", "ORG"),
            ("British Waterways", "ORG"),
            ("Central Michigan University", "ORG"),
        ],
    )
    places = _places(doc)
    assert [p[0] for p in places] == ["Paris", "Texas", "Cincinnati"]
    assert places[0][1] == "US" and places[1] == ("Texas", "US", "A.ADM1")


def test_a_town_before_a_word_that_is_not_civic_stays_inside_its_organisation(make_doc):
    doc = make_doc("Paris Saint-Germain won.", [("Paris Saint-Germain", "ORG")])
    assert _places(doc) == []


def test_lawmakers_state_after_the_party_letter(make_doc):
    doc = make_doc(
        "Rep. Nick Rahall, D-W. Va., and Sen. Dianne Feinstein, D-Calif., agreed.",
        [("Nick Rahall", "PERSON"), ("Dianne Feinstein", "PERSON")],
    )
    assert _places(doc) == [("W. Va.", "US", "A.ADM1"), ("Calif.", "US", "A.ADM1")]


def test_dateline_after_a_headline_with_double_hyphen(make_doc):
    doc = make_doc("Barn fire kills cattle. COLUMBUS -- Firefighters said. UPDATE -- none.", [])
    assert [p[0] for p in _places(doc)] == ["COLUMBUS"]


def test_untagged_large_place_after_a_preposition(make_doc):
    doc = make_doc("The bus went from Fresno to May Hill with Tom.", [("Tom", "PERSON")])
    assert _places(doc) == [("Fresno", "US", "P.PPL")]


def test_a_town_before_a_word_for_its_people(make_doc):
    doc = make_doc(
        "An Alexandria woman was charged. Smith man of the match.",
        [("Alexandria", "PERSON"), ("Smith", "PERSON")],
    )
    assert [p[0] for p in _places(doc)] == ["Alexandria"]


def test_the_eu_is_placed_at_europe(make_doc):
    doc = make_doc("The EU said Eu is a town.", [("EU", "ORG"), ("Eu", "GPE")])
    assert _places(doc) == [("EU", None, "L.CONT"), ("Eu", "FR", "P.PPL")]


def test_a_country_tagged_gpe_survives_a_person_merge(make_doc):
    doc = make_doc(
        "Rethinking Egypt. Egypt voted.", [("Rethinking Egypt", "PERSON"), ("Egypt", "GPE")]
    )
    title = Entity(id="e1", name="Rethinking Egypt", type="PERSON", mentions=[(0, 16), (18, 23)])
    assert _places(doc, [title]) == [("Egypt", "EG", "A.PCLI")]


def test_a_person_described_by_a_place_leaves_the_place(make_doc):
    # Speaker resolution records "Alaska Gov. Sarah Palin" as a mention of Palin: the longer
    # phrase describes her; "Alaska" inside it is still a place. A mention of just the name
    # (the second "Alaska", merged into her) still vetoes it.
    text = "Alaska Gov. Sarah Palin said Alaska would wait."
    doc = make_doc(text, [("Alaska", "GPE"), ("Sarah Palin", "PERSON"), ("Alaska", "GPE")])
    palin = Entity(id="e1", name="Sarah Palin", type="PERSON", mentions=[(0, 23)])
    assert _places(doc, [palin]) == [("Alaska", "US", "A.ADM1")] * 2
    merged = palin.model_copy(update={"mentions": [(0, 23), (29, 35)]})
    assert [p.start for p in extract_places(doc, [merged])] == [0]


def test_a_place_in_a_speakers_phrase_survives_attribution():
    # The whole path the places stage reads: entity list, with what attribution found merged.
    doc = build(
        """
        Law law NOUN NN compound 1
        officers officer NOUN NNS nsubj 5
        from from ADP IN prep 1
        Putnam Putnam PROPN NNP compound 4 B-GPE
        County County PROPN NNP pobj 2 I-GPE
        said say VERB VBD ROOT 5
        the the DET DT det 7
        teens teen NOUN NNS nsubjpass 9
        were be AUX VBD auxpass 9
        found_ find VERB VBN ccomp 5
        ._ . PUNCT . punct 5
        """
    )
    named = extract_entities(doc)
    result = extract_attributions(doc, named, Article(id="t", text=doc.text))
    entities = merge_entities(named, result.found_entities)
    assert [p.text for p in extract_places(doc, entities)] == ["Putnam County"]


def test_a_well_known_place_the_model_tags_person_is_a_place_through_the_entity_stage(make_doc):
    from dateline.geo import load_gazetteer

    gaz = load_gazetteer()
    doc = make_doc(
        "Drones struck Kyiv and Crimea overnight.", [("Kyiv", "PERSON"), ("Crimea", "ORG")]
    )
    # The model's PERSON vetoes Kyiv (an ORG that is exactly a region was a place already).
    assert _places(doc, extract_entities(doc)) == [("Crimea", "UA", "A.ADM1")]
    entities = extract_entities(doc, gazetteer=gaz)
    assert [e.type for e in entities] == ["GPE", "GPE"]
    assert _places(doc, entities) == [("Kyiv", "UA", "P.PPLC"), ("Crimea", "UA", "A.ADM1")]


def test_a_small_town_is_resolved_but_never_makes_a_name_a_place(make_doc):
    from dateline.geo import load_gazetteer

    gaz = load_gazetteer()
    towns = [c.entry for c in gaz.lookup("Rogersville") if c.entry.is_minor]
    assert {t.admin1 for t in towns} >= {"Tennessee", "Missouri"}  # from cities1000 alone
    doc = make_doc("ROGERSVILLE, Tenn. — A Rogersville man was hurt.", [])
    places = extract_places(doc, [], gaz)
    # The dateline's capitals and "a ... man" read only larger towns as places.
    assert all(p.text != "Rogersville" for p in places)
    text = "ROGERSVILLE, Tenn. — A man was hurt."
    mentions = link_containers(text, [mention(text, 0, 11), mention(text, 13, 18)])
    assert [e.admin1 or e.name for e in resolve_mentions(mentions, gaz)] == [
        "Tennessee",
        "Tennessee",
    ]


def test_demonyms_are_country_references_not_places(make_doc):
    from dateline.geo import country_references

    doc = make_doc(
        "Ukrainian drones hit Russian soil near Belgorod, Russians said.",
        [("Ukrainian", "NORP"), ("Russian", "NORP"), ("Belgorod", "GPE"), ("Russians", "GPE")],
    )
    refs = country_references(doc, extract_entities(doc))
    assert [(r.text, r.country) for r in refs] == [
        ("Ukrainian", "UA"),
        ("Russian", "RU"),
        ("Russians", "RU"),
    ]
    assert all(doc.text[r.start : r.end] == r.text for r in refs)
    assert [p[0] for p in _places(doc)] == ["Belgorod"]


def test_the_record_carries_country_references_beside_its_places(pipeline):
    from dateline.pipeline import analyze_text

    record = analyze_text(
        "Ukrainian drones struck an oil depot in Belgorod, Russian officials said.",
        published="2022-04-01",
        nlp=pipeline,
    )
    assert {(r.text, r.country) for r in record.country_refs} >= {("Ukrainian", "UA")}
    assert not {p.text for p in record.places} & {r.text for r in record.country_refs}
    assert record.schema_version == "3"


def test_untagged_names_the_gazetteer_knows_well_are_places(make_doc):
    from dateline.geo.extract import gazetteer_spans

    doc = make_doc(
        "Talks moved from Geneva to Nairobi. Mr. Lincoln met Jackson Browne in Rapides Parish. "
        "Hope was slow.",
        [],
    )
    names = [doc.text[s:e] for s, e in gazetteer_spans(doc, [], _gaz())]
    # Well-known towns; a region named with its generic word. Not a name after a title, not a
    # part of a longer name, not a sentence's first word unless it is well known.
    assert names == ["Geneva", "Nairobi", "Rapides Parish"]


def test_untagged_names_inside_entities_are_left_to_the_entity_rules(make_doc):
    from dateline.geo.extract import gazetteer_spans

    doc = make_doc("The Geneva Convention applies.", [("The Geneva Convention", "LAW")])
    assert gazetteer_spans(doc, [], _gaz()) == []


def test_a_county_or_a_noted_town_tagged_person_or_org_is_a_place(make_doc):
    doc = make_doc(
        "Deputies in McMinn County and a school in Glen Carbon closed. Franklin said no.",
        [("McMinn County", "PERSON"), ("Glen Carbon", "ORG"), ("Franklin", "PERSON")],
    )
    assert [p[0] for p in _places(doc)] == ["McMinn County", "Glen Carbon"]


def _gaz():
    from dateline.geo import load_gazetteer

    return load_gazetteer()

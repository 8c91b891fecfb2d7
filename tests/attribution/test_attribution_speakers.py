"""Speakers the small NER model misses, pronouns, roles, governments and unnamed sources."""

from __future__ import annotations

from typing import NamedTuple

import pytest

from dateline.attribution import extract_attributions
from dateline.attribution.persons import name_run_ok
from dateline.nlp.entities import extract_entities, merge_entities
from dateline.records import Article, Entity


def run(nlp, text: str, outlet: str | None = "Daily Ledger"):
    """The attribution result, with ``entities``: the entity stage's list after merging."""
    doc = nlp(text)
    named = extract_entities(doc)
    result = extract_attributions(doc, named, Article(id="t", text=text, outlet=outlet))
    return Merged(result.quotes, merge_entities(named, result.found_entities))


class Merged(NamedTuple):
    quotes: list
    entities: list[Entity]


def test_name_runs_exclude_organisations_places_and_dates() -> None:
    assert name_run_ok(["Ana", "Ruiz"])
    assert not name_run_ok(["Defence", "Ministry"])
    assert not name_run_ok(["Moscow"])
    assert not name_run_ok(["Monday"])


@pytest.mark.model
def test_titled_name_the_model_missed_becomes_a_person(nlp) -> None:
    text = 'Governor Ana Ruiz ordered the evacuation of three towns. "We cannot wait," she said.'
    result = run(nlp, text)
    (quote,) = result.quotes
    assert quote.speaker is not None and quote.speaker.name == "Ana Ruiz"
    person = next(e for e in result.entities if e.id == quote.speaker.entity)
    assert person.type == "PERSON"
    assert any("Governor" in role for role in person.roles)


@pytest.mark.model
def test_inverted_speaker_with_a_role_apposition(nlp) -> None:
    text = (
        "‘There is no question of a ceasefire,’ Oleksiy Danilov, secretary of Ukraine’s "
        "security council, told the BBC."
    )
    result = run(nlp, text)
    (quote,) = result.quotes
    assert quote.kind == "direct"
    assert quote.speaker is not None and quote.speaker.name == "Oleksiy Danilov"
    person = next(e for e in result.entities if e.id == quote.speaker.entity)
    assert person.type == "PERSON"


@pytest.mark.model
def test_first_name_outside_the_model_mention_joins_the_name(nlp) -> None:
    text = (
        "Dmitry Peskov, spokesperson for Russia's President Vladimir Putin, said on Tuesday "
        "that Moscow had nothing to do with it. Peskov left."
    )
    result = run(nlp, text)
    assert result.quotes[0].speaker.name == "Dmitry Peskov"


@pytest.mark.model
def test_a_lone_capitalised_word_is_not_made_a_person(nlp) -> None:
    result = run(nlp, "Naftogaz said the pipeline was damaged.")
    assert not [e for e in result.entities if e.type == "PERSON"]


@pytest.mark.model
def test_untitled_two_word_name_of_a_speaker_becomes_a_person(nlp) -> None:
    result = run(nlp, "Ana Ruiz said the dam would hold. Ruiz left at noon.")
    (quote,) = result.quotes
    person = next(e for e in result.entities if e.id == quote.speaker.entity)
    assert (person.name, person.type) == ("Ana Ruiz", "PERSON")
    assert len(person.mentions) == 2


@pytest.mark.model
def test_they_takes_a_plural_group_subject(nlp) -> None:
    text = "The rebels seized the town on Monday. They said the army had fled."
    result = run(nlp, text)
    (quote,) = result.quotes
    source = next(e for e in result.entities if e.id == quote.speaker.entity)
    assert source.type == "SOURCE" and source.name == "rebels"


@pytest.mark.model
def test_he_takes_the_titled_speaker(nlp) -> None:
    text = (
        "Colonel Yuri Ihnat said the air force had shot down 20 drones. "
        "He added that two got through."
    )
    quotes = run(nlp, text).quotes
    assert [q.speaker.name for q in quotes] == ["Yuri Ihnat", "Yuri Ihnat"]
    assert quotes[1].speaker.entity == quotes[0].speaker.entity is not None


@pytest.mark.model
def test_she_takes_the_female_antecedent(nlp) -> None:
    text = "Maria Zakharova met Sergei Lavrov in Moscow. She said the meeting went well."
    (quote,) = run(nlp, text).quotes
    assert quote.speaker.name == "Maria Zakharova"


@pytest.mark.model
def test_western_reports_are_an_unnamed_source(nlp) -> None:
    result = run(nlp, "Western reports suggest Russia has lost 200 tanks.")
    (quote,) = result.quotes
    source = next(e for e in result.entities if e.id == quote.speaker.entity)
    assert (source.name, source.type) == ("Western reports", "SOURCE")
    assert quote.text == "Russia has lost 200 tanks"


@pytest.mark.model
def test_moscow_insists_is_the_russian_government(nlp) -> None:
    result = run(nlp, "Moscow insists the sanctions have failed.")
    (quote,) = result.quotes
    government = next(e for e in result.entities if e.id == quote.speaker.entity)
    assert (government.name, government.type, government.country) == (
        "Government of Russia",
        "ORG",
        "RU",
    )


@pytest.mark.model
def test_kremlin_spokesperson_is_the_person_with_that_apposition(nlp) -> None:
    text = (
        "Dmitry Peskov, the Kremlin spokesperson, spoke on Monday.\n\n"
        "The Kremlin spokesperson said the talks had stalled."
    )
    (quote,) = run(nlp, text).quotes
    assert quote.speaker.name == "Dmitry Peskov"
    assert text[quote.speaker.start : quote.speaker.end] == "The Kremlin spokesperson"


@pytest.mark.model
def test_relative_pronoun_is_the_mention_and_its_noun_the_speaker(nlp) -> None:
    text = "He met Jonathan Chait, who noted that the party was divided."
    (quote,) = run(nlp, text).quotes
    assert text[quote.speaker.start : quote.speaker.end] == "who"
    assert quote.speaker.name == "Jonathan Chait" and quote.speaker.entity is not None


@pytest.mark.model
def test_title_words_do_not_become_people(nlp) -> None:
    result = run(nlp, "Chief Executive Officer Tim Cook said sales were strong.")
    assert [e.name for e in result.entities if e.type == "PERSON"] == ["Tim Cook"]

"""Direct, indirect and mixed quotes, channels, relays and chains on sentences written here."""

from __future__ import annotations

from typing import NamedTuple

import pytest

from dateline.attribution import AttributionResult, extract_attributions
from dateline.nlp.entities import extract_entities, merge_entities
from dateline.records import Article, Entity

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def parse(nlp):
    return nlp


def entities_of(doc) -> list[Entity]:
    """The entity stage's entities (names merged, roles from titles and appositions)."""
    return extract_entities(doc)


def run(parse, text: str, outlet: str | None = "Daily Ledger"):
    """The attribution result, with ``entities``: the entity stage's list after merging."""
    doc = parse(text)
    named = entities_of(doc)
    result = extract_attributions(doc, named, Article(id="t", text=text, outlet=outlet))
    return Merged(result, merge_entities(named, result.found_entities))


class Merged(NamedTuple):
    result: AttributionResult
    entities: list[Entity]

    @property
    def quotes(self):
        return self.result.quotes

    @property
    def non_comments(self):
        return self.result.non_comments

    @property
    def warnings(self):
        return self.result.warnings


def test_direct_quote_with_inverted_attribution(parse) -> None:
    result = run(parse, '"We will rebuild every house," said Mayor Anna Kowalski.')
    (quote,) = result.quotes
    assert quote.kind == "direct"
    assert quote.text == "We will rebuild every house,"
    assert quote.cue == "said"
    assert quote.speaker.name == "Anna Kowalski" and quote.speaker.entity is not None


def test_interrupted_quote_keeps_its_speaker(parse) -> None:
    text = '"The operation is going to plan," Peskov said, "and it will continue until the end."'
    quotes = run(parse, text).quotes
    assert [q.text for q in quotes] == [
        "The operation is going to plan,",
        "and it will continue until the end.",
    ]
    assert {q.speaker.name for q in quotes} == {"Peskov"}
    assert [q.id for q in quotes] == ["q1", "q2"]


def test_multi_paragraph_quote_and_followup_paragraph(parse) -> None:
    text = (
        'Maria Lopez spoke first. "We have lost everything in this flood.\n\n'
        '"Nobody came to help us for three days," she said.'
    )
    quotes = run(parse, text).quotes
    assert len(quotes) == 1
    assert "\n\n" in quotes[0].text
    assert quotes[0].speaker.name == "Maria Lopez"


def test_indirect_speech_with_that_and_stance_verb(parse) -> None:
    result = run(parse, "Finance Minister Jonas Berg warned that inflation would rise again.")
    (quote,) = result.quotes
    assert quote.kind == "indirect"
    assert quote.text == "inflation would rise again"
    assert quote.cue == "warned"
    assert quote.speaker.name == "Jonas Berg"


def test_according_to(parse) -> None:
    (quote,) = run(parse, "According to the United Nations, the camp holds 40,000 people.").quotes
    assert quote.cue == "According to"
    assert quote.text == "the camp holds 40,000 people"


def test_mixed_quote_absorbs_the_quoted_fragment(parse) -> None:
    text = 'Peskov said that Putin "was informed about" the situation.'
    (quote,) = run(parse, text).quotes
    assert quote.kind == "mixed"
    assert quote.text == 'Putin "was informed about" the situation'


def test_scare_quotes_and_titles_are_not_quotes(parse) -> None:
    text = (
        'The talks had "failed", officials admitted nothing. '
        'Critics watched the film "Gone with the Wind" again. '
        'Joaquin "El Chapo" Guzman was moved.'
    )
    quotes = run(parse, text).quotes
    assert all("Gone with" not in q.text and "El Chapo" not in q.text for q in quotes)
    assert all(q.text != "failed" for q in quotes)


def test_headline_quote_is_not_a_quote(parse) -> None:
    text = 'Minister calls plan "a disaster for the region"\n\nThe plan was approved on Monday.'
    assert run(parse, text).quotes == []


def test_pronoun_takes_the_right_antecedent(parse) -> None:
    text = (
        "Angela Weber met Paul Schmidt in Berlin. Schmidt arrived late.\n\n"
        "She said the meeting had been useful."
    )
    (quote,) = run(parse, text).quotes
    assert quote.speaker.name == "Angela Weber"
    assert text[quote.speaker.start : quote.speaker.end] == "She"


def test_role_noun_resolves_through_apposition(parse) -> None:
    text = (
        "Dmitry Peskov, spokesperson for Russia's President Vladimir Putin, spoke on Monday.\n\n"
        "The Kremlin spokesperson said the talks would resume."
    )
    result = run(parse, text)
    (quote,) = result.quotes
    assert quote.speaker.name == "Dmitry Peskov"
    peskov = next(e for e in result.entities if e.name == "Dmitry Peskov")
    assert any("spokesperson" in role for role in peskov.roles)


def test_capital_stands_for_government(parse) -> None:
    (quote,) = run(parse, "Moscow insists the strikes were legitimate.").quotes
    assert quote.speaker.name == "Government of Russia"
    assert quote.speaker.entity is not None


def test_unnamed_sources_are_typed(parse) -> None:
    result = run(parse, "Western officials said the convoy was hit twice.")
    (quote,) = result.quotes
    source = next(e for e in result.entities if e.id == quote.speaker.entity)
    assert source.type == "SOURCE"


def test_unresolvable_speaker_keeps_surface_and_null_entity(parse) -> None:
    (quote,) = run(parse, "He said the bridge would reopen in May.").quotes
    assert quote.speaker.entity is None
    assert quote.speaker.name == "He"


def test_channel_and_relay_chain(parse) -> None:
    text = (
        "Governor Ivan Petrov wrote in a Telegram post that two workers were injured, "
        "Russia's state-run Tass news agency reported."
    )
    (quote,) = run(parse, text, outlet="Daily Ledger").quotes
    assert quote.channel == "in a Telegram post"
    assert quote.relayed_by == ["Tass"]
    assert [(c.role, c.name) for c in quote.chain] == [
        ("speaker", "Ivan Petrov"),
        ("channel", "in a Telegram post"),
        ("relay", "Tass"),
        ("publisher", "Daily Ledger"),
    ]


def test_told_reporters_is_a_channel(parse) -> None:
    (quote,) = run(parse, '"We are ready," Olaf Brandt told reporters.').quotes
    assert quote.channel == "told reporters"


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Hamas did not immediately claim responsibility for the attack.", "no_claim"),
        ("The Defence Ministry has not yet commented.", "no_comment"),
        ("The army did not respond to a request for comment.", "no_comment"),
        ("The company declined to comment.", "declined"),
        ("Reuters has contacted the ministry for comment.", "contacted"),
        ("The Kremlin has yet to comment.", "no_comment"),
        ("The White House could not immediately be reached for comment.", "no_comment"),
        ("The BBC has contacted the Ministry of Defence for a response.", "contacted"),
        ("The embassy declined to say whether the diplomat had left.", "declined"),
        ("The White House declined to comment, citing the investigation.", "declined"),
    ],
)
def test_non_comments(parse, sentence: str, kind: str) -> None:
    result = run(parse, sentence)
    assert [n.kind for n in result.non_comments] == [kind]
    assert result.quotes == []


def test_component_sets_doc_extensions(parse) -> None:

    from dateline.nlp.model import load_language, pick_model

    own = load_language(pick_model())
    own.add_pipe("dateline_quotes", config={"outlet": "Daily Ledger"})
    assert "doc._.quotes" in own.get_pipe_meta("dateline_quotes").assigns
    doc = own('"We are ready," Olaf Brandt told reporters.')
    assert [q.text for q in doc._.quotes] == ["We are ready,"]
    [quote] = doc._.quotes
    assert quote.speaker.entity is not None  # resolved through the entity stage


def test_lede_role_noun_named_in_the_next_paragraph(parse) -> None:
    text = (
        "Two drones hit a depot on Friday, the regional governor said.\n\n"
        "Ivan Sokolov, the governor of the Kursk region, said nobody was hurt."
    )
    quotes = run(parse, text).quotes
    assert [q.speaker.name for q in quotes] == ["Ivan Sokolov", "Ivan Sokolov"]


def test_unbalanced_paragraph_is_skipped_with_a_warning(parse) -> None:
    text = 'He spoke of a " problem.\n\n"We will win," said Anna Kowalski.'
    result = run(parse, text)
    assert [q.text for q in result.quotes] == ["We will win,"]
    assert [w["code"] for w in result.warnings] == ["W401"]

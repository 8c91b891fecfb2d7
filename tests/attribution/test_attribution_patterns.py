"""More attribution patterns: passives, participles, parentheticals, relays by dative."""

from __future__ import annotations

import pytest

from dateline.attribution import extract_attributions
from dateline.nlp.entities import extract_entities
from dateline.records import Article

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def parse(nlp):
    return nlp


def quotes_of(parse, text: str, outlet: str | None = None):
    doc = parse(text)
    article = Article(id="t", text=text, outlet=outlet)
    return extract_attributions(doc, extract_entities(doc), article).quotes


def test_participle_after_a_statement_takes_the_issuer(parse) -> None:
    (quote,) = quotes_of(
        parse, "The ministry issued a statement saying the border would stay shut."
    )
    assert quote.text == "the border would stay shut"
    assert quote.speaker is not None and quote.speaker.name == "The ministry"


def test_passive_quoted_as_saying(parse) -> None:
    text = "The general was quoted as saying that the offensive would continue."
    (quote,) = quotes_of(parse, text)
    assert quote.text == "the offensive would continue"
    assert quote.speaker is not None and "general" in quote.speaker.name


def test_parenthetical_attribution(parse) -> None:
    text = "The thing the campaign needs most, aides said, is a clear win in Ohio."
    (quote,) = quotes_of(parse, text)
    assert quote.cue == "said"
    assert "a clear win in Ohio" in quote.text


def test_speaker_between_closing_mark_and_cue(parse) -> None:
    text = '"It is not a crisis," Gene Sperling, a senior adviser, said at a forum in Iowa.'
    (quote,) = quotes_of(parse, text)
    assert quote.kind == "direct"
    assert quote.speaker is not None and quote.speaker.name == "Gene Sperling"


def test_negated_cue_is_not_a_quote(parse) -> None:
    assert quotes_of(parse, "The alliance did not say when the new troops would arrive.") == []


def test_accusation_content(parse) -> None:
    (quote,) = quotes_of(parse, "Moscow has accused the West of prolonging the war.")
    assert quote.text == "the West of prolonging the war"
    assert quote.speaker is not None and quote.speaker.name == "Government of Russia"


def test_call_on_someone_to_act(parse) -> None:
    text = 'The president called on NATO leaders to provide "one percent" of their tanks.'
    (quote,) = quotes_of(parse, text)
    assert quote.kind == "mixed"
    assert quote.text.startswith("to provide")


def test_told_an_outlet_makes_it_a_relay(parse) -> None:
    (quote,) = quotes_of(parse, "The mayor told Reuters that the water supply was safe.")
    assert quote.relayed_by == ["Reuters"]


def test_nested_speech_yields_both_quotes(parse) -> None:
    text = (
        "Western reports suggest Russia may have lost 15,000 troops, "
        "although Moscow insists the number is far lower."
    )
    speakers = {q.speaker.name for q in quotes_of(parse, text) if q.speaker}
    assert {"Western reports", "Government of Russia"} <= speakers


def test_outlet_alone_is_the_speaker_not_a_relay(parse) -> None:
    (quote,) = quotes_of(parse, "The New York Post reports that the team avoided the hospital.")
    assert quote.speaker is not None and quote.speaker.name == "New York Post"
    assert quote.relayed_by == []


def test_speaker_named_before_a_colon(parse) -> None:
    text = (
        'Polls were early - Mark Blumenthal: "The polls were not wrong, they just ended too early."'
    )
    (quote,) = quotes_of(parse, text)
    assert quote.speaker is not None and quote.speaker.name == "Mark Blumenthal"
    assert quote.cue == ":"


def test_question_quote_then_cue_in_a_split_sentence(parse) -> None:
    text = '"Have I started writing my speech already?" Sanders replied. "The answer is yes."'
    quotes = quotes_of(parse, text)
    assert [q.speaker.name if q.speaker else None for q in quotes] == ["Sanders", "Sanders"]


def test_inverted_cue_with_a_quoted_noun_phrase(parse) -> None:
    text = '"He opposed every one of them. Every single amendment," said Cruz.'
    (quote,) = quotes_of(parse, text)
    assert quote.speaker is not None and quote.speaker.name == "Cruz"


def test_calling_something_a_quoted_name_is_a_mixed_quote(parse) -> None:
    (quote,) = quotes_of(parse, 'Senator Ted Cruz called the deal "a historic mistake".')
    assert quote.kind == "mixed"
    assert quote.text == 'the deal "a historic mistake"'
    assert quote.speaker is not None and quote.speaker.name == "Ted Cruz"


def test_a_poll_finding_is_attributed_to_the_poll(parse) -> None:
    (quote,) = quotes_of(parse, "A new Gallup poll found that most voters distrust both parties.")
    assert quote.text == "most voters distrust both parties"

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


def test_relay_clause_is_cut_from_the_content(parse) -> None:
    (quote,) = quotes_of(parse, "Peskov said the strike was a provocation, Tass reported.")
    assert quote.text == "the strike was a provocation"
    assert quote.relayed_by == ["Tass"]


def test_relay_belongs_to_every_quote_of_its_sentence(parse) -> None:
    text = 'Gladkov said the fire was out and "nobody was killed," Interfax reported.'
    quotes = quotes_of(parse, text)
    assert quotes and all(q.relayed_by == ["Interfax"] for q in quotes)


def test_telegram_post_relayed_by_an_outlet(parse) -> None:
    text = (
        "Governor Vyacheslav Gladkov wrote in a Telegram post that two people were hurt, "
        "The Moscow Times reported."
    )
    (quote,) = quotes_of(parse, text, outlet="Daily Ledger")
    assert quote.text == "two people were hurt"
    assert quote.channel == "in a Telegram post"
    assert quote.relayed_by == ["Moscow Times"]


def test_reported_clause_hung_on_a_channel_noun(parse) -> None:
    text = "Ramzan Kadyrov wrote on the VKontakte social network that his forces had advanced."
    (quote,) = quotes_of(parse, text)
    assert quote.text == "his forces had advanced"
    assert quote.channel == "on the VKontakte social network"


@pytest.mark.parametrize(
    ("text", "channel"),
    [
        (
            "Vladimir Putin said in a late-night address that the call-up would be partial.",
            "in a late-night address",
        ),
        ("Olena Shuliak said on X that the bill would pass.", "on X"),
    ],
)
def test_channels(parse, text: str, channel: str) -> None:
    (quote,) = quotes_of(parse, text)
    assert quote.channel == channel


def test_outlet_quoting_someone_as_saying(parse) -> None:
    text = "Tass quoted Sergei Shoigu as saying the operation was going to plan."
    (quote,) = quotes_of(parse, text)
    assert quote.speaker is not None and quote.speaker.name == "Sergei Shoigu"
    assert quote.relayed_by == ["Tass"]


def test_trailing_according_to(parse) -> None:
    text = "Russian forces lost 500 troops overnight, according to Ukraine's General Staff."
    (quote,) = quotes_of(parse, text)
    assert quote.text == "Russian forces lost 500 troops overnight"
    assert quote.speaker is not None and "General Staff" in quote.speaker.name


def test_inverted_said_with_apposition(parse) -> None:
    text = '"The offensive has begun," said Andriy Yermak, head of the presidential office.'
    (quote,) = quotes_of(parse, text)
    assert quote.speaker is not None and quote.speaker.name == "Andriy Yermak"


def test_single_quoted_speech_is_direct(parse) -> None:
    text = "‘We will not retreat,’ the general said. ‘The front is holding, and it will hold.’"
    quotes = quotes_of(parse, text)
    assert [q.kind for q in quotes] == ["direct", "direct"]
    assert [q.text for q in quotes] == [
        "We will not retreat,",
        "The front is holding, and it will hold.",
    ]
    assert all(q.speaker is not None and q.speaker.name == "the general" for q in quotes)


def test_nicknames_and_titles_in_quotes_are_not_quotes(parse) -> None:
    text = (
        'Yevgeny "Putin\'s chef" Prigozhin led the mutiny. '
        'She starred in "The Bridge on the River Kwai" last year.'
    )
    assert quotes_of(parse, text) == []


def test_a_pronoun_outside_the_marks_makes_a_mixed_quote(parse) -> None:
    text = 'The senator said he "has always defended the rights of veterans."'
    (quote,) = quotes_of(parse, text)
    assert quote.kind == "mixed"
    assert quote.text.startswith('he "has always')


def test_called_for_takes_its_object_as_content(parse) -> None:
    (quote,) = quotes_of(parse, "The foreign minister called for an immediate ceasefire.")
    assert quote.text == "an immediate ceasefire"
    assert quote.speaker is not None and quote.speaker.name == "The foreign minister"


def test_condition_of_anonymity_is_not_content(parse) -> None:
    text = "Two officials said the convoy was hit twice, speaking on condition of anonymity."
    (quote,) = quotes_of(parse, text)
    assert quote.text == "the convoy was hit twice"
    text = "Two officials said the convoy had been hit twice on condition of anonymity."
    assert [q.text for q in quotes_of(parse, text)] == ["the convoy had been hit twice"]


def test_indirect_question_keeps_whether(parse) -> None:
    text = "Reporters asked whether the president would veto the bill."
    (quote,) = quotes_of(parse, text)
    assert quote.text == "whether the president would veto the bill"


def test_cue_under_a_preposition_takes_the_governing_subject(parse) -> None:
    text = "Sanders dismissed the charges by pointing out that she had not always liked him."
    quotes = quotes_of(parse, text)
    pointing = next(q for q in quotes if q.cue == "pointing out")
    assert pointing.speaker is not None and pointing.speaker.name == "Sanders"
    assert pointing.text == "she had not always liked him"


def test_the_cue_time_is_not_content(parse) -> None:
    text = "Defence Minister Oleksii Reznikov said on Monday the tanks had arrived."
    (quote,) = quotes_of(parse, text)
    assert quote.text == "the tanks had arrived"


def test_a_headline_name_before_a_colon_is_the_speaker(parse) -> None:
    text = "Graham: Trump Is Destroying the Party.\n\nThe senator spoke on Sunday in Columbia."
    (quote,) = quotes_of(parse, text)
    assert (quote.text, quote.cue) == ("Trump Is Destroying the Party", ":")
    assert quote.speaker is not None and quote.speaker.name == "Graham"


def test_a_column_title_before_a_colon_is_no_speaker(parse) -> None:
    text = "The Latest: Trump Wins Nevada.\n\nVoters lined up early in Las Vegas."
    assert quotes_of(parse, text) == []

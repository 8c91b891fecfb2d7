"""Attribution failures seen on unseen news (issue 14), on sentences written for these tests:
datelines, long speaker phrases, appositive and parenthetical speakers, passive cues, pronouns
after quoted paragraphs."""

from __future__ import annotations

import pytest

from dateline.attribution import extract_attributions
from dateline.attribution.core import dateline_ends
from dateline.nlp.entities import extract_entities
from dateline.records import Article


def quotes_of(nlp, text: str, outlet: str | None = None):
    doc = nlp(text)
    article = Article(id="t", text=text, outlet=outlet)
    return extract_attributions(doc, extract_entities(doc), article).quotes


def speaker_of(quote) -> str | None:
    return quote.speaker.name if quote.speaker is not None else None


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ('ROTTERDAM — "The port is closed," he said.', 12),
        ("KYIV, Ukraine (Reuters) - The mayor said so.", 26),
        ("Geneva (AFP) -- Talks resumed.", 16),
    ],
)
def test_dateline_ends_at_its_dash(text, end):
    assert dateline_ends(text) == {0: end}


@pytest.mark.parametrize("text", ["Rotterdam - the port said so.", "The port — closed — said so."])
def test_no_dateline_without_capitals_or_agency(text):
    assert dateline_ends(text) == {}


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        'ROTTERDAM — "The port is closed until further notice," the harbour master said.',
        'ROTTERDAM — The port is "closed until further notice," the harbour master said.',
        "ROTTERDAM — The port is closed until further notice, the harbour master said.",
    ],
)
def test_a_dateline_is_never_quoted(nlp, text):
    (quote,) = quotes_of(nlp, text)
    assert "ROTTERDAM" not in quote.text
    assert "closed until further notice" in quote.text
    assert speaker_of(quote) == "the harbour master"


@pytest.mark.model
def test_speaker_phrase_stops_before_its_relative_clause(nlp):
    text = (
        "An official at the Mauna Loa Observatory, who spoke on condition of anonymity, said "
        "the eruption could last for months."
    )
    (quote,) = quotes_of(nlp, text)
    assert speaker_of(quote) == "official at the Mauna Loa Observatory"


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Ivo Marek, a spokesman for the port authority, said the dock would reopen.", "Ivo Marek"),
        ("A spokesman for the port authority, Ivo Marek, said the dock would reopen.", "Ivo Marek"),
        (
            "The dock will reopen on Friday, a spokesman for the port authority said.",
            "spokesman for the port authority",
        ),
        (
            "The dock, a spokesman for the port authority said, would reopen on Friday.",
            "spokesman for the port authority",
        ),
    ],
)
def test_appositive_and_parenthetical_speakers(nlp, text, speaker):
    (quote,) = quotes_of(nlp, text)
    assert speaker_of(quote) == speaker
    assert "reopen" in quote.text


@pytest.mark.model
def test_the_subject_of_a_passive_cue_is_what_was_described_not_who_spoke(nlp):
    (quote,) = quotes_of(nlp, 'The situation in Aleppo was called "a catastrophe beyond words."')
    assert quote.speaker is None
    text = 'The situation in Aleppo was described by aid workers as "a catastrophe beyond words."'
    (quote,) = quotes_of(nlp, text)
    assert speaker_of(quote) == "aid workers"
    assert quote.kind == "mixed" and "catastrophe" in quote.text


@pytest.mark.model
def test_he_said_after_a_quoted_paragraph_is_the_earlier_speaker(nlp):
    text = (
        "Peter Novak, the mayor, said the flood had ruined the harbour.\n\n"
        '"We warned Governor Tom Hale about this for years. He promised money and did nothing."'
        '\n\n"The money never came," he said.'
    )
    quotes = quotes_of(nlp, text)
    assert quotes[-1].text == "The money never came,"
    assert speaker_of(quotes[-1]) == "Peter Novak"

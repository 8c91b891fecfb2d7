"""Quotation marks paired over plain text: no model needed."""

from __future__ import annotations

from dateline.attribution.core import is_speech_like
from dateline.attribution.marks import paragraphs, quoted_spans


def texts(text: str) -> list[str]:
    return [s.text for s in quoted_spans(text)[0]]


def test_straight_and_curly_marks() -> None:
    assert texts('He said "we won." She said “they lost.”') == ["we won.", "they lost."]


def test_marks_glued_to_text() -> None:
    assert texts('as Tass reported."You know it," he said.') == ["You know it,"]


def test_quote_continues_into_next_paragraph() -> None:
    text = '"First part of the speech.\n\n"Second part," he said.'
    spans, bad = quoted_spans(text)
    assert bad == []
    assert [s.text for s in spans] == ['First part of the speech.\n\n"Second part,']


def test_nested_single_quotes_stay_inside() -> None:
    assert texts("“He told me ‘go home’ twice,” she said.") == ["He told me ‘go home’ twice,"]


def test_unbalanced_mark_fails_only_its_paragraph() -> None:
    text = '"Good quote," he said.\n\nA stray " mark here.\n\n"Another good one," she said.'
    spans, bad = quoted_spans(text)
    assert bad == [1]
    assert [s.text for s in spans] == ["Good quote,", "Another good one,"]


def test_open_quote_without_reopening_fails() -> None:
    spans, bad = quoted_spans('"Never closed.\n\nPlain paragraph.')
    assert spans == [] and bad == [0]


def test_paragraphs_fall_back_to_lines() -> None:
    assert paragraphs("one\ntwo") == [(0, 3), (4, 7)]


def test_speech_like_rejects_terms_titles_nicknames() -> None:
    assert not is_speech_like("failed")
    assert not is_speech_like("El Chapo")
    assert not is_speech_like("Gone with the Wind")
    assert is_speech_like("We will rebuild every house,")


def test_typewriter_double_apostrophes_are_quote_marks() -> None:
    assert texts("The minister ''looked ashen,'' Mr. Arad said. He's fine.") == ["looked ashen,"]


def test_single_quotes_as_speech_marks() -> None:
    text = "‘We will not retreat,’ the general said. ‘The front is holding.’"
    assert texts(text) == ["We will not retreat,", "The front is holding."]
    assert texts("'We don't negotiate,' said the president.") == ["We don't negotiate,"]


def test_apostrophes_are_not_single_quotes() -> None:
    text = "He grew up in the '90s, when rock 'n' roll ruled and the soldiers' pay was low."
    assert texts(text) == []
    assert texts("The minister said: ‘Russia’s army won’t win. It’s over.’") == [
        "Russia’s army won’t win. It’s over."
    ]


def test_plural_possessive_does_not_close_a_single_quote() -> None:
    assert texts("They sang 'We shall overcome' at the soldiers' graves.") == ["We shall overcome"]


def test_single_quotes_inside_double_quotes_stay_nested() -> None:
    text = "“He said ‘go home’ twice,” she said, calling it ‘rude’."
    assert texts(text) == ["He said ‘go home’ twice,", "rude"]


def test_unpaired_single_mark_keeps_no_single_span_and_no_warning() -> None:
    spans, bad = quoted_spans("‘Never closed, he said.\n\nA plain paragraph.")
    assert spans == [] and bad == []


def test_single_quote_continues_into_next_paragraph() -> None:
    assert texts("‘First part of the speech.\n\n‘Second part,’ he said.") == [
        "First part of the speech.\n\n‘Second part,"
    ]

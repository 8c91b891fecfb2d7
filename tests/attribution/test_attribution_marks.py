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

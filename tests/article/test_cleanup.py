"""Captions and credits leave the analyzed text and are listed; glued sentences are repaired."""

from __future__ import annotations

import pytest

from dateline.article.cleanup import clean_paragraph, clean_text, repair_glued


@pytest.mark.parametrize(
    "credit",
    [
        "Photo: Reuters",
        "AP Photo/Efrem Lukatsky",
        "Pool/AFP via Getty Images",
        "(Photo by Jane Doe/Getty Images)",
        "Sergei Supinsky/AFP via Getty Images",
    ],
)
def test_credit_lines_are_removed(credit):
    keep, removed = clean_paragraph(credit)
    assert keep is None and removed[0].kind == "credit" and removed[0].text == credit


def test_caption_with_trailing_credit_is_removed_as_caption():
    keep, removed = clean_paragraph("Firefighters work at the depot. Photo: Reuters")
    assert keep is None and removed[0].kind == "caption"


def test_inline_credit_is_cut_and_prose_kept():
    keep, removed = clean_paragraph(
        "Troops moved in on Monday (AP Photo/Efrem Lukatsky) and stayed."
    )
    assert keep == "Troops moved in on Monday and stayed."
    assert removed[0].text == "(AP Photo/Efrem Lukatsky)"


@pytest.mark.parametrize(
    "prose",
    [
        "According to Reuters, the talks failed.",
        "The governor said Reuters had reported the attack on Monday.",
        "The photo was taken by a resident and shared on Telegram.",
        'Peskov told reporters: "We are ready."',
    ],
)
def test_prose_mentioning_agencies_is_kept(prose):
    keep, removed = clean_paragraph(prose)
    assert keep == prose and removed == []


def test_glued_sentences_are_repaired():
    assert (
        repair_glued('CNN reported."You know it," he said.')
        == 'CNN reported. "You know it," he said.'
    )
    assert repair_glued("He left.Then she spoke.") == "He left. Then she spoke."
    assert repair_glued("The U.S. and U.K. agreed.") == "The U.S. and U.K. agreed."


def test_clean_text_joins_paragraphs_with_blank_lines():
    text, removed = clean_text("One.\r\n\r\nPhoto: AP\r\n\r\nTwo.")
    assert text == "One.\n\nTwo." and len(removed) == 1

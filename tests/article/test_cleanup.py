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


_CAPTION = (
    "The head of the regional council speaks to reporters outside the parliament building on "
    "March 18. Jane Roe - Pool/Northern Presidency/AFP via Getty Images"
)


@pytest.mark.parametrize(
    "block",
    [
        f"Council Head Speaks In Capital\n\n{_CAPTION}",  # title line, then the caption
        f"Council Head Speaks In Capital\n{_CAPTION}",  # one paragraph, two lines
    ],
)
def test_caption_block_with_its_title_line_is_removed(block):
    body = f"Troops left the town on Monday.\n\n{block}\n\nThe talks resumed on Tuesday."
    text, removed = clean_text(body)
    assert text == "Troops left the town on Monday.\n\nThe talks resumed on Tuesday."
    assert [r.kind for r in removed] == ["caption", "caption"]
    assert removed[0].text == "Council Head Speaks In Capital"
    assert removed[1].text.endswith("AFP via Getty Images")


def test_caption_block_in_a_text_without_blank_lines():
    body = f"Troops left the town on Monday.\nCouncil Head Speaks\n{_CAPTION}\nThe talks resumed."
    text, removed = clean_text(body)
    assert text == "Troops left the town on Monday.\n\nThe talks resumed."
    assert len(removed) == 2


@pytest.mark.parametrize(
    "line",
    [
        "The talks resumed on Tuesday.",  # a sentence, not a title
        "BERLIN — Talks resumed",  # a dateline opens prose
        "the minister said that it was over and would not return again soon",
    ],
)
def test_prose_before_a_caption_stays(line):
    text, removed = clean_text(f"{line}\n\n{_CAPTION}")
    assert text == line and [r.kind for r in removed] == ["caption"]


def test_a_short_heading_before_prose_stays():
    body = "Aid Convoys Blocked\n\nThe convoy waited at the border for three days."
    text, removed = clean_text(body)
    assert "Aid Convoys Blocked" in text and removed == []


@pytest.mark.model
def test_a_caption_block_gives_no_events_or_places():
    from dateline.pipeline import analyze_text

    body = (
        "Title: Shelling resumes\nPublished: 2023-03-20\n\n"
        "Artillery shelled the outskirts of Kharkiv on Sunday.\n\n"
        f"Council Head Speaks In Kyiv\n{_CAPTION.replace('parliament building', 'parliament in Lviv')}"
        "\n\nResidents spent the night in shelters."
    )
    record = analyze_text(body)
    text = record.article.text
    assert "Getty" not in text and "Lviv" not in text and "Council Head" not in text
    assert [r.kind for r in record.article.removed] == ["caption", "caption"]
    assert all(p.text != "Lviv" for p in record.places)
    assert all(text[e.start : e.end] == e.trigger for e in record.events)
    assert all(text[p.start : p.end] == p.text for p in record.places)

"""Integration: extract_times over the real pipeline's parse (tense from its morphology)."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.time import extract_times

FRIDAY = date(2022, 4, 1)


def values(nlp, text: str, published: date | None = FRIDAY) -> dict[str, str | None]:
    times, _ = extract_times(nlp(text), published)
    return {t.text: t.value for t in times}


@pytest.mark.model
def test_weekdays_past_and_future(nlp):
    assert values(nlp, "The minister resigned on Thursday.") == {"Thursday": "2022-03-31"}
    assert values(nlp, "The talks will resume on Monday.") == {"Monday": "2022-04-04"}
    assert values(nlp, "Officials said later Friday that the vote was delayed.") == {
        "later Friday": "2022-04-01"
    }


@pytest.mark.model
def test_news_paragraph(nlp):
    text = (
        "Russian forces shelled the city late Thursday night, officials said, after six weeks "
        "of fighting. Prices have doubled in recent days and the army now controls the port. "
        "Peace talks will resume next month, and inspectors visit every week."
    )
    got = values(nlp, text)
    assert got["late Thursday night"] == "2022-03-31TNI"
    assert got["six weeks"] == "P6W"
    assert got["recent days"] == "PXD"
    assert got["now"] == "PRESENT_REF"
    assert got["next month"] == "2022-05"
    assert got["every week"] == "P1W"


@pytest.mark.model
def test_month_day_tense_in_a_parsed_sentence(nlp):
    july = FRIDAY
    assert values(nlp, "The ceasefire collapsed on October 5.", july) == {"October 5": "2021-10-05"}
    assert values(nlp, "The election will be held on October 5.", july) == {
        "October 5": "2022-10-05"
    }


@pytest.mark.model
def test_no_publication_date(nlp):
    times, warnings = extract_times(nlp("He arrived yesterday and left in 2015."), None)
    assert {t.text: t.value for t in times} == {"yesterday": None, "2015": "2015"}
    assert [w["code"] for w in warnings] == ["W501"]


@pytest.mark.model
def test_a_described_day_is_no_time_expression(nlp):
    text = '"This is a dark day for the harbour and a sad week for all of us," the mayor said.'
    assert values(nlp, text) == {}
    # the same nouns placed or measured in time stay
    assert values(nlp, "Exports fell in the current fiscal year.") == {
        "the current fiscal year": None
    }


@pytest.mark.model
def test_a_late_night_address_is_that_night(nlp):
    without_day = values(nlp, "The president said in a late-night address that troops would stay.")
    assert without_day == {"late-night": "2022-04-01TNI"}
    with_day = values(nlp, "In a late-night address on Wednesday, the president urged calm.")
    assert with_day == {"late-night": "2022-03-30TNI", "Wednesday": "2022-03-30"}

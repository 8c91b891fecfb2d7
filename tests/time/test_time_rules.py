"""Normalization rules, one test per phenomenon; no model needed."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.time import normalize
from dateline.time.rules import find

FRIDAY = date(2022, 4, 1)  # a Friday


def value(text: str, anchor: date | None = FRIDAY, tense: str | None = None) -> str | None:
    timex = normalize(text, anchor, tense)
    assert timex is not None, text
    return timex.value


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        ("Thursday", "PAST", "2022-03-31"),
        ("Thursday", None, "2022-03-31"),
        ("Monday", "FUTURE", "2022-04-04"),
        ("Monday", "PAST", "2022-03-28"),
        ("later Friday", "PAST", "2022-04-01"),
        ("Friday", "FUTURE", "2022-04-01"),
        ("last Friday", None, "2022-03-25"),
        ("next Thursday", None, "2022-04-07"),
    ],
)
def test_weekdays_follow_tense_and_anchor(text, tense, expected):
    assert value(text, tense=tense) == expected


def test_month_day_past_and_future_by_tense():
    assert value("October 5", FRIDAY, "PAST") == "2021-10-05"
    assert value("October 5", FRIDAY, "FUTURE") == "2022-10-05"
    assert value("Oct. 5", FRIDAY, None) == "2021-10-05"  # nearest without a tense
    assert value("Feb. 1", date(1989, 10, 26), "FUTURE") == "1990-02-01"
    assert value("March 10", FRIDAY, "FUTURE") == "2023-03-10"


def test_month_day_year_rollover():
    assert value("December 28", date(2022, 1, 3), "PAST") == "2021-12-28"
    assert value("December 28", date(2022, 1, 3), None) == "2021-12-28"
    assert value("Jan. 2", date(2021, 12, 30), "FUTURE") == "2022-01-02"


def test_tense_does_not_pull_a_date_almost_a_year_away():
    # a past reporting verb next to a date two weeks ahead: the nearest date wins
    assert value("Nov. 20", date(1989, 11, 2), "PAST") == "1989-11-20"


def test_month_alone_and_shifted_months():
    assert value("March", FRIDAY, "PAST") == "2022-03"
    assert value("December", date(2022, 1, 10), "PAST") == "2021-12"
    assert value("last June", FRIDAY) == "2021-06"
    assert value("this September", FRIDAY) == "2022-09"


def test_absolute_dates_need_no_anchor():
    assert value("April 1, 2022", None) == "2022-04-01"
    assert value("2022-04-01", None) == "2022-04-01"
    assert value("2015", None) == "2015"
    assert value("March 2015", None) == "2015-03"
    assert value("fiscal 1989", None) == "1989"
    assert value("nineteen ninety-six", None) == "1996"


def test_decades_and_centuries():
    assert value("the 1990s", None) == "199"
    assert value("the '80s", None) == "198"
    assert value("the 20th century", None) == "19"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("last week", "2022-W12"),
        ("this week", "2022-W13"),
        ("next month", "2022-05"),
        ("last month", "2022-03"),
        ("this year", "2022"),
        ("last year", "2021"),
        ("earlier this year", "2022"),
        ("yesterday", "2022-03-31"),
        ("today", "2022-04-01"),
        ("tomorrow", "2022-04-02"),
        ("a year ago", "2021"),
        ("two months earlier", "2022-02"),
        ("three days ago", "2022-03-29"),
        ("this summer", "2022-SU"),
        ("last quarter", "2022-Q1"),  # April is in Q2
    ],
)
def test_relative_dates(text, expected):
    timex = normalize(text, FRIDAY)
    assert (timex.type, timex.value, timex.relative) == ("DATE", expected, True)


def test_year_rollover_of_last_month_and_week():
    assert value("last month", date(2022, 1, 3)) == "2021-12"
    assert value("last week", date(2022, 1, 3)) == "2021-W52"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("six weeks", "P6W"),
        ("recent days", "PXD"),
        ("the first month", "P1M"),
        ("the past two months", "P2M"),
        ("24 hours", "PT24H"),
        ("several years", "PXY"),
        ("two-year", "P2Y"),
        ("2 1/2 years", "P2Y6M"),
        ("a decade", "P10Y"),
        ("nearly three years", "P3Y"),
    ],
)
def test_durations(text, expected):
    timex = normalize(text, None)
    assert (timex.type, timex.value) == ("DURATION", expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("now", "PRESENT_REF"), ("currently", "PRESENT_REF"), ("recently", "PAST_REF"),
     ("the future", "FUTURE_REF"), ("in the past", None)],
)  # fmt: skip
def test_reference_words(text, expected):
    if expected is None:  # "in": a preposition is not part of the expression
        assert normalize(text, FRIDAY) is None
        assert [text[f.start : f.end] for f in find(text)] == ["the past"]
    else:
        assert value(text, None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("every week", "P1W"), ("each year", "P1Y"), ("every other month", "P2M"),
     ("every Thursday", "XXXX-WXX-4"), ("weekly", "P1W"), ("twice a day", "P1D"),
     ("Mondays", "XXXX-WXX-1")],
)  # fmt: skip
def test_sets(text, expected):
    timex = normalize(text, None)
    assert (timex.type, timex.value) == ("SET", expected)


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        ("late Thursday night", "PAST", "2022-03-31TNI"),
        ("10 a.m.", None, "2022-04-01T10:00"),
        ("10:30 p.m. Wednesday", "PAST", "2022-03-30T22:30"),
        ("this morning", None, "2022-04-01TMO"),
        ("last night", None, "2022-03-31TNI"),
        ("tonight", None, "2022-04-01TNI"),
        ("noon Thursday", "PAST", "2022-03-31T12:00"),
        ("yesterday afternoon", None, "2022-03-31TAF"),
    ],
)
def test_times_of_day(text, tense, expected):
    timex = normalize(text, FRIDAY, tense)
    assert (timex.type, timex.value) == ("TIME", expected)


def test_quarters():
    assert value("the third quarter", date(1989, 10, 27), "PAST") == "1989-Q3"
    assert value("third-quarter", date(1989, 10, 27)) == "1989-Q3"
    assert value("the fourth quarter", date(1989, 8, 1), "PAST") == "1988-Q4"
    assert value("the first half of 2021", None) == "2021-H1"


def test_relative_values_stay_null_without_anchor():
    for text in ("yesterday", "on Thursday", "last week", "December 28", "10 a.m."):
        found = find(text)
        assert found, text
        timex = normalize(text[found[0].start : found[0].end], None)
        assert timex.value is None and timex.relative, text


def test_extents_leave_out_prepositions():
    text = "It fell on Thursday, rose in recent days and will rise in 2015."
    assert [text[f.start : f.end] for f in find(text)] == ["Thursday", "recent days", "2015"]


@pytest.mark.parametrize(
    "text",
    ["", "   ", "???", "May I ask?", "it may rise", "1,500 people", "$2015", "a 2015% rise",
     "March\u00a0", "🙂🙂", "\n\n"],
)  # fmt: skip
def test_empty_and_odd_strings(text):
    found = find(text)
    assert all(text[f.start : f.end] != "May" for f in found)
    assert not [f for f in found if f.rule.name == "year"]
    assert normalize(text, FRIDAY) is None or text.strip() == "March"


def test_impossible_day_is_unresolved():
    assert value("February 30", FRIDAY, "PAST") is None


def test_may_is_a_month_unless_it_is_the_modal():
    assert [f.rule.name for f in find("May I ask?")] == []
    assert value("May 3", FRIDAY, "FUTURE") == "2022-05-03"
    assert value("May", FRIDAY, "FUTURE") == "2022-05"


@pytest.mark.parametrize(
    "text", ["99999999 days ago", "0000-01-01", "9999 years later", "the 99th century"]
)
def test_numbers_beyond_the_calendar_give_no_value(text):
    for found in find(text):
        timex = normalize(text[found.start : found.end], FRIDAY)
        assert timex is None or timex.value is None or timex.value.isascii()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("June last year", "2021-06"),
        ("January this year", "2022-01"),
        ("January nineteen ninety-seven", "1997-01"),
        ("the winter of 1994", "1994-WI"),
        ("the previous Friday", "2022-03-25"),
        ("the end of this week", "2022-W13"),
        ("the year-ago third quarter", "2021-Q3"),
        ("the year two thousand", "2000"),
        ("the nineties", "199"),
    ],
)
def test_compound_dates(text, expected):
    assert [text[f.start : f.end] for f in find(text)] == [text]
    assert value(text, FRIDAY, "PAST") == expected


def test_two_thousand_is_a_year_only_where_a_year_is_expected():
    assert find("two thousand people") == []
    text = "in two thousand and one"
    assert [text[f.start : f.end] for f in find(text)] == ["two thousand and one"]


def test_past_tense_bare_month_reaches_back_most_of_a_year():
    assert value("March", date(1989, 10, 30), "PAST") == "1989-03"
    assert value("March", date(1989, 10, 30), None) == "1990-03"  # nearest


def test_seasons_and_parts_of_the_day():
    assert value("the summer", date(2022, 4, 1), "PAST") == "2021-SU"
    assert value("the summer", date(2022, 4, 1), "FUTURE") == "2022-SU"
    assert value("mid afternoon", FRIDAY) == "2022-04-01TAF"
    assert normalize("late morning", FRIDAY).type == "TIME"
    assert value("late-night", FRIDAY) == "2022-04-01TNI"  # "a late-night address"
    assert value("mid-morning", FRIDAY) == "2022-04-01TMO"


def test_edges_of_the_current_period():
    assert value("the end of the year", FRIDAY) == "2022"
    assert value("the end of the decade", FRIDAY, "FUTURE") == "202"
    assert find("the month") == []  # without an edge, "the month" is left to spaCy


def test_clock_times_with_a_day():
    assert value("7:00 GMT Saturday", FRIDAY, "FUTURE") == "2022-04-02T07:00"
    assert value("5 p.m. EST, Nov. 6", date(1989, 10, 30), "FUTURE") == "1989-11-06T17:00"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("noon", "2022-04-01T12:00"),
        ("midnight", "2022-04-01T24:00"),  # the end of the day (TIMEX3)
        ("midnight Thursday", "2022-03-31T24:00"),
        ("shortly after midnight", "2022-04-01T00:00"),  # the day's first hour, not the next day's
        ("just after midnight Thursday", "2022-03-31T00:00"),
        ("shortly before midnight", "2022-04-01T24:00"),
    ],
)
def test_midnight_ends_its_day_but_after_midnight_begins_it(text, expected):
    assert value(text, tense="PAST") == expected


def test_skipping_rules_by_their_needed_words_finds_the_same():
    """A rule with ``needs`` is skipped on a text holding none of its words; on real articles
    and on texts made to hit each skipped rule, ``find`` answers as it does scanning them all."""
    import json
    from dataclasses import replace

    import dateline.time.rules as rules
    from dateline.evaluation import corpora_dir

    texts = [
        "The second-quarter results came tonight, two years ago, in the spring of 2019.",
        "Sales rose twice a week in nineteen ninety-eight; a 30-day truce began Monday morning.",
        "Talks resumed.",
    ]
    raw = corpora_dir() / "news-raw" / "wikinews_2019_2020.jsonl"
    if raw.exists():
        lines = raw.read_text(encoding="utf-8").splitlines()[:60]
        texts += [json.loads(line).get("text", "") for line in lines]
    assert any(rule.needs for rule in rules.RULES)

    def found(text: str) -> list[tuple[int, int, str]]:
        return [(f.start, f.end, f.rule.name) for f in rules.find(text)]

    skipping = [found(text) for text in texts]
    original = list(rules.RULES)
    try:
        rules.RULES[:] = [replace(rule, needs=()) for rule in original]
        assert [found(text) for text in texts] == skipping
    finally:
        rules.RULES[:] = original
    names = {name for spans in skipping[:2] for _, _, name in spans}
    assert {"quarter", "part_of_day", "offset", "season_year", "times_per"} <= names

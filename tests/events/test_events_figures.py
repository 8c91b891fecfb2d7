"""Contested figures: values, bounds, units, who asserts and who disputes them."""

from __future__ import annotations

import pytest

from dateline.events.figures import extract_figures, parse_number
from dateline.records import Entity, Quote, Source, Speaker, Time


def names(sources: list[Source]) -> list[str | None]:
    return [s.name for s in sources]


@pytest.mark.parametrize(
    ("text", "value"),
    [("15,000", 15000), ("1.5 million", 1.5e6), ("twelve", 12), ("two dozen", 24),
     ("$3bn", 3e9), ("forty-five", 45), ("several", None)],
)  # fmt: skip
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.model
def test_contested_troop_losses(nlp):
    text = (
        "Western reports suggest Russia may have lost as many as 15,000 troops in the war, "
        "although Moscow insists the number is far lower."
    )
    at = text.index("Moscow")
    moscow = Entity(id="ent2", name="Moscow", type="GPE", mentions=[(at, at + 6)])
    [fig] = extract_figures(nlp(text), [], [], [moscow])
    assert (fig.value, fig.max, fig.min, fig.unit) == (15000, 15000, None, "troops")
    assert fig.about == "troops lost"
    assert fig.asserted_by == [Source(name="Western reports")]
    assert fig.disputed_by == [Source(name="Moscow", entity="ent2")]
    assert text[fig.start : fig.end] == fig.text == "as many as 15,000 troops"


@pytest.mark.model
def test_bounds_ranges_and_money(nlp):
    text = (
        "At least 12 people were killed. Between 200 and 300 families were displaced. "
        "The EU pledged $2 billion. Up to 3,000 soldiers crossed the border."
    )
    figs = extract_figures(nlp(text), [], [])
    by_unit = {f.unit: f for f in figs}
    assert by_unit["people"].min == 12 and by_unit["people"].about == "people killed"
    assert (by_unit["families"].min, by_unit["families"].max) == (200, 300)
    assert by_unit["families"].value is None
    assert by_unit["USD"].value == 2e9
    assert by_unit["soldiers"].max == 3000


@pytest.mark.model
def test_quote_speaker_asserts_and_dates_are_skipped(nlp):
    text = "Officials said 40 civilians died on 3 March 2022."
    quote = Quote(
        id="q1",
        kind="indirect",
        text="40 civilians died on 3 March 2022",
        start=15,
        end=48,
        speaker=Speaker(name="Officials", entity="ent1", start=0, end=9),
    )
    time = Time(text="3 March 2022", start=36, end=48, type="DATE", value="2022-03-03")
    figs = extract_figures(nlp(text), [quote], [time])
    asserted = [Source(name="Officials", entity="ent1", quote="q1")]
    assert [(f.value, f.unit, f.asserted_by) for f in figs] == [(40, "civilians", asserted)]


@pytest.mark.model
def test_elliptic_count_borrows_the_unit_and_references_are_skipped(nlp):
    text = "At least 12 people were killed and up to 200 injured. The two sides met in Doha."
    figs = extract_figures(nlp(text), [], [])
    assert [(f.unit, f.about, f.max) for f in figs] == [
        ("people", "people killed", None),
        ("people", "people injured", 200),
    ]


@pytest.mark.model
def test_dispute_must_be_about_the_figure_and_comes_from_the_innermost_quote(nlp):
    text = (
        "Officials said 40 soldiers died. The army denied using live ammunition. "
        "Western reports suggest 900 troops died, although Moscow insists the number is lower."
    )
    s = text.index("900")
    e = len(text) - 1
    inner = text.index("the number is lower")
    quotes = [
        Quote(id="q1", kind="indirect", text=text[s:e], start=s, end=e,
              speaker=Speaker(name="Western reports", start=0, end=1)),
        Quote(id="q2", kind="indirect", text=text[inner:e], start=inner, end=e,
              speaker=Speaker(name="Russia", start=0, end=1)),
    ]  # fmt: skip
    soldiers, troops = extract_figures(nlp(text), quotes, [])
    assert soldiers.disputed_by == []  # the denial is about ammunition, not the count
    assert (names(troops.asserted_by), names(troops.disputed_by)) == (
        ["Western reports"],
        ["Russia"],
    )
    assert [s.quote for s in troops.asserted_by + troops.disputed_by] == ["q1", "q2"]


@pytest.mark.model
def test_parenthetical_source_asserts_and_a_later_clause_disputes(nlp):
    text = (
        "More than 300 civilians have been killed, the UN said, but the army disputes the figure."
    )
    [fig] = extract_figures(nlp(text), [], [])
    assert (fig.min, fig.unit, fig.about) == (300, "civilians", "civilians killed")
    assert names(fig.asserted_by) == ["the UN"]
    assert names(fig.disputed_by) == ["the army"]


@pytest.mark.model
def test_disputer_named_inside_the_asserting_quote(nlp):
    text = "Ukraine says Russia has lost more than 20,000 soldiers, a figure the Kremlin rejects."
    s = text.index("Russia has")
    quote = Quote(
        id="q1", kind="indirect", text=text[s:-1], start=s, end=len(text) - 1, cue="says",
        speaker=Speaker(name="Ukraine", entity=None, start=0, end=7),
    )  # fmt: skip
    [fig] = extract_figures(nlp(text), [quote], [])
    assert (fig.min, fig.unit) == (20000, "soldiers")
    assert fig.asserted_by == [Source(name="Ukraine", quote="q1")]
    assert names(fig.disputed_by) == ["Kremlin"]


@pytest.mark.model
def test_a_count_after_killed_and_borrows_the_unit(nlp):
    text = "At least 12 people were killed and up to 40 injured in the blast."
    figs = extract_figures(nlp(text), [], [])
    assert [(f.text, f.min, f.max, f.unit, f.about) for f in figs] == [
        ("At least 12 people", 12, None, "people", "people killed"),
        ("up to 40", None, 40, "people", "people injured"),
    ]


@pytest.mark.model
def test_two_sources_counting_the_same_dead_dispute_each_other(pipeline):
    from dateline.pipeline import analyze_text

    text = (
        "The ministry said 5 people were killed in the flood, while the commission said at "
        "least 23 had died. The ministry said 40 people were injured."
    )
    record = analyze_text(text, nlp=pipeline)
    dead = [f for f in record.figures if f.about in ("people killed", "people died")]
    assert [(f.value, names(f.asserted_by), names(f.disputed_by)) for f in dead] == [
        (5, ["The ministry"], ["the commission"]),
        (23, ["the commission"], ["The ministry"]),
    ]
    (injured,) = [f for f in record.figures if f.about == "people injured"]
    assert injured.disputed_by == []  # another happening


@pytest.mark.model
def test_compatible_counts_by_two_sources_are_no_dispute(nlp):
    text = "Police said at least 5 people died, while medics said 23 people had died."
    def quote(n: int, content: str, speaker: str) -> Quote:
        start, at = text.index(content), text.index(speaker)
        return Quote(id=f"q{n}", kind="indirect", text=content, start=start,
                     end=start + len(content),
                     speaker=Speaker(name=speaker, start=at, end=at + len(speaker)))  # fmt: skip

    quotes = [quote(1, "at least 5 people died", "Police"), quote(2, "23 people had died", "medics")]
    figs = extract_figures(nlp(text), quotes, [])
    assert [names(f.asserted_by) for f in figs] == [["Police"], ["medics"]]
    assert [f.disputed_by for f in figs] == [[], []]  # 23 is "at least 5"

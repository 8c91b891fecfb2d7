"""Contradictions and statements, model-free on hand-built records."""

from __future__ import annotations

import math

from storykit import Builder, linking, place, records

from dateline.linking.contradictions import (
    actors_agree,
    comparable,
    figure_bounds,
    places_conflict,
    times_agree,
)
from dateline.linking.statements import QuoteRelay, cluster_statements, same_statement
from dateline.linking.stories import build_stories
from dateline.records import StoryFigure


def fig(text, **kw):
    return StoryFigure(article="a", text=text, start=0, end=len(text), **kw)


def test_figure_bounds():
    assert figure_bounds(fig("12 people", value=12)) == (12 * 0.98, 12 * 1.02)
    assert figure_bounds(fig("8,000 people", value=8000), "police put it at about ") == (
        6400.0, 9600.0)  # fmt: skip
    assert figure_bounds(fig("as many as 15,000 troops", max=15000)) == (0.0, 15000)
    assert figure_bounds(fig("at least 40 people", min=40)) == (40, math.inf)
    assert figure_bounds(fig("hundreds of thousands of marchers", min=200)) == (2e5, 1e6)
    assert figure_bounds(fig("thousands of people", min=2000)) == (2000, 10000)


def test_comparable_needs_the_same_outcome_and_kind_of_thing():
    killed = fig("40 people", value=40, unit="people", about="people killed")
    assert comparable(killed, fig("12 dead", value=12, unit="people", about="people dead"))
    assert not comparable(killed, fig("12 injured", value=12, unit="people", about="people injured"))
    assert not comparable(killed, fig("12 soldiers", value=12, unit="soldiers", about="soldiers killed"))
    crowd = fig("hundreds of thousands of marchers", min=200, unit="marchers", about="marchers filled")
    assert comparable(crowd, fig("8,000 people", value=8000, unit="people", about="people marched"))


def _casualty_story(first, second, published=("2023-05-16", "2023-05-16")):
    recs = []
    for i, (count, who) in enumerate([first, second]):
        text = f"Shells hit the hospital on Tuesday, killing {count} people, {who} said."
        b = Builder(f"a{i}", text, outlet=f"Paper {i}", published=published[i])
        b.entity(who, "ORG")
        q = b.quote(f"Shells hit the hospital on Tuesday, killing {count} people", who)
        b.event("hit", sources=[q], factuality="reported")
        b.figure(f"{count} people", value=float(count), unit="people", about="people killing",
                 asserted_by=[who])  # fmt: skip
        recs.append(b.record())
    return build_stories(records(*recs), linking(["a0:e1", "a1:e1"]))[0]


def test_counts_that_cannot_both_hold_contradict():
    story = _casualty_story((40, "the mayor"), (12, "the police"))
    (contra,) = story.contradictions
    assert contra.kind == "figure"
    assert (contra.a.text, contra.b.text) == ("40 people", "12 people")
    names = {o.id: o.name for o in story.origins}
    assert (names[contra.a.origin], names[contra.b.origin]) == ("the mayor", "the police")
    assert story.corroboration == 2


def test_a_toll_that_rises_on_a_later_day_is_an_update_not_a_contradiction():
    rising = _casualty_story((12, "the police"), (40, "the mayor"), ("2023-05-16", "2023-05-18"))
    assert rising.contradictions == []
    falling = _casualty_story((40, "the mayor"), (12, "the police"), ("2023-05-16", "2023-05-18"))
    assert [c.kind for c in falling.contradictions] == ["figure"]


def test_close_counts_do_not_contradict():
    assert _casualty_story((40, "the mayor"), (40, "the police")).contradictions == []


def test_a_disputed_figure_names_the_disputer_and_the_dispute():
    text = ("Western reports suggest Russia may have lost as many as 15,000 troops in the war, "
            "although Moscow insists the number is far lower.")  # fmt: skip
    b = Builder("a1", text, outlet="Harbor Post")
    b.event("war", "FIGHT")
    b.figure("as many as 15,000 troops", max=15000, unit="troops", about="troops lost",
             asserted_by=["Western reports"], disputed_by=["Moscow"])  # fmt: skip
    (story,) = build_stories(records(b.record()), linking(["a1:e1"]))
    (contra,) = story.contradictions
    assert contra.kind == "figure"
    assert contra.a.text == "as many as 15,000 troops"
    assert contra.b.text.startswith("Moscow insists the number is far lower")
    names = {o.id: o.name for o in story.origins}
    assert names[contra.b.origin] == "Moscow"


def test_crowd_estimates_that_cannot_both_hold():
    t1 = "Hundreds of thousands of marchers filled the capital on Saturday, organisers said."
    t2 = "Police put the crowd at about 8,000 people on Saturday."
    recs = []
    for aid, text, figure, kw in [
        ("a1", t1, "Hundreds of thousands of marchers",
         dict(min=200.0, unit="marchers", about="marchers filled", asserted_by=["organisers"])),
        ("a2", t2, "8,000 people", dict(value=8000.0, unit="people", about="people",
                                       asserted_by=["Police"])),
    ]:  # fmt: skip
        b = Builder(aid, text, outlet=aid.upper(), published="2023-05-20")
        b.event("filled" if aid == "a1" else "crowd", "PROTEST")
        b.figure(figure, **kw)
        recs.append(b.record())
    (story,) = build_stories(records(*recs), linking(["a1:e1", "a2:e1"]))
    assert [(c.kind, c.a.text, c.b.text) for c in story.contradictions] == [
        ("figure", "Hundreds of thousands of marchers", "8,000 people")]  # fmt: skip


def test_actors_agree_on_a_shared_name_or_country_and_generic_actors_agree_with_all():
    assert actors_agree([("Russian forces", "RU")], [("the Russian army", "RU")])
    assert actors_agree([("gunmen", None)], [("the Crescent Brigade", None)])
    assert not actors_agree([("the Crescent Brigade", None)], [("Free Valley Movement", None)])
    assert not actors_agree([("Ukrainian forces", "UA")], [("Russian forces", "RU")])


def test_rival_claims_of_who_did_it():
    t1 = "A car bomb exploded in Kirkuk. The Crescent Brigade claimed responsibility for it."
    t2 = "The Free Valley Movement bombed the police station in Kirkuk, police said."
    b1 = Builder("a1", t1, outlet="Baltic Ledger")
    brigade = b1.entity("Crescent Brigade", "ORG")
    b1.event("exploded", "ASSAULT", actors=["A car bomb"])
    b1.event("claimed responsibility", "STATEMENT",
             actors=[{"name": "Crescent Brigade", "entity": brigade}])  # fmt: skip
    b2 = Builder("a2", t2, outlet="Harbor Post")
    mov = b2.entity("Free Valley Movement", "ORG")
    q = b2.quote("The Free Valley Movement bombed the police station in Kirkuk", "police")
    b2.event("bombed", "ASSAULT", sources=[q], factuality="reported",
             actors=[{"name": "The Free Valley Movement", "entity": mov}])  # fmt: skip
    (story,) = build_stories(records(b1.record(), b2.record()), linking(["a1:e1", "a2:e1"]))
    kinds = [c.kind for c in story.contradictions]
    assert kinds == ["actor"]  # the car bomb is a weapon, not a rival perpetrator
    contra = story.contradictions[0]
    assert {contra.a.article, contra.b.article} == {"a1", "a2"}
    assert "Crescent Brigade" in contra.note and "Free Valley Movement" in contra.note


def test_dates_and_places_that_exclude_each_other():
    assert times_agree("2023-05", "2023-05-14") and not times_agree("2023-05-13", "2023-05-14")
    kyiv = place("Kyiv", 50.45, 30.52, "UA", "P.PPLC")
    lviv = place("Lviv", 49.84, 24.03, "UA", "P.PPLA")
    region = place("Kyiv Oblast", 50.3, 30.3, "UA", "A.ADM1")
    assert places_conflict(kyiv, lviv) and not places_conflict(kyiv, region)
    recs = []
    for aid, day, text_day, where in [("a1", "2023-05-14", "Sunday", kyiv),
                                      ("a2", "2023-05-13", "Saturday", lviv)]:  # fmt: skip
        text = f"A drone struck a depot in {where.name} on {text_day}, officials said."
        b = Builder(aid, text, outlet=aid)
        at = text.index(where.name)
        b.event("struck", time=day, time_text=text_day,
                place=where.model_copy(update={"start": at, "end": at + len(where.name)}))  # fmt: skip
        recs.append(b.record())
    (story,) = build_stories(records(*recs), linking(["a1:e1", "a2:e1"]))
    assert sorted(c.kind for c in story.contradictions) == ["place", "time"]
    place_c = next(c for c in story.contradictions if c.kind == "place")
    assert (place_c.a.text, place_c.b.text) == ("Kyiv", "Lviv")


def test_statements_cluster_one_speakers_relays_and_keep_speakers_apart():
    assert same_statement(frozenset("two workers injured fire".split()),
                          frozenset("two workers injured".split()))  # fmt: skip
    quotes = [
        QuoteRelay("a1:q1", "person:meshkov", "Meshkov", "two workers were injured in the fire",
                   ("Daily",)),  # fmt: skip
        QuoteRelay("a2:q1", "person:meshkov", "Meshkov", "Two workers were injured", ("Post",)),
        QuoteRelay("a3:q1", "person:peskov", "Peskov", "two workers were injured in the fire",
                   ("Post",)),  # fmt: skip
        QuoteRelay("a3:q2", "person:meshkov", "Meshkov", "talks stalled over the weekend",
                   ("Post",)),  # fmt: skip
    ]
    statements = cluster_statements(quotes)
    assert [s.quotes for s in statements] == [["a1:q1", "a2:q1"], ["a3:q1"], ["a3:q2"]]
    assert statements[0].relays == ["Daily", "Post"]
    assert statements[0].text == "two workers were injured in the fire"
    assert len({s.id for s in statements}) == 3


def test_the_day_someone_spoke_is_not_the_day_of_the_event():
    from dateline.records import Time

    t1 = "A car bomb exploded in Kirkuk on Thursday, the governor's office said."
    t2 = '"They did it," the police chief told reporters on Friday, a day after a car bomb exploded.'
    recs = []
    for aid, text, day, word in [("a1", t1, "2023-05-18", "Thursday"),
                                 ("a2", t2, "2023-05-19", "Friday")]:  # fmt: skip
        b = Builder(aid, text, outlet=aid)
        b.event("exploded", "ASSAULT", time=day, time_text=word)
        rec = b.record()
        at = text.index(word)
        rec.times.append(Time(text=word, start=at, end=at + len(word), type="DATE", value=day))
        recs.append(rec)
    (story,) = build_stories(records(*recs), linking(["a1:e1", "a2:e1"]))
    assert [c.kind for c in story.contradictions] == []
    assert story.time.value == "2023-05-18"


def test_an_origin_first_met_through_its_figure_keeps_the_name_as_written():
    # the asserter of a figure that no quote or source of the event names becomes an origin
    # of its own: it is named as the article names it, not by its lower-case comparison key
    text = "Western Monitors counted 40 dead in the shelling, although Moscow disputes it."
    b = Builder("a1", text, outlet="Harbor Post")
    b.event("shelling", "FIGHT")
    b.figure("40 dead", value=40, unit="dead", about="dead",
             asserted_by=["Western Monitors"], disputed_by=["Moscow"])  # fmt: skip
    (story,) = build_stories(records(b.record()), linking(["a1:e1"]))
    names = {o.name for o in story.origins}
    assert "Western Monitors" in names and "western monitors" not in names

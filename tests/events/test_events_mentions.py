"""One event per happening: mentions fold, negations drop, strikes by workers, the main event.

Sentences written for these tests (integration: the model parses).
"""

from __future__ import annotations

import pytest

from dateline.events import extract_events, main_event
from dateline.events.prominence import prominence
from dateline.records import AnalysisRecord, Article, Place, Time

pytestmark = pytest.mark.model


def record_for(text, title=None, **lists):
    article = Article(id="a1", text=text, published="2023-06-01", title=title)
    return AnalysisRecord(article=article, **lists)


def events_of(nlp, text, **lists):
    return extract_events(nlp(text), record_for(text, **lists))[0]


def at(text, part, start=0):
    i = text.index(part, start)
    return i, i + len(part)


def test_repeated_talks_are_one_event_with_every_mention(nlp):
    text = (
        "Envoys from both sides held talks in Geneva on Tuesday. "
        "The talks lasted six hours. A mediator said talks would continue next month, "
        "and officials called the talks constructive."
    )
    talks = [e for e in events_of(nlp, text) if e.type == "CONSULT"]
    assert len(talks) == 1
    event = talks[0]
    assert [m.trigger for m in event.mentions].count("talks") >= 3
    first = event.mentions[0]
    assert (first.trigger, first.start, first.end) == (event.trigger, event.start, event.end)
    assert all(text[m.start : m.end] == m.trigger for m in event.mentions)
    assert [m.start for m in event.mentions] == sorted(m.start for m in event.mentions)
    # each mention says how it presents the happening; the event weighs them all
    assert event.mentions[0].factuality == "asserted" == event.factuality
    assert all(m.factuality is not None for m in event.mentions)


def test_the_war_named_again_is_the_same_war(nlp):
    text = (
        "The war has displaced millions of people. Aid groups said the war had destroyed "
        "most hospitals in the east, and the war is now in its third year."
    )
    wars = [e for e in events_of(nlp, text) if e.trigger == "war"]
    assert len(wars) == 1 and len(wars[0].mentions) >= 2


def test_shellings_of_two_named_cities_on_two_days_stay_two_events(nlp):
    text = "Troops shelled Sumy on Monday. Troops shelled Poltava on Wednesday."
    sumy = Place(text="Sumy", start=at(text, "Sumy")[0], end=at(text, "Sumy")[1], country="UA",
                 geonames_id=692194)  # fmt: skip
    s, e = at(text, "Poltava")
    poltava = Place(text="Poltava", start=s, end=e, country="UA", geonames_id=696643)
    monday = Time(text="Monday", start=at(text, "Monday")[0], end=at(text, "Monday")[1],
                  type="DATE", value="2023-05-29")  # fmt: skip
    s, e = at(text, "Wednesday")
    wednesday = Time(text="Wednesday", start=s, end=e, type="DATE", value="2023-05-31")
    shellings = [
        ev
        for ev in events_of(nlp, text, places=[sumy, poltava], times=[monday, wednesday])
        if ev.type == "FIGHT"
    ]
    assert len(shellings) == 2
    assert [ev.place.text for ev in shellings] == ["Sumy", "Poltava"]


def test_protests_by_different_crowds_stay_apart(nlp):
    text = (
        "Farmers protested outside the ministry on Monday. "
        "Students protested at the university on Monday."
    )
    protests = [e for e in events_of(nlp, text) if e.type == "PROTEST"]
    assert len(protests) == 2


def test_casualties_joined_by_and_belong_to_the_shelling(nlp):
    text = "Artillery shelled the town on Sunday, killing four civilians and wounding 11 others."
    events = events_of(nlp, text)
    assert len(events) == 1 and events[0].type == "FIGHT"


def test_what_talks_are_about_is_no_second_event(nlp):
    text = "Negotiators began talks on a ceasefire in Doha on Thursday."
    events = events_of(nlp, text)
    assert [e.type for e in events] == ["CONSULT"]


@pytest.mark.parametrize(
    "text",
    [
        "Hundreds marched through the capital on Saturday. Police said no arrests were made.",
        "Hundreds marched through the capital on Saturday. The march ended without arrests.",
        "Hundreds marched through the capital on Saturday. Nobody was hurt.",
    ],
)
def test_what_did_not_happen_is_no_event(nlp, text):
    events = events_of(nlp, text)
    assert [e.type for e in events] == ["PROTEST"]
    assert events[0].factuality == "asserted"


def test_a_party_that_did_not_act_stays_negated_and_never_leads(nlp):
    text = "The army said its troops did not attack the village."
    events = events_of(nlp, text)
    [attack] = [e for e in events if e.type == "ASSAULT"]
    assert attack.factuality == "negated" and attack.actors


def test_a_later_arrest_is_not_folded_into_no_arrests(nlp):
    text = (
        "Police said no arrests were made during the rally. "
        "On Sunday police arrested two men in the port city."
    )
    arrests = [e for e in events_of(nlp, text) if e.type == "COERCE"]
    assert len(arrests) == 1 and arrests[0].factuality != "negated"
    assert arrests[0].trigger == "arrested"


def test_workers_walking_off_the_job_are_a_strike_with_actors_and_a_time(nlp):
    text = "HALDEN — About 900 bus drivers walked off the job on Wednesday over pay."
    s, e = at(text, "Wednesday")
    wednesday = Time(text="Wednesday", start=s, end=e, type="DATE", value="2023-05-31")
    [strike] = events_of(nlp, text, times=[wednesday])
    assert (strike.type, strike.acled_sub) == ("PROTEST", "Peaceful protest")
    assert [a.name for a in strike.actors] == ["About 900 bus drivers"]
    assert strike.time.value == "2023-05-31" and not strike.time.from_publication_date


def test_the_strike_in_a_story_about_pay_is_a_labour_strike(nlp):
    text = (
        "Nurses at three hospitals stopped work on Monday after their union rejected a pay "
        "offer. The hospital board said it regretted the strike."
    )
    events = events_of(nlp, text)
    assert all(e.type != "ASSAULT" for e in events)
    strikes = [e for e in events if e.type == "PROTEST"]
    assert len(strikes) == 1 and "strike" in [m.trigger for m in strikes[0].mentions]


def test_a_missile_strike_that_killed_workers_is_no_labour_strike(nlp):
    text = "A missile strike on the plant killed two workers on Monday."
    events = events_of(nlp, text)
    assert events and all(e.type != "PROTEST" for e in events)


@pytest.mark.parametrize(
    "text",
    [
        "The president delivers a statement at a news conference in the capital.",
        "The ministry provided no details about the meeting.",
    ],
)
def test_delivering_a_statement_is_no_aid(nlp, text):
    assert all(e.type != "AID" for e in events_of(nlp, text))


def test_delivering_food_is_aid(nlp):
    text = "The agency delivered food and medicine to the besieged town on Friday."
    assert "AID" in [e.type for e in events_of(nlp, text)]


def test_the_dateline_is_no_actor(nlp):
    text = "MARIUPOL, Ukraine — Soldiers shelled the port on Tuesday."
    [event] = events_of(nlp, text)
    assert [a.name for a in event.actors] == ["Soldiers"]


def test_main_event_prefers_a_happening_with_participants_and_its_own_time(nlp):
    text = (
        "Thousands of dock workers walked off the job at the northern port on Tuesday, the "
        "union said. The walkout was the first in a decade."
    )
    s, e = at(text, "Tuesday")
    tuesday = Time(text="Tuesday", start=s, end=e, type="DATE", value="2023-05-30")
    doc = nlp(text)
    record = record_for(text, title="Dock workers strike", times=[tuesday])
    record.events = extract_events(doc, record)[0]
    main = main_event(record, prominence(doc, record.events))
    assert main.type == "PROTEST" and main.actors
    assert main.time.value == "2023-05-30"
    assert len([e for e in record.events if e.type == "PROTEST"]) == 1


def test_the_occasion_of_an_arrest_is_no_target(nlp):
    text = "Police arrested six men at the protest on Friday."
    [arrest] = [e for e in events_of(nlp, text) if e.type == "COERCE"]
    assert [a.name for a in arrest.actors] == ["Police"]
    assert "protest" not in [t.name for t in arrest.targets]


@pytest.mark.parametrize(
    "text",
    [
        "The ruling demonstrated that the court could act quickly.",
        "The senator rallied support for the bill on Tuesday.",
    ],
)
def test_demonstrating_a_point_is_no_protest(nlp, text):
    assert all(e.type != "PROTEST" for e in events_of(nlp, text))


def test_demonstrating_in_the_street_is_a_protest(nlp):
    text = "Thousands demonstrated in the capital on Sunday against the new law."
    assert "PROTEST" in [e.type for e in events_of(nlp, text)]

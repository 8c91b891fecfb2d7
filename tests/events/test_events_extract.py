"""extract_events and main_event_summary on hand-built records (integration: the model parses)."""

from __future__ import annotations

import pytest

from dateline.events import extract_events, main_event_summary
from dateline.records import (
    AnalysisRecord,
    Article,
    Entity,
    NonComment,
    Place,
    Quote,
    Speaker,
    Time,
)

pytestmark = pytest.mark.model


def record_for(text, **lists):
    return AnalysisRecord(article=Article(id="a1", text=text, published="2022-04-01"), **lists)


def span(text, part, start=0):
    i = text.index(part, start)
    return i, i + len(part)


def test_demonym_actor_and_target_on_foreign_soil(nlp):
    text = "Ukrainian helicopters struck an oil depot on Russian soil."
    events, _ = extract_events(nlp(text), record_for(text))
    [event] = events
    assert (event.id, event.type, event.acled_sub) == ("e1", "FIGHT", "Air/drone strike")
    assert event.cameo == "19"
    assert [a.country for a in event.actors] == ["UA"]
    assert [(t.name, t.country) for t in event.targets] == [("oil depot", "RU")]
    assert event.time.from_publication_date and event.time.value == "2022-04-01"


def test_place_and_time_from_the_other_stages(nlp):
    text = "Rebels shelled Goma on Monday. Aid groups said supplies ran short."
    goma = Place(text="Goma", start=15, end=19, name="Goma", country="CD")
    monday = Time(text="Monday", start=23, end=29, type="DATE", value="2022-03-28")
    events, _ = extract_events(nlp(text), record_for(text, places=[goma], times=[monday]))
    shelling = events[0]
    assert shelling.acled_sub == "Shelling/artillery/missile attack"
    assert shelling.place.name == "Goma"
    assert (shelling.time.value, shelling.time.from_publication_date) == ("2022-03-28", False)
    # a later event with no place of its own gets the nearest resolvable place before it
    later = [e for e in events if e.start > 30]
    assert all(e.place is not None and e.place.name == "Goma" for e in later)


def test_entity_actor_and_quote_source(nlp):
    text = "Officials said Hamas fired rockets at Ashkelon."
    hamas = Entity(id="E1", name="Hamas", type="ORG", mentions=[list(span(text, "Hamas"))])
    s, e = span(text, "Hamas fired rockets at Ashkelon")
    quote = Quote(
        id="q1",
        kind="indirect",
        text=text[s:e],
        start=s,
        end=e,
        cue="said",
        speaker=Speaker(name="Officials", entity=None, start=0, end=9),
    )
    events, _ = extract_events(nlp(text), record_for(text, entities=[hamas], quotes=[quote]))
    [event] = [e for e in events if e.type == "FIGHT"]
    assert event.actors[0].entity == "E1"
    assert (event.factuality, event.sources) == ("reported", ["q1"])


def test_ids_follow_text_order_and_are_deterministic(nlp):
    text = "Police arrested two men. Protesters marched in Lagos. Talks resumed in Doha."
    first = extract_events(nlp(text), record_for(text))[0]
    second = extract_events(nlp(text), record_for(text))[0]
    assert [e.id for e in first] == [f"e{n}" for n in range(1, len(first) + 1)]
    assert [e.start for e in first] == sorted(e.start for e in first)
    assert [e.model_dump() for e in first] == [e.model_dump() for e in second]
    assert [e.type for e in first] == ["COERCE", "PROTEST", "CONSULT"]


def test_later_mention_folds_into_the_event_and_marks_it_unclaimed(nlp):
    text = (
        "A car bomb exploded near a market in Kabul, police said. "
        "No group has claimed responsibility for the attack."
    )
    s, e = span(text, "No group has claimed responsibility for the attack")
    nc = NonComment(who="no group", kind="no_claim", text=text[s:e], start=s, end=e)
    events, _ = extract_events(nlp(text), record_for(text, non_comments=[nc]))
    bombs = [ev for ev in events if ev.type == "ASSAULT"]
    assert len(bombs) == 1
    assert bombs[0].acled_sub == "Remote explosive/landmine/IED"
    assert bombs[0].factuality == "unclaimed"


def test_generic_the_attack_names_the_lede_event_not_the_latest(nlp):
    text = (
        "Two helicopters struck a fuel depot in Belgorod on Friday. Two workers were injured. "
        "Ukraine did not claim responsibility for the attack."
    )
    s, e = span(text, "Ukraine did not claim responsibility for the attack")
    nc = NonComment(who="Ukraine", kind="no_claim", text=text[s:e], start=s, end=e)
    events, _ = extract_events(nlp(text), record_for(text, non_comments=[nc]))
    struck = next(ev for ev in events if ev.trigger == "struck")
    assert struck.factuality == "unclaimed"
    assert all(ev.factuality != "unclaimed" for ev in events if ev is not struck)


def test_summary_names_claimants_deniers_and_the_silent(nlp):
    text = (
        "Ukrainian helicopters struck an oil depot in Belgorod, the regional governor said. "
        "Kyiv denied that its forces attacked the depot. The defence ministry declined to comment."
    )
    s1, e1 = span(text, "Ukrainian helicopters struck an oil depot in Belgorod")
    s2, e2 = span(text, "its forces attacked the depot")
    quotes = [
        Quote(id="q1", kind="indirect", text=text[s1:e1], start=s1, end=e1, cue="said",
              speaker=Speaker(name="the regional governor", start=0, end=1)),
        Quote(id="q2", kind="indirect", text=text[s2:e2], start=s2, end=e2, cue="denied",
              speaker=Speaker(name="Kyiv", start=0, end=1)),
    ]  # fmt: skip
    s3, e3 = span(text, "The defence ministry declined to comment")
    nc = NonComment(who="The defence ministry", kind="declined", text=text[s3:e3], start=s3, end=e3)
    belgorod = Place(text="Belgorod", start=text.index("Belgorod"), end=text.index("Belgorod") + 8,
                     name="Belgorod", country="RU")  # fmt: skip
    record = record_for(text, quotes=quotes, non_comments=[nc], places=[belgorod])
    record.events, record.figures = extract_events(nlp(text), record)
    summary = main_event_summary(record)
    assert summary["what"] == "FIGHT"
    assert (summary["where"], summary["country"]) == ("Belgorod", "RU")
    assert summary["when_is_publication_date"] is True
    assert summary["claimed_by"] == ["the regional governor"]
    assert summary["denied_by"] == ["Kyiv"]
    assert summary["silent"] == ["The defence ministry"]
    assert summary["factuality"] == "denied"


def test_summary_of_an_article_without_events():
    summary = main_event_summary(record_for("The weather was mild."))
    assert summary["event"] is None


@pytest.mark.parametrize(
    ("text", "plover", "acled_sub", "actor", "target"),
    [
        ("Russia withdrew its troops from Kherson.", "RETREAT",
         "Non-violent transfer of territory", "Russia", None),
        ("Moscow deployed 10,000 troops near the border.", "MOBILIZE", "Other", "Moscow", None),
        ("Iran and the United States held talks in Vienna.", "CONSULT", None, "Iran", None),
        ("The EU imposed new sanctions on Belarus.", "SANCTION", None, "EU", "Belarus"),
        ("Germany sent aid to Sudan.", "AID", None, "Germany", "Sudan"),
        ("Police arrested 40 people in Minsk.", "COERCE", "Arrests", "Police", "40 people"),
        ("North Korea threatened Seoul with nuclear strikes.", "THREATEN", None, "North Korea",
         "Seoul"),
        ("Kyiv accused Moscow of war crimes.", "ACCUSE", None, "Kyiv", "Moscow"),
        ("The president announced a new energy policy.", "STATEMENT", None, "president", None),
        ("Thousands of people protested in Tbilisi.", "PROTEST", "Peaceful protest", None, None),
        ("Militants kidnapped two aid workers.", "ASSAULT", "Abduction/forced disappearance",
         "Militants", "two aid workers"),
        ("Rebels and government troops clashed near Goma.", "FIGHT", "Armed clash", "Rebels", None),
        ("Protesters clashed with police in Paris.", "PROTEST", "Violent demonstration",
         "Protesters", "police"),
        ("The two sides signed a ceasefire agreement.", "AGREE", "Agreement", "two sides", None),
    ],
)  # fmt: skip
def test_event_types_of_interest(nlp, text, plover, acled_sub, actor, target):
    events, _ = extract_events(nlp(text), record_for(text))
    event = events[0]
    assert (event.type, event.acled_sub) == (plover, acled_sub)
    if actor:
        assert actor in [a.name for a in event.actors]
    if target:
        assert target in [t.name for t in event.targets]


def test_trigger_noun_that_only_modifies_is_not_an_event(nlp):
    text = "Militants kidnapped two aid workers."
    events, _ = extract_events(nlp(text), record_for(text))
    assert [e.type for e in events] == ["ASSAULT"]


def test_one_happening_is_one_event(nlp):
    text = (
        "Thousands of protesters marching on the palace were dispersed. "
        "Gunmen killed four guards and wounded nine."
    )
    events, _ = extract_events(nlp(text), record_for(text))
    assert [e.type for e in events] == ["PROTEST", "ASSAULT"]


def test_events_inside_a_no_comment_are_not_events(nlp):
    text = "The ministry did not respond to requests for comment."
    nc = NonComment(
        who="The ministry", kind="no_comment", text=text[:-1], start=0, end=len(text) - 1
    )
    events, _ = extract_events(nlp(text), record_for(text, non_comments=[nc]))
    assert events == []


def test_scheduled_talks_are_hypothetical(nlp):
    text = "Talks are expected to resume next week in Geneva."
    events, _ = extract_events(nlp(text), record_for(text))
    assert [(e.type, e.factuality) for e in events] == [("CONSULT", "hypothetical")]


def test_pronoun_actor_is_the_quote_speaker_and_demonyms_name_countries(nlp):
    text = "Hamas said it had fired rockets at Tel Aviv. Israeli jets struck Gaza."
    s, e = span(text, "it had fired rockets at Tel Aviv")
    quote = Quote(
        id="q1", kind="indirect", text=text[s:e], start=s, end=e, cue="said",
        speaker=Speaker(name="Hamas", entity="E1", start=0, end=5),
    )  # fmt: skip
    hamas = Entity(id="E1", name="Hamas", type="ORG", mentions=[[0, 5]])
    events, _ = extract_events(nlp(text), record_for(text, quotes=[quote], entities=[hamas]))
    rockets, strike = events
    assert [(a.entity, a.name) for a in rockets.actors] == [("E1", "Hamas")]
    assert (rockets.factuality, rockets.sources) == ("reported", ["q1"])
    assert [(a.name, a.country) for a in strike.actors] == [("Israeli jets", "IL")]


def test_sentence_final_attribution_reports_without_a_quote(nlp):
    text = "Rebels attacked a convoy near Goma, local officials said."
    events, _ = extract_events(nlp(text), record_for(text))
    assert events[0].factuality == "reported"
    assert events[0].sources == []


def test_phrasal_verb_split_by_its_object(nlp):
    text = "Russia will pull its troops back from Kyiv."
    events, _ = extract_events(nlp(text), record_for(text))
    assert [(e.type, e.factuality) for e in events] == [("RETREAT", "hypothetical")]


def test_casualties_do_not_outweigh_the_kind_of_event(nlp):
    from dateline.events import main_event

    text = "A boiler exploded at a chemical plant, killing two workers."
    record = record_for(text)
    record.events, _ = extract_events(nlp(text), record)
    assert main_event(record).type == "DISASTER"

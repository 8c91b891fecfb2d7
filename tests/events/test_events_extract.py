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
    Source,
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
    assert event.factuality == "reported"
    assert event.sources == [Source(name="Officials", entity=None, quote="q1")]


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
        ("Moscow deployed 10,000 troops near the border.", "MOBILIZE", "Change to group/activity",
         "Moscow", None),
        ("Troops patrolled the border.", "MOBILIZE", "Other", "Troops", None),
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
    assert rockets.factuality == "reported"
    assert rockets.sources == [Source(name="Hamas", entity="E1", quote="q1")]
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


def kinds_of(nlp, text, **lists):
    events, _ = extract_events(nlp(text), record_for(text, **lists))
    return [(e.trigger, e.type, e.acled_sub) for e in events]


@pytest.mark.parametrize(
    ("text", "acled_sub"),
    [
        ("ISIS fighters recaptured the village on Sunday.", "Non-state actor overtakes territory"),
        ("Rebels retook the district after a week of fighting.",
         "Non-state actor overtakes territory"),
        ("Government forces seized the town from the rebels.", "Government regains territory"),
        ("Pro-Russian separatists seized the airport.", "Non-state actor overtakes territory"),
        ("Islamic State captured the town of Sirte.", "Non-state actor overtakes territory"),
        ("The army and allied militias took control of the valley.",
         "Government regains territory"),
    ],
)  # fmt: skip
def test_who_takes_ground_decides_the_territory_kind(nlp, text, acled_sub):
    assert kinds_of(nlp, text)[0][2] == acled_sub


def test_a_clash_needs_armed_actors_on_both_sides(nlp):
    assert kinds_of(nlp, "Militants attacked an army base near Gao.")[0][2] == "Armed clash"
    campus = "Gunmen attacked a college campus, police said."
    assert kinds_of(nlp, campus)[0][2] == "Attack"


def test_villagers_attacking_are_a_mob_but_villagers_attacked_are_victims(nlp):
    assert kinds_of(nlp, "Residents stabbed a suspected thief.")[0][2] == "Mob violence"
    assert kinds_of(nlp, "Villagers clashed with sticks over a field.")[0][2] == "Mob violence"
    assert kinds_of(nlp, "Gunmen killed three villagers in Zamfara.")[0][2] == "Attack"


def test_a_light_attack_verb_takes_the_kind_of_its_object(nlp):
    assert kinds_of(nlp, "The two sides struck a deal on Friday.")[0][1] == "AGREE"
    assert kinds_of(nlp, "Washington targeted Moscow with new sanctions.")[0][1] == "SANCTION"
    assert kinds_of(nlp, "Israeli jets struck a hospital.")[0][1] == "FIGHT"


def test_casualties_merge_into_their_cause(nlp):
    crash = kinds_of(nlp, "Nineteen people were killed when their bus plunged into a river.")
    assert [k[1] for k in crash] == ["DISASTER"]
    blast = kinds_of(nlp, "Three people were killed in the blast.")
    assert [k[2] for k in blast] == ["Remote explosive/landmine/IED"]


def test_crowd_control_grenades_are_no_grenade_attack(nlp):
    text = "Police fired stun grenades to disperse the protesters."
    assert "Grenade" not in [k[2] for k in kinds_of(nlp, text)]


def test_withdrawing_from_a_treaty_moves_no_territory(nlp):
    assert kinds_of(nlp, "The United States withdrew from the treaty.")[0][1] == "REJECT"
    assert kinds_of(nlp, "Troops withdrew from the town.")[0][1] == "RETREAT"


def test_crime_word_on_a_crime_organization_is_an_event(nlp):
    assert kinds_of(nlp, "Police broke up a fraud ring in Lagos.")[-1][1] == "CRIME"
    assert kinds_of(nlp, "Aid workers arrived in Goma.") == []


def test_a_disaster_verb_on_an_event_is_a_metaphor(nlp):
    text = "Officials fear the bombing could derail the ceasefire."
    events, _ = extract_events(nlp(text), record_for(text))
    assert [(e.type, e.factuality) for e in events] == [
        ("ASSAULT", "asserted"),
        ("AGREE", "hypothetical"),
    ]


def test_a_violent_reason_of_a_reaction_does_not_lead(nlp):
    from dateline.events import main_event
    from dateline.events.prominence import prominence

    text = "Britain expelled 23 Russian diplomats after a nerve agent attack in Salisbury."
    doc = nlp(text)
    record = record_for(text)
    record.events, _ = extract_events(doc, record)
    assert main_event(record, prominence(doc, record.events)).type == "SANCTION"


def test_target_lies_in_the_place_of_the_verb(nlp):
    text = "Ukrainian helicopters attacked a fuel depot in Belgorod."
    belgorod = Place(text="Belgorod", start=text.index("Belgorod"), end=len(text) - 1,
                     name="Belgorod", country="RU")  # fmt: skip
    events, _ = extract_events(nlp(text), record_for(text, places=[belgorod]))
    [event] = events
    assert [a.country for a in event.actors] == ["UA"]
    assert [(t.name, t.country) for t in event.targets] == [("fuel depot", "RU")]


def test_a_trigger_word_is_no_target_its_of_object_is(nlp):
    text = "Rebels took control of the town."
    events, _ = extract_events(nlp(text), record_for(text))
    assert [t.name for t in events[0].targets] == ["town"]


def test_a_hedged_event_subject_makes_the_event_alleged(nlp):
    text = "A suspected chemical attack killed dozens of people in Douma."
    events, _ = extract_events(nlp(text), record_for(text))
    assert [(e.acled_sub, e.factuality) for e in events] == [("Chemical weapon", "alleged")]
    text = "Suspected militants ambushed a police patrol."
    events, _ = extract_events(nlp(text), record_for(text))
    assert events[0].factuality == "asserted"  # the actor is suspected, not the ambush


def test_denied_and_negated_in_quotes(nlp):
    text = "The group denied carrying out the attack on the mosque."
    events, _ = extract_events(nlp(text), record_for(text))
    assert [(e.trigger, e.factuality) for e in events] == [("attack", "denied")]
    text = "We did not fire at the convoy."
    events, _ = extract_events(nlp(text), record_for(text))
    assert [(e.type, e.factuality) for e in events] == [("ASSAULT", "negated")]


def test_capturing_people_is_an_arrest_or_an_abduction(nlp):
    assert kinds_of(nlp, "The army captured a senior rebel commander.")[0][2] == "Arrests"
    assert kinds_of(nlp, "Militants captured two soldiers near Gao.")[0][2] == (
        "Abduction/forced disappearance"
    )
    assert kinds_of(nlp, "Rebels captured the town of Gao.")[0][2] == (
        "Non-state actor overtakes territory"
    )
    assert kinds_of(nlp, "A drone captured dramatic footage of the floods.")[0][1] == "DISASTER"


def test_weapons_destroyed_from_the_air_are_an_air_strike(nlp):
    text = "Turkish jets destroyed weapons depots in northern Iraq."
    assert kinds_of(nlp, text)[0][2] == "Air/drone strike"
    text = "Soldiers destroyed a weapons cache in the forest."
    assert kinds_of(nlp, text)[0][2] == "Disrupted weapons use"


def test_anti_aircraft_guns_are_no_aircraft(nlp):
    text = "Militants attacked an army post using anti-aircraft guns and mortars."
    assert kinds_of(nlp, text)[0][2] == "Shelling/artillery/missile attack"


def test_a_collapsing_truce_is_no_disaster(nlp):
    assert [k[1] for k in kinds_of(nlp, "The ceasefire collapsed on Monday.")] == ["AGREE"]
    assert [k[1] for k in kinds_of(nlp, "A building collapsed on Monday.")] == ["DISASTER"]


def test_blaming_someone_for_violence_is_an_attribution(nlp):
    from dateline.events.extract import typed_events

    text = "Kyiv accused Moscow of shelling the plant."
    typed = typed_events(nlp(text), record_for(text))
    accuse = next(kind for event, kind in typed if event.type == "ACCUSE")
    assert accuse.case == "ATTRIB"
    text = "Kyiv accused Moscow of corruption."
    typed = typed_events(nlp(text), record_for(text))
    assert [kind.case for _, kind in typed] == ["DIPLO"]


def test_a_riot_outranks_force_against_protesters_in_one_story(nlp):
    from dateline.events import main_event
    from dateline.events.prominence import prominence

    text = "Police killed two protesters on Friday as rioters hurled stones at officers."
    doc = nlp(text)
    record = record_for(text)
    record.events, _ = extract_events(doc, record)
    assert main_event(record, prominence(doc, record.events)).acled_sub == "Violent demonstration"


def test_participle_taken_for_an_active_verb_keeps_its_actor(nlp):
    text = "Suspected Islamist militants abducted at least 30 students from a school."
    events, _ = extract_events(nlp(text), record_for(text))
    [event] = events
    assert [a.name for a in event.actors] == ["Suspected Islamist militants"]
    assert [t.name for t in event.targets] == ["at least 30 students"]


def test_a_resumptive_indefinite_noun_is_the_same_event(nlp):
    text = (
        "Ukrainian helicopters struck an oil depot in Belgorod, "
        "an attack that Moscow said could hamper peace talks."
    )
    events, _ = extract_events(nlp(text), record_for(text))
    assert [(e.type, e.trigger) for e in events] == [
        ("FIGHT", "struck"),
        ("CONSULT", "peace talks"),
    ]


def test_weapons_found_are_a_disrupted_weapons_use_not_an_explosion(nlp):
    kinds = kinds_of(nlp, "Two explosive devices were found near the school.")
    assert [k[2] for k in kinds] == ["Disrupted weapons use"]


def test_a_weapons_test_is_no_explosion(nlp):
    kinds = kinds_of(nlp, "North Korea carried out a test of a hydrogen bomb.")
    assert "Remote explosive/landmine/IED" not in [k[2] for k in kinds]
    assert ("bomb", "MOBILIZE", "Other") in kinds


@pytest.mark.parametrize(
    "text",
    [
        "The sanctions came in response to the bombing of a police station.",
        "Russia retaliated over a new round of sanctions imposed over the bombing of a base.",
    ],
)
def test_the_reason_of_a_reaction_does_not_lead(nlp, text):
    from dateline.events import main_event
    from dateline.events.prominence import prominence

    doc = nlp(text)
    record = record_for(text)
    record.events, _ = extract_events(doc, record)
    assert main_event(record, prominence(doc, record.events)).type == "SANCTION"

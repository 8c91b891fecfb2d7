"""Typed triggers and their refinement by sentence cues (model-free: blank tokenizer)."""

from __future__ import annotations

import pytest
import spacy

from dateline.events.triggers import find_triggers, refine
from dateline.events.types import event_types


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


def kinds(blank, text):
    return [(m.text, m.kind.key) for m in find_triggers(blank(text))]


def test_phrase_trigger_matches_longest(blank):
    assert kinds(blank, "A suicide bomber struck")[0] == ("suicide bomber", "suicide_bomb")


def test_cue_refines_attack_to_grenade(blank):
    assert ("attack", "grenade") in kinds(blank, "A grenade attack on a police post")


def test_refinement_chains_through_rows():
    # explosion -> remote explosive (roadside) -> suicide bomb (suicide)
    words = "a suicide bomber detonated a roadside explosion".split()
    assert refine(event_types()["explosion"], words).key == "suicide_bomb"


def test_protest_refined_by_intervention_and_force(blank):
    assert kinds(blank, "Police used tear gas on the protest")[-1][1] == "protest_with_intervention"
    assert kinds(blank, "Police opened fire on the protest , killed two")[-1][1] == (
        "force_against_protest"
    )


def test_clash_needs_two_armed_sides(blank):
    assert kinds(blank, "Gunmen attack a village")[0][1] == "attack"
    assert kinds(blank, "Militants attack soldiers")[0][1] == "armed_clash"


def test_no_trigger_in_plain_text(blank):
    assert find_triggers(blank("The weather was mild and the market was calm")) == []


def test_hyphenated_triggers_and_cues_match_the_split_tokens(blank):
    # the tokenizer splits "cease-fire" into cease, -, fire: the table's entries are split alike
    assert kinds(blank, "The cease-fire held")[0] == ("cease-fire", "agreement")
    assert kinds(blank, "Marchers were pepper-sprayed at the protest")[-1][1] == (
        "protest_with_intervention"
    )


def test_a_cue_inside_a_longer_cue_counts_once(blank):
    # "forces" in "security forces" is one armed side, not a second one
    assert kinds(blank, "Security forces attack a village")[0][1] == "attack"


def test_non_negates_a_cue(blank):
    assert kinds(blank, "A non-violent protest in the capital")[0][1] == "peaceful_protest"
    assert kinds(blank, "A violent protest in the capital")[0][1] == "violent_demonstration"


def test_rioting_protesters_outrank_police_intervention(blank):
    # ACLED: demonstrators who turn violent make a riot, whatever force the police use
    text = "Police fired tear gas as the protest turned violent and protesters hurled stones"
    assert ("protest", "violent_demonstration") in kinds(blank, text)


def test_unless_words_stop_a_refinement(blank):
    calm = kinds(blank, "Rebels took control of the town after the army withdrew")
    fought = kinds(blank, "Rebels took control of the town after heavy fighting")
    assert calm[0] == ("took control", "peaceful_takeover")
    assert fought[0] == ("took control", "territory_taken")

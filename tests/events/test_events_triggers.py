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

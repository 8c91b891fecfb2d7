"""Factuality from hand-built parses (model-free) and from the model (integration)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from dateline.events.factuality import event_factuality, mention_factuality
from dateline.records import NonComment, Quote

VOCAB = spacy.blank("en").vocab


def parse(words, heads, deps, lemmas=None):
    return Doc(VOCAB, words=words, heads=heads, deps=deps, lemmas=lemmas)


def test_negation_on_the_verb():
    doc = parse(["Troops", "did", "not", "withdraw"], [3, 3, 3, 3], ["nsubj", "aux", "neg", "ROOT"])
    assert mention_factuality(doc[3], [], []) == "negated"


def test_modal_makes_it_hypothetical():
    doc = parse(["Troops", "could", "withdraw"], [2, 2, 2], ["nsubj", "aux", "ROOT"])
    assert mention_factuality(doc[2], [], []) == "hypothetical"


def test_denial_verb_above():
    words = ["Moscow", "denied", "striking", "depot"]
    lemmas = ["Moscow", "deny", "strike", "depot"]
    doc = parse(words, [1, 1, 1, 2], ["nsubj", "ROOT", "xcomp", "dobj"], lemmas)
    assert mention_factuality(doc[2], [], []) == "denied"


def test_inside_a_quote_is_reported_with_the_quote():
    doc = parse(["Rebels", "attacked", "Goma"], [1, 1, 1], ["nsubj", "ROOT", "dobj"])
    quote = Quote(id="q1", kind="indirect", text="Rebels attacked Goma", start=0, end=20)
    assert mention_factuality(doc[1], [quote], []) == "reported"


def test_no_claim_non_comment_makes_it_unclaimed():
    doc = parse(["the", "bombing"], [1, 1], ["det", "ROOT"])
    nc = NonComment(who="no group", kind="no_claim", text="the bombing", start=0, end=11)
    assert mention_factuality(doc[1], [], [nc]) == "unclaimed"


def test_plain_statement_is_asserted():
    doc = parse(["Rebels", "attacked", "Goma"], [1, 1, 1], ["nsubj", "ROOT", "dobj"])
    assert mention_factuality(doc[1], [], []) == "asserted"


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        ("The strike could hamper further talks.", "talks", "hypothetical"),
        ("Russia threatened to attack Kyiv.", "attack", "hypothetical"),
        ("Kyiv accused Moscow of shelling the plant.", "shelling", "alleged"),
        ("Rebels allegedly abducted ten villagers.", "abducted", "alleged"),
        ("There was no attack on the city.", "attack", "negated"),
        ("No group has claimed responsibility for the bombing.", "bombing", "unclaimed"),
        ("Moscow denied that its jets bombed the hospital.", "bombed", "denied"),
        ("Israeli jets bombed the hospital on Monday.", "bombed", "asserted"),
        ("If the talks fail, the rebels will resume attacks.", "talks", "hypothetical"),
        ("The rebels plan to attack the airport.", "attack", "hypothetical"),
        ("Officials fear the bombing could derail the truce.", "bombing", "asserted"),
        ("Officials fear an attack could derail the truce.", "attack", "hypothetical"),
        ("Two men suspected of planting a bomb were held.", "planting", "alleged"),
        ("The Taliban denied carrying out the attack.", "attack", "denied"),
        # a nearer speech verb owns its clause: the fire is said, not denied
        ("The ministry denied that its forces shelled a hospital, saying 12 people had died "
         "in a fire there.", "fire", "asserted"),
        ("The ministry denied that its forces shelled a hospital, saying 12 people had died "
         "in a fire there.", "shelled", "denied"),
    ],
)
def test_factuality_in_sentences(nlp, text, trigger, expected):
    doc = nlp(text)
    token = next(t for t in doc if t.text == trigger)
    assert mention_factuality(token, [], []) == expected


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        # an infinitive says what is to happen, unless its verb says it did
        ("The government agreed to release the prisoners.", "release", "hypothetical"),
        ("Rebels signed a deal to withdraw from the town.", "withdraw", "hypothetical"),
        ("Rebels signed a deal to withdraw from the town.", "signed", "asserted"),
        ("Army to withdraw troops from the border", "withdraw", "hypothetical"),  # a headline
        ("The pilot managed to land the plane safely.", "land", "asserted"),
        ("Police forced the crowd to disperse.", "disperse", "asserted"),
        ("He was the first leader to visit the island.", "visit", "asserted"),
        ("Negotiators failed to reach a ceasefire.", "reach", "negated"),
        ("Negotiators failed to reach a ceasefire.", "ceasefire", "negated"),
        # a passive verb of saying or believing, or "claims to", hedges it
        ("The militia is believed to have attacked the convoy.", "attacked", "alleged"),
        ("The group claims to control the airport.", "control", "alleged"),
        # called off: it did not happen
        ("The rally was cancelled after the bombing.", "rally", "negated"),
        ("Organisers postponed the march.", "march", "negated"),
        ("The rally was cancelled after the bombing.", "bombing", "asserted"),
        # a modal reaches the verb and its object, not circumstances in a prepositional phrase
        ("Troops will withdraw after the elections.", "withdraw", "hypothetical"),
        ("Troops will withdraw after the elections.", "elections", "asserted"),
        ("The UN called for an inquiry into the shelling.", "inquiry", "hypothetical"),
        ("The UN called for an inquiry into the shelling.", "shelling", "asserted"),
        # a noun subject of a verb that only says it happens shares the verb's modality
        ("The summit will take place in Geneva.", "summit", "hypothetical"),
        ("Talks will resume when the delegation arrives.", "arrives", "hypothetical"),
        # a noun object of "reject" exists; one of "deny" is denied
        ("Parliament rejected the peace plan on Monday.", "plan", "asserted"),
        ("The army denied the massacre.", "massacre", "denied"),
        # a relative clause under an accusation is presupposed, not alleged
        ("Kyiv accused Moscow of shelling a convoy that was carrying aid.", "shelling", "alleged"),
        ("Kyiv accused Moscow of shelling a convoy that was carrying aid.", "carrying", "asserted"),
    ],
)
def test_factuality_scope_in_sentences(nlp, text, trigger, expected):
    doc = nlp(text)
    token = next(t for t in doc if t.text == trigger)
    assert mention_factuality(token, [], []) == expected


def test_event_factuality_takes_a_later_denial_of_a_reported_event():
    words = ["Rebels", "attacked", "Goma", ".", "Kigali", "denied", "the", "attack"]
    lemmas = ["rebel", "attack", "Goma", ".", "Kigali", "deny", "the", "attack"]
    heads = [1, 1, 1, 1, 5, 5, 7, 5]
    deps = ["nsubj", "ROOT", "dobj", "punct", "nsubj", "ROOT", "det", "dobj"]
    doc = parse(words, heads, deps, lemmas)
    quote = Quote(id="q1", kind="indirect", text="Rebels attacked Goma", start=0, end=20)
    first, later = (doc[1], "attack"), (doc[7], "attack")
    assert event_factuality([first], [quote], []) == "reported"
    assert event_factuality([first, later], [quote], []) == "denied"
    assert event_factuality([first, later], [], []) == "asserted"  # the outlet's own word stands


def test_no_claim_of_a_claim_event_is_its_negation():
    words = ["No", "group", "claimed", "the", "attack"]
    lemmas = ["no", "group", "claim", "the", "attack"]
    doc = parse(words, [1, 2, 2, 4, 2], ["det", "nsubj", "ROOT", "det", "dobj"], lemmas)
    assert event_factuality([(doc[4], "attack")], [], []) == "unclaimed"
    assert event_factuality([(doc[4], "claim_responsibility")], [], []) == "negated"


def test_trigger_factuality_reads_a_span_at_its_head_and_the_docs_quotes():
    from dateline.events.factuality import trigger_factuality
    from dateline.nlp.extensions import register_extensions

    register_extensions()
    doc = parse(["Rebels", "shelled", "Goma", "town"], [1, 1, 3, 1], ["nsubj", "ROOT", "compound", "dobj"])
    assert trigger_factuality(doc[1:2]) == trigger_factuality(doc[1]) == "asserted"
    assert trigger_factuality(doc[2:4]) == mention_factuality(doc[3], [], [])
    doc._.quotes = [Quote(id="q1", kind="indirect", text=doc.text, start=0, end=len(doc.text))]
    assert trigger_factuality(doc[1]) == "reported"
    assert trigger_factuality(doc[1], quotes=[]) == "asserted"

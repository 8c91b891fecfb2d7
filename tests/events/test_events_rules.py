"""Event rules on hand-built parses: no model, milliseconds each (beside the model tests).

ACLED retyping by participants, trigger merging, later mentions and the one factuality decision,
each on a Doc written token by token (``tests/handbuilt.py``).
"""

from __future__ import annotations

import pytest

from dateline.events.extract import typed_events
from dateline.records import AnalysisRecord, Article, NonComment, Quote
from handbuilt import build


def events_of(rows: str, non_comments: list[NonComment] | None = None):
    doc = build(rows)
    record = AnalysisRecord(
        article=Article(id="t", text=doc.text, published="2024-05-01"),
        non_comments=non_comments or [],
    )
    return doc, typed_events(doc, record)


def seized(subject: str, subject_lemma: str, obj: str) -> str:
    return f"""
{subject} {subject_lemma} NOUN NNS nsubj 1
seized seize VERB VBD ROOT 1
the the DET DT det 3
{obj}_ {obj} NOUN NN dobj 1
._ . PUNCT . punct 1
"""


@pytest.mark.parametrize(
    ("subject", "obj", "key"),
    [
        ("Rebels", "town", "territory_taken"),  # a non-state actor overtakes ground
        ("Troops", "town", "government_takes_territory"),  # the state regains it
        ("Police", "suspects", "arrest"),  # the state captures people: an arrest
        ("Gunmen", "journalists", "abduction"),  # anyone else: an abduction
    ],
)
def test_a_capture_is_typed_by_who_takes_what(subject, obj, key):
    doc, typed = events_of(seized(subject, subject.lower(), obj))
    [(event, kind)] = typed
    assert (event.trigger, kind.key) == ("seized", key)


def test_a_capture_of_footage_is_no_event():
    doc, typed = events_of(seized("Cameras", "camera", "footage"))
    assert typed == []


AIR_DISRUPTION = """
Jets jet NOUN NNS nsubj 1
destroyed destroy VERB VBD ROOT 1
an an DET DT det 4
arms arm NOUN NNS compound 4
depot_ depot NOUN NN dobj 1
._ . PUNCT . punct 1
"""


def test_weapons_destroyed_by_aircraft_are_an_air_strike():
    doc, typed = events_of(AIR_DISRUPTION)
    assert [kind.key for _, kind in typed] == ["air_strike"]


GRENADE_ATTACK = """
A a DET DT det 2
grenade grenade NOUN NN compound 2
attack attack NOUN NN nsubj 3
hit hit VERB VBD ROOT 3
the the DET DT det 5
market_ market NOUN NN dobj 3
._ . PUNCT . punct 3
"""


def test_triggers_of_one_happening_merge_into_one_event():
    doc, typed = events_of(GRENADE_ATTACK)
    [(event, kind)] = typed
    assert kind.key == "grenade" and event.type == "ASSAULT"


REPORTED_THEN_DENIED = """
Officials official NOUN NNS nsubj 1
said say VERB VBD ROOT 1
drones drone NOUN NNS nsubj 3
struck strike VERB VBD ccomp 1
a a DET DT det 5
depot_ depot NOUN NN dobj 3
. . PUNCT . punct 1
Kyiv Kyiv PROPN NNP nsubj 8 B-GPE
denied deny VERB VBD ROOT 8
the the DET DT det 10
attack_ attack NOUN NN dobj 8
._ . PUNCT . punct 8
"""


def reported_record(rows: str):
    doc = build(rows)
    start = doc.text.index("drones")
    end = doc.text.index("depot") + len("depot")
    quote = Quote(id="q1", kind="indirect", text=doc.text[start:end], start=start, end=end)
    record = AnalysisRecord(
        article=Article(id="t", text=doc.text, published="2024-05-01"), quotes=[quote]
    )
    return doc, record


def test_a_later_denial_folds_into_the_reported_strike_and_decides_its_factuality():
    doc, record = reported_record(REPORTED_THEN_DENIED)
    [(event, _)] = typed_events(doc, record)  # "the attack" is the strike again
    assert event.id == "e1" and event.trigger.endswith("struck")
    assert [source.quote for source in event.sources] == ["q1"]
    assert event.factuality == "denied"


def test_the_reported_strike_alone_stays_reported():
    doc, record = reported_record("\n".join(REPORTED_THEN_DENIED.strip().splitlines()[:7]))
    [(event, _)] = typed_events(doc, record)
    assert event.factuality == "reported"

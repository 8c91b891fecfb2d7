"""Beliefs, hopes and evaluations as attributions (PolNeAR counts them): hand-built parses."""

from __future__ import annotations

from dateline.attribution import extract_attributions
from dateline.nlp.entities import extract_entities
from dateline.records import Article
from handbuilt import build

EVALUATION = """
Sanders Sanders PROPN NNP nsubj 1 B-PERSON
criticized criticize VERB VBD ROOT 1
the the DET DT det 4
trade trade NOUN NN compound 4
deal_ deal NOUN NN dobj 1
._ . PUNCT . punct 1
"""

HOPE_CLAUSE = """
Clinton Clinton PROPN NNP nsubj 1 B-PERSON
hopes hope VERB VBZ ROOT 1
that that SCONJ IN mark 5
voters voter NOUN NNS nsubj 5
will will AUX MD aux 5
vote_ vote VERB VB ccomp 1
._ . PUNCT . punct 1
"""

EXPECT_TO = """
Trump Trump PROPN NNP nsubj 1 B-PERSON
expects expect VERB VBZ ROOT 1
to to PART TO aux 3
win win VERB VB xcomp 1
Ohio_ Ohio PROPN NNP dobj 3 B-GPE
._ . PUNCT . punct 1
"""

EXPECT_OBJECT = """
Trump Trump PROPN NNP nsubj 1 B-PERSON
expects expect VERB VBZ ROOT 1
a a DET DT det 3
win_ win NOUN NN dobj 1
._ . PUNCT . punct 1
"""

NEGATED = """
Sanders Sanders PROPN NNP nsubj 3 B-PERSON
did do AUX VBD aux 3
not not PART RB neg 3
endorse endorse VERB VB ROOT 3
the the DET DT det 5
deal_ deal NOUN NN dobj 3
._ . PUNCT . punct 3
"""

ACCUSED = """
Trump Trump PROPN NNP nsubj 1 B-PERSON
accused accuse VERB VBD ROOT 1
the the DET DT det 3
media_ media NOUN NNS dobj 1
._ . PUNCT . punct 1
"""


def quotes(rows: str):
    doc = build(rows)
    article = Article(id="t", text=doc.text, outlet="Daily Ledger")
    return extract_attributions(doc, extract_entities(doc), article).quotes


def test_an_evaluation_verb_attributes_its_object_to_its_subject():
    [quote] = quotes(EVALUATION)
    assert (quote.kind, quote.text, quote.cue) == ("indirect", "the trade deal", "criticized")
    assert quote.speaker.name == "Sanders"


def test_a_hope_governing_a_clause_is_an_attribution_without_that():
    [quote] = quotes(HOPE_CLAUSE)
    assert (quote.text, quote.cue, quote.speaker.name) == ("voters will vote", "hopes", "Clinton")


def test_an_expectation_with_a_to_complement_is_an_attribution():
    [quote] = quotes(EXPECT_TO)
    assert (quote.text, quote.cue, quote.speaker.name) == ("to win Ohio", "expects", "Trump")


def test_a_belief_verb_with_a_plain_object_is_no_attribution():
    assert quotes(EXPECT_OBJECT) == []


def test_a_negated_evaluation_is_no_attribution():
    assert quotes(NEGATED) == []


def test_an_accusation_without_a_charge_keeps_its_object_as_content():
    [quote] = quotes(ACCUSED)
    assert (quote.text, quote.cue, quote.speaker.name) == ("the media", "accused", "Trump")


CALL_FOR = """
Sanders Sanders PROPN NNP nsubj 1 B-PERSON
called call VERB VBD ROOT 1
for for SCONJ IN mark 5
rivals rival NOUN NNS nsubj 5
to to PART TO aux 5
quit_ quit VERB VB advcl 1
._ . PUNCT . punct 1
"""


def test_the_for_of_call_for_is_no_part_of_the_content():
    [quote] = quotes(CALL_FOR)
    assert (quote.text, quote.speaker.name) == ("rivals to quit", "Sanders")


def test_a_dated_wire_dateline_is_no_part_of_the_content():
    from dateline.attribution.core import dateline_ends

    text = "CAMBRIDGE, Mass., Dec. 11 (UPI) — Young voters like Sanders, a poll found."
    assert dateline_ends(text) == {0: text.index("Young")}


PRAISED_FOR = """
Trump Trump PROPN NNP nsubj 1 B-PERSON
praised praise VERB VBD ROOT 1
Rubio Rubio PROPN NNP dobj 1 B-PERSON
for for ADP IN prep 1
his his PRON PRP$ poss 5
speech_ speech NOUN NN pobj 3
._ . PUNCT . punct 1
"""


def test_the_reason_for_a_praise_belongs_to_its_content():
    [quote] = quotes(PRAISED_FOR)
    assert (quote.text, quote.cue, quote.speaker.name) == ("Rubio for his speech", "praised", "Trump")

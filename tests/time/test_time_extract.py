"""extract_times over hand-built Docs: tense from morphology, offsets, warnings. No model."""

from __future__ import annotations

from datetime import date

import pytest
import spacy
from spacy.tokens import Doc

from dateline.time import extract_times
from dateline.time.tense import tense_of

FRIDAY = date(2022, 4, 1)
VOCAB = spacy.blank("en").vocab


def clause(words: list[str], verb: int, morph: str, aux: dict[int, str] | None = None) -> Doc:
    """A one-clause Doc: every token hangs off ``words[verb]`` (morphology ``morph``);
    ``aux`` maps token indexes to the morphology of auxiliaries."""
    aux = aux or {}
    pos = ["AUX" if i in aux else "VERB" if i == verb else "X" for i in range(len(words))]
    deps = ["aux" if i in aux else "ROOT" if i == verb else "dep" for i in range(len(words))]
    morphs = [aux.get(i, morph if i == verb else "") for i in range(len(words))]
    return Doc(VOCAB, words=words, heads=[verb] * len(words), deps=deps, pos=pos, morphs=morphs)


PAST = "Tense=Past|VerbForm=Fin"
PRES = "Tense=Pres|VerbForm=Fin"


def test_past_tense_weekday_looks_back():
    doc = clause(["Talks", "ended", "on", "Monday", "."], 1, PAST)
    times, warnings = extract_times(doc, FRIDAY)
    assert [(t.text, t.value) for t in times] == [("Monday", "2022-03-28")]
    assert warnings == []


def test_future_tense_weekday_looks_ahead():
    doc = clause(["Talks", "will", "resume", "on", "Monday", "."], 2, "VerbForm=Inf", {1: ""})
    times, _ = extract_times(doc, FRIDAY)
    assert [t.value for t in times] == ["2022-04-04"]


def test_month_day_by_tense_of_the_governing_verb():
    july = FRIDAY
    past = clause(["Polls", "opened", "on", "October", "5", "."], 1, PAST)
    future = clause(
        ["Polls", "will", "open", "on", "October", "5", "."], 2, "VerbForm=Inf", {1: ""}
    )
    assert extract_times(past, july)[0][0].value == "2021-10-05"
    assert extract_times(future, july)[0][0].value == "2022-10-05"


def test_year_rollover_in_a_january_article():
    doc = clause(["Fighting", "began", "December", "28", "."], 1, PAST)
    assert extract_times(doc, date(2022, 1, 3))[0][0].value == "2021-12-28"


def test_perfect_and_passive_tenses():
    perfect = clause(["Prices", "have", "risen", "since", "Monday"], 2, "Tense=Past|VerbForm=Part",
                     {1: PRES})  # fmt: skip
    passive = clause(["Results", "are", "expected", "Monday"], 2, "Tense=Past|VerbForm=Part",
                     {1: PRES})  # fmt: skip
    assert tense_of(perfect[4:5]) == "PAST"
    assert tense_of(passive[3:4]) == "PRESENT"


def test_no_verb_no_tense():
    doc = Doc(VOCAB, words=["Thursday", "night"], heads=[1, 1], deps=["compound", "ROOT"])
    assert tense_of(doc[0:2]) is None


def test_offsets_point_into_the_text():
    doc = spacy.blank("en")(
        "Late Thursday night, at 10 a.m. and again six weeks later, every week."
    )
    times, _ = extract_times(doc, FRIDAY)
    for t in times:
        assert doc.text[t.start : t.end] == t.text
    assert [(t.text, t.type, t.value) for t in times] == [
        ("Late Thursday night", "TIME", "2022-03-31TNI"),
        ("10 a.m.", "TIME", "2022-04-01T10:00"),
        ("six weeks later", "DATE", "2022-W19"),
        ("every week", "SET", "P1W"),
    ]


def test_without_publication_date_relative_values_are_null_and_warned_once():
    doc = spacy.blank("en")("Yesterday, last week and on Thursday; in 2015 for six weeks, now.")
    times, warnings = extract_times(doc, None)
    values = {t.text: t.value for t in times}
    assert values == {
        "Yesterday": None, "last week": None, "Thursday": None, "2015": "2015",
        "six weeks": "P6W", "now": "PRESENT_REF",
    }  # fmt: skip
    assert [w["code"] for w in warnings] == ["W501"]
    assert "3" in warnings[0]["message"]


def test_no_warning_when_nothing_relative_is_left():
    times, warnings = extract_times(spacy.blank("en")("In 2015, for six weeks."), None)
    assert len(times) == 2 and warnings == []


@pytest.mark.parametrize("text", ["", " ", "\n\n", "???", "🙂", "May I?"])
def test_empty_and_odd_texts(text):
    assert extract_times(spacy.blank("en")(text), FRIDAY) == ([], [])


def test_adjective_quarterly_is_not_a_set():
    words = ["a", "quarterly", "dividend", "paid", "quarterly"]
    doc = Doc(VOCAB, words=words, heads=[2, 2, 3, 3, 3], deps=["det", "amod", "nsubj", "ROOT", "advmod"],
              pos=["DET", "ADJ", "NOUN", "VERB", "ADV"])  # fmt: skip
    times, _ = extract_times(doc, FRIDAY)
    assert [(t.start, t.value) for t in times] == [(doc[4].idx, "P1Q")]


def test_spacy_entities_fill_gaps_with_unknown_values():
    doc = Doc(VOCAB, words=["In", "the", "fiscal", "year", ",", "58", "rose"],
              ents=["O", "B-DATE", "I-DATE", "I-DATE", "O", "B-DATE", "O"])  # fmt: skip
    times, _ = extract_times(doc, FRIDAY)
    assert [(t.text, t.type, t.value) for t in times] == [("the fiscal year", "DATE", None)]


def test_an_entity_only_describing_its_span_is_dropped():
    words = ["It", "was", "a", "dark", "day", "and", "an", "additional", "day"]
    doc = Doc(VOCAB, words=words, heads=[1, 1, 4, 4, 1, 4, 8, 8, 4],
              deps=["nsubj", "ROOT", "det", "amod", "attr", "cc", "det", "amod", "conj"],
              pos=["PRON", "AUX", "DET", "ADJ", "NOUN", "CCONJ", "DET", "ADJ", "NOUN"],
              ents=["O", "O", "B-DATE", "I-DATE", "I-DATE", "O", "B-DATE", "I-DATE", "I-DATE"])  # fmt: skip
    times, _ = extract_times(doc, FRIDAY)
    assert [t.text for t in times] == ["an additional day"]


def test_rejected_adjective_is_not_brought_back_by_the_entity():
    words = ["its", "quarterly", "dividend"]
    doc = Doc(VOCAB, words=words, heads=[2, 2, 2], deps=["poss", "amod", "ROOT"],
              ents=["O", "B-DATE", "O"])  # fmt: skip
    assert extract_times(doc, FRIDAY) == ([], [])


def test_infinitive_takes_the_tense_of_its_clause():
    words = ["It", "was", "due", "to", "expire", "Friday"]
    past = Doc(VOCAB, words=words, heads=[1, 1, 1, 4, 2, 4],
               deps=["nsubj", "ROOT", "acomp", "aux", "xcomp", "npadvmod"],
               pos=["PRON", "AUX", "ADJ", "PART", "VERB", "PROPN"],
               morphs=["", PAST, "", "", "VerbForm=Inf", ""])  # fmt: skip
    words = ["They", "plan", "to", "meet", "Friday"]
    ahead = Doc(VOCAB, words=words, heads=[1, 1, 3, 1, 3],
                deps=["nsubj", "ROOT", "aux", "xcomp", "npadvmod"],
                pos=["PRON", "VERB", "PART", "VERB", "PROPN"],
                morphs=["", PRES, "", "VerbForm=Inf", ""])  # fmt: skip
    assert tense_of(ahead[4:5]) == "FUTURE"
    assert tense_of(past[5:6]) == "FUTURE"  # "due" is no verb: the infinitive looks ahead
    words = ["They", "agreed", "to", "meet", "Friday"]
    agreed = Doc(VOCAB, words=words, heads=[1, 1, 3, 1, 3],
                 deps=["nsubj", "ROOT", "aux", "xcomp", "npadvmod"],
                 pos=["PRON", "VERB", "PART", "VERB", "PROPN"],
                 morphs=["", PAST, "", "VerbForm=Inf", ""])  # fmt: skip
    assert tense_of(agreed[4:5]) == "PAST"

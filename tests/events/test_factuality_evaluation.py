"""The factuality evaluation: the gold mapping, the reader and the scorer (model-free), and a
run on one real MEANTIME document (integration)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from dateline.evaluation import corpora_dir
from dateline.evaluation.factuality import (
    GOLD_TABLE,
    PREDICTED_AS,
    evaluate,
    gold_class,
    predict,
    read_doc,
    score,
)
from dateline.records import Event

CAT = """<Document doc_name="1_a.xml">
<token t_id="1" sentence="0" number="0">Airbus</token>
<token t_id="2" sentence="0" number="1">may</token>
<token t_id="3" sentence="0" number="2">cut</token>
<token t_id="4" sentence="0" number="3">jobs</token>
<token t_id="5" sentence="1" number="0">It</token>
<token t_id="6" sentence="1" number="1">did</token>
<token t_id="7" sentence="1" number="2">not</token>
<token t_id="8" sentence="1" number="3">sell</token>
<token t_id="9" sentence="1" number="4">test</token>
<token t_id="10" sentence="1" number="5">flights</token>
<Markables>
<EVENT_MENTION m_id="1" certainty="POSSIBLE" polarity="POS" time="FUTURE" special_cases="NONE">
<token_anchor t_id="3"/></EVENT_MENTION>
<EVENT_MENTION m_id="2" certainty="CERTAIN" polarity="NEG" time="NON_FUTURE" special_cases="NONE">
<token_anchor t_id="8"/></EVENT_MENTION>
<EVENT_MENTION m_id="3" certainty="CERTAIN" polarity="POS" time="NON_FUTURE" special_cases="GEN">
<token_anchor t_id="9"/><token_anchor t_id="10"/></EVENT_MENTION>
<EVENT_MENTION m_id="4"><token_anchor t_id="10"/></EVENT_MENTION>
</Markables>
</Document>"""


def attrs(certainty="CERTAIN", polarity="POS", time="NON_FUTURE", special="NONE"):
    return {"certainty": certainty, "polarity": polarity, "time": time, "special_cases": special}


def test_gold_mapping_rows_in_order():
    assert gold_class(attrs()) == "asserted"
    assert gold_class(attrs(time="UNDERSPECIFIED")) == "asserted"
    assert gold_class(attrs(polarity="NEG")) == "denied"
    assert gold_class(attrs(polarity="NEG", time="FUTURE")) == "denied"  # "will not buy"
    assert gold_class(attrs(time="FUTURE")) == "hypothetical"
    assert gold_class(attrs(certainty="PROBABLE", time="FUTURE")) == "hypothetical"  # "expects to"
    assert gold_class(attrs(certainty="PROBABLE")) == "alleged"  # "is believed to be"
    assert gold_class(attrs(certainty="POSSIBLE")) == "hypothetical"
    # a conditional is hypothetical whatever else it says: "if I could no longer meet"
    assert gold_class(attrs("UNDERSPECIFIED", "NEG", "FUTURE", "COND_IF_CLAUSE")) == "hypothetical"
    assert gold_class(attrs(special="GEN")) is None
    assert gold_class(attrs(certainty="UNDERSPECIFIED")) is None
    assert gold_class(attrs(polarity="UNDERSPECIFIED")) is None
    assert gold_class({"certainty": "", "polarity": ""}) is None
    assert {value for _, _, value in GOLD_TABLE} - {None} <= set(PREDICTED_AS.values())


def test_every_value_dateline_can_give_is_mapped():
    values = set(Event.model_fields["factuality"].annotation.__args__)
    assert values == set(PREDICTED_AS)


def test_score_only_classes_with_gold_and_macro_over_supported_ones():
    gold = ["asserted"] * 6 + ["denied"] * 5 + ["alleged"]
    pred = ["asserted"] * 5 + ["hypothetical"] + ["denied"] * 4 + ["asserted", "alleged"]
    s = score(gold, pred)
    assert "f1:hypothetical" not in s and "support:hypothetical" not in s  # no gold: no figure
    assert s["support:alleged"] == 1 and s["f1:alleged"] == 1.0
    assert s["recall:asserted"] == round(5 / 6, 4) and s["precision:asserted"] == round(5 / 6, 4)
    assert s["precision:denied"] == 1.0 and s["recall:denied"] == 0.8
    # alleged (1 mention) is listed but not averaged
    assert s["macro_f1"] == round((5 / 6 + 2 * 0.8 / 1.8) / 2, 4)
    assert s["accuracy"] == round(10 / 12, 4)
    assert score([], [])["accuracy"] == 0.0


def test_read_doc_offsets_and_attributes(tmp_path):
    path = tmp_path / "1_a.xml"
    path.write_text(CAT, encoding="utf-8")
    doc = read_doc(path)
    assert doc.text == "Airbus may cut jobs\nIt did not sell test flights\n"
    got = [(doc.text[m.start : m.end], m.gold) for m in doc.mentions]
    assert got == [("cut", "hypothetical"), ("sell", "denied"), ("test flights", None),
                   ("flights", None)]  # fmt: skip


def test_predict_reads_each_gold_span_at_its_head(tmp_path):
    path = tmp_path / "1_a.xml"
    path.write_text(CAT, encoding="utf-8")
    gold = read_doc(path)
    words = ["Airbus", "may", "cut", "jobs", "\n", "It", "did", "not", "sell", "test", "flights", "\n"]
    spaces = [True, True, True, False, False, True, True, True, True, True, False, False]
    heads = [2, 2, 2, 2, 2, 8, 8, 8, 8, 10, 8, 8]
    deps = ["nsubj", "aux", "ROOT", "dobj", "dep", "nsubj", "aux", "neg", "ROOT", "compound",
            "dobj", "dep"]  # fmt: skip
    doc = Doc(spacy.blank("en").vocab, words=words, spaces=spaces, heads=heads, deps=deps)
    assert doc.text == gold.text
    # "test flights" is read at "flights", the object of the negated "sell"
    assert predict(doc, gold.mentions) == ["hypothetical", "negated", "negated", "negated"]


@pytest.mark.model
def test_evaluate_on_real_meantime_documents():
    corpora = corpora_dir()
    if not (corpora / "meantime" / "dev" / "intra-doc_annotation").is_dir():
        pytest.skip("MEANTIME not available")
    scores = evaluate(corpora, limit=3)
    ours = scores["dateline"]
    assert ours["mentions"] > 20 and ours["unaligned"] == 0
    assert 0.0 < ours["accuracy"] <= 1.0 and 0.0 < ours["macro_f1"] <= 1.0
    assert sum(v for k, v in ours.items() if k.startswith("predicted:")) == ours["mentions"]
    assert scores["always-asserted"]["recall:asserted"] == 1.0

"""The events evaluation: gold readers and scorers (model-free), a smoke run on real corpora."""

from __future__ import annotations

import pytest

from dateline.evaluation import corpora_dir
from dateline.evaluation.events import read_timeml, score_labels, score_triggers

TML = """<?xml version="1.0" ?>
<TimeML><DOCID>x</DOCID><TEXT>
Officials <EVENT eid="e1" class="REPORTING">said</EVENT> rebels &amp; soldiers
<EVENT eid="e2" class="OCCURRENCE">clashed</EVENT>.
</TEXT></TimeML>"""


def test_read_timeml_offsets_index_the_plain_text(tmp_path):
    path = tmp_path / "a.tml"
    path.write_text(TML, encoding="utf-8")
    text, events = read_timeml(path)
    assert [(text[s:e], c) for s, e, c in events] == [
        ("said", "REPORTING"),
        ("clashed", "OCCURRENCE"),
    ]
    assert "rebels & soldiers" in text


def test_trigger_scores_count_overlaps_once():
    gold = [[(0, 4, "REPORTING"), (10, 17, "OCCURRENCE")]]
    pred = [[(0, 4, "REPORTING"), (1, 3, "REPORTING"), (10, 17, "STATE")]]
    scores = score_triggers(gold, pred)
    assert scores["tb_trigger_p"] == round(2 / 3, 4)
    assert scores["tb_trigger_r"] == 1.0
    assert scores["tb_class_accuracy"] == 0.5
    assert scores["tb_reporting_f1"] == round(2 * 1 / (2 + 1), 4)


def test_macro_f1_averages_over_gold_labels():
    scores = score_labels(["A", "A", "B"], ["A", "B", "B"])
    assert scores["case_accuracy"] == round(2 / 3, 4)
    assert scores["case_macro_f1"] == round((2 / 3 + 2 / 3) / 2, 4)


@pytest.mark.model
def test_evaluate_runs_on_a_few_gold_items(nlp):
    corpora = corpora_dir()
    if not (corpora / "timebank").is_dir() or not (corpora / "case2021-task2").is_dir():
        pytest.skip("gold corpora not available")
    from dateline.evaluation.events import evaluate

    scores = evaluate(corpora, limit=3, nlp=nlp)
    assert set(scores) == {"dateline", "every-verb", "keyword"}
    assert 0 < scores["dateline"]["tb_trigger_f1"] <= 1
    assert "case_macro_f1" in scores["dateline"] and "case_accuracy" in scores["keyword"]

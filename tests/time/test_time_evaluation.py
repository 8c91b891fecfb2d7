"""TimeML reading and TempEval-3 style scoring on a hand-made file; no model."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.evaluation.time import Counts, Mention, read_timeml


def test_read_timeml_offsets_and_dct(data_dir):
    doc = read_timeml(data_dir / "time" / "sample.tml")
    assert doc.dct == date(2022, 4, 1)
    assert [(doc.text[t.start : t.end], t.type, t.value) for t in doc.timexes] == [
        ("Thursday", "DATE", "2022-03-31"),
        ("six weeks", "DURATION", "P6W"),
        ("every week", "SET", "P1W"),
    ]
    assert "<" not in doc.text and "ended Thursday" in doc.text


def test_scores_strict_relaxed_type_and_value():
    gold = [Mention(0, 8, "DATE", "2022-03-31"), Mention(20, 29, "DURATION", "P6W")]
    system = [
        Mention(0, 8, "DATE", "2022-03-31"),  # exact
        Mention(16, 29, "DURATION", "P5W"),  # overlaps, wrong value
        Mention(40, 44, "DATE", "2015"),  # spurious
    ]
    counts = Counts()
    counts.add(gold, system)
    scores = counts.scores()
    assert scores["extent_strict_precision"] == pytest.approx(1 / 3)
    assert scores["extent_strict_recall"] == pytest.approx(1 / 2)
    assert scores["extent_relaxed_recall"] == pytest.approx(1.0)
    assert scores["type_accuracy"] == pytest.approx(1.0)
    assert scores["value_accuracy"] == pytest.approx(0.5)
    assert scores["value_f1"] == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))


def test_one_gold_timex_matches_one_system_timex():
    counts = Counts()
    counts.add(
        [Mention(0, 20, "DATE", "2022")],
        [Mention(0, 5, "DATE", "2022"), Mention(6, 9, "DATE", "2022")],
    )
    assert counts.relaxed == 1 and counts.value_ok == 1


def test_empty_inputs_score_zero():
    assert Counts().scores()["value_f1"] == 0.0


def test_missing_corpus_is_a_clear_error(tmp_path):
    from dateline.errors import DatelineError
    from dateline.evaluation.time import load_timebank

    with pytest.raises(DatelineError) as missing:
        load_timebank(tmp_path)
    assert missing.value.code == "E703"
    (tmp_path / "timebank" / "test").mkdir(parents=True)
    with pytest.raises(DatelineError) as empty:
        load_timebank(tmp_path, split="test")
    assert empty.value.code == "E706"

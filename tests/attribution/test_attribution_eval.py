"""The attribution scorer and the demo gold, without the model."""

from __future__ import annotations

import json

from dateline.evaluation.attribution import (
    GoldAttribution,
    Prediction,
    _Counts,
    demo_gold_file,
    read_ann,
    read_demo_gold,
)

TEXT = 'Peskov said that talks failed. "We wait," he added.'


def test_read_ann_with_discontinuous_spans() -> None:
    ann = (
        "T1\tSource 0 6\tPeskov\nT2\tCue 7 11\tsaid\nT3\tContent 12 20;21 29\tthat tal ks faile\n"
        "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n"
    )
    (gold,) = read_ann(ann)
    assert gold.content == [(12, 20), (21, 29)]
    assert gold.source == [(0, 6)] and gold.cue == [(7, 11)]


def test_scores_reward_right_spans_and_speakers() -> None:
    gold = [
        GoldAttribution([(12, 29)], [(7, 11)], [(0, 6)]),
        GoldAttribution([(31, 41)], [(46, 51)], [(43, 45)]),
    ]
    good = [Prediction((17, 29), (7, 11), (0, 6)), Prediction((32, 40), (46, 51), (43, 45))]
    counts = _Counts()
    counts.add(TEXT, gold, good)
    scores = counts.scores("t", False)
    assert scores["t_quote_exact_f1"] == 1.0
    assert scores["t_speaker_acc"] == 1.0
    wrong = _Counts()
    wrong.add(TEXT, gold, [Prediction((17, 29), (7, 11), (43, 45))])
    assert wrong.scores("t", False)["t_speaker_acc"] == 0.0
    assert wrong.scores("t", False)["t_quote_overlap_f1"] < 1.0


def test_demo_gold_offsets_match_its_text() -> None:
    for line in demo_gold_file().read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        for quote in doc["quotes"]:
            assert doc["text"][quote["start"] : quote["end"]] == quote["text"]
    assert len(read_demo_gold()) >= 4

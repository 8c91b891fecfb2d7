"""The geo evaluation: gold readers, span matching and scores (tiny hand-made corpora)."""

from __future__ import annotations

import json

import pytest

from dateline.evaluation import corpora_dir
from dateline.evaluation import geo as geo_eval
from dateline.geo.gazetteer import Entry

PARIS = Entry("Paris", "FR", 48.853, 2.349, "P.PPLC", 2_138_551, 2988507)


def _gwn_row(text, toponyms):
    rows = []
    for name, kind, lat, lon in toponyms:
        start = text.index(name)
        rows.append(
            {
                "start": start,
                "end": start + len(name),
                "extractedName": name,
                "type": kind,
                "latitude": lat,
                "longitude": lon,
            }
        )
    return {"id": 0, "text": text, "toponyms": rows}


def test_read_geowebnews_keeps_toponym_types_only(tmp_path):
    row = _gwn_row(
        "Russian troops left Paris for the Fox News show.",
        [
            ("Russian", "Demonym", "", ""),
            ("Paris", "Literal", "48.85", "2.35"),
            ("Fox News", "Non_Toponym", "", ""),
            ("show", "Literal_Expression", "", ""),
        ],
    )
    path = tmp_path / "dev.jsonl"
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    [article] = geo_eval.read_geowebnews(path)
    assert [(t.start, t.end, t.lat) for t in article.toponyms] == [(20, 25, 48.85)]
    assert article.ignored == [(0, 7)]


def test_read_lgl(tmp_path):
    row = {
        "text": "Alexandria police on Memphis St.",
        "toponyms": [
            {"start": 0, "end": 10, "phrase": "Alexandria", "lat": 31.3, "lon": -92.4},
            {"start": 21, "end": 32, "phrase": "Memphis St."},
        ],
    }
    path = tmp_path / "dev.jsonl"
    path.write_text(json.dumps(row) + "\n\n", encoding="utf-8")
    [article] = geo_eval.read_lgl(path, limit=5)
    assert [(t.lat, t.lon) for t in article.toponyms] == [(31.3, -92.4), (None, None)]


def test_match_is_one_to_one_by_overlap():
    gold = [geo_eval.GoldToponym(0, 5, 48.85, 2.35), geo_eval.GoldToponym(10, 15, None, None)]
    pairs = list(geo_eval._match(gold, [(0, 5), (1, 4), (11, 20)], [PARIS, None, None]))
    assert [(g.start, e) for g, e in pairs] == [(0, PARIS), (10, None)]


def test_errors_and_shares():
    gold = geo_eval.GoldToponym(0, 5, 48.85, 2.35)
    assert geo_eval._error(gold, PARIS) < 1
    assert geo_eval._error(gold, None) == geo_eval.MISSED_KM
    assert geo_eval._share_within([0.0, 100.0, 200.0, 161.0]) == 0.75
    assert geo_eval._share_within([]) == 0.0


@pytest.mark.model
def test_evaluate_on_a_few_articles(nlp):
    corpora = corpora_dir()
    if not (corpora / "lgl" / "dev.jsonl").is_file():
        pytest.skip("gold corpora not available")
    scores = geo_eval.evaluate(corpora, limit=3)
    assert set(scores) == {"dateline", "most populous"}
    ours = scores["dateline"]
    for metric in ("gwn_precision", "gwn_recall", "lgl_acc161", "lgl_gold_acc161"):
        assert 0.0 <= ours[metric] <= 1.0


@pytest.mark.model
def test_the_eval_scores_the_places_that_ship(pipeline):
    """dateline's figures come from the records analyze() builds, not a re-assembly."""
    from dateline.pipeline import analyze
    from dateline.records import Article

    text = (
        "Officials in Kharkiv said shelling hit the city on Friday. The mayor of Paris, Texas, "
        "flew to Washington and then to Kyiv, where Ukrainian troops had gathered."
    )
    gold = geo_eval.GoldArticle(text, [geo_eval.GoldToponym(13, 20, 49.99, 36.23)], [])
    [shipped] = geo_eval.shipped_places([gold], pipeline)
    direct = analyze(Article(id="x", text=text)).places  # the default pipeline
    assert [(p.start, p.end, p.geonames_id) for p in shipped] == [
        (p.start, p.end, p.geonames_id) for p in direct
    ]
    scores = geo_eval._score_corpus([gold], [shipped], "context")
    assert scores["precision"] == pytest.approx(1 / len(shipped))
    assert scores["recall"] == 1.0

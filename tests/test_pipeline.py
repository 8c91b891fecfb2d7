"""The pipeline: stages compose, offsets hold, and odd text never loses an article."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.article.read import Overrides, article_from_text
from dateline.errors import TerminalError
from dateline.pipeline import analyze, analyze_text

pytestmark = pytest.mark.model

NEWS_WORDS = [
    "Peskov",
    "said",
    "told",
    "reporters",
    "Kyiv",
    "Moscow",
    "Belgorod",
    "Friday",
    "last",
    "week",
    "the",
    "attack",
    "struck",
    "15,000",
    "troops",
    "as",
    "many",
    "at",
    "least",
    "according",
    "to",
    "Reuters",
    "reported",
    "he",
    "she",
    "they",
    "did",
    "not",
    "comment",
    "claim",
    "responsibility",
    "in",
    "a",
    "Telegram",
    "post",
    "officials",
    "Russia's",
    "Ukrainian",
    "talks",
    "could",
    "hamper",
]
PUNCT = ['"', "“", "”", "'", "‘", "’", ",", ".", ":", ";", "—", "(", ")", "\n", "\n\n", "?", "!"]
odd_text = st.lists(
    st.sampled_from(NEWS_WORDS + PUNCT) | st.text(max_size=6), min_size=1, max_size=60
).map(" ".join)


def check_offsets(record) -> None:
    text = record.article.text
    for quote in record.quotes:
        assert text[quote.start : quote.end] == quote.text
        if quote.speaker:
            assert 0 <= quote.speaker.start <= quote.speaker.end <= len(text)
    for item in [
        *record.times,
        *record.places,
        *record.country_refs,
        *record.figures,
        *record.non_comments,
    ]:
        assert text[item.start : item.end] == item.text
    for event in record.events:
        assert text[event.start : event.end] == event.trigger
    for entity in record.entities:
        for start, end in entity.mentions:
            assert 0 <= start < end <= len(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=odd_text)
def test_odd_text_never_breaks_a_stage(pipeline, text):
    try:
        record = analyze_text(text, published="2022-04-01", nlp=pipeline)
    except TerminalError as exc:  # rejected input (e.g. only a credit line) is a numbered error
        assert exc.code == "E101"
        return
    assert not [w for w in record.warnings if w.code == "W901"], record.warnings
    check_offsets(record)


def test_demo_article_fills_every_list(pipeline, data_dir):
    from pathlib import Path

    raw = (Path(__file__).parents[1] / "demo" / "depot-strike.txt").read_text(encoding="utf-8")
    record = analyze(article_from_text(raw), pipeline)
    check_offsets(record)
    assert record.quotes and record.non_comments and record.events and record.times
    assert record.places and record.entities
    strike = next(e for e in record.events if e.trigger == "struck")
    assert strike.factuality == "unclaimed"
    assert strike.place and strike.place.country == "RU"
    belgorod = next(e for e in record.entities if e.name == "Belgorod")
    assert belgorod.country == "RU"  # from the resolved place, not a country name
    relayed = [
        q
        for q in record.quotes
        if "The Moscow Times" in q.relayed_by or "Moscow Times" in q.relayed_by
    ]
    assert relayed and relayed[0].channel and "Telegram" in relayed[0].channel


def test_a_failing_stage_is_a_warning_not_a_lost_article(pipeline, monkeypatch):
    import dateline.time

    def broken(doc, published):
        raise ValueError("boom")

    monkeypatch.setattr(dateline.time, "extract_times", broken)
    article = article_from_text(
        "Peskov said on Friday the talks had stalled.",
        overrides=Overrides(published="2022-04-01", first_line_title=False),
    )
    record = analyze(article, pipeline)
    [warn] = [w for w in record.warnings if w.code == "W901"]
    assert "times" in warn.message and "boom" in warn.message
    assert record.entities and record.quotes and record.events and not record.times


def test_stages_run_in_the_workers_of_nlp_pipe(pipeline):
    from dateline.pipeline import analyze_many

    texts = [
        "Peskov said on Friday the talks in Moscow had stalled.",
        '"We will not retreat," Ukrainian commander Oleh Kovalenko told reporters in Kharkiv.',
    ]
    items = [
        (article_from_text(t, overrides=Overrides(published="2022-04-01", first_line_title=False)), [])
        for t in texts
    ]
    timings: dict = {}
    alone = list(analyze_many(items, pipeline, n_process=1, timings=timings))
    workers = list(analyze_many(items, pipeline, n_process=2))
    assert [r.model_dump() for r in workers] == [r.model_dump() for r in alone]
    assert all(r.quotes and r.places for r in workers)  # filled in the workers, not here
    assert set(timings) == {"entities", "attribution", "times", "places", "events", "assemble"}


def test_the_parsing_model_stays_bare(nlp, pipeline):
    from dateline.components import STAGE_COMPONENTS
    from dateline.nlp import load_model, load_pipeline

    assert load_pipeline() is pipeline and pipeline is not load_model() and nlp is load_model()
    assert list(pipeline.pipe_names[-5:]) == list(STAGE_COMPONENTS)
    assert not set(STAGE_COMPONENTS) & set(nlp.pipe_names)


def test_record_names_its_main_event_and_its_analyzer(pipeline, data_dir):
    from pathlib import Path

    from dateline.analyzer import analyzer_of
    from dateline.events import main_event_summary

    raw = (Path(__file__).parents[1] / "demo" / "depot-strike.txt").read_text(encoding="utf-8")
    record = analyze(article_from_text(raw), pipeline)
    assert record.main_event in {e.id for e in record.events}
    assert main_event_summary(record)["event"] == record.main_event  # what `show` leads with
    assert record.analyzer == analyzer_of(pipeline)
    assert record.analyzer.model == pipeline.meta["lang"] + "_" + pipeline.meta["name"]
    # every event source and figure asserter points at a quote and entity of this record
    quotes, entities = {q.id for q in record.quotes}, {e.id for e in record.entities}
    for source in [s for e in record.events for s in e.sources]:
        assert source.quote in quotes
    for source in [s for f in record.figures for s in f.asserted_by + f.disputed_by]:
        assert source.quote is None or source.quote in quotes
        assert source.entity is None or source.entity in entities


def test_build_record_over_a_parsed_doc_equals_analyze(nlp, pipeline):
    from dateline.pipeline import build_record

    text = "Peskov said on Friday that Ukrainian drones struck a depot in Belgorod."
    article = article_from_text(text, overrides=Overrides(published="2022-04-01", first_line_title=False))
    parsed = build_record(article, nlp(article.text)).model_dump(exclude={"analyzer"})
    assert parsed == analyze(article, pipeline).model_dump(exclude={"analyzer"})
    assert parsed["quotes"] and parsed["events"] and parsed["places"]


def test_the_gazetteer_and_country_tables_are_injected_not_read_from_modules(nlp):
    from dateline.geo.countries import Countries
    from dateline.geo.gazetteer import Entry, Gazetteer
    from dateline.pipeline import build_record

    tables = Countries(names={"ruritania": "RR"}, forms={"ruritania": "RR", "ruritanian": "RR"})
    gazetteer = Gazetteer()
    gazetteer.add(Entry("Belgorod", "RR", 1.5, 2.5, "P.PPLA", 400_000, 1))
    gazetteer.countries = tables
    text = "Ruritanian drones struck a depot in Belgorod on Friday, the governor said."
    article = article_from_text(text, overrides=Overrides(published="2022-04-01", first_line_title=False))
    record = build_record(article, nlp(text), gazetteer=gazetteer)
    [place] = [p for p in record.places if p.text == "Belgorod"]
    assert (place.country, place.lat, place.lon) == ("RR", 1.5, 2.5)  # the injected gazetteer
    [event] = [e for e in record.events if e.trigger.endswith("struck")]
    assert event.actors and event.actors[0].country == "RR"  # the injected country tables


def test_the_analysis_pipeline_meets_every_declared_requirement(pipeline):
    analysis = pipeline.analyze_pipes(pretty=False)
    assert not any(analysis["problems"].values()), analysis["problems"]
    assigns = analysis["summary"]["dateline_quotes"]["assigns"]
    assert "doc._.entities" not in assigns  # the entity stage owns the entities

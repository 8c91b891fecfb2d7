"""Model-free tests of mentions, evidence, blocking and clustering, on hand-built mentions."""

from __future__ import annotations

import random
from dataclasses import replace

from dateline.linking.cluster import LinkConfig, attach, candidate_pairs, link_mentions
from dateline.linking.evidence import compare
from dateline.linking.mentions import Mention, date_precision, mentions_from_record
from dateline.records import (
    AnalysisRecord,
    Article,
    Event,
    EventParticipant,
    EventTime,
    Place,
    Quote,
    Source,
    Speaker,
)

KHARKIV = (49.99, 36.23, "UA", "Kharkiv Oblast")
LVIV = (49.84, 24.03, "UA", "Lviv Oblast")


def mention(article, event="e1", *, type="ASSAULT", family="violence", lemma="shell",
            date="2022-04-01", precision="day", published="2022-04-01", place=KHARKIV,
            actors=(), speakers=(), context=(), names=()):  # fmt: skip
    lat, lon, country, admin1 = place if place else (None, None, None, None)
    return Mention(
        key=f"{article}:{event}", article=article, event=event, type=type, family=family,
        lemma=lemma, date=date, precision=precision if date else "unknown", published=published,
        lat=lat, lon=lon, country=country, admin1=admin1, actors=frozenset(actors),
        speakers=frozenset(speakers), context=frozenset(context), names=frozenset(names),
    )  # fmt: skip


def test_same_event_scores_high_and_keeps_its_evidence():
    a = mention("a", actors=("russian forces", "cc:RU"), speakers=("oleh synehubov",))
    b = mention("b", lemma="shelling", actors=("russian forces",), speakers=("oleh synehubov",))
    score, ev = compare(a, b)
    assert score > 0.9
    assert ev["date_distance_days"] == 0 and ev["distance_km"] == 0.0
    assert ev["shared_actors"] == ["russian forces"] and ev["shared_speakers"] == ["oleh synehubov"]
    assert ev["lemma"] == "shell" and ev["type"] == "same"


def test_dates_that_cannot_both_hold_outweigh_everything_else():
    a = mention("a", actors=("russian forces",))
    b = mention("b", date="2022-04-09", actors=("russian forces",))
    assert compare(a, b)[0] < 0.5 < compare(a, mention("c", actors=("russian forces",)))[0]
    # a month-precision date is compared at month precision
    month = mention("d", date="2022-04", precision="month")
    assert compare(a, month)[1]["date_compatible"] is True
    assert compare(month, mention("e", date="2022-05-02"))[1]["date_compatible"] is False


def test_unknown_dates_fall_back_to_publication_dates_within_the_window():
    a = mention("a", date=None)
    near = mention("b", date=None, published="2022-04-03")
    far = mention("c", date=None, published="2022-04-20")
    assert compare(a, near)[1]["published_distance_days"] == 2
    assert compare(a, near)[0] > compare(a, far)[0]


def test_places_distance_region_containment_and_country():
    a = mention("a")
    assert compare(a, mention("b", place=LVIV))[0] < compare(a, mention("c"))[0]
    assert compare(a, mention("d", place=(50.45, 30.52, "RU", None)))[1]["same_country"] is False
    region = replace(mention("e"), place_feature="A.ADM1", lat=49.5, lon=36.5)
    assert compare(a, region)[1]["contains"] is True
    same_admin1 = mention("f", place=(50.3, 36.9, "UA", "Kharkiv Oblast"))
    assert compare(a, same_admin1)[1]["same_admin1"] is True


def test_incompatible_types_never_link_but_untyped_mentions_may():
    a = mention("a")
    protest = mention("b", type="PROTEST", family="protest", lemma="shell")
    assert compare(a, protest) == (0.0, {"type": "incompatible"})
    untyped = mention("c", type=None, family="*")
    assert compare(a, untyped)[0] > 0.5


def test_clusters_are_deterministic_whatever_the_input_order():
    ms = [mention(f"k{i}") for i in range(4)] + [mention(f"l{i}", place=LVIV, lemma="strike",
          date="2022-04-02") for i in range(3)]  # fmt: skip
    expected = link_mentions(ms)
    assert expected.clusters == [["k0:e1", "k1:e1", "k2:e1", "k3:e1"], ["l0:e1", "l1:e1", "l2:e1"]]
    for seed in range(3):
        shuffled = ms[:]
        random.Random(seed).shuffle(shuffled)
        again = link_mentions(shuffled)
        assert again.clusters == expected.clusters and again.links == expected.links
    assert all(link.evidence and link.score >= 0.5 for link in expected.links)


def test_coherence_check_stops_chaining_two_events_through_one_bridge():
    # two shellings of one city five days apart; one undated report resembles both
    day1 = [mention(f"a{i}", actors=("russian forces",)) for i in range(3)]
    day6 = [mention(f"b{i}", date="2022-04-06", published="2022-04-06", actors=("russian forces",))
            for i in range(3)]  # fmt: skip
    bridge = mention("z", date=None, published="2022-04-03", actors=("russian forces",))
    ms = [*day1, *day6, bridge]
    chained = link_mentions(ms, LinkConfig(coherence_threshold=0.0)).clusters
    assert any({"a0:e1", "b0:e1"} <= set(c) for c in chained)  # what the check prevents
    clusters = link_mentions(ms).clusters
    assert not any({"a0:e1", "b0:e1"} <= set(c) for c in clusters)
    assert ["a0:e1", "a1:e1", "a2:e1"] in clusters or ["a0:e1", "a1:e1", "a2:e1", "z:e1"] in clusters


def test_blocking_never_compares_mentions_weeks_apart_or_of_other_families():
    ms = [mention(f"a{i}", date=None, published=f"2022-0{1 + i % 6}-{1 + i % 28:02d}")
          for i in range(60)]  # fmt: skip
    ms += [mention("p", type="PROTEST", family="protest")]
    pairs = candidate_pairs(sorted(ms, key=lambda m: m.key), LinkConfig())
    assert len(pairs) < len(ms) * (len(ms) - 1) / 2 / 4
    for i, j in pairs:
        a, b = ms[i], ms[j]
        assert a.family == b.family


def test_attach_joins_an_existing_story_or_starts_a_new_one():
    old = link_mentions([mention("a"), mention("b")])
    new_same = mention("c", lemma="shelling")
    new_other = mention("d", place=LVIV, date="2022-04-15", published="2022-04-15")
    grown = attach([new_other, new_same], old)
    assert grown.clusters == [["a:e1", "b:e1", "c:e1"], ["d:e1"]]
    assert {(link.a, link.b) for link in grown.links} >= {(link.a, link.b) for link in old.links}
    assert len(grown.links) == len(old.links) + 1


def test_mentions_from_a_stored_record_alone():
    text = "Shells hit a market in Kharkiv on Friday, governor Oleh Synehubov said."
    record = AnalysisRecord(
        article=Article(id="ab12", text=text, published="2022-04-02", outlet="Daily"),
        quotes=[Quote(id="q1", kind="indirect", text="Shells hit a market", start=0, end=19,
                      speaker=Speaker(name="Oleh Synehubov", start=51, end=65))],
        events=[Event(id="e1", type="ASSAULT", trigger="hit", start=7, end=10, sources=[Source(name="Oleh Synehubov", quote="q1")],
                      actors=[EventParticipant(name="Russian forces", country="RU")],
                      place=Place(text="Kharkiv", start=23, end=30, country="UA", lat=49.99,
                                  lon=36.23, feature="P.PPLA"),
                      time=EventTime(value="2022-04-01", text="Friday"))],
    )  # fmt: skip
    (m,) = mentions_from_record(record)
    assert (m.key, m.family, m.date, m.precision, m.country) == (
        "ab12:e1", "violence", "2022-04-01", "day", "UA")  # fmt: skip
    assert m.speakers == {"oleh synehubov"} and {"russian forces", "cc:RU"} <= m.actors
    assert {"market", "kharkiv"} <= m.context and "hit" not in m.context
    assert m.vector is None and m.outlet == "Daily"


def test_publication_date_fallback_is_not_an_event_date():
    record = AnalysisRecord(
        article=Article(id="x", text="Protesters marched.", published="2022-04-02"),
        events=[Event(id="e1", type="PROTEST", trigger="marched", start=11, end=18,
                      time=EventTime(value="2022-04-02", from_publication_date=True))],
    )  # fmt: skip
    (m,) = mentions_from_record(record)
    assert m.date is None and m.precision == "unknown" and m.published == "2022-04-02"
    assert date_precision("2022-W13") == ("2022", "year")


def test_attach_leaves_stories_outside_the_window_alone():
    old = link_mentions([mention("a", date=None, published="2022-01-01"),
                         mention("b", date=None, published="2022-01-02")])  # fmt: skip
    later = mention("c", date=None, published="2022-03-01")
    grown = attach([later], old)
    assert grown.clusters == [["a:e1", "b:e1"], ["c:e1"]]
    assert set(grown.mentions) == {"a:e1", "b:e1", "c:e1"}


def test_vectors_where_the_model_has_them_and_none_where_it_does_not():
    import numpy as np
    import spacy

    from dateline.linking.mentions import trigger_vector

    nlp = spacy.blank("en")
    assert trigger_vector(nlp("Shells hit the city"), 7, 10) is None  # no vectors: no evidence
    nlp.vocab.set_vector("bombed", np.array([3.0, 4.0], dtype="float32"))
    nlp.vocab.set_vector("shelled", np.array([4.0, 3.0], dtype="float32"))
    a = trigger_vector(nlp("They bombed it"), 5, 11)
    b = trigger_vector(nlp("They shelled it"), 5, 12)
    assert a == (0.6, 0.8) and b == (0.8, 0.6)
    ma, mb = replace(mention("a", lemma="bomb"), vector=a), replace(mention("b", lemma="shell"), vector=b)
    score, ev = compare(ma, mb)
    assert ev["vector_cos"] == 0.96 and score > compare(replace(ma, vector=None), mb)[0]


def test_attach_twice_keeps_clusters_sorted_and_matches_the_contract():
    old = link_mentions([mention("b"), mention("c")])
    once = attach([mention("a", lemma="shelling")], old)
    twice = attach([mention("0", place=LVIV, date="2022-05-20", published="2022-05-20"),
                    mention("d")], once)  # fmt: skip
    assert twice.clusters == [["0:e1"], ["a:e1", "b:e1", "c:e1", "d:e1"]]
    assert twice.clusters == sorted(twice.clusters)
    assert set(twice.mentions) == {"0:e1", "a:e1", "b:e1", "c:e1", "d:e1"}

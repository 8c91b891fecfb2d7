"""link_store on a real DuckDB file: full recompute, incremental attach, deterministic ids.

The clustering is the real one (``linking.cluster``); story building is a small fake that
makes one story per cluster, so these tests check what link_store itself does: which records
it reads, which stories it rewrites or removes, and that the store ends up consistent.
"""

from __future__ import annotations

import hashlib

import pytest

from dateline.linking import link_store
from dateline.linking.update import Linker, with_participants
from dateline.records import (
    AnalysisRecord,
    Article,
    Event,
    EventParticipant,
    EventTime,
    Place,
    Story,
    StoryReport,
    split_ref,
)
from dateline.store import open_store

KHARKIV = {"name": "Kharkiv", "country": "UA", "lat": 49.99, "lon": 36.23}
TBILISI = {"name": "Tbilisi", "country": "GE", "lat": 41.69, "lon": 44.83}


def _record(
    article_id: str,
    published: str | None,
    *,
    kind: str = "ASSAULT",
    trigger: str = "shelled",
    where: dict = KHARKIV,
    when: str | None = None,
    actor: str = "Russian forces",
    outlet: str = "Daily",
    event_id: str = "e1",
) -> AnalysisRecord:
    sentence = {
        "ASSAULT": f"{actor} {trigger} a market in {where['name']}, killing civilians.",
        "PROTEST": f"Thousands {trigger} through {where['name']} against the new law.",
    }[kind]
    start = sentence.index(trigger)
    place_at = sentence.index(where["name"])
    place = Place(text=where["name"], start=place_at, end=place_at + len(where["name"]), **where)
    return AnalysisRecord(
        article=Article(id=article_id, text=sentence, published=published, outlet=outlet),
        events=[
            Event(
                id=event_id,
                type=kind,
                trigger=trigger,
                start=start,
                end=start + len(trigger),
                actors=[EventParticipant(name=actor, country="RU")] if kind == "ASSAULT" else [],
                place=place,
                time=EventTime(value=when or published) if (when or published) else None,
            )
        ],
    )


def fake_build(records, linking) -> list[Story]:
    """One story per cluster, with a deterministic id, like the real build_stories."""
    stories = []
    for cluster in linking.clusters:
        members = [split_ref(k) for k in cluster if split_ref(k)[0] in records]
        if not members:
            continue
        first = records[members[0][0]].events[0]
        stories.append(
            Story(
                id="s" + hashlib.sha1(cluster[0].encode()).hexdigest()[:12],
                type=first.type,
                place=first.place,
                first_reported=min(
                    (records[a].article.published or "9999" for a, _ in members), default=None
                ),
                articles=sorted({a for a, _ in members}),
                reports=[
                    StoryReport(article=a, event=e, factuality="asserted", outlet="Daily")
                    for a, e in members
                ],
                corroboration=len({a for a, _ in members}),
                links=[link for link in linking.links if link.a in cluster],
            )
        )
    return stories


LINKER = Linker(build=fake_build)


def _clusters(stories: list[Story]) -> list[list[str]]:
    return sorted(sorted(r.article for r in s.reports) for s in stories)


@pytest.fixture
def db(tmp_path):
    return tmp_path / "news.duckdb"


def _fill(db, records) -> None:
    with open_store(db) as store:
        store.put_many(records)


BASE = [
    _record("a1", "2022-04-01"),
    _record("a2", "2022-04-01", trigger="shelled", outlet="Post"),
    _record("a3", "2022-04-02", when="2022-04-01", outlet="Times"),
    _record("b1", "2022-04-10", kind="PROTEST", trigger="marched", where=TBILISI),
    _record("b2", "2022-04-10", kind="PROTEST", trigger="marched", where=TBILISI, outlet="Post"),
    _record("c1", "2022-06-20", where=TBILISI, actor="Unknown gunmen", trigger="attacked"),
]


def test_full_recompute_groups_the_same_events_and_is_deterministic(db) -> None:
    _fill(db, BASE)
    with open_store(db) as store:
        first = link_store(store, linker=LINKER)
        assert store.stories() == sorted(first, key=lambda s: (s.first_reported or "", s.id))
        second = link_store(store, linker=LINKER)
        again = store.stories()
    assert _clusters(first) == [["a1", "a2", "a3"], ["b1", "b2"], ["c1"]]
    assert [s.id for s in first] == [s.id for s in second]
    assert first == second and len(again) == 3


def test_link_fills_participants_from_the_events(db) -> None:
    _fill(db, BASE)
    with open_store(db) as store:
        link_store(store, linker=LINKER)
        (story,) = store.stories(articles=["a1"])
    assert [(p.name, p.country) for p in story.actors] == [("Russian forces", "RU")]


def test_incremental_attaches_a_new_report_and_leaves_other_stories_alone(db) -> None:
    _fill(db, BASE)
    with open_store(db) as store:
        link_store(store, linker=LINKER)
        before = {s.id: s for s in store.stories()}
        store.put(_record("a4", "2022-04-03", when="2022-04-01", outlet="Herald"))
        written = link_store(store, articles=["a4"], linker=LINKER)
        after = {s.id: s for s in store.stories()}
    assert _clusters(written) == [["a1", "a2", "a3", "a4"]]
    assert len(after) == 3
    for story in after.values():
        if "a1" not in story.articles:
            assert before[story.id] == story  # untouched
    # the incremental result is what a full recompute gives here
    with open_store(db) as store:
        full = link_store(store, linker=LINKER)
    assert {s.id: s for s in full} == after


def test_incremental_starts_a_new_story_for_a_new_event(db) -> None:
    _fill(db, BASE)
    with open_store(db) as store:
        link_store(store, linker=LINKER)
        store.put(_record("d1", "2022-04-02", kind="PROTEST", trigger="marched", where=KHARKIV))
        written = link_store(store, articles=["d1"], linker=LINKER)
        assert _clusters(written) == [["d1"]]
        assert len(store.stories()) == 4


def test_incremental_reads_only_the_date_window(db) -> None:
    _fill(db, BASE)
    calls: list[dict] = []
    with open_store(db) as store:
        link_store(store, linker=LINKER)
        store.put(_record("c2", "2022-06-21", where=TBILISI, actor="Unknown gunmen"))
        original = store.records

        def spy(ids=None, **kw):
            found = original(ids, **kw)
            calls.append({"ids": ids, **kw, "got": [r.article.id for r in found]})
            return found

        store.records = spy  # type: ignore[method-assign]
        written = link_store(store, articles=["c2"], linker=LINKER)
    assert _clusters(written) == [["c1", "c2"]]
    read = {a for call in calls for a in call["got"]}
    assert read == {"c1", "c2"}  # April's articles are never read
    assert any(call.get("since") == "2022-06-14" for call in calls)


def test_articles_stored_without_linking_are_picked_up(db) -> None:
    _fill(db, BASE[:3])
    with open_store(db) as store:
        link_store(store, linker=LINKER)
        store.put_many(BASE[3:5])  # as `ingest --no-link` would
        store.put(_record("b3", "2022-04-11", kind="PROTEST", trigger="marched", where=TBILISI))
        written = link_store(store, articles=["b3"], linker=LINKER)
        assert _clusters(written) == [["b1", "b2", "b3"]]
        assert _clusters(store.stories()) == [["a1", "a2", "a3"], ["b1", "b2", "b3"]]


def test_a_reanalyzed_article_leaves_no_stale_report(db) -> None:
    _fill(db, BASE)
    with open_store(db) as store:
        link_store(store, linker=LINKER)
        # a2 is analyzed again: its event now has another id and is a protest in Tbilisi
        changed = _record("a2", "2022-04-10", kind="PROTEST", trigger="marched", where=TBILISI,
                          event_id="e7", outlet="Post")  # fmt: skip
        store.put(changed)
        link_store(store, articles=["a2"], linker=LINKER)
        stories = store.stories()
    keys = sorted(f"{r.article}:{r.event}" for s in stories for r in s.reports)
    assert "a2:e1" not in keys and "a2:e7" in keys
    assert _clusters(stories) == [["a1", "a3"], ["a2", "b1", "b2"], ["c1"]]


def test_incremental_with_unknown_or_no_articles_writes_nothing(db) -> None:
    _fill(db, BASE)
    with open_store(db) as store:
        link_store(store, linker=LINKER)
        before = store.stories()
        assert link_store(store, articles=[], linker=LINKER) == []
        assert link_store(store, articles=["nope"], linker=LINKER) == []
        assert store.stories() == before


def test_undated_articles_link_among_themselves(db) -> None:
    undated = [_record("u1", None, outlet="Post"), _record("u2", None)]
    _fill(db, [*BASE, undated[0]])
    with open_store(db) as store:
        link_store(store, linker=LINKER)
        store.put(undated[1])
        written = link_store(store, articles=["u2"], linker=LINKER)
    assert _clusters(written) == [["u1", "u2"]]


def test_participants_are_ranked_by_reports() -> None:
    records = {
        "a": _record("a", "2022-04-01", actor="Russian forces"),
        "b": _record("b", "2022-04-01", actor="russian forces"),
        "c": _record("c", "2022-04-01", actor="Wagner"),
    }
    story = Story(
        id="s",
        type="ASSAULT",
        reports=[StoryReport(article=a, event="e1", factuality="asserted") for a in "cab"],
    )
    assert [p.name for p in with_participants(story, records).actors] == ["Russian forces", "Wagner"]


def test_with_the_real_story_builder(db) -> None:
    _fill(db, BASE[:2] + BASE[3:])
    with open_store(db) as store:
        full = link_store(store)
        assert [s.id for s in link_store(store)] == [s.id for s in full]  # same ids again
        store.put(BASE[2])
        written = link_store(store, articles=[BASE[2].article.id])
        stories = store.stories()
    assert _clusters(written) == [["a1", "a2", "a3"]]
    assert _clusters(stories) == [["a1", "a2", "a3"], ["b1", "b2"], ["c1"]]
    (strike,) = [s for s in stories if "a1" in s.articles]
    assert strike.corroboration >= 1 and strike.origins
    assert [p.name for p in strike.actors] == ["Russian forces"]

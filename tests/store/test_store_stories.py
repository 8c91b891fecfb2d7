"""Stories go into the store's own tables and come out equal; filters; bulk record reads."""

from __future__ import annotations

import duckdb
import psycopg
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.errors import DatelineError
from dateline.records import (
    Contradiction,
    EventParticipant,
    Origin,
    Place,
    Side,
    Statement,
    Story,
    StoryFigure,
    StoryLink,
    StoryReport,
    StoryTime,
)
from dateline.store import Store, open_store
from dateline.store.layout import STORY_LISTS, STORY_TABLES, UPGRADABLE, columns

_NASTY = ["'; DROP TABLE stories; --", "x' OR '1'='1", "Zürich — “curly” 名前 🙂", "", "a\nb"]
text = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=10),
    st.sampled_from(_NASTY),
)
opt_text = st.none() | text
offset = st.integers(min_value=0, max_value=2**31 - 1)
number = st.floats(allow_nan=False, allow_infinity=False)
opt_number = st.none() | number
few = {"max_size": 3}
json_value = st.none() | st.booleans() | number | text | st.integers(-(2**53), 2**53)

places = st.builds(
    Place,
    text=text,
    start=offset,
    end=offset,
    name=opt_text,
    country=opt_text,
    lat=opt_number,
    lon=opt_number,
    geonames_id=st.none() | st.integers(min_value=-(2**63), max_value=2**63 - 1),
    feature=opt_text,
)
sides = st.builds(Side, origin=opt_text, article=text, text=text, start=offset, end=offset)
participants = st.builds(EventParticipant, entity=opt_text, name=text, country=opt_text)
stories = st.builds(
    Story,
    id=text,
    actors=st.lists(participants, **few),
    targets=st.lists(participants, **few),
    type=text,
    cameo=opt_text,
    acled=opt_text,
    acled_sub=opt_text,
    place=st.none() | places,
    time=st.none()
    | st.builds(
        StoryTime, value=opt_text, precision=st.sampled_from(["day", "month", "year", "unknown"])
    ),
    first_reported=opt_text,
    last_reported=opt_text,
    articles=st.lists(text, **few),
    reports=st.lists(
        st.builds(
            StoryReport,
            article=text,
            event=text,
            outlet=opt_text,
            published=opt_text,
            factuality=text,
            origin=opt_text,
        ),
        **few,
    ),
    origins=st.lists(
        st.builds(
            Origin,
            id=text,
            name=text,
            kind=st.sampled_from(["person", "body", "unnamed", "outlet", "wire"]),
            channel=opt_text,
            via=st.lists(text, **few),
            articles=st.lists(text, **few),
            stance=st.sampled_from(["asserts", "denies", "claims", "silent"]),
            entities=st.lists(text, **few),
            quotes=st.lists(text, **few),
        ),
        **few,
    ),
    corroboration=st.integers(0, 2**31),
    asserted_by=st.lists(text, **few),
    denied_by=st.lists(text, **few),
    silent=st.lists(text, **few),
    factuality=text,
    contradictions=st.lists(
        st.builds(
            Contradiction,
            kind=st.sampled_from(["factuality", "figure", "actor", "time", "place"]),
            a=sides,
            b=sides,
            note=text,
        ),
        **few,
    ),
    figures=st.lists(
        st.builds(
            StoryFigure,
            article=text,
            text=text,
            start=offset,
            end=offset,
            value=opt_number,
            min=opt_number,
            max=opt_number,
            unit=opt_text,
            about=opt_text,
            origin=opt_text,
        ),
        **few,
    ),
    statements=st.lists(
        st.builds(
            Statement,
            id=text,
            speaker=opt_text,
            text=text,
            quotes=st.lists(text, **few),
            relays=st.lists(text, **few),
            origin=opt_text,
        ),
        **few,
    ),
    links=st.lists(
        st.builds(
            StoryLink,
            a=text,
            b=text,
            score=number,
            evidence=st.dictionaries(text, json_value | st.lists(json_value, **few), **few),
        ),
        **few,
    ),
)

_FIXTURE_OK = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@_FIXTURE_OK
@given(story=stories)
def test_story_json_store_story_round_trip(store: Store, story: Story) -> None:
    from_json = Story.model_validate_json(story.model_dump_json())
    store.put_stories([from_json])
    back = store.story(story.id)
    assert back == story
    assert back.model_dump_json() == story.model_dump_json()


@_FIXTURE_OK
@given(batch=st.lists(stories, max_size=4, unique_by=lambda s: s.id))
def test_replace_all_leaves_exactly_the_new_stories(store: Store, batch: list[Story]) -> None:
    store.put_stories([_story("old", "2022-01-01")])
    store.put_stories(batch, replace_all=True)
    got = {s.id: s for s in store.stories()}
    assert got == {s.id: s for s in batch}


def test_every_story_list_has_its_table() -> None:
    lists = {field for field, _ in STORY_LISTS.values()}
    assert {"reports", "origins", "contradictions", "links"} <= lists
    stored = {c.name for c in columns("stories")} | lists
    assert set(Story.model_fields) <= stored
    assert STORY_TABLES[0] == "stories"


def _story(
    story_id: str,
    date: str | None,
    *,
    country: str | None = "UA",
    place: str = "Kharkiv",
    type: str = "FIGHT",
    acled: str | None = "Explosions/Remote violence",
    corroboration: int = 1,
    articles: tuple[str, ...] = ("a1",),
    contradicted: bool = False,
    precision: str = "day",
) -> Story:
    side = Side(article=articles[0], text="40 killed", start=0, end=9)
    return Story(
        id=story_id,
        type=type,
        acled=acled,
        place=Place(text=place, start=0, end=len(place), name=place, country=country),
        time=StoryTime(value=date, precision=precision) if date else None,
        first_reported="2022-05-01",
        articles=list(articles),
        reports=[StoryReport(article=a, event="e1", factuality="asserted") for a in articles],
        corroboration=corroboration,
        contradictions=[Contradiction(kind="figure", a=side, b=side, note="40 vs 12")]
        if contradicted
        else [],
        links=[StoryLink(a=f"{articles[0]}:e1", b=f"{articles[-1]}:e1", score=0.9)],
    )


@pytest.fixture
def filled(store: Store) -> Store:
    store.put_stories(
        [
            _story("s1", "2022-04-01", corroboration=3, contradicted=True, articles=("a1", "a2")),
            _story("s2", "2022-04-03", country="RU", place="Belgorod", articles=("a3",)),
            _story(
                "s3",
                "2022-04",
                precision="month",
                type="PROTEST",
                acled="Protests",
                place="Kharkiv Oblast",
                articles=("a2", "a4"),
                corroboration=2,
            ),
            _story("s4", None, country=None, place="somewhere", articles=("a5",)),
        ]
    )
    return store


def _ids(found: list[Story]) -> list[str]:
    return [s.id for s in found]


def test_stories_come_ordered_by_date_then_id(filled: Store) -> None:
    # s3 is dated to the month only, so it sorts by its first report (2022-05-01), as s4 does
    assert _ids(filled.stories()) == ["s1", "s2", "s3", "s4"]
    assert _ids(filled.stories(limit=2)) == ["s1", "s2"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"since": "2022-04-02"}, ["s2", "s3", "s4"]),
        ({"until": "2022-04-02"}, ["s1"]),
        ({"country": "ua"}, ["s1", "s3"]),
        ({"place": "kharkiv"}, ["s1", "s3"]),
        ({"type": "protest"}, ["s3"]),
        ({"type": "explosions/remote violence"}, ["s1", "s2", "s4"]),
        ({"min_origins": 2}, ["s1", "s3"]),
        ({"contradicted": True}, ["s1"]),
        ({"contradicted": False}, ["s2", "s3", "s4"]),
        ({"articles": ["a2"]}, ["s1", "s3"]),
        ({"articles": []}, []),
        ({"ids": []}, []),
        ({"country": "UA", "min_origins": 3, "place": "kharkiv"}, ["s1"]),
        ({"place": "'; DROP TABLE stories; --"}, []),
    ],
)
def test_story_filters(filled: Store, filters: dict, expected: list[str]) -> None:
    assert _ids(filled.stories(**filters)) == expected
    assert len(filled.stories()) == 4  # the injection attempt above changed nothing


def test_bad_date_filter_is_E306(filled: Store) -> None:
    with pytest.raises(DatelineError) as err:
        filled.stories(since="April")
    assert err.value.code == "E306"


def test_missing_story_is_E311(store: Store) -> None:
    with pytest.raises(DatelineError) as err:
        store.story("s-nope")
    assert err.value.code == "E311" and "s-nope" in err.value.message


def test_put_stories_replaces_by_id_and_removes_named(filled: Store) -> None:
    changed = _story("s2", "2022-04-03", corroboration=5, articles=("a3", "a6"))
    filled.put_stories([changed], remove=["s4"])
    assert filled.story("s2") == changed
    assert _ids(filled.stories()) == ["s1", "s2", "s3"]
    assert _ids(filled.stories(articles=["a6"])) == ["s2"]


def test_put_stories_is_all_or_nothing(filled: Store, monkeypatch) -> None:
    before = filled.stories()
    with pytest.raises(ValueError):
        filled.put_stories([_story("x", None), _story("x", None)])
    # Each backend writes story rows through one method: fail it half way through.
    if hasattr(type(filled), "_insert_arrow"):
        hook, error = "_insert_arrow", duckdb.IOException("disk full")
    else:
        hook, error = "_insert", psycopg.errors.DiskFull("disk full")
    original = getattr(type(filled), hook)
    calls = []

    def failing(self, table, rows):
        calls.append(table)
        if table == "story_links":
            raise error
        return original(self, table, rows)

    monkeypatch.setattr(type(filled), hook, failing)
    with pytest.raises(DatelineError):
        filled.put_stories([_story("s9", "2022-04-09")], replace_all=True)
    monkeypatch.undo()
    assert "stories" in calls  # it failed half way through, after deleting and inserting
    assert filled.stories() == before


def test_stories_survive_reopening_and_read_only(store_url: str) -> None:
    story = _story("s1", "2022-04-01", contradicted=True)
    with open_store(store_url) as store:
        store.put_stories([story])
    with open_store(store_url, read_only=True) as store:
        assert store.story("s1") == story
        assert store.stories(contradicted=True) == [story]


def test_older_layout_asks_for_migrate_then_upgrades_in_place(
    store_url: str, make_record, raw_sql
) -> None:
    with open_store(store_url) as store:
        store.put(make_record("a1"))
    raw_sql(  # make it the layout before stories
        store_url,
        *(f'DROP TABLE "{table}"' for table in reversed(STORY_TABLES)),
        f"UPDATE dateline_meta SET value = '{UPGRADABLE[0]}' WHERE key = 'schema_version'",
    )
    for read_only in (True, False):
        with pytest.raises(DatelineError) as info:
            open_store(store_url, read_only=read_only)
        assert info.value.code == "E313" and "dateline migrate" in str(info.value)
    with open_store(store_url, migrate=True) as store:
        store.put_stories([_story("s1", "2022-04-01")])
        assert _ids(store.stories()) == ["s1"] and store.get("a1") == make_record("a1")


def test_records_reads_many_at_once(store: Store, make_record) -> None:
    kept = [
        make_record("a1", published="2022-04-01"),
        make_record("a2", published="2022-04-05", speaker="Ann Lee", alias="Lee"),
        make_record("a3", published="2022-05-01"),
        make_record("a4", published=None),
    ]
    store.put_many(kept)
    assert store.records() == [store.get(i) for i in ("a1", "a2", "a3", "a4")]
    assert [r.article.id for r in store.records(since="2022-04-02")] == ["a2", "a3"]
    window = store.records(since="2022-04-01", until="2022-04-30", undated=True)
    assert [r.article.id for r in window] == ["a1", "a2", "a4"]
    assert window[1] == kept[1]
    assert [r.article.id for r in store.records(["a3", "a1", "zz"])] == ["a1", "a3"]
    assert [r.article.id for r in store.records(["a1", "a3"], since="2022-04-02")] == ["a3"]
    assert store.records([]) == []


def test_parquet_export_holds_the_story_tables(filled: Store, tmp_path) -> None:
    out = filled.export("parquet", tmp_path / "out")
    assert {p.stem for p in out.iterdir()} >= set(STORY_TABLES)
    assert pq.read_table(out / "stories.parquet").num_rows == 4
    assert pq.read_table(out / "story_reports.parquet").num_rows == 6


def test_participants_round_trip_in_order(store: Store) -> None:
    story = _story("s1", "2022-04-01")
    story.actors = [EventParticipant(name="Russian forces", country="RU"), EventParticipant(name="Wagner")]
    story.targets = [EventParticipant(name="civilians", entity="ent3")]
    store.put_stories([story])
    assert store.story("s1") == story


def test_story_members_and_ids_filter(filled: Store) -> None:
    assert filled.story_members(["a2"]) == {
        "s1": [("a1", "e1"), ("a2", "e1")],
        "s3": [("a2", "e1"), ("a4", "e1")],
    }
    assert filled.story_members([]) == {} and filled.story_members(["zz"]) == {}
    assert _ids(filled.stories(ids=["s3", "s1", "nope"])) == ["s1", "s3"]
    assert _ids(filled.stories(ids=["s3"], contradicted=True)) == []


def test_unlinked_lists_articles_with_events_and_no_story(store: Store) -> None:
    from dateline.records import AnalysisRecord, Article, Event

    def record(aid: str, events: int) -> AnalysisRecord:
        text = "Rebels shelled Goma."
        return AnalysisRecord(
            article=Article(id=aid, text=text),
            events=[
                Event(id=f"e{k}", type="FIGHT", trigger="shelled", start=7, end=14)
                for k in range(1, events + 1)
            ],
        )

    store.put_many([record("a1", 1), record("a2", 2), record("a3", 0)])
    assert store.unlinked(["a1", "a2", "a3", "missing"]) == ["a1", "a2"]
    report = StoryReport(article="a1", event="e1", factuality="asserted")
    store.put_stories([Story(id="s1", type="FIGHT", articles=["a1"], reports=[report])])
    assert store.unlinked(["a1", "a2", "a3"]) == ["a2"]
    assert store.unlinked([]) == []


def test_a_schema_2_store_without_country_refs_migrates(store_url: str, make_record, raw_sql) -> None:
    with open_store(store_url) as store:
        store.put(make_record("a1"))
    raw_sql(  # the layout of record schema 2: no country_refs table
        store_url,
        'DROP TABLE "country_refs"',
        "UPDATE dateline_meta SET value = '2.3' WHERE key = 'schema_version'",
    )
    with pytest.raises(DatelineError) as info:
        open_store(store_url)
    assert info.value.code == "E313"
    with open_store(store_url, migrate=True) as store:
        store.put(make_record("a2"))
        # a1 was stored before country references existed: it keeps everything else
        assert store.get("a1") == make_record("a1").model_copy(update={"country_refs": []})
        assert store.get("a2") == make_record("a2")

"""The contract's read side: filters per kind, count, keyset and offset pages, iterate,
story pages, csv export, schema version; run over every backend."""

from __future__ import annotations

import csv

import pytest

from dateline.errors import DatelineError
from dateline.records import Story
from dateline.store import FILTERS, STORE_SCHEMA_VERSION, TABLES, Page, Store
from dateline.store.layout import MAX_PAGE, STORY_TABLES, encode_cursor


@pytest.fixture
def filled(store: Store, make_record) -> Store:
    store.put_many(
        [
            make_record("a1", outlet="Reuters", published="2022-03-01"),
            make_record(
                "a2", outlet="AP", published="2022-04-15", speaker="Ann Lee", alias="Lee",
                title="Ceasefire holds",
            ),
            make_record("a3", outlet="ap", published=None, speaker="Joe Biden", alias="POTUS"),
        ]
    )
    return store


def _pairs(rows: list[dict]) -> list[tuple]:
    return [(r["article"], r.get("id") or r.get("text")) for r in rows]


@pytest.mark.parametrize(
    ("kind", "filters", "expected"),
    [
        ("quotes", {"speaker": "ann"}, [("a2", "q1")]),  # the entity's full name, not the alias
        ("quotes", {"speaker": "POTUS"}, [("a3", "q1")]),
        ("quotes", {"quote_kind": "INDIRECT"}, [("a1", "q2"), ("a2", "q2"), ("a3", "q2")]),
        ("quotes", {"q": "WILL act", "outlet": "ap"}, [("a2", "q1"), ("a3", "q1")]),
        ("non_comments", {"speaker": "ministry", "until": "2022-03-31"}, [("a1", "declined")]),
        ("events", {"type": "accuse", "since": "2022-04-01"}, [("a2", "ev1")]),
        ("events", {"country": "ua", "factuality": "reported", "article": "a3"}, [("a3", "ev1")]),
        ("events", {"country": "US"}, []),  # the place's country wins over the actors'
        ("events", {"type": "PROTEST"}, []),
        ("places", {"country": "ua", "q": "kyiv", "outlet": "reuters"}, [("a1", "Kyiv")]),
        ("entities", {"label": "person", "name": "potus"}, [("a3", "e1")]),
        ("entities", {"label": "ORG"}, [("a1", "e2"), ("a2", "e2"), ("a3", "e2")]),
        ("warnings", {"q": "publication"}, [("a1", None), ("a2", None), ("a3", None)]),
    ],
)
def test_filters_and_count_agree(filled: Store, kind, filters, expected) -> None:
    rows = filled.query(kind, **filters)
    assert _pairs(rows) == expected
    assert filled.count(kind, **filters) == len(expected)


def test_article_filters(filled: Store) -> None:
    assert [r["id"] for r in filled.query("articles", q="ceasefire")] == ["a2"]
    assert [r["id"] for r in filled.query("articles", outlet="AP")] == ["a2", "a3"]
    assert filled.count("articles") == 3 and filled.count("articles", since="2022-04-01") == 1


def test_every_kind_takes_the_common_filters(filled: Store) -> None:
    for kind in TABLES:
        common = {"article": "a1", "outlet": "reuters", "since": "2022-01-01"}
        assert filled.count(kind, **common) == len(filled.query(kind, article="a1"))


def test_unknown_or_misplaced_filter_is_E307(filled: Store) -> None:
    for kind, name in [("articles", "speaker"), ("places", "type"), ("quotes", "colour")]:
        with pytest.raises(DatelineError) as info:
            filled.count(kind, **{name: "x"})
        assert info.value.code == "E307"
    assert set(FILTERS) >= {"*", "quotes", "events"}


def _many(store: Store, make_record) -> None:
    dates = ["2022-01-05", None, "2021-12-31", "2022-01-05", "2022-02-01", None, "2020-07-07"]
    store.put_many(
        [make_record(f"m{n:02d}", published=dates[n % len(dates)]) for n in range(17)]
    )


@pytest.mark.parametrize("kind", ["articles", "quotes", "events"])
def test_keyset_pages_walk_every_row_once_in_order(store: Store, make_record, kind) -> None:
    _many(store, make_record)
    everything = store.query(kind)
    seen: list[dict] = []
    cursor = None
    pages = 0
    while True:
        page = store.page(kind, limit=4, cursor=cursor)
        assert isinstance(page, Page) and page.total == len(everything)
        seen += page.items
        pages += 1
        if page.next is None:
            break
        cursor = page.next
    assert seen == everything and pages == -(-len(everything) // 4)
    assert [r["published"] for r in everything][-1] is None  # undated last


def test_offset_pages_are_slices(store: Store, make_record) -> None:
    _many(store, make_record)
    everything = store.query("quotes")
    assert store.query("quotes", limit=5, offset=7) == everything[7:12]
    assert store.page("quotes", limit=5, offset=30).items == everything[30:35]


def test_a_cursor_is_stable_under_inserts(store: Store, make_record) -> None:
    _many(store, make_record)
    first = store.page("articles", limit=5)
    before = store.query("articles")
    store.put(make_record("a00", published="2019-01-01"))  # sorts before the cursor
    rest = []
    cursor = first.next
    while cursor:
        page = store.page("articles", limit=5, cursor=cursor)
        rest += page.items
        cursor = page.next
    assert first.items + rest == before


def test_bad_pages_are_numbered_errors(filled: Store) -> None:
    for bad in ["!!", "bm90IGpzb24", encode_cursor("quotes", ["2022", "a1", 0])]:
        with pytest.raises(DatelineError) as info:
            filled.page("events", cursor=bad)
        assert info.value.code == "E314"
    for limit in (0, MAX_PAGE + 1):
        with pytest.raises(DatelineError) as info:
            filled.page("events", limit=limit)
        assert info.value.code == "E315"
    with pytest.raises(DatelineError):
        filled.page("events", cursor=filled.page("events", limit=1).next, offset=2)


def test_iterate_streams_every_record_by_id(store: Store, make_record) -> None:
    _many(store, make_record)
    assert list(store.iterate(batch=3)) == store.records()
    assert [r.article.id for r in store.iterate(batch=2, ids=["m03", "m01", "zz"])] == [
        "m01",
        "m03",
    ]
    dated = [r.article.id for r in store.iterate(since="2022-01-01", until="2022-01-31")]
    assert dated == [i for i in store.ids(since="2022-01-01", until="2022-01-31")]
    assert store.ids(after="m14", limit=10) == ["m15", "m16"]


def test_iterate_meets_concurrent_inserts_at_most_once(store: Store, make_record) -> None:
    _many(store, make_record)
    got = []
    for record in store.iterate(batch=4):
        got.append(record.article.id)
        if record.article.id == "m05":
            store.put_many([make_record("m00a"), make_record("m99")])  # behind, ahead
    assert got == sorted(got) and len(got) == len(set(got))
    assert "m99" in got and "m00a" not in got


def test_story_pages(store: Store) -> None:
    stories = [
        Story(id=f"s{n}", type="PROTEST", first_reported=d)
        for n, d in enumerate(["2022-04-02", None, "2022-04-01", "2022-04-02", "2022-05-01"])
    ]
    store.put_stories(stories)
    assert store.count_stories() == 5 and store.count_stories(since="2022-04-02") == 3
    walked, cursor = [], None
    while True:
        page = store.story_page(limit=2, cursor=cursor)
        walked += page.items
        if not (cursor := page.next):
            break
    assert [s.id for s in walked] == ["s2", "s0", "s3", "s4", "s1"] == [
        s.id for s in store.stories()
    ]
    assert [s.id for s in store.stories(offset=3)] == ["s4", "s1"]
    assert store.story_page(limit=2, type="protest", until="2022-04-30").total == 3


def test_csv_export_writes_a_table_a_file(filled: Store, tmp_path) -> None:
    out = filled.export("csv", tmp_path / "csv")
    assert {p.stem for p in out.iterdir()} == {*TABLES, *STORY_TABLES}
    with (out / "quotes.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 6 and rows[0]["article"] == "a1" and rows[0]["pos"] == "0"
    assert '"AP"' in rows[0]["relayed_by"]  # nested fields as JSON text


def test_jsonl_export_is_iterate(filled: Store, tmp_path) -> None:
    lines = filled.export("jsonl", tmp_path / "all.jsonl").read_text().splitlines()
    assert lines == [r.model_dump_json() for r in filled.iterate()]


def test_schema_version(store: Store) -> None:
    assert store.schema_version() == STORE_SCHEMA_VERSION

"""query(): flat rows per kind, with filters that are parameters, never SQL text."""

from __future__ import annotations

import pytest

from dateline.errors import TerminalError
from dateline.store import TABLES, Store


@pytest.fixture
def filled(store: Store, make_record) -> Store:
    store.put(make_record("a1", outlet="Reuters", published="2022-03-01"))
    store.put(
        make_record("a2", outlet="AP", published="2022-04-15", speaker="Ann Lee", alias="Lee")
    )
    store.put(make_record("a3", outlet="ap", published=None, speaker="Joe Biden", alias="POTUS"))
    return store


def test_every_kind_answers_with_article_fields_joined(filled: Store, make_record) -> None:
    sample = make_record("x")
    for kind in TABLES:
        rows = filled.query(kind)
        assert len(rows) == 3 * (1 if kind == "articles" else len(getattr(sample, kind)))
        if kind != "articles":
            assert {"article", "outlet", "published"} <= rows[0].keys()
            assert "pos" not in rows[0]
    assert "digest" not in filled.query("articles")[0]


def test_rows_are_flat_with_nested_fields_decoded(filled: Store) -> None:
    quote = filled.query("quotes", article="a2")[0]
    assert quote["article"] == "a2" and quote["outlet"] == "AP"
    assert quote["speaker"] == {"entity": "e1", "name": "Lee", "start": 0, "end": 7}
    assert quote["chain"][1] == {"role": "relay", "name": "AP"}
    assert quote["start"] == 14 and quote["end"] == 25
    entity = filled.query("entities", article="a2")[0]
    assert entity["aliases"] == ["Lee"] and entity["mentions"] == [[0, 7]]


def test_rows_come_ordered_by_published_then_article(filled: Store) -> None:
    assert [r["id"] for r in filled.query("articles")] == ["a1", "a2", "a3"]
    assert [(r["article"], r["id"]) for r in filled.query("quotes")][:3] == [
        ("a1", "q1"),
        ("a1", "q2"),
        ("a2", "q1"),
    ]


def test_speaker_matches_name_substring_case_insensitively(filled: Store) -> None:
    rows = filled.query("quotes", speaker="lEe")
    assert [(r["article"], r["id"]) for r in rows] == [("a2", "q1")]


def test_speaker_matches_the_resolved_entity_name_and_aliases(filled: Store) -> None:
    # the a1 quote names its speaker "Biden" only; the entity it resolves to is "Joe Biden"
    assert [r["article"] for r in filled.query("quotes", speaker="joe")] == ["a1", "a3"]
    # a3's speaker is "POTUS" in the text, an alias of entity e1
    assert [r["article"] for r in filled.query("quotes", speaker="potus")] == ["a3"]
    assert filled.query("quotes", speaker="nobody") == []


def test_speaker_filters_non_comments_by_who(filled: Store) -> None:
    assert len(filled.query("non_comments", speaker="MINISTRY")) == 3


def test_outlet_is_case_insensitive(filled: Store) -> None:
    assert [r["id"] for r in filled.query("articles", outlet="AP")] == ["a2", "a3"]
    assert [r["article"] for r in filled.query("times", outlet="reuters")] == ["a1"]


def test_since_until_bound_published_inclusively(filled: Store) -> None:
    assert [r["id"] for r in filled.query("articles", since="2022-04-15")] == ["a2"]
    assert [r["id"] for r in filled.query("articles", until="2022-03-01")] == ["a1"]
    assert [r["id"] for r in filled.query("articles", since="2022-03-02", until="2022-12-31")] == [
        "a2"
    ]


def test_filters_combine_and_limit_caps(filled: Store) -> None:
    assert len(filled.query("quotes", outlet="ap", speaker="biden")) == 1
    assert len(filled.query("entities", limit=2)) == 2
    assert filled.query("entities", limit=0) == []


@pytest.mark.parametrize(
    "value", ["'; DROP TABLE articles; --", "x' OR '1'='1", "%", "_", '") OR 1=1 --']
)
def test_filter_values_are_never_sql(filled: Store, value: str) -> None:
    assert filled.query("quotes", speaker=value) == []
    assert filled.query("articles", outlet=value) == []
    assert filled.query("quotes", article=value) == []
    assert len(filled.query("articles")) == 3


def _code(fn) -> str:
    with pytest.raises(TerminalError) as info:
        fn()
    return info.value.code


def test_unknown_kind_is_E304(filled: Store) -> None:
    assert _code(lambda: filled.query("users")) == "E304"
    assert _code(lambda: filled.query("articles; DROP TABLE articles")) == "E304"
    assert len(filled.query("articles")) == 3


def test_bad_dates_are_E306(filled: Store) -> None:
    assert _code(lambda: filled.query("articles", since="yesterday")) == "E306"
    assert _code(lambda: filled.query("articles", until="2022-4-1")) == "E306"


def test_speaker_on_other_kinds_is_E307(filled: Store) -> None:
    assert _code(lambda: filled.query("events", speaker="Biden")) == "E307"

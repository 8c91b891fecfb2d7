"""Records go in and come out equal; putting twice changes nothing; changes replace."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.errors import TerminalError
from dateline.records import (
    RECORD_LISTS,
    AnalysisRecord,
    Analyzer,
    Article,
    ChainLink,
    Entity,
    Event,
    EventParticipant,
    EventTime,
    Figure,
    NonComment,
    Place,
    Quote,
    RecordWarning,
    Removed,
    Source,
    Speaker,
    Time,
)
from dateline.store import Store

# --- strategies built from the record models

_NASTY = [
    "'; DROP TABLE articles; --",
    "x' OR '1'='1",
    "\"double\" and 'single' quotes",
    "back\\slash %_ LIKE wildcards",
    '{"json": [1, 2]}',
    "",
    "Zürich — “curly” ‘quotes’ 名前 🙂",
    "line\nbreak\ttab",
]
text = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=12),
    st.sampled_from(_NASTY),
)
opt_text = st.none() | text
offset = st.integers(min_value=0, max_value=2**31 - 1)
number = st.floats(allow_nan=False, allow_infinity=False)
opt_number = st.none() | number
few = {"max_size": 3}

speakers = st.builds(Speaker, entity=opt_text, name=text, start=offset, end=offset)
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
participants = st.builds(EventParticipant, entity=opt_text, name=text, country=opt_text)
sources = st.builds(Source, name=opt_text, entity=opt_text, quote=opt_text)
analyzers = st.builds(Analyzer, dateline=text, model=text, model_version=text, config=text)
entities = st.builds(
    Entity,
    id=text,
    name=text,
    type=text,
    aliases=st.lists(text, **few),
    roles=st.lists(text, **few),
    country=opt_text,
    mentions=st.lists(st.tuples(offset, offset), **few),
)
quotes = st.builds(
    Quote,
    id=text,
    kind=st.sampled_from(["direct", "indirect", "mixed"]),
    text=text,
    start=offset,
    end=offset,
    cue=opt_text,
    cue_start=st.none() | offset,
    cue_end=st.none() | offset,
    speaker=st.none() | speakers,
    channel=opt_text,
    relayed_by=st.lists(text, **few),
    chain=st.lists(
        st.builds(
            ChainLink,
            role=st.sampled_from(["speaker", "channel", "relay", "publisher"]),
            name=text,
        ),
        **few,
    ),
)
non_comments = st.builds(
    NonComment,
    who=text,
    entity=opt_text,
    kind=st.sampled_from(["no_comment", "no_claim", "contacted", "declined"]),
    text=text,
    start=offset,
    end=offset,
)
events = st.builds(
    Event,
    id=text,
    type=text,
    cameo=opt_text,
    acled=opt_text,
    acled_sub=opt_text,
    trigger=text,
    start=offset,
    end=offset,
    actors=st.lists(participants, **few),
    targets=st.lists(participants, **few),
    place=st.none() | places,
    time=st.none()
    | st.builds(EventTime, value=opt_text, text=opt_text, from_publication_date=st.booleans()),
    factuality=st.sampled_from(["asserted", "reported", "alleged", "denied", "negated"]),
    sources=st.lists(sources, **few),
)
times = st.builds(
    Time,
    text=text,
    start=offset,
    end=offset,
    type=st.sampled_from(["DATE", "TIME", "DURATION", "SET"]),
    value=opt_text,
)
figures = st.builds(
    Figure,
    text=text,
    start=offset,
    end=offset,
    value=opt_number,
    min=opt_number,
    max=opt_number,
    unit=opt_text,
    about=opt_text,
    asserted_by=st.lists(sources, **few),
    disputed_by=st.lists(sources, **few),
)
articles = st.builds(
    Article,
    id=text,
    title=opt_text,
    published=opt_text,
    published_source=opt_text,
    outlet=opt_text,
    url=opt_text,
    language=text,
    text=text,
    source_path=opt_text,
    removed=st.lists(
        st.builds(Removed, kind=st.sampled_from(["caption", "credit", "boilerplate"]), text=text),
        **few,
    ),
)
records = st.builds(
    AnalysisRecord,
    analyzer=st.none() | analyzers,
    article=articles,
    main_event=opt_text,
    entities=st.lists(entities, **few),
    quotes=st.lists(quotes, **few),
    non_comments=st.lists(non_comments, **few),
    events=st.lists(events, **few),
    times=st.lists(times, **few),
    places=st.lists(places, **few),
    figures=st.lists(figures, **few),
    warnings=st.lists(st.builds(RecordWarning, code=text, message=text), **few),
)

_FIXTURE_OK = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _row_counts(store: Store, article_id: str) -> dict[str, int]:
    return {t: len(store.query(t, article=article_id)) for t in ("articles", *RECORD_LISTS)}


@_FIXTURE_OK
@given(record=records)
def test_record_json_store_record_round_trip(store: Store, record: AnalysisRecord) -> None:
    from_json = AnalysisRecord.model_validate_json(record.model_dump_json())
    store.put(from_json)
    back = store.get(record.article.id)
    assert back == record
    assert back.model_dump_json() == record.model_dump_json()
    assert store.has(record.article.id)


@_FIXTURE_OK
@given(record=records)
def test_put_twice_keeps_one_row_set(store: Store, record: AnalysisRecord) -> None:
    store.put(record)
    assert store.put(record) is False
    counts = _row_counts(store, record.article.id)
    assert counts == {"articles": 1, **{t: len(getattr(record, t)) for t in RECORD_LISTS}}


def test_put_reports_whether_it_wrote(store: Store, make_record) -> None:
    record = make_record("a1")
    assert store.put(record) is True
    assert store.put(record.model_copy(deep=True)) is False
    assert store.ids() == ["a1"]


def test_changed_record_replaces_all_rows(store: Store, make_record) -> None:
    first = make_record("a1")
    store.put(first)
    second = first.model_copy(deep=True)
    second.quotes = second.quotes[:1]
    second.entities[0].aliases.append("POTUS")
    second.article.title = "Talks resume (updated)"
    second.warnings = []

    assert store.put(second) is True
    assert store.get("a1") == second
    assert _row_counts(store, "a1") == {
        "articles": 1,
        **{t: len(getattr(second, t)) for t in RECORD_LISTS},
    }


def test_other_articles_are_untouched_by_a_replace(store: Store, make_record) -> None:
    a1, a2 = make_record("a1"), make_record("a2", speaker="Ann Lee", alias="Lee")
    store.put(a1)
    store.put(a2)
    store.put(make_record("a1", title="changed"))
    assert store.get("a2") == a2
    assert store.ids() == ["a1", "a2"]


def test_get_missing_article_is_E302(store: Store) -> None:
    try:
        store.get("nope")
    except TerminalError as err:
        assert err.code == "E302"
        assert "nope" in err.message
    else:
        raise AssertionError("get() of a missing id must raise E302")
    assert store.has("nope") is False


def test_store_survives_reopening(store_url: str, make_record) -> None:
    from dateline.store import open_store

    record = make_record("a1")
    with open_store(store_url) as store:
        store.put(record)
    with open_store(store_url) as store:
        assert store.get("a1") == record
        assert store.put(record) is False


def test_analyzer_keys_name_what_made_each_stored_record(store: Store, make_record) -> None:
    a1, a2 = make_record("a1"), make_record("a2")
    a2.analyzer = None
    store.put_many([a1, a2])
    assert a1.analyzer is not None
    assert store.analyzer_keys(["a1", "a2", "missing"]) == {"a1": a1.analyzer.key, "a2": None}
    assert store.analyzer_keys([]) == {}
    newer = a1.model_copy(deep=True)
    newer.analyzer = a1.analyzer.model_copy(update={"dateline": "9.9.9"})
    assert store.put(newer) is True  # the same article by another analyzer replaces it
    assert store.analyzer_keys(["a1"]) == {"a1": newer.analyzer.key}
    assert store.get("a1").main_event == "ev1"

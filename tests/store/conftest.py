"""Store fixtures: every store test runs once per backend (dlt style)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from dateline.records import (
    AnalysisRecord,
    Analyzer,
    Article,
    ChainLink,
    CountryRef,
    Entity,
    Event,
    EventParticipant,
    EventTime,
    Figure,
    NonComment,
    Place,
    Quote,
    RecordWarning,
    Source,
    Speaker,
    Story,
    StoryReport,
    Time,
)
from dateline.store import Store, open_store

#: Backends the suite runs over. PostgreSQL runs on a throwaway server the session starts
#: (tests/postgres_server.py), an empty schema per test; where none can start it skips loudly.
BACKENDS = ["duckdb", "postgresql"]


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """A URL for a fresh, empty store of each backend."""
    if request.param == "duckdb":
        return f"duckdb://{tmp_path / 'test.duckdb'}"
    if request.param == "postgresql":
        return request.getfixturevalue("postgres_store_url")
    raise AssertionError(f"no fixture for backend {request.param}")


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as opened:
        yield opened


def _make_record(
    article_id: str,
    *,
    outlet: str | None = "Reuters",
    published: str | None = "2022-04-01",
    speaker: str = "Joe Biden",
    alias: str = "Biden",
    title: str = "Talks resume",
) -> AnalysisRecord:
    """A record with every list filled, so each table and nested column is exercised."""
    text = f'{speaker} said "we will act" on Monday in Kyiv. The ministry declined to comment.'
    ukrainian = CountryRef(text="Ukrainian", start=len(text) + 1, end=len(text) + 10, country="UA")
    text += " Ukrainian officials agreed."
    person = Entity(
        id="e1",
        name=speaker,
        type="PERSON",
        aliases=[alias],
        roles=["president"],
        country="US",
        mentions=[(0, len(speaker))],
    )
    kyiv = Place(text="Kyiv", start=47, end=51, name="Kyiv", country="UA", lat=50.45, lon=30.52)
    return AnalysisRecord(
        analyzer=Analyzer(
            dateline="0.1.0", model="en_core_web_sm", model_version="3.7.1", config="0123456789ab"
        ),
        main_event="ev1",
        article=Article(
            id=article_id, title=title, published=published, outlet=outlet, text=text, url=None
        ),
        entities=[person, Entity(id="e2", name="the ministry", type="ORG")],
        quotes=[
            Quote(
                id="q1",
                kind="direct",
                text="we will act",
                start=len(speaker) + 7,
                end=len(speaker) + 18,
                cue="said",
                cue_start=len(speaker) + 1,
                cue_end=len(speaker) + 5,
                speaker=Speaker(entity="e1", name=alias, start=0, end=len(speaker)),
                relayed_by=["AP"],
                chain=[ChainLink(role="speaker", name=speaker), ChainLink(role="relay", name="AP")],
            ),
            Quote(id="q2", kind="indirect", text="no speaker here", start=0, end=4),
        ],
        non_comments=[
            NonComment(
                who="the ministry", entity="e2", kind="declined", text="declined", start=70, end=78
            )
        ],
        events=[
            Event(
                id="ev1",
                type="ACCUSE",
                trigger="act",
                start=20,
                end=23,
                actors=[EventParticipant(entity="e1", name=speaker, country="US")],
                place=kyiv,
                time=EventTime(value="2022-03-28", text="Monday"),
                factuality="reported",
                sources=[Source(name=alias, entity="e1", quote="q1")],
            )
        ],
        times=[Time(text="Monday", start=35, end=41, type="DATE", value="2022-03-28")],
        places=[kyiv],
        country_refs=[ukrainian],
        figures=[
            Figure(
                text="3 dead",
                start=0,
                end=6,
                value=3.0,
                unit="people",
                asserted_by=[Source(name=speaker, entity="e1", quote="q1")],
                disputed_by=[Source(name="the ministry")],
            )
        ],
        warnings=[RecordWarning(code="W103", message="No publication date was found.")],
    )


@pytest.fixture
def make_record() -> Callable[..., AnalysisRecord]:
    """Build a full hand-made record: ``make_record("a1", outlet="AP", speaker="Ann Lee")``."""
    return _make_record


def _fill(url: str, articles: int, stories: int) -> None:
    """Store ``articles`` full records (``a0``, ``a1``, ... published on consecutive April
    2022 days) and ``stories`` stories (``s0``, ... each reporting the article of its number)
    at ``url``."""
    with open_store(url) as store:
        store.put_many(
            [_make_record(f"a{i}", published=f"2022-04-{i + 1:02d}") for i in range(articles)]
        )
        store.put_stories(
            [
                Story(
                    id=f"s{i}",
                    type="ACCUSE",
                    first_reported=f"2022-04-{i + 1:02d}",
                    reports=[StoryReport(article=f"a{i}", event="ev1", factuality="reported")],
                )
                for i in range(stories)
            ]
        )


@pytest.fixture
def fill() -> Callable[[str, int, int], None]:
    """``fill(url, articles, stories)``: a store of hand-made records and stories."""
    return _fill


def _raw_sql(url: str, *statements: str) -> None:
    """Run ``statements`` on the store at ``url`` behind dateline's back (a DuckDB file or a
    PostgreSQL schema), as an older or a broken build would have left it."""
    if url.startswith("duckdb://") or "://" not in url:
        import duckdb

        conn = duckdb.connect(url.removeprefix("duckdb://"))
        try:
            for stmt in statements:
                conn.execute(stmt)
        finally:
            conn.close()
    else:
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            for stmt in statements:
                conn.execute(stmt)


@pytest.fixture
def raw_sql() -> Callable[..., None]:
    """``raw_sql(url, *statements)``: alter a store behind dateline's back (either backend)."""
    return _raw_sql

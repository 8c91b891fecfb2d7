"""The list endpoints over a real store: one envelope, filters, paging, and the same answers
as the library's :meth:`Store.page`."""

from __future__ import annotations

import pytest

from dateline.store import open_store


@pytest.fixture(scope="module", params=["duckdb", "postgresql"])
def backend_url(request, demo_db) -> str:
    """The demo store: the DuckDB file, or its records and stories copied into a fresh
    PostgreSQL schema (skipped loudly where no server can start)."""
    if request.param == "duckdb":
        return str(demo_db)
    import uuid

    import postgres_server

    database = request.getfixturevalue("postgres_database")
    url = postgres_server.create_schema(database, f"api_{uuid.uuid4().hex[:12]}")
    with open_store(demo_db, read_only=True) as source, open_store(url) as target:
        target.put_many(source.records())
        target.put_stories(source.stories())
    return url


@pytest.fixture(scope="module")
def store(backend_url):
    """The demo store, read directly, to check the API against."""
    with open_store(backend_url, read_only=True) as opened:
        yield opened


@pytest.fixture(scope="module")
def api_client(backend_url, pipeline):
    """A read-only app over the demo store of this module's backend."""
    from fastapi.testclient import TestClient

    from dateline.api import create_app

    with TestClient(create_app(backend_url, nlp=pipeline)) as test_client:
        yield test_client


def _all(client, path: str, **params) -> list[dict]:
    """Every item of a list, following `next` one small page at a time."""
    items, cursor, totals = [], None, set()
    for _ in range(1000):
        query = {**params, "limit": 2, **({"cursor": cursor} if cursor else {})}
        response = client.get(path, params=query)
        assert response.status_code == 200, response.text
        page = response.json()
        assert set(page) == {"items", "total", "next"}
        items += page["items"]
        totals.add(page["total"])
        cursor = page["next"]
        if cursor is None:
            break
    assert len(totals) == 1 and totals.pop() == len(items)
    return items


def test_articles_list_pages_through_every_article(api_client, store):
    items = _all(api_client, "/api/v1/articles")
    assert sorted(i["id"] for i in items) == sorted(store.ids())
    for item in items:
        assert "text" not in item
        assert store.get(item["id"]).article.text.startswith(item["snippet"])
    published = [i["published"] or "" for i in items]
    assert published == sorted(published)  # oldest first


def test_offset_pages_match_cursor_pages(api_client):
    by_cursor = [i["id"] for i in _all(api_client, "/api/v1/quotes")]
    by_offset = []
    for offset in range(0, len(by_cursor), 3):
        page = api_client.get("/api/v1/quotes", params={"limit": 3, "offset": offset}).json()
        by_offset += [i["id"] + i["article"] for i in page["items"]]
    assert len(by_cursor) > 3
    assert by_offset == [
        i["id"] + i["article"] for i in _all(api_client, "/api/v1/quotes")
    ]


def test_articles_filters(api_client, store):
    first = store.get(store.ids()[0]).article
    word = max(first.title.split(), key=len)
    for item in api_client.get("/api/v1/articles", params={"q": word.lower()}).json()["items"]:
        record = store.get(item["id"]).article
        assert word.lower() in (record.title + " " + record.text).lower()
    by_outlet = api_client.get("/api/v1/articles", params={"outlet": first.outlet}).json()
    assert by_outlet["total"] >= 1
    assert all(i["outlet"] == first.outlet for i in by_outlet["items"])
    day = first.published
    window = api_client.get("/api/v1/articles", params={"since": day, "until": day}).json()
    assert first.id in {i["id"] for i in window["items"]}
    assert all(i["published"] == day for i in window["items"])


def test_quotes_filters_match_the_store(api_client, store):
    quotes = store.query("quotes")
    speaker = next(q["speaker_name"] for q in quotes if q.get("speaker_name"))
    part = speaker.split()[-1].lower()
    api = api_client.get("/api/v1/quotes", params={"speaker": part, "limit": 500}).json()
    lib = store.page("quotes", limit=500, speaker=part)
    assert api["items"] == lib.items and api["total"] == lib.total >= 1
    direct = api_client.get("/api/v1/quotes", params={"kind": "direct", "limit": 500}).json()
    assert direct["items"] and all(q["kind"] == "direct" for q in direct["items"])
    assert direct["total"] == sum(1 for q in quotes if q["kind"] == "direct")


def test_events_filters_match_the_store(api_client, store):
    events = store.query("events")
    assert events
    sample = events[0]
    for params, filters in [
        ({"type": sample["type"].lower()}, {"type": sample["type"].lower()}),
        ({"factuality": sample["factuality"]}, {"factuality": sample["factuality"]}),
    ]:
        api = api_client.get("/api/v1/events", params={**params, "limit": 500}).json()
        lib = store.page("events", limit=500, **filters)
        assert api["items"] == lib.items and api["total"] == lib.total >= 1
    countries = {e["place"]["country"] for e in events if e.get("place") and e["place"].get("country")}
    if countries:
        code = sorted(countries)[0]
        api = api_client.get("/api/v1/events", params={"country": code.lower()}).json()
        assert api["total"] == store.count("events", country=code) >= 1


def test_a_country_name_works_and_an_unknown_one_is_422(api_client, store):
    by_code = api_client.get("/api/v1/events", params={"country": "RU"}).json()
    by_name = api_client.get("/api/v1/events", params={"country": "Russia"}).json()
    assert by_code == by_name
    response = api_client.get("/api/v1/events", params={"country": "Atlantis"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "E312"


def test_entities_by_type(api_client, store):
    api = api_client.get("/api/v1/entities", params={"type": "PERSON", "limit": 500}).json()
    assert api["items"] and all(e["type"] == "PERSON" for e in api["items"])
    assert api["total"] == store.count("entities", label="PERSON")


def test_places_geojson_points_at_the_places(api_client, store):
    response = api_client.get("/api/v1/places.geojson")
    assert response.headers["content-type"].startswith("application/geo+json")
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    assert collection["total"] == store.count("places")
    located = [f for f in collection["features"] if f["geometry"]]
    assert located
    for feature in located:
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert feature["properties"]["text"]


def test_stories_list_and_one_story(api_client, store):
    items = _all(api_client, "/api/v1/stories")
    assert len(items) == store.count_stories() >= 1
    biggest = max(items, key=lambda s: s["articles"])
    story = api_client.get(f"/api/v1/stories/{biggest['id']}").json()
    assert story == store.story(biggest["id"]).model_dump(mode="json")
    assert {"reports", "origins", "contradictions"} <= set(story)
    assert len(story["articles"]) == biggest["articles"]
    contradicted = api_client.get("/api/v1/stories", params={"contradicted": "true"}).json()
    assert all(s["contradictions"] > 0 for s in contradicted["items"])
    missing = api_client.get("/api/v1/stories/no-such-story")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "E311"


def test_stories_geojson(api_client, store):
    collection = api_client.get("/api/v1/stories.geojson").json()
    assert collection["type"] == "FeatureCollection"
    assert collection["total"] == store.count_stories()


def test_paging_mistakes_are_422(api_client):
    both = api_client.get("/api/v1/quotes", params={"cursor": "abc", "offset": 1})
    assert both.status_code == 422
    bad = api_client.get("/api/v1/quotes", params={"cursor": "not-a-cursor"})
    assert bad.status_code == 422
    assert bad.json()["error"]["code"].startswith("E3")


def test_status_counts(api_client, store):
    status = api_client.get("/api/v1/status").json()
    assert status["articles"] == len(store.ids())
    assert status["stories"] == store.count_stories()
    assert status["writes"] is False


def test_an_article_is_the_stored_record_exactly(api_client, store):
    from dateline.records import AnalysisRecord

    for article_id in store.ids()[:5]:
        response = api_client.get(f"/api/v1/articles/{article_id}")
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json"
        assert response.text == store.get_json(article_id)
        assert AnalysisRecord.model_validate_json(response.content) == store.get(article_id)

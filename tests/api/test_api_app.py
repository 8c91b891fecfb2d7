"""The app's frame: security headers, JSON errors, size limits, docs without a CDN, the web
hook, writes behind a token, and the analyze endpoint."""

from __future__ import annotations

import importlib.machinery
import re
import shutil
import sys
import types
from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient

from dateline.api import create_app
from dateline.errors import DatelineError


def _error(response, code: str) -> dict:
    body = response.json()
    assert body["error"]["code"] == code, body
    assert body["error"]["fix"]
    assert "Traceback" not in response.text
    return body["error"]


# --- headers


def test_every_response_carries_the_security_headers(api_client, demo_ids):
    for path in ("/api/v1/articles/" + demo_ids[0], "/nowhere", "/docs", "/openapi.json"):
        response = api_client.get(path)
        csp = response.headers["content-security-policy"]
        directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
        assert directives["script-src"] == "'self'", path  # no inline script, no eval
        assert directives["object-src"] == "'none'"
        assert directives["frame-ancestors"] == "'none'"
        assert response.headers["x-content-type-options"] == "nosniff"


def test_no_cors_headers_by_default(api_client, demo_ids):
    response = api_client.get(
        "/api/v1/articles/" + demo_ids[0], headers={"Origin": "https://evil.example"}
    )
    assert response.status_code == 200
    assert not any(h.lower().startswith("access-control-") for h in response.headers)
    preflight = api_client.options(
        "/api/v1/articles",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in preflight.headers


# --- errors


def test_unknown_path_and_method_are_numbered_json(api_client):
    response = api_client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    _error(response, "E905")
    response = api_client.delete("/api/v1/articles")
    assert response.status_code == 405
    _error(response, "E906")


def test_missing_article_is_404_with_its_code(api_client):
    response = api_client.get("/api/v1/articles/no-such-id")
    assert response.status_code == 404
    assert "no-such-id" in _error(response, "E302")["message"]


def test_a_bad_parameter_is_422_naming_it(api_client):
    response = api_client.get("/api/v1/quotes", params={"limit": 501})
    assert response.status_code == 422
    error = _error(response, "E902")
    assert any(p["where"] == "query.limit" for p in error["problems"])
    response = api_client.get("/api/v1/quotes", params={"since": "last week"})
    assert response.status_code == 422


class _Pool:
    """A stand-in pool whose stores fail as told."""

    def __init__(self, exc: Exception) -> None:
        self.exc = exc

    @contextmanager
    def lease(self):
        raise self.exc
        yield

    def close(self) -> None:
        pass


def test_a_busy_store_is_503_with_retry_after():
    app = create_app(":memory:", pool=_Pool(DatelineError.make("E301", path="x", detail="lock")))
    with TestClient(app) as test_client:
        response = test_client.get("/api/v1/articles/a1")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "1"
    _error(response, "E301")


def test_a_bug_is_500_without_a_stack_trace():
    app = create_app(":memory:", pool=_Pool(ZeroDivisionError("secret detail")))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        response = test_client.get("/api/v1/articles/a1")
    assert response.status_code == 500
    error = _error(response, "E907")
    assert "secret detail" not in response.text and "File " not in response.text
    assert error["message"].endswith("(ZeroDivisionError).")


# --- sizes


def test_a_body_over_the_limit_is_413(api_client):
    app = create_app(":memory:", max_body=1000)
    with TestClient(app) as small:
        response = small.post("/api/v1/analyze", json={"text": "x" * 5000})
        assert response.status_code == 413
        _error(response, "E901")

        def chunks():  # no Content-Length: counted while read
            for _ in range(10):
                yield b"x" * 500

        response = small.post(
            "/api/v1/analyze", content=chunks(), headers={"content-type": "application/json"}
        )
        assert response.status_code == 413
        _error(response, "E901")


def test_a_query_string_over_the_limit_is_422(api_client):
    response = api_client.get("/api/v1/quotes", params={"speaker": "x" * 5000})
    assert response.status_code == 422
    _error(response, "E909")
    response = api_client.get("/api/v1/quotes", params={"speaker": "x" * 300})
    assert response.status_code == 422  # over the parameter's own bound
    _error(response, "E902")


# --- docs, offline


def test_docs_load_swagger_from_this_server_without_inline_script(api_client):
    page = api_client.get("/docs")
    assert page.status_code == 200
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page.text, re.S)
    assert scripts and all('src="/' in attrs and not body.strip() for attrs, body in scripts)
    assert "://" not in page.text  # nothing from another host
    for attrs, _ in scripts:
        src = re.search(r'src="([^"]+)"', attrs).group(1)
        asset = api_client.get(src)
        assert asset.status_code == 200 and len(asset.content) > 20, src
    assert api_client.get("/docs/assets/swagger-ui.css").status_code == 200
    spec = api_client.get("/openapi.json").json()
    assert {"/api/v1/articles", "/api/v1/stories/{story_id}", "/api/v1/analyze"} <= set(
        spec["paths"]
    )


# --- the web pages' hook


def test_dateline_web_is_mounted_when_importable(monkeypatch):
    web = types.ModuleType("dateline.web")
    web.__spec__ = importlib.machinery.ModuleSpec("dateline.web", loader=None)
    mounted = []

    def mount(app):
        mounted.append(app)

        @app.get("/hello-page")
        def hello():
            return {"page": "hello"}

    web.mount = mount
    monkeypatch.setitem(sys.modules, "dateline.web", web)
    app = create_app(":memory:")
    assert mounted == [app]
    with TestClient(app) as test_client:
        response = test_client.get("/hello-page")
    assert response.json() == {"page": "hello"}
    assert "script-src 'self'" in response.headers["content-security-policy"]


# --- analyze and writes


@pytest.mark.model
def test_analyze_returns_the_record_and_stores_nothing(api_client):
    text = '"We will not give up," Olaf Brandt, the union leader, told reporters on Friday.'
    response = api_client.post("/api/v1/analyze", json={"text": text, "published": "2022-04-01"})
    assert response.status_code == 200, response.text
    record = response.json()
    assert record["article"]["text"] == text
    assert any(q["speaker"] and q["speaker"]["name"] == "Olaf Brandt" for q in record["quotes"])
    assert record["article"]["published"] == "2022-04-01"
    assert api_client.get(f"/api/v1/articles/{record['article']['id']}").status_code == 404


def test_analyze_needs_text(api_client):
    response = api_client.post("/api/v1/analyze", json={"title": "nothing else"})
    assert response.status_code == 422
    _error(response, "E902")
    response = api_client.post("/api/v1/analyze", json={"text": "x", "color": "red"})
    assert response.status_code == 422


def test_writes_are_refused_on_a_read_only_server(api_client):
    response = api_client.post("/api/v1/articles", json={"text": "Police said it."})
    assert response.status_code == 403
    _error(response, "E903")


def test_allowing_writes_needs_a_token():
    with pytest.raises(DatelineError) as caught:
        create_app(":memory:", allow_writes=True)
    assert caught.value.code == "E908"


@pytest.mark.model
def test_ingest_needs_the_token_then_stores_and_links(demo_db, tmp_path, pipeline):
    db = tmp_path / "copy.duckdb"
    shutil.copy(demo_db, db)
    app = create_app(db, allow_writes=True, token="s3cret-token", nlp=pipeline)
    article = {
        "text": "Protesters gathered in Kyiv on Friday, police said. About 300 people marched.",
        "title": "March in Kyiv",
        "published": "2022-04-02",
        "outlet": "Test Wire",
    }
    with TestClient(app) as test_client:
        response = test_client.post("/api/v1/articles", json=article)
        assert response.status_code == 401
        _error(response, "E904")
        wrong = {"Authorization": "Bearer nope"}
        assert test_client.post("/api/v1/articles", json=article, headers=wrong).status_code == 401
        right = {"Authorization": "Bearer s3cret-token"}
        response = test_client.post("/api/v1/articles", json=article, headers=right)
        assert response.status_code == 201, response.text
        stored = response.json()
        assert stored["stored"] is True
        record = test_client.get(f"/api/v1/articles/{stored['id']}").json()
        assert record["article"]["outlet"] == "Test Wire"
        assert record["article"]["title"] == "March in Kyiv"
        again = test_client.post("/api/v1/articles", json=article, headers=right).json()
        assert again == {"id": stored["id"], "stored": False, "stories": []}


def test_vocabulary_serves_the_filter_values(api_client):
    from dateline.events.types import event_types
    from dateline.records import FACTUALITY

    body = api_client.get("/api/v1/vocabulary").json()
    assert body["factuality"] == list(FACTUALITY)
    assert {row.plover for row in event_types().values()} <= set(body["event_types"])
    assert {row.acled for row in event_types().values() if row.acled} <= set(body["acled_types"])
    # every value the page suggests is one the events filter takes
    for value in body["event_types"][:3] + body["acled_types"][:3]:
        assert api_client.get("/api/v1/events", params={"type": value}).status_code == 200
    for value in body["factuality"]:
        assert api_client.get("/api/v1/events", params={"factuality": value}).status_code == 200

"""OpenAPI-driven fuzzing (schemathesis): every endpoint, every parameter, never a 5xx.

The cases are drawn from the app's own OpenAPI description and sent to an app over the demo
store. The default run draws a few examples per endpoint; ``-m slow`` draws many, and fuzzes
the write endpoint of a server that allows writes too."""

from __future__ import annotations

import shutil

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from dateline.api import create_app

TOKEN = "fuzz-token"

# The description is the same for every store; the cases go to the apps of the fixtures.
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(":memory:"))
_SETTINGS = dict(deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


@pytest.fixture(scope="module")
def demo_app(demo_db, pipeline):
    return create_app(demo_db, nlp=pipeline)


@pytest.fixture(scope="module")
def writable_app(demo_db, pipeline, tmp_path_factory):
    db = tmp_path_factory.mktemp("fuzz") / "writable.duckdb"
    shutil.copy(demo_db, db)
    return create_app(db, allow_writes=True, token=TOKEN, nlp=pipeline)


@schema.parametrize()
@settings(max_examples=8, **_SETTINGS)
def test_no_endpoint_answers_5xx(case, demo_app):
    case.call_and_validate(app=demo_app, checks=[not_a_server_error])


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=300, **_SETTINGS)
def test_no_endpoint_answers_5xx_many_examples(case, demo_app):
    case.call_and_validate(app=demo_app, checks=[not_a_server_error])


@pytest.mark.slow
@schema.include(method="POST").parametrize()
@settings(max_examples=100, **_SETTINGS)
def test_writes_never_answer_5xx(case, writable_app):
    case.call_and_validate(
        app=writable_app,
        checks=[not_a_server_error],
        headers={"Authorization": f"Bearer {TOKEN}"},
    )

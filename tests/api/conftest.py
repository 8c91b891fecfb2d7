"""API fixtures: one real DuckDB store, built once per session by ingesting the demo articles,
and apps over it (the store is only read, so every test can share it)."""

from __future__ import annotations

from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[2] / "demo"


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory, pipeline) -> Path:
    """A DuckDB file holding the demo articles and their stories."""
    from dateline.config import Settings
    from dateline.ingest import ingest

    path = tmp_path_factory.mktemp("api") / "demo.duckdb"
    report = ingest([str(DEMO)], Settings(db=str(path)), pipeline)
    assert report.ok and report.added >= 4
    return path


@pytest.fixture(scope="session")
def demo_ids(demo_db) -> list[str]:
    from dateline.store import open_store

    with open_store(demo_db, read_only=True) as store:
        return store.ids()


@pytest.fixture(scope="module")
def client(demo_db, pipeline):
    """A read-only app over the demo store (the analysis pipeline handed in, not reloaded)."""
    from fastapi.testclient import TestClient

    from dateline.api import create_app

    with TestClient(create_app(demo_db, nlp=pipeline)) as test_client:
        yield test_client

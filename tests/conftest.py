"""Shared fixtures. The spaCy model is loaded once per test session, only by tests that ask."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def nlp():
    from dateline.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def pipeline():
    """The analysis pipeline: the model followed by every dateline component."""
    from dateline.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture
def data_dir() -> Path:
    return DATA


# --- PostgreSQL: one throwaway server per session, started only when a test asks for it

#: Why the PostgreSQL tests skipped in this session (None: they ran, or none asked).
_PG_UNAVAILABLE: list[str] = []


@pytest.fixture(scope="session")
def postgres_database():
    """A ``postgresql://`` URL of an empty test database on a throwaway server (see
    ``tests/postgres_server.py``), or ``DATELINE_TEST_PG``; skips loudly where none can start."""
    import postgres_server

    given = os.environ.get("DATELINE_TEST_PG")
    if given:
        try:
            postgres_server.prepare(given)
        except Exception as err:  # any failure to reach it is the skip reason
            _PG_UNAVAILABLE.append(f"DATELINE_TEST_PG={given}: {err}")
            pytest.skip(f"POSTGRESQL TESTS SKIPPED: cannot use DATELINE_TEST_PG ({err})")
        yield given
        return
    if _PG_UNAVAILABLE:
        pytest.skip(f"POSTGRESQL TESTS SKIPPED: {_PG_UNAVAILABLE[0]}")
    try:
        server = postgres_server.start()
    except (postgres_server.Unavailable, OSError, subprocess.SubprocessError) as err:
        _PG_UNAVAILABLE.append(str(err))
        pytest.skip(f"POSTGRESQL TESTS SKIPPED: no server could start ({err})")
    try:
        yield server.url()
    finally:
        server.stop()


@pytest.fixture
def postgres_url(postgres_database: str) -> str:
    """A URL of a fresh, empty schema of the test database, for one test."""
    import postgres_server

    return postgres_server.create_schema(postgres_database, f"t_{uuid.uuid4().hex[:12]}")


@pytest.fixture(scope="session")
def _postgres_recycled(postgres_database: str) -> dict:
    """Schemas that hold an empty store of the current layout, free for the next test, and
    the fingerprint such a schema has (taken from the first one made)."""
    return {"free": [], "fingerprint": None}


@pytest.fixture
def postgres_store_url(postgres_database: str, _postgres_recycled: dict) -> Iterator[str]:
    """A URL of a schema holding an empty dateline store, for one test. Creating the ~20 tables
    costs ~0.5 s, so schemas are recycled: after the test, one whose layout is unchanged is
    emptied and handed to the next test; one a test altered is left alone."""
    import postgres_server
    from dateline.store import open_store

    pool = _postgres_recycled
    if pool["free"]:
        url = pool["free"].pop()
    else:
        url = postgres_server.create_schema(postgres_database, f"s_{uuid.uuid4().hex[:12]}")
        open_store(url).close()
        if pool["fingerprint"] is None:
            pool["fingerprint"] = postgres_server.fingerprint(url)
    yield url
    try:
        if postgres_server.fingerprint(url) == pool["fingerprint"]:
            postgres_server.empty_tables(url)
            pool["free"].append(url)
    except Exception:  # a schema that cannot be emptied is simply not reused
        pass


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """Say it loudly when the PostgreSQL half of the store suite did not run."""
    if _PG_UNAVAILABLE:
        terminalreporter.write_sep("!", "PostgreSQL tests SKIPPED", red=True, bold=True)
        terminalreporter.write_line(f"reason: {_PG_UNAVAILABLE[0]}", red=True)
        terminalreporter.write_line(
            "fix: bash scripts/test-deps.sh (installs PostgreSQL with apt-get where missing)"
        )


# --- HTTP API: one real DuckDB store of the demo articles, built once per session and only
# read by the tests that share it, and apps over it

DEMO = Path(__file__).resolve().parents[1] / "demo"


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
def api_client(demo_db, pipeline):
    """A read-only app over the demo store (the analysis pipeline handed in, not reloaded)."""
    from fastapi.testclient import TestClient

    from dateline.api import create_app

    with TestClient(create_app(demo_db, nlp=pipeline)) as test_client:
        yield test_client

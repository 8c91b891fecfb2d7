"""Shared fixtures. The spaCy model is loaded once per test session, only by tests that ask."""

from __future__ import annotations

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

"""Ingest is idempotent and survives kill -9: run again, nothing duplicated, nothing lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dateline.store import open_store

SENTENCES = [
    "Officials in {city} said on Monday that talks would resume.",
    '"We are ready to meet," the mayor of {city} told reporters.',
    "Protesters gathered in central {city} on Tuesday, police said.",
]
CITIES = [
    "Kyiv",
    "Odesa",
    "Lviv",
    "Kharkiv",
    "Dnipro",
    "Mykolaiv",
    "Poltava",
    "Sumy",
    "Chernihiv",
    "Zaporizhzhia",
    "Kherson",
    "Vinnytsia",
]


def write_corpus(folder: Path, n: int) -> None:
    folder.mkdir()
    for k in range(n):
        city = CITIES[k % len(CITIES)]
        body = " ".join(s.format(city=city) for s in SENTENCES) * 3
        (folder / f"a{k:03}.txt").write_text(f"Story {k}\n{body} (Item {k}.)", encoding="utf-8")


def counts(db: Path | str) -> dict[str, int]:
    """Rows per kind, and how many events stand in a story (every event stands in one)."""
    with open_store(str(db)) as store:
        found = {kind: len(store.query(kind)) for kind in ("articles", "entities", "events")}
        found["reports"] = sum(len(story.reports) for story in store.stories())
        return found


@pytest.mark.model
def test_kill_9_mid_ingest_then_resume(tmp_path):
    corpus, db = tmp_path / "corpus", tmp_path / "k.duckdb"
    write_corpus(corpus, 60)
    cmd = [sys.executable, "-m", "dateline.cli", "ingest", str(corpus), "--db", str(db)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wal = Path(str(db) + ".wal")
    deadline = time.monotonic() + 120
    while not wal.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.3)  # let it commit a few articles, then kill it mid-write
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    interrupted = counts(db)["articles"] if db.exists() else 0
    assert interrupted < 60, "ingest finished before it could be killed; make the corpus larger"

    resumed = subprocess.run(cmd, capture_output=True, text=True, check=True)
    assert f"{60 - interrupted} added, {interrupted} already stored, 0 failed" in resumed.stdout

    clean_db = tmp_path / "clean.duckdb"
    subprocess.run([*cmd[:-1], str(clean_db)], capture_output=True, check=True)
    assert counts(db) == counts(clean_db)
    assert counts(db)["reports"] == counts(db)["events"] > 0  # the killed run's too


@pytest.mark.model
def test_articles_stored_but_not_linked_are_linked_by_the_next_run(tmp_path, pipeline, monkeypatch):
    import dateline.linking

    corpus, db = tmp_path / "corpus", tmp_path / "l.duckdb"
    write_corpus(corpus, 3)

    def stopped(*args, **kwargs):
        raise KeyboardInterrupt  # the run stops after storing, before linking

    with monkeypatch.context() as patch:
        patch.setattr(dateline.linking, "link_store", stopped)
        with pytest.raises(KeyboardInterrupt):
            _ingest(corpus, db, pipeline)
    stopped_counts = counts(db)
    assert stopped_counts["events"] > 0 and stopped_counts["reports"] == 0
    assert _ingest(corpus, db, pipeline) == (0, 0, 3)
    assert counts(db)["reports"] == stopped_counts["events"]
    assert counts(db)["articles"] == 3


# --- re-analysis when the analyzer changes (model-free: a blank pipeline runs every stage)


@pytest.fixture
def blank_nlp():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def _ingest(corpus: Path, db: Path, nlp):
    from dateline.config import Settings
    from dateline.ingest import ingest

    report = ingest([str(corpus)], Settings(db=str(db)), nlp)
    assert report.ok, report.failed
    return report.added, report.reanalyzed, report.unchanged


def _analyzers(db: Path) -> set[str]:
    with open_store(str(db)) as store:
        return {store.get(i).analyzer.key for i in store.ids()}


def test_ingest_twice_adds_nothing(tmp_path, blank_nlp):
    corpus, db = tmp_path / "corpus", tmp_path / "i.duckdb"
    write_corpus(corpus, 4)
    assert _ingest(corpus, db, blank_nlp) == (4, 0, 0)
    first = counts(db)
    assert _ingest(corpus, db, blank_nlp) == (0, 0, 4)
    assert counts(db) == first and first["articles"] == 4


def test_a_new_dateline_version_reanalyzes_and_replaces(tmp_path, blank_nlp, monkeypatch):
    import dateline

    corpus, db = tmp_path / "corpus", tmp_path / "v.duckdb"
    write_corpus(corpus, 3)
    _ingest(corpus, db, blank_nlp)
    before, old = counts(db), _analyzers(db)
    monkeypatch.setattr(dateline, "__version__", "99.0.0")
    assert _ingest(corpus, db, blank_nlp) == (0, 3, 0)
    assert counts(db) == before  # replaced, not duplicated
    new = _analyzers(db)
    assert len(new) == 1 and new != old and "dateline 99.0.0" in next(iter(new))
    assert _ingest(corpus, db, blank_nlp) == (0, 0, 3)  # idempotent again


def test_a_changed_pipeline_config_reanalyzes(tmp_path, blank_nlp):
    import spacy

    corpus, db = tmp_path / "corpus", tmp_path / "c.duckdb"
    write_corpus(corpus, 2)
    _ingest(corpus, db, blank_nlp)
    other = spacy.blank("en")
    other.add_pipe("sentencizer", config={"punct_chars": [".", "!"]})
    assert _ingest(corpus, db, other) == (0, 2, 0)
    assert counts(db)["articles"] == 2

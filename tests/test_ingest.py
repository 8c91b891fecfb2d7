"""Ingest is idempotent and survives kill -9: run again, nothing duplicated, nothing lost."""

from __future__ import annotations

import os
import pickle
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


# --- the local runner's worker processes (--processes 2): the same records, nothing lost


def _ingest_with(corpus: Path, db: Path, nlp, processes: int, errors: list | None = None):
    from dateline.config import Settings
    from dateline.ingest import ingest

    settings = Settings(db=str(db), processes=processes, batch_size=2)
    on_error = (
        (lambda source, error: errors.append((source, error.code))) if errors is not None else None
    )
    return ingest([str(corpus)], settings, nlp, link=False, on_error=on_error)


def _records(db: Path) -> dict:
    with open_store(str(db)) as store:
        return {i: store.get(i) for i in store.ids()}


@pytest.mark.model
def test_two_processes_store_the_records_of_one(tmp_path, pipeline, monkeypatch):
    import dateline.pipeline

    corpus = tmp_path / "corpus"
    write_corpus(corpus, 7)
    (corpus / "bad.txt").write_bytes(b"\xff\xfe\x00 not text \x00\x00")  # a read error (E1xx)
    real = dateline.pipeline.assemble

    def assemble(article, *args, **kwargs):  # forked workers inherit the patch
        if (article.source_path or "").endswith("a004.txt"):
            raise RuntimeError("boom")  # an analysis error: E801 for this article only
        return real(article, *args, **kwargs)

    monkeypatch.setattr(dateline.pipeline, "assemble", assemble)
    one_errors, two_errors = [], []
    one = _ingest_with(corpus, tmp_path / "one.duckdb", pipeline, 1, one_errors)
    two = _ingest_with(corpus, tmp_path / "two.duckdb", pipeline, 2, two_errors)
    assert (two.added, two.unchanged, two.written) == (one.added, one.unchanged, one.written)
    assert sorted(two_errors) == sorted(one_errors)
    assert {code for _, code in one_errors} >= {"E801"} and len(one_errors) == 2
    records = _records(tmp_path / "one.duckdb")
    assert len(records) == 6 and records == _records(tmp_path / "two.duckdb")
    again = _ingest_with(corpus, tmp_path / "two.duckdb", pipeline, 2, [])
    assert (again.added, again.reanalyzed, again.unchanged) == (0, 0, 6)  # the failed two retried


def test_a_worker_that_dies_loses_nothing(tmp_path, blank_nlp, monkeypatch):
    import dateline.runners.local as local

    corpus, db = tmp_path / "corpus", tmp_path / "w.duckdb"
    write_corpus(corpus, 9)
    parent, real = os.getpid(), local.analyze_batch

    def analyze_batch(items, *args, **kwargs):
        if os.getpid() != parent and any(a.source_path.endswith("a003.txt") for a, _ in items):
            os._exit(1)  # the worker process dies mid-task, as if killed
        return real(items, *args, **kwargs)

    monkeypatch.setattr(local, "analyze_batch", analyze_batch)
    report = _ingest_with(corpus, db, blank_nlp, 2)
    assert report.ok and report.added == 9
    one = _ingest_with(corpus, tmp_path / "one.duckdb", blank_nlp, 1)
    assert report.written == one.written  # in input order
    assert len(_records(db)) == 9
    assert _ingest_with(corpus, db, blank_nlp, 2).unchanged == 9  # idempotent


def test_a_worker_that_dies_in_the_middle_of_a_message_loses_nothing(
    tmp_path, blank_nlp, monkeypatch
):
    # CI once hung here for 90 minutes: workers shared one result queue, and a worker killed
    # while sending left a half-written message (or the queue's lock held) for the others.
    import struct

    import dateline.runners.local as local

    corpus, db = tmp_path / "corpus", tmp_path / "m.duckdb"
    write_corpus(corpus, 9)
    parent, real = os.getpid(), local._send

    def send(conn, message):
        if os.getpid() != parent and "a003" in repr(message):
            data = pickle.dumps(message)
            os.write(conn.fileno(), struct.pack("!i", len(data)) + data[: len(data) // 2])
            os._exit(1)  # killed half-way through its message
        real(conn, message)

    monkeypatch.setattr(local, "_send", send)
    report = _ingest_with(corpus, db, blank_nlp, 2)
    assert report.ok and report.added == 9
    assert len(_records(db)) == 9


def test_parallel_batches_come_in_order_and_bounded(blank_nlp):
    from dateline.records import Article
    from dateline.runners.local import HELD_PER_WORKER, analyze_parallel

    read = []

    def articles():
        for k in range(40):
            read.append(k)
            yield Article(id=f"a{k:02}", text=f"Talks resumed on day {k}."), []

    seen = []
    for batch in analyze_parallel(articles(), blank_nlp, processes=2, size=3):
        # never more read than the tasks in flight or waiting allow
        assert len(read) - len(seen) <= HELD_PER_WORKER * 2 * 3
        seen += [r.article.id for r in batch.records]
    assert seen == [f"a{k:02}" for k in range(40)]


@pytest.mark.skipif(os.name != "posix", reason="signals")
def test_workers_end_when_their_parent_is_killed(tmp_path):
    script = tmp_path / "run.py"
    script.write_text(
        "import multiprocessing, spacy, sys\n"
        "from dateline.records import Article\n"
        "from dateline.runners.local import analyze_parallel\n"
        "items = ((Article(id=f'a{k}', text='Talks resumed.'), []) for k in range(10**6))\n"
        "for n, batch in enumerate(analyze_parallel(items, spacy.blank('en'), processes=2, size=2)):\n"
        "    if n == 0:\n"
        "        print(*[p.pid for p in multiprocessing.active_children()], flush=True)\n",
        encoding="utf-8",
    )
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    pids = [int(p) for p in proc.stdout.readline().split()]
    assert len(pids) == 2
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 30
    alive = pids
    while alive and time.monotonic() < deadline:
        time.sleep(0.2)
        alive = [p for p in pids if _running(p)]
    assert not alive, "workers outlived their killed parent"


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = Path(f"/proc/{pid}/stat")
    return not (state.exists() and state.read_text().split()[2] == "Z")  # a zombie has ended

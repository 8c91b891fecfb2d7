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


def counts(db: Path) -> dict[str, int]:
    with open_store(str(db)) as store:
        return {kind: len(store.query(kind)) for kind in ("articles", "entities")}


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

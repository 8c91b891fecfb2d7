"""The Ray runner keeps the local runner's guarantees: the same store, idempotent, resumable
after a killed driver or worker, per-article errors. A local Ray cluster (2 CPUs, no dashboard,
a temporary dir) serves the module; the pipeline is a blank one (every dateline stage runs,
no model), so the default tier stays quick. Killing tests are slow."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from dateline.config import Settings
from dateline.ingest import ingest
from dateline.runners.ray import read_shard, read_unit, read_units, write_shard

ray = pytest.importorskip("ray")
from test_ingest import counts, write_corpus  # noqa: E402


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    temp = tmp_path_factory.mktemp("ray")
    ray.init(num_cpus=2, include_dashboard=False, _temp_dir=str(temp), log_to_driver=False)
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def blank():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def corpus_with_jsonl(folder: Path, n: int) -> None:
    write_corpus(folder, n)
    lines = [
        json.dumps(
            {"id": f"j{k}", "text": f"Officials in Kyiv said on Monday talks resumed ({k})."}
        )
        for k in range(3)
    ]
    lines.insert(1, "{not json")
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _run(corpus: Path, db: Path, nlp, runner: str, errors: list | None = None, **kw):
    report = ingest(
        [str(corpus)],
        Settings(db=str(db)),
        nlp,
        runner=runner,
        workers=2 if runner == "ray" else None,
        on_error=(lambda source, exc: errors.append((Path(source).name, exc.code)))
        if errors is not None
        else None,
        **kw,
    )
    return report


def test_ray_stores_what_local_stores_and_is_idempotent(tmp_path, cluster, blank):
    corpus = tmp_path / "corpus"
    corpus_with_jsonl(corpus, 6)
    ray_errors: list = []
    local_errors: list = []
    first = _run(corpus, tmp_path / "r.duckdb", blank, "ray", ray_errors)
    local = _run(corpus, tmp_path / "l.duckdb", blank, "local", local_errors)
    assert (first.added, first.unchanged) == (local.added, local.unchanged) == (9, 0)
    assert ray_errors == local_errors == [("feed.jsonl:2", "E104")]  # the same error, same source
    assert counts(tmp_path / "r.duckdb") == counts(tmp_path / "l.duckdb")
    assert first.worker_rss > 0 and first.stories == local.stories
    again = _run(corpus, tmp_path / "r.duckdb", blank, "ray")
    assert (again.added, again.reanalyzed, again.unchanged) == (0, 0, 9)
    assert counts(tmp_path / "r.duckdb") == counts(tmp_path / "l.duckdb")
    assert not (tmp_path / "r.duckdb.shards").exists()  # every shard merged and removed


def test_ray_workers_write_postgresql_directly(tmp_path, cluster, blank, postgres_url):
    """With a PostgreSQL store every worker checks and writes its own batches: no shards,
    the same rows as a local run into DuckDB, idempotent."""
    corpus = tmp_path / "corpus"
    corpus_with_jsonl(corpus, 4)
    errors: list = []
    first = ingest(
        [str(corpus)],
        Settings(db=postgres_url),
        blank,
        runner="ray",
        workers=2,
        on_error=lambda source, exc: errors.append((Path(source).name, exc.code)),
    )
    local = _run(corpus, tmp_path / "l.duckdb", blank, "local")
    assert (first.added, first.unchanged, errors) == (7, 0, [("feed.jsonl:2", "E104")])
    assert counts(postgres_url) == counts(tmp_path / "l.duckdb")
    assert first.stories == local.stories
    again = ingest([str(corpus)], Settings(db=postgres_url), blank, runner="ray", workers=2)
    assert (again.added, again.reanalyzed, again.unchanged) == (0, 0, 7)
    assert counts(postgres_url) == counts(tmp_path / "l.duckdb")


@pytest.mark.slow
def test_a_unit_whose_worker_always_dies_is_reported_and_the_rest_go_on(cluster):
    """Ray restarts a dead actor and retries its unit a bounded number of times; then the
    unit is given up (reported as E806 by the runner), and the other units still run."""
    from dateline.runners.ray import UNIT_RETRIES, ActorPool

    class Poisoned:  # defined here: Ray ships it by value (workers cannot import tests/)
        """Dies on a unit naming "poison" (as a crash or an out-of-memory kill would)."""

        def __init__(self, *settings) -> None:
            pass

        def load(self, shared: list) -> None:
            pass

        def run(self, unit: str, shared: list) -> dict:
            if "poison" in unit:
                os._exit(1)
            return {"unit": [unit], "pid": [os.getpid()]}

    pool = ActorPool(ray, 2, (), actor=Poisoned)
    try:
        pool.load([])
        units = [json.dumps(("files", [f"a{k}.txt"])) for k in range(6)]
        units.insert(2, json.dumps(("files", ["poison.txt"])))
        done = dict(pool.map(units))
    finally:
        pool.close()
    assert sorted(done) == sorted(units)
    assert done.pop(units[2]) is None and all(rows is not None for rows in done.values())
    error = pool.died(units[2])
    assert error.code == "E806" and f"{UNIT_RETRIES + 1} tries" in str(error)
    assert "poison.txt" in str(error)


def test_a_killed_drivers_shards_are_merged_first_and_a_broken_one_redone(tmp_path, blank):
    """What a killed driver leaves: whole shards (merged, not analyzed again), a broken
    shard and a half-written temporary file (removed; their articles analyzed again)."""
    from dateline.pipeline import analyze_batch
    from dateline.runners.ray import ShardWriter

    corpus, db = tmp_path / "corpus", tmp_path / "k.duckdb"
    write_corpus(corpus, 4)
    items = sorted(
        (i for u in read_units([str(corpus)]) for i in read_unit(u, _o(), 10**7)),
        key=lambda i: i.source,
    )
    staging = tmp_path / "k.duckdb.shards"
    batch = analyze_batch([(i.article, i.warnings) for i in items[:2]], blank)
    name = write_shard(staging, batch.records)
    (staging / "broken.parquet").write_bytes(b"PAR1 not really")
    (staging / ".tmp-half.parquet").write_bytes(b"PAR1")
    assert [r.article.id for r in read_shard(staging / name)] == [i.article.id for i in items[:2]]

    from dateline.ingest import IngestReport, StoreSink
    from dateline.store import open_store

    errors: list = []
    with open_store(str(db)) as store:
        report = IngestReport()
        writer = ShardWriter(StoreSink(store, report), {}, staging)
        assert writer.leftovers(lambda s, e: errors.append(e.code)) == 1
        assert report.added == 2 and errors == ["E805"]
    assert sorted(p.name for p in staging.iterdir()) == []
    local = _run(corpus, db, blank, "local")
    assert (local.added, local.unchanged) == (2, 2)


def test_jsonl_ranges_start_at_lines_and_number_them(tmp_path, monkeypatch):
    import dateline.runners.ray as runner

    path = tmp_path / "big.jsonl"
    rows = [
        json.dumps({"id": f"a{k}", "text": f"Talks resumed in Kyiv, item {k}."}) for k in range(40)
    ]
    rows[7] = ""  # a blank line keeps its number
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    monkeypatch.setattr(runner, "MIN_UNIT_WEIGHT", 1)
    units = read_units([str(path)])
    assert len(units) > 3
    items = [i for u in units for i in read_unit(u, _o(), 10**7)]
    whole = [(i.source, i.article.id) for i in runner.read_articles([str(path)])]
    assert sorted((i.source, i.article.id) for i in items) == sorted(whole) and len(whole) == 39


def test_units_shrink_toward_the_end_and_the_heaviest_go_first(tmp_path, monkeypatch):
    """Guided self-scheduling, longest first: a long article late in the file is not left for
    last; the units shrink, so the actors finish together; every line is in one unit."""
    import dateline.runners.ray as runner

    monkeypatch.setattr(runner, "MIN_UNIT_WEIGHT", 1)
    texts = ["Talks resumed in Kyiv. " * 20] * 60
    texts[50] = "Talks resumed in Kyiv. " * 2000  # the long one, near the end
    path = tmp_path / "news.jsonl"
    path.write_text(
        "".join(json.dumps({"id": f"a{k}", "text": t}) + "\n" for k, t in enumerate(texts)),
        encoding="utf-8",
    )
    units = read_units([str(path)], workers=2)
    sizes = [end - start for _, _, start, end, _ in units]
    assert sizes == sorted(sizes, reverse=True)
    assert units[0][4] <= 51 < units[0][4] + 60  # the long article's unit goes first
    assert sizes[-1] < sizes[0] / 4  # the last units are small
    lines = sorted(n for u in units for n in range(u[4], u[4] + len(_lines(path, u))))
    assert lines == list(range(1, 61))


def _lines(path: Path, unit) -> list[bytes]:
    with open(path, "rb") as fh:
        fh.seek(unit[2])
        return fh.read(unit[3] - unit[2]).splitlines()


def _o():
    from dateline.article.read import Overrides

    return Overrides()


# --- killing (slow: each starts Ray in a subprocess)


def _cli(corpus: Path, db: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "dateline.cli",
        "ingest",
        str(corpus),
        "--db",
        str(db),
        "--runner",
        "ray",
        "--workers",
        "2",
        *extra,
    ]


@pytest.mark.slow
@pytest.mark.model
def test_kill_9_the_ray_driver_then_resume(tmp_path):
    corpus, db = tmp_path / "corpus", tmp_path / "k.duckdb"
    write_corpus(corpus, 120)
    # A short folder: Ray's socket paths under it must stay within 107 bytes (AF_UNIX).
    short = tempfile.mkdtemp(prefix="dl-ray-", dir="/tmp")
    env = {**os.environ, "RAY_TMPDIR": short}
    proc = subprocess.Popen(
        _cli(corpus, db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    shards = Path(str(db) + ".shards")
    deadline = time.monotonic() + 300
    while proc.poll() is None and time.monotonic() < deadline:
        if shards.is_dir() and any(shards.glob("*.parquet")):
            break
        time.sleep(0.05)
    time.sleep(1.0)
    import psutil

    assert proc.poll() is None, "the run ended before it was killed: make the corpus larger"
    orphans = psutil.Process(proc.pid).children(recursive=True)  # the cluster it started
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    for child in orphans:
        if child.is_running():
            child.kill()
    resumed = subprocess.run(_cli(corpus, db), capture_output=True, text=True, env=env, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    clean = tmp_path / "clean.duckdb"
    subprocess.run(_cli(corpus, clean)[:7], capture_output=True, check=True, timeout=600)
    shutil.rmtree(short, ignore_errors=True)
    assert counts(db) == counts(clean) and counts(db)["articles"] == 120


@pytest.mark.slow
def test_a_killed_worker_is_restarted_and_nothing_is_lost(tmp_path, cluster, blank):
    import psutil

    corpus, db = tmp_path / "corpus", tmp_path / "w.duckdb"
    write_corpus(corpus, 200)
    shards = Path(str(db) + ".shards")
    killed: list[int] = []

    def killer() -> None:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and not killed:
            if shards.is_dir() and any(shards.glob("*.parquet")):
                for proc in psutil.process_iter(["cmdline"]):
                    if "ray::Worker" in " ".join(proc.info["cmdline"] or []):
                        proc.send_signal(signal.SIGKILL)
                        killed.append(proc.pid)
                        return
            time.sleep(0.05)

    thread = threading.Thread(target=killer)
    thread.start()
    try:
        report = _run(corpus, db, blank, "ray", link=False)
    except Exception:  # noqa: BLE001 -- the run may fail; the rerun must then finish it
        report = _run(corpus, db, blank, "ray", link=False)
    thread.join(timeout=300)
    assert killed, "no worker was killed; make the corpus larger"
    assert report.ok
    local = tmp_path / "l.duckdb"
    _run(corpus, local, blank, "local", link=False)
    assert counts(db)["articles"] == counts(local)["articles"] == 200
    assert counts(db)["events"] == counts(local)["events"]


@pytest.mark.slow
@pytest.mark.model
def test_ray_with_the_model_analyzes_as_local_does(tmp_path, cluster, pipeline):
    """The model's weights reach the actors writable (shipped pickled, not zero-copy)."""
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 4)
    errors: list = []
    report = _run(corpus, tmp_path / "m.duckdb", pipeline, "ray", errors, link=False)
    assert errors == [] and report.added == 4
    _run(corpus, tmp_path / "l.duckdb", pipeline, "local", link=False)
    assert counts(tmp_path / "m.duckdb") == counts(tmp_path / "l.duckdb")


def test_a_used_pipeline_ships_its_gazetteer_as_the_cache_files_bytes(blank):
    """The driver's gazetteer reaches the actors as its cache file's bytes, not re-pickled;
    the pipeline unpickled there analyzes as the driver's does."""
    from dateline.components import Knowledge
    from dateline.pipeline import analysis_pipeline, analyze_batch
    from dateline.records import Article
    from dateline.runners.ray import load_shipped, ship_pipeline

    nlp = analysis_pipeline(blank)
    article = Article(id="k1", text="Officials in Kyiv said on Monday that talks in Paris resumed.")
    before = analyze_batch([(article, [])], nlp).records[0]  # loads the process's gazetteer
    shipped, gazetteer = ship_pipeline(nlp)
    if gazetteer is None:
        pytest.skip("no gazetteer cache folder here (DATELINE_CACHE_DIR=off)")
    copy = load_shipped(shipped, gazetteer)
    held = [
        v
        for _, c in copy.pipeline
        for v in getattr(c, "__dict__", {}).values()
        if isinstance(v, Knowledge) and v._gazetteer is not None
    ]
    assert held and len(held[0]._gazetteer.entries) > 100_000
    after = analyze_batch([(article, [])], copy).records[0]
    assert [p.name for p in after.places] == [p.name for p in before.places] != []

"""``dateline ingest --runner ray``: read -> map on a pool of Ray actors -> one writer.

- **units**: the driver cuts the inputs into units (:func:`read_units`): runs of files, and
  byte ranges of JSONL files (a range starts at a line and carries its number, so sources
  read ``file.jsonl:N`` as in a local run). Units are cut by guided self-scheduling (each
  takes a share of the work still uncut, so they shrink toward the end) and ordered heaviest
  first (by bytes), so that a long article is not left for last and the actors finish
  together.
- **read + analyze**: a pool of ``workers`` plain Ray actors (:class:`ActorPool` of
  :class:`Worker`), one unit in flight per actor (an idle actor takes the next unit; none
  waits queued behind a long one). The actors are created first thing, so their processes
  import and load while the driver pickles the pipeline and cuts the units. Each holds one
  loaded analysis pipeline (the driver's, shipped once as pickled bytes), reads its unit
  itself (no read tasks: each would be a worker process to start, competing with the actors
  for the CPUs), skips the articles stored by this analyzer (the driver's snapshot of the
  store's keys), analyzes the rest with :func:`dateline.pipeline.analyze_batch` and writes
  their records to one Parquet shard (written to a temporary name, then renamed: a shard is
  whole or absent). It returns one small row per article: stored / unchanged / failed (with
  its error), with its timings.
- **write**: with DuckDB (one writer per file) the driver is the writer: it merges the shards
  into the store as rows name them, 64 articles a transaction, then deletes them. With
  PostgreSQL (``--db postgresql://...``) there are no shards: each actor asks the database
  which of its unit are stored by this analyzer and writes the rest in one transaction.

Why plain actors and not Ray Data's ``map_batches`` (the first version): on the same units,
Ray Data added to every run its executor loop in the driver, its service actors (stats,
autoscaling coordinator, actor locations: a process each) and the import of ``ray.data`` in
every actor (0.8 s of CPU), and needed a pool of actors only for what Ray Core's actors do
themselves: restart a dead actor and retry its call. See docs/scale.md for the figures.

Guarantees, as the local runner's: *idempotent* (stored by this analyzer -> skipped; a shard
merged twice changes nothing, the store replaces by article id and digest); *resumable* (kill
the driver: the shards written survive in ``<db>.shards/`` and the next run merges them first,
then analyzes only what is missing; kill a worker: Ray restarts the actor, which loads the
pipeline again, and retries its unit up to :data:`UNIT_RETRIES` times, then the unit's articles
are reported (E806) and the run goes on; rerunning retries them); *per-article errors* (E1xx
from reading, E801 from analysis, reported through ``on_error`` like the local runner's);
*bounded waits* (no unit finished in :data:`STALL_S`: E807). ``report.runner`` tells where the
time went (:class:`RunStats`).
"""

from __future__ import annotations

import io
import json
import os
import pickle
import resource
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dateline.analyzer import analyzer_of
from dateline.article.read import (
    JSONL_SUFFIXES,
    Item,
    Overrides,
    _line_safe,
    _stream_jsonl,
    expand_paths,
    read_articles,
)
from dateline.config import Settings
from dateline.errors import DatelineError
from dateline.records import AnalysisRecord, Article

#: Work units: a unit weighs its bytes plus this per article (the fixed cost of an article's
#: stages and record, in bytes of text it is worth).
ARTICLE_WEIGHT = 500
#: Guided self-scheduling: a unit takes at most 1/(UNIT_SHARE x workers) of the work not yet cut
#: into units, so units shrink toward the end of the input...
UNIT_SHARE = 4
#: ...down to this weight (a few short articles), and none holds more articles than this (one
#: shard, one transaction; what a killed worker loses).
MIN_UNIT_WEIGHT = 8_000
MAX_UNIT_ARTICLES = 64
#: The driver merges shards once this many articles wait (one transaction; DuckDB).
MERGE_ARTICLES = 64


def read_units(paths: Sequence[str], workers: int = 2) -> list[tuple]:
    """The actors' work: ``("files", [path, ...])``, ``("range", path, start, end, line)`` for
    a piece of a JSONL file (``start`` at line number ``line``), or ``("missing", spec)``;
    cut by guided self-scheduling for ``workers`` actors and ordered heaviest first (longest
    processing time first), so that the actors finish together: one long article is not left
    for last, and the last units are small.

    >>> read_units(["no/such/file.txt"])
    [('missing', 'no/such/file.txt')]
    """
    total = sum(weight for _, weight in _atoms(paths, counted=True))
    return [unit for _, unit in sorted(_cut(paths, total, workers), key=lambda u: -u[0])]


def _atoms(paths: Sequence[str], counted: bool = False) -> Iterator[tuple[tuple, int]]:
    """What units are cut from, with their weights: ``("file", path)``, ``("line", path,
    start, end, number)`` per JSONL line, ``("missing", spec)``; with ``counted`` a JSONL
    file is one atom of its total weight (a quick count)."""
    for path, missing in expand_paths(paths):
        if missing is not None:
            yield ("missing", path), 0
        elif path != "-" and Path(path).suffix.lower() in JSONL_SUFFIXES and _line_safe(path):
            if counted:
                with open(path, "rb") as fh:
                    lines = sum(1 for raw in fh if raw.strip())
                yield ("jsonl", path), os.path.getsize(path) + ARTICLE_WEIGHT * lines
                continue
            offset = 0
            with open(path, "rb") as fh:
                for number, raw in enumerate(fh, start=1):
                    weight = len(raw) + (ARTICLE_WEIGHT if raw.strip() else 0)
                    yield ("line", path, offset, offset + len(raw), number), weight
                    offset += len(raw)
        else:
            size = os.path.getsize(path) if path != "-" else 0
            yield ("file", path), size + ARTICLE_WEIGHT


def _cut(paths: Sequence[str], total: int, workers: int) -> Iterator[tuple[int, tuple]]:
    """(weight, unit) in input order: consecutive atoms of one kind (lines of one file, or
    files) until the unit's share of the remaining work is reached."""
    remaining = total
    unit: list = []  # the atoms of the unit being cut
    weight = 0

    def close() -> tuple[int, tuple]:
        if unit[0][0] == "line":
            first, last = unit[0], unit[-1]
            return weight, ("range", first[1], first[2], last[3], first[4])
        return weight, ("files", [atom[1] for atom in unit])

    for atom, w in _atoms(paths):
        if atom[0] == "missing":
            yield 0, atom
            continue
        if unit and (atom[0] != unit[0][0] or (atom[0] == "line" and atom[1] != unit[0][1])):
            yield close()
            remaining -= weight
            unit, weight = [], 0
        unit.append(atom)
        weight += w
        share = max(MIN_UNIT_WEIGHT, remaining // (UNIT_SHARE * max(1, workers)))
        if weight >= share or len(unit) >= MAX_UNIT_ARTICLES:
            yield close()
            remaining -= weight
            unit, weight = [], 0
    if unit:
        yield close()


def read_unit(unit: Sequence, overrides: Overrides, max_bytes: int) -> Iterator[Item]:
    """The items of one read unit (see :func:`read_units`)."""
    kind = unit[0]
    if kind == "missing":
        yield from read_articles([unit[1]], overrides, max_bytes)
    elif kind == "files":
        yield from read_articles(unit[1], overrides, max_bytes)
    else:
        _, path, start, end, line = unit
        yield from _stream_jsonl(path, overrides, max_bytes, start=start, end=end, line=line)


# --------------------------------------------------------------------------- analyze


def ship_pipeline(nlp) -> tuple[bytes, bytes | None]:
    """``nlp`` pickled for the actors, and the gazetteer it holds as the bytes of its cache
    file (None: it travels inside the pickle). A used pipeline holds the process's gazetteer
    (~200k entries): pickling it costs the driver about as much as the rest of the pipeline,
    reading the cache file costs nothing, and the actors decode those bytes faster than they
    unpickle the objects. The bytes are the driver's own gazetteer, whatever the workers
    have installed or cached. See :func:`load_shipped`.

    >>> import spacy
    >>> shipped, gazetteer = ship_pipeline(spacy.blank("en"))
    >>> load_shipped(shipped, gazetteer).lang
    'en'
    """
    gaz, data = _process_gazetteer(nlp), None
    if gaz is not None:
        from dateline.geo.gazetteer import cache_dir, cache_key

        folder = cache_dir()
        try:
            data = (folder / cache_key()).read_bytes() if folder is not None else None
        except OSError:
            data = None
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    if data is not None:
        pickler.persistent_id = lambda obj: "gazetteer" if obj is gaz else None
    pickler.dump(nlp)
    return buffer.getvalue(), data


def load_shipped(shipped: bytes, gazetteer: bytes | None):
    """The pipeline :func:`ship_pipeline` shipped, its gazetteer decoded from ``gazetteer``."""
    from dateline.geo.gazetteer import _from_cache

    gaz = _from_cache(gazetteer) if gazetteer is not None else None

    class Unpickler(pickle.Unpickler):
        def persistent_load(self, pid):
            if pid != "gazetteer" or gaz is None:
                raise pickle.UnpicklingError(f"unknown persistent id {pid!r}")
            return gaz

    return Unpickler(io.BytesIO(shipped)).load()


def _process_gazetteer(nlp):
    """The gazetteer ``nlp``'s stages hold when it is this process's (loaded through
    :func:`dateline.geo.load_gazetteer`, so its cache file holds it), else None."""
    from dateline.components import Knowledge

    for _, component in nlp.pipeline:
        for value in getattr(component, "__dict__", {}).values():
            if isinstance(value, Knowledge) and value._gazetteer is not None:
                from dateline.geo import load_gazetteer

                return value._gazetteer if value._gazetteer is load_gazetteer() else None
    return None


class Analyze:
    """One actor's work: one loaded pipeline; units in (see :func:`read_units`), read here,
    analyzed, written to one shard (or the database); one status row per article out.

    Usable without Ray (the tests call it directly)::

        analyze = Analyze(nlp, skip=frozenset(), staging="shards/")
        rows = analyze({"unit": [json.dumps(("files", ["a.txt", "b.txt"]))]})
    """

    def __init__(
        self,
        nlp,
        skip,
        staging: str,
        batch_size: int = 16,
        db: str | None = None,
        force: bool = False,
        overrides: Overrides | None = None,
        max_bytes: int = 10_000_000,
    ) -> None:
        import gc

        import ray

        self.born, self.born_cpu = time.time(), time.process_time()
        self.spawned = _process_started() or self.born
        nlp = ray.get(nlp) if isinstance(nlp, ray.ObjectRef) else nlp
        # Shipped as pickled bytes: a pipeline fetched zero-copy from the object store would
        # have read-only weight arrays, which the model refuses ("buffer ... is read-only").
        # A warm pipeline's gazetteer (~1M small objects) comes as its cache file's bytes
        # (:func:`ship_pipeline`); all is unpickled with the cyclic GC paused, then frozen out
        # of its scans, as the gazetteer's own loader does.
        if isinstance(nlp, tuple):
            enabled = gc.isenabled()
            gc.disable()
            try:
                nlp = load_shipped(*nlp)
            finally:
                if enabled:
                    gc.enable()
            gc.freeze()
        self.nlp = nlp
        self.skip = ray.get(skip) if isinstance(skip, ray.ObjectRef) else skip
        self.staging = Path(staging)
        self.batch_size = batch_size
        self.force = force
        self.overrides = overrides or Overrides()
        self.max_bytes = max_bytes
        #: a database every worker may write (PostgreSQL): records go there, not to shards
        self.store = None
        if db is not None:
            from dateline.store import open_store, with_retries

            self.store = with_retries(lambda: open_store(db))
            self.key = analyzer_of(self.nlp).key
        self.ready, self.ready_cpu = time.time(), time.process_time()

    def __call__(self, batch: dict) -> dict:
        began, began_cpu = time.time(), time.process_time()
        out: dict[str, list] = {"source": [], "id": [], "status": [], "error": [], "shard": []}
        for unit in batch["unit"]:
            self._unit(json.loads(unit), out)
        n = len(out["source"])
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB
        out["rss"], out["pid"] = [rss] * n, [os.getpid()] * n
        # when this actor was created and ready, and when this call began and ended (epoch s):
        # the driver's account of start-up and busy time per actor
        out["spawned"], out["born"], out["ready"] = (
            [self.spawned] * n,
            [self.born] * n,
            [self.ready] * n,
        )
        out["began"], out["ended"] = [began] * n, [time.time()] * n
        # CPU seconds of this process before its constructor (starting, imports) and in it
        out["born_cpu"], out["ready_cpu"] = [self.born_cpu] * n, [self.ready_cpu] * n
        out["call_cpu"] = [time.process_time() - began_cpu] * n  # CPU seconds of this call
        return out

    def _unit(self, unit: list, out: dict[str, list]) -> None:
        from dateline.pipeline import analyze_batch

        todo: list[tuple[Article, list[dict]]] = []
        sources: dict[str, str] = {}
        for item in read_unit(unit, self.overrides, self.max_bytes):
            if item.error is not None:
                _row(out, item.source, "", "failed", json.dumps(item.error.as_dict()))
                continue
            article = item.article
            if article.id in self.skip or article.id in sources:
                _row(out, item.source, article.id, "unchanged")
                continue
            sources[article.id] = item.source
            todo.append((article, item.warnings))
        stored: dict[str, str | None] = {}
        if self.store is not None and todo:  # the database says what is stored, per unit
            stored = self.store.analyzer_keys([a.id for a, _ in todo])
            fresh = {i for i, k in stored.items() if k == self.key and not self.force}
            for article, _ in todo:
                if article.id in fresh:
                    _row(out, sources[article.id], article.id, "unchanged")
            todo = [(a, w) for a, w in todo if a.id not in fresh]
        result = analyze_batch(todo, self.nlp, batch_size=self.batch_size)
        for article, err in result.failed:
            _row(out, sources[article.id], article.id, "failed", json.dumps(err.as_dict()))
        if self.store is not None:
            self._write(result.records, stored, sources, out)
        else:
            shard = write_shard(self.staging, result.records) if result.records else ""
            for record in result.records:
                _row(out, sources[record.article.id], record.article.id, "stored", shard=shard)

    def _write(self, records, stored: dict, sources: dict, out: dict) -> None:
        """Write ``records`` to the database in one transaction (retried while busy)."""
        from dateline.store import with_retries

        changed = with_retries(lambda: self.store.put_many(records)) if records else []
        for record, wrote in zip(records, changed, strict=True):
            id_ = record.article.id
            status = ("reanalyzed" if id_ in stored else "added") if wrote else "unchanged"
            _row(out, sources[id_], id_, status)


class Worker:
    """The Ray actor: an :class:`Analyze` made on its first call from the object refs every
    call carries, ``[pipeline, skip]`` (in a list, so Ray passes them unresolved). So a
    restarted actor (its process died) loads the pipeline again from them, and no constructor
    argument lives in the object store: Ray cannot restart an actor whose constructor
    arguments were evicted from it (ray-project/ray#53727).

    >>> worker = Worker("shards/")
    >>> worker.analyze is None
    True
    """

    def __init__(self, *settings) -> None:
        # What loading needs, imported while the driver still pickles the pipeline
        import spacy  # noqa: F401

        import dateline.components  # noqa: F401
        import dateline.geo.gazetteer  # noqa: F401
        import dateline.pipeline  # noqa: F401

        self.settings = settings
        self.analyze: Analyze | None = None

    def load(self, shared: list) -> None:
        """Load the pipeline (once)."""
        if self.analyze is None:
            self.analyze = Analyze(shared[0], shared[1], *self.settings)

    def run(self, unit: str, shared: list) -> dict:
        """Analyze one unit (:func:`read_units`, as JSON); its status rows."""
        self.load(shared)
        return self.analyze({"unit": [unit]})


def _process_started() -> float | None:
    """When this process started (epoch seconds; Linux), else None."""
    try:
        stat = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        for line in Path("/proc/stat").read_text().splitlines():
            if line.startswith("btime "):
                return int(line.split()[1]) + int(stat[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None
    return None


def _row(out: dict, source: str, id_: str, status: str, error: str = "", shard: str = "") -> None:
    out["source"].append(source)
    out["id"].append(id_)
    out["status"].append(status)
    out["error"].append(error)
    out["shard"].append(shard)


def write_shard(staging: Path, records: Sequence[AnalysisRecord]) -> str:
    """Write ``records`` to a new Parquet shard under ``staging``, whole or not at all (a
    temporary name, renamed when complete). Returns the shard's file name.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> name = write_shard(folder, [AnalysisRecord(article=Article(id="a1", text="x"))])
    >>> [r.article.id for r in read_shard(folder / name)]
    ['a1']
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    staging.mkdir(parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}.parquet"
    table = pa.table(
        {
            "id": [r.article.id for r in records],
            "record": [r.model_dump_json() for r in records],
        }
    )
    tmp = staging / f".tmp-{name}"
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, staging / name)
    return name


def read_shard(path: Path) -> list[AnalysisRecord]:
    """The records of one shard."""
    import pyarrow.parquet as pq

    table = pq.read_table(path, columns=["record"])
    return [AnalysisRecord.model_validate_json(t) for t in table.column("record").to_pylist()]


# --------------------------------------------------------------------------- write


def staging_dir(db: str) -> Path:
    """Where the shards of a run on ``db`` wait for the writer: beside a database file (so a
    killed run's shards are found by the next), else in a temporary folder."""
    if db and db != ":memory:" and "://" not in db.replace("duckdb://", ""):
        path = Path(db.removeprefix("duckdb://"))
        return path.with_name(path.name + ".shards")
    import tempfile

    return Path(tempfile.mkdtemp(prefix="dateline-shards-"))


class ShardWriter:
    """The one writer: merges shards into the store through the run's sink, then deletes them.
    Shards queue until :data:`MERGE_ARTICLES` articles wait (:meth:`add`), then go in one
    transaction (:meth:`flush`): each transaction on a shared DuckDB file opens and syncs it.
    A killed driver leaves the queued shards on disk; the next run merges them first."""

    def __init__(self, sink, stored: dict[str, str | None], staging: Path) -> None:
        self.sink, self.stored, self.staging = sink, stored, staging
        self.merged: set[str] = set()
        self.queued: dict[str, None] = {}  # shard names, in arrival order
        self.waiting = 0  # articles in the queued shards

    def add(self, name: str) -> None:
        """One article of shard ``name`` arrived (every row names its shard)."""
        if name in self.merged:
            return
        self.queued.setdefault(name, None)
        self.waiting += 1
        if self.waiting >= MERGE_ARTICLES:
            self.flush()

    def flush(self) -> None:
        """Merge the queued shards in one transaction, then delete them."""
        names, self.queued, self.waiting = list(self.queued), {}, 0
        self._merge(names)

    def merge(self, name: str) -> None:
        """Merge one shard now."""
        if name not in self.merged:
            self._merge([name])

    def _merge(self, names: list[str]) -> None:
        from dateline.ingest import Pending

        if not names:
            return
        records = [r for name in names for r in read_shard(self.staging / name)]
        pending = {
            r.article.id: Pending(
                r.article.source_path or r.article.id, r.article.id in self.stored
            )
            for r in records
        }
        self.sink.write(records, pending)  # one transaction; then the shards may go
        for name in names:
            (self.staging / name).unlink()
            self.merged.add(name)

    def leftovers(self, on_error: Callable[[str, DatelineError], None] | None) -> int:
        """Merge the shards a killed run left; drop a broken one (its articles are not stored,
        so this run analyzes them again). Returns how many were merged."""
        if not self.staging.is_dir():
            return 0
        for tmp in self.staging.glob(".tmp-*"):
            tmp.unlink()
        count = 0
        for path in sorted(self.staging.glob("*.parquet")):
            try:
                self.merge(path.name)
            except (OSError, ValueError) as exc:  # a broken file: pyarrow raises these
                path.unlink(missing_ok=True)
                if on_error:
                    on_error(str(path), DatelineError.make("E805", path=path, detail=exc))
                continue
            count += 1
        return count


# --------------------------------------------------------------------------- run


@dataclass
class RunStats:
    """What a Ray run spent where, from the times every status row carries: per actor its
    start-up (created -> pipeline loaded), articles, and busy time (inside its calls) against
    the run's wall time; the driver's merging of shards.

    >>> stats = RunStats(began=0.0, ended=10.0)
    >>> stats.row({"pid": 7, "spawned": 0.5, "born": 1.0, "ready": 3.0, "began": 3.0, "ended": 9.0,
    ...            "born_cpu": 1.0, "ready_cpu": 2.5, "call_cpu": 5.5})
    >>> stats.summary()["actors"][0]["busy_fraction"]
    0.6
    """

    began: float
    ended: float = 0.0
    units: int = 0
    pipeline_bytes: int = 0
    pickle_cpu_s: float = 0.0
    merge_s: float = 0.0
    #: CPU seconds of the driver from connecting to the end (pickling and merging included)
    driver_cpu_s: float = 0.0
    #: driver milestones, seconds from the start: units cut, pipeline pickled, first row back
    marks: dict = field(default_factory=dict)
    #: pid -> {"born", "ready", "calls": {(began, ended)}, "articles"}
    actors: dict = field(default_factory=dict)

    def row(self, row) -> None:
        actor = self.actors.setdefault(
            int(row["pid"]),
            {
                "spawned": float(row["spawned"]),
                "born": float(row["born"]),
                "ready": float(row["ready"]),
                "born_cpu": float(row["born_cpu"]),
                "ready_cpu": float(row["ready_cpu"]),
                "calls": set(),
                "articles": 0,
            },
        )
        actor["calls"].add((float(row["began"]), float(row["ended"]), float(row["call_cpu"])))
        actor["articles"] += 1

    def summary(self) -> dict:
        """Seconds from the run's start; busy fractions of the run's wall time."""
        wall = max(self.ended - self.began, 1e-9)
        actors = []
        for pid, a in sorted(self.actors.items(), key=lambda kv: kv[1]["born"]):
            busy = sum(end - start for start, end, _ in a["calls"])
            cpu = sum(c for _, _, c in a["calls"])
            actors.append(
                {
                    "pid": pid,
                    "process_s": round(a["spawned"] - self.began, 2),
                    "created_s": round(a["born"] - self.began, 2),
                    "ready_s": round(a["ready"] - self.began, 2),
                    "startup_s": round(a["ready"] - a["born"], 2),
                    "import_cpu_s": round(a["born_cpu"], 2),
                    "startup_cpu_s": round(a["ready_cpu"] - a["born_cpu"], 2),
                    "first_call_s": round(min(s for s, _, _ in a["calls"]) - self.began, 2),
                    "last_end_s": round(max(e for _, e, _ in a["calls"]) - self.began, 2),
                    "units": len(a["calls"]),
                    "articles": a["articles"],
                    "busy_s": round(busy, 2),
                    "busy_fraction": round(busy / wall, 3),
                    "busy_cpu_s": round(cpu, 2),
                }
            )
        return {
            "wall_s": round(wall, 2),
            "units": self.units,
            "pipeline_mb": round(self.pipeline_bytes / 1e6, 1),
            "pickle_cpu_s": round(self.pickle_cpu_s, 2),
            "merge_s": round(self.merge_s, 2),
            "driver_cpu_s": round(self.driver_cpu_s, 2),
            **{f"{k}_s": round(v - self.began, 2) for k, v in self.marks.items()},
            "actors": actors,
        }


def run_ray(
    paths: Sequence[str],
    settings: Settings,
    nlp,
    overrides: Overrides | None,
    store,
    report,
    *,
    force: bool = False,
    on_error: Callable[[str, DatelineError], None] | None = None,
    progress: Callable | None = None,
    workers: int | None = None,
    address: str | None = None,
) -> list[AnalysisRecord]:
    """Run ingest on Ray (see the module's text); fills ``report`` as the local runner does
    and returns the records kept for linking. Joins the cluster at ``address`` (``auto``, a
    ``ray://`` URL), uses the one this process already started, or starts a local one with
    ``workers`` CPUs."""
    import ray

    from dateline.ingest import StoreSink

    sink = StoreSink(store, report)
    direct = direct_url(settings.db)
    staging = staging_dir(settings.db) if direct is None else Path(".")
    began, began_cpu = time.time(), time.process_time()
    started = _connect(ray, address, workers)
    try:
        size = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        # The actors start first: their processes import (about a second) while this process
        # reads the store's keys (merging what a killed run left) and pickles the pipeline;
        # they load it while this process cuts the units.
        pool = ActorPool(
            ray,
            size,
            (
                str(staging),
                settings.batch_size,
                direct,
                force,
                overrides or Overrides(),
                settings.max_bytes,
            ),
        )
        try:
            writer, skip = None, frozenset()
            if direct is None:  # one writer: this process, merging the workers' shards
                writer, skip = _one_writer(sink, staging, analyzer_of(nlp).key, force, on_error)
            cpu = time.process_time()
            shipped, gazetteer = ship_pipeline(nlp)
            stats = RunStats(began=began, pipeline_bytes=len(shipped) + len(gazetteer or b""))
            stats.marks["pickled"] = time.time()
            stats.pickle_cpu_s = time.process_time() - cpu
            pool.load([ray.put((shipped, gazetteer)), ray.put(skip)])
            del shipped, gazetteer
            _drive(pool, paths, size, report, writer, stats, progress, on_error)
        finally:
            pool.close()
        if writer is not None:
            merging = time.perf_counter()
            writer.flush()
            stats.merge_s += time.perf_counter() - merging
        stats.ended = time.time()
        stats.driver_cpu_s = time.process_time() - began_cpu
        report.runner = stats.summary()
    finally:
        if started:
            ray.shutdown()
    if direct is None and staging.is_dir() and not any(staging.iterdir()):
        staging.rmdir()
    return sink.kept


def _one_writer(sink, staging: Path, key: str, force: bool, on_error):
    """The driver as the one writer: the shards a killed run left merged first (not analyzed
    again), then the ids stored by this analyzer (``key``), which the actors skip."""
    stored = sink.store.analyzer_keys(sink.store.ids())
    writer = ShardWriter(sink, stored, staging)
    writer.leftovers(on_error)
    writer.stored = stored = sink.store.analyzer_keys(sink.store.ids())
    skip = frozenset() if force else frozenset(i for i, k in stored.items() if k == key)
    return writer, skip


def _drive(pool, paths, size, report, writer, stats, progress, on_error) -> None:
    """Cut the units (while the actors start), run them on ``pool`` and account every row."""
    from dateline.ingest import Progress, count_inputs

    units = read_units(paths, size)
    stats.units = len(units)
    stats.marks["cut"] = time.time()
    with Progress(progress, count_inputs(paths), report) as bar:
        for unit, rows in pool.map([json.dumps(unit) for unit in units]):
            if rows is None:  # the unit's worker died on every try
                report.fail(_unit_source(unit), pool.died(unit), on_error)
                bar.update()
                continue
            for i in range(len(rows["status"])):
                row = {k: v[i] for k, v in rows.items()}
                stats.row(row)
                stats.marks.setdefault("first_row", time.time())
                _account(row, report, writer, stats, on_error)
                bar.update()
            if writer is not None and pool.draining:
                # An actor is idle from now on: merge on its core instead of after the last
                # unit (the run's tail).
                merging = time.perf_counter()
                writer.flush()
                stats.merge_s += time.perf_counter() - merging


def _account(row: dict, report, writer, stats: RunStats, on_error) -> None:
    """One status row into the report (and its shard to the writer)."""
    status = str(row["status"])
    report.worker_rss = max(report.worker_rss, int(row["rss"]))
    if status == "stored":
        merging = time.perf_counter()
        writer.add(str(row["shard"]))
        stats.merge_s += time.perf_counter() - merging
    elif status in ("added", "reanalyzed"):  # written by the worker itself
        setattr(report, status, getattr(report, status) + 1)
        report.written.append(str(row["id"]))
    elif status == "unchanged":
        report.unchanged += 1
        report.skipped.append(str(row["id"]))
    elif status == "failed":
        error = DatelineError.from_dict(json.loads(str(row["error"])))
        report.fail(str(row["source"]), error, on_error)
    else:
        raise AssertionError(f"unknown status in {row}")


def _unit_source(unit: str) -> str:
    """Where a unit's articles come from, as a report names them: ``file.jsonl:12-40``, or its
    files."""
    fields = json.loads(unit)
    if fields[0] == "range":
        return f"{fields[1]}:{fields[4]}+"
    if fields[0] == "files":
        return ", ".join(fields[1][:3]) + (" ..." if len(fields[1]) > 3 else "")
    return str(fields[1])


#: A worker process that dies (killed, out of memory, crashed) is restarted by Ray, which
#: retries its unit this many times; then the unit's articles are reported (E806) and the run
#: goes on. A rerun tries them again.
UNIT_RETRIES = 3
#: The driver waits at most this long for any unit to finish (E807): long enough for a unit of
#: the longest articles on a loaded machine, short enough that a cluster without free CPUs (the
#: actors never start) or a hung worker does not hold a run forever.
STALL_S = 3600.0
#: How long one ``ray.wait`` blocks before the driver checks the stall bound again.
WAIT_S = 1.0


class ActorPool:
    """``size`` :class:`Worker` actors (one CPU and one loaded pipeline each), created and
    told to load at once, so they start while the driver goes on; :meth:`map` runs units on
    them, one in flight per actor: an idle actor takes the next unit, none waits queued behind
    a long one.

    Plain Ray actors, restarted when their process dies (``max_restarts=-1``; the restarted
    actor loads the pipeline again), the unit in flight retried (:data:`UNIT_RETRIES`)."""

    def __init__(self, ray, size: int, settings: tuple, actor: type | None = None) -> None:
        self.ray = ray
        remote = ray.remote(num_cpus=1, max_restarts=-1, max_task_retries=UNIT_RETRIES)(
            actor or Worker
        )
        self.actors = [remote.remote(*settings) for _ in range(size)]
        self.shared: list = []
        self.errors: dict[str, str] = {}
        #: no unit is left to hand out: an actor is (or is about to be) idle
        self.draining = False

    def load(self, shared: list) -> None:
        """Have every actor load the pipeline from ``shared`` (object refs: the shipped
        pipeline, the ids to skip), held for the run: a restarted actor loads from them."""
        self.shared = shared
        self.loading = [actor.load.remote(shared) for actor in self.actors]

    def map(self, units: Sequence[str]) -> Iterator[tuple[str, dict | None]]:
        """(unit, its status rows) as units finish, in any order; rows None when its worker
        died on every try (:meth:`died` says why)."""
        ray = self.ray
        todo = list(reversed(units))  # popped from the end: heaviest first
        flight: dict = {}
        for actor in self.actors:
            if todo:
                unit = todo.pop()
                flight[actor.run.remote(unit, self.shared)] = (actor, unit)
        last = time.monotonic()
        while flight:
            done, _ = ray.wait(list(flight), num_returns=1, timeout=WAIT_S)
            if not done:
                if time.monotonic() - last > STALL_S:
                    raise DatelineError.make("E807", seconds=int(STALL_S), units=len(flight))
                continue
            last = time.monotonic()
            for ref in done:
                actor, unit = flight.pop(ref)
                try:
                    rows = ray.get(ref, timeout=WAIT_S)
                except (ray.exceptions.RayActorError, ray.exceptions.WorkerCrashedError) as exc:
                    self.errors[unit] = " ".join(str(exc).split())[:200]
                    rows = None
                self.draining = not todo
                yield unit, rows
                if todo:
                    unit = todo.pop()
                    flight[actor.run.remote(unit, self.shared)] = (actor, unit)

    def died(self, unit: str) -> DatelineError:
        """The error of a unit whose worker died on every try."""
        return DatelineError.make(
            "E806",
            source=_unit_source(unit),
            tries=UNIT_RETRIES + 1,
            detail=self.errors.get(unit, ""),
        )

    def close(self) -> None:
        """End the actors (their processes go back to the cluster)."""
        for actor in self.actors:
            self.ray.kill(actor, no_restart=True)


def direct_url(db: str) -> str | None:
    """``db`` when every worker can write it directly (PostgreSQL), else None (DuckDB takes
    one writer: the workers write shards, the driver merges them).

    >>> direct_url("postgresql://host/news"), direct_url("news.duckdb")
    ('postgresql://host/news', None)
    """
    return db if db.startswith(("postgresql://", "postgres://")) else None


def _connect(ray, address: str | None, workers: int | None) -> bool:
    """Connect to Ray; True when this call started the (local) cluster."""
    if ray.is_initialized():
        return False
    try:
        if address:
            ray.init(address=address, log_to_driver=False, logging_level="warning")
        else:
            ray.init(
                num_cpus=workers,
                include_dashboard=False,
                log_to_driver=False,
                logging_level="warning",
            )
    except Exception as exc:  # noqa: BLE001 -- any start failure is the same advice
        raise DatelineError.make("E804", detail=" ".join(str(exc).split())[:300]) from exc
    return True

"""``dateline ingest --runner ray``: read -> ``map_batches`` on an actor pool -> one writer.

On Ray Data:

- **read**: :class:`ArticleSource`, a Ray datasource whose read tasks run the ordinary reader
  (:func:`dateline.article.read.read_articles`) over groups of files, and over byte ranges of
  big JSONL files (a range starts at a line; its line numbers are counted up front, so sources
  read ``file.jsonl:N`` as in a local run). Read errors travel as rows.
- **analyze**: ``map_batches`` with a pool of ``workers`` actors (:class:`Analyze`), each holding
  one loaded analysis pipeline (the driver's, shipped once through the object store). An actor
  skips the articles stored by this analyzer (the driver's snapshot of the store's keys),
  analyzes the rest with :func:`dateline.pipeline.analyze_batch` and writes the records of the
  batch to one Parquet shard (written to a temporary name, then renamed: a shard is whole or
  absent). It returns one small row per article: stored / unchanged / failed (with its error).
- **write**: with DuckDB (one writer per file) the driver is the writer: it merges each
  shard into the store in one transaction as soon as a row names it, then deletes it. With
  PostgreSQL (``--db postgresql://...``) there are no shards: each actor asks the database
  which of its batch are stored by this analyzer and writes the rest in one transaction.

Guarantees, as the local runner's: *idempotent* (stored by this analyzer -> skipped; a shard
merged twice changes nothing, the store replaces by article id and digest); *resumable* (kill
the driver: the shards written survive in ``<db>.shards/`` and the next run merges them first,
then analyzes only what is missing; kill a worker: Ray restarts the actor and retries its batch,
and if the run fails anyway, rerunning finishes it); *per-article errors* (E1xx from reading,
E801 from analysis, reported through ``on_error`` like the local runner's).
"""

from __future__ import annotations

import json
import os
import pickle
import resource
import uuid
from collections.abc import Callable, Iterator, Sequence
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
from dateline.errors import MESSAGES, DatelineError, TerminalError, TransientError
from dateline.records import AnalysisRecord, Article

#: Articles per ``map_batches`` call: one shard, one transaction in the writer.
SHARD_ARTICLES = 16
#: Lines of a JSONL file one read task takes: one batch, so that every actor gets work (a read
#: task's blocks travel as one bundle to one actor).
RANGE_LINES = SHARD_ARTICLES
#: Files (not JSONL) one read task reads.
FILES_PER_TASK = SHARD_ARTICLES


# --------------------------------------------------------------------------- read


def read_units(paths: Sequence[str], max_bytes: int) -> list[tuple]:
    """The read tasks' work: ``("files", [path, ...])``, ``("range", path, start, end, line)``
    for a piece of a JSONL file, or ``("missing", spec)``.

    >>> read_units(["no/such/file.txt"], 100)
    [('missing', 'no/such/file.txt')]
    """
    units: list[tuple] = []
    files: list[str] = []
    for path, missing in expand_paths(paths):
        if missing is not None:
            units.append(("missing", path))
        elif path != "-" and Path(path).suffix.lower() in JSONL_SUFFIXES and _line_safe(path):
            units.extend(_ranges(path))
        else:
            files.append(path)
            if len(files) == FILES_PER_TASK:
                units.append(("files", files))
                files = []
    if files:
        units.append(("files", files))
    return units


def _ranges(path: str, lines: int | None = None) -> Iterator[tuple]:
    """Byte ranges of ``lines`` lines (:data:`RANGE_LINES`), each with its first line's number."""
    lines = lines or RANGE_LINES
    start = offset = 0
    first = line = 1
    with open(path, "rb") as fh:
        for raw in fh:
            offset += len(raw)
            line += 1
            if line - first >= lines:
                yield ("range", path, start, offset, first)
                start, first = offset, line
    if offset > start:
        yield ("range", path, start, offset, first)


def read_unit(unit: tuple, overrides: Overrides, max_bytes: int) -> Iterator[Item]:
    """The items of one read unit (see :func:`read_units`)."""
    kind = unit[0]
    if kind == "missing":
        yield from read_articles([unit[1]], overrides, max_bytes)
    elif kind == "files":
        yield from read_articles(unit[1], overrides, max_bytes)
    else:
        _, path, start, end, line = unit
        yield from _stream_jsonl(path, overrides, max_bytes, start=start, end=end, line=line)


def item_row(item: Item) -> dict:
    """One read item as a row of strings (what travels between Ray tasks); "" for none (a
    column of nulls only would change type between blocks)."""
    return {
        "source": item.source,
        "article": item.article.model_dump_json() if item.article is not None else "",
        "warnings": json.dumps(item.warnings),
        "error": json.dumps(item.error.as_dict()) if item.error is not None else "",
    }


def error_of(text: str) -> DatelineError:
    """The error a row carries, rebuilt from its code, message and fix."""
    fields = json.loads(text)
    spec = MESSAGES.get(fields["code"])
    cls = TransientError if spec is not None and not spec.terminal else TerminalError
    return cls(fields["code"], fields["message"], fields["fix"])


def article_source(units: list[tuple], overrides: Overrides, max_bytes: int):
    """A Ray datasource over ``units``: one read task per unit."""
    import pyarrow as pa
    from ray.data.block import BlockMetadata
    from ray.data.datasource import Datasource, ReadTask

    class ArticleSource(Datasource):
        def estimate_inmemory_data_size(self) -> int | None:
            return None

        def get_read_tasks(self, parallelism, per_task_row_limit=None, data_context=None):
            tasks = []
            for unit in units:

                def read(unit=unit):
                    rows = [item_row(i) for i in read_unit(unit, overrides, max_bytes)]
                    for k in range(0, len(rows), SHARD_ARTICLES):
                        yield pa.Table.from_pylist(rows[k : k + SHARD_ARTICLES])

                meta = BlockMetadata(
                    num_rows=None, size_bytes=None, exec_stats=None, input_files=None
                )
                tasks.append(ReadTask(read, meta))
            return tasks

    return ArticleSource()


# --------------------------------------------------------------------------- analyze


class Analyze:
    """The ``map_batches`` actor: one loaded pipeline, batches in, a shard and status rows out.

    Usable without Ray (the tests call it directly)::

        analyze = Analyze(nlp, skip=frozenset(), staging="shards/")
        rows = analyze({"source": [...], "article": [...], "warnings": [...], "error": [...]})
    """

    def __init__(
        self,
        nlp,
        skip,
        staging: str,
        batch_size: int = 16,
        db: str | None = None,
        force: bool = False,
    ) -> None:
        import ray

        nlp = ray.get(nlp) if isinstance(nlp, ray.ObjectRef) else nlp
        # Shipped as pickled bytes: a pipeline fetched zero-copy from the object store would
        # have read-only weight arrays, which the model refuses ("buffer ... is read-only").
        self.nlp = pickle.loads(nlp) if isinstance(nlp, bytes) else nlp
        self.skip = ray.get(skip) if isinstance(skip, ray.ObjectRef) else skip
        self.staging = Path(staging)
        self.batch_size = batch_size
        self.force = force
        #: a database every worker may write (PostgreSQL): records go there, not to shards
        self.store = None
        if db is not None:
            from dateline.store import open_store, with_retries

            self.store = with_retries(lambda: open_store(db))
            self.key = analyzer_of(self.nlp).key

    def __call__(self, batch: dict) -> dict:
        from dateline.pipeline import analyze_batch

        out: dict[str, list] = {"source": [], "id": [], "status": [], "error": [], "shard": []}
        todo: list[tuple[Article, list[dict]]] = []
        sources: dict[str, str] = {}
        for source, article, warnings, error in zip(
            batch["source"], batch["article"], batch["warnings"], batch["error"], strict=True
        ):
            if error:
                _row(out, source, "", "failed", error)
                continue
            parsed = Article.model_validate_json(article)
            if parsed.id in self.skip or parsed.id in sources:
                _row(out, source, parsed.id, "unchanged")
                continue
            sources[parsed.id] = source
            todo.append((parsed, json.loads(warnings)))
        stored: dict[str, str | None] = {}
        if self.store is not None and todo:  # the database says what is stored, per batch
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
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB
        out["rss"] = [rss] * len(out["source"])
        out["pid"] = [os.getpid()] * len(out["source"])
        return out

    def _write(self, records, stored: dict, sources: dict, out: dict) -> None:
        """Write ``records`` to the database in one transaction (retried while busy)."""
        from dateline.store import with_retries

        changed = with_retries(lambda: self.store.put_many(records)) if records else []
        for record, wrote in zip(records, changed, strict=True):
            id_ = record.article.id
            status = ("reanalyzed" if id_ in stored else "added") if wrote else "unchanged"
            _row(out, sources[id_], id_, status)


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
    """The one writer: merges shards into the store through the run's sink, then deletes them."""

    def __init__(self, sink, stored: dict[str, str | None], staging: Path) -> None:
        self.sink, self.stored, self.staging = sink, stored, staging
        self.merged: set[str] = set()

    def merge(self, name: str) -> None:
        from dateline.ingest import Pending

        if name in self.merged:
            return
        path = self.staging / name
        records = read_shard(path)
        pending = {
            r.article.id: Pending(
                r.article.source_path or r.article.id, r.article.id in self.stored
            )
            for r in records
        }
        self.sink.write(records, pending)  # one transaction; then the shard may go
        path.unlink()
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

    from dateline.ingest import Progress, StoreSink, count_inputs

    sink = StoreSink(store, report)
    direct = direct_url(settings.db)
    staging = staging_dir(settings.db) if direct is None else Path(".")
    skip: frozenset[str] = frozenset()
    writer = None
    if direct is None:  # one writer: this process, merging the workers' shards
        stored = store.analyzer_keys(store.ids())
        writer = ShardWriter(sink, stored, staging)
        writer.leftovers(on_error)  # what a killed run analyzed is stored first, not redone
        stored = store.analyzer_keys(store.ids())
        writer.stored = stored
        key = analyzer_of(nlp).key
        skip = frozenset() if force else frozenset(i for i, k in stored.items() if k == key)

    started = _connect(ray, address, workers)
    try:
        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = False
        ctx.print_on_execution_start = False
        size = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        units = read_units(paths, settings.max_bytes)
        if not units:
            return sink.kept
        ds = ray.data.read_datasource(
            article_source(units, overrides or Overrides(), settings.max_bytes),
            num_cpus=0,  # reading is light; every CPU goes to the analysis actors
            override_num_blocks=len(units),
        )
        ds = ds.map_batches(
            Analyze,
            fn_constructor_args=(
                ray.put(pickle.dumps(nlp)),
                ray.put(skip),
                str(staging),
                settings.batch_size,
                direct,
                force,
            ),
            batch_size=SHARD_ARTICLES,
            batch_format="numpy",
            # Ray Data restarts a killed actor (max_restarts=-1) and retries its batch.
            compute=ray.data.ActorPoolStrategy(size=size),
            num_cpus=1,
        )
        with Progress(progress, count_inputs(paths), report) as bar:
            for row in ds.iter_rows():
                status = str(row["status"])
                report.worker_rss = max(report.worker_rss, int(row["rss"]))
                if status == "stored":
                    writer.merge(str(row["shard"]))
                elif status in ("added", "reanalyzed"):  # written by the worker itself
                    setattr(report, status, getattr(report, status) + 1)
                    report.written.append(str(row["id"]))
                elif status == "unchanged":
                    report.unchanged += 1
                    report.skipped.append(str(row["id"]))
                elif status == "failed":
                    report.fail(str(row["source"]), error_of(str(row["error"])), on_error)
                else:
                    raise AssertionError(f"unknown status in {row}")
                bar.update()
    finally:
        if started:
            ray.shutdown()
    if direct is None and staging.is_dir() and not any(staging.iterdir()):
        staging.rmdir()
    return sink.kept


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

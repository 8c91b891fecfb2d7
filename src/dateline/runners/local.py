"""The local runner's worker processes: ``dateline ingest --processes N`` with N > 1.

Each worker process runs the whole per-article analysis, record assembly included
(:func:`dateline.pipeline.analyze_batch`), and sends back plain serialized records (the
record's JSON) and the numbered errors of the articles that failed. The parent process only
reads, plans, decodes and writes to the store, so it is no bottleneck: it does a few percent
of the work.

- **Order and equality**: batches come out in input order, and the records are those a
  1-process run makes (JSON is the record's own lossless form; ``tests/test_ingest.py``
  compares the two runs).
- **Bounded memory**: each worker holds at most :data:`QUEUED_PER_WORKER` tasks of ``size``
  articles, and at most :data:`HELD_PER_WORKER` tasks per worker are in flight or waiting
  to be written in order.
- **Failures**: an article whose analysis fails becomes its E801 (or its own numbered error)
  in the worker, as in one process. A task a worker could not finish (a crash that takes the
  whole worker process down, an error outside the per-article guard) is analyzed again in
  this process, so nothing is lost; the other workers go on.
- **Start**: workers are forked where the platform can (Linux), so the loaded pipeline and
  the gazetteer, loaded before forking, are shared and not pickled; elsewhere they are
  spawned with the pickled pipeline.

>>> import spacy
>>> from dateline.records import Article
>>> items = ((Article(id=f"a{k}", text="Talks resumed."), []) for k in range(5))
>>> [len(b) for b in analyze_parallel(items, spacy.blank("en"), processes=2, size=2)]
[2, 2, 1]
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import queue
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from multiprocessing.connection import wait

from dateline.errors import DatelineError
from dateline.pipeline import Batch, analysis_pipeline, analyze_batch
from dateline.records import AnalysisRecord, Article

#: Tasks handed to one worker ahead of its results (one running, the next one queued).
QUEUED_PER_WORKER = 2
#: Tasks per worker in flight or done but waiting for an earlier one (output is in order).
HELD_PER_WORKER = 8
#: Seconds the parent waits for a result before it looks whether a worker died (and a worker
#: for a task before it looks whether its parent did).
_POLL = 1.0
#: Seconds to wait for workers to end (and for their last messages) before ending them.
_STOP = 5.0


def analyze_parallel(
    articles: Iterable[tuple[Article, list[dict]]],
    nlp,
    *,
    processes: int = 2,
    size: int = 16,
    batch_size: int = 16,
    timings: dict | None = None,
) -> Iterator[Batch]:
    """:func:`dateline.pipeline.analyze_batch` over a stream, in ``processes`` worker processes:
    tasks of ``size`` (article, read-time warnings), read lazily, each analyzed whole in one
    worker; their :class:`~dateline.pipeline.Batch` es come out in input order, for a sink to
    store (one transaction each).

    ``timings``, when given, gathers the workers' seconds per stage (summed over workers), their
    record encoding (``encode``), and this process's reading (``read``, the input iterator)
    and decoding (``decode``).
    """
    ctx = _context()
    forked = ctx.get_start_method() == "fork"
    timed = timings is not None
    started = []  # (process, its task pipe's write end, its result pipe's read end)
    # Loaded and frozen before forking: the workers share it; this process thaws it after.
    with settled(analysis_pipeline(nlp)) as nlp:
        for k in range(max(1, processes)):
            # Each worker has two pipes of its own, one per direction: a worker that dies, even
            # in the middle of a message, breaks only its own pipes, never another's.
            task_get, task_put = ctx.Pipe(duplex=False)
            result_get, result_put = ctx.Pipe(duplex=False)
            # a forked worker closes its copies of this process's ends: its own, and those of
            # the workers forked before it
            theirs = [c for _, put, get in started for c in (put, get)] + [task_put, result_get]
            proc = ctx.Process(
                target=_work,
                args=(task_get, result_put, theirs if forked else [], nlp, batch_size, timed),
                name=f"dateline-worker-{k}",
                daemon=True,
            )
            proc.start()
            # This process keeps only its own ends, so a worker's death reads as end-of-file.
            task_get.close()
            result_put.close()
            started.append((proc, task_put, result_get))
    # the sending threads start after the last fork: no worker is forked beside a thread
    workers = [_Worker(proc, _Outbox(put), get) for proc, put, get in started]
    todo = iter(articles)
    held: dict[int, list[tuple[Article, list[dict]]]] = {}  # seq -> its items, until yielded
    done: dict[int, Batch] = {}
    next_seq = out_seq = 0
    exhausted = False

    def submit(worker: _Worker) -> bool:
        nonlocal next_seq, exhausted
        if exhausted or len(held) >= HELD_PER_WORKER * len(workers):
            return False
        start = time.perf_counter()
        items = list(islice(todo, size))
        _add(timings, "read", time.perf_counter() - start)
        if not items:
            exhausted = True
            return False
        held[next_seq] = items
        worker.owns.add(next_seq)
        worker.outbox.put((next_seq, items))
        next_seq += 1
        return True

    def receive(worker: _Worker, message) -> None:
        seq, encoded, failed, worker_timings, error = message
        worker.owns.discard(seq)
        if error is not None:
            done[seq] = analyze_batch(held[seq], nlp, batch_size=batch_size)
            return
        start = time.perf_counter()
        done[seq] = _decode(held[seq], encoded, failed)
        _add(timings, "decode", time.perf_counter() - start)
        for name, seconds in (worker_timings or {}).items():
            _add(timings, name, seconds)

    def bury(worker: _Worker) -> None:
        """A worker that died (killed, crashed): what it sent whole is kept, the tasks it did
        not finish are analyzed in this process, so nothing is lost; the others go on."""
        for message in _drain(worker.results):
            receive(worker, message)
        worker.alive = False
        for seq in sorted(worker.owns):
            done[seq] = analyze_batch(held[seq], nlp, batch_size=batch_size)
        worker.owns.clear()

    try:
        while True:
            for worker in workers:
                while worker.alive and len(worker.owns) < QUEUED_PER_WORKER and submit(worker):
                    pass
            if not held:
                return
            if out_seq in done:
                pass
            elif not any(w.alive and w.owns for w in workers):
                # every worker is gone, or the next batch is no worker's: do it here
                for seq in sorted(set(held) - set(done)):
                    done[seq] = analyze_batch(held[seq], nlp, batch_size=batch_size)
            else:
                alive = [w for w in workers if w.alive]
                ready = set(
                    wait([w.results for w in alive] + [w.proc.sentinel for w in alive], _POLL)
                )
                for worker in alive:
                    if worker.results in ready:
                        try:
                            receive(worker, worker.results.recv())
                        except (EOFError, OSError):  # its pipe ended: the worker is gone
                            bury(worker)
                    elif worker.proc.sentinel in ready:
                        bury(worker)
            while out_seq in done:
                batch = done.pop(out_seq)
                del held[out_seq]
                out_seq += 1
                yield batch
    finally:
        _stop(workers)


class _Worker:
    def __init__(self, proc, outbox: _Outbox, results) -> None:
        self.proc, self.outbox, self.results = proc, outbox, results
        self.owns: set[int] = set()
        self.alive = True


class _Outbox:
    """Messages sent down a one-way pipe by a thread of its own, in order, so that the sender
    never waits for a busy reader (a worker goes on with its next task while the parent
    writes to the store; the parent goes on while a worker is busy). A reader that is gone
    ends the thread (broken pipe); :meth:`close` waits for the rest at most ``timeout``."""

    _END = object()

    def __init__(self, conn) -> None:
        self.conn = conn
        self.pending: queue.SimpleQueue = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._run, name="dateline-outbox", daemon=True)
        self.thread.start()

    def put(self, message) -> None:
        self.pending.put(message)

    def close(self, timeout: float) -> None:
        self.pending.put(self._END)
        self.thread.join(timeout)

    def _run(self) -> None:
        while (message := self.pending.get()) is not self._END:
            try:
                _send(self.conn, message)
            except (OSError, ValueError):  # the reader is gone
                return


def _send(conn, message) -> None:
    conn.send(message)


def _drain(conn) -> Iterator:
    """The whole messages left in a dead worker's pipe; a message it died while sending ends
    the pipe (the end-of-file is read, never waited for: nobody else holds its write end)."""
    try:
        while conn.poll(0):
            yield conn.recv()
    except (EOFError, OSError):
        return


def _work(tasks, results, theirs, nlp, batch_size: int, timed: bool) -> None:
    """A worker's loop: analyze each task whole and send back its records' JSON. It ends on
    None, or soon after its parent is gone (killed: nobody would read its results)."""
    for conn in theirs:  # the parent's pipe ends a forked worker inherited
        conn.close()
    parent = os.getppid()
    outbox = _Outbox(results)
    try:
        while True:
            if not tasks.poll(_POLL):
                if os.getppid() != parent:
                    return
                continue
            try:
                task = tasks.recv()
            except (EOFError, OSError):  # the parent is gone
                return
            if task is None:
                return
            seq, items = task
            try:
                timings: dict | None = {} if timed else None
                batch = analyze_batch(items, nlp, batch_size=batch_size, timings=timings)
                start = time.perf_counter()
                encoded = [record.model_dump_json() for record in batch.records]
                failed = [(article.id, error.as_dict()) for article, error in batch.failed]
                if timings is not None:
                    timings["encode"] = time.perf_counter() - start
                outbox.put((seq, encoded, failed, timings, None))
            except Exception as exc:  # noqa: BLE001 -- the parent analyzes the task again itself
                outbox.put((seq, None, None, None, f"{type(exc).__name__}: {exc}"))
    finally:
        outbox.close(timeout=_STOP)


def _decode(
    items: list[tuple[Article, list[dict]]], encoded: list[str], failed: list[tuple[str, dict]]
) -> Batch:
    articles = {article.id: article for article, _ in items}
    return Batch(
        records=[AnalysisRecord.model_validate_json(text) for text in encoded],
        failed=[(articles[id_], DatelineError.from_dict(fields)) for id_, fields in failed],
    )


def _stop(workers: list[_Worker]) -> None:
    """Ask every worker to end, wait for them at most :data:`_STOP` seconds, then end them."""
    for worker in workers:
        if worker.alive:
            worker.outbox.put(None)
    deadline = time.monotonic() + _STOP
    for worker in workers:
        worker.outbox.close(timeout=max(0.0, deadline - time.monotonic()))
        worker.proc.join(timeout=max(0.0, deadline - time.monotonic()))
        if worker.proc.is_alive():
            worker.proc.terminate()
            worker.proc.join(timeout=_STOP)
        if worker.proc.is_alive():
            worker.proc.kill()
            worker.proc.join(timeout=_STOP)
        worker.results.close()  # a worker still sending gets a broken pipe, not a wait
        worker.outbox.conn.close()


def _context():
    """Fork where the platform has it (the loaded pipeline is shared), else spawn."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


@contextmanager
def settled(nlp) -> Iterator:
    """``nlp`` with the gazetteer and country tables its components share loaded, and every
    object loaded so far frozen out of the cyclic GC's scans (:func:`gc.freeze`) while the
    block runs: the model and the gazetteer are millions of long-lived objects that each full
    collection would walk again, and that forked workers would copy as the collector touches
    them. On leaving, they are thawed (:func:`gc.unfreeze`), so the process collects as usual.

    >>> import gc, spacy
    >>> with settled(spacy.blank("en")) as nlp:
    ...     gc.get_freeze_count() > 0
    True
    """
    for name in nlp.pipe_names:
        knowledge = getattr(nlp.get_pipe(name), "knowledge", None)
        if knowledge is not None:
            knowledge.gazetteer  # noqa: B018 -- loads it
            knowledge.countries  # noqa: B018
            break
    gc.freeze()
    try:
        yield nlp
    finally:
        gc.unfreeze()


def _add(timings: dict | None, name: str, seconds: float) -> None:
    if timings is not None:
        timings[name] = timings.get(name, 0.0) + seconds

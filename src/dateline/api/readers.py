"""Stores for the API's worker threads: opened on demand, kept while no writer waits.

A DuckDB file has one writer *or* any number of readers (processes included), never both.
Reopening a file costs far more than a request (~150 ms on a busy 2-core machine), so the pool
keeps its read connections open, and lets go of the file when a writer needs it: a writer
that finds the file held creates ``<db>.wants-write`` (see
:func:`dateline.store.duckdb.wants_write_marker`), and every lease first checks it (one
``stat``). When it is there, new requests wait while the ones in flight finish, every
connection is closed, and the pool opens again once the writer has the file and is done
(opening is retried with backoff for about ``wait`` seconds, then the request fails with E301,
a transient error: HTTP 503 with Retry-After). A writer that does not say so (another tool)
still gets its turn: the pool lets go of the file when it has been open ``hold`` seconds, and
whenever no request has come for ``idle`` seconds.

Each (re)opening starts a new :attr:`StorePool.generation`: as no one can write the file while
the pool holds it, whatever is computed from the store within one generation (a total count)
stays true for that generation. A PostgreSQL store has no such lock: its connections are
kept, and its generation never changes (nothing may be cached on it).

>>> from dateline.records import AnalysisRecord, Article
>>> pool = StorePool(":memory:", read_only=False)
>>> with pool.lease() as store:
...     store.put(AnalysisRecord(article=Article(id="a1", text="Hi.")))
True
>>> pool.close()
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from dateline.errors import TransientError
from dateline.store import Store, open_store, with_retries
from dateline.store.duckdb import writer_waits


def _shares_a_file(url: str) -> bool:
    """True for a DuckDB file (one writer or many readers); False for a server or ``:memory:``."""
    return url != ":memory:" and not url.startswith(("postgresql://", "postgres://"))


class StorePool:
    """Open stores for concurrent requests; see the module docstring for the DuckDB cycle.

    ``opener(url, read_only=..., **options)`` opens one store
    (:func:`dateline.store.open_store`; ``threads`` is passed on for DuckDB when given);
    ``clock`` tells the time in seconds (tests pass their own); ``writer_waits(path)`` says
    whether a writer waits for the file.
    """

    def __init__(
        self,
        url: str | Path,
        *,
        read_only: bool = True,
        hold: float = 60.0,
        idle: float = 1.0,
        gap: float = 0.05,
        wait: float = 3.0,
        threads: int | None = None,
        opener: Callable[..., Store] = open_store,
        clock: Callable[[], float] = time.monotonic,
        writer_waits: Callable[[str], bool] = writer_waits,
    ) -> None:
        self.url = str(url)
        self.read_only = read_only
        shares = _shares_a_file(self.url)
        self.hold = hold if shares else None
        self.idle = idle
        self.gap = gap
        self.wait = wait
        self.threads = threads
        self._shares = shares
        self._opener = opener
        self._clock = clock
        self._writer_waits = writer_waits
        self._cond = threading.Condition()
        self._idle: list[Store] = []
        self._busy = 0
        self._opened_at: float | None = None
        self._used_at = 0.0
        self._draining = False
        self._reaper: threading.Thread | None = None
        self._stop_reaper = threading.Event()
        #: bumped whenever the pool lets go of a DuckDB file (someone may have written it since)
        self.generation = 0

    # --- leasing

    @contextmanager
    def lease(self) -> Iterator[Store]:
        """A store for this thread until the block ends (then it goes back to the pool)."""
        store = self._acquire()
        healthy = True
        try:
            yield store
        except TransientError:
            healthy = False  # a connection that hit a lock or a dropped server is not reused
            raise
        finally:
            self._release(store, healthy)

    def _acquire(self) -> Store:
        self._start_reaper()
        writer = self._shares and self._writer_waits(self.url)
        with self._cond:
            while self._draining:
                self._cond.wait()
            if writer or self._expired():
                self._drain(writer)
            self._busy += 1
            if self._idle:
                return self._idle.pop()
        try:
            store = self._open()
        except BaseException:
            with self._cond:
                self._busy -= 1
                self._cond.notify_all()
            raise
        with self._cond:
            if self._opened_at is None:
                self._opened_at = self._clock()
        return store

    def _release(self, store: Store, healthy: bool) -> None:
        with self._cond:
            self._busy -= 1
            self._used_at = self._clock()
            if healthy:
                self._idle.append(store)
            else:
                store.close()
            self._cond.notify_all()

    def _open(self) -> Store:
        attempts, delay, total = 1, 0.05, 0.0
        while total + delay * 2 ** (attempts - 1) <= self.wait:
            total += delay * 2 ** (attempts - 1)
            attempts += 1
        options = {"threads": self.threads} if self.threads and self._shares else {}
        return with_retries(
            lambda: self._opener(self.url, read_only=self.read_only, **options),
            attempts=attempts,
            delay=delay,
        )

    def bump(self) -> None:
        """Start a new generation (this process wrote the store through the pool)."""
        with self._cond:
            self.generation += 1

    # --- letting go of the file (DuckDB)

    def _expired(self) -> bool:
        return (
            self.hold is not None
            and self._opened_at is not None
            and self._clock() - self._opened_at > self.hold
        )

    def _drain(self, writer: bool = False) -> None:
        """Wait for the requests in flight, close every store, then keep the file free for
        ``gap`` seconds, or while a writer says it waits (``wait`` seconds at most).

        Called with the condition held; other requests wait on ``_draining`` meanwhile.
        """
        self._draining = True
        try:
            while self._busy:
                self._cond.wait()
            self._close_idle()
            until = time.monotonic() + self.gap
            while (left := until - time.monotonic()) > 0:
                self._cond.wait(left)
            until = time.monotonic() + self.wait
            while writer and time.monotonic() < until and self._writer_waits(self.url):
                self._cond.wait(0.02)
        finally:
            self._draining = False
            self._cond.notify_all()

    def _close_idle(self) -> None:
        if self._idle or self._opened_at is not None:
            self.generation += 1
        for store in self._idle:
            store.close()
        self._idle.clear()
        self._opened_at = None

    def _start_reaper(self) -> None:
        if self.hold is None or self._reaper is not None:
            return
        with self._cond:
            if self._reaper is not None:
                return
            self._stop_reaper = threading.Event()
            self._reaper = threading.Thread(
                target=self._reap,
                args=(self._stop_reaper,),
                name="dateline-store-reaper",
                daemon=True,
            )
            self._reaper.start()

    def _reap(self, stop: threading.Event) -> None:
        """Close the idle stores when no request needs them: the generation has expired, a
        writer waits, or no request came for ``idle`` seconds."""
        assert self.hold is not None
        tick = min(self.hold, self.idle) / 4
        with self._cond:
            while not stop.is_set():
                if self._idle and not self._busy and not self._draining:
                    quiet = self._clock() - self._used_at > self.idle
                    if quiet or self._expired() or self._writer_waits(self.url):
                        self._close_idle()
                self._cond.wait(tick)

    def close(self) -> None:
        """Close every idle store and stop the reaper (a later lease opens and starts anew)."""
        with self._cond:
            self._stop_reaper.set()
            self._close_idle()
            self._cond.notify_all()
            reaper, self._reaper = self._reaper, None
        if reaper is not None:
            reaper.join(timeout=2)

    @property
    def open_count(self) -> int:
        """How many stores are open now (idle or leased)."""
        with self._cond:
            return len(self._idle) + self._busy

"""Stores for the API's worker threads: opened on demand, shared a short while, then let go.

A DuckDB file has one writer *or* any number of readers, never both, so a server that kept
its connections open would lock out ``dateline ingest`` for good. The pool therefore holds a
file for at most ``hold`` seconds at a time: after that, new requests wait while the ones in
flight finish, every connection is closed, and the file stays free for ``gap`` seconds (a
writer waiting to store its next chunk gets in then); an idle pool lets go of the file on its
own. While a writer holds the file, opening is retried with backoff for about ``wait``
seconds, then the request fails with E301, a transient error (HTTP 503 with Retry-After).

A PostgreSQL store has no such lock: its connections are kept.

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


def _shares_a_file(url: str) -> bool:
    """True for a DuckDB file (one writer or many readers); False for a server or ``:memory:``."""
    return url != ":memory:" and not url.startswith(("postgresql://", "postgres://"))


class StorePool:
    """Open stores for concurrent requests; see the module docstring for the DuckDB cycle.

    ``opener(url, read_only=...)`` opens one store (:func:`dateline.store.open_store`);
    ``clock`` tells the time in seconds (tests pass their own).
    """

    def __init__(
        self,
        url: str | Path,
        *,
        read_only: bool = True,
        hold: float = 1.0,
        gap: float = 0.05,
        wait: float = 3.0,
        opener: Callable[..., Store] = open_store,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.url = str(url)
        self.read_only = read_only
        self.hold = hold if _shares_a_file(self.url) else None
        self.gap = gap
        self.wait = wait
        self._opener = opener
        self._clock = clock
        self._cond = threading.Condition()
        self._idle: list[Store] = []
        self._busy = 0
        self._opened_at: float | None = None
        self._draining = False
        self._reaper: threading.Thread | None = None
        self._stop_reaper = threading.Event()

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
        with self._cond:
            while self._draining:
                self._cond.wait()
            if self._expired():
                self._drain()
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
        return with_retries(
            lambda: self._opener(self.url, read_only=self.read_only),
            attempts=attempts,
            delay=delay,
        )

    # --- letting go of the file (DuckDB)

    def _expired(self) -> bool:
        return (
            self.hold is not None
            and self._opened_at is not None
            and self._clock() - self._opened_at > self.hold
        )

    def _drain(self) -> None:
        """Wait for the requests in flight, close every store, keep the file free ``gap`` s.

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
        finally:
            self._draining = False
            self._cond.notify_all()

    def _close_idle(self) -> None:
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
        """Close the idle stores of an expired generation when no request needs them."""
        assert self.hold is not None
        with self._cond:
            while not stop.is_set():
                if self._expired() and not self._busy and not self._draining:
                    self._close_idle()
                self._cond.wait(self.hold / 4)

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

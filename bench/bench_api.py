"""Load test of the HTTP API: latency percentiles at 50 concurrent clients, on loopback only.

A store of ``--articles`` records (100k) is synthesized from real analyzed Wikinews articles
(``bench/synth.py``: clones with new ids, dates and outlets), built once through the bulk
Arrow path and cached in ``bench/.cache`` under a content key. ``dateline serve`` starts on
127.0.0.1 on a free port (``--workers``: its default, one per core, unless told), and for
each kind of request ``--clients`` clients send requests back to back for ``--seconds``,
after a warm-up; every response must be 200 with a JSON body. The requests are drawn across
the whole store, from values read out of it beforehand:

- ``list``: ``/articles?limit=50``, half from an offset uniform over the whole store, half
  from the cursor of a random article (keyset paging, as a client following ``next`` asks);
- ``filter``: articles by outlet and year, quotes by speaker, events by type and country,
  each value drawn from the distinct values the store holds;
- ``get``: ``/articles/{id}``, the id drawn uniformly from all stored ids.

``list`` and ``filter`` run twice: with the server's cache of list totals (its hit rate is
printed, from the ``x-dateline-total`` header) and with ``--no-cache-totals``. No response
is ever cached: every page and record is read from the store.

First, ``--in-process`` requests of each kind go through the app in this process, one at a
time, without HTTP: the cost of one request (wall and CPU time) with a warm store, and the CPU
time of each variant (list pages by offset and by cursor; the articles, quotes and events
filters).

Then the load: the clients are a lean asyncio HTTP/1.1 keep-alive client in this process (one
connection each); the server runs in others, on the same machine, so both compete for the CPUs: the
client's share of the CPU time is printed, with the load average. Closed loop: each client
waits for its answer before it asks again, so by Little's law the mean latency is clients /
throughput, and the goal (p95 < 50 ms at 50 clients) needs more than 1000 requests/s. The
whole run is bounded: it stops by itself.

    python bench/bench_api.py                 # 100k articles, 50 clients, 20 s per kind
    python bench/bench_api.py --quick         # 5k articles, 50 clients, 5 s per kind
    python bench/bench_api.py --no-load       # only the per-request cost, in process
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
GOAL_P95_MS = 50.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def store_for(articles: int, seed_articles: int, cache: Path = BENCH / ".cache") -> Path:
    """The synthesized store of ``articles`` records, built once and reused: its file name
    carries a content key (the seed records, the count, the store layout and the synthesizer's
    revision), so a changed seed or layout builds a new one. Built under a temporary name and
    renamed when complete, so a killed build is never reused."""
    sys.path.insert(0, str(BENCH))
    import synth
    from dateline.store import STORE_SCHEMA_VERSION
    from synth import build_store, load_seed

    seed = load_seed(seed_articles, cache)
    seed_bytes = (cache / f"seed-{seed_articles}.jsonl").read_bytes()
    key = hashlib.sha256(
        seed_bytes + f"|{articles}|{STORE_SCHEMA_VERSION}|{synth.REVISION}".encode()
    ).hexdigest()[:12]
    db = cache / f"api-{articles}-{key}.duckdb"
    if db.is_file():
        print(f"store: {articles} articles, reused {db}")
        return db
    started = time.perf_counter()
    partial = db.with_name(db.name + ".building")
    for stale in (partial, partial.with_name(partial.name + ".wal")):
        stale.unlink(missing_ok=True)
    build_store(str(partial), seed, articles, quiet=False).close()
    partial.rename(db)
    took = time.perf_counter() - started
    print(f"store: {articles} articles built in {took:.0f} s ({articles / took:.0f}/s) -> {db}")
    return db


class Server:
    """``dateline serve`` in a child process on loopback; stopped on exit, whatever happens."""

    def __init__(
        self, db: Path, port: int, workers: int | None, options: list[str], timeout: float = 120
    ) -> None:
        self.host, self.port = "127.0.0.1", port
        command = [sys.executable, "-m", "dateline.cli", "serve", "--db", str(db)]
        command += ["--host", self.host, "--port", str(port), *options]
        if workers:
            command += ["--workers", str(workers)]
        self.log = tempfile.TemporaryFile(mode="w+")  # never a pipe: a full one stalls it
        self.process = subprocess.Popen(command, start_new_session=True, stderr=self.log)
        deadline = time.monotonic() + timeout
        while True:
            try:
                status, _, _ = asyncio.run(_once(self.host, self.port, "/api/v1/status"))
                if status == 200:
                    break
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise SystemExit("the server did not start")
            time.sleep(0.3)
        self.log.seek(0)
        found = re.search(r"(\d+) workers?", self.log.read())
        self.workers = int(found.group(1)) if found else 0

    def cpu_seconds(self) -> float:
        """CPU time (user + system) of the server and its worker processes so far."""
        total = 0.0
        tick = os.sysconf("SC_CLK_TCK")
        for pid in [self.process.pid, *_children(self.process.pid)]:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / tick
        return total

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _children(pid: int) -> list[int]:
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [int(c) for c in found] + [g for c in found for g in _children(int(c))]


# --- a lean HTTP/1.1 keep-alive client (the client's CPU competes with the server's)


class Connection:
    """One keep-alive connection: GET a path, read the status and the body."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, dict[bytes, bytes], bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\nAccept: application/json\r\n\r\n".encode()
        )
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for line in lines[1:]:
            if b":" in line:
                name, value = line.split(b":", 1)
                headers[name.strip().lower()] = value.strip()
        body = await self.reader.readexactly(int(headers.get(b"content-length", b"0")))
        if headers.get(b"connection", b"").lower() == b"close":
            await self.close()
        return status, headers, body

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


async def _once(host: str, port: int, path: str) -> tuple[int, dict[bytes, bytes], bytes]:
    connection = Connection(host, port)
    try:
        return await asyncio.wait_for(connection.get(path), timeout=10)
    finally:
        await connection.close()


# --- what to ask


def targets(db: Path, rng: random.Random, n: int = 5000) -> dict[str, list[str]]:
    """``n`` request paths per kind, drawn from the values the DuckDB store at ``db`` holds
    (read from the file before the server starts)."""
    from urllib.parse import quote

    import duckdb

    from dateline.store.layout import NO_DATE, encode_cursor

    def distinct(sql: str) -> list[tuple]:
        return [row for row in conn.execute(sql).fetchall() if all(row)]

    conn = duckdb.connect(str(db), read_only=True)
    try:
        keys = conn.execute("SELECT published, id FROM articles").fetchall()
        ids = [after for _, after in keys]
        years = sorted({r[0] for r in distinct("SELECT DISTINCT left(published, 4) FROM articles")})
        outlets = [r[0] for r in distinct("SELECT DISTINCT outlet FROM articles")]
        names = distinct("SELECT DISTINCT speaker_name FROM quotes")
        events = distinct("SELECT DISTINCT type, country_key FROM events")
    finally:
        conn.close()
    speakers = sorted({name.split()[-1] for (name,) in names if name.split()})
    total = len(ids)
    # half the pages by offset, half by the cursor of a random article (keyset: how a client
    # that pages through the store with `next` asks), both uniform over the whole store
    lists = []
    for i in range(n):
        if i % 2:
            published, after = rng.choice(keys)
            cursor = encode_cursor("articles", [published or NO_DATE, after])
            lists.append(f"/api/v1/articles?limit=50&cursor={cursor}")
        else:
            lists.append(f"/api/v1/articles?limit=50&offset={rng.randrange(max(1, total - 50))}")
    filters = []
    for i in range(n):
        which = i % 3
        if which == 0:
            year = rng.choice(years)
            filters.append(
                f"/api/v1/articles?outlet={quote(rng.choice(outlets))}"
                f"&since={year}-01-01&until={year}-12-31&limit=50"
            )
        elif which == 1:
            filters.append(f"/api/v1/quotes?speaker={quote(rng.choice(speakers))}&limit=50")
        else:
            kind, country = rng.choice(events)
            filters.append(f"/api/v1/events?type={quote(kind)}&country={country}&limit=50")
    gets = [f"/api/v1/articles/{quote(rng.choice(ids))}" for _ in range(n)]
    print(
        f"drawn from the store: {total} ids, {len(outlets)} outlets x {len(years)} years, "
        f"{len(speakers)} speakers, {len(events)} event (type, country) pairs"
    )
    # the ceiling of the HTTP stack itself here: a small JSON answer that reads no store
    floor = ["/api/v1/vocabulary"] * n
    return {"list": lists, "filter": filters, "get": gets, "floor": floor}


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)
    cached: int = 0
    counted: int = 0
    client_cpu: float = 0.0
    server_cpu: float = 0.0
    wall: float = 0.0


async def load(
    server: Server, paths: list[str], clients: int, seconds: float, warmup: float, seed: int
) -> Result:
    """``clients`` clients sending requests from ``paths`` back to back (a closed loop);
    latencies after the warm-up are kept, with the CPU time client and server used then."""
    result = Result()
    rng = random.Random(seed)
    start = time.perf_counter()
    measure_from = start + warmup
    stop = measure_from + seconds
    marks: dict[str, float] = {}

    async def client() -> None:
        connection = Connection(server.host, server.port)
        try:
            while (now := time.perf_counter()) < stop:
                if now >= measure_from and not marks:
                    marks.update(cpu=time.process_time(), server=server.cpu_seconds(), wall=now)
                path = rng.choice(paths)
                problem = None
                try:
                    status, headers, body = await asyncio.wait_for(connection.get(path), 30)
                    if status != 200:
                        problem = f"HTTP {status}"
                    elif not body.startswith(b"{"):
                        problem = "not JSON"
                except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
                    problem, headers = type(exc).__name__, {}
                    await connection.close()
                    connection = Connection(server.host, server.port)
                took = time.perf_counter() - now
                if now < measure_from:
                    continue
                result.latencies.append(took)
                source = headers.get(b"x-dateline-total")
                result.cached += source == b"cached"
                result.counted += source == b"counted"
                if problem:
                    result.errors[problem] += 1
                    if len(result.examples) < 3:
                        result.examples.append(f"{path}: {problem}")
        finally:
            await connection.close()

    await asyncio.wait_for(
        asyncio.gather(*(client() for _ in range(clients))), timeout=warmup + seconds + 60
    )
    if marks:
        result.wall = time.perf_counter() - marks["wall"]
        result.client_cpu = time.process_time() - marks["cpu"]
        result.server_cpu = server.cpu_seconds() - marks["server"]
    return result


def in_process(db: Path, paths: dict[str, list[str]], requests: int) -> None:
    """Per-request cost with a warm store, one request at a time, through the whole app but
    without HTTP (ASGI in this process): wall time and CPU time (all threads) per request."""
    import httpx

    from dateline.api import create_app

    app = create_app(db)

    async def measure() -> None:
        transport = httpx.ASGITransport(app=app)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=transport, base_url="http://bench") as client,
        ):
            for kind, kind_paths in paths.items():
                for path in kind_paths[:5]:  # warm: the connection, the caches of the file
                    await client.get(path)
                walls, cpu = [], time.process_time()
                shares: dict[str, list[float]] = {}
                for path in kind_paths[5 : 5 + requests]:
                    started, began = time.perf_counter(), time.process_time()
                    response = await client.get(path)
                    walls.append(1000 * (time.perf_counter() - started))
                    shares.setdefault(_variant(kind, path), []).append(
                        1000 * (time.process_time() - began)
                    )
                    if response.status_code != 200:
                        raise SystemExit(f"{path}: HTTP {response.status_code}")
                cpu_ms = 1000 * (time.process_time() - cpu) / len(walls)
                print(
                    f"{kind:<16}{len(walls):>9}{statistics.mean(walls):>9.1f}"
                    f"{percentile(walls, 50):>9.1f}{percentile(walls, 95):>9.1f}{cpu_ms:>9.1f}"
                    f"{os.getloadavg()[0]:>6.1f}"
                )
                if len(shares) > 1:
                    for name, ms in shares.items():
                        print(f"  {name:<14}{len(ms):>9}{'':>27}{statistics.mean(ms):>9.1f}")

    print("in process (ASGI, no HTTP), one request at a time, warm store:")
    print(f"{'kind':<16}{'requests':>9}{'mean ms':>9}{'p50 ms':>9}{'p95 ms':>9}{'CPU ms':>9}{'load':>6}")
    asyncio.run(measure())


def _variant(kind: str, path: str) -> str:
    """Which variant of ``kind`` a request path is: a list page by offset or by cursor, the
    list a filter asks (articles, quotes, events)."""
    if kind == "list":
        return "by cursor" if "cursor=" in path else "by offset"
    if kind == "filter":
        return path.split("?")[0].rsplit("/", 1)[-1]
    return kind


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else 0


HEADER = (
    f"{'kind':<16}{'requests':>9}{'req/s':>7}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
    f"{'errors':>7}{'totals cached':>15}{'client CPU':>12}{'load':>6}"
)


def report(kind: str, result: Result, seconds: float) -> tuple[float, float, int]:
    ms = [1000 * t for t in result.latencies]
    p50, p95, p99 = (percentile(ms, q) for q in (50, 95, 99))
    rate = len(ms) / seconds
    lists = result.cached + result.counted
    cached = f"{100 * result.cached / lists:.0f}%" if lists else "-"
    cpu = result.client_cpu + result.server_cpu
    share = f"{100 * result.client_cpu / cpu:.0f}%" if cpu else "-"
    errors = sum(result.errors.values())
    print(
        f"{kind:<16}{len(ms):>9}{rate:>7.0f}{p50:>8.1f}{p95:>8.1f}{p99:>8.1f}{errors:>7}"
        f"{cached:>15}{share:>12}{os.getloadavg()[0]:>6.1f}"
    )
    for name, count in result.errors.items():
        print(f"  errors: {count} x {name}")
    for example in result.examples:
        print(f"  e.g. {example}")
    return rate, p95, errors


def run(
    db: Path, args: argparse.Namespace, paths: dict[str, list[str]], options: list[str], label: str
) -> list[tuple[str, float, float, int]]:
    rows = []
    with Server(db, free_port(), args.workers, options) as server:
        print(f"server: {server.workers} worker process(es){label}")
        for kind, kind_paths in paths.items():
            result = asyncio.run(
                load(server, kind_paths, args.clients, args.seconds, args.warmup, args.seed)
            )
            name = kind + label.replace(", ", " ").replace("totals cache off", "(no cache)")
            rows.append((kind, *report(name, result, args.seconds)))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, help="store size (default 100000)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, help="measured, per kind (default 20)")
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--workers", type=int, help="server processes (default: serve's)")
    parser.add_argument("--seed-articles", type=int, default=40)
    parser.add_argument("--seed", type=int, default=0, help="of the random draws")
    parser.add_argument("--db", type=Path, help="serve this store instead of the synthesized one")
    parser.add_argument(
        "--kinds", default="list,filter,get,floor",
        help="comma-separated; floor: GET /api/v1/vocabulary, no store read (the HTTP stack alone)",
    )  # fmt: skip
    parser.add_argument("--no-uncached", action="store_true", help="skip the run without the cache of totals")
    parser.add_argument("--quick", action="store_true", help="5k articles, 5 s per kind")
    parser.add_argument(
        "--in-process", type=int, default=100, metavar="N",
        help="first time N requests per kind in this process, without HTTP (0: skip)",
    )  # fmt: skip
    parser.add_argument("--no-load", action="store_true", help="only the in-process figures")
    args = parser.parse_args(argv)
    args.articles = args.articles or (5000 if args.quick else 100_000)
    args.seconds = args.seconds or (5.0 if args.quick else 20.0)
    db = args.db or store_for(args.articles, args.seed_articles)
    kinds = args.kinds.split(",")
    paths = {k: v for k, v in targets(db, random.Random(args.seed)).items() if k in kinds}
    if args.in_process:
        in_process(db, paths, args.in_process)
    if args.no_load:
        return 0
    print(
        f"load: {args.clients} clients, {args.seconds:.0f} s per kind after {args.warmup:.0f} s "
        f"warm-up, loopback; CPUs here: {os.cpu_count()}; load average "
        f"{' '.join(f'{x:.1f}' for x in os.getloadavg())} before (client and server share them)"
    )
    print(HEADER)
    rows = run(db, args, paths, [], "")
    if not args.no_uncached:
        uncached = {k: v for k, v in paths.items() if k in ("list", "filter")}
        if uncached:
            rows += run(db, args, uncached, ["--no-cache-totals"], ", totals cache off")
    best = max(rate for _, rate, _, _ in rows)
    print(
        f"closed loop: mean latency = clients / throughput (Little's law); at {best:.0f} req/s "
        f"that is {1000 * args.clients / best:.0f} ms for {args.clients} clients. A p95 under "
        f"{GOAL_P95_MS:.0f} ms needs a mean well under it: over "
        f"{args.clients / (GOAL_P95_MS / 1000):.0f} req/s."
    )
    for kind, rate, p95, _ in rows:
        if kind == "floor":
            print(
                f"floor: the HTTP stack alone (uvicorn, FastAPI, middleware, no store read) "
                f"answers {rate:.0f} req/s here, p95 {p95:.0f} ms at {args.clients} clients"
            )
    met = all(
        p95 < GOAL_P95_MS and errors == 0 for kind, _, p95, errors in rows if kind != "floor"
    )
    print(f"goal: p95 < {GOAL_P95_MS:.0f} ms and no errors -> {'met' if met else 'missed'}")
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

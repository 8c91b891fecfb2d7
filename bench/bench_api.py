"""Load test of the HTTP API: latency percentiles at 50 concurrent clients, on loopback only.

A store of ``--articles`` records is synthesized from real analyzed Wikinews articles
(``bench/synth.py``: clones with new ids, dates and outlets; built once, then reused from
``bench/.cache``). ``dateline serve`` is started on 127.0.0.1 on a free port, and for each
kind of request (list pages, filtered lists, one record by id) ``--clients`` clients send
requests back to back for ``--seconds``, after a warm-up; every response is checked (2xx,
JSON). It prints p50/p95/p99, requests per second and errors per kind, then stops the server.
The whole run is bounded: it stops by itself.

The clients run in this process and the server in another, on the same machine: on a loaded
machine both compete for the CPUs, and the figures say so more than they say anything about
the API. Compare runs on the same machine only.

    python bench/bench_api.py                 # 100k articles, 50 clients, 20 s per kind
    python bench/bench_api.py --quick         # 5k articles, 50 clients, 5 s per kind
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

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

    def __init__(self, db: Path, port: int, timeout: float = 120) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "dateline.cli", "serve", "--db", str(db), "--port", str(port)],
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while True:
            try:
                if httpx.get(self.url + "/api/v1/status", timeout=10).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise SystemExit("the server did not start")
            time.sleep(0.3)

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


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    examples: list[str] = field(default_factory=list)


def targets(url: str) -> dict[str, list[str]]:
    """Request paths per kind, drawn from what the store holds."""
    with httpx.Client(base_url=url, timeout=30) as client:
        articles = client.get("/api/v1/articles", params={"limit": 500}).json()
        deep = client.get("/api/v1/articles", params={"limit": 500, "offset": 5000}).json()
        quotes = client.get("/api/v1/quotes", params={"limit": 500}).json()["items"]
        events = client.get("/api/v1/events", params={"limit": 500}).json()["items"]
        stories = client.get("/api/v1/stories", params={"limit": 100}).json()["items"]
    ids = [a["id"] for a in articles["items"] + deep["items"]]
    speakers = sorted({q["speaker_name"].split()[-1] for q in quotes if q.get("speaker_name")})
    kinds = sorted({(e["type"], (e.get("place") or {}).get("country") or "") for e in events})
    outlets = sorted({a["outlet"] for a in articles["items"] if a.get("outlet")})
    years = [str(y) for y in range(2015, 2025)]
    lists = [
        "/api/v1/articles?limit=50",
        "/api/v1/quotes?limit=50",
        "/api/v1/events?limit=50",
        "/api/v1/entities?limit=50",
        "/api/v1/stories?limit=50",
    ]
    if articles["next"]:
        lists.append(f"/api/v1/articles?limit=50&cursor={articles['next']}")
    filters = [f"/api/v1/quotes?speaker={s}&limit=50" for s in speakers[:10]]
    filters += [
        f"/api/v1/events?type={t}" + (f"&country={c}" if c else "") + "&limit=50"
        for t, c in kinds[:10]
    ]
    filters += [
        f"/api/v1/articles?outlet={o}&since={y}-01-01&until={y}-12-31&limit=50".replace(" ", "%20")
        for o, y in zip(outlets[:10], years, strict=False)
    ]
    gets = [f"/api/v1/articles/{i}" for i in ids]
    gets += [f"/api/v1/stories/{s['id']}" for s in stories]
    return {"list": lists, "filter": filters, "get": gets}


async def load(url: str, paths: list[str], clients: int, seconds: float, warmup: float) -> Result:
    """``clients`` clients sending requests from ``paths`` back to back; latencies after the
    warm-up are kept."""
    result = Result()
    rng = random.Random(0)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as http:
        start = time.perf_counter()
        measure_from = start + warmup
        stop = measure_from + seconds

        async def client() -> None:
            while (now := time.perf_counter()) < stop:
                path = rng.choice(paths)
                try:
                    response = await http.get(path)
                    ok = response.status_code == 200 and response.json() is not None
                except (httpx.HTTPError, ValueError) as exc:
                    ok, response = False, f"{type(exc).__name__} {exc}"
                took = time.perf_counter() - now
                if now >= measure_from:
                    result.latencies.append(took)
                    if not ok:
                        result.errors += 1
                        if len(result.examples) < 3:
                            result.examples.append(f"{path}: {response}")

        await asyncio.wait_for(
            asyncio.gather(*(client() for _ in range(clients))), timeout=warmup + seconds + 60
        )
    return result


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0, help="measured, per kind")
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--seed-articles", type=int, default=40)
    parser.add_argument("--db", type=Path, help="serve this store instead of the synthesized one")
    parser.add_argument("--quick", action="store_true", help="5k articles, 5 s per kind")
    args = parser.parse_args(argv)
    if args.quick:
        args.articles, args.seconds = 5000, 5.0
    db = args.db or store_for(args.articles, args.seed_articles)
    print(
        f"load: {args.clients} clients, {args.seconds:.0f} s per kind after {args.warmup:.0f} s "
        f"warm-up, loopback; CPUs here: {os.cpu_count()}, load average "
        f"{os.getloadavg()[0]:.1f} (client and server share them)"
    )
    failed = False
    with Server(db, free_port()) as server:
        paths = targets(server.url)
        print(f"{'kind':<8}{'requests':>10}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
              f"{'errors':>8}")  # fmt: skip
        for kind, kind_paths in paths.items():
            result = asyncio.run(
                load(server.url, kind_paths, args.clients, args.seconds, args.warmup)
            )
            ms = [1000 * t for t in result.latencies]
            p50, p95, p99 = (percentile(ms, q) for q in (50, 95, 99))
            print(
                f"{kind:<8}{len(ms):>10}{len(ms) / args.seconds:>8.0f}{p50:>9.1f}{p95:>9.1f}"
                f"{p99:>9.1f}{result.errors:>8}"
            )
            for example in result.examples:
                print(f"  error: {example}")
            failed |= result.errors > 0 or p95 >= GOAL_P95_MS
    print(f"goal: p95 < {GOAL_P95_MS:.0f} ms and no errors -> {'missed' if failed else 'met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

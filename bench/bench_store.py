"""Store throughput and query latency, per backend, on a store synthesized from real records.

For each ``--db`` (default: one DuckDB file in a temp folder): fill it with ``--articles``
synthesized records (``bench/synth.py``: real analyzed news-raw articles cloned with new ids,
dates over ten years and outlets), timing ``put_many`` in batches of ``--batch``
(records/s; the ratio to the first backend is printed, both measured in this run), then time
``page()`` (one page of 100 rows plus the total count, what the HTTP API serves) for the
common filters: speaker, outlet, dates, event type, country, full text, and a deep keyset
page. Latency is p50/p95 over ``--runs`` calls, in milliseconds.

Each ``--db`` must name an empty store, or one this benchmark filled before (then the fill
is skipped and only the queries are timed). PostgreSQL is one more ``--db``, or ``--postgres``
to start a throwaway server here (initdb in a temp dir, unix socket only, PostgreSQL's default
durability; the binaries come from ``scripts/test-deps.sh``), measured after DuckDB:

    python bench/bench_store.py --postgres                     # DuckDB and PostgreSQL, 100k
    python bench/bench_store.py --db /tmp/bench.duckdb postgresql://user@/bench
    python bench/bench_store.py --articles 5000 --runs 5        # a quick look
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from dateline.records import AnalysisRecord
from dateline.store import Store, open_store
from dateline.store.layout import record_rows
from synth import load_seed, synthesize


def fill(
    store: Store, seed: Sequence[AnalysisRecord], count: int, batch: int
) -> tuple[float, float, float] | None:
    """Fill ``store`` with ``count`` clones; records/s of ``put_many`` by the wall clock and
    per CPU second of this process (steadier on a shared machine; a server backend's own CPU
    is not in it), and the share of that CPU time :func:`record_rows` takes (the records'
    rows, timed again on their own: the part of a write no backend can skip). None: filled
    already."""
    if store.count("articles") >= count:
        return None
    wall = cpu = rows_cpu = 0.0
    for first in range(0, count, batch):
        records = list(synthesize(seed, min(batch, count - first), first=first))
        started, started_cpu = time.perf_counter(), time.process_time()
        store.put_many(records)
        wall += time.perf_counter() - started
        cpu += time.process_time() - started_cpu
        started_cpu = time.process_time()
        for record in records:
            record_rows(record)
        rows_cpu += time.process_time() - started_cpu
    return count / wall, count / cpu, rows_cpu / cpu


def filters(seed: Sequence[AnalysisRecord]) -> list[tuple[str, str, dict]]:
    """(label, kind, filters) for the common filters, values picked from the seed records:
    the most quoted speaker, the most common event type and country, a frequent title word."""
    speakers = Counter(
        q.speaker.name.split()[-1] for r in seed for q in r.quotes if q.speaker and q.speaker.name
    )
    types = Counter(e.type for r in seed for e in r.events)
    countries = Counter(
        e.place.country for r in seed for e in r.events if e.place and e.place.country
    )
    words = Counter(
        w.lower() for r in seed for w in (r.article.title or "").split() if len(w) >= 6
    )
    out = [
        ("speaker", "quotes", {"speaker": speakers.most_common(1)[0][0]}),
        ("outlet", "articles", {"outlet": "reuters"}),
        ("dates (1 month)", "articles", {"since": "2019-06-01", "until": "2019-06-30"}),
        ("type", "events", {"type": types.most_common(1)[0][0]}),
        ("country", "events", {"country": countries.most_common(1)[0][0]}),
        ("full text", "articles", {"q": words.most_common(1)[0][0]}),
        ("quote text", "quotes", {"q": "said"}),
        ("outlet + dates", "quotes", {"outlet": "ap", "since": "2020-01-01", "until": "2020-12-31"}),
    ]
    return out


def latency(call: Callable[[], object], runs: int) -> tuple[float, float]:
    """p50 and p95 of ``call`` in milliseconds over ``runs`` calls (after one warm-up)."""
    call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(0.95 * len(times)))]


def deep_cursor(store: Store, kind: str, depth: int, **given) -> str | None:
    """The cursor of page ``depth`` (100 rows a page) of ``kind``."""
    cursor = None
    for _ in range(depth):
        cursor = store.page(kind, limit=100, cursor=cursor, **given).next
        if cursor is None:
            break
    return cursor


def start_postgres():  # -> tests/postgres_server.Server
    """A throwaway PostgreSQL server with default durability (``bench --postgres``)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    import postgres_server

    return postgres_server.start(durable=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", nargs="+", help="store URLs or files (default: a temp DuckDB)")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=500, help="records per put_many")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seed-articles", type=int, default=40)
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="also measure PostgreSQL, on a throwaway server started here",
    )
    args = parser.parse_args()
    urls = args.db or [str(Path(tempfile.mkdtemp()) / "bench.duckdb")]
    server = start_postgres() if args.postgres else None
    if server is not None:
        urls.append(server.url())
    try:
        run(urls, args)
    finally:
        if server is not None:
            server.stop()


def run(urls: list[str], args: argparse.Namespace) -> None:
    """Fill and query every store of ``urls``; print the table."""
    seed = load_seed(args.seed_articles)
    items = sum(len(getattr(r, t)) for r in seed for t in ("entities", "quotes", "events"))
    print(
        f"{len(seed)} seed records ({items / len(seed):.0f} entities+quotes+events each), "
        f"{args.articles} articles per store"
    )
    rates: dict[str, tuple[float, float, float] | None] = {}
    results: dict[str, dict[str, tuple[float, float, int]]] = {}
    for url in urls:
        with open_store(url) as store:
            rates[url] = fill(store, seed, args.articles, args.batch)
            results[url] = {}
            for label, kind, given in filters(seed):
                p50, p95 = latency(lambda k=kind, g=given: store.page(k, limit=100, **g), args.runs)
                results[url][f"{label} [{kind}]"] = (p50, p95, store.count(kind, **given))
            cursor = deep_cursor(store, "quotes", 50)
            p50, p95 = latency(lambda c=cursor: store.page("quotes", limit=100, cursor=c), args.runs)
            results[url]["page 51 by cursor [quotes]"] = (p50, p95, store.count("quotes"))
    base = next((r for r in rates.values() if r), None)
    print(f"\nput_many throughput ({args.batch} records a call)")
    for url, rate in rates.items():
        if rate is None or base is None:
            print(f"  {url}: filled before, not timed")
        else:
            print(
                f"  {url}: {rate[0]:,.0f} records/s ({rate[0] / base[0]:.2f}x the first), "
                f"{rate[1]:,.0f} per CPU second of this process "
                f"(record_rows {rate[2]:.0%} of that CPU)"
            )
    print(f"\npage(limit=100) latency, ms (p50 / p95 over {args.runs} runs; matching rows)")
    for url, rows in results.items():
        print(f"  {url}")
        for label, (p50, p95, n) in rows.items():
            print(f"    {label:32} {p50:8.1f} {p95:8.1f}  {n:>9,}")


if __name__ == "__main__":
    main()

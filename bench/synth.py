"""A large store synthesized from a few real analyzed articles, for benchmarks and load tests.

A few dozen real Wikinews articles (``corpora/news-raw``) are analyzed once with the installed
model and cached as JSONL; :func:`synthesize` then clones them into as many records as wanted,
each with a new article id, a published date spread over years and an outlet from a list,
so filters on dates and outlets select realistic fractions while speakers, event types,
countries and text stay those of real records. Deterministic for a given ``seed``.

Used by ``bench/bench_store.py`` (store throughput and query latency) and meant for the HTTP
API's load test:

    from synth import build_store, load_seed
    seed = load_seed(40)                      # analyzes once, then reads bench/.cache/
    store = build_store("duckdb:///tmp/100k.duckdb", seed, 100_000)

    python bench/synth.py --articles 100000 --db /tmp/100k.duckdb   # the same from a shell
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path

from dateline.records import AnalysisRecord
from dateline.store import Store, open_store

BENCH = Path(__file__).resolve().parent
CACHE = BENCH / ".cache"
RAW = "news-raw/wikinews_2019_2020.jsonl"

#: Outlets the clones are spread over (a few big ones, a long tail).
OUTLETS = (
    "Reuters", "AP", "AFP", "BBC", "Al Jazeera", "The Guardian", "DW", "France 24",
    "Kyiv Independent", "Times of India", "ABC News", "NHK", "Le Monde", "El País",
    "Daily Nation", "Premium Times", "Dawn", "Jakarta Post", "Folha", "Wikinews",
)  # fmt: skip


def corpora_dir() -> Path:
    """Where the corpora are: $DATELINE_CORPORA, else ``../shared/corpora`` beside the repo."""
    import os

    env = os.environ.get("DATELINE_CORPORA")
    return Path(env) if env else BENCH.parents[1] / "shared" / "corpora"


def analyze_seed(n: int) -> list[AnalysisRecord]:
    """The first ``n`` news-raw articles, analyzed with the installed model (slow: a minute)."""
    from dateline.article.read import read_articles
    from dateline.nlp import load_pipeline
    from dateline.pipeline import analyze_many

    items = [
        (i.article, i.warnings)
        for i in read_articles([str(corpora_dir() / RAW)])
        if i.article is not None
    ][:n]
    return list(analyze_many(items, load_pipeline()))


def load_seed(n: int = 40, cache: Path = CACHE) -> list[AnalysisRecord]:
    """:func:`analyze_seed` ``n``, cached in ``cache/seed-<n>.jsonl`` after the first call.

    >>> len(load_seed(40))  # doctest: +SKIP
    40
    """
    path = cache / f"seed-{n}.jsonl"
    if path.is_file():
        with path.open(encoding="utf-8") as lines:
            return [AnalysisRecord.model_validate_json(line) for line in lines]
    records = analyze_seed(n)
    cache.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text("".join(r.model_dump_json() + "\n" for r in records), encoding="utf-8")
    tmp.replace(path)
    return records


def synthesize(
    seed: Sequence[AnalysisRecord],
    count: int,
    *,
    start: date = date(2015, 1, 1),
    years: int = 10,
    outlets: Sequence[str] = OUTLETS,
    undated: float = 0.02,
    rng_seed: int = 0,
    first: int = 0,
) -> Iterator[AnalysisRecord]:
    """``count`` clones of ``seed`` records (round robin), ids ``syn0000000``.. from
    ``first``, each published on a random day of ``years`` years from ``start`` (a fraction
    ``undated`` without a date) by a random outlet (skewed: the first outlets are the most
    common).

    >>> from dateline.records import Article
    >>> [r.article.id for r in synthesize([AnalysisRecord(article=Article(id="x", text="y"))], 2)]
    ['syn0000000', 'syn0000001']
    """
    rng = random.Random(rng_seed + first)
    days = 365 * years
    weights = [1 / (k + 1) for k in range(len(outlets))]
    for n in range(first, first + count):
        base = seed[n % len(seed)]
        published = (
            None if rng.random() < undated else (start + timedelta(rng.randrange(days))).isoformat()
        )
        article = base.article.model_copy(
            update={
                "id": f"syn{n:07d}",
                "published": published,
                "outlet": rng.choices(outlets, weights)[0],
            }
        )
        yield base.model_copy(update={"article": article})


def build_store(
    url: str, seed: Sequence[AnalysisRecord], count: int, *, batch: int = 1000, quiet: bool = True
) -> Store:
    """Open (or create) the store at ``url`` and fill it with :func:`synthesize` ``count``
    clones, ``batch`` per transaction; what is stored already (same id and content) is
    skipped. Returns the open store.

    >>> store = build_store("/tmp/100k.duckdb", load_seed(), 100_000)  # doctest: +SKIP
    """
    store = open_store(url)
    have = store.count("articles")
    started = time.perf_counter()
    for first in range(0, count, batch):
        if first + batch <= have and store.has(f"syn{first + batch - 1:07d}"):
            continue  # a rerun on a built store: this batch is stored already
        store.put_many(list(synthesize(seed, min(batch, count - first), first=first)))
        if not quiet:
            rate = (first + batch) / (time.perf_counter() - started)
            print(f"\r{first + batch} records ({rate:.0f}/s)", end="", file=sys.stderr)
    if not quiet:
        print(file=sys.stderr)
    return store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed-articles", type=int, default=40)
    parser.add_argument("--db", required=True, help="DuckDB file or store URL to fill")
    args = parser.parse_args()
    build_store(args.db, load_seed(args.seed_articles), args.articles, quiet=False).close()


if __name__ == "__main__":
    main()

"""Throughput of dateline against bare spaCy, measured in one run on the same texts.

Prints articles/s and words/s for (a) spaCy's ``nlp.pipe`` alone and (b) the full
``analyze`` + store, for 1 and 2 processes, and the ratio (b)/(a). The machines we run on are
noisy, so only the ratios within one run are meant to be compared. The texts are the real
Wikinews articles of ``corpora/news-raw`` (short and long, in file order), or with
``--source demo`` the bundled demo articles cycled.

    python bench/bench_pipeline.py [--source news-raw|demo] [--articles 200] [--processes 1 2]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from itertools import islice
from pathlib import Path

from bench_length import RAW, corpora_dir  # the same news-raw location as the length tiers
from dateline.article.read import read_articles
from dateline.nlp import load_model, load_pipeline
from dateline.pipeline import analyze_many
from dateline.store import open_store

DEMO = Path(__file__).resolve().parents[1] / "demo"


def corpus(n: int, source: str = "news-raw") -> list:
    """``n`` articles: the first ``n`` of news-raw, or cycled from the demo set (each copy made
    unique so nothing is skipped)."""
    if source == "news-raw":
        raw = [(i.article, i.warnings) for i in read_articles([str(corpora_dir() / RAW)])]
        return [item for item in raw if item[0] is not None][:n]
    base = [(i.article, i.warnings) for i in read_articles([str(DEMO)]) if i.article]
    out = []
    for k in range(n):
        article, warns = base[k % len(base)]
        clone = article.model_copy(update={"id": f"{article.id}-{k}"})
        out.append((clone, warns))
    return out


def bench_spacy(nlp, items, n_process: int) -> float:
    start = time.perf_counter()
    for _ in nlp.pipe((a.text for a, _ in items), batch_size=16, n_process=n_process):
        pass
    return time.perf_counter() - start


def bench_dateline(nlp, items, n_process: int, db: Path, timings: dict | None = None) -> float:
    """Analyze and store as ``dateline ingest`` does: one transaction per chunk of articles."""
    start = time.perf_counter()
    with open_store(str(db)) as store:
        records = analyze_many(items, nlp, batch_size=16, n_process=n_process, timings=timings)
        while chunk := list(islice(records, 16)):
            start_put = time.perf_counter()
            store.put_many(chunk)
            if timings is not None:
                timings["store"] = timings.get("store", 0.0) + time.perf_counter() - start_put
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", choices=["news-raw", "demo"], default="news-raw")
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    nlp = load_model()  # bare spaCy: the model alone
    analysis = load_pipeline()  # the same model with every dateline component
    items = corpus(args.articles, args.source)
    words = sum(len(a.text.split()) for a, _ in items)
    bench_spacy(nlp, items[:8], 1)  # warm up caches and lazy indexes
    bench_dateline(analysis, items[:8], 1, Path(tempfile.mkdtemp()) / "warm.duckdb")
    print(f"{len(items)} {args.source} articles, {words} words; model {nlp.meta.get('name')}")
    print(
        f"{'processes':>9} {'spacy art/s':>12} {'spacy w/s':>10} {'dateline art/s':>15} "
        f"{'dateline w/s':>13} {'ratio':>6}"
    )
    stages: dict[str, float] = {}
    for n in args.processes:
        with tempfile.TemporaryDirectory() as tmp:
            base = bench_spacy(nlp, items, n)
            full = bench_dateline(
                analysis, items, n, Path(tmp) / "bench.duckdb", stages if n == 1 else None
            )
            if n == 1:
                single = full
        print(
            f"{n:>9} {len(items) / base:>12.1f} {words / base:>10.0f} {len(items) / full:>15.1f} "
            f"{words / full:>13.0f} {full / base:>6.2f}"
        )
    print("ratio = dateline time / bare spaCy time on the same texts (lower is better)")
    if stages:
        print("share of the 1-process dateline time, by stage (the rest is spaCy parsing):")
        for name, seconds in stages.items():
            print(f"  {name:<12} {100 * seconds / single:5.1f}%")
        both = stages.get("times", 0.0) + stages.get("places", 0.0)
        print(f"  {'times+places':<12} {100 * both / single:5.1f}%")


if __name__ == "__main__":
    main()

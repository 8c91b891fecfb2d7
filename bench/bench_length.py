"""Cost against article length: seconds per 1k words for short, long and pathological texts.

Short articles (< 5k characters) and long ones (50-100k characters) come from the Wikinews
dump in ``corpora/news-raw``; the pathological texts are 10,000 quotation marks and 2,000,000
characters without a space. Each text is analyzed as ``dateline analyze`` does (parse, in
pieces when long, and every stage), short and long ones interleaved so that the machine's
load falls on both alike. The long/short ratio of seconds per 1k words must stay at or under
``--max-ratio`` (1.5): cost linear in length. The script exits 1 when it does not.

    python bench/bench_length.py            # all tiers
    python bench/bench_length.py --quick    # a few short and the long articles (make test)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from dateline.nlp import load_pipeline
from dateline.pipeline import analyze
from dateline.records import Article

RAW = "news-raw/wikinews_2019_2020.jsonl"


def corpora_dir() -> Path:
    env = os.environ.get("DATELINE_CORPORA")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "shared" / "corpora"


def load_tiers(path: Path, n_short: int, n_long: int) -> tuple[list[Article], list[Article]]:
    """Short (< 5k characters) and long (50-100k) articles, spread over the file."""
    short, long = [], []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            text = row.get("text") or ""
            article = Article(id=row["id"], text=text, published=row.get("date"))
            if 0 < len(text) < 5_000:
                short.append(article)
            elif 50_000 <= len(text) <= 100_000:
                long.append(article)
    step = max(1, len(short) // max(1, n_short))
    return short[::step][:n_short], long[:n_long]


def words(article: Article) -> int:
    return max(1, len(article.text.split()))


def timed(nlp, article: Article) -> float:
    start = time.perf_counter()
    analyze(article, nlp)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a few short and the long ones")
    parser.add_argument("--short", type=int, default=None, help="how many short articles")
    parser.add_argument("--long", type=int, default=None, help="how many long articles")
    parser.add_argument("--max-ratio", type=float, default=1.5)
    args = parser.parse_args(argv)
    n_short = args.short or (12 if args.quick else 60)
    n_long = args.long or (2 if args.quick else 3)
    source = corpora_dir() / RAW
    if not source.exists():
        print(f"no {source}: set DATELINE_CORPORA", file=sys.stderr)
        return 2
    nlp = load_pipeline()
    short, long = load_tiers(source, n_short, n_long)
    analyze(short[0], nlp)  # warm up: lazy tables, gazetteer
    seconds = {"short": 0.0, "long": 0.0}
    # Interleave: each long article, then a share of the short ones, so load hits both.
    share = -(-len(short) // max(1, len(long)))
    for k, article in enumerate(long):
        seconds["long"] += timed(nlp, article)
        for other in short[k * share : (k + 1) * share]:
            seconds["short"] += timed(nlp, other)
    tiers = {"short": short, "long": long}
    if not args.quick:
        tiers["10k quotation marks"] = [Article(id="quotes", text='"' * 10_000)]
        tiers["2M characters, no space"] = [
            Article(id="nospace", text=("xyz-0.9/" * 250_001)[:2_000_000])
        ]
        for name in list(tiers)[2:]:
            seconds[name] = sum(timed(nlp, a) for a in tiers[name])
    model = f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}"
    print(f"model {model}; seconds per 1k words (words split at whitespace)")
    print(
        f"{'tier':<24} {'texts':>5} {'chars':>10} {'words':>8} {'seconds':>8} {'s/1k words':>10} "
        f"{'s/100k chars':>12}"
    )
    per_k = {}
    for name, articles in tiers.items():
        n_words = sum(words(a) for a in articles)
        chars = sum(len(a.text) for a in articles)
        per_k[name] = seconds[name] / (n_words / 1000)
        print(
            f"{name:<24} {len(articles):>5} {chars:>10} {n_words:>8} {seconds[name]:>8.1f} "
            f"{per_k[name]:>10.3f} {seconds[name] / (chars / 100_000):>12.2f}"
        )
    ratio = per_k["long"] / per_k["short"]
    verdict = "ok" if ratio <= args.max_ratio else f"FAIL: over {args.max_ratio}"
    print(f"long/short ratio of seconds per 1k words: {ratio:.2f} ({verdict})")
    return 0 if ratio <= args.max_ratio else 1


if __name__ == "__main__":
    sys.exit(main())

"""Linking cost against store size: a synthetic store of event mentions from real news.

A sample of news-raw articles (``../shared/corpora/news-raw``) is analyzed once; their event
mentions are then copied into a store of 100k mentions with a steady daily volume: copy ``j``
of a mention lies ``j // per_day`` days after the first day (its event date moves with its
publication date) and its place moves by up to half a degree. The benchmark links the first
10k, 30k and 100k mentions (``link_mentions``: blocking, scoring, clustering) and prints the
time per mention at each size: with blocking the ratio stays near 1 as the store grows (all
pairs would grow it tenfold from 10k to 100k). It also prints what linking adds to analysis, per
article, and the cost of attaching one day of new mentions to the full store (incremental
ingest).

    python bench/bench_linking.py [--articles 40] [--per-day 100] [--sizes 10000 30000 100000]
"""

from __future__ import annotations

import argparse
import json
import random
import time
from dataclasses import replace
from datetime import date, timedelta

from dateline.evaluation import corpora_dir
from dateline.geo.gazetteer import load_gazetteer
from dateline.linking.cluster import attach, link_mentions
from dateline.linking.mentions import Mention, mentions_from_record, ordinal
from dateline.nlp import load_model
from dateline.pipeline import build_record
from dateline.records import Article

START = date(2030, 1, 1)


def sample_mentions(n_articles: int) -> tuple[list[Mention], float, int]:
    """Mentions of the first ``n_articles`` news-raw articles, the seconds their analysis took,
    and the number of articles."""
    path = corpora_dir() / "news-raw" / "wikinews_2019_2020.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()[:n_articles]]
    articles = [
        Article(id=r["id"], text=r["text"], title=r.get("title"), published=r.get("date"),
                outlet="Wikinews", url=r.get("url"))
        for r in rows
    ]  # fmt: skip
    nlp = load_model()
    gazetteer = load_gazetteer()
    mentions: list[Mention] = []
    start = time.perf_counter()
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles), strict=True):
        record = build_record(article, doc, gazetteer=gazetteer, countries=gazetteer.countries)
        mentions += mentions_from_record(record, doc, gazetteer=gazetteer)
    return mentions, time.perf_counter() - start, len(articles)


def _shift(value: str | None, days: int) -> str | None:
    if not value or len(value) < 10 or ordinal(value) is None:
        return value
    return (date.fromisoformat(value[:10]) + timedelta(days=days)).isoformat()


def synthetic_store(base: list[Mention], size: int, per_day: int, seed: int = 7) -> list[Mention]:
    """``size`` mentions cycled from ``base``, ``per_day`` a day, dates and places shifted."""
    rng = random.Random(seed)
    out = []
    for j in range(size):
        m = base[j % len(base)]
        day = START + timedelta(days=j // per_day)
        delta = (day - date.fromisoformat(m.published)).days if m.published else 0
        lat = None if m.lat is None else round(m.lat + rng.uniform(-0.5, 0.5), 4)
        lon = None if m.lon is None else round(m.lon + rng.uniform(-0.5, 0.5), 4)
        article = f"{m.article}x{j // len(base)}"
        out.append(replace(
            m, key=f"{article}:{m.event}", article=article, published=day.isoformat(),
            date=_shift(m.date, delta) if m.precision == "day" else m.date, lat=lat, lon=lon,
        ))  # fmt: skip
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--per-day", type=int, default=100, help="mentions a day in the store")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    args = parser.parse_args()

    base, analyze_s, n_articles = sample_mentions(args.articles)
    print(f"sample: {n_articles} news-raw articles, {len(base)} event mentions, "
          f"analysis {analyze_s / n_articles * 1000:.0f} ms/article")  # fmt: skip
    store = synthetic_store(base, max(args.sizes), args.per_day)
    first = None
    print(f"{'mentions':>9} {'seconds':>8} {'us/mention':>11} {'ratio':>6} {'stories':>8} {'links':>7}")
    per_mention = 0.0
    for size in sorted(args.sizes):
        start = time.perf_counter()
        linking = link_mentions(store[:size])
        took = time.perf_counter() - start
        per_mention = took / size
        first = first or per_mention
        print(f"{size:>9} {took:>8.2f} {per_mention * 1e6:>11.1f} {per_mention / first:>6.2f} "
              f"{len(linking.clusters):>8} {len(linking.links):>7}")  # fmt: skip
    per_article = per_mention * len(base) / n_articles
    print(f"linking adds {per_article * 1000:.1f} ms/article "
          f"({per_article / (analyze_s / n_articles):.1%} of analysis) at {max(args.sizes)} mentions")
    day = synthetic_store(base, max(args.sizes) + 2 * args.per_day, args.per_day)[-2 * args.per_day :]
    day = [replace(m, key=f"new{m.key}", article=f"new{m.article}") for m in day]
    grown = attach(day[: args.per_day], linking)  # the first attach indexes the store by date
    start = time.perf_counter()
    again = attach(day[args.per_day :], grown)
    took = time.perf_counter() - start
    per_article = took / args.per_day * len(base) / n_articles
    print(f"attach a day ({args.per_day} new mentions) to {len(grown.mentions)}: {took:.2f} s, "
          f"{per_article * 1000:.1f} ms/article ({per_article / (analyze_s / n_articles):.1%} of "
          f"analysis); {len(again.clusters) - len(grown.clusters)} new stories")

if __name__ == "__main__":
    main()

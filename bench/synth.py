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
from typing import Any

from dateline.records import AnalysisRecord
from dateline.store import Store, open_store

BENCH = Path(__file__).resolve().parent
CACHE = BENCH / ".cache"
RAW = "news-raw/wikinews_2019_2020.jsonl"
#: Changes whenever the synthesized records change (stores cached by content key rebuild).
REVISION = 3

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


def clone_meta(
    count: int,
    *,
    start: date = date(2015, 1, 1),
    years: int = 10,
    outlets: Sequence[str] = OUTLETS,
    undated: float = 0.02,
    rng_seed: int = 0,
    first: int = 0,
) -> Iterator[tuple[str, str | None, str]]:
    """``(id, published, outlet)`` of clones ``first`` .. ``first + count - 1``: ids
    ``syn0000000``.., a random day of ``years`` years from ``start`` (a fraction ``undated``
    without a date), a random outlet (skewed: the first outlets are the most common).

    >>> next(clone_meta(1))[0]
    'syn0000000'
    """
    rng = random.Random(rng_seed + first)
    days = 365 * years
    weights = [1 / (k + 1) for k in range(len(outlets))]
    for n in range(first, first + count):
        published = (
            None if rng.random() < undated else (start + timedelta(rng.randrange(days))).isoformat()
        )
        yield f"syn{n:07d}", published, rng.choices(outlets, weights)[0]


def synthesize(
    seed: Sequence[AnalysisRecord], count: int, *, first: int = 0, **meta: Any
) -> Iterator[AnalysisRecord]:
    """``count`` clones of ``seed`` records (round robin: clone ``n`` is ``seed[n % len]``)
    with the ids, dates and outlets of :func:`clone_meta` (``meta``: its options).

    >>> from dateline.records import Article
    >>> [r.article.id for r in synthesize([AnalysisRecord(article=Article(id="x", text="y"))], 2)]
    ['syn0000000', 'syn0000001']
    """
    for n, (article_id, published, outlet) in enumerate(
        clone_meta(count, first=first, **meta), start=first
    ):
        base = seed[n % len(seed)]
        article = base.article.model_copy(
            update={"id": article_id, "published": published, "outlet": outlet}
        )
        yield base.model_copy(update={"article": article})


class Cloner:
    """Clones of ``seed`` as Arrow tables in the store's layout, built column-wise: each seed
    record's rows are laid out once (:func:`~dateline.store.layout.record_rows`), then a batch
    of clones takes them by index and sets the article columns. The same records as
    :func:`synthesize` gives, digests included (checked in tests/bench), thousands a second.
    """

    SENTINEL = "\u2063syn-{}\u2063"

    def __init__(self, seed: Sequence[AnalysisRecord], **meta: Any) -> None:
        import numpy as np

        from dateline.store.duckdb import arrow_table
        from dateline.store.layout import TABLES, columns, record_rows

        self.seed = seed
        self.meta = meta
        rows = [record_rows(r) for r in seed]
        self.tables = {t: arrow_table(t, [x for r in rows for x in r[t]]) for t in TABLES}
        counts = {t: np.array([len(r[t]) for r in rows]) for t in TABLES}
        self.counts = counts
        self.starts = {t: np.concatenate([[0], np.cumsum(c)[:-1]]) for t, c in counts.items()}
        self.columns = {t: [c.name for c in columns(t)] for t in TABLES}
        self.templates = [self._template(r) for r in seed]

    def _template(self, record: AnalysisRecord) -> tuple[str, str, str]:
        """The record's JSON with stand-ins for the article id, published date and outlet,
        so a clone's JSON is a few string replacements and its digest one hash."""
        mark = self.SENTINEL
        article = record.article.model_copy(
            update={
                "id": mark.format("id"),
                "published": mark.format("pub"),
                "outlet": mark.format("out"),
            }
        )
        text = record.model_copy(update={"article": article}).model_dump_json()
        for name in ("id", "pub", "out"):
            if text.count(mark.format(name)) != 1:
                raise ValueError(f"cannot template seed record {record.article.id}")
        return text, f'"{mark.format("pub")}"', mark.format("out")

    def record_json(self, n: int, article_id: str, published: str | None, outlet: str) -> str:
        """Clone ``n``'s JSON (``articles.record`` packed), as ``model_dump_json`` writes it."""
        import json

        text, pub, out = self.templates[n % len(self.seed)]
        text = text.replace(
            self.SENTINEL.format("id"), json.dumps(article_id, ensure_ascii=False)[1:-1]
        )
        text = text.replace(pub, json.dumps(published, ensure_ascii=False))
        return text.replace(out, json.dumps(outlet, ensure_ascii=False)[1:-1])

    def batch(self, first: int, count: int) -> dict[str, Any]:
        """Arrow tables of clones ``first`` .. ``first + count - 1`` (for
        :meth:`dateline.store.duckdb.DuckDBStore.put_arrow`)."""
        import numpy as np
        import pyarrow as pa

        from dateline.store.layout import pack_record, text_digest

        meta = list(clone_meta(count, first=first, **self.meta))
        ids = [m[0] for m in meta]
        which = np.arange(first, first + count) % len(self.seed)
        out: dict[str, Any] = {}
        for table, seed_table in self.tables.items():
            counts = self.counts[table][which]
            total = int(counts.sum())
            if total == 0:
                continue
            # row indices: for each clone, its seed record's rows in order
            offsets = np.repeat(
                self.starts[table][which] - np.concatenate([[0], np.cumsum(counts)[:-1]]), counts
            )
            taken = seed_table.take(pa.array(np.arange(total) + offsets))
            key = "id" if table == "articles" else "article"
            column = pa.array(np.repeat(np.array(ids, dtype=object), counts), type=pa.string())
            taken = taken.set_column(self.columns[table].index(key), key, column)
            if table == "articles":
                texts = [self.record_json(n, *m) for n, m in enumerate(meta, start=first)]
                updates = {
                    "published": pa.array([m[1] for m in meta], type=pa.string()),
                    "outlet": pa.array([m[2] for m in meta], type=pa.string()),
                    "outlet_key": pa.array([m[2].lower() for m in meta], type=pa.string()),
                    "record": pa.array([pack_record(t) for t in texts], type=pa.binary()),
                    "digest": pa.array([text_digest(t) for t in texts], type=pa.string()),
                }
                for name, values in updates.items():
                    taken = taken.set_column(self.columns[table].index(name), name, values)
            out[table] = taken
        return out


def build_store(
    url: str, seed: Sequence[AnalysisRecord], count: int, *, batch: int = 5000, quiet: bool = True
) -> Store:
    """Open (or create) the store at ``url`` and fill it with :func:`synthesize` ``count``
    clones, ``batch`` per transaction; what is stored already (same id and content) is
    skipped. A DuckDB store takes them through the bulk Arrow path (:class:`Cloner`), others
    through ``put_many``. Returns the open store.

    >>> store = build_store("/tmp/100k.duckdb", load_seed(), 100_000)  # doctest: +SKIP
    """
    store = open_store(url)
    have = store.count("articles")
    started = time.perf_counter()
    bulk = getattr(store, "put_arrow", None)
    cloner = Cloner(seed) if bulk is not None else None
    for first in range(0, count, batch):
        size = min(batch, count - first)
        if first + size <= have and store.has(f"syn{first + size - 1:07d}"):
            continue  # a rerun on a built store: this batch is stored already
        if cloner is not None and not any(
            store.has(f"syn{n:07d}") for n in (first, first + size - 1)
        ):
            store.put_arrow(cloner.batch(first, size))
        else:
            store.put_many(list(synthesize(seed, size, first=first)))
        if not quiet:
            rate = (first + size) / (time.perf_counter() - started)
            print(f"\r{first + size} records ({rate:.0f}/s)", end="", file=sys.stderr)
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

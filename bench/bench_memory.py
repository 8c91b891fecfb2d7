"""Peak memory of a streaming ingest against the corpus size: flat from 1k to 50k articles.

Two measurements, each size in a fresh process (its peak RSS, ``ru_maxrss``):

- **read -> sink** at 1k ... 50k articles: a JSONL file of news-raw articles cycled (each line
  its own id, so nothing is skipped) goes through the local runner's steps -- the lazy reader,
  :func:`dateline.ingest.plan` against the store, a record sink into a fresh DuckDB file -- with
  a *replay* analyzer in place of the model: each article gets the real record the full
  pipeline made for its text (analyzed once beforehand), so the sink stores real-sized records.
  Analyzing 50k articles with the model takes hours on a small machine; this isolates what
  grows with the corpus (reading, planning, storing, the run's bookkeeping).
- **the full pipeline** (``dateline ingest`` with the model, linking off) at two small sizes.

    python bench/bench_memory.py                          # 1k 5k 20k 50k; full at 40 and 160
    python bench/bench_memory.py --sizes 1000 5000 --full 20 40
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_length import RAW, corpora_dir


def write_corpus(path: Path, n: int, cycle: int | None = None) -> Path:
    """``n`` news-raw articles (the first ``cycle`` of them, cycled), each with a fresh id."""
    lines = (corpora_dir() / RAW).read_text(encoding="utf-8").splitlines()[:cycle]
    with path.open("w", encoding="utf-8") as out:
        for k in range(n):
            row = json.loads(lines[k % len(lines)])
            row["id"] = f"m{k:07}"
            out.write(json.dumps(row) + "\n")
    return path


def templates(path: Path, n: int) -> Path:
    """The full pipeline's records of the first ``n`` news-raw articles, by text, as JSONL."""
    from dateline.article.read import read_articles
    from dateline.nlp import load_pipeline
    from dateline.pipeline import analyze_batch

    items = [(i.article, i.warnings) for i in read_articles([str(corpora_dir() / RAW)])]
    batch = analyze_batch([it for it in items if it[0] is not None][:n], load_pipeline())
    with path.open("w", encoding="utf-8") as out:
        for record in batch.records:
            out.write(record.model_dump_json() + "\n")
    return path


def child_replay(corpus: Path, db: Path, records: Path) -> dict:
    """Read -> plan -> replayed records -> StoreSink, as the local runner composes them."""
    from itertools import islice

    from dateline.article.read import read_articles
    from dateline.ingest import IngestReport, Pending, StoreSink, plan
    from dateline.pipeline import Batch
    from dateline.records import AnalysisRecord
    from dateline.store import open_store

    by_text = {}
    with records.open(encoding="utf-8") as fh:
        for line in fh:
            record = AnalysisRecord.model_validate_json(line)
            by_text[record.article.text] = record
    report, pending = IngestReport(), {}
    pending: dict[str, Pending]
    start = time.perf_counter()
    with open_store(str(db)) as store:
        sink = StoreSink(store, report)
        todo = plan(read_articles([str(corpus)]), store.analyzer_keys, "replay", report, pending)
        while chunk := list(islice(todo, 64)):
            batch = Batch()
            for article, _ in chunk:
                template = by_text.get(article.text)
                if template is None:  # a text the templates lack: an empty record
                    batch.records.append(AnalysisRecord(article=article))
                else:
                    batch.records.append(template.model_copy(update={"article": article}))
            sink.write(batch.records, pending)
    return {"stored": report.added, "seconds": time.perf_counter() - start}


def child_full(corpus: Path, db: Path) -> dict:
    from dateline.config import Settings
    from dateline.ingest import ingest
    from dateline.nlp import load_pipeline

    start = time.perf_counter()
    report = ingest([str(corpus)], Settings(db=str(db)), load_pipeline(), link=False)
    return {"stored": report.added, "seconds": time.perf_counter() - start}


def peak_rss() -> int:
    """This process's peak resident memory in bytes: ``VmHWM`` (Linux), which starts afresh
    at exec. ``ru_maxrss`` does not: it keeps the peak of the forked parent's copy, so a child
    of a big parent reports the parent's size."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def measure(mode: str, corpus: Path, db: Path, records: Path | None) -> dict:
    args = [sys.executable, __file__, "--child", mode, str(corpus), str(db), str(records or "")]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000, 50000])
    parser.add_argument("--full", type=int, nargs="*", default=[40, 160])
    parser.add_argument("--templates", type=int, default=40, help="articles analyzed for replay")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, corpus, db, records = args.child
        result = (
            child_replay(Path(corpus), Path(db), Path(records))
            if mode == "replay"
            else child_full(Path(corpus), Path(db))
        )
        result["peak_rss"] = peak_rss()
        print(json.dumps(result))
        return 0

    folder = Path(tempfile.mkdtemp(prefix="bench-memory-"))
    print(f"{'path':<28} {'articles':>8} {'seconds':>8} {'peak RSS MB':>12} {'db MB':>7}")
    for n in args.full:
        corpus = write_corpus(folder / f"full{n}.jsonl", n)
        db = folder / f"full{n}.duckdb"
        result = measure("full", corpus, db, None)
        size = db.stat().st_size / 1e6
        print(
            f"{'full pipeline (model)':<28} {n:>8} {result['seconds']:>8.1f} "
            f"{result['peak_rss'] / 1e6:>12.0f} {size:>7.1f}"
        )
    records = templates(folder / "templates.jsonl", args.templates)
    for n in args.sizes:
        corpus = write_corpus(folder / f"replay{n}.jsonl", n, cycle=args.templates)
        db = folder / f"replay{n}.duckdb"
        result = measure("replay", corpus, db, records)
        size = db.stat().st_size / 1e6
        print(
            f"{'read -> sink (replay)':<28} {n:>8} {result['seconds']:>8.1f} "
            f"{result['peak_rss'] / 1e6:>12.0f} {size:>7.1f}"
        )
        corpus.unlink()
    print(f"replayed records: the full pipeline's for the first {args.templates} articles")
    return 0


if __name__ == "__main__":
    sys.exit(main())

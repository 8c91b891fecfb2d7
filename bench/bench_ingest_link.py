"""What linking adds to ingest, measured in one run: incremental linking after each batch.

Real news articles (``news-raw``, Wikinews 2019-2020) are ingested in date order, in batches,
as a daily feed would be: each ``ingest`` reads, analyzes and stores its batch, then links the
new articles into the stored stories incrementally. The benchmark prints, per run, the time
spent storing (read + analyze + store) and linking, and the share linking adds; then a full
``dateline link`` recompute of the same store for comparison. Only ratios within one run are
meant to be compared: the machines are noisy.

    python bench/bench_ingest_link.py [--articles 150] [--batches 6]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from dateline.config import Settings
from dateline.ingest import ingest
from dateline.linking import link_store
from dateline.nlp import load_model
from dateline.store import open_store

ROOT = Path(__file__).resolve().parents[1]


def corpus_path() -> Path:
    base = Path(os.environ.get("DATELINE_CORPORA", ROOT.parent / "shared" / "corpora"))
    return base / "news-raw" / "wikinews_2019_2020.jsonl"


def batches(n: int, k: int, folder: Path) -> list[Path]:
    """The first ``n`` articles by date, as ``k`` JSONL files of consecutive dates."""
    rows = [json.loads(line) for line in corpus_path().read_text(encoding="utf-8").splitlines()]
    rows = sorted(rows, key=lambda r: (r.get("date") or "", r["id"]))[:n]
    size = max(1, -(-len(rows) // k))
    paths = []
    for i in range(0, len(rows), size):
        path = folder / f"batch{i // size:02d}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for r in rows[i : i + size]:
                item = {"id": r["id"], "text": r["text"], "title": r.get("title"),
                        "published": r.get("date"), "outlet": "Wikinews"}  # fmt: skip
                out.write(json.dumps(item) + "\n")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=150)
    parser.add_argument("--batches", type=int, default=6)
    args = parser.parse_args()
    nlp = load_model(Settings().model)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "bench.duckdb"
        settings = Settings(db=str(db), processes=1)
        stored = linked = 0.0
        phases: dict[str, float] = {}
        for path in batches(args.articles, args.batches, folder):
            report = ingest([str(path)], settings, nlp)
            stored += report.seconds
            linked += report.link_seconds
            for phase, seconds in report.link_phases.items():
                phases[phase] = phases.get(phase, 0.0) + seconds
            print(
                f"{path.name}: {report.added} articles, store {report.seconds:.1f} s, "
                f"link {report.link_seconds:.2f} s, {report.stories} stories written"
            )
        print("link phases: " + ", ".join(f"{k} {v:.2f} s" for k, v in phases.items()))
        print(
            f"ingest total: store {stored:.1f} s, link {linked:.2f} s -> linking adds "
            f"{100 * linked / stored:.1f}% to ingest time"
        )
        with open_store(db) as store:
            start = time.perf_counter()
            full_phases: dict[str, float] = {}
            stories = link_store(store, timings=full_phases)
            full = time.perf_counter() - start
            mentions = sum(len(s.reports) for s in stories)
        print(
            f"full recompute (dateline link): {len(stories)} stories from {mentions} mentions "
            f"in {full:.2f} s ({100 * full / stored:.1f}% of the ingest time); "
            + ", ".join(f"{k} {v:.2f} s" for k, v in full_phases.items())
        )


if __name__ == "__main__":
    main()

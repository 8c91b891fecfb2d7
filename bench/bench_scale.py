"""Throughput at scale on real news: dateline ingest against bare spaCy, 2 processes against 1,
and the Ray runner against the local one, all measured in one run on the same articles.

The articles are the real Wikinews ones of ``corpora/news-raw`` (short and long, in file order;
all 295, or the first ``--articles``). Every dateline figure is a whole ``dateline ingest``
(read the JSONL file, analyze, store into a fresh DuckDB file; linking off, it is measured by
bench_ingest_link.py) with the model already loaded in the driver; bare spaCy is ``nlp.pipe``
over the same texts with the same model. Worker start-up is inside the times (spaCy's
``n_process`` workers, Ray's actors receiving the pipeline); starting the Ray cluster is not
(a cluster runs before a job), it is printed apart.

Printed: seconds and articles/s per run, the ratios with their targets, the peak RSS of one
worker, the stage shares of the 1-process run and the machine's load. Machines we share are
noisy: only ratios within one run compare, and multi-process ratios need free cores.

    python bench/bench_scale.py            # all 295 articles (a few minutes on a quiet machine)
    python bench/bench_scale.py --quick    # 40 articles: checks the path end to end
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from bench_length import RAW, corpora_dir  # the same news-raw location as the length tiers
from dateline.article.read import read_articles
from dateline.config import Settings
from dateline.ingest import ingest
from dateline.nlp import load_model, load_pipeline

#: The issue's targets (throughput ratios: higher is better; RSS in bytes).
TARGETS = {
    "dateline 1 process / bare nlp.pipe": 0.7,
    "dateline 2 processes / 1 process": 1.6,
    "ray 2 workers / local 1 process": 1.7,
}
RSS_LIMIT = 1.5e9


def sample(n: int | None, folder: Path) -> Path:
    """The first ``n`` news-raw articles (all when None) as a JSONL file in ``folder``."""
    lines = (corpora_dir() / RAW).read_text(encoding="utf-8").splitlines()
    out = folder / "news.jsonl"
    out.write_text("\n".join(lines[:n] if n else lines) + "\n", encoding="utf-8")
    return out


def bare_spacy(nlp, texts: list[str], n_process: int) -> float:
    # Every ingest freezes what is loaded out of the GC's scans while it runs
    # (runners.local.settled); bare spaCy gets the same footing.
    gc.freeze()
    try:
        start = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=16, n_process=n_process):
            pass
        return time.perf_counter() - start
    finally:
        gc.unfreeze()


def run_ingest(pipeline, path: Path, folder: Path, tag: str, **kw) -> tuple[float, object]:
    settings = Settings(db=str(folder / f"{tag}.duckdb"), processes=kw.pop("processes", 1))
    start = time.perf_counter()
    report = ingest([str(path)], settings, pipeline, link=False, **kw)
    seconds = time.perf_counter() - start
    assert not report.failed, report.failed
    return seconds, report


@contextlib.contextmanager
def cpu_of(cpu: dict, name: str):
    """Record the CPU seconds of the block as ``cpu[name]``: (this process, its children
    waited for: spaCy's or dateline's worker processes)."""
    before = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    yield
    after = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    cpu[name] = tuple(
        (a.ru_utime + a.ru_stime) - (b.ru_utime + b.ru_stime)
        for a, b in zip(after, before, strict=True)
    )


def children_rss() -> int:
    """Peak RSS of the largest child process waited for (spaCy's workers), in bytes."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024


def print_ray(stats: dict, local_rate: float, local_cpu: float) -> None:
    """Where the Ray run's time went: the driver's milestones, each actor's start-up and the
    share of the run's wall time it spent analyzing (meaningful even on a loaded machine)."""
    print(
        f"\nray run: {stats['wall_s']:.1f} s wall, {stats['units']} units, pipeline shipped "
        f"{stats['pipeline_mb']:.1f} MB (pickled by {stats.get('pickled_s', 0):.1f} s, "
        f"{stats['pickle_cpu_s']:.1f} s of CPU), first row back at "
        f"{stats.get('first_row_s', 0):.1f} s, driver merging shards {stats['merge_s']:.1f} s, "
        f"driver CPU {stats.get('driver_cpu_s', 0):.1f} s"
    )
    print(
        f"  {'actor':>8} {'process':>8} {'created':>8} {'ready':>6} {'start-up':>13} "
        f"{'import cpu':>10} {'units':>6} {'articles':>9} {'busy s':>7} {'busy':>5} "
        f"{'art/busy s':>10} {'last end':>9}"
    )
    for a in stats["actors"]:
        startup = f"{a['startup_s']:.1f}s ({a['startup_cpu_s']:.1f} cpu)"
        print(
            f"  {a['pid']:>8} {a['process_s']:>7.1f}s {a['created_s']:>7.1f}s "
            f"{a['ready_s']:>5.1f}s {startup:>13} {a['import_cpu_s']:>9.1f}s {a['units']:>6} "
            f"{a['articles']:>9} {a['busy_s']:>7.1f} {100 * a['busy_fraction']:>4.0f}% "
            f"{a['articles'] / max(a['busy_s'], 1e-9):>10.2f} {a['last_end_s']:>8.1f}s"
        )
    print(
        "  (seconds from the run's start; process: when the actor's worker process started "
        "(below 0: a worker Ray prestarted with the cluster); created/ready: it began/ended "
        "loading the pipeline (start-up: receiving and unpickling it); import cpu: CPU seconds "
        "the process spent before (Ray, spaCy, dateline); busy: inside its calls, of the run's "
        "wall time)"
    )
    actors = stats["actors"]
    if actors:
        busy = sum(a["busy_fraction"] for a in actors) / len(actors)
        rate = sum(a["articles"] for a in actors) / max(sum(a["busy_s"] for a in actors), 1e-9)
        print(
            f"  ratio against the local run = {len(actors)} actors x busy {busy:.2f} x speed "
            f"while busy {rate / local_rate:.2f} ({rate:.2f} against {local_rate:.2f} articles/s)"
            f" = {len(actors) * busy * rate / local_rate:.2f}"
        )
        cpu = sum(a["busy_cpu_s"] for a in actors) / max(sum(a["articles"] for a in actors), 1)
        print(
            f"  CPU per article: {1000 * cpu:.0f} ms in the actors, {1000 * local_cpu:.0f} ms in "
            f"the local run (whole process); actors' CPU share while busy "
            f"{sum(a['busy_cpu_s'] for a in actors) / max(sum(a['busy_s'] for a in actors), 1e-9):.2f}"
            " (below 1: they waited for a core)"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=None, help="first N (default: all)")
    parser.add_argument("--quick", action="store_true", help="40 articles")
    parser.add_argument("--no-ray", action="store_true", help="skip the Ray runner")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    n = 40 if args.quick else args.articles
    load = os.getloadavg()[0]
    folder = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    path = sample(n, folder)
    items = [i.article for i in read_articles([str(path)]) if i.article is not None]
    texts = [a.text for a in items]
    words = sum(len(t.split()) for t in texts)
    nlp, pipeline = load_model(), load_pipeline()
    print(
        f"{len(items)} news-raw articles, {words} words, {sum(map(len, texts))} characters; "
        f"model {nlp.meta.get('name')}; {os.cpu_count()} CPUs, load {load:.1f} at start"
    )
    bare_spacy(nlp, texts[:8], 1)  # warm up lazy tables in both
    (folder / "warm").mkdir()
    run_ingest(pipeline, sample(8, folder / "warm"), folder, "warm")

    times: dict[str, float] = {}
    stages: dict[str, float] = {}
    cpu: dict[str, tuple[float, float]] = {}  # run -> CPU seconds (this process, children)
    with cpu_of(cpu, "spacy 1"):
        times["spacy 1"] = bare_spacy(nlp, texts, 1)
    with cpu_of(cpu, "dateline 1"):
        times["dateline 1"], _ = run_ingest(pipeline, path, folder, "one", timings=stages)
    with cpu_of(cpu, "spacy 2"):
        times["spacy 2"] = bare_spacy(nlp, texts, 2)
    before = children_rss()
    stages2: dict[str, float] = {}
    with cpu_of(cpu, "dateline 2"):
        times["dateline 2"], _ = run_ingest(
            pipeline, path, folder, "two", processes=2, timings=stages2
        )
    local_worker_rss = max(children_rss(), before)
    ray_rss = 0
    ray_stats: dict = {}
    if not args.no_ray:
        import ray

        start = time.perf_counter()
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="warning")
        times["ray start"] = time.perf_counter() - start
        # As on a running cluster, Ray's prestarted idle worker processes (one per CPU, Ray
        # imported) are up before the job; the actors start in them.
        time.sleep(3)
        try:
            times["ray 2"], report = run_ingest(
                pipeline, path, folder, "ray", runner="ray", workers=2
            )
            ray_rss = report.worker_rss
            ray_stats = report.runner
        finally:
            ray.shutdown()

    print(
        f"\n{'run':<22} {'seconds':>8} {'articles/s':>11} {'words/s':>9}"
        f" {'CPU s (this process + workers)':>32}"
    )
    for name, seconds in times.items():
        rate = (
            f"{len(items) / seconds:>11.2f} {words / seconds:>9.0f}" if name != "ray start" else ""
        )
        used = (
            f" {sum(cpu[name]):>8.1f} ({cpu[name][0]:.1f} + {cpu[name][1]:.1f})"
            if name in cpu
            else ""
        )
        print(f"{name:<22} {seconds:>8.1f} {rate}{used}")

    ratios = {
        "dateline 1 process / bare nlp.pipe": times["spacy 1"] / times["dateline 1"],
        "dateline 2 processes / 1 process": times["dateline 1"] / times["dateline 2"],
        "bare nlp.pipe 2 processes / 1 (reference)": times["spacy 1"] / times["spacy 2"],
    }
    if "ray 2" in times:
        ratios["ray 2 workers / local 1 process"] = times["dateline 1"] / times["ray 2"]
    print("\nthroughput ratios (higher is better)")
    for name, value in ratios.items():
        target = TARGETS.get(name)
        verdict = (
            ""
            if target is None
            else f"  target >= {target}: {'met' if value >= target else 'NOT met'}"
        )
        print(f"  {name:<42} {value:5.2f}x{verdict}")
    print(
        "  CPU time, meaningful on a busy machine: bare nlp.pipe / dateline 1 process "
        f"{sum(cpu['spacy 1']) / sum(cpu['dateline 1']):.2f}x; dateline 2 processes used "
        f"{sum(cpu['dateline 2']) / sum(cpu['dateline 1']):.2f}x the CPU of 1, the parent "
        f"{100 * cpu['dateline 2'][0] / sum(cpu['dateline 2']):.0f}% of it"
    )
    rss = max(local_worker_rss, ray_rss)
    print(
        f"  peak RSS per worker: {rss / 1e9:.2f} GB (spaCy worker {local_worker_rss / 1e9:.2f}, "
        f"Ray actor {ray_rss / 1e9:.2f}; driver {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6:.2f})"
        f"  target <= 1.5 GB: {'met' if rss <= RSS_LIMIT else 'NOT met'}"
    )
    print(
        "\nshare of the 1-process ingest time, by stage (read: reading and planning; assemble:"
        " the record off the Doc; store: writing; the rest: the spaCy parse)"
    )
    for name, seconds in stages.items():
        print(f"  {name:<12} {100 * seconds / times['dateline 1']:5.1f}%")
    print(
        "\n2 processes: the parent's share of the wall time (read, decode: records from the"
        " workers' JSON, store) and the workers' (summed over both, against 2x the wall time;"
        " encode: records to JSON)"
    )
    parent = ("read", "decode", "store")
    for name, seconds in stages2.items():
        base = times["dateline 2"] * (1 if name in parent else 2)
        print(f"  {name:<12} {100 * seconds / base:5.1f}%{'  (parent)' if name in parent else ''}")
    if ray_stats:
        print_ray(ray_stats, len(items) / times["dateline 1"], sum(cpu["dateline 1"]) / len(items))
    print(f"\nload average at the end {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "times": times,
                    "ratios": ratios,
                    "stages": stages,
                    "stages2": stages2,
                    "rss": rss,
                    "cpu": cpu,
                    "ray": ray_stats,
                },
                indent=2,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

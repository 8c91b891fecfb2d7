"""Evaluation on gold corpora, with floors kept in ``eval/floors.toml``.

Each task module (``attribution``, ``time``, ``geo``, ``events``, ``linking``) exposes
``evaluate(corpora: Path, split: str = "dev", limit: int | None = None) -> dict`` returning
``{"system name": {"metric": value, ...}, ...}``; the system named ``"dateline"`` is the one
the floors apply to. ``dateline eval TASK`` prints every system side by side.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

TASKS = ("attribution", "time", "geo", "events", "linking")


def corpora_dir() -> Path:
    """Where the gold corpora live: ``$DATELINE_CORPORA``, else ``../shared/corpora``.

    The relative path is tried from the working directory and from the repository root.
    """
    env = os.environ.get("DATELINE_CORPORA")
    if env:
        return Path(env)
    repo = Path(__file__).resolve().parents[3]
    for base in (Path.cwd(), repo):
        candidate = (base / ".." / "shared" / "corpora").resolve()
        if candidate.is_dir():
            return candidate
    return (repo / ".." / "shared" / "corpora").resolve()


def gold_path(path: Path) -> Path:
    """``path`` if it exists, else E703 naming the missing split file or folder."""
    if not path.exists():
        from dateline.errors import DatelineError

        raise DatelineError.make("E703", path=path)
    return path


def floors_file() -> Path:
    env = os.environ.get("DATELINE_FLOORS")
    if env:
        return Path(env)
    for base in (Path.cwd(), Path(__file__).resolve().parents[3]):
        candidate = base / "eval" / "floors.toml"
        if candidate.is_file():
            return candidate
    return Path("eval/floors.toml")


def load_floors(path: Path | None = None) -> dict[str, dict[str, float]]:
    path = path or floors_file()
    if not path.is_file():
        return {}
    return tomllib.loads(path.read_text(encoding="utf-8"))


def check_floors(task: str, scores: dict, floors: dict | None = None) -> list[str]:
    """Messages for every dateline metric of ``task`` below its floor (empty when all pass)."""
    floors = load_floors() if floors is None else floors
    ours = scores.get("dateline", {})
    failures = []
    for metric, floor in floors.get(task, {}).items():
        value = ours.get(metric)
        if value is None:
            failures.append(f"{task}.{metric}: not measured (floor {floor})")
        elif value < floor:
            failures.append(f"{task}.{metric} = {value:.4f} is below its floor {floor}")
    return failures


def run_tasks(
    task: str, *, corpora: Path | None = None, split: str = "dev", limit: int | None = None
) -> tuple[dict, list[str]]:
    """Evaluate ``task`` (or ``all``); return ({task: scores}, floor failures)."""
    import importlib

    from dateline.errors import DatelineError

    names = TASKS if task == "all" else (task,)
    corpora = corpora or corpora_dir()
    results: dict[str, dict] = {}
    failures: list[str] = []
    floors = load_floors()
    for name in names:
        if name not in TASKS:
            raise DatelineError.make("E701", task=name, known=", ".join(TASKS))
        if not corpora.is_dir():
            raise DatelineError.make("E702", path=corpora)
        module = importlib.import_module(f"dateline.evaluation.{name}")
        scores = module.evaluate(corpora, split=split, limit=limit)
        results[name] = scores
        failures += check_floors(name, scores, floors)
    return results, failures

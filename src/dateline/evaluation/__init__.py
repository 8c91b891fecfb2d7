"""Evaluation on gold corpora, with floors kept in ``eval/floors.toml``.

Each task in :data:`TASKS` is a module ``dateline.evaluation.<task>`` that exposes
``evaluate(corpora: Path, split: str = "dev", limit: int | None = None, model: str | None = None)
-> dict`` (``model``: the spaCy pipeline to evaluate, None for the default) returning
``{"system name": {"metric": value, ...}, ...}``; the system named ``"dateline"`` is the one
the floors apply to. ``dateline eval TASK`` prints every system side by side. To add a task,
add its name here and write its module.

Splits. ``--split NAME`` reads every gold set from ``<corpora>/<corpus>/NAME...`` in the layout
of ``dev``: ``polnear/NAME/{text,attributions}``, ``geowebnews/NAME.jsonl``, ``lgl/NAME.jsonl``,
``case2021-task2/NAME.tsv``, ``meantime/NAME/intra-doc_annotation``, ``timebank/NAME/*.tml`` (dev is also found in TimeBank's own
folder name, ``timebank/TimeBank``). A missing split is error E703, never a silent fallback to
dev. CI gates on ``dev``; a held-out ``test`` split laid out the same way is scored against the
same floors, except the metrics of gold kept in this repository (a task's ``DEV_ONLY``
prefixes, e.g. attribution's ``demo_``), which only dev measures.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

TASKS = ("attribution", "time", "geo", "events", "factuality", "linking")


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


def split_dir(corpora: Path, corpus: str, split: str, dev_name: str | None = None) -> Path:
    """The folder of ``split`` in ``corpora/corpus``: ``corpus/split``, or for dev also the
    corpus's own name for it (``dev_name``); else E703.

    >>> from dateline.errors import DatelineError
    >>> try:
    ...     split_dir(Path("/nowhere"), "timebank", "test")
    ... except DatelineError as exc:
    ...     print(exc.code, exc.message)
    E703 The gold data /nowhere/timebank/test does not exist.
    """
    folder = corpora / corpus / split
    if not folder.is_dir() and split == "dev" and dev_name:
        named = corpora / corpus / dev_name
        if named.is_dir():
            return named
    return gold_path(folder)


def gold_files(folder: Path, pattern: str, limit: int | None = None) -> list[Path]:
    """The first ``limit`` files matching ``pattern`` in ``folder``, sorted; E706 when none."""
    files = sorted(folder.glob(pattern))
    if not files:
        from dateline.errors import DatelineError

        raise DatelineError.make("E706", path=folder, pattern=pattern)
    return files[:limit]


def floors_file() -> Path:
    env = os.environ.get("DATELINE_FLOORS")
    if env:
        return Path(env)
    for base in (Path.cwd(), Path(__file__).resolve().parents[3]):
        candidate = base / "eval" / "floors.toml"
        if candidate.is_file():
            return candidate
    return Path("eval/floors.toml")


def load_floors(path: Path | None = None, *, required: bool = False) -> dict[str, dict]:
    """The floors file as ``{task: {metric: floor}}``; ``{}`` when it is missing, unless
    ``required`` (``--check``), where a missing or unreadable file is E704."""
    from dateline.errors import DatelineError

    path = path or floors_file()
    if not path.is_file():
        if required:
            raise DatelineError.make("E704", path=path, detail="no such file")
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DatelineError.make("E704", path=path, detail=exc) from exc


def check_floors(
    task: str,
    scores: dict,
    floors: dict | None = None,
    split: str = "dev",
    dev_only: tuple[str, ...] = (),
) -> list[str]:
    """Messages for every dateline metric of ``task`` below its floor (empty when all pass).

    A floored metric that was not measured fails, except, on a split other than dev, the
    metrics whose names start with one of ``dev_only`` (gold that only dev has).

    >>> check_floors("geo", {"dateline": {"f1": 0.5}}, {"geo": {"f1": 0.6}})
    ['geo.f1 = 0.5000 is below its floor 0.6']
    """
    floors = load_floors() if floors is None else floors
    ours = scores.get("dateline", {})
    failures = []
    for metric, floor in floors.get(task, {}).items():
        value = ours.get(metric)
        if value is None:
            if split != "dev" and dev_only and metric.startswith(dev_only):
                continue
            failures.append(f"{task}.{metric}: not measured (floor {floor})")
        elif value < floor:
            failures.append(f"{task}.{metric} = {value:.4f} is below its floor {floor}")
    return failures


def run_tasks(
    task: str,
    *,
    corpora: Path | None = None,
    split: str = "dev",
    limit: int | None = None,
    check: bool = False,
    floors_path: Path | None = None,
    model: str | None = None,
) -> tuple[dict, list[str]]:
    """Evaluate ``task`` (or ``all``) with the spaCy pipeline ``model`` (None: the default
    :func:`dateline.nlp.model.pick_model` picks); return ({task: scores}, floor failures).

    With ``check``, the floors file must exist (E704) and hold a section for every task run
    (E705), so that a check can never pass for want of floors.
    """
    import importlib

    from dateline.errors import DatelineError

    names = TASKS if task == "all" else (task,)
    for name in names:
        if name not in TASKS:
            raise DatelineError.make("E701", task=name, known=", ".join(TASKS))
    floors = load_floors(floors_path, required=check)
    if check:
        for name in names:
            if not floors.get(name):
                raise DatelineError.make("E705", task=name, path=floors_path or floors_file())
    corpora = corpora or corpora_dir()
    if not corpora.is_dir():
        raise DatelineError.make("E702", path=corpora)
    results: dict[str, dict] = {}
    failures: list[str] = []
    for name in names:
        module = importlib.import_module(f"dateline.evaluation.{name}")
        scores = module.evaluate(corpora, split=split, limit=limit, model=model)
        results[name] = scores
        dev_only = tuple(getattr(module, "DEV_ONLY", ()))
        failures += check_floors(name, scores, floors, split, dev_only)
    return results, failures

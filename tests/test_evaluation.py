"""The evaluation runner: --check needs floors, and every task reads the split it is given."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.cli import app
from dateline.errors import DatelineError
from dateline.evaluation import TASKS, check_floors, corpora_dir, run_tasks

runner = CliRunner()


def test_check_without_a_floors_file_is_an_error(tmp_path):
    missing = tmp_path / "floors.toml"
    with pytest.raises(DatelineError) as exc:
        run_tasks("geo", corpora=tmp_path, check=True, floors_path=missing)
    assert exc.value.code == "E704"
    result = runner.invoke(
        app, ["eval", "geo", "--check", "--corpora", str(tmp_path), "--floors", str(missing)]
    )
    assert result.exit_code == 2 and "E704" in result.output
    via_env = runner.invoke(app, ["eval", "time", "--check"], env={"DATELINE_FLOORS": str(missing)})
    assert via_env.exit_code == 2 and "E704" in via_env.output


def test_check_of_a_task_without_floors_is_an_error(tmp_path):
    floors = tmp_path / "floors.toml"
    floors.write_text("[time]\nvalue_f1 = 0.5\n", encoding="utf-8")
    with pytest.raises(DatelineError) as exc:
        run_tasks("all", corpora=tmp_path, check=True, floors_path=floors)
    assert exc.value.code == "E705" and "[attribution]" in exc.value.message
    floors.write_text("[time\n", encoding="utf-8")
    with pytest.raises(DatelineError) as broken:
        run_tasks("time", corpora=tmp_path, check=True, floors_path=floors)
    assert broken.value.code == "E704"


def test_the_shipped_floors_cover_every_task():
    root = Path(__file__).resolve().parents[1]
    import tomllib

    floors = tomllib.loads((root / "eval" / "floors.toml").read_text(encoding="utf-8"))
    assert [task for task in TASKS if not floors.get(task)] == []


def test_missing_metrics_fail_except_dev_only_gold_on_other_splits():
    floors = {"attribution": {"polnear_cue_f1": 0.5, "demo_cue_f1": 0.5}}
    scores = {"dateline": {"polnear_cue_f1": 0.6}}
    assert check_floors("attribution", scores, floors, "dev", ("demo_",)) == [
        "attribution.demo_cue_f1: not measured (floor 0.5)"
    ]
    assert check_floors("attribution", scores, floors, "test", ("demo_",)) == []
    assert check_floors("attribution", {"dateline": {}}, floors, "test", ("demo_",)) == [
        "attribution.polnear_cue_f1: not measured (floor 0.5)"
    ]


# --- splits: a temp corpora folder holding only a fake `test` split, laid out like dev --------


def _fake_test_split(dev: Path, out: Path) -> Path:
    """A few documents of each dev gold set, copied under the name ``test`` (and no dev)."""
    text = sorted((dev / "polnear" / "dev" / "text").glob("*.txt"))[:2]
    for path in text:
        (out / "polnear" / "test" / "text").mkdir(parents=True, exist_ok=True)
        (out / "polnear" / "test" / "attributions").mkdir(parents=True, exist_ok=True)
        shutil.copy(path, out / "polnear" / "test" / "text")
        for ann in (dev / "polnear" / "dev" / "attributions").glob(f"{path.stem}_*.ann"):
            shutil.copy(ann, out / "polnear" / "test" / "attributions")
    for corpus in ("geowebnews", "lgl"):
        (out / corpus).mkdir()
        lines = (dev / corpus / "dev.jsonl").read_text(encoding="utf-8").splitlines()[:2]
        (out / corpus / "test.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (out / "case2021-task2").mkdir()
    rows = (dev / "case2021-task2" / "dev.tsv").read_text(encoding="utf-8").splitlines()[:6]
    (out / "case2021-task2" / "test.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (out / "timebank" / "test").mkdir(parents=True)
    for path in sorted((dev / "timebank" / "TimeBank").glob("*.tml"))[:2]:
        shutil.copy(path, out / "timebank" / "test")
    ecb = dev / "ecbplus" / "dev"
    topic = sorted(p for p in ecb.iterdir() if p.is_dir())[0]
    shutil.copytree(topic, out / "ecbplus" / "test" / topic.name)
    index = ecb / "ECBplus_coreference_sentences.dev.csv"
    shutil.copy(index, out / "ecbplus" / "test" / "ECBplus_coreference_sentences.test.csv")
    for folder in ("intra_cross-doc_annotation", "intra-doc_annotation"):
        shutil.copytree(dev / "meantime" / "dev" / folder, out / "meantime" / "test" / folder)
    shutil.copytree(dev / "semeval2015-timeline" / "dev", out / "semeval2015-timeline" / "test")
    return out


@pytest.fixture(scope="module")
def test_split(tmp_path_factory) -> Path:
    dev = corpora_dir()
    needed = ["polnear/dev", "timebank/TimeBank", "ecbplus/dev", "meantime/dev", "lgl"]
    if not all((dev / folder).is_dir() for folder in needed):
        pytest.skip("gold corpora not available")
    return _fake_test_split(dev, tmp_path_factory.mktemp("corpora"))


@pytest.mark.model
@pytest.mark.parametrize("task", TASKS)
def test_every_task_reads_the_split_it_is_given(test_split, task):
    with pytest.raises(DatelineError) as no_dev:  # nothing falls back to another folder
        run_tasks(task, corpora=test_split, split="dev", limit=1)
    assert no_dev.value.code in {"E703", "E706"}
    results, _ = run_tasks(task, corpora=test_split, split="test", limit=2)
    ours = results[task]["dateline"]
    assert ours and all(isinstance(value, float | int) for value in ours.values())
    if task == "time":
        assert ours["documents"] == 2.0
    if task == "attribution":  # the demo gold is dev data: not scored on another split
        assert not any(metric.startswith("demo_") for metric in ours)
        assert "polnear_quote_overlap_f1" in ours
    if task == "linking":  # nor is the story gold, which the repository holds for dev only
        assert not any(metric.startswith("story_") for metric in ours)
        assert {"ecb_conll_f1", "mt_pair_f1", "tl_anchor_accuracy"} <= set(ours)
    if task == "factuality":
        assert ours["mentions"] > 0 and "macro_f1" in ours

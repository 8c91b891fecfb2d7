"""The CLI end to end on the demo articles, with the real model and a real DuckDB file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.cli import app

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "demo"
runner = CliRunner()


def run(*args: str, input: str | None = None, env: dict | None = None):
    return runner.invoke(app, list(args), input=input, env=env)


def test_every_command_has_help():
    for name in ["analyze", "ingest", "show", "query", "export", "schema", "eval"]:
        result = run(name, "--help")
        assert result.exit_code == 0 and "Usage" in result.output, name


def test_schema_doc_is_in_step_with_the_code():
    result = run("schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json.loads(
        (ROOT / "docs" / "record.schema.json").read_text()
    )


def test_cli_doc_is_in_step_with_the_code():
    import importlib.util

    spec = importlib.util.spec_from_file_location("gen_cli", ROOT / "docs" / "gen_cli.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.render().strip() == (ROOT / "docs" / "cli.md").read_text().strip()


@pytest.mark.model
def test_analyze_one_file_prints_one_json_record():
    result = run("analyze", str(DEMO / "depot-strike.txt"))
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)  # progress lines go to stderr
    from dateline.records import SCHEMA_VERSION

    assert record["schema_version"] == SCHEMA_VERSION
    assert record["main_event"] in {e["id"] for e in record["events"]}
    assert set(record["analyzer"]) == {"dateline", "model", "model_version", "config"}
    assert record["article"]["published"] == "2022-04-01"
    names = {e["name"] for e in record["entities"]}
    assert {"Dmitry Peskov", "Vladimir Putin", "Vyacheslav Gladkov"} <= names
    assert record["article"]["removed"][0]["kind"] == "caption"


@pytest.mark.model
def test_analyze_several_prints_json_lines_and_reports_failures():
    result = run(
        "analyze",
        str(DEMO / "depot-strike.txt"),
        str(DEMO / "summit-address.txt"),
        str(DEMO / "missing.txt"),
    )
    assert result.exit_code == 1
    lines = [ln for ln in result.stdout.splitlines() if ln.startswith("{")]
    assert len(lines) == 2 and all(json.loads(ln)["article"]["id"] for ln in lines)
    assert "E107" in result.stderr


@pytest.mark.model
def test_analyze_stdin_with_overrides_and_table():
    text = "Peskov told reporters on Friday that the talks had stalled."
    result = run(
        "analyze",
        "-",
        "--no-title-line",
        "--published",
        "2022-04-01",
        "--outlet",
        "Wire",
        input=text,
    )
    record = json.loads(result.stdout)
    assert record["article"]["outlet"] == "Wire" and record["article"]["text"] == text
    table = run("analyze", str(DEMO / "summit-address.txt"), "--format", "table")
    assert table.exit_code == 0 and "Volodymyr Zelensky" in table.stdout


@pytest.mark.model
def test_ingest_is_idempotent_then_query_show_export(tmp_path):
    db = str(tmp_path / "t.duckdb")
    first = run("ingest", str(DEMO), "--db", db)
    assert first.exit_code == 0, first.output
    assert "4 added, 0 already stored, 0 failed" in first.stdout
    again = run("ingest", str(DEMO), "--db", db)
    assert "0 added, 4 already stored" in again.stdout
    rows = json.loads(run("query", "articles", "--db", db, "--format", "json").stdout)
    assert len(rows) == 4
    harbor = json.loads(
        run("query", "articles", "--outlet", "Harbor Post", "--db", db, "--format", "json").stdout
    )
    assert len(harbor) == 1
    recent = json.loads(
        run("query", "articles", "--since", "2022-03-29", "--db", db, "--format", "json").stdout
    )
    assert {r["published"] for r in recent} <= {"2022-03-29", "2022-04-01"} and len(recent) == 2
    csv_out = run("query", "entities", "--db", db, "--format", "csv").stdout
    assert csv_out.splitlines()[0].count(",") >= 3 and "Dmitry Peskov" in csv_out
    article_id = rows[0]["article_id"] if "article_id" in rows[0] else rows[0]["id"]
    shown = run("show", article_id, "--db", db, "--format", "json")
    assert json.loads(shown.stdout)["article"]["id"] == article_id
    assert run("show", "nope", "--db", db).exit_code == 1
    assert "analyzed by dateline" in run("show", article_id, "--db", db).stdout
    forced = run("ingest", str(DEMO), "--db", db, "--force")  # analyzed again: same records
    assert "0 added, 4 already stored, 0 failed" in forced.stdout
    out = tmp_path / "all.jsonl"
    assert run("export", "--format", "jsonl", "--output", str(out), "--db", db).exit_code == 0
    assert len(out.read_text().splitlines()) == 4
    pq = tmp_path / "pq"
    assert run("export", "--format", "parquet", "--output", str(pq), "--db", db).exit_code == 0
    assert any(pq.iterdir())


@pytest.mark.model
def test_ingest_bad_files_reports_and_goes_on(tmp_path):
    (tmp_path / "good.txt").write_text(
        "Talks\nPeskov said the talks had stalled.", encoding="utf-8"
    )
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "bad.jsonl").write_text(
        '{"text": "Officials said talks went on."}\n{oops\n', encoding="utf-8"
    )
    result = run("ingest", str(tmp_path), "--db", str(tmp_path / "x.duckdb"))
    assert result.exit_code == 1
    assert "2 added" in result.stdout and "2 failed" in result.stdout
    assert "E101" in result.stderr and "E104" in result.stderr


def test_eval_of_a_missing_split_is_a_numbered_error(tmp_path):
    (tmp_path / "geowebnews").mkdir()
    result = run("eval", "geo", "--split", "test", "--corpora", str(tmp_path))
    assert result.exit_code == 2 and "E703" in result.output


def test_eval_of_an_unknown_task_is_a_numbered_error():
    result = run("eval", "sentiment")
    assert result.exit_code == 2 and "E701" in result.output


def test_scores_table_lists_every_system(capsys):
    from dateline.ui_text import print_scores

    print_scores({"geo": {"dateline": {"gwn_f1": 0.5}, "most populous": {"gwn_f1": 0.4}}})
    out = capsys.readouterr().out
    assert "most populous" in out and "0.5000" in out and "0.4000" in out


def test_version():
    from dateline import __version__

    result = run("--version")
    assert result.exit_code == 0 and result.output.startswith(f"dateline {__version__}")


def test_help_shows_the_defaults_of_layered_settings():
    from dateline.config import Settings

    ingest = run("ingest", "--help", env={"COLUMNS": "200"}).output
    for flag in ("--db", "--max-bytes", "--no-title-line", "--processes", "--model"):
        assert flag in ingest, flag
    assert Settings.db in ingest and str(Settings.max_bytes) in ingest
    analyze = run("analyze", "--help", env={"COLUMNS": "200"}).output
    assert "--max-bytes" in analyze and str(Settings.max_bytes) in analyze
    for name in ("show", "query", "export"):
        assert Settings.db in run(name, "--help", env={"COLUMNS": "200"}).output, name


def test_max_bytes_flag_skips_larger_files_with_e103(tmp_path):
    small, big = tmp_path / "small.txt", tmp_path / "big.txt"
    small.write_text("Talks\nPeskov said the talks had stalled.", encoding="utf-8")
    big.write_text("Talks\n" + "Peskov said the talks had stalled. " * 20, encoding="utf-8")
    result = run("analyze", str(big), "--max-bytes", "100")
    assert result.exit_code == 1 and "E103" in result.stderr and "100 bytes" in result.stderr
    assert run("analyze", str(big), "--max-bytes", "0").exit_code == 2  # not a size


def test_ingest_max_bytes_flag(tmp_path, monkeypatch):
    import spacy

    import dateline.cli as cli

    blank = spacy.blank("en")  # nothing gets analyzed: no model needed
    monkeypatch.setattr(cli, "_load_nlp", lambda settings: blank)
    big = tmp_path / "big.txt"
    big.write_text("Talks\n" + "Peskov said the talks had stalled. " * 20, encoding="utf-8")
    result = run("ingest", str(big), "--max-bytes", "100", "--db", str(tmp_path / "x.duckdb"))
    assert result.exit_code == 1 and "E103" in result.stderr
    assert "0 added, 0 already stored, 1 failed" in result.stdout


def test_progress_log_reports_count_rate_and_failures():
    from dateline.cli import ProgressLog

    ticks = iter([0.0, 5.0, 10.0, 20.0, 21.0]).__next__
    lines: list[str] = []
    failures = [2]
    with ProgressLog(
        10, "analyzing", every=10, clock=ticks, echo=lines.append, failures=lambda: failures[0]
    ) as log:
        task = log.add_task("analyzing", total=10)
        log.advance(task, 4)  # t=5: too soon for a line
        log.advance(task, 4)  # t=10: a line
        failures[0] = 3
        log.advance(task, 2)  # t=20: a line
    assert lines == [
        "analyzing: 8/10 articles (80%), 0.8/s, 2 failed, 10 s",
        "analyzing: 10/10 articles (100%), 0.5/s, 3 failed, 20 s",
        "analyzing: 10/10 articles (100%), 0.5/s, 3 failed, 21 s",
    ]


def test_short_runs_log_no_progress():
    from dateline.cli import ProgressLog

    lines: list[str] = []
    with ProgressLog(2, "analyzing", echo=lines.append) as log:
        log.advance(log.add_task("analyzing", total=2), 2)
    assert lines == []


@pytest.mark.model
def test_piped_runs_log_progress_lines(monkeypatch):
    import dateline.cli as cli

    monkeypatch.setattr(cli, "PROGRESS_EVERY", 0.0)  # a line for every article
    result = run(
        "analyze", str(DEMO / "depot-strike.txt"), str(DEMO / "summit-address.txt"), "nope.txt"
    )
    progress = [ln for ln in result.stderr.splitlines() if ln.startswith("analyzing:")]
    assert progress and progress[-1].startswith("analyzing: 2/2 articles (100%)")
    assert progress[-1].split(", ")[2] == "1 failed"


@pytest.mark.model
def test_ingest_no_title_line(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Peskov spoke\nPeskov said the talks had stalled.", encoding="utf-8")
    db = str(tmp_path / "t.duckdb")
    assert run("ingest", str(path), "--db", db, "--no-title-line").exit_code == 0
    [row] = json.loads(run("query", "articles", "--db", db, "--format", "json").stdout)
    assert row["title"] is None
    stored = json.loads(run("export", "--db", db).stdout)
    assert stored["article"]["text"].startswith("Peskov spoke\n")


def test_every_option_help_is_shown_whole():
    """Rich markup must not eat help text: "[env DATELINE_DB; ...]" once vanished from --help."""
    import re

    import typer.main

    group = typer.main.get_command(app)
    for name, command in group.commands.items():
        shown = run(name, "--help", env={"COLUMNS": "240"}).output
        flat = " ".join(re.sub(r"[│╭╮╰╯─]", " ", shown).split())
        for param in command.params:
            text = " ".join((getattr(param, "help", None) or "").split())
            assert text in flat, f"{name} {param.name}: {text!r}"


@pytest.mark.model
def test_piped_ingest_logs_progress_lines(tmp_path, monkeypatch):
    import dateline.cli as cli

    monkeypatch.setattr(cli, "PROGRESS_EVERY", 0.0)
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = run(
        "ingest",
        str(DEMO / "depot-strike.txt"),
        str(tmp_path / "empty.txt"),
        "--db",
        str(tmp_path / "p.duckdb"),
        "--no-link",
    )
    progress = [ln for ln in result.stderr.splitlines() if ln.startswith("analyzing:")]
    # every input counts: the one stored and the empty file that failed
    assert progress and progress[-1].startswith("analyzing: 2/2 articles (100%)")
    assert progress[-1].split(", ")[2] == "1 failed"  # the empty file, E101

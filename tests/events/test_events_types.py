"""The type table: valid, complete, documented (model-free)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.errors import DatelineError
from dateline.events.types import PLOVER_TYPES, event_types, parse_table

DOCS = Path(__file__).parents[2] / "docs" / "event_types.md"
CASE_LABELS = {
    "ABDUCT_DISSAP", "AGREEMENT", "AIR_STRIKE", "ARMED_CLASH", "ARREST", "ART_MISS_ATTACK",
    "ATTACK", "CHANGE_TO_GROUP_ACT", "CHEM_WEAP", "DISR_WEAP", "FORCE_AGAINST_PROTEST",
    "GOV_REGAINS_TERIT", "GRENADE", "HQ_ESTABLISHED", "MOB_VIOL", "NON_STATE_ACTOR_OVERTAKES_TER",
    "NON_VIOL_TERRIT_TRANSFER", "OTHER", "PEACE_PROTEST", "PROPERTY_DISTRUCT",
    "PROTEST_WITH_INTER", "REM_EXPLOS", "SEX_VIOL", "SUIC_BOMB", "VIOL_DEMONSTR", "ORG_CRIME",
    "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB",
}  # fmt: skip


def test_every_row_maps_to_plover_cameo_and_case():
    for row in event_types().values():
        assert row.plover in PLOVER_TYPES
        assert row.case in CASE_LABELS
        assert row.cameo is None or (len(row.cameo) == 2 and 1 <= int(row.cameo) <= 20)
        assert (row.acled is None) == (row.acled_sub is None)


def test_every_case_label_is_reachable():
    assert {row.case for row in event_types().values()} == CASE_LABELS


def test_documentation_lists_every_row():
    text = DOCS.read_text(encoding="utf-8")
    missing = [key for key in event_types() if f"`{key}`" not in text]
    assert not missing


def test_broken_table_raises_e601():
    with pytest.raises(DatelineError) as err:
        parse_table('[x]\nplover="NOPE"')
    assert err.value.code == "E601"
    with pytest.raises(DatelineError):
        parse_table(
            '[x]\nplover="AID"\ncameo="07"\nacled=""\nacled_sub=""\ncase="DIPLO"\n'
            'triggers=[]\ncues=[]\nrefines=["y"]\nweight=1'
        )


def test_documented_table_matches_the_data_file():
    from dateline.events.types import markdown_table

    stale = "docs/event_types.md is stale: run `python -c 'from dateline.events.types import refresh_docs; refresh_docs()'`"
    assert markdown_table() in DOCS.read_text(encoding="utf-8"), stale

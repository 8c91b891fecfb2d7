"""The one lexicon of reporting verbs (``data/reporting_verbs.toml``), read by every stage.

Attribution takes its cue verbs from it, events their report frames, denials and accusations,
contested figures their asserting and disputing verbs, and the TimeML mapping its REPORTING
class. The file lists classes of verbs (speech, writing, stance, denial, ...) and the uses,
each a union of classes plus a few words of its own; read once per process, on first use.

>>> "say" in reporting_verbs("cue") and "say" in reporting_verbs("frame")
True
>>> sorted(reporting_verbs("denial"))[:3]
['contest', 'deny', 'disavow']
"""

from __future__ import annotations

import functools
import tomllib
from importlib import resources


@functools.cache
def _lexicon() -> dict:
    path = resources.files("dateline").joinpath("data", "reporting_verbs.toml")
    return tomllib.loads(path.read_text(encoding="utf-8"))


def verb_class(name: str) -> frozenset[str]:
    """The lemmas of one class of the lexicon ("speech", "denial", ...).

    >>> "deny" in verb_class("denial")
    True
    """
    return frozenset(_lexicon()["classes"][name].split())


@functools.cache
def reporting_verbs(use: str) -> frozenset[str]:
    """The lemmas of one use: "cue", "clause_only", "relay", "frame", "figure_source",
    "denial", "figure_dispute", "accusation" or "timeml_reporting".

    >>> "according" in reporting_verbs("frame"), "add" in reporting_verbs("timeml_reporting")
    (True, True)
    """
    spec = _lexicon()["uses"][use]
    words = frozenset(spec.get("words", ()))
    return words.union(*(verb_class(name) for name in spec["classes"]))

"""dateline: who said what, through whom, about which event, where and when.

>>> import dateline
>>> record = dateline.analyze_text("Officials said on Monday the talks had failed.")  # doctest: +SKIP
"""

from __future__ import annotations

__version__ = "0.2.0"

__all__ = ["__version__", "analyze", "analyze_text"]


def __getattr__(name: str):  # lazy: importing dateline loads no model and no heavy module
    if name in {"analyze", "analyze_text"}:
        from dateline import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)

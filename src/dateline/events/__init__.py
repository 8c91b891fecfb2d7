"""Events: PLOVER/CAMEO/ACLED-typed events with actors, factuality and contested figures.

>>> from dateline.events import extract_events, main_event_summary  # doctest: +SKIP
"""

from __future__ import annotations

from dateline.events.extract import extract_events
from dateline.events.summary import main_event, main_event_summary

__all__ = ["extract_events", "main_event", "main_event_summary"]

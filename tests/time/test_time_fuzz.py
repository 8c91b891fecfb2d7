"""Property tests: any text is read without an exception, and offsets stay in the text."""

from __future__ import annotations

from datetime import date

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.time import extract_times

NLP = spacy.blank("en")
WORDS = st.sampled_from(
    "on last next this the every each ago later earlier a two 99999999 1999 2015 May March Dec. "
    "Thursday Mondays night morning 10 a.m. p.m. week weeks year quarter third-quarter 30 , . "
    "now recently years in of fiscal nineteen ninety-six two-year 1/2 :".split()
)


@settings(max_examples=200, deadline=None)
@given(words=st.lists(WORDS, max_size=12), anchor=st.none() | st.dates())
def test_any_text_any_anchor(words, anchor: date | None):
    doc = NLP(" ".join(words))
    times, warnings = extract_times(doc, anchor)
    for t in times:
        assert doc.text[t.start : t.end] == t.text
        assert t.type in ("DATE", "TIME", "DURATION", "SET")
    assert len(warnings) <= 1


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=80), anchor=st.none() | st.dates())
def test_any_characters(text, anchor):
    times, _ = extract_times(NLP(text), anchor)
    assert all(0 <= t.start < t.end <= len(text) for t in times)

"""Hand-built Docs for the geo tests: words and entity labels, no model."""

from __future__ import annotations

import re

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

_TOKEN = re.compile(r"\w+(?:'s)?|[^\w\s]")


def _make_doc(text: str, ents: list[tuple[str, str]] | None = None, occurrence: int = 0) -> Doc:
    """A Doc of ``text`` whose entities are the given (substring, label) pairs (first match)."""
    matches = list(_TOKEN.finditer(text))
    words = [m.group() for m in matches]
    spaces = [
        i + 1 < len(matches) and matches[i + 1].start() > m.end() for i, m in enumerate(matches)
    ]
    doc = Doc(Vocab(), words=words, spaces=spaces)
    spans, taken = [], 0
    for sub, label in ents or []:
        start = text.index(sub, taken if sub in text[taken:] else 0)
        span = doc.char_span(start, start + len(sub), label=label)
        assert span is not None, f"{sub!r} does not align with tokens"
        spans.append(span)
        taken = start + len(sub)
    doc.ents = spans
    return doc


@pytest.fixture
def make_doc():
    return _make_doc

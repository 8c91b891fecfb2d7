"""Quotation marks: pair them paragraph by paragraph, over plain text (no model).

A paragraph that opens a quote without closing it continues into the next paragraph when that
one opens with a quotation mark (the news convention). Any other unbalanced mark fails its own
paragraph only: its quotes are dropped and the paragraph is reported, the rest of the article is
kept.

>>> spans, bad = quoted_spans('He said: "We will win." Then "it failed" twice.')
>>> [s.text for s in spans], bad
(['We will win.', 'it failed'], [])
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENING = "“„«"
CLOSING = "”»"
STRAIGHT = '"'
MARKS = OPENING + CLOSING + STRAIGHT
#: Double marks; ``''`` and ````...''`` are typewriter doubles used by some wire services.
_MARK = re.compile(r"''|``|[\"“”„«»]")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class QuotedSpan:
    """The text between one pair of quotation marks; ``start``/``end`` exclude the marks."""

    start: int
    end: int
    text: str
    paragraph: int


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: blocks separated by blank lines, or lines when there is no blank line.

    >>> paragraphs("a\\n\\nb c")
    [(0, 1), (3, 6)]
    """
    splitter = _BLANK_LINE if _BLANK_LINE.search(text) else re.compile(r"\n")
    spans, start = [], 0
    for match in splitter.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in (_strip(text, a, b) for a, b in spans) if b > a]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _looks_closing(text: str, i: int) -> bool:
    """A straight mark that follows a word or punctuation and precedes a space or the end."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and (after.isspace() or after in ",.;:!?)]—–-")


def _isolated(text: str, i: int, end: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[end] if end < len(text) else " "
    return before.isspace() and after.isspace()


def quoted_spans(text: str) -> tuple[list[QuotedSpan], list[int]]:
    """Every quoted span of ``text`` and the indices of paragraphs whose marks do not pair.

    Nested quotation marks (single ones inside double ones) stay inside their outer quote.

    >>> spans, bad = quoted_spans('“One,\\n\\n“Two.”\\n\\nBad " mark')
    >>> [s.text for s in spans], bad
    (['One,\\n\\n“Two.'], [2])
    """
    spans: list[QuotedSpan] = []
    bad: list[int] = []
    paras = paragraphs(text)
    open_at: int | None = None  # offset of the text just after the open mark
    open_para = 0
    for index, (start, end) in enumerate(paras):
        pending: list[QuotedSpan] = []
        failed = False
        continuing = open_at is not None
        for match in _MARK.finditer(text, start, end):
            i, mark = match.start(), match.group()
            char = {"''": STRAIGHT, "``": "“"}.get(mark, mark)
            if continuing and i == start:
                continuing = False  # the reopening mark of a continued quote
                if char in OPENING + STRAIGHT:
                    continue
            continuing = False
            if char == STRAIGHT and _isolated(text, i, match.end()):
                failed = True  # a mark between two spaces neither opens nor closes
                break
            if open_at is None:
                if char in CLOSING and _looks_closing(text, i):
                    failed = True
                    break
                open_at, open_para = match.end(), index
            else:
                if char in OPENING:
                    failed = True
                    break
                pending.append(QuotedSpan(open_at, i, text[open_at:i], open_para))
                open_at = None
        if continuing and open_at is not None:
            failed = True  # a continued quote must reopen at the start of the paragraph
        if not failed and open_at is not None:
            nxt = paras[index + 1][0] if index + 1 < len(paras) else None
            if nxt is None or text[nxt] not in OPENING + STRAIGHT + "'`":
                failed = True
        if failed:
            bad.append(index)
            open_at = None
            pending = [s for s in pending if s.paragraph != index]
            # a quote continued from earlier paragraphs fails with this one
        spans.extend(pending)
    return spans, bad

"""Quotation marks: pair them paragraph by paragraph, over plain text (no model).

A paragraph that opens a quote without closing it continues into the next paragraph when that
one opens with a quotation mark (the news convention). Any other unbalanced mark fails its own
paragraph only: its quotes are dropped and the paragraph is reported, the rest of the article is
kept.

Single marks (``‘…’`` and ``'...'``, the British style) count only outside double-quoted text
and only where every opening single mark of the paragraph finds its closing one; apostrophes
(``don't``, ``Russia’s``, ``the '90s``, ``rock 'n' roll``, ``soldiers' pay``) neither open nor
close, and a paragraph whose single marks do not pair keeps no single-quoted span (no warning:
the marks were most likely apostrophes).

>>> spans, bad = quoted_spans('He said: "We will win." Then "it failed" twice.')
>>> [s.text for s in spans], bad
(['We will win.', 'it failed'], [])
>>> [s.text for s in quoted_spans("‘We don’t retreat,’ he said. ‘Never.’")[0]]
['We don’t retreat,', 'Never.']
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
SINGLE_OPENING = "‘'"
SINGLE_CLOSING = "’'"
_SINGLE = re.compile(r"[‘’']")
#: Elisions that start with an apostrophe: the '90s, 'em, rock 'n' roll, 'tis, 'til, 'cause.
_ELISION = re.compile(r"(?:\d0?s?\b|\d\d\b|em\b|n[’']|tis\b|twas\b|til\b|cause\b)", re.IGNORECASE)
_BEFORE_OPENING = "([{—–-/"
_AFTER_CLOSING = ',.;:!?)]}—–-…”"'


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
    spans.extend(_single_spans(text, paras, spans, bad))
    spans.sort(key=lambda s: s.start)
    return spans, bad


def _single_spans(
    text: str, paras: list[tuple[int, int]], doubles: list[QuotedSpan], bad: list[int]
) -> list[QuotedSpan]:
    """Spans between single quotation marks, outside double-quoted text and double marks.

    A single-quoted passage may run on into the next paragraph when that one reopens with a
    single mark, as double-quoted ones do.
    """
    taken = [(s.start, s.end) for s in doubles]
    taken += [(m.start(), m.end()) for m in _MARK.finditer(text)]
    found: list[QuotedSpan] = []
    carried: tuple[int, int] | None = None  # (offset after the open mark, its paragraph)
    for index, (start, end) in enumerate(paras):
        if index in bad:
            carried = None
            continue
        marks = [
            (m.start(), kind)
            for m in _SINGLE.finditer(text, start, end)
            if not any(a <= m.start() < b for a, b in taken)
            and (kind := _single_kind(text, m.start(), start, end))
        ]
        if carried is not None and (not marks or marks[0] != (start, "open")):
            carried = None  # a continued quote must reopen at the start of the paragraph
        if carried is not None:
            marks = marks[1:]
        pending, carried = _pair_singles(text, marks, index, carried)
        if carried is not None:
            nxt = paras[index + 1][0] if index + 1 < len(paras) else None
            if nxt is None or text[nxt] not in SINGLE_OPENING:
                carried, pending = None, None  # an opening mark left without a partner
        found.extend(pending or [])
    return found


def _single_kind(text: str, i: int, start: int, end: int) -> str | None:
    """``open``, ``close`` (after punctuation or before it), ``weak`` (a word then a space:
    maybe a plural possessive, ``soldiers' pay``) or None (an apostrophe)."""
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    char = text[i]
    if char in SINGLE_OPENING and (before.isspace() or before in _BEFORE_OPENING or i == start):
        if after.isalnum() or after in "…(":
            return None if _ELISION.match(text, i + 1) else "open"
        return None
    if char in SINGLE_CLOSING and not before.isspace():
        if i + 1 >= end or after in _AFTER_CLOSING or before in ".,!?;:…":
            return "close"
        if after.isspace():
            return "weak"
    return None


def _pair_singles(
    text: str,
    marks: list[tuple[int, str]],
    paragraph: int,
    carried: tuple[int, int] | None,
) -> tuple[list[QuotedSpan] | None, tuple[int, int] | None]:
    """Pair opening with closing single marks; None when an opening mark finds no partner.

    A closing mark after punctuation or before it wins over one between a word and a space.
    Returns the spans and the quote still open at the end of the paragraph, if any.
    """
    spans: list[QuotedSpan] = []
    open_at = carried
    i = 0
    while i < len(marks):
        offset, kind = marks[i]
        if open_at is None:
            if kind == "open":
                open_at = (offset + 1, paragraph)
            i += 1  # a closing mark with nothing open is an apostrophe
            continue
        stop = next((n for n in range(i, len(marks)) if marks[n][1] == "open"), len(marks))
        closers = [n for n in range(i, stop) if marks[n][1] != "open"]
        if not closers:
            if stop < len(marks):
                return None, None  # a second opening mark before any closing one
            break
        strong = [n for n in closers if marks[n][1] == "close"]
        chosen = (strong or closers)[0]
        end = marks[chosen][0]
        spans.append(QuotedSpan(open_at[0], end, text[open_at[0] : end], open_at[1]))
        open_at = None
        i = chosen + 1
    return spans, open_at

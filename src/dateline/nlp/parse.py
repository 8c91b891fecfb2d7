"""Parse any text up to the byte limit into one Doc whose text is the article's text.

spaCy refuses texts over ``nlp.max_length`` (1,000,000 characters), its memory grows with the
text, and its tokenizer is quadratic in the length of a run of characters without whitespace
(10,000 quotation marks in a row take minutes). So a text is parsed in pieces:

- pieces of at most :data:`PIECE_CHARS` characters (and never over ``nlp.max_length``), cut
  at a paragraph break, else a line break, else a sentence end, else a space, else anywhere;
  each cut lies just before a non-space character, so the tokens are those of the whole text;
- a run of more than :data:`MAX_RUN` characters without whitespace (no word is that long; a
  URL rarely is) is cut every :data:`MAX_RUN` characters, and each slice becomes one token
  without going through the tokenizer: 2,000,000 characters without a space are 4,000 tokens.

The parsed pieces are joined with ``Doc.from_docs``; the joined text must equal the input
exactly, so every offset indexes into ``article.text``. A paragraph break starts a sentence
anyway (:mod:`dateline.nlp.paragraphs`) and the model reads only a few tokens either side of a
word, so pieces cut at paragraph breaks parse as the whole text would, but for the first words
after a cut, which lose the previous paragraph's last tokens as context.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> doc = parse(nlp, "One.\\n\\nTwo.", piece_chars=7)
>>> doc.text, [t.text for t in doc]
('One.\\n\\nTwo.', ['One', '.', '\\n\\n', 'Two', '.'])
>>> pieces("One.\\n\\nTwo.", 7)
[(0, 6), (6, 10)]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from typing import Any

from spacy.tokens import Doc

from dateline.errors import DatelineError

#: Largest piece given to the model at once: bounds memory and keeps batches even.
PIECE_CHARS = 50_000
#: Longest run of non-space characters given to the tokenizer in one piece.
MAX_RUN = 500

_RUN = re.compile(rf"\S{{{MAX_RUN + 1},}}")
#: Cut points by preference, each found as "the last one in the window".
_BREAKS = [
    re.compile(r"\n[ \t]*\n\s*(?=\S)"),  # a paragraph break
    re.compile(r"\n\s*(?=\S)"),  # a line break
    re.compile(r"[.!?][\"'”’)\]]*\s+(?=\S)"),  # a sentence end
    re.compile(r"\s+(?=\S)"),  # a space
]


def pieces(text: str, piece_chars: int) -> list[tuple[int, int]]:
    """Consecutive ``(start, end)`` ranges covering ``text``, each of at most ``piece_chars``
    characters and without a run of more than :data:`MAX_RUN` non-space characters."""
    cuts = {0, len(text)}
    start = 0
    while len(text) - start > piece_chars:
        cut = _last_break(text, start, start + piece_chars)
        cuts.add(cut)
        start = cut
    for run in _RUN.finditer(text):
        cuts.update(range(run.start(), run.end(), MAX_RUN))
    ordered = sorted(cuts)
    return list(zip(ordered, ordered[1:], strict=False)) or [(0, 0)]


def _last_break(text: str, start: int, end: int) -> int:
    """The best cut in ``(start, end]``: after the last paragraph break, line break, sentence
    end or space there, in that order of preference; else ``end``."""
    for pattern in _BREAKS:
        last = None
        # Search the last three quarters of the window: no piece is under a quarter full.
        for last in pattern.finditer(text, start + (end - start) // 4, end):  # noqa: B007
            pass
        if last is not None and start < last.end() <= end:
            return last.end()
    return end


def piece_limit(nlp: Any, piece_chars: int | None = None) -> int:
    """The largest piece for ``nlp``: ``piece_chars`` (default :data:`PIECE_CHARS`), at most
    ``nlp.max_length``."""
    return min(piece_chars or PIECE_CHARS, nlp.max_length)


def needs_pieces(text: str, limit: int) -> bool:
    """Whether ``text`` is parsed in pieces of at most ``limit`` characters."""
    return len(text) > limit or _RUN.search(text) is not None


def parse(
    nlp: Any, text: str, *, piece_chars: int | None = None, disable: Iterable[str] = ()
) -> Doc:
    """Parse ``text`` with ``nlp`` (without the components in ``disable``), in pieces when it
    is long, into one Doc over ``text``.

    Raises E802 when the joined pieces do not reproduce ``text`` (a bug, never seen).
    """
    limit = piece_limit(nlp, piece_chars)
    if not needs_pieces(text, limit):
        return nlp(text, disable=list(disable))
    runs = [m.span() for m in _RUN.finditer(text)]
    inputs: list[str | Doc] = []
    for a, b in pieces(text, limit):
        n = bisect_right(runs, a, key=lambda r: r[0]) - 1
        if n >= 0 and b <= runs[n][1]:  # a slice of a long run: one token, no tokenizer
            inputs.append(Doc(nlp.vocab, words=[text[a:b]], spaces=[False]))
        else:
            inputs.append(text[a:b])
    return join(list(nlp.pipe(inputs, disable=list(disable))), text)


def join(docs: list[Doc], text: str) -> Doc:
    """One Doc from the parsed pieces of ``text``, checked to reproduce it exactly."""
    doc = docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False)
    if doc.text != text:
        raise DatelineError.make(
            "E802", detail=f"the {len(docs)} parsed pieces do not join into the article text"
        )
    return doc

"""Cleanup that keeps the record honest: what is removed from the analyzed text is listed.

Photo captions and credit lines inside the body are not the article's words; left in, they
become bogus places, people and even quotes. They are cut out and kept in ``article.removed``.
Sentences glued by a missing space (``CNN reported."You know``) are repaired so the parser
sees two sentences.

>>> text, removed = clean_text('He left.\\n\\nSmoke rises. Photo: Reuters\\n\\nCNN reported."You know')
>>> text
'He left.\\n\\nCNN reported. "You know'
>>> [r.kind for r in removed]
['caption']
"""

from __future__ import annotations

import re

from dateline.records import Removed

_AGENCIES = (
    r"AP|AFP|Reuters|Getty Images|Getty|EPA|EPA-EFE|Shutterstock|Sputnik|TASS|Tass|Xinhua|"
    r"Anadolu|Bloomberg|Pool|UPI|dpa|ANSA|Kyodo|Yonhap|NurPhoto|SOPA Images|LightRocket|"
    r"Alamy|ZUMA|Zuma Press|Redux|Polaris|Ukrinform|Handout"
)

# A whole paragraph that is only a credit, e.g. "Photo: Reuters", "AP Photo/Efrem Lukatsky",
# "Pool/AFP via Getty Images", "(Photo by Jane Doe/Getty Images)".
_CREDIT_ONLY = re.compile(
    rf"""^\(?\s*(?:
        (?:photo|image|picture|video|illustration|credit|photograph)s?\s*(?:by|credit)?\s*[:|]\s*.{{1,80}}
      | (?:AP|AFP|EPA|Reuters)\s+Photo\s*/.{{1,60}}
      | (?:[\w.\- ]{{1,40}}/)?(?:{_AGENCIES})(?:\s+via\s+Getty\s+Images)?
      | .{{1,60}}\s+via\s+Getty\s+Images
      | photo\s+by\s+.{{1,60}}
    )\s*\)?\.?$""",
    re.IGNORECASE | re.VERBOSE,
)

# A credit at the end of a caption paragraph: "Smoke rises over the depot. Photo: Reuters".
_TRAILING_CREDIT = re.compile(
    rf"""(?:
        (?:photo|image|picture|credit|photograph)s?\s*(?:by)?\s*:\s*[^.\n]{{1,80}}
      | \(?(?:AP|AFP|EPA|Reuters)\s+Photo\s*/[^)\n]{{1,60}}\)?
      | \(?[^()\n]{{0,60}}(?:/|\bvia\s+)(?:{_AGENCIES})[^()\n]{{0,30}}\)?
      | \((?:photo|image)\s+by\s+[^)\n]{{1,80}}\)
    )\s*\.?$""",
    re.IGNORECASE | re.VERBOSE,
)

# An inline parenthesised credit inside a prose paragraph: "(AP Photo/Efrem Lukatsky)".
_INLINE_CREDIT = re.compile(
    rf"\s*\((?:(?:AP|AFP|EPA|Reuters)\s+Photo\s*/[^)\n]{{1,60}}|(?:photo|image)\s+(?:by|credit)\s*:?"
    rf"[^)\n]{{1,60}}|[^()\n]{{1,60}}/(?:{_AGENCIES})(?:\s+via\s+Getty\s+Images)?)\)",
    re.IGNORECASE,
)

_CAPTION_MAX = 400

# `reported."You know` -> `reported. "You know`; `said.He` -> `said. He`.
_GLUED_QUOTE = re.compile(r"(?<=[a-z0-9][.!?])([\"“])(?=[A-Z])")
_GLUED_WORD = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])")


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of ``text``: blank-line separated, or line separated when there are none."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    parts = re.split(r"\n\s*\n", text) if re.search(r"\n\s*\n", text) else text.split("\n")
    return [re.sub(r"[ \t]+", " ", p).strip() for p in parts if p.strip()]


def repair_glued(paragraph: str) -> str:
    """Insert the missing space in ``reported."You`` and ``said.He``."""
    paragraph = _GLUED_QUOTE.sub(r" \1", paragraph)
    return _GLUED_WORD.sub(" ", paragraph)


def clean_paragraph(paragraph: str) -> tuple[str | None, list[Removed]]:
    """Return the paragraph to keep (None to drop it whole) and what was removed from it."""
    if _CREDIT_ONLY.match(paragraph):
        return None, [Removed(kind="credit", text=paragraph)]
    if len(paragraph) <= _CAPTION_MAX and _TRAILING_CREDIT.search(paragraph):
        return None, [Removed(kind="caption", text=paragraph)]
    removed = [
        Removed(kind="credit", text=m.group().strip()) for m in _INLINE_CREDIT.finditer(paragraph)
    ]
    if removed:
        paragraph = _INLINE_CREDIT.sub("", paragraph).strip()
    return repair_glued(paragraph), removed


# A photo's title line: a few words, no sentence end ("Zelenskyy Speaks In Kyiv").
_TITLE_LINE = re.compile(r"^[^\n.!?:;\"“”]{3,80}$")


def _caption_title(paragraph: str) -> bool:
    """Whether ``paragraph`` can be the title line a caption block opens with: at most 12
    words, no sentence end, mostly capitalized words (a headline, not a clause)."""
    if not _TITLE_LINE.match(paragraph) or _DATELINE_START.match(paragraph):
        return False
    words = paragraph.split()
    if not 1 <= len(words) <= 12:
        return False
    content = [w for w in words if len(w) > 3]
    return bool(content) and sum(w[0].isupper() for w in content) >= 0.6 * len(content)


_DATELINE_START = re.compile(r"^[A-Z][A-Z .,'-]{2,40}(?:,|\s)?\s*(?:—|–|--|-|\()")


def _split_lines(paragraph: str) -> list[str]:
    """A paragraph whose first line is a caption's title line: the title, then the rest."""
    first, sep, rest = paragraph.partition("\n")
    return [first, rest] if sep and _caption_title(first.strip()) else [paragraph]


def clean_text(text: str) -> tuple[str, list[Removed]]:
    """Clean an article body: paragraphs joined by blank lines, captions/credits removed.

    A caption block is the credited caption and the title line just before it, when that
    line reads as a photo title (short, capitalized, no sentence end): both are removed, the
    title as part of the caption.

    >>> body = "Troops left.\\n\\nMayor Speaks\\n\\nThe mayor talks to reporters at the town hall on May 2. Jo Li/AFP via Getty Images"
    >>> clean_text(body)[0], [r.kind for r in clean_text(body)[1]]
    ('Troops left.', ['caption', 'caption'])
    """
    kept: list[str] = []
    removed: list[Removed] = []
    pieces = [line for p in split_paragraphs(text) for line in _split_lines(p)]
    for n, paragraph in enumerate(pieces):
        keep, cut = clean_paragraph(paragraph.strip())
        if keep is None and kept and kept[-1] == pieces[n - 1].strip():
            previous = kept[-1]
            if _caption_title(previous):  # the block's title line
                kept.pop()
                removed.append(Removed(kind="caption", text=previous))
        removed.extend(cut)
        if keep:
            kept.append(keep)
    return "\n\n".join(kept), removed

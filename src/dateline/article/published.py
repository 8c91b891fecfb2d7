"""Finding and normalizing the publication date.

Order of trust: a flag, the article's own metadata (header block, HTML, JSONL), the URL
(``/2022/04/01/``), a dateline at the start of the text (``MOSCOW, April 1, 2022 --``).
Nothing found means ``None``: dateline never silently uses today's date.

>>> normalize_date("April 1, 2022")
'2022-04-01'
>>> find_published("KYIV, March 3, 2022 (Reuters) - Talks resumed.", None)
('2022-03-03', 'dateline')
"""

from __future__ import annotations

import re
from datetime import date

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|-|$)")
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?|Dec\\.?"
)
_DATELINE = re.compile(
    rf"^[A-Z][A-Za-z .'\-]{{1,40}},?\s+(?:[A-Z][a-z]+,\s+)?((?:{_MONTHS})\s+\d{{1,2}},?\s+(?:19|20)\d{{2}}"
    rf"|\d{{1,2}}\s+(?:{_MONTHS})\s+(?:19|20)\d{{2}})"
)


def normalize_date(value: str | None) -> str | None:
    """``YYYY-MM-DD`` for a date string in a common format, else None."""
    if not value:
        return None
    value = value.strip()
    if m := _ISO.match(value):
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    import dateparser

    parsed = dateparser.parse(
        value,
        languages=["en"],
        settings={
            "STRICT_PARSING": True,
            "PREFER_DAY_OF_MONTH": "first",
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )
    return parsed.date().isoformat() if parsed else None


def find_published(text: str, url: str | None) -> tuple[str | None, str | None]:
    """(date, where it came from) from the URL or a dateline; (None, None) when absent."""
    if url and (m := _URL_DATE.search(url)):
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat(), "url"
        except ValueError:
            pass
    if m := _DATELINE.match(text[:200]):
        found = normalize_date(m.group(1))
        if found:
            return found, "dateline"
    return None, None

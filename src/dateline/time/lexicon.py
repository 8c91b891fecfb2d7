"""Words of time: month and weekday names, number words, units, as regex fragments.

>>> parse_number("twenty four"), parse_number("a couple of"), parse_number("several")
(24, 2, None)
"""

from __future__ import annotations

import re

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
SEASONS: dict[str, str] = {
    "spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI",
}  # fmt: skip
PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI",
    "overnight": "NI",
}  # fmt: skip
ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
}  # fmt: skip
#: TIMEX3 duration letter and multiplier for each unit (a decade is ten years).
UNITS: dict[str, tuple[str, int]] = {
    "second": ("S", 1), "minute": ("M", 1), "hour": ("H", 1), "day": ("D", 1),
    "night": ("D", 1), "week": ("W", 1), "weekend": ("WE", 1), "fortnight": ("W", 2),
    "month": ("M", 1), "quarter": ("Q", 1), "year": ("Y", 1), "decade": ("Y", 10),
    "century": ("Y", 100), "centuries": ("Y", 100),
}  # fmt: skip
_SMALL = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
NUMBER_WORDS: dict[str, int] = {w: i for i, w in enumerate(_SMALL)}
NUMBER_WORDS.update({w: 20 + 10 * i for i, w in enumerate(_TENS)})
NUMBER_WORDS.update({"a": 1, "an": 1, "hundred": 100, "dozen": 12})
#: Adjectives that place or measure a span of time ("the current fiscal year", "an additional
#: day"); any other adjective describes the span instead ("a dark day", "a historic week").
TEMPORAL_ADJECTIVES = frozenset(
    """academic additional calendar certain coming consecutive current early earlier entire
    extra final financial fiscal following full future given initial last late later latest
    legislative lunar new next opening other past present previous recent remaining same
    several single straight subsequent whole few many more fewer less""".split()
)
ORDINAL_WORD = re.compile(
    r"(?:first|second|third|\w*(?:fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh"
    r"|twelfth|teenth|tieth))|\d+(?:st|nd|rd|th)",
    re.IGNORECASE,
)
#: Vague quantities: a duration such as PXY.
VAGUE = {"several", "few", "a few", "many", "some", "recent", "coming", "the coming"}


def _alt(words: object) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))  # type: ignore[arg-type]


# Month and weekday names are case-sensitive: "may", "march", "sat" are ordinary words.
_FULL_MONTHS = [
    w.capitalize() for w, n in MONTHS.items() if len(w) > 4 or w in ("may", "june", "july")
]
_ABBREVIATED = [w.capitalize() for w in MONTHS if w.capitalize() not in _FULL_MONTHS]
# "May" before a pronoun or a bare verb is the modal ("May I ask", "May be").
_NOT_MODAL = r"(?:(?<!\bMay)|(?!\s+(?:I|we|you|he|she|it|they|be|have|not|also)\b))"
MONTH = rf"(?-i:(?:{_alt(_FULL_MONTHS)})\b{_NOT_MODAL}|(?:{_alt(_ABBREVIATED)})\b\.?)"
WEEKDAY_NAME = rf"(?-i:{_alt(w.capitalize() for w in WEEKDAYS)})"
WEEKDAY = rf"(?:{WEEKDAY_NAME}\b)"
SEASON = rf"(?:{_alt(SEASONS)})"
NUMBER_WORD = rf"(?:(?:{_alt(_TENS)})(?:[- ](?:{_alt(_SMALL[1:10])}))?|{_alt(_SMALL)}|dozen)"
NUMBER = (
    rf"(?:\d+(?:\.\d+)?(?:\s+1/2)?|{NUMBER_WORD}(?:\s+and\s+a\s+half)?|a\s+couple\s+of"
    rf"|a\s+few|several|few|many|some|a|an|a\s+dozen)"
)
UNIT = r"(?:second|minute|hour|day|night|weekend|week|fortnight|month|quarter|year|decade|centur(?:y|ies))"


def parse_number(text: str) -> float | None:
    """The value of a number phrase ("twenty four", "2 1/2", "a"), or None when vague.

    >>> parse_number("2 1/2"), parse_number("three and a half")
    (2.5, 3.5)
    """
    text = text.lower().strip()
    half = 0.5 if text.endswith(("1/2", "and a half")) else 0.0
    text = re.sub(r"\s+(?:1/2|and a half)$", "", text)
    if text in ("a couple of", "a couple", "couple of"):
        return 2
    if text in VAGUE:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        value = float(text)
        return (int(value) if value.is_integer() else value) + half
    total = 0
    for part in re.split(r"[- ]+", text.replace("a dozen", "dozen")):
        if part not in NUMBER_WORDS:
            return None
        total += NUMBER_WORDS[part]
    return total + half if half else total


def unit_of(word: str) -> str:
    """The singular unit of a unit word: "centuries" -> "century", "weeks" -> "week"."""
    word = word.lower()
    if word == "centuries":
        return "century"
    return word[:-1] if word.endswith("s") and word[:-1] in UNITS else word


def duration(amount: float | None, unit: str) -> str:
    """A TIMEX3 duration: ``duration(6, "week") == "P6W"``; vague amounts give ``PXW``.

    >>> duration(24, "hour"), duration(None, "year"), duration(2, "decade"), duration(2.5, "year")
    ('PT24H', 'PXY', 'P20Y', 'P2Y6M')
    """
    letter, factor = UNITS[unit_of(unit)]
    prefix = "PT" if letter in ("H", "S") or (letter == "M" and unit_of(unit) == "minute") else "P"
    if amount is None:
        return f"{prefix}X{letter}"
    amount = amount * factor
    if amount != int(amount):
        whole = int(amount)
        if letter == "Y":
            return (
                f"P{whole}Y{round((amount - whole) * 12)}M" if whole else f"P{round(amount * 12)}M"
            )
        if letter == "D":
            return (
                f"P{whole}DT{round((amount - whole) * 24)}H"
                if whole
                else f"PT{round(amount * 24)}H"
            )
        return f"{prefix}{amount:g}{letter}"
    return f"{prefix}{int(amount)}{letter}"

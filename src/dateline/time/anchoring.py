"""Calendar arithmetic against an anchor date (the publication date), as TIMEX3 strings.

Pure functions of :class:`datetime.date`; no parsing here.

>>> from datetime import date
>>> resolve_weekday(date(2022, 4, 1), 3, "PAST")  # Thursday, seen from Friday 2022-04-01
datetime.date(2022, 3, 31)
>>> iso_week(date(2022, 3, 25))
'2022-W12'
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

Tense = str | None  # "PAST", "PRESENT", "FUTURE" or None (unknown)


def iso_week(day: date) -> str:
    """The ISO week of ``day`` as TIMEX3, e.g. ``2022-W12``."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    """``(year, month)`` shifted by ``months`` (may be negative).

    >>> add_months(2022, 1, -1)
    (2021, 12)
    """
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def add_quarters(year: int, quarter: int, quarters: int) -> tuple[int, int]:
    """``(year, quarter)`` shifted by ``quarters``.

    >>> add_quarters(2022, 1, -1)
    (2021, 4)
    """
    index = year * 4 + (quarter - 1) + quarters
    return index // 4, index % 4 + 1


def safe_date(year: int, month: int, day: int) -> date | None:
    """``date(year, month, day)``, or None for impossible days such as February 30."""
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return date(year, month, day)


def resolve_weekday(anchor: date, weekday: int, tense: Tense, shift: str | None = None) -> date:
    """The date of ``weekday`` (Monday=0) as meant in a text published on ``anchor``.

    The anchor's own weekday is the anchor itself ("later Friday" in a Friday paper). Otherwise
    the future tense (or ``shift="next"``) looks ahead, the present tense takes the nearer day,
    and the past tense or no tense looks back, as news mostly reports what happened.

    >>> resolve_weekday(date(2022, 4, 1), 0, "FUTURE")  # Monday after Friday 2022-04-01
    datetime.date(2022, 4, 4)
    """
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    if shift == "last":
        return anchor - timedelta(days=back or 7)
    if shift == "next":
        return anchor + timedelta(days=ahead or 7)
    if back == 0:
        return anchor
    if tense == "FUTURE" or (tense == "PRESENT" and ahead < back):
        return anchor + timedelta(days=ahead)
    return anchor - timedelta(days=back)


#: How far back (days) a past tense may pull a year-less day away from the nearest reading.
#: Beyond it the tense is more likely the reporting verb's ("said ... until Nov. 20") than the
#: event's. A future tense ("will", "would") is rarely a reporting verb's, and always counts,
#: as does a past tense on a bare month ("stepped down in March").
PAST_REACH_DAYS = 270


def _pick(
    anchor: date, candidates: list[tuple[date, object]], tense: Tense, reach: int = PAST_REACH_DAYS
) -> object:
    """Among ``(date, value)`` candidates, the one the tense points at (nearest otherwise)."""
    if tense == "PAST":
        past = [c for c in candidates if c[0] <= anchor]
        if past:
            best = max(past, key=lambda c: c[0])
            if (anchor - best[0]).days <= reach:
                return best[1]
    if tense == "FUTURE":
        future = [c for c in candidates if c[0] >= anchor]
        if future:
            return min(future, key=lambda c: c[0])[1]
    return min(candidates, key=lambda c: abs((c[0] - anchor).days))[1]


def resolve_month_day(anchor: date, month: int, day: int, tense: Tense) -> date | None:
    """The year-less ``month``/``day`` nearest to ``anchor`` in the direction of the tense.

    >>> resolve_month_day(date(2022, 1, 3), 12, 28, "PAST")  # year rollover
    datetime.date(2021, 12, 28)
    """
    candidates = [
        (d, d)
        for y in (anchor.year - 1, anchor.year, anchor.year + 1)
        if (d := safe_date(y, month, day)) is not None
    ]
    if not candidates:
        return None
    return _pick(anchor, candidates, tense)  # type: ignore[return-value]


def resolve_month(anchor: date, month: int, tense: Tense, shift: str | None = None) -> str:
    """The year-less ``month`` as ``YYYY-MM``: the anchor's month is itself, else by tense.

    ``shift`` is "last", "next" or "this" (as in "last June").

    >>> resolve_month(date(2022, 1, 3), 12, "PAST")
    '2021-12'
    """
    year = anchor.year
    if shift == "this":
        return month_value(year, month)
    if shift == "last":
        return month_value(year if month < anchor.month else year - 1, month)
    if shift == "next":
        return month_value(year if month > anchor.month else year + 1, month)
    if month == anchor.month:
        return month_value(year, month)
    candidates = []
    for y in (year - 1, year, year + 1):
        first = date(y, month, 1)
        last = date(y, month, calendar.monthrange(y, month)[1])
        # a past month is compared by its end, a future one by its start
        candidates.append((last if last < anchor else first, month_value(y, month)))
    return _pick(anchor, candidates, tense, reach=366)  # type: ignore[return-value]


def resolve_quarter(anchor: date, quarter: int, tense: Tense) -> str:
    """``YYYY-Qn`` for a year-less quarter: a past-tense quarter not yet begun is last year's.

    >>> resolve_quarter(date(1989, 8, 15), 4, "PAST")
    '1988-Q4'
    """
    year = anchor.year
    if tense == "PAST" and quarter > quarter_of(anchor):
        year -= 1
    return f"{year}-Q{quarter}"

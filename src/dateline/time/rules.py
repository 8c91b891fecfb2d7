"""Patterns for time expressions and their TIMEX3 normalization against an anchor date.

Each :class:`Rule` pairs one compiled regex (used both to find expressions in a text and to
read one given expression) with a handler that turns the match into a TIMEX3 ``(type, value)``.
Relative expressions ask the :class:`Context` for its anchor; with none they stay unresolved.

>>> from datetime import date
>>> normalize("last week", date(2022, 4, 1))
Timex(type='DATE', value='2022-W12', relative=True)
>>> normalize("six weeks", None)
Timex(type='DURATION', value='P6W', relative=False)
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from dateline.time import anchoring as cal
from dateline.time.lexicon import (
    MONTH,
    MONTHS,
    NUMBER,
    NUMBER_WORD,
    ORDINALS,
    PARTS_OF_DAY,
    SEASON,
    SEASONS,
    UNIT,
    UNITS,
    WEEKDAY,
    WEEKDAY_NAME,
    WEEKDAYS,
    _alt,
    duration,
    parse_number,
    unit_of,
)


@dataclass(frozen=True)
class Timex:
    """A normalized expression; ``relative`` when its value depends on the anchor date."""

    type: str
    value: str | None
    relative: bool = False


class Unanchored(Exception):
    """A relative expression met with no anchor (publication) date."""


@dataclass(frozen=True)
class Context:
    """What a handler may use: the anchor date and the tense of the governing verb."""

    anchor: date | None
    tense: str | None = None

    def need(self) -> date:
        if self.anchor is None:
            raise Unanchored
        return self.anchor


Handler = Callable[[re.Match[str], Context], tuple[str, str | None]]


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    handler: Handler
    #: words the pattern cannot match without (any one of them, case-folded): a text with
    #: none of them skips the rule's scan (see :data:`_NEEDS`)
    needs: tuple[str, ...] = ()


def _g(match: re.Match[str], name: str) -> str | None:
    value = match.groupdict().get(name)
    return value.lower() if value else None


def _month(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _weekday(word: str) -> int:
    return WEEKDAYS[word.lower()]


def _year(text: str) -> int:
    year = int(text)
    return year + (1900 if year >= 50 else 2000) if len(text) == 2 else year


def _day_of(word: str, ctx: Context) -> date:
    """The date a day word points at: today, yesterday, tomorrow, tonight or a weekday."""
    anchor = ctx.need()
    word = word.lower()
    if word in ("today", "tonight", "this"):
        return anchor
    if word in ("yesterday", "last"):
        return anchor - timedelta(days=1)
    if word == "tomorrow":
        return anchor + timedelta(days=1)
    return cal.resolve_weekday(anchor, _weekday(word), ctx.tense)


# --- handlers: (match, context) -> (TIMEX3 type, value) -----------------------------------


def _full_date(m: re.Match[str], ctx: Context) -> tuple[str, str | None]:
    month = _month(m["month"]) if m.groupdict().get("month") else int(m["m"])
    day = int(m["d"])
    if m["y"]:
        found = cal.safe_date(_year(m["y"]), month, day)
    else:
        found = cal.resolve_month_day(ctx.need(), month, day, ctx.tense)
    return "DATE", found.isoformat() if found else None  # type: ignore[return-value]


def _month_year(m: re.Match[str], ctx: Context) -> tuple[str, str | None]:
    """ "March 2015", "June last year", "January nineteen ninety-seven"."""
    year = _year_of(m, ctx)
    return "DATE", cal.month_value(int(year), _month(m["month"])) if year else None


def _season_year(m: re.Match[str], ctx: Context) -> tuple[str, str | None]:
    year = _year_of(m, ctx)
    return "DATE", f"{year}-{SEASONS[m['season'].lower()]}" if year else None


def _year_of(m: re.Match[str], ctx: Context) -> str | None:
    """The year of an ``_ANY_YEAR`` group: digits, "this/last/next year" or spelled out."""
    if m["y"]:
        return str(_year(m["y"]))
    if m["rel"]:
        step = {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
        return str(ctx.need().year + step)
    return _spelled_year(m, ctx)[1]


def _month_alone(m: re.Match[str], ctx: Context) -> tuple[str, str | None]:
    return "DATE", cal.resolve_month(ctx.need(), _month(m["month"]), ctx.tense, _g(m, "shift"))


def _year_alone(m: re.Match[str], ctx: Context) -> tuple[str, str | None]:
    return "DATE", m["y"]


def _decade(m: re.Match[str], ctx: Context) -> tuple[str, str | None]:
    century = m["cent"] or "19"
    return "DATE", f"{century}{m['dec']}"


def _century(m: re.Match[str], ctx: Context) -> tuple[str, str | None]:
    return "DATE", f"{int(m['n']) - 1:02d}"


_REFS = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "nowadays": "PRESENT_REF",
    "these days": "PRESENT_REF", "the present": "PRESENT_REF", "recently": "PAST_REF",
    "lately": "PAST_REF", "the past": "PAST_REF", "the future": "FUTURE_REF",
}  # fmt: skip


def _ref(m: re.Match[str], ctx: Context) -> tuple[str, str | None]:
    return "DATE", _REFS[re.sub(r"\s+", " ", m[0].lower())]


_TEENS = {"nineteen": 19, "eighteen": 18, "seventeen": 17}
_SPELLED_YEAR = (
    rf"(?:(?P<c>nineteen|eighteen|seventeen)[- ](?P<yy>{NUMBER_WORD})"
    rf"|(?:(?<=\byear\s)|(?<=\bin\s)|(?<=\bsince\s)|(?<=\bby\s)|(?<=\buntil\s))"
    rf"two[- ]thousand(?:(?:\s+and)?[- ](?P<y3>{NUMBER_WORD}))?)"
)
_ANY_YEAR = rf"(?:(?P<y>\d{{4}})\b|(?P<rel>this|last|next)\s+year\b|{_SPELLED_YEAR}\b)"
_DECADE_WORDS = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
    "eighties": 8, "nineties": 9,
}  # fmt: skip


def _spelled_year(m: re.Match[str], ctx: Context) -> tuple[str, str | None]:
    """ "nineteen ninety-six", "the year two thousand" (broadcast transcripts)."""
    if m["c"]:
        rest = parse_number(m["yy"])
        if rest is None or rest >= 100:  # "nineteen hundred": not a year we can read
            return "DATE", None
        return "DATE", f"{_TEENS[m['c'].lower()]}{int(rest):02d}"
    rest = parse_number(m["y3"]) if m["y3"] else 0
    return "DATE", str(2000 + int(rest or 0))


def _decade_word(m: re.Match[str], ctx: Context) -> tuple[str, str | None]:
    return "DATE", f"19{_DECADE_WORDS[m['w'].lower()]}"


def _deictic_day(m: re.Match[str], ctx: Context) -> tuple[str, str | None]:
    day = _day_of(m["w"], ctx)
    pod = _g(m, "pod")
    if pod:
        return "TIME", f"{day.isoformat()}T{PARTS_OF_DAY[pod]}"
    return "DATE", day.isoformat()


def _part_of_day(m: re.Match[str], ctx: Context) -> tuple[str, str | None]:
    """ "late Thursday night", "this morning", "afternoon yesterday", "tonight", "overnight"."""
    pod = (m["pod"] or m["pod2"] or m["pod3"]).lower()
    day_word = m["day"] or m["day2"]
    if day_word:
        day = _day_of(day_word, ctx)
    else:  # "tonight"; "overnight" in a past-tense clause is the night before
        anchor = ctx.need()
        past_night = pod == "overnight" and ctx.tense == "PAST"
        day = anchor - timedelta(days=1) if past_night else anchor
    return "TIME", f"{day.isoformat()}T{PARTS_OF_DAY[pod]}"


def _clock(m: re.Match[str], ctx: Context) -> tuple[str, str | None]:
    hour = int(m["h"])
    minute = int(m["min"] or 0)
    ampm = _g(m, "ampm") or ""
    if ampm.startswith("p") and hour < 12:
        hour += 12
    elif ampm.startswith("a") and hour == 12:
        hour = 0
    return "TIME", f"{_clock_day(m, ctx)}T{hour:02d}:{minute:02d}"


def _clock_day(m: re.Match[str], ctx: Context) -> str:
    day = m.groupdict().get("day")
    if not day:
        return ctx.need().isoformat()
    dated = re.fullmatch(rf"(?P<month>{MONTH})\s+(?P<d>\d{{1,2}})(?:,\s+(?P<y>\d{{4}}))?", day)
    if dated:
        return _full_date(dated, ctx)[1]
    return _day_of(day, ctx).isoformat()


def _noon(m: re.Match[str], ctx: Context) -> tuple[str, str | None]:
    """Noon is T12:00. Midnight ends its day (T24:00, TIMEX3's reading of "midnight
    Tuesday"), but "after midnight" is already the next day's first hour: the T00:00 that
    begins the day it names, or, with no day named, the day the article is about."""
    if m["w"].lower() != "midnight":
        clock = "T12:00"
    else:
        after = re.search(r"\bafter\b", m.group(0)[: m.start("w") - m.start()], re.I)
        clock = "T00:00" if after else "T24:00"
    return "TIME", f"{_clock_day(m, ctx)}{clock}"


def _weekday_date(m: re.Match[str], ctx: Context) -> tuple[str, str | None]:
    shift = _g(m, "shift")
    shift = {"coming": "next", "following": "next", "past": "last", "previous": "last"}.get(
        shift,  # type: ignore[arg-type]
        shift,
    )
    day = cal.resolve_weekday(ctx.need(), _weekday(m["wd"]), ctx.tense, shift)
    return "DATE", day.isoformat()


def _shifted_unit(m: re.Match[str], ctx: Context) -> tuple[str, str | None]:
    """ "last week", "this year", "next month", "earlier this year", "last summer"."""
    anchor = ctx.need()
    shift = re.sub(r"\s+", " ", m["shift"].lower())
    step = {"last": -1, "this past": -1, "next": 1, "coming": 1}.get(shift, 0)
    unit = m["unit"].lower()
    if unit in SEASONS:
        return "DATE", f"{anchor.year + (step if step else 0)}-{SEASONS[unit]}"
    if unit in ("week", "weekend"):
        week = cal.iso_week(anchor + timedelta(weeks=step))
        return "DATE", week + ("-WE" if unit == "weekend" else "")
    if unit == "month":
        return "DATE", cal.month_value(*cal.add_months(anchor.year, anchor.month, step))
    if unit == "quarter":
        year, quarter = cal.add_quarters(anchor.year, cal.quarter_of(anchor), step)
        return "DATE", f"{year}-Q{quarter}"
    if unit == "decade":
        return "DATE", str(anchor.year // 10 + step)
    if unit == "century":
        return "DATE", f"{anchor.year // 100 + step:02d}"
    return "DATE", str(anchor.year + step)


def _span_of_unit(m: re.Match[str], ctx: Context) -> tuple[str, str | None]:
    """ "the past week", "the first month": one unit's duration."""
    return "DURATION", duration(1, m["unit"])


def _offset(m: re.Match[str], ctx: Context) -> tuple[str, str | None]:
    """ "a year ago", "two weeks earlier", "three days later", "months ago"."""
    anchor = ctx.need()
    amount = parse_number(m["n"])
    backwards = m["dir"].lower() in ("ago", "earlier", "before")
    if amount is None:
        return "DATE", "PAST_REF" if backwards else "FUTURE_REF"
    steps = -amount if backwards else amount
    unit = unit_of(m["unit"])
    letter, factor = UNITS[unit]
    steps = steps * factor
    if letter in ("D", "H", "M") and unit in ("day", "night", "hour", "minute", "second"):
        days = steps if unit in ("day", "night") else 0
        return "DATE", (anchor + timedelta(days=days)).isoformat()
    if letter in ("W", "WE"):
        return "DATE", cal.iso_week(anchor + timedelta(weeks=steps))
    if unit == "month":
        return "DATE", cal.month_value(*cal.add_months(anchor.year, anchor.month, int(steps)))
    if unit == "quarter":
        year, quarter = cal.add_quarters(anchor.year, cal.quarter_of(anchor), int(steps))
        return "DATE", f"{year}-Q{quarter}"
    return "DATE", str(int(anchor.year + steps))


def _year_earlier(m: re.Match[str], ctx: Context) -> tuple[str, str | None]:
    anchor = ctx.need()
    if _g(m, "what") == "quarter":
        year, quarter = cal.add_quarters(anchor.year, cal.quarter_of(anchor), -1)
        return "DATE", f"{year - 1}-Q{quarter}"
    return "DATE", str(anchor.year - 1)


def _duration(m: re.Match[str], ctx: Context) -> tuple[str, str | None]:
    return "DURATION", duration(parse_number(m["n"]), m["unit"])


def _bare_units(m: re.Match[str], ctx: Context) -> tuple[str, str | None]:
    return "DURATION", duration(None, m["unit"])


def _quarter(m: re.Match[str], ctx: Context) -> tuple[str, str | None]:
    number = ORDINALS[m["ord"].lower()]
    half = m["what"].lower() == "half"
    letter = "H" if half else "Q"
    year_text = m["fy"] or m["y2"]
    if year_text:
        return "DATE", f"{year_text}-{letter}{number}"
    anchor = ctx.need()
    owner = _g(m, "owner") or ""
    if "last" in owner or "year-" in owner:
        return "DATE", f"{anchor.year - 1}-{letter}{number}"
    if "next" in owner:
        return "DATE", f"{anchor.year + 1}-{letter}{number}"
    if half:
        late = ctx.tense == "PAST" and number == 2 and anchor.month <= 6
        return "DATE", f"{anchor.year - late}-H{number}"
    return "DATE", cal.resolve_quarter(anchor, number, ctx.tense)


def _the_quarter(m: re.Match[str], ctx: Context) -> tuple[str, str | None]:
    anchor = ctx.need()
    which = _g(m, "which")
    back = which not in (None, "current") or (which is None and ctx.tense == "PAST")
    year, quarter = cal.add_quarters(anchor.year, cal.quarter_of(anchor), -1 if back else 0)
    return "DATE", f"{year}-Q{quarter}"


def _the_weekend(m: re.Match[str], ctx: Context) -> tuple[str, str | None]:
    anchor = ctx.need()
    if ctx.tense == "PAST" and anchor.weekday() < 5:
        anchor -= timedelta(weeks=1)
    return "DATE", cal.iso_week(anchor) + "-WE"


#: The month each season begins (northern hemisphere, as in TIMEX3's SP/SU/FA/WI).
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def _the_season(m: re.Match[str], ctx: Context) -> tuple[str, str | None]:
    """ "the summer": this year's, or last year's when a past tense names one not yet begun."""
    anchor = ctx.need()
    season = SEASONS[m["season"].lower()]
    late = ctx.tense == "PAST" and _SEASON_START[season] > anchor.month
    return "DATE", f"{anchor.year - late}-{season}"


def _modified_part_of_day(m: re.Match[str], ctx: Context) -> tuple[str, str | None]:
    """ "late afternoon", "mid-morning", "a late-night address": that part of the publication
    day (:func:`dateline.time.extract.extract_times` moves it to a day its sentence names)."""
    pod = (m["pod"] or m["pod2"]).lower()
    return "TIME", f"{ctx.need().isoformat()}T{PARTS_OF_DAY[pod]}"


_ADVERB_SETS = {
    "hourly": "PT1H", "daily": "P1D", "nightly": "P1D", "weekly": "P1W", "biweekly": "P2W",
    "monthly": "P1M", "quarterly": "P1Q", "annually": "P1Y", "yearly": "P1Y",
}  # fmt: skip


def _every(m: re.Match[str], ctx: Context) -> tuple[str, str | None]:
    what = m["what"]
    if what.lower().rstrip(".") in MONTHS and what[0].isupper():
        return "SET", f"XXXX-{_month(what):02d}"
    if what.lower() in WEEKDAYS:
        return "SET", f"XXXX-WXX-{_weekday(what) + 1}"
    if what.lower() in SEASONS:
        return "SET", f"XXXX-{SEASONS[what.lower()]}"
    if what.lower() in PARTS_OF_DAY:
        return "SET", f"XXXX-XX-XXT{PARTS_OF_DAY[what.lower()]}"
    return "SET", duration(2 if m["other"] else 1, what)


def _adverb_set(m: re.Match[str], ctx: Context) -> tuple[str, str | None]:
    return "SET", _ADVERB_SETS[m[0].lower()]


def _weekdays_plural(m: re.Match[str], ctx: Context) -> tuple[str, str | None]:
    return "SET", f"XXXX-WXX-{_weekday(m['wd']) + 1}"


def _times_per(m: re.Match[str], ctx: Context) -> tuple[str, str | None]:
    return "SET", duration(1, m["unit"])


# --- patterns ---------------------------------------------------------------------------------

_EDGE = (
    r"(?:early|late|mid-?|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of)"
)
_EDGE_OF = r"(?:end|beginning|start|middle)\s+of"
_APPROX = (
    r"(?:about|almost|nearly|some|roughly|approximately|more\s+than|less\s+than|fewer\s+than"
    r"|at\s+least|up\s+to|no\s+more\s+than|just\s+over|just\s+under|only|another|an\s+additional)"
)
_DAYWORD = rf"(?:today|tonight|yesterday|tomorrow|{WEEKDAY})"
_POD = r"(?:morning|afternoon|evening|night)"


#: For the rules that cannot match without one of a few words, those words. Scanning a whole
#: article costs each rule about 0.2 ms whether it matches or not (the patterns open with
#: optional words, so the regex engine tries every position), and most articles hold none of
#: these words; looking for them is several times cheaper. Each is a necessary condition of its
#: pattern (a mandatory group of it), and tests/time/test_time_rules.py checks on real articles
#: that the rules find the same with and without them.
_NEEDS = {
    "part_of_day": ("morning", "afternoon", "evening", "night"),  # "tonight", "overnight" too
    "season_year": ("spring", "summer", "autumn", "winter", "fall"),
    "spelled_year": ("nineteen", "eighteen", "seventeen", "thousand"),
    "hyphen_duration": tuple(
        f"-{unit}" for unit in ("second", "minute", "hour", "day", "night", "week", "fortnight",
                                "month", "quarter", "year", "decade", "centur")
    ),  # fmt: skip
    "offset": ("ago", "earlier", "later", "now", "hence"),
    "quarter": ("quarter", "half"),
    "times_per": ("once", "twice", "times"),
}


def _rule(name: str, pattern: str, handler: Handler) -> Rule:
    return Rule(name, re.compile(pattern, re.IGNORECASE), handler, _NEEDS.get(name, ()))


RULES: list[Rule] = [
    _rule("iso_date", r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b", _full_date),
    _rule("slash_date", r"\b(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d{2})\b", _full_date),
    _rule(
        "clock",
        rf"(?:(?:about|around|approximately|shortly\s+(?:before|after)|just\s+(?:before|after))\s+)?"
        rf"\b(?P<h>1[0-2]|0?\d)(?:[:.](?P<min>[0-5]\d))?\s*(?P<ampm>[ap]\.m\.|[ap]m\b|[ap]\.m\b)"
        rf"(?:\s+(?-i:[ECMP][SD]T|GMT|UTC)\b)?"
        rf"(?:,?\s+(?P<day>{_DAYWORD}|{MONTH}\s+\d{{1,2}}(?:,\s+\d{{4}})?))?",
        _clock,
    ),
    _rule(
        "clock24",
        rf"\b(?P<h>[01]?\d|2[0-3]):(?P<min>[0-5]\d)\s*(?-i:GMT|UTC)\b"
        rf"(?:,?\s+(?:on\s+)?(?P<day>{_DAYWORD}))?",
        _clock,
    ),
    _rule(
        "noon",
        rf"(?:(?:about|around|shortly\s+(?:before|after)|just\s+(?:before|after))\s+)?"
        rf"\b(?P<w>noon|midday|midnight)\b(?:\s+(?P<day>{_DAYWORD}))?",
        _noon,
    ),
    _rule(
        "part_of_day",
        rf"(?:\b(?:early|late|mid-?|later|earlier)\s*)?\b(?P<day>this|last|{_DAYWORD})\s+(?P<pod>{_POD})\b"
        rf"|(?:\b(?:early|late|mid-?)\s*)?\b(?P<pod2>{_POD})\s+(?P<day2>{_DAYWORD})"
        rf"|\b(?P<pod3>tonight|overnight)\b",
        _part_of_day,
    ),
    _rule(
        "month_day",
        rf"(?:(?P<wd>{WEEKDAY}),?\s+)?(?:\b{_EDGE}\s*)?(?P<month>{MONTH})\s+(?P<d>[0-3]?\d)"
        rf"(?:st|nd|rd|th)?\b(?!:)(?:,?\s+(?P<y>\d{{4}})\b)?",
        _full_date,
    ),
    _rule(
        "day_month",
        rf"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{MONTH})(?:,?\s+(?P<y>\d{{4}})\b)?",
        _full_date,
    ),
    _rule(
        "month_year",
        rf"(?:\b{_EDGE}\s*)?(?P<month>{MONTH}),?\s+(?:of\s+)?{_ANY_YEAR}",
        _month_year,
    ),
    _rule(
        "season_year",
        rf"(?:\bthe\s+)?(?:\b(?:early|late|mid-?)\s*)?\b(?P<season>{SEASON})\s+(?:of\s+)?{_ANY_YEAR}",
        _season_year,
    ),
    _rule(
        "month",
        rf"(?:\b{_EDGE}\s*)?(?:\b(?P<shift>last|next|this)\s+)?(?P<month>{MONTH})(?!-)",
        _month_alone,
    ),
    _rule(
        "year",
        rf"(?:\b(?:fiscal|calendar|the\s+year|{_EDGE})\s*)?(?<![$\d.,])\b(?P<y>1[6-9]\d\d|20\d\d)\b"
        rf"(?![,.]\d|%|-\d|\s*(?:percent|per\s+cent))",
        _year_alone,
    ),
    _rule(
        "decade",
        r"(?:\bthe\s+)?(?:\b(?:early|mid-?|late)\s*)?(?:\b(?P<cent>1[6-9]|20)|')(?P<dec>\d)0'?s\b",
        _decade,
    ),
    _rule("century", r"(?:\bthe\s+)?\b(?P<n>1\d|2[01])(?:st|nd|rd|th)[- ]century\b", _century),
    _rule("spelled_year", rf"(?:\bthe\s+year\s+)?\b{_SPELLED_YEAR}\b(?![- ]\w)", _spelled_year),
    _rule(
        "decade_word",
        rf"\bthe\s+(?:(?:early|mid-?|late)\s*)?(?P<w>{_alt(_DECADE_WORDS)})\b",
        _decade_word,
    ),
    _rule(
        "deictic_day",
        rf"(?:\b(?:early|late|later|earlier)\s+)?\b(?P<w>today|yesterday|tomorrow)\b"
        rf"(?:\s+(?P<pod>{_POD})\b)?",
        _deictic_day,
    ),
    _rule(
        "reference",
        r"\b(?:now|currently|nowadays|these\s+days|recently|lately|the\s+past|the\s+future"
        r"|the\s+present)\b(?!-)",
        _ref,
    ),
    _rule(
        "shifted_unit",
        rf"(?:\b(?:earlier|later|early|late|mid-?|(?P<edge>the\s+{_EDGE_OF})|{_EDGE})\s*)?"
        rf"\b(?P<shift>this(?:\s+past)?|last|next|current|coming|(?(edge)the|(?!)))"
        rf"\s+(?P<unit>week|weekend|month|year|quarter|decade|century|{SEASON})\b",
        _shifted_unit,
    ),
    _rule(
        "shifted_weekday",
        rf"(?:\b(?:early|late|later|earlier)\s+)?(?:\b(?:the\s+)?(?P<shift>last|next|this|coming"
        rf"|past|previous|following)\s+)?(?P<wd>{WEEKDAY})(?!s)",
        _weekday_date,
    ),
    _rule(
        "the_quarter",
        r"\bthe\s+(?:(?P<which>latest|most\s+recent|recent|current|previous|past|last|just-ended"
        r"|same)\s+)?quarter\b(?!s)",
        _the_quarter,
    ),
    _rule("the_weekend", r"\bthe\s+weekend\b", _the_weekend),
    _rule(
        "the_season",
        rf"\b(?:the\s+)(?:(?:early|late|mid-?)\s*)?(?P<season>{SEASON})\b(?!\s+of\b)",
        _the_season,
    ),
    _rule(
        "modified_part_of_day",
        r"\b(?:early|late|mid)[-\s]*(?P<pod>morning|afternoon|evening)\b"
        r"|\b(?:late|mid)[-\s]*(?P<pod2>night)\b",
        _modified_part_of_day,
    ),
    _rule(
        "span_of_unit",
        rf"\bthe\s+(?:first|past|last|next|coming|final|opening|following)\s+(?P<unit>{UNIT})\b(?!s)",
        _span_of_unit,
    ),
    _rule(
        "offset",
        rf"(?:\b{_APPROX}\s+)?\b(?P<n>{NUMBER}|recent)\s+(?P<unit>{UNIT})s?\s+"
        rf"(?P<dir>ago|earlier|later|from\s+now|hence)\b",
        _offset,
    ),
    _rule(
        "year_earlier",
        r"\bthe\s+year-(?:earlier|ago)\s+(?P<what>quarter|period)\b|\byear-(?:earlier|ago)\b",
        _year_earlier,
    ),
    _rule(
        "duration",
        rf"(?:\bthe\s+)?(?:\b(?:past|last|next|first|coming|previous|latest|final|following|initial"
        rf"|remaining|same|other)\s+)?(?:\b{_APPROX}\s+)?\b(?P<n>{NUMBER}|recent)"
        rf"(?:\s+(?:more|full|straight|consecutive|trading|business|long))?\s+(?P<unit>{UNIT})s?\b(?!-)",
        _duration,
    ),
    _rule(
        "hyphen_duration",
        rf"\b(?P<n>\d+(?:\.\d+)?|{NUMBER_WORD})-(?P<unit>{UNIT})(?:-(?:old|long))?\b",
        _duration,
    ),
    _rule(
        "bare_units",
        r"(?:(?<=\bfor\s)|(?<=\bin\s)|(?<=\bwithin\s)|(?<=\bfor\sthe\s))"
        r"(?P<unit>years|months|weeks|days|decades|hours|centuries)\b",
        _bare_units,
    ),
    _rule(
        "quarter",
        r"(?:\bthe\s+(?=[\w']+(?:\s+[\w']+)?\s+(?:fiscal\s+)?(?:quarter|half)\b))?"
        r"(?:(?P<owner>this\s+year's|last\s+year's|next\s+year's|the\s+current|current"
        r"|(?:the\s+)?(?:comparable\s+)?year-(?:ago|earlier)|(?P<fy>\d{4})(?:'s)?)\s+)?(?:\bfiscal[- ])?\b(?P<ord>first|second|third|fourth|1st|2nd"
        r"|3rd|4th)[- ](?:fiscal[- ])?(?P<what>quarter|half)\b(?!s)(?:\s+of\s+(?P<y2>\d{4})\b)?",
        _quarter,
    ),
    _rule(
        "every",
        rf"\b(?:every|each|per)\s+(?:(?P<other>other)\s+)?(?P<what>{UNIT}|{WEEKDAY}|{MONTH}"
        rf"|{SEASON}|{_POD})\b",
        _every,
    ),
    _rule(
        "adverb_set",
        r"\b(?:hourly|daily|nightly|weekly|biweekly|monthly|quarterly|annually|yearly)\b(?!-)",
        _adverb_set,
    ),
    _rule("weekdays", rf"\b(?P<wd>{WEEKDAY_NAME})s\b", _weekdays_plural),
    _rule(
        "times_per",
        rf"\b(?:once|twice|{NUMBER_WORD}\s+times|\d+\s+times)\s+(?:a|an|per|each)\s+(?P<unit>{UNIT})\b",
        _times_per,
    ),
]


@dataclass(frozen=True)
class Found:
    """A time expression found in a text: character offsets and the rule that matched."""

    start: int
    end: int
    rule: Rule
    match: re.Match[str]


def find(text: str) -> list[Found]:
    """Every time expression in ``text``, longest first where they overlap, in text order.

    >>> [text[f.start:f.end] for text in ["Prices fell 3% last week and six weeks ago."]
    ...  for f in find(text)]
    ['last week', 'six weeks ago']
    """
    folded = text.casefold()  # what IGNORECASE matches, folded as the words in _NEEDS are
    found = [
        Found(m.start(), m.end(), rule, m)
        for rule in RULES
        if not rule.needs or any(word in folded for word in rule.needs)
        for m in rule.pattern.finditer(text)
        if m.end() > m.start()
    ]
    order = {id(rule): i for i, rule in enumerate(RULES)}
    found.sort(key=lambda f: (f.start - f.end, order[id(f.rule)]))
    taken: list[Found] = []  # in text order, free of overlaps
    for f in found:
        n = bisect_right(taken, f.start, key=lambda t: t.start)
        if (n == 0 or taken[n - 1].end <= f.start) and (n == len(taken) or f.end <= taken[n].start):
            taken.insert(n, f)
    return taken


def resolve(found: Found, anchor: date | None, tense: str | None = None) -> Timex:
    """Normalize one found expression; relative ones stay ``value=None`` without an anchor."""
    try:
        kind, value = _run(found, Context(anchor, tense))
    except Unanchored:
        kind, _ = _run(found, Context(_PROBE, tense))
        return Timex(kind, None, relative=True)
    try:
        _run(found, Context(None, tense))
    except Unanchored:
        return Timex(kind, value, relative=True)
    return Timex(kind, value, relative=False)


#: Any date: only used to learn the type of an expression that cannot be resolved.
_PROBE = date(2000, 1, 1)


def _run(found: Found, ctx: Context) -> tuple[str, str | None]:
    """The handler's reading; numbers beyond the calendar ("9999999 days ago") give no value."""
    try:
        return found.rule.handler(found.match, ctx)
    except (ValueError, OverflowError):
        return "DURATION" if found.rule.handler is _duration else "DATE", None


def normalize(text: str, anchor: date | None, tense: str | None = None) -> Timex | None:
    """The TIMEX3 reading of ``text`` when one rule matches it whole, else None.

    >>> from datetime import date
    >>> normalize("December 28", date(2023, 1, 3), "PAST").value
    '2022-12-28'
    >>> normalize("banana", date(2023, 1, 3)) is None
    True
    """
    text = text.strip()
    for rule in RULES:
        match = rule.pattern.fullmatch(text)
        if match:
            return resolve(Found(0, len(text), rule, match), anchor, tense)
    return None

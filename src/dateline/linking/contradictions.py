"""Contradictions inside a story: claims from different origins that cannot both hold.

Five kinds, each naming both sides with their origin, article and text span:

- ``factuality``: an origin asserts (or claims) the event, another denies it;
- ``figure``: two counts of the same thing that cannot both hold (their bounds are disjoint:
  "40 killed" against "12 killed"; "hundreds of thousands of marchers" against "about 8,000
  people"), or a count and an explicit dispute of it ("as many as 15,000 troops ... Moscow
  insists the number is far lower");
- ``actor``: two origins name different perpetrators (no shared name, and no shared country
  where both are known);
- ``time``: two origins date the event differently at the precision both give;
- ``place``: two origins place it in different countries, or in places further apart than
  ``max_km`` where neither is an area that could contain the other.

An assertion and a denial contradict when their origins differ. Counts, perpetrators, dates
and places contradict when their origins differ or when two articles relay one origin
differently (a relay can garble a date). Casualty and other counts grow as a story unfolds, so a higher figure published on a later
day than a lower one is an update, not a contradiction.

A figure's bounds (:func:`figure_bounds`): an exact count is a point (±2% for rounding); a
count with an approximator before it ("about", "around", "some", "an estimated") is ±20%;
"at least N" is [N, ∞), "as many as N" [0, N]; a vague plural ("hundreds") is [2×, 10×) of its
magnitude, and "hundreds of thousands" multiplies the two.

>>> figure_bounds(StoryFigure(article="a", text="40 people", start=0, end=9, value=40))
(39.2, 40.8)
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from dateline.events.figures import parse_number
from dateline.linking.origins import Claim, entity_named, normalize_name, sentence_span
from dateline.records import AnalysisRecord, Contradiction, Event, Side, StoryFigure

_APPROX = re.compile(
    r"\b(?:about|around|roughly|some|approximately|an estimated|estimated|nearly|almost|"
    r"close to|circa|c\.|~)\s*$",
    re.IGNORECASE,
)
_MAGNITUDE = {"tens": 10, "dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1e3,
              "millions": 1e6, "billions": 1e9}  # fmt: skip
_VAGUE_OF = re.compile(
    r"^(?P<a>tens|dozens|scores|hundreds|thousands|millions)\s+of\s+"
    r"(?P<b>hundreds|thousands|millions|billions)\b",
    re.IGNORECASE,
)

#: what a count is about, by the words of its ``about`` and ``unit``
_CATEGORIES: dict[str, frozenset[str]] = {
    "killed": frozenset("killed kill killing dead died die death deaths fatality fatalities "
                        "lost losses loss lives perished slain casualties toll".split()),
    "injured": frozenset("injured injuring wounded wounding hurt injuries injury".split()),
    "displaced": frozenset("fled flee displaced evacuated refugees homeless".split()),
    "detained": frozenset("arrested detained held captured jailed".split()),
    "gathered": frozenset("marched march protested rallied demonstrated gathered attended "
                          "filled joined turned crowd marchers protesters demonstrators part".split()),
}  # fmt: skip
#: units that count the same kind of thing
_UNIT_GROUPS: dict[str, str] = {
    **dict.fromkeys("people persons person individuals".split(), "people"),
    **dict.fromkeys("troops soldiers servicemen personnel fighters military".split(), "troops"),
    **dict.fromkeys("civilians residents".split(), "civilians"),
    **dict.fromkeys("protesters marchers demonstrators participants crowd".split(), "crowd"),
    **dict.fromkeys("children kids".split(), "children"),
}


@dataclass(frozen=True)
class Report:
    """One member of a story as the contradiction checks see it."""

    record: AnalysisRecord
    event: Event
    claims: tuple[Claim, ...]
    origin: str | None  # the report's primary origin key


OriginId = Callable[[str | None], str | None]


def figure_bounds(fig: StoryFigure, context: str = "") -> tuple[float, float]:
    """(low, high) that the figure allows; ``context`` is the text just before it.

    >>> figure_bounds(StoryFigure(article="a", text="8,000 people", start=0, end=1, value=8000), "about ")
    (6400.0, 9600.0)
    >>> figure_bounds(StoryFigure(article="a", text="hundreds of thousands", start=0, end=1, min=200))
    (200000.0, 1000000.0)
    """
    if m := _VAGUE_OF.match(fig.text):
        scale = _MAGNITUDE[m.group("a").lower()] * _MAGNITUDE[m.group("b").lower()]
        return 2 * scale, 10 * scale
    first = fig.text.split()[0].lower() if fig.text.split() else ""
    if first in _MAGNITUDE and fig.value is None:
        return 2 * _MAGNITUDE[first], 10 * _MAGNITUDE[first]
    if fig.min is not None or fig.max is not None:
        return (fig.min or 0.0), (fig.max if fig.max is not None else math.inf)
    if fig.value is None:
        return 0.0, math.inf
    slack = 0.2 if _APPROX.search(context[-20:]) else 0.02
    return fig.value * (1 - slack), fig.value * (1 + slack)


def figure_category(fig: StoryFigure, text: str = "") -> tuple[str | None, str | None]:
    """(what happened, unit group) of a count: ("killed", "people") for "40 people killed".

    What happened comes from the figure's ``about`` and unit, else from the other words of its
    sentence in ``text`` ("Police put the crowd at about 8,000 people": a crowd).
    """
    words = set(re.findall(r"[a-z]+", f"{fig.about or ''} {fig.unit or ''}".lower()))
    what = next((c for c, vocab in _CATEGORIES.items() if words & vocab), None)
    if what is None and text:
        start, end = sentence_span(text, fig.start, fig.end)
        words = set(re.findall(r"[a-z]+", text[start:end].lower()))
        what = next((c for c, vocab in _CATEGORIES.items() if words & vocab), None)
    unit = (fig.unit or "").lower()
    return what, _UNIT_GROUPS.get(unit, unit or None)


def comparable(a: StoryFigure, b: StoryFigure, texts: Mapping[str, str] | None = None) -> bool:
    """Whether two figures count the same thing (same category and compatible units);
    ``texts`` (article id -> text) lets a figure take its category from its sentence."""
    texts = texts or {}
    what_a, unit_a = figure_category(a, texts.get(a.article, ""))
    what_b, unit_b = figure_category(b, texts.get(b.article, ""))
    return what_a is not None and what_a == what_b and _units_match(unit_a, unit_b)


def _units_match(a: str | None, b: str | None) -> bool:
    # a crowd is counted in people as often as in marchers
    return a == b or {a, b} == {"people", "crowd"}


def normalize_figures(record: AnalysisRecord) -> list[StoryFigure]:
    """The article's figures as story figures, with "hundreds of thousands of X" made one.

    The figures stage reads "hundreds of thousands of marchers" as two vague counts (the first
    counting "thousands"); they are joined into one count of marchers with both magnitudes.
    """
    figs = sorted(record.figures, key=lambda f: f.start)
    out: list[StoryFigure] = []
    skip: set[int] = set()
    text = record.article.text
    for i, f in enumerate(figs):
        if i in skip:
            continue
        start, end, unit, about = f.start, f.end, f.unit, f.about
        nxt = figs[i + 1] if i + 1 < len(figs) else None
        if (f.unit or "").lower() in _MAGNITUDE and nxt is not None and nxt.start < f.end + 5:
            end, unit, about = max(end, nxt.end), nxt.unit, nxt.about
            skip.add(i + 1)
        out.append(
            StoryFigure(
                article=record.article.id,
                text=text[start:end],
                start=start,
                end=end,
                value=f.value,
                min=f.min,
                max=f.max,
                unit=unit,
                about=about,
            )
        )
    return out


def _side(
    claim_or_report: Claim | None, report: Report, span: tuple[int, int], oid: OriginId
) -> Side:
    text = report.record.article.text
    start, end = span
    origin = claim_or_report.origin if claim_or_report else report.origin
    return Side(
        origin=oid(origin), article=report.record.article.id, text=text[start:end], start=start,
        end=end,
    )  # fmt: skip


def factuality_contradictions(
    reports: Sequence[Report], oid: OriginId, extra: Sequence[Claim] = ()
) -> list[Contradiction]:
    """Each denying origin against an origin that asserts or claims the event: one in the
    article that carries the denial when there is one (the two sides as the reader met them),
    else the first; ``extra`` adds claims that belong to no report (claims of responsibility).
    """
    claims = [*(c for r in reports for c in r.claims), *extra]
    asserting = [c for c in claims if c.stance in {"asserts", "claims"}]
    out: list[Contradiction] = []
    seen: set[str] = set()
    for denial in (c for c in claims if c.stance == "denies"):
        if denial.origin in seen:
            continue
        others = [c for c in asserting if c.origin != denial.origin]
        other = next((c for c in others if c.article == denial.article), None)
        other = other or (others[0] if others else None)
        if other is None:
            continue
        seen.add(denial.origin)
        out.append(
            Contradiction(
                kind="factuality",
                a=_claim_side(other, oid),
                b=_claim_side(denial, oid),
                note=f"{'claimed' if other.stance == 'claims' else 'asserted'} by {other.name}; "
                f"denied by {denial.name}",
            )
        )
    return out


def _claim_side(claim: Claim, oid: OriginId) -> Side:
    return Side(
        origin=oid(claim.origin), article=claim.article, text=claim.text, start=claim.start,
        end=claim.end,
    )  # fmt: skip


@dataclass(frozen=True)
class FigureClaim:
    """A figure of the story with the origin that states it and the one that disputes it."""

    figure: StoryFigure
    origin: str
    published: str | None
    disputed_by: tuple[tuple[str, str], ...] = ()  # (origin key, name)
    outcome: bool = True  # it counts the event's outcome (dead, injured, crowd...)
    name: str | None = None  # how the article names the origin that states it


def figure_contradictions(
    figures: Sequence[FigureClaim], texts: Mapping[str, str], oid: OriginId
) -> list[Contradiction]:
    """Disputed figures, and pairs of comparable figures whose bounds are disjoint."""
    out: list[Contradiction] = []
    for fc in figures:
        f = fc.figure
        for key, name in fc.disputed_by:
            if key == fc.origin:
                continue
            text = texts[f.article]
            start, end = _dispute_span(text, f.end, name)
            out.append(
                Contradiction(
                    kind="figure",
                    a=Side(
                        origin=oid(fc.origin),
                        article=f.article,
                        text=f.text,
                        start=f.start,
                        end=f.end,
                    ),  # fmt: skip
                    b=Side(
                        origin=oid(key),
                        article=f.article,
                        text=text[start:end],
                        start=start,
                        end=end,
                    ),  # fmt: skip
                    note=f"{name} disputes {f.text}",
                )
            )
    facts = {}  # figure -> (what, unit group, bounds), computed once
    for fc in figures:
        f, text = fc.figure, texts[fc.figure.article]
        what, unit = figure_category(f, text)
        facts[id(fc)] = (what, unit, figure_bounds(f, text[: f.start]))
    counted = [fc for fc in figures if facts[id(fc)][0] is not None]
    counted = representatives(counted, lambda fc: (fc.origin, fc.published, facts[id(fc)]))
    seen: set[tuple[str, str, str | None]] = set()
    for i, x in enumerate(counted):
        what, unit_x, (lo_x, hi_x) = facts[id(x)]
        for y in counted[i + 1 :]:
            what_y, unit_y, (lo_y, hi_y) = facts[id(y)]
            if what_y != what or not _units_match(unit_x, unit_y):
                continue
            if not independent(x.origin, x.figure.article, y.origin, y.figure.article):
                continue
            pair = (*sorted((x.origin, y.origin)), what)
            if pair in seen or not (hi_x < lo_y or hi_y < lo_x) or _update(x, y):
                continue
            seen.add(pair)  # type: ignore[arg-type]
            out.append(
                Contradiction(
                    kind="figure",
                    a=_figure_side(x, oid),
                    b=_figure_side(y, oid),
                    note=f"{x.figure.text} against {y.figure.text} ({what})",
                )
            )
    return out


def _figure_side(fc: FigureClaim, oid: OriginId) -> Side:
    f = fc.figure
    return Side(origin=oid(fc.origin), article=f.article, text=f.text, start=f.start, end=f.end)


def _update(x: FigureClaim, y: FigureClaim) -> bool:
    """A higher count published on a later day: the toll grew, nobody contradicted anybody."""
    if not x.published or not y.published or x.published == y.published:
        return False
    early, late = (x, y) if x.published < y.published else (y, x)
    return _point(late.figure) > _point(early.figure)


def _point(f: StoryFigure) -> float:
    for v in (f.value, f.min, f.max):
        if v is not None:
            return v
    return parse_number(f.text) or 0.0


def _dispute_span(text: str, after: int, name: str) -> tuple[int, int]:
    """The clause after a figure where ``name`` disputes it (its sentence, to the sentence end)."""
    window = text[after : after + 400]
    idx = window.lower().find(name.lower())
    if idx < 0:
        words = [w for w in normalize_name(name).split() if len(w) > 2]
        idx = min((i for w in words if (i := window.lower().find(w)) >= 0), default=-1)
    if idx < 0:
        return sentence_span(text, after, after)
    start = after + idx
    _, end = sentence_span(text, start, start + len(name))
    return start, end


# --- who, when and where


def _actor_names(event: Event) -> list[tuple[str, str | None]]:
    return [(a.name, a.country) for a in event.actors if a.name]


_GENERIC_ACTOR = frozenset(
    """forces force troops military army soldiers militants gunmen attackers group fighters
    helicopters helicopter drones drone aircraft jets missile missiles rocket rockets unit units
    men people police two three several unknown unidentified""".split()
)


def _actor_words(name: str) -> set[str]:
    return {w for w in normalize_name(name).split() if w not in _GENERIC_ACTOR and len(w) > 2}


def actors_agree(a: Sequence[tuple[str, str | None]], b: Sequence[tuple[str, str | None]]) -> bool:
    """Whether two actor lists can name the same perpetrator.

    They agree when any pair shares a non-generic word, or a country both know; an actor that
    is all generic words ("gunmen") agrees with anyone.

    >>> actors_agree([("Northern Front", None)], [("the army", "KX")])
    True
    >>> actors_agree([("Northern Front", None)], [("Southern Legion", None)])
    False
    """
    for name_a, country_a in a:
        for name_b, country_b in b:
            wa, wb = _actor_words(name_a), _actor_words(name_b)
            if not wa or not wb or wa & wb:
                return True
            if country_a and country_a == country_b:
                return True
    return False


@dataclass(frozen=True)
class ActorClaim:
    """Who an origin says did it, and where it says so."""

    origin: str
    article: str
    actors: tuple[tuple[str, str | None], ...]  # (name, country)
    text: str
    start: int
    end: int


def named_actors(record: AnalysisRecord, event: Event) -> list[tuple[str, str | None]]:
    """The event's actors that name a perpetrator: an entity of the article (not a place), or a
    name of several capitalised words. Weapons and generic nouns ("shells", "a car bomb",
    "gunmen") say how, not who, and are left out.

    >>> from dateline.records import Article, EventParticipant
    >>> rec = AnalysisRecord(article=Article(id="a", text="x"))
    >>> ev = Event(id="e1", type="FIGHT", trigger="hit", start=0, end=1, actors=[
    ...     EventParticipant(name="Shells"), EventParticipant(name="the Free Valley Movement")])
    >>> named_actors(rec, ev)
    [('the Free Valley Movement', None)]
    """
    places = {normalize_name(p.text) for p in record.places} | {
        normalize_name(p.name) for p in record.places if p.name
    }
    out = []
    for actor in event.actors:
        norm = normalize_name(actor.name)
        if not _actor_words(actor.name) or norm in places:
            continue
        entity = next((e for e in record.entities if e.id == actor.entity), None)
        entity = entity or entity_named(record, actor.name)
        capitals = [w for w in actor.name.split()[1:] if w[:1].isupper() and not w.isupper()]
        if (entity is not None and entity.type in _ACTOR_TYPES) or len(capitals) >= 1:
            out.append((actor.name, actor.country))
    return out


_ACTOR_TYPES = frozenset({"PERSON", "ORG", "NORP", "GPE"})


def actor_claims(reports: Sequence[Report], claims: Sequence[Claim] = ()) -> list[ActorClaim]:
    """The perpetrators each report names (with its primary origin), and each claim of
    responsibility (its claimant names itself)."""
    out = []
    for r in reports:
        if r.origin and (names := named_actors(r.record, r.event)):
            start, end = sentence_span(r.record.article.text, r.event.start, r.event.end)
            text = r.record.article.text[start:end]
            out.append(ActorClaim(r.origin, r.record.article.id, tuple(names), text, start, end))
    for c in claims:
        if c.stance == "claims":
            out.append(ActorClaim(c.origin, c.article, ((c.name, None),), c.text, c.start, c.end))
    return out


def actor_contradictions(actors: Sequence[ActorClaim], oid: OriginId) -> list[Contradiction]:
    """Pairs of origins (or of outlets relaying one) naming perpetrators who cannot be the same."""
    out: list[Contradiction] = []
    seen: set[tuple[str, str]] = set()
    actors = representatives(actors, lambda a: (a.origin, a.actors))
    for i, x in enumerate(actors):
        for y in actors[i + 1 :]:
            if not independent(x.origin, x.article, y.origin, y.article):
                continue
            if actors_agree(x.actors, y.actors):
                continue
            pair = tuple(sorted((x.origin, y.origin)))
            if pair in seen:
                continue
            seen.add(pair)  # type: ignore[arg-type]
            out.append(
                Contradiction(
                    kind="actor",
                    a=Side(
                        origin=oid(x.origin),
                        article=x.article,
                        text=x.text,
                        start=x.start,
                        end=x.end,
                    ),  # fmt: skip
                    b=Side(
                        origin=oid(y.origin),
                        article=y.article,
                        text=y.text,
                        start=y.start,
                        end=y.end,
                    ),  # fmt: skip
                    note=f"{', '.join(n for n, _ in x.actors)} against "
                    f"{', '.join(n for n, _ in y.actors)}",
                )
            )
    return out


def representatives(items: Sequence, key: Callable) -> list:
    """The first item of each distinct ``key``: pairwise checks then grow with the distinct
    claims of a story, not with how many outlets repeat them."""
    seen: dict = {}
    for item in items:
        seen.setdefault(key(item), item)
    return list(seen.values())


def independent(origin_a: str | None, article_a: str, origin_b: str | None, article_b: str) -> bool:
    """Whether two statements can contradict each other: different origins, or one origin as
    two different articles relay it (a relay can garble a date or a count)."""
    return origin_a != origin_b or article_a != article_b


def _event_side(report: Report, oid: OriginId) -> Side:
    span = sentence_span(report.record.article.text, report.event.start, report.event.end)
    return _side(None, report, span, oid)


def time_of(event: Event, record: AnalysisRecord | None = None) -> tuple[str, str] | None:
    """(value, precision) of an event's own date; None when unknown, taken from the publication
    date, or (given the ``record``) the date of a statement about it ("..., the police chief
    told reporters on Friday, a day after the bombing": Friday is when he spoke).
    """
    t = event.time
    if t is None or not t.value or t.from_publication_date:
        return None
    if record is not None and _statement_date(record, event):
        return None
    value = t.value
    if m := re.match(r"\d{4}-\d{2}-\d{2}", value):  # "2023-05-16TMO": the day is what counts
        return m.group(), "day"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value, "day"
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return value, "month"
    if re.fullmatch(r"\d{4}", value):
        return value, "year"
    return None


_SAID_ON = re.compile(
    r"\b(?:said|says|told|tells|wrote|writes|announced|stated|added|tweeted|posted)\b"
    r"(?:\s+(?:reporters|journalists|the press|a briefing|a news conference|parliament))?"
    r"\s+(?:on|late on|early on|at|in)?\s*$",
    re.IGNORECASE,
)


def _time_span(record: AnalysisRecord, event: Event) -> tuple[int, int] | None:
    t = event.time
    for time in record.times:
        if t is not None and time.value == t.value and (t.text is None or time.text == t.text):
            return time.start, time.end
    return None


def _statement_date(record: AnalysisRecord, event: Event) -> bool:
    """Whether the event's date is written right after a verb of saying ("told reporters on")."""
    span = _time_span(record, event)
    return span is not None and bool(
        _SAID_ON.search(record.article.text[max(0, span[0] - 60) : span[0]])
    )


def times_agree(a: str, b: str) -> bool:
    """Whether two dates agree at the precision both have ("2022-04" and "2022-04-01" do)."""
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def time_contradictions(reports: Sequence[Report], oid: OriginId) -> list[Contradiction]:
    """Reports from different origins that date the event on different days (months, years)."""
    dated = [(r, t) for r in reports if r.origin and (t := time_of(r.event, r.record))]
    dated = representatives(dated, lambda rt: (rt[1][0], rt[0].origin))
    out: list[Contradiction] = []
    seen: set[tuple[str, str]] = set()
    for i, (x, tx) in enumerate(dated):
        for y, ty in dated[i + 1 :]:
            if not independent(x.origin, x.record.article.id, y.origin, y.record.article.id):
                continue
            if times_agree(tx[0], ty[0]):
                continue
            pair = tuple(sorted((tx[0], ty[0])))
            if pair in seen:
                continue
            seen.add(pair)  # type: ignore[arg-type]
            out.append(
                Contradiction(
                    kind="time",
                    a=_time_side(x, oid),
                    b=_time_side(y, oid),
                    note=f"{tx[0]} against {ty[0]}",
                )
            )
    return out


def _time_side(report: Report, oid: OriginId) -> Side:
    span = _time_span(report.record, report.event)
    return _side(None, report, span, oid) if span else _event_side(report, oid)


def _place_key(place) -> str:
    return str(place.geonames_id) if place.geonames_id else normalize_name(place.name or place.text)


def _km(a_lat: float, a_lon: float, b_lat: float, b_lon: float) -> float:
    p1, p2 = math.radians(a_lat), math.radians(b_lat)
    dp, dl = p2 - p1, math.radians(b_lon - a_lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _is_area(feature: str | None) -> bool:
    """Admin regions, countries and natural areas can contain other places."""
    return bool(feature) and feature.split(".")[0] in {"A", "L", "T", "H"}  # type: ignore[union-attr]


def places_conflict(a, b, *, max_km: float = 50.0) -> bool:
    """Whether two resolved places cannot both be where the event happened.

    >>> from dateline.records import Place
    >>> kyiv = Place(text="Kyiv", start=0, end=4, country="UA", lat=50.45, lon=30.52, feature="P.PPLC")
    >>> lviv = Place(text="Lviv", start=0, end=4, country="UA", lat=49.84, lon=24.03, feature="P.PPLA")
    >>> places_conflict(kyiv, lviv), places_conflict(kyiv, kyiv)
    (True, False)
    """
    if a.country and b.country and a.country != b.country:
        return True
    if None in (a.lat, a.lon, b.lat, b.lon) or _is_area(a.feature) or _is_area(b.feature):
        return False
    return _km(a.lat, a.lon, b.lat, b.lon) > max_km


def place_contradictions(
    reports: Sequence[Report], oid: OriginId, *, max_km: float = 50.0
) -> list[Contradiction]:
    """Reports from different origins that put the event in places that exclude each other."""
    placed = [r for r in reports if r.origin and r.event.place is not None]
    placed = representatives(placed, lambda r: (_place_key(r.event.place), r.origin))
    out: list[Contradiction] = []
    seen: set[tuple[str, str]] = set()
    for i, x in enumerate(placed):
        for y in placed[i + 1 :]:
            px, py = x.event.place, y.event.place
            assert px is not None and py is not None
            if not independent(x.origin, x.record.article.id, y.origin, y.record.article.id):
                continue
            if not places_conflict(px, py, max_km=max_km):
                continue
            pair = tuple(sorted((px.name or px.text, py.name or py.text)))
            if pair in seen:
                continue
            seen.add(pair)  # type: ignore[arg-type]
            out.append(
                Contradiction(
                    kind="place",
                    a=_side(None, x, (px.start, px.end), oid),
                    b=_side(None, y, (py.start, py.end), oid),
                    note=f"{px.name or px.text} against {py.name or py.text}",
                )
            )
    return out

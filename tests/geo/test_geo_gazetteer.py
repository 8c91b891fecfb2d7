"""The gazetteer: name keys, the compact index, and the data read from the packages."""

from __future__ import annotations

import pytest

from dateline.geo.gazetteer import (
    ALTERNATE,
    PRIMARY,
    STRIPPED,
    Entry,
    Gazetteer,
    load_gazetteer,
    normalize,
    strip_region_suffix,
)
from dateline.geo.resolve import distance_km


def test_normalize_ignores_case_accents_dots_and_the():
    assert normalize("São Paulo") == normalize("SAO PAULO") == "sao paulo"
    assert normalize("St. Louis") == normalize("Saint Louis")
    assert normalize("the Hague") == "hague"
    assert normalize("") == normalize("   ") == ""


def test_strip_region_suffix():
    assert strip_region_suffix("Belgorod Oblast") == "Belgorod"
    assert strip_region_suffix("Rapides Parish") == "Rapides"
    assert strip_region_suffix("Oblast") is None
    assert strip_region_suffix("Texas") is None


def test_index_keeps_the_best_match_per_entry():
    gaz = Gazetteer()
    i = gaz.add(Entry("Kyiv", "UA", 50.45, 30.52, "P.PPLC", 2_797_553, 703448), ["Kiev", "Kyiv"])
    gaz.add(Entry("Kherson Oblast", "UA", 46.6, 33.3, "A.ADM1", 1_000_000, None))
    gaz.freeze()
    assert [(c.entry.name, c.match) for c in gaz.lookup("kyiv")] == [("Kyiv", PRIMARY)]
    assert [c.match for c in gaz.lookup("Kiev")] == [ALTERNATE]
    assert [c.match for c in gaz.lookup("Kherson")] == [STRIPPED]
    assert gaz.country("UA") is None and gaz.entries[i].name == "Kyiv"
    assert gaz.lookup("") == []


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def test_loaded_once_per_process(gaz):
    assert load_gazetteer() is gaz
    assert len(gaz) > 50_000


def _features(gaz, name):
    return {(c.entry.country, c.entry.feature) for c in gaz.lookup(name)}


def test_ambiguous_paris_has_france_and_texas(gaz):
    found = _features(gaz, "Paris")
    assert ("FR", "P.PPLC") in found
    assert ("US", "P.PPL") in found
    texas = [c.entry for c in gaz.lookup("Paris") if c.entry.admin1 == "Texas"]
    assert texas and texas[0].geonames_id == 4717560


def test_countries_regions_and_continents(gaz):
    ua = gaz.country("UA")
    assert ua.geonames_id == 690791 and ua.feature == "A.PCLI"
    assert ("RU", "A.ADM1") in _features(gaz, "Belgorod")
    assert ("RU", "P.PPL") in _features(gaz, "Belgorod")
    assert ("US", "A.ADM2") in _features(gaz, "Rapides Parish")
    assert (None, "L.CONT") in _features(gaz, "Europe")
    assert [c.entry.name for c in gaz.lookup("Tenn.")] == ["Tennessee"]
    assert gaz.lookup("U.S.")[0].entry.country == "US"


def test_every_entry_has_valid_coordinates(gaz):
    for entry in gaz.entries:
        assert -90 <= entry.lat <= 90 and -180 <= entry.lon <= 180, entry


def test_us_point_is_the_centre_of_the_contiguous_states(gaz):
    us = gaz.country("US")
    assert distance_km(us.lat, us.lon, 39.83, -98.58) < 5  # Lebanon, Kansas


def test_a_country_has_one_capital_not_every_town_of_its_name(gaz):
    capitals = [e for e in gaz.entries if e.feature == "P.PPLC" and e.country == "US"]
    assert [(e.name, round(e.lat), round(e.lon)) for e in capitals] == [("Washington", 39, -77)]


def test_continent_adjectives_and_well_known_places(gaz):
    assert gaz.continent_of("European").name == "Europe"
    assert gaz.continent_of("Africans").name == "Africa"
    assert gaz.continent_of("Ukrainian") is None  # a country's, not a continent's
    assert gaz.well_known("Kyiv").country == "UA"
    assert gaz.well_known("Crimea").feature == "A.ADM1"
    assert gaz.well_known("Rogersville") is None  # a small town is not well known


def test_a_gazetteer_pickles_whole():
    """Ray ships a used pipeline, gazetteer included, pickled: entries and index survive."""
    import pickle

    gaz = Gazetteer()
    gaz.add(Entry("Kyiv", "UA", 50.45, 30.52, "P.PPLC", 2_797_553, 703448, "Kyiv City"), ["Kiev"])
    gaz.add(Entry("Paris", "US", 33.66, -95.56, "P.PPLA2", 24_171, None))
    copy = pickle.loads(pickle.dumps(gaz))
    assert copy.entries == gaz.entries and copy.entries[1].admin1 is None
    assert copy.lookup("KIEV")[0].entry == gaz.entries[0]

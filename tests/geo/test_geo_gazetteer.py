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


def _small_gazetteer(city_size=5000):
    gaz = Gazetteer()
    gaz.add(Entry("Europe", None, 48.69, 9.14, "L.CONT", 0, 6255148), ["EU"])
    gaz.add(Entry("Kyiv", "UA", 50.45, 30.52, "P.PPLC", 2_797_553, 703448), ["Kiev"])
    gaz.add(Entry("Ukraine", "UA", 49.0, 32.0, "A.PCLI", 44_000_000, 690791))
    gaz.add(Entry("Kherson Oblast", "UA", 46.6, 33.3, "A.ADM1", 1_000_000, None))
    return gaz.freeze()


def _same(a, b):
    assert a.entries == b.entries
    assert a._index == b._index
    assert a._countries == b._countries and a._adjectives == b._adjectives
    assert a.countries is not None and b.countries is not None


def test_cached_gazetteer_is_built_once_then_read(tmp_path, monkeypatch):
    from dateline.geo import gazetteer as module

    builds = []
    monkeypatch.setattr(module, "build_gazetteer", lambda size: builds.append(size) or _counted())

    def _counted():
        gaz = _small_gazetteer()
        from dateline.geo.countries import load_countries

        gaz.countries = load_countries()
        return gaz

    first = module.cached_gazetteer(tmp_path)
    second = module.cached_gazetteer(tmp_path)
    assert builds == [module.CITY_SIZE]  # the second came from the file
    _same(first, second)
    assert second.continent_of("European").name == "Europe"
    assert [c.entry.name for c in second.lookup("Kherson")] == ["Kherson Oblast"]
    assert [p.name for p in tmp_path.iterdir()] == [module.cache_key()]  # no temporary left

    # a broken file is built again and replaced; no folder: built, nothing written
    (tmp_path / module.cache_key()).write_bytes(b"not a gazetteer")
    _same(module.cached_gazetteer(tmp_path), first)
    assert len(builds) == 2
    _same(module.cached_gazetteer(tmp_path), first)
    assert len(builds) == 2
    module.cached_gazetteer(None)
    assert len(builds) == 3


def test_cache_key_follows_the_code_and_the_city_size():
    from dateline.geo.gazetteer import cache_key

    assert cache_key() == cache_key()
    assert cache_key(1000) != cache_key()
    assert cache_key().startswith("gazetteer-") and cache_key().endswith(".pickle")


def test_cache_dir_is_configurable(monkeypatch, tmp_path):
    from dateline.geo.gazetteer import cache_dir

    monkeypatch.setenv("DATELINE_CACHE_DIR", str(tmp_path))
    assert cache_dir() == tmp_path
    monkeypatch.setenv("DATELINE_CACHE_DIR", "off")
    assert cache_dir() is None
    monkeypatch.delenv("DATELINE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "dateline"


@pytest.mark.slow
def test_cached_real_gazetteer_equals_the_build(tmp_path):
    from dateline.geo.gazetteer import build_gazetteer, cached_gazetteer

    built = build_gazetteer()
    cached_gazetteer(tmp_path)  # builds and writes
    _same(cached_gazetteer(tmp_path), built)

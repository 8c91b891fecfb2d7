"""country_of: names, short forms, possessives, demonyms and adjectives -> ISO alpha-2."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.geo import country_of
from dateline.geo.countries import country_of_name


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Ukraine", "UA"),
        ("Ukrainian", "UA"),
        ("Ukrainians", "UA"),
        ("Russia's", "RU"),
        ("Russia’s", "RU"),
        ("Russian", "RU"),
        ("the United States", "US"),
        ("U.S.", "US"),
        ("Americans", "US"),
        ("Britain", "GB"),
        ("British", "GB"),
        ("UK", "GB"),
        ("Emirati", "AE"),
        ("Côte d'Ivoire", "CI"),
        ("Ivory Coast", "CI"),
        ("FRENCH", "FR"),
    ],
)
def test_country_references(text, code):
    assert country_of(text) == code


@pytest.mark.parametrize("text", ["Moscow", "Kyiv", "Paris", "Europe", "Texas", "Belgorod"])
def test_places_that_are_not_countries(text):
    assert country_of(text) is None


@pytest.mark.parametrize("text", ["", "   ", "\n", "'s", "!!!", "42", "🇺🇦", "x" * 10_000, None, 3])
def test_empty_or_odd_strings(text):
    assert country_of(text) is None


def test_lowercase_pronoun_us_is_not_the_united_states():
    assert country_of("us") is None
    assert country_of("US") == "US"


def test_names_versus_adjectives():
    assert country_of_name("Russia") == "RU"
    assert country_of_name("Russian") is None


@given(st.text(max_size=40))
def test_country_of_never_fails(text):
    code = country_of(text)
    assert code is None or (len(code) == 2 and code.isupper())

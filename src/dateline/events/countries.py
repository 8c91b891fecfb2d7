"""Country of a word or name ("Ukrainian" -> "UA"), for event actors and targets.

The geo stage owns the gazetteer and exports ``dateline.geo.country_of(text) -> ISO2 | None``.
Until that function exists, a small table of our own (countries and demonyms most frequent in
conflict news) stands in; the import is tried lazily on each call, never at import time.

>>> country_of("Ukrainian"), country_of("Moscow"), country_of("banana")
('UA', 'RU', None)
"""

from __future__ import annotations

#: name or demonym (lower case) -> ISO 3166-1 alpha-2. Capitals stand for their state
#: ("Moscow insists") as is usual in news.
_FALLBACK: dict[str, str] = {}
_NAMES: dict[str, str] = {}

_ROWS = """
AF Afghanistan|Afghan|Afghans|Kabul
AL Albania|Albanian|Tirana
DZ Algeria|Algerian|Algiers
AM Armenia|Armenian|Yerevan
AU Australia|Australian|Canberra
AT Austria|Austrian|Vienna
AZ Azerbaijan|Azerbaijani|Baku
BH Bahrain|Bahraini
BD Bangladesh|Bangladeshi|Dhaka
BY Belarus|Belarusian|Minsk
BE Belgium|Belgian|Brussels
BA Bosnia|Bosnian|Sarajevo
BR Brazil|Brazilian|Brasilia
BG Bulgaria|Bulgarian|Sofia
BF Burkina Faso|Burkinabe|Ouagadougou
MM Myanmar|Burmese|Burma|Naypyidaw
BI Burundi|Burundian
KH Cambodia|Cambodian|Phnom Penh
CM Cameroon|Cameroonian|Yaounde
CA Canada|Canadian|Ottawa
CF Central African Republic|Bangui
TD Chad|Chadian|N'Djamena
CL Chile|Chilean|Santiago
CN China|Chinese|Beijing
CO Colombia|Colombian|Bogota
CD Democratic Republic of the Congo|DRC|Congolese|Kinshasa
HR Croatia|Croatian|Zagreb
CU Cuba|Cuban|Havana
CY Cyprus|Cypriot|Nicosia
CZ Czech Republic|Czechia|Czech|Prague
DK Denmark|Danish|Copenhagen
EG Egypt|Egyptian|Egyptians|Cairo
ER Eritrea|Eritrean|Asmara
EE Estonia|Estonian|Tallinn
ET Ethiopia|Ethiopian|Addis Ababa
FI Finland|Finnish|Helsinki
FR France|French|Paris
GE Georgia|Georgian|Tbilisi
DE Germany|German|Germans|Berlin
GH Ghana|Ghanaian|Accra
GR Greece|Greek|Athens
HU Hungary|Hungarian|Budapest
IN India|Indian|Indians|New Delhi
ID Indonesia|Indonesian|Jakarta
IR Iran|Iranian|Iranians|Tehran
IQ Iraq|Iraqi|Iraqis|Baghdad
IE Ireland|Irish|Dublin
IL Israel|Israeli|Israelis|Jerusalem|Tel Aviv
IT Italy|Italian|Rome
JP Japan|Japanese|Tokyo
JO Jordan|Jordanian|Amman
KZ Kazakhstan|Kazakh|Astana
KE Kenya|Kenyan|Nairobi
XK Kosovo|Kosovar|Pristina
KW Kuwait|Kuwaiti
KG Kyrgyzstan|Kyrgyz|Bishkek
LV Latvia|Latvian|Riga
LB Lebanon|Lebanese|Beirut
LY Libya|Libyan|Tripoli
LT Lithuania|Lithuanian|Vilnius
ML Mali|Malian|Bamako
MX Mexico|Mexican|Mexico City
MD Moldova|Moldovan|Chisinau
MA Morocco|Moroccan|Rabat
MZ Mozambique|Mozambican|Maputo
NP Nepal|Nepalese|Nepali|Kathmandu
NL Netherlands|Dutch|The Hague|Amsterdam
NZ New Zealand|Wellington
NE Niger|Nigerien|Niamey
NG Nigeria|Nigerian|Nigerians|Abuja
KP North Korea|Pyongyang
NO Norway|Norwegian|Oslo
OM Oman|Omani|Muscat
PK Pakistan|Pakistani|Islamabad
PS Palestine|Palestinian|Palestinians|Gaza|West Bank|Ramallah
PH Philippines|Philippine|Filipino|Manila
PL Poland|Polish|Warsaw
PT Portugal|Portuguese|Lisbon
QA Qatar|Qatari|Doha
RO Romania|Romanian|Bucharest
RU Russia|Russian|Russians|Moscow|Kremlin|Russian Federation
RW Rwanda|Rwandan|Kigali
SA Saudi Arabia|Saudi|Saudis|Riyadh
RS Serbia|Serbian|Serb|Serbs|Belgrade
SO Somalia|Somali|Mogadishu
ZA South Africa|South African|Pretoria
KR South Korea|Seoul
SS South Sudan|South Sudanese|Juba
ES Spain|Spanish|Madrid
LK Sri Lanka|Sri Lankan|Colombo
SD Sudan|Sudanese|Khartoum
SE Sweden|Swedish|Stockholm
CH Switzerland|Swiss|Bern
SY Syria|Syrian|Syrians|Damascus
TW Taiwan|Taiwanese|Taipei
TJ Tajikistan|Tajik|Dushanbe
TH Thailand|Thai|Bangkok
TN Tunisia|Tunisian|Tunis
TR Turkey|Turkish|Turks|Ankara|Turkiye
TM Turkmenistan|Turkmen
UG Uganda|Ugandan|Kampala
UA Ukraine|Ukrainian|Ukrainians|Kyiv|Kiev
AE United Arab Emirates|UAE|Emirati|Abu Dhabi
GB United Kingdom|UK|Britain|Great Britain|British|London
US United States|U.S.|US|USA|America|American|Americans|Washington|Pentagon
UZ Uzbekistan|Uzbek|Tashkent
VE Venezuela|Venezuelan|Caracas
VN Vietnam|Vietnamese|Hanoi
YE Yemen|Yemeni|Yemenis|Sanaa
ZW Zimbabwe|Zimbabwean|Harare
"""


def _table() -> dict[str, str]:
    if not _FALLBACK:
        for line in _ROWS.strip().splitlines():
            code, _, names = line.partition(" ")
            forms = names.split("|")
            _NAMES[code] = forms[0]
            for form in forms:
                _FALLBACK[form.lower()] = code
    return _FALLBACK


def fallback_country_of(text: str) -> str | None:
    """Our own small table: country, demonym or capital -> ISO2.

    >>> fallback_country_of("the Syrian")
    'SY'
    """
    if text.strip() == "us":  # the pronoun, not the country
        return None
    key = text.strip().lower()
    if key.startswith("the "):
        key = key[4:]
    return _table().get(key)


def country_of(text: str) -> str | None:
    """ISO2 country of ``text`` (a country, demonym or capital), via the geo stage when present."""
    try:
        from dateline.geo import country_of as geo_country_of  # type: ignore[attr-defined]
    except ImportError:
        geo_country_of = None
    if geo_country_of is not None:
        found = geo_country_of(text)
        if found:
            return found
    return fallback_country_of(text)


def country_name(code: str | None) -> str | None:
    """English short name of an ISO2 code from the fallback table.

    >>> country_name("UA")
    'Ukraine'
    """
    if code is None:
        return None
    _table()
    return _NAMES.get(code)

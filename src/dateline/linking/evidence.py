"""How alike two event mentions are: a score in [0, 1] and the evidence behind it.

:func:`compare` adds up log-odds from each kind of evidence and squashes the sum into a
probability-like score. Evidence that two reports *cannot* be one event (incompatible types,
dates days apart, places in different countries) weighs far more than evidence that they may
be (a shared word), because in news many distinct events look alike: strikes on the same city on
different days, protests in different towns on the same day.

The weights are named in :class:`Weights`, so a caller can see and change them (see there for
how they were set).

>>> from dateline.linking.mentions import Mention
>>> a = Mention("a:e1", "a", "e1", "ASSAULT", "violence", "shell", "2022-04-01", "day",
...             "2022-04-01", 49.99, 36.23, "UA", "Kharkiv Oblast", "Kharkiv")
>>> b = Mention("b:e3", "b", "e3", "FIGHT", "violence", "shelling", "2022-04-01", "day",
...             "2022-04-02", 50.0, 36.25, "UA", "Kharkiv Oblast", "Kharkiv")
>>> score, ev = compare(a, b)
>>> ev["date_distance_days"], round(ev["distance_km"]), ev["same_admin1"], score > 0.5
(0, 2, True, True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from dateline.linking.mentions import ANY_FAMILY, Mention, lemma_family, ordinal, stem


@dataclass(frozen=True)
class Weights:
    """Log-odds each kind of evidence adds (negative: evidence against one event).

    The bias and the weights of type, lemma and word family, participants, article names,
    sentence names and numbers, and same-article pairs were fitted on ECB+ train
    (``eval/fit_linking.py``: a logistic regression over every pair of gold mentions inside a
    topic). Dates and places are noisy there (a gold mention takes its sentence's time and
    place), so their weights are set by what they mean instead: dates or countries that cannot
    both hold rule a pair out, the same day and the same town count for it. Three fitted
    values are overridden: ``related_lemma`` is capped at ``same_lemma`` (fitted just below it), a
    relative never counting more than the word itself; ``shared_speaker`` (fitted -0.5) stays
    slightly positive; ``context`` (fitted -0.1 once sentence names count) keeps 0.7, because
    inside an ECB+ topic every pair shares the topic's words, which understates what context
    tells apart in a stream of unrelated news.
    """

    bias: float = -4.7
    same_type: float = 1.0
    same_family: float = 1.0
    same_lemma: float = 3.9
    related_lemma: float = 3.9  # one word family, not one stem ("shot"/"shooting")
    vector: float = 2.0  # times (cosine - 0.5), where both mentions have vectors
    same_day: float = 1.5
    near_day: float = 0.6  # within ``near_days``
    date_conflict: float = -5.0  # dates that cannot both hold
    published_far: float = -1.5  # no event dates, publication dates beyond the window
    near_place: float = 1.0  # within ``near_km``
    region_place: float = 0.3  # within ``region_km`` or the same admin1 region
    contains: float = 0.2  # one place lies inside the region or country the other names
    country_conflict: float = -2.0
    far_place: float = -0.6  # same country, beyond ``far_km``
    shared_participant: float = 1.3  # each shared actor/target name (at most two count)
    shared_country: float = 0.3
    shared_speaker: float = 0.3  # fitted slightly negative: one spokesman speaks on many events
    context: float = 0.7  # times the Jaccard overlap of context words (kept: see below)
    names: float = 3.2  # times the Jaccard overlap of the articles' names
    same_article: float = -2.3  # one article seldom reports one event twice as two events
    shared_name: float = 0.3  # each name both triggers' sentences carry (at most two count)
    shared_number: float = 0.3  # both sentences give one number
    number_conflict: float = -0.3  # both sentences give numbers, none the same
    participant_conflict: float = -0.3  # both name actors (people, bodies), none the same


@dataclass(frozen=True)
class Config:
    """Windows and distances that bound what may be one event."""

    window_days: int = 3  # publication dates further apart than this start to count against
    near_days: int = 1
    near_km: float = 25.0
    region_km: float = 100.0
    far_km: float = 300.0
    weights: Weights = Weights()


DEFAULT = Config()
_REGIONS = {"A.ADM1", "A.ADM2"}


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km.

    >>> round(distance_km(50.45, 30.52, 49.99, 36.23))
    409
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def compatible_types(a: Mention, b: Mention) -> bool:
    """Same family of types, or one of them untyped."""
    return a.family == b.family or ANY_FAMILY in (a.family, b.family)


def _jaccard(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter) if inter else 0.0


def date_evidence(a: Mention, b: Mention, config: Config = DEFAULT) -> tuple[dict, dict]:
    """Features (weight name -> amount) and evidence from the event dates (at the coarser
    precision of the two), else from the publication dates."""
    if a.date and b.date:
        da, db = ordinal(a.date), ordinal(b.date)
        if da is not None and db is not None:
            days = abs(da - db)
            ev = {"date_distance_days": days}
            if days == 0:
                return {"same_day": 1.0}, ev
            if days <= config.near_days:
                return {"near_day": 1.0}, ev
            return ({} if days <= config.window_days else {"date_conflict": 1.0}), ev
        n = min(len(a.date), len(b.date))
        same = a.date[:n] == b.date[:n]
        return ({} if same else {"date_conflict": 1.0}), {"date_compatible": same}
    pa, pb = a.published_day, b.published_day
    if pa is not None and pb is not None:
        days = abs(pa - pb)
        return ({"published_far": 1.0} if days > config.window_days else {}), {
            "published_distance_days": days
        }
    return {}, {}


def _contains(big: Mention, small: Mention) -> bool:
    if big.place_feature == "A.PCLI":
        return small.country == big.country and small.place_feature != "A.PCLI"
    if big.place_feature == "A.ADM1":
        return small.admin1 is not None and small.admin1 == big.admin1 and small.place_feature != "A.ADM1"
    return False


def place_evidence(a: Mention, b: Mention, config: Config = DEFAULT) -> tuple[dict, dict]:
    """Features and evidence from the places: distance, admin1 region, containment, country."""
    ev: dict = {}
    if a.country and b.country and a.country != b.country:
        return {"country_conflict": 1.0}, {"same_country": False}
    if a.country and b.country:
        ev["same_country"] = True
    if _contains(a, b) or _contains(b, a):
        ev["contains"] = True
        return {"contains": 1.0}, ev
    same_admin1 = a.admin1 is not None and a.admin1 == b.admin1
    if same_admin1:
        ev["same_admin1"] = True
    if None not in (a.lat, a.lon, b.lat, b.lon) and not {a.place_feature, b.place_feature} & _REGIONS:
        km = distance_km(a.lat, a.lon, b.lat, b.lon)  # type: ignore[arg-type]
        ev["distance_km"] = round(km, 1)
        if km <= config.near_km:
            return {"near_place": 1.0}, ev
        if km <= config.region_km or same_admin1:
            return {"region_place": 1.0}, ev
        if km > config.far_km and "A.PCLI" not in (a.place_feature, b.place_feature):
            return {"far_place": 1.0}, ev
        return {}, ev
    return ({"region_place": 1.0} if same_admin1 else {}), ev


def features(a: Mention, b: Mention, config: Config | None = None) -> tuple[dict[str, float], dict]:
    """The evidence as features (a :class:`Weights` field name -> amount) and as a readable dict
    (``{"type": "incompatible"}`` and no features when the types cannot be one event)."""
    config = config or DEFAULT
    if not compatible_types(a, b):
        return {}, {"type": "incompatible"}
    f: dict[str, float] = {}
    ev: dict = {}
    if a.type and a.type == b.type:
        f["same_type"] = 1.0
        ev["type"] = "same"
    elif a.family == b.family and a.family != ANY_FAMILY:
        f["same_family"] = 1.0
        ev["type"] = "family"
    if a.lemma and b.lemma:
        # an event's later mentions count too ("struck" ... "the attack" against "the attack")
        words_a, words_b = {a.lemma, *a.lemmas}, {b.lemma, *b.lemmas}
        same = sorted({stem(w) for w in words_a} & {stem(w) for w in words_b})
        related = sorted({lemma_family(w) for w in words_a} & {lemma_family(w) for w in words_b})
        if stem(a.lemma) == stem(b.lemma):
            f["same_lemma"] = 1.0
            ev["lemma"] = a.lemma
        elif same:
            f["same_lemma"] = 1.0
            ev["lemma"] = same[0]
        elif (key := lemma_family(a.lemma)) == lemma_family(b.lemma):
            f["related_lemma"] = 1.0
            ev["lemma_family"] = key
        elif related:
            f["related_lemma"] = 1.0
            ev["lemma_family"] = related[0]
    if a.vector is not None and b.vector is not None:
        cos = sum(x * y for x, y in zip(a.vector, b.vector, strict=False))
        f["vector"] = cos - 0.5
        ev["vector_cos"] = round(cos, 3)
    for part in (date_evidence(a, b, config), place_evidence(a, b, config)):
        f.update(part[0])
        ev.update(part[1])
    _participants(a, b, f, ev)
    _arguments(a, b, f, ev)
    shared_speakers = sorted(a.speakers & b.speakers)
    if shared_speakers:
        f["shared_speaker"] = 1.0
        ev["shared_speakers"] = shared_speakers
    ctx = _jaccard(a.context, b.context)
    if ctx:
        f["context"] = ctx
        ev["context_jaccard"] = round(ctx, 3)
    names = _jaccard(a.names, b.names)
    if names:
        f["names"] = names
        ev["names_jaccard"] = round(names, 3)
    if a.article == b.article:
        f["same_article"] = 1.0
        ev["same_article"] = True
    return f, ev


def compare(a: Mention, b: Mention, config: Config | None = None) -> tuple[float, dict]:
    """How likely ``a`` and ``b`` report one event: (score in [0, 1], evidence). See the module
    example. Incompatible types score 0 with ``{"type": "incompatible"}``."""
    config = config or DEFAULT
    f, ev = features(a, b, config)
    if ev.get("type") == "incompatible":
        return 0.0, ev
    w = config.weights
    logit = w.bias + sum(getattr(w, name) * amount for name, amount in f.items())
    score = 1.0 / (1.0 + math.exp(-logit))
    return round(score, 4), ev


def _participants(a: Mention, b: Mention, f: dict, ev: dict) -> None:
    people_a = {k for k in a.actors | a.targets if not k.startswith("cc:")}
    people_b = {k for k in b.actors | b.targets if not k.startswith("cc:")}
    shared = sorted(people_a & people_b)
    if shared:
        ev["shared_actors"] = shared
        f["shared_participant"] = float(min(2, len(shared)))
    else:
        actors_a = {k for k in a.actors if not k.startswith("cc:")}
        actors_b = {k for k in b.actors if not k.startswith("cc:")}
        if actors_a and actors_b:
            f["participant_conflict"] = 1.0
            ev["other_actors"] = [sorted(actors_a), sorted(actors_b)]
    countries = sorted(k[3:] for k in (a.actors | a.targets) & (b.actors | b.targets) if k.startswith("cc:"))
    if countries:
        ev["shared_countries"] = countries
        if not shared:
            f["shared_country"] = 1.0


def _arguments(a: Mention, b: Mention, f: dict, ev: dict) -> None:
    """Names and numbers of the two triggers' sentences (:func:`~dateline.linking.mentions.
    sentence_arguments`): shared ones count for one event, numbers that all differ against."""
    if not a.arguments or not b.arguments:
        return
    shared = a.arguments & b.arguments
    names = sorted(k[2:] for k in shared if k.startswith("n:"))
    if names:
        f["shared_name"] = float(min(2, len(names)))
        ev["shared_names"] = names
    numbers = sorted(k[2:] for k in shared if k.startswith("#:"))
    if numbers:
        f["shared_number"] = 1.0
        ev["shared_numbers"] = numbers
    elif any(k.startswith("#:") for k in a.arguments) and any(k.startswith("#:") for k in b.arguments):
        f["number_conflict"] = 1.0
        ev["numbers"] = [
            sorted(k[2:] for k in m.arguments if k.startswith("#:")) for m in (a, b)
        ]

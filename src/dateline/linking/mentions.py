"""Event mentions as plain data: what linking compares across articles.

A :class:`Mention` is one event of one article reduced to the evidence that two reports of the
same real-world event share: the PLOVER type and its family, the trigger lemma, the event's date
with its precision (and the publication date for when it has none), the place (coordinates,
country, admin1 region), the participants, the speakers quoted about it, the context words of
its sentence, the article's names and, where the spaCy model has them, a vector.

:func:`mentions_from_record` builds them from a stored :class:`~dateline.records.AnalysisRecord`
alone; a parsed ``Doc`` adds the trigger's parsed lemma and, where the model has them, vectors.
Context words are stems of the article text (no model), so mentions built with and without a
parse compare alike; trigger lemmas are compared by :func:`stem` for the same reason.

>>> from dateline.records import AnalysisRecord, Article, Event
>>> rec = AnalysisRecord(article=Article(id="a1", text="Shells hit Kharkiv.", published="2022-04-01"),
...                      events=[Event(id="e1", type="ASSAULT", trigger="hit", start=7, end=10)])
>>> m = mentions_from_record(rec)[0]
>>> m.key, m.family, m.lemma, m.published
('a1:e1', 'violence', 'hit', '2022-04-01')
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from dateline.records import AnalysisRecord, Event, Place, ref

#: PLOVER types grouped into families of compatible types: two reports of one event may type it
#: differently within a family (an "attack" and a "clash"), never across families.
FAMILIES: dict[str, str] = {
    "FIGHT": "violence",
    "ASSAULT": "violence",
    "PROTEST": "protest",
    "MOBILIZE": "military",
    "RETREAT": "military",
    "COERCE": "coerce",
    "SANCTION": "coerce",
    "THREATEN": "coerce",
    "AGREE": "cooperate",
    "CONSULT": "cooperate",
    "COOPERATE": "cooperate",
    "AID": "cooperate",
    "SUPPORT": "cooperate",
    "CONCEDE": "cooperate",
    "ACCUSE": "verbal",
    "REJECT": "verbal",
    "REQUEST": "verbal",
    "STATEMENT": "verbal",
    "CRIME": "crime",
    "DISASTER": "disaster",
}

#: Family of a mention whose type is unknown (gold mentions without a dateline event): it is
#: compatible with every family.
ANY_FAMILY = "*"

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_NAME_TYPES = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT"}
#: how many of an article's most mentioned names a mention carries
ARTICLE_NAMES = 12


@dataclass(frozen=True, slots=True)
class Mention:
    """One event mention of one article, as linking sees it (plain, hashable data)."""

    key: str
    article: str
    event: str
    type: str | None = None
    family: str = ANY_FAMILY
    lemma: str | None = None
    date: str | None = None
    precision: str = "unknown"
    published: str | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    admin1: str | None = None
    place_name: str | None = None
    place_feature: str | None = None
    actors: frozenset[str] = frozenset()
    targets: frozenset[str] = frozenset()
    speakers: frozenset[str] = frozenset()
    context: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()
    vector: tuple[float, ...] | None = field(default=None, compare=False)
    outlet: str | None = None
    #: heads of the arguments in the trigger's sentence, model-free (:func:`sentence_arguments`):
    #: ``n:`` names (capitalized words not opening the sentence), ``#:`` numbers (not years)
    arguments: frozenset[str] = frozenset()
    #: lemmas of the later mentions folded into the event (``Event.mentions`` after the first):
    #: a report that says "the attack" where another says "struck" names the same happening
    lemmas: frozenset[str] = frozenset()

    @property
    def day(self) -> int | None:
        """The day number (proleptic ordinal) of the event date at day precision, else None."""
        return ordinal(self.date) if self.precision == "day" else None

    @property
    def published_day(self) -> int | None:
        return ordinal(self.published)


def family_of(plover: str | None) -> str:
    """The family of compatible PLOVER types.

    >>> family_of("FIGHT") == family_of("ASSAULT"), family_of(None)
    (True, '*')
    """
    if not plover:
        return ANY_FAMILY
    return FAMILIES.get(plover, plover.lower())


def date_precision(value: str | None) -> tuple[str | None, str]:
    """A TIMEX3 value cut to ``YYYY-MM-DD``/``YYYY-MM``/``YYYY`` and its precision.

    >>> date_precision("2022-04-01T10:00"), date_precision("2022-04"), date_precision("PAST_REF")
    (('2022-04-01', 'day'), ('2022-04', 'month'), (None, 'unknown'))
    """
    if not value or not (m := _DATE.match(value)):
        return None, "unknown"
    year, month, day = m.groups()
    if day and month:
        try:
            return date(int(year), int(month), int(day)).isoformat(), "day"
        except ValueError:
            return f"{year}-{month}", "month"
    if month and not value[4:].startswith("-W"):
        return f"{year}-{month}", "month"
    return year, "year"


def ordinal(value: str | None) -> int | None:
    """Day number of a ``YYYY-MM-DD`` date (None for anything else)."""
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None


def normalize_name(name: str) -> str:
    """Lower case, no leading article or possessive, single spaces.

    >>> normalize_name("The  Kremlin's")
    'kremlin'
    """
    words = re.sub(r"['’]s\b", "", name).lower().split()
    while words and words[0] in {"the", "a", "an"}:
        words = words[1:]
    return " ".join(words).strip(".,;:\"'")


def participant_keys(participants) -> frozenset[str]:
    """Names and ``cc:XX`` country keys of event participants (actors or targets)."""
    keys = set()
    for p in participants:
        if p.name:
            keys.add(normalize_name(p.name))
        if p.country:
            keys.add(f"cc:{p.country}")
    return frozenset(k for k in keys if k)


def article_names(record: AnalysisRecord, limit: int = ARTICLE_NAMES) -> frozenset[str]:
    """The article's most mentioned names (people, bodies, places): its subject in a few keys."""
    counts = Counter()
    for entity in record.entities:
        if entity.type in _NAME_TYPES and entity.name:
            counts[normalize_name(entity.name)] += max(1, len(entity.mentions))
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return frozenset(name for name, _ in ranked[:limit] if name)


def admin1_of(place: Place | None, gazetteer=None) -> str | None:
    """The admin1 region of a resolved place (its own name when it is a region), else None."""
    if place is None:
        return None
    if place.feature == "A.ADM1":
        return place.name
    if gazetteer is None or place.geonames_id is None:
        return None
    for cand in gazetteer.lookup(place.name or place.text):
        if cand.entry.geonames_id == place.geonames_id:
            return cand.entry.admin1 or None
    return None


def stem(word: str) -> str:
    """A crude, model-free stem, so mentions built with and without a parse compare alike.

    >>> stem("Shelling"), stem("shelled"), stem("shells"), stem("strikes")
    ('shell', 'shell', 'shell', 'strik')
    """
    w = word.lower()
    for suffix in ("ings", "ing", "ied", "ies", "ed", "es", "s", "e"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]
    return w


#: irregular forms and nominalizations a suffix rule cannot reach, to the family's key word
IRREGULAR: dict[str, str] = {
    "shot": "shoot", "gunfire": "shoot", "death": "die", "dead": "die", "died": "die",
    "dying": "die", "sold": "sell", "sale": "sell", "bought": "buy", "purchase": "buy",
    "won": "win", "victory": "win", "lost": "lose", "loss": "lose", "struck": "strike",
    "fled": "flee", "flight": "flee", "held": "hold", "led": "lead", "gave": "give",
    "took": "take", "taken": "take", "seizure": "seize", "quake": "earthquake",
    "acquisition": "acquire", "trial": "try", "tried": "try", "theft": "steal",
    "stolen": "steal", "stole": "steal", "robbery": "rob", "explosion": "explode",
    "born": "bear", "birth": "bear", "fell": "fall", "fallen": "fall", "rose": "rise",
    "risen": "rise", "sank": "sink", "sunk": "sink", "hung": "hang", "caught": "catch",
    "sent": "send", "spent": "spend", "choice": "choose", "chose": "choose",
    "chosen": "choose", "departure": "depart", "arrival": "arrive", "failure": "fail",
    "injury": "injure", "marriage": "marry", "proposal": "propose", "approval": "approve",
    "refusal": "refuse", "withdrawal": "withdraw", "removal": "remove",
    "dismissal": "dismiss", "burial": "bury",
}  # fmt: skip
_INFLECTIONS = ("ings", "ing", "ies", "ied", "ed", "es", "s", "e", "y")
_DERIVATIONS = (
    ("ations", "at"), ("ation", "at"), ("itions", "it"), ("ition", "it"), ("sions", "d"),
    ("sion", "d"), ("ions", ""), ("ion", ""), ("ments", ""), ("ment", ""), ("ers", ""),
    ("er", ""), ("ors", ""), ("or", ""),
)  # fmt: skip


def lemma_family(word: str) -> str:
    """A model-free key shared by a trigger's inflections, derivations and nominalizations
    (verb and noun of one act: "arrest"/"arrested", "shooting"/"shot", "explosion"/"explode",
    "death"/"died"), so reports that name one event with related words can meet.

    >>> [lemma_family(w) for w in ("shot", "shooting", "explosion", "exploded", "death", "died")]
    ['shoot', 'shoot', 'explod', 'explod', 'die', 'die']
    >>> lemma_family("protest") == lemma_family("protection")
    False
    """
    w = word.lower().strip()
    w = IRREGULAR.get(w, w)
    for suffix in _INFLECTIONS:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            break
    for suffix, replacement in _DERIVATIONS:
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            w = w[: -len(suffix)] + replacement
            break
    if w.endswith(("e", "i", "y")) and len(w) > 3:
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]
    return w


def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
_SENT_END = re.compile(r"[.!?]\s+(?=[A-Z\"'“])|\n")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Character bounds of the sentence holding ``[start, end)`` (punctuation based, no model).

    >>> text = "Calm day. Shells hit Kharkiv at dawn. Talks go on."
    >>> text[slice(*sentence_bounds(text, 10, 16))]
    'Shells hit Kharkiv at dawn.'
    """
    lo, hi = 0, len(text)
    for m in _SENT_END.finditer(text):
        if m.end() <= start:
            lo = m.end()
        elif m.start() >= end:
            hi = m.start() + 1
            break
    return lo, min(hi, len(text))


def context_words(text: str, start: int, end: int, stop: frozenset[str] | None = None) -> frozenset[str]:
    """Stems of the content words of the trigger's sentence, the trigger left out.

    >>> sorted(context_words("Shells hit the Kharkiv market on Monday.", 7, 10))
    ['kharkiv', 'market', 'monday', 'shell']
    """
    stop = _stop_words() if stop is None else stop
    lo, hi = sentence_bounds(text, start, end)
    words = set()
    for m in _WORD.finditer(text, lo, hi):
        if start <= m.start() < end:
            continue
        w = m.group().lower()
        if len(w) > 2 and w not in stop:
            words.add(stem(w))
    return frozenset(words)


_NUMBER_WORDS = {
    w: i + 2
    for i, w in enumerate("two three four five six seven eight nine ten eleven twelve".split())
}
_NUMBER = re.compile(r"\b\d[\d,]*(?:\.\d+)?\b")


def sentence_arguments(
    text: str, start: int, end: int, stop: frozenset[str] | None = None
) -> frozenset[str]:
    """Heads of the arguments around the trigger, from its sentence and without a model: names
    (``n:`` and the stem of a capitalized word that does not open the sentence) and numbers
    (``#:`` and the value; four-digit years and the trigger left out). Two reports of one event
    tend to share them; two that both give a number and share none often count different things.

    >>> sorted(sentence_arguments("Police said two men shot a guard in Oakland on Friday.", 20, 24))
    ['#:2', 'n:friday', 'n:oakland']
    """
    stop = _stop_words() if stop is None else stop
    lo, hi = sentence_bounds(text, start, end)
    out = set()
    first = True
    for m in _WORD.finditer(text, lo, hi):
        word = m.group()
        opening, first = first, False
        if start <= m.start() < end:
            continue
        low = word.lower()
        if low in _NUMBER_WORDS:
            out.add(f"#:{_NUMBER_WORDS[low]}")
        elif word[0].isupper() and not opening and low not in stop and len(low) > 1:
            out.add(f"n:{stem(low)}")
    for m in _NUMBER.finditer(text, lo, hi):
        if start <= m.start() < end:
            continue
        value = m.group().replace(",", "").rstrip(".")
        if len(value) == 4 and value.isdigit() and 1800 <= int(value) <= 2100:
            continue  # a year: time, compared by dates
        out.add(f"#:{value.lstrip('0') or '0'}")
    return frozenset(out)


def trigger_vector(doc, start: int, end: int) -> tuple[float, ...] | None:
    """The trigger's word vector, normalized, when the model has real vectors (else None)."""
    if doc is None or not len(doc.vocab.vectors) or not doc.vocab.vectors.shape[1]:
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not span.root.has_vector:
        return None
    vec = span.root.vector
    norm = float((vec * vec).sum()) ** 0.5
    return tuple(round(float(x) / norm, 5) for x in vec) if norm else None


def trigger_lemma(event: Event, doc=None) -> str:
    """The trigger's lemma from the parse, else its lower-cased last word."""
    return _span_lemma(event.start, event.end, event.trigger, doc)


def _span_lemma(start: int, end: int, trigger: str, doc=None) -> str:
    if doc is not None:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            return span.root.lemma_.lower()
    words = trigger.lower().split()
    return words[-1] if words else trigger.lower()


def _speakers(event: Event, record: AnalysisRecord) -> frozenset[str]:
    # schema 2: each source carries its speaker's name (and entity and quote ids)
    names = {normalize_name(s.name) for s in event.sources if s.name}
    return frozenset(n for n in names if n)


def mention_from_event(
    event: Event,
    record: AnalysisRecord,
    doc=None,
    *,
    gazetteer=None,
    names: frozenset[str] | None = None,
    stop: frozenset[str] | None = None,
) -> Mention:
    """The :class:`Mention` of one event of ``record``."""
    article = record.article
    value, precision = (None, "unknown")
    if event.time is not None and not event.time.from_publication_date:
        value, precision = date_precision(event.time.value)
    place = event.place
    return Mention(
        key=ref(article.id, event.id),
        article=article.id,
        event=event.id,
        type=event.type,
        family=family_of(event.type),
        lemma=trigger_lemma(event, doc),
        date=value,
        precision=precision,
        published=article.published,
        lat=place.lat if place else None,
        lon=place.lon if place else None,
        country=place.country if place else None,
        admin1=admin1_of(place, gazetteer),
        place_name=(place.name or place.text) if place else None,
        place_feature=place.feature if place else None,
        actors=participant_keys(event.actors),
        targets=participant_keys(event.targets),
        speakers=_speakers(event, record),
        context=context_words(article.text, event.start, event.end, stop),
        names=article_names(record) if names is None else names,
        vector=trigger_vector(doc, event.start, event.end),
        outlet=article.outlet,
        arguments=sentence_arguments(article.text, event.start, event.end, stop),
        lemmas=frozenset(
            _span_lemma(m.start, m.end, m.trigger, doc) for m in event.mentions[1:]
        ),
    )


def mentions_from_record(record: AnalysisRecord, doc=None, *, gazetteer=None) -> list[Mention]:
    """One :class:`Mention` per event of ``record`` (``doc``, the parse of the article's text,
    adds context lemmas and vectors; ``gazetteer`` adds admin1 regions). See the module example.
    """
    if gazetteer is None and any(e.place and e.place.geonames_id for e in record.events):
        from dateline.geo.gazetteer import load_gazetteer

        gazetteer = load_gazetteer()
    names = article_names(record)
    stop = _stop_words()
    return [
        mention_from_event(e, record, doc, gazetteer=gazetteer, names=names, stop=stop)
        for e in record.events
    ]

"""Origins: where each report's claim comes from, with wire copy collapsed into the wire.

A report (one article's mention of a story's event) rests on one or more *claims*. Each claim
traces to an origin:

- the speaker of a quote the event rests on (``event.sources``): a **person**, an official
  **body** (a ministry, a government named by its capital), or an **unnamed** source ("a
  military source"), with the **channel** it used ("Telegram", "a statement") and the outlets
  that relayed it (``quote.relayed_by``, then the publishing outlet);
- a news agency quoted as the source ("..., Tass reported"): a **wire** origin;
- otherwise the reporting *house* of the article: the outlet's own reporting (**outlet**), or,
  when the article is wire copy, the **wire**.

Wire copy is recognised from the text itself (:func:`wire_credit`): a wire dateline at the
head ("KYIV (Reuters) -"), a byline or credit line naming an agency ("By Jane Roe,
Associated Press", "-- AFP", "Copyright 2022 Reuters"), in the text or among the lines cleanup
removed (``article.removed``; photo credits do not count: a Reuters photo is not Reuters
copy). Copy without a credit is recognised by its text: articles of different outlets whose
word shingles are near-duplicates (MinHash, :func:`near_duplicates`) share one house, the
credited wire when any member has one, else the earliest publisher.

Identity is what makes corroboration honest: a named speaker is one origin whatever outlet
relays them (two outlets relaying one governor's Telegram post are one origin); an unnamed
source is only the same across articles when the same house reports it ("a military source told
Reuters", run by ten papers, is one origin; "a source" in two unrelated outlets is two).

>>> credit = wire_credit(Article(id="a", text="KYIV, April 1 (Reuters) - A strike hit ..."))
>>> credit.wire, credit.how
('Reuters', 'dateline')
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from dateline.attribution.lexicon import CHANNEL_NOUNS, OUTLET_WORDS, SOURCE_NOUNS
from dateline.events.factuality import quote_denies
from dateline.records import AnalysisRecord, Article, Entity, Event, Quote, Source

#: News agencies whose copy other outlets run: lower-cased alias -> canonical name.
WIRES: dict[str, str] = {
    "reuters": "Reuters",
    "thomson reuters": "Reuters",
    "ap": "Associated Press",
    "the associated press": "Associated Press",
    "associated press": "Associated Press",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "agence france presse": "AFP",
    "tass": "Tass",
    "itar-tass": "Tass",
    "ria": "RIA Novosti",
    "ria novosti": "RIA Novosti",
    "interfax": "Interfax",
    "xinhua": "Xinhua",
    "bloomberg": "Bloomberg",
    "dpa": "dpa",
    "efe": "EFE",
    "ansa": "ANSA",
    "kyodo": "Kyodo",
    "yonhap": "Yonhap",
    "anadolu": "Anadolu",
    "anadolu agency": "Anadolu",
    "ukrinform": "Ukrinform",
    "unian": "UNIAN",
    "pti": "PTI",
    "upi": "UPI",
    "irna": "IRNA",
    "wafa": "WAFA",
    "sana": "SANA",
}

_WIRE_NAMES = "|".join(sorted((re.escape(w) for w in WIRES), key=len, reverse=True))
_WIRE = rf"(?P<wire>{_WIRE_NAMES})"

# "KYIV, Ukraine, April 1 (Reuters) - ", "MOSCOW (AP) — ", "(AFP) -": within the first line.
_DATELINE = re.compile(rf"^[^\n()]{{0,80}}\(\s*{_WIRE}\s*\)\s*[-–—:]", re.IGNORECASE)
# "By Jane Roe, Reuters" / "By JANE ROE Associated Press" as the first paragraph.
_BYLINE = re.compile(
    rf"^by\s+[^\n]{{1,80}}?[,|]?\s+(?:for\s+)?{_WIRE}\s*\.?$", re.IGNORECASE | re.MULTILINE
)
# Credit lines that hand the whole text to an agency (last paragraph or a removed line).
_CREDITS = [
    re.compile(rf"^[-–—]+\s*{_WIRE}\s*\.?$", re.IGNORECASE),  # "-- AFP"
    re.compile(rf"^\(?\s*{_WIRE}\s*\)?\s*$", re.IGNORECASE),  # "(Reuters)" alone
    re.compile(rf"(?:copyright|©)\s*(?:\(c\)\s*)?(?:\d{{4}}\s+)?{_WIRE}\b", re.IGNORECASE),
    re.compile(
        rf"^(?:this\s+(?:story|article|report)\s+(?:was\s+)?(?:provided|supplied|written|"
        rf"distributed)\s+by|source|via|distributed\s+by)\s*:?\s+{_WIRE}\b",
        re.IGNORECASE,
    ),
]
# Photo and video credits are not text credits.
_PHOTO = re.compile(r"\b(?:photo|image|picture|video|getty|caption|file)\b|/", re.IGNORECASE)

_PLATFORMS = {
    "telegram": "Telegram",
    "twitter": "Twitter",
    "x": "X",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "vkontakte": "VKontakte",
    "youtube": "YouTube",
    "tiktok": "TikTok",
    "website": "website",
    "television": "television",
    "tv": "television",
    "radio": "radio",
}
_DROP = frozenset("in on at during via through over to a an the his her its their our".split())


@dataclass(frozen=True)
class WireCredit:
    """Why an article counts as a wire's copy: the wire, the signal and the text that shows it."""

    wire: str
    how: str  # dateline | byline | credit | near_duplicate
    text: str


@dataclass(frozen=True)
class House:
    """Who stands behind an article's own reporting: its outlet, or the wire it runs."""

    key: str
    name: str
    kind: str  # outlet | wire
    how: str | None = None  # how wire copy was recognised; None for the outlet itself


@dataclass(frozen=True)
class Claim:
    """One origin's stance on one report, with the text span that states it."""

    origin: str  # the origin key: the same key across articles means the same origin
    name: str
    kind: str  # person | body | unnamed | outlet | wire
    stance: str  # asserts | denies | claims | silent
    article: str
    outlet: str | None
    channel: str | None
    via: tuple[str, ...]  # outlets between the origin and the reader, nearest the origin first
    text: str
    start: int
    end: int
    quote: str | None = None
    entity: str | None = None


@functools.lru_cache(maxsize=65536)  # pure, and called for every claim of every story
def normalize_name(name: str) -> str:
    """A comparison form of a name: accents folded, lower case, no leading article or title.

    >>> normalize_name("The  Kremlin"), normalize_name("Volodymyr Zelenskyy's")
    ('kremlin', 'volodymyr zelenskyy')
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"['’]s\b", "", text)
    text = re.sub(r"[^\w\s-]", " ", text)
    words = text.split()
    while words and words[0] in {"the", "a", "an"}:
        words = words[1:]
    return " ".join(words)


def wire_name(name: str | None) -> str | None:
    """The canonical wire a name stands for ("the Associated Press" -> "Associated Press").

    >>> wire_name("Russia's state-run Tass news agency"), wire_name("Harbor Post")
    ('Tass', None)
    """
    if not name:
        return None
    norm = normalize_name(name)
    if norm in WIRES:
        return WIRES[norm]
    words = norm.replace("-", " ").split()
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            alias = " ".join(words[i : i + size])
            if alias in WIRES and (size > 1 or alias not in {"ap", "ria", "sana", "efe"}):
                return WIRES[alias]
    return None


def is_outlet_name(name: str) -> bool:
    """Whether a name reads as a news outlet: a wire, or a proper name with an outlet word
    ("The Moscow Times", "Russia's state news agency"; not "the agency").

    >>> is_outlet_name("The Moscow Times"), is_outlet_name("the agency"), is_outlet_name("AFP")
    (True, False, True)
    """
    if wire_name(name) is not None:
        return True
    words = set(normalize_name(name).replace("-", " ").split())
    proper = any(w[:1].isupper() for w in name.split() if w.lower() not in {"the", "a", "an"})
    return bool(words & OUTLET_WORDS) and proper


def channel_label(channel: str | None) -> str | None:
    """A short label for a channel phrase: the platform when one is named, else its noun.

    >>> channel_label("in a Telegram post"), channel_label("told reporters"), channel_label(None)
    ('Telegram', 'reporters', None)
    """
    if not channel:
        return None
    words = [w for w in re.findall(r"[\w-]+", channel.lower())]
    for w in words:
        if w in _PLATFORMS:
            return _PLATFORMS[w]
    content = [w for w in words if w not in _DROP and w not in {"told", "tell", "said"}]
    nouns = [w for w in content if w in CHANNEL_NOUNS]
    return (nouns[-1] if nouns else " ".join(content)) or None


def wire_credit(article: Article) -> WireCredit | None:
    """The wire an article's text is credited to, or None for the outlet's own copy.

    >>> wire_credit(Article(id="a", text="A strike hit.\\n\\n-- AFP")).how
    'credit'
    >>> wire_credit(Article(id="a", text="A strike hit.", removed=[])) is None
    True
    """
    text = article.text.lstrip()
    head = text.split("\n", 1)[0]
    if m := _DATELINE.match(head):
        return WireCredit(WIRES[m.group("wire").lower()], "dateline", m.group(0).strip())
    first = text.split("\n\n", 1)[0]
    if len(first) <= 120 and (m := _BYLINE.match(first)):
        return WireCredit(WIRES[m.group("wire").lower()], "byline", first.strip())
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    lines = [r.text.strip() for r in article.removed if r.kind != "caption"]
    lines += paragraphs[-1:] if paragraphs and len(paragraphs[-1]) <= 120 else []
    for line in lines:
        if _PHOTO.search(line) and not line.lower().startswith(("copyright", "©")):
            continue
        for pattern in _CREDITS:
            if m := pattern.search(line):
                return WireCredit(WIRES[m.group("wire").lower()], "credit", line)
    return None


# --- near-duplicate text (MinHash over word shingles)


def shingles(text: str, size: int = 5) -> set[str]:
    """Word ``size``-grams of ``text`` (lower case, punctuation dropped); short texts give one.

    >>> sorted(shingles("A b c", size=2))
    ['a b', 'b c']
    """
    words = re.findall(r"\w+", text.lower())
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


#: up to this many texts, near_duplicates compares every pair (LSH setup costs more)
_PAIRWISE_UP_TO = 64


def near_duplicates(
    texts: Mapping[str, str],
    *,
    threshold: float = 0.5,
    num_perm: int = 128,
    shingle_size: int = 5,
    min_words: int = 12,
    sketches: dict | None = None,
) -> list[list[str]]:
    """Groups of keys whose texts are near-duplicates (estimated shingle Jaccard ≥ threshold).

    Candidates come from MinHash LSH (datasketch), so cost grows with the number of texts, not
    with all pairs (a few dozen texts are simply compared pairwise); each candidate pair is
    then checked against ``threshold`` on its MinHash estimate. Texts under ``min_words`` words are left out (too short to tell copy from
    coincidence). Groups are sorted, and listed by their first key; singletons are omitted.
    ``sketches`` (key -> MinHash or None) caches the sketches across calls with the same
    settings: pass one dict to compare overlapping sets of texts without hashing twice.

    >>> wire = "Two helicopters struck an oil depot in the city of Belgorod early on Friday."
    >>> near_duplicates({"a": wire, "b": wire + " Fire crews came.", "c": "Rain fell all day."})
    [['a', 'b']]
    """
    from datasketch import MinHash, MinHashLSH

    cache = sketches if sketches is not None else {}
    hashes: dict[str, MinHash] = {}
    for key in sorted(texts):
        if key not in cache:
            text = texts[key]
            if len(re.findall(r"\w+", text)) < min_words:
                cache[key] = None
            else:
                mh = MinHash(num_perm=num_perm, seed=1)
                mh.update_batch([s.encode("utf-8") for s in sorted(shingles(text, shingle_size))])
                cache[key] = mh
        if cache[key] is not None:
            hashes[key] = cache[key]
    if len(hashes) < 2:
        return []
    keys = list(hashes)
    if len(keys) <= _PAIRWISE_UP_TO:  # a story's few articles: every pair is cheaper than LSH
        candidates = {k: keys for k in keys}
    else:
        lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        for key, mh in hashes.items():
            lsh.insert(key, mh)
        candidates = {k: sorted(lsh.query(hashes[k])) for k in keys}
    parent = {key: key for key in hashes}

    def find(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for key, mh in hashes.items():
        for other in candidates[key]:
            if other > key and mh.jaccard(hashes[other]) >= threshold:
                a, b = sorted((find(key), find(other)))
                parent[b] = a
    groups: dict[str, list[str]] = {}
    for key in hashes:
        groups.setdefault(find(key), []).append(key)
    return sorted((sorted(g) for g in groups.values() if len(g) > 1), key=lambda g: g[0])


def houses(
    records: Iterable[AnalysisRecord], *, threshold: float = 0.5, sketches: dict | None = None
) -> dict[str, House]:
    """The reporting house of each article: the credited wire, the wire or first publisher of
    its near-duplicate group (among ``records``), or its own outlet. ``sketches`` is passed to
    :func:`near_duplicates`.

    >>> from dateline.records import AnalysisRecord, Article
    >>> rec = AnalysisRecord(article=Article(id="a1", outlet="Daily Star", text="MOSCOW (AP) - Hi."))
    >>> houses([rec])["a1"]
    House(key='wire:associated press', name='Associated Press', kind='wire', how='dateline')
    """
    records = list(records)
    by_id = {r.article.id: r for r in records}
    out: dict[str, House] = {}
    for rec in records:
        credit = wire_credit(rec.article)
        out[rec.article.id] = (
            _wire_house(credit.wire, credit.how) if credit else _outlet_house(rec.article)
        )
    texts = {aid: rec.article.text for aid, rec in by_id.items()}
    for group in near_duplicates(texts, threshold=threshold, sketches=sketches):
        members = [by_id[a] for a in group]
        if len({_outlet_house(m.article).key for m in members}) < 2:
            continue  # one outlet running its own text twice is still that outlet
        wires = sorted(
            {out[m.article.id].name for m in members if out[m.article.id].kind == "wire"}
        )
        if wires:
            house = _wire_house(wires[0], "near_duplicate")
        else:
            first = min(members, key=lambda m: (m.article.published or "9999", m.article.id))
            house = _outlet_house(first.article)
            house = House(house.key, house.name, house.kind, "near_duplicate")
        for m in members:
            if out[m.article.id].kind != "wire":
                out[m.article.id] = house
    return out


def _wire_house(wire: str, how: str | None) -> House:
    return House(f"wire:{normalize_name(wire)}", wire, "wire", how)


def _outlet_house(article: Article) -> House:
    if article.outlet:
        if normalize_name(article.outlet) in WIRES:  # the agency's own site or feed
            return _wire_house(WIRES[normalize_name(article.outlet)], None)
        return House(f"outlet:{normalize_name(article.outlet)}", article.outlet, "outlet")
    if host := _host(article.url):  # no outlet given: the site it came from
        return House(f"outlet:{host}", host, "outlet")
    # an article without an outlet or a url is its own, unknown, house
    return House(f"outlet:?{article.id}", "unknown outlet", "outlet")


def _host(url: str | None) -> str | None:
    """The site of a url, without "www." ("https://www.example.org/a" -> "example.org")."""
    if not url:
        return None
    from urllib.parse import urlsplit

    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


# --- claims of one report


def speaker_entity(record: AnalysisRecord, quote: Quote) -> Entity | None:
    """The entity of a quote's speaker: its own, else the one entity of the article whose name
    holds every word of the speaker's ("Meshkov" -> "Anton Meshkov")."""
    if quote.speaker is None:
        return None
    if quote.speaker.entity:
        found = next((e for e in record.entities if e.id == quote.speaker.entity), None)
        if found is not None:
            return found
    return entity_named(record, quote.speaker.name)


def entity_named(record: AnalysisRecord, name: str) -> Entity | None:
    """The one entity of the record whose name holds every word of ``name`` (None if not one)."""
    words = set(normalize_name(name).split())
    if not words:
        return None
    found = [e for e in record.entities if words <= set(normalize_name(e.name).split())]
    if len(found) > 1:  # several: a person over others ("Meshkov" the man, not "Meshkov Street")
        found = [e for e in found if e.type == "PERSON"] or found
    names = {normalize_name(e.name) for e in found}
    return found[0] if len(names) == 1 else None


def speaker_kind(record: AnalysisRecord, quote: Quote) -> str:
    """person | body | unnamed | wire | outlet for the speaker of ``quote``."""
    assert quote.speaker is not None
    entity = speaker_entity(record, quote)
    name = entity.name if entity else quote.speaker.name
    if wire_name(name) and (entity is None or entity.type != "PERSON"):
        return "wire"
    if entity is not None:
        if entity.type == "PERSON":
            return "person"
        if entity.type == "SOURCE":
            return "unnamed"
        return "outlet" if is_outlet_name(name) else "body"
    words = normalize_name(name).split()
    if words and words[-1] in SOURCE_NOUNS:
        return "unnamed"
    if is_outlet_name(name):
        return "outlet"
    return "person" if len(words) >= 2 and all(w[:1].isupper() for w in name.split()) else "body"


def _speaker_name(record: AnalysisRecord, quote: Quote) -> str:
    assert quote.speaker is not None
    entity = speaker_entity(record, quote)
    return entity.name if entity else quote.speaker.name


def _relays(quote: Quote, outlet: str | None) -> tuple[str, ...]:
    via = [r for r in quote.relayed_by if r]
    if outlet and all(normalize_name(outlet) != normalize_name(v) for v in via):
        via.append(outlet)
    return tuple(via)


def quote_origin(record: AnalysisRecord, quote: Quote, house: House) -> tuple[str, str, str]:
    """(origin key, name, kind) of a quote's speaker.

    Named speakers are keyed by name alone; an unnamed source by its name *and* the house that
    reports it (its first relay, else the article's house), since "a source" is only the same
    source when the same newsroom cites it.
    """
    kind = speaker_kind(record, quote)
    name = _speaker_name(record, quote)
    if kind == "wire":
        wire = wire_name(name) or name
        return f"wire:{normalize_name(wire)}", wire, "wire"
    if kind == "outlet":
        return f"outlet:{normalize_name(name)}", name, "outlet"
    if kind == "unnamed":
        relay = quote.relayed_by[0] if quote.relayed_by else None
        reporter = (
            f"wire:{normalize_name(wire_name(relay))}"
            if relay and wire_name(relay)
            else f"outlet:{normalize_name(relay)}"
            if relay
            else house.key
        )
        return f"unnamed:{normalize_name(name)}@{reporter}", name, "unnamed"
    return f"{kind}:{normalize_name(name)}", name, kind


def _names_overlap(a: str, b: str) -> bool:
    wa = set(normalize_name(a).split()) - {"of", "the", "and"}
    wb = set(normalize_name(b).split()) - {"of", "the", "and"}
    return bool(wa and wb) and (wa <= wb or wb <= wa)


def speaks_as_actor(record: AnalysisRecord, quote: Quote, event: Event) -> bool:
    """Whether the speaker is one of the event's actors (an actor asserting its own act claims it)."""
    if quote.speaker is None:
        return False
    name = _speaker_name(record, quote)
    for actor in event.actors:
        if actor.entity and actor.entity == quote.speaker.entity:
            return True
        if _names_overlap(actor.name, name):
            return True
    return False


_FACTUALITY_STANCE = {
    "asserted": "asserts",
    "reported": "asserts",
    "alleged": "asserts",
    "unclaimed": "asserts",
    "denied": "denies",
    "negated": "denies",
}


#: acts someone claims responsibility for (PLOVER types); a minister announcing their own
#: policy asserts it, a group saying it struck a depot claims the strike
CLAIMABLE = frozenset({"FIGHT", "ASSAULT", "COERCE", "THREATEN", "SEIZE", "MOBILIZE"})


def quote_stance(record: AnalysisRecord, quote: Quote, event: Event) -> str:
    """asserts | denies | claims: what the quote says of the event. An actor of a violent or
    coercive act who speaks of it claims it."""
    if quote_denies(quote):
        return "denies"
    if event.type in CLAIMABLE and speaks_as_actor(record, quote, event):
        return "claims"
    if event.factuality == "negated" and quote.start <= event.start < quote.end:
        return "denies"
    return "asserts"


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``[start, end)``: from the last sentence end before it to the next.

    >>> t = "One. Two strikes hit. Three."
    >>> sentence_span(t, 9, 16)
    (5, 21)
    """
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), text.rfind("? ", 0, start))
    left = 0 if left < 0 else left + (1 if text[left] == "\n" else 2)
    ends = [
        i for i in (text.find(". ", end), text.find("\n", end), text.find('." ', end)) if i >= 0
    ]
    right = min(ends) + 1 if ends else len(text)
    return left, min(right, len(text))


_CITING = re.compile(r"\b(?:citing|quoting|according to)\b", re.IGNORECASE)
_SPEECH_TYPES = frozenset({"STATEMENT"})
_RESPONSIBILITY = re.compile(r"\b(?:responsibility|credit)\b", re.IGNORECASE)


def cited_source(record: AnalysisRecord, quote: Quote) -> Entity | None:
    """The source a relaying outlet cites in the same sentence ("Tass reported, citing the
    governor, Anton Meshkov"): the first named entity after "citing" / "quoting"."""
    text = record.article.text
    after = quote.cue_end if quote.cue_end is not None else quote.end
    _, stop = sentence_span(text, after, after)
    m = _CITING.search(text, after, stop)
    if m is None:
        return None
    mentions = [
        (start, e)
        for e in record.entities
        if e.type in {"PERSON", "ORG", "SOURCE", "GPE", "NORP"}
        for start, _ in e.mentions
        if m.end() <= start < stop
    ]
    return min(mentions, key=lambda x: x[0])[1] if mentions else None


def entity_origin(entity: Entity, house: House, relay: str | None) -> tuple[str, str, str]:
    """(origin key, name, kind) of an entity as a source; ``relay`` is who reports an unnamed
    one (else the article's house)."""
    kind = {"PERSON": "person", "SOURCE": "unnamed"}.get(entity.type, "body")
    if kind == "unnamed":
        reporter = f"outlet:{normalize_name(relay)}" if relay else house.key
        return f"unnamed:{normalize_name(entity.name)}@{reporter}", entity.name, kind
    return f"{kind}:{normalize_name(entity.name)}", entity.name, kind


_DEFINITE_WORDS = {"the", "this", "that", "these", "those", "its", "their", "his", "her"}


def _own_voice_mention(record: AnalysisRecord, event: Event):
    """A later mention of ``event`` (``Event.mentions``) that the outlet states in its own
    voice: asserted or unclaimed, outside every quote and not attributed at the sentence end.
    A definite noun ("*the march* passed off peacefully") takes the event as told, and states
    nothing new."""
    for mention in event.mentions[1:]:
        if mention.factuality not in {"asserted", "unclaimed"}:
            continue
        before = record.article.text[: mention.start].split()[-1:]
        if before and before[0].lower() in _DEFINITE_WORDS:
            continue
        if any(q.start <= mention.start < q.end for q in record.quotes):
            continue
        if trailing_attribution(record, mention.start, mention.end):
            continue
        return mention
    return None


def report_claims(record: AnalysisRecord, event: Event, house: House) -> list[Claim]:
    """The claims one report rests on.

    One claim per source quote with a speaker (a relaying outlet that cites someone gives way
    to whom it cites); and the house's own claim when the outlet states the event in its own
    voice (the trigger lies outside every quote and is asserted), or when nothing else stands
    behind the report. A hypothetical mention ("could strike") asserts nothing: no claim.
    """
    article = record.article
    by_id = {q.id: q for q in record.quotes}
    claims: list[Claim] = []
    for src in event.sources:
        quote = by_id.get(src.quote) if src.quote else None
        if quote is None or quote.speaker is None:
            if src.name and event.factuality in _FACTUALITY_STANCE:
                claims.append(_named_claim(record, event, src, house))
            continue
        key, name, kind = quote_origin(record, quote, house)
        via = list(_relays(quote, article.outlet))
        if kind in {"wire", "outlet"} and (cited := cited_source(record, quote)) is not None:
            via.insert(0, name)
            key, name, kind = entity_origin(cited, house, name)
        claims.append(
            Claim(
                origin=key,
                name=name,
                kind=kind,
                stance=quote_stance(record, quote, event),
                article=article.id,
                outlet=article.outlet,
                channel=channel_label(quote.channel),
                via=tuple(
                    dict.fromkeys(v for v in via if normalize_name(v) != normalize_name(name))
                ),
                text=article.text[quote.start : quote.end],
                start=quote.start,
                end=quote.end,
                quote=quote.id,
                entity=quote.speaker.entity,
            )
        )
    if event.factuality not in _FACTUALITY_STANCE:
        return claims
    own_voice = event.factuality in {"asserted", "unclaimed"} and not any(
        q.start <= event.start < q.end for q in record.quotes
    )
    at, stance_of = event.start, event.factuality
    if not own_voice and (voiced := _own_voice_mention(record, event)) is not None:
        # a later mention the outlet states itself ("... the bombing, police said. Five
        # officers were killed"): the house stands behind the event too
        own_voice, at, stance_of = True, voiced.start, voiced.factuality or "asserted"
    at_end = next((m.end for m in event.mentions if m.start == at), event.end)
    if claims and not own_voice:
        return claims
    start, end = sentence_span(article.text, at, at_end)
    if own_voice and (said := trailing_attribution(record, at, at_end)):
        entity, channel = said  # attributed after all: the sentence ends "..., X said"
        key, name, kind = entity_origin(entity, house, None)
        outlet = article.outlet
        spoken = Claim(
            origin=key,
            name=name,
            kind=kind,
            stance=_FACTUALITY_STANCE[stance_of],
            article=article.id,
            outlet=outlet,
            channel=channel_label(channel),
            via=(outlet,) if outlet and normalize_name(outlet) != normalize_name(name) else (),
            text=article.text[start:end],
            start=start,
            end=end,
            entity=entity.id,
        )
        return [spoken, *(c for c in claims if c.origin != key)]
    # the outlet that ran the house's copy relays it (a wire's, or the first publisher's)
    via = (article.outlet,) if article.outlet else ()
    house_claim = Claim(
        origin=house.key,
        name=house.name,
        kind=house.kind,
        stance=_FACTUALITY_STANCE[stance_of],
        article=article.id,
        outlet=article.outlet,
        channel=None,
        via=tuple(v for v in via if normalize_name(v) != normalize_name(house.name)),
        text=article.text[start:end],
        start=start,
        end=end,
    )
    return [house_claim, *claims]


def source_origin(
    record: AnalysisRecord, name: str, entity_id: str | None, house: House
) -> tuple[str, str, str]:
    """(origin key, name, kind) of a source named outside any quote ("according to the UN",
    "officials said"): its entity when it has one, else what its name reads as."""
    entity = next((e for e in record.entities if e.id == entity_id), None) if entity_id else None
    entity = entity or entity_named(record, name)
    if wire := wire_name(name):
        return f"wire:{normalize_name(wire)}", wire, "wire"
    if entity is not None:
        return entity_origin(entity, house, None)
    words = normalize_name(name).split()
    if words and words[-1] in SOURCE_NOUNS:
        return f"unnamed:{normalize_name(name)}@{house.key}", name, "unnamed"
    if is_outlet_name(name):
        return f"outlet:{normalize_name(name)}", name, "outlet"
    return f"body:{normalize_name(name)}", name, "body"


def _named_claim(record: AnalysisRecord, event: Event, src: Source, house: House) -> Claim:
    assert src.name is not None
    key, name, kind = source_origin(record, src.name, src.entity, house)
    start, end = sentence_span(record.article.text, event.start, event.end)
    outlet = record.article.outlet
    return Claim(
        origin=key,
        name=name,
        kind=kind,
        stance=_FACTUALITY_STANCE[event.factuality],
        article=record.article.id,
        outlet=outlet,
        channel=None,
        via=(outlet,) if outlet and normalize_name(outlet) != normalize_name(name) else (),
        text=record.article.text[start:end],
        start=start,
        end=end,
        entity=src.entity,
    )


_IRREGULAR = {"say": ("said", "says"), "tell": ("told", "tells"), "write": ("wrote", "writes"),
              "tweet": ("tweeted", "tweets"), "post": ("posted", "posts")}  # fmt: skip


@functools.cache
def _reporting_forms() -> frozenset[str]:
    """Past and present forms of the reporting verbs that end an attributed sentence."""
    from dateline.nlp.reporting import reporting_verbs

    forms = set()
    for lemma in reporting_verbs("frame") | set(_IRREGULAR):
        if lemma in _IRREGULAR:
            forms.update(_IRREGULAR[lemma])
        elif lemma.isalpha() and lemma != "according":
            forms.update({lemma + "s", lemma + "d" if lemma.endswith("e") else lemma + "ed"})
    return frozenset(forms)


def trailing_attribution(record: AnalysisRecord, start: int, end: int) -> tuple[Entity, str] | None:
    """The speaker and channel of a sentence that ends in an attribution the record did not
    turn into a quote ("..., the regional governor, Anton Meshkov, said on Telegram."): the
    entity named between a comma after ``[start, end)`` and a reporting verb near the
    sentence end, and what follows the verb. None when the sentence has no such ending.
    """
    text = record.article.text
    _, stop = sentence_span(text, start, end)
    forms = _reporting_forms()
    verbs = [m for m in re.finditer(r"[a-z]+", text[end:stop]) if m.group() in forms]
    if not verbs:
        return None
    v_start = end + verbs[-1].start()
    after = text[end + verbs[-1].end() : stop]
    if len(after) > 60 or "," in after:
        return None
    comma = text.rfind(",", end, v_start)
    for _ in range(3):  # "..., the city's mayor, Oleh Danyluk, said": up to three commas back
        if comma < 0:
            return None
        named = [
            (m_start, e)
            for e in record.entities
            if e.type in {"PERSON", "ORG", "GPE", "NORP", "SOURCE"}
            for m_start, m_end in e.mentions
            if comma < m_start and m_end <= v_start
        ]
        if named:
            people = [x for x in named if x[1].type == "PERSON"] or named
            return max(people, key=lambda x: x[0])[1], after.strip(" .")
        comma = text.rfind(",", end, comma)
    return None


def speaks_to(record: AnalysisRecord, offset: int, member_ids: set[str]) -> bool:
    """Whether an item at ``offset`` of the article (a non-comment, a claim of responsibility)
    speaks about one of the events ``member_ids``: the article's main event (``main_event``,
    else its first), or the event mentioned last before it. Statements ("said", "claimed") are not what such items are about.
    """
    acts = sorted((e for e in record.events if e.type not in _SPEECH_TYPES), key=lambda e: e.start)
    if not acts:
        return False
    nearest = nearest_event(acts, offset)
    lede = record.main_event or acts[0].id
    return lede in member_ids or (nearest is not None and nearest.id in member_ids)


def silent_claims(record: AnalysisRecord, events: Sequence[Event], house: House) -> list[Claim]:
    """Non-comments of the article that speak to ``events`` (see :func:`speaks_to`): the
    parties that stayed silent."""
    ids = {e.id for e in events}
    out = []
    for nc in record.non_comments:
        if not speaks_to(record, nc.start, ids):
            continue
        entity = next((e for e in record.entities if e.id == nc.entity), None)
        entity = entity or entity_named(record, nc.who)
        out.append(_party_claim(record, entity, nc.who, "silent", nc.start, nc.end, nc.text))
    return out


def _party_claim(
    record: AnalysisRecord,
    entity: Entity | None,
    name: str,
    stance: str,
    start: int,
    end: int,
    text: str | None = None,
) -> Claim:
    """A person's or body's own stance (silence, a claim of responsibility), stated in the
    article's text at ``start:end``; ``entity``, when found, names it."""
    name = entity.name if entity is not None else name
    kind = "person" if entity is not None and entity.type == "PERSON" else "body"
    return Claim(
        origin=f"{kind}:{normalize_name(name)}",
        name=name,
        kind=kind,
        stance=stance,
        article=record.article.id,
        outlet=record.article.outlet,
        channel=None,
        via=(record.article.outlet,) if record.article.outlet else (),
        text=record.article.text[start:end] if text is None else text,
        start=start,
        end=end,
        entity=entity.id if entity is not None else None,
    )


def responsibility_claims(
    record: AnalysisRecord, events: Sequence[Event], house: House
) -> list[Claim]:
    """Claims of responsibility ("X claimed responsibility for the attack") that speak to
    ``events``: their actor *claims* the event."""
    ids = {e.id for e in events}
    out = []
    for ev in record.events:
        if ev.type not in _SPEECH_TYPES or not _RESPONSIBILITY.search(ev.trigger):
            continue
        if ev.factuality in {"negated", "denied", "hypothetical"} or not ev.actors:
            continue
        if not speaks_to(record, ev.start, ids):
            continue
        actor = ev.actors[0]
        entity = next((e for e in record.entities if e.id == actor.entity), None)
        entity = entity or entity_named(record, actor.name)
        if entity is not None and set(normalize_name(entity.name).split()) < set(
            normalize_name(actor.name).split()
        ):
            entity = None  # "Ukraine's military intelligence agency" is more than "Ukraine"
        start, end = sentence_span(record.article.text, ev.start, ev.end)
        out.append(_party_claim(record, entity, actor.name, "claims", start, end))
    return out


def nearest_event(events: Sequence[Event], offset: int) -> Event | None:
    """The last event (of events sorted by start) that starts at or before ``offset``, else the
    first one: what a later quote, figure or non-comment most likely speaks about."""
    best = None
    for event in events:
        if event.start <= offset:
            best = event
        else:
            break
    return best or (events[0] if events else None)

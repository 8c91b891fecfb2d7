"""From clusters of event mentions to Story records: reports, origins, corroboration, conflicts.

:func:`build_stories` takes the analysed records and a linking (clusters of ``article:event``
keys, with the links that joined them, see ``dateline.linking.cluster``) and returns one
:class:`~dateline.records.Story` per cluster:

- ``reports``: one per member event, ordered by publication date, then article id, then offset;
  each names its primary origin (the first claim it rests on);
- ``origins``: every origin a report traces to (:mod:`dateline.linking.origins`), the origins
  of the story's figures, and the parties that stayed silent (non-comments); ids ``o1``, ``o2``
  ... in order of first appearance. An origin's ``stance`` is the one most of its claims take
  (ties: claims > denies > asserts), ``silent`` only when it never spoke;
- ``corroboration``: the number of independent origins that assert (or claim) the event;
  ``asserted_by``, ``denied_by``, ``silent`` list their ids;
- ``factuality``: ``contested`` when origins assert and deny, ``denied`` when they only deny,
  else the firmest member factuality (asserted > reported > alleged > hypothetical);
- ``type``, ``cameo``, ``acled``, ``acled_sub``: the members' most frequent type (ties: the
  earliest report's), with the codes most often given for it;
- ``place`` and ``time`` by agreement: the candidate supported by the most distinct origins
  (a date supports every finer date it contains; ties go to the finer precision and then to the
  earliest report); dates taken from the publication day only count when no report gives one;
- ``statements`` (:mod:`dateline.linking.statements`) and ``contradictions``
  (:mod:`dateline.linking.contradictions`).

Quotes, figures and non-comments that are not an event's own sources belong to the event
mentioned last before them in their article (:func:`dateline.linking.origins.nearest_event`).

>>> from types import SimpleNamespace
>>> from dateline.records import AnalysisRecord, Article, Event
>>> rec = AnalysisRecord(article=Article(id="a1", text="A drone hit a depot.", outlet="Post",
...     published="2024-05-01"), events=[Event(id="e1", type="FIGHT", trigger="hit", start=8, end=11)])
>>> story = build_stories({"a1": rec}, SimpleNamespace(clusters=[["a1:e1"]], links=[]))[0]
>>> story.corroboration, story.origins[0].name, story.origins[0].kind
(1, 'Post', 'outlet')
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Protocol

from dateline.linking.contradictions import (
    FigureClaim,
    Report,
    actor_claims,
    actor_contradictions,
    factuality_contradictions,
    figure_category,
    figure_contradictions,
    normalize_figures,
    place_contradictions,
    time_contradictions,
    time_of,
)
from dateline.linking.origins import (
    Claim,
    House,
    entity_named,
    houses,
    nearest_event,
    normalize_name,
    quote_origin,
    report_claims,
    responsibility_claims,
    silent_claims,
    source_origin,
    trailing_attribution,
)
from dateline.linking.statements import QuoteRelay, cluster_statements
from dateline.records import (
    AnalysisRecord,
    Event,
    Origin,
    Place,
    Source,
    Story,
    StoryLink,
    StoryReport,
    StoryTime,
    ref,
    split_ref,
)

_STANCE_RANK = {"claims": 0, "denies": 1, "asserts": 2, "silent": 3}
_FACTUALITY_RANK = ["asserted", "unclaimed", "reported", "alleged", "hypothetical", "negated"]


class LinkingLike(Protocol):
    """What :func:`build_stories` reads from a linking: clusters of keys and their links."""

    clusters: list[list[str]]
    links: list[StoryLink]


def build_stories(
    records: Mapping[str, AnalysisRecord],
    linking: LinkingLike,
    *,
    article_houses: Mapping[str, House] | None = None,
) -> list[Story]:
    """One Story per cluster of ``linking`` (in its order), built from ``records``.

    ``records`` maps article id to record; keys of a cluster whose article or event is missing
    are skipped, and a cluster with none left gives no story. Wire copy is looked for among the
    articles of each story (copies of one wire report one event, so linking puts them in one
    story; comparing within stories keeps the cost linear in the store), each article sketched
    once. ``article_houses`` (article id -> :class:`~dateline.linking.origins.House`) overrides
    that, e.g. to reuse houses computed over a whole batch with
    :func:`~dateline.linking.origins.houses`.
    """
    sketches: dict = {}
    links_by_key: dict[str, list[StoryLink]] = {}
    for link in linking.links:
        links_by_key.setdefault(link.a, []).append(link)
    stories = []
    for cluster in linking.clusters:
        story_houses = article_houses
        if story_houses is None:
            ids = dict.fromkeys(split_ref(key)[0] for key in cluster)
            story_houses = houses([records[a] for a in ids if a in records], sketches=sketches)
        story = build_story(records, cluster, story_houses, links_by_key)
        if story is not None:
            stories.append(story)
    return stories


def _house(article_houses: Mapping[str, House], rec: AnalysisRecord) -> House:
    if rec.article.id in article_houses:
        return article_houses[rec.article.id]
    return houses([rec])[rec.article.id]


def _members(records: Mapping[str, AnalysisRecord], keys: Sequence[str]):
    out = []
    for key in keys:
        article, event_id = split_ref(key)
        rec = records.get(article)
        event = next((e for e in rec.events if e.id == event_id), None) if rec else None
        if rec is not None and event is not None:
            out.append((rec, event))
    out.sort(key=lambda m: (m[0].article.published or "9999", m[0].article.id, m[1].start))
    return out


def build_story(
    records: Mapping[str, AnalysisRecord],
    keys: Sequence[str],
    article_houses: Mapping[str, House],
    links_by_key: Mapping[str, list[StoryLink]] | None = None,
) -> Story | None:
    """The Story of one cluster of ``article:event`` keys (None when no key resolves)."""
    members = _members(records, keys)
    if not members:
        return None
    by_article: dict[str, list[Event]] = {}
    for rec, event in members:
        by_article.setdefault(rec.article.id, []).append(event)
    reports = []
    for rec, event in members:
        claims = report_claims(rec, event, _house(article_houses, rec))
        reports.append(Report(rec, event, tuple(claims), claims[0].origin if claims else None))
    claimed, silent = [], []
    for aid, events in by_article.items():
        house = _house(article_houses, records[aid])
        claimed += responsibility_claims(records[aid], events, house)
        silent += silent_claims(records[aid], events, house)
    claims = [c for r in reports for c in r.claims] + claimed
    figure_claims = _figure_claims(records, by_article, article_houses, claims)
    canon = merge_origin_keys(
        [(c.origin, c.name, c.article) for c in [*claims, *silent]]
        + [
            (k, n, fc.figure.article)
            for fc in figure_claims
            for k, n in [(fc.origin, ""), *fc.disputed_by]
        ]
    )
    reports = [
        replace(
            r,
            claims=tuple(replace(c, origin=canon(c.origin)) for c in r.claims),
            origin=canon(r.origin),
        )  # fmt: skip
        for r in reports
    ]
    claimed = [replace(c, origin=canon(c.origin)) for c in claimed]
    silent = [replace(c, origin=canon(c.origin)) for c in silent]
    claims = [c for r in reports for c in r.claims] + claimed
    figure_claims = [
        replace(
            fc, origin=canon(fc.origin), disputed_by=tuple((canon(k), n) for k, n in fc.disputed_by)
        )  # fmt: skip
        for fc in figure_claims
    ]
    origins, oid = _origins(claims, figure_claims, silent, reports)
    texts = {aid: records[aid].article.text for aid in by_article}
    contradictions = [
        *factuality_contradictions(reports, oid, claimed),
        *figure_contradictions(figure_claims, texts, oid),
        *actor_contradictions(actor_claims(reports, claimed), oid),
        *time_contradictions(reports, oid),
        *place_contradictions(reports, oid),
    ]
    keyset = {ref(rec.article.id, e.id) for rec, e in members}
    first_key = min(keyset)
    type_, cameo, acled, acled_sub = _story_type([e for _, e in members])
    published = sorted(rec.article.published for rec, _ in members if rec.article.published)
    articles = list(dict.fromkeys(rec.article.id for rec, _ in members))
    asserted = [o.id for o in origins if o.stance in {"asserts", "claims"}]
    denied = [o.id for o in origins if o.stance == "denies"]
    return Story(
        id="s" + hashlib.sha1(first_key.encode()).hexdigest()[:12],
        type=type_,
        cameo=cameo,
        acled=acled,
        acled_sub=acled_sub,
        place=choose_place(reports),
        time=choose_time(reports),
        first_reported=published[0] if published else None,
        last_reported=published[-1] if published else None,
        articles=articles,
        reports=[
            StoryReport(
                article=r.record.article.id,
                event=r.event.id,
                outlet=r.record.article.outlet,
                published=r.record.article.published,
                factuality=r.event.factuality,
                origin=oid(r.origin),
            )
            for r in reports
        ],
        origins=origins,
        corroboration=len(asserted),
        asserted_by=asserted,
        denied_by=denied,
        silent=[o.id for o in origins if o.stance == "silent"],
        factuality=story_factuality(
            [e.factuality for _, e in members], bool(asserted), bool(denied)
        ),
        contradictions=contradictions,
        figures=[fc.figure.model_copy(update={"origin": oid(fc.origin)}) for fc in figure_claims],
        statements=_statements(records, by_article, article_houses, oid),
        links=sorted(
            (
                link
                for key in sorted(keyset)
                for link in (links_by_key or {}).get(key, [])
                if link.b in keyset
            ),
            key=lambda link: (link.a, link.b),
        ),
    )


def _figure_claims(
    records: Mapping[str, AnalysisRecord],
    by_article: Mapping[str, list[Event]],
    article_houses: Mapping[str, House],
    claims: Sequence[Claim],
) -> list[FigureClaim]:
    """The story's figures (those whose nearest event is a member), with their origins."""
    out = []
    for aid, events in by_article.items():
        rec = records[aid]
        house = _house(article_houses, rec)
        ordered = sorted(rec.events, key=lambda e: e.start)
        ids = {e.id for e in events}
        raw = sorted(rec.figures, key=lambda f: f.start)
        for fig in normalize_figures(rec):
            target = nearest_event(ordered, fig.start)
            if target is None or target.id not in ids:
                continue
            src = next((f for f in raw if f.start == fig.start), None)
            asserted = [a for a in (src.asserted_by if src else []) if a.name]
            disputed = [d for d in (src.disputed_by if src else []) if d.name]
            origin = _named_origin(asserted[0], claims, house, rec) if asserted else house.key
            name = asserted[0].name if asserted else house.name
            if not asserted and (said := trailing_attribution(rec, fig.start, fig.end)):
                origin = _named_origin(Source(name=said[0].name, entity=said[0].id), claims,
                                       house, rec)  # fmt: skip
                name = said[0].name
            out.append(
                FigureClaim(
                    figure=fig,
                    origin=origin,
                    published=rec.article.published,
                    disputed_by=tuple(
                        (_named_origin(d, claims, house, rec), d.name or "") for d in disputed
                    ),
                    outcome=figure_category(fig, rec.article.text)[0] is not None,
                    name=name,
                )
            )
    return out


def _named_origin(
    source: Source, claims: Sequence[Claim], house: House, record: AnalysisRecord
) -> str:
    """The origin key of a figure's asserter or disputer: an origin already met in the same
    article, then anywhere in the story; else the source's own (its entity, or its name)."""
    name = source.name or ""
    entity = next((e for e in record.entities if e.id == source.entity), None)
    entity = entity or entity_named(record, name)
    names = {normalize_name(name)} | ({normalize_name(entity.name)} if entity else set())
    for c in claims:
        if c.article == record.article.id and normalize_name(c.name) in names:
            return c.origin
    for c in claims:
        if c.kind != "unnamed" and normalize_name(c.name) in names:
            return c.origin
    return source_origin(record, name, source.entity, house)[0]


_MERGEABLE = {"person", "body"}


def merge_origin_keys(keyed: Iterable[tuple[str | None, str, str]]) -> Callable:
    """A key -> canonical key map joining a short name to the one fuller name in the story
    that holds all its words, given (key, name as written, article) triples.

    - a person's short name joins the full one anywhere in the story ("Meshkov" -> "Anton
      Meshkov");
    - a body's short name joins a fuller one when the extra words are common nouns ("police" ->
      "regional police"), or when both are written in one article, where the short form refers
      back ("the agency" -> "Ukraine's military intelligence agency"). A fuller name with a
      proper name in it from another article may be another body ("the Defence Ministry" of one
      country and "Ukraine's defence ministry"), so they stay apart.

    Unnamed sources never merge (they are told apart by who reports them); a name held by two
    fuller names that do not hold each other stays as it is.

    >>> canon = merge_origin_keys([("body:meshkov", "Meshkov", "a1"),
    ...                            ("person:anton meshkov", "Anton Meshkov", "a2")])
    >>> canon("body:meshkov")
    'person:anton meshkov'
    """
    written: dict[str, set[str]] = {}
    articles: dict[str, set[str]] = {}
    for key, name, article in keyed:
        if key and key.split(":", 1)[0] in _MERGEABLE:
            written.setdefault(key, set()).add(name)
            articles.setdefault(key, set()).add(article)
    words = {k: frozenset(k.split(":", 1)[1].split()) for k in sorted(written)}

    def may_join(short: str, full: str) -> bool:
        if full.startswith("person:") or articles[short] & articles[full]:
            return True
        extra = {
            w
            for name in written[full]
            for w in name.split()
            if normalize_name(w) and normalize_name(w) not in words[short]
        }
        return not any(w[:1].isupper() for w in extra)

    target: dict[str, str] = {}
    for k, w in words.items():
        fuller = [o for o, ow in words.items() if o != k and w < ow]
        maximal = [o for o in fuller if not any(words[o] < words[p] for p in fuller)]
        if len(maximal) == 1 and may_join(k, maximal[0]):
            target[k] = maximal[0]

    def canon(key: str | None) -> str | None:
        return target.get(key, key) if key else key

    return canon


def _origins(
    claims: Sequence[Claim],
    figures: Sequence[FigureClaim],
    silent: Sequence[Claim],
    reports: Sequence[Report],
):
    """Origin records (ids in order of first appearance) and the key -> id lookup."""
    order: list[str] = []
    names: dict[str, tuple[str, str]] = {}
    stances: dict[str, Counter] = {}
    channels: dict[str, Counter] = {}
    via: dict[str, list[str]] = {}
    articles: dict[str, list[str]] = {}
    entities: dict[str, list[str]] = {}
    quotes: dict[str, list[str]] = {}

    def add(key: str, name: str, kind: str, article: str) -> None:
        if key not in names:
            order.append(key)
            names[key] = (name, kind)
            stances[key], channels[key] = Counter(), Counter()
            via[key], articles[key], entities[key], quotes[key] = [], [], [], []
        elif len(name) > len(names[key][0]) and kind == names[key][1]:
            names[key] = (name, kind)  # the fullest name an origin goes by
        if article not in articles[key]:
            articles[key].append(article)

    for c in [*claims, *silent]:
        add(c.origin, c.name, c.kind, c.article)
        stances[c.origin][c.stance] += 1
        if c.channel:
            channels[c.origin][c.channel] += 1
        for v in c.via:
            if v not in via[c.origin]:
                via[c.origin].append(v)
        if c.entity and ref(c.article, c.entity) not in entities[c.origin]:
            entities[c.origin].append(ref(c.article, c.entity))
        if c.quote:
            quotes[c.origin].append(ref(c.article, c.quote))
    outlet_of = {r.record.article.id: r.record.article.outlet for r in reports}
    for fc in figures:  # a count of the event's outcome (its dead, its crowd) asserts it
        if not fc.outcome:
            continue
        for key, name in [(fc.origin, fc.name), *fc.disputed_by]:
            if key not in names:
                add(key, name or key.split(":", 1)[-1].split("@")[0], key.split(":")[0],
                    fc.figure.article)  # fmt: skip
                outlet = outlet_of.get(fc.figure.article)
                if outlet and outlet != names[key][0]:
                    via[key].append(outlet)
            if not stances[key] or set(stances[key]) == {"silent"}:
                stances[key]["asserts"] += 1
            if fc.figure.article not in articles[key]:
                articles[key].append(fc.figure.article)
    ids = {key: f"o{i + 1}" for i, key in enumerate(order)}
    origins = [
        Origin(
            id=ids[key],
            name=names[key][0],
            kind=names[key][1] if names[key][1] in _KINDS else "body",  # type: ignore[arg-type]
            channel=channels[key].most_common(1)[0][0] if channels[key] else None,
            via=via[key],
            articles=articles[key],
            stance=_stance(stances[key]),  # type: ignore[arg-type]
            entities=entities[key],
            quotes=quotes[key],
        )
        for key in order
    ]

    def oid(key: str | None) -> str | None:
        return ids.get(key) if key else None

    return origins, oid


_KINDS = {"person", "body", "unnamed", "outlet", "wire"}


def _stance(counts: Counter) -> str:
    spoken = {s: n for s, n in counts.items() if s != "silent"}
    if not spoken:
        return "silent"
    return min(spoken, key=lambda s: (-spoken[s], _STANCE_RANK[s]))


def story_factuality(factualities: Sequence[str], asserted: bool, denied: bool) -> str:
    """contested | denied | the firmest member factuality.

    >>> story_factuality(["reported", "asserted"], True, False)
    'asserted'
    >>> story_factuality(["reported", "denied"], True, True)
    'contested'
    """
    if asserted and denied:
        return "contested"
    if denied:
        return "denied"
    ranked = [f for f in _FACTUALITY_RANK if f in factualities]
    if not ranked:
        return factualities[0] if factualities else "asserted"
    best = ranked[0]
    return "asserted" if best == "unclaimed" else best


def _story_type(events: Sequence[Event]) -> tuple[str, str | None, str | None, str | None]:
    types = Counter(e.type for e in events)
    top = max(types.values())
    type_ = next(e.type for e in events if types[e.type] == top)  # earliest among the tied
    same = [e for e in events if e.type == type_]

    def vote(values: list[str | None]) -> str | None:
        counted = Counter(v for v in values if v)
        if not counted:
            return None
        best = max(counted.values())
        return next(v for v in values if v and counted[v] == best)

    acled_pairs = [f"{e.acled}\x00{e.acled_sub or ''}" if e.acled else None for e in same]
    acled = vote(acled_pairs)
    main, _, sub = acled.partition("\x00") if acled else (None, "", "")
    return type_, vote([e.cameo for e in same]), main, sub or None


def choose_place(reports: Sequence[Report]) -> Place | None:
    """The place most distinct origins put the event in (ties: a point over an area, then the
    earliest report)."""
    support: dict[str, set[str]] = {}
    first: dict[str, tuple[int, Place]] = {}
    for i, r in enumerate(reports):
        place = r.event.place
        if place is None:
            continue
        key = (
            str(place.geonames_id)
            if place.geonames_id
            else normalize_name(place.name or place.text)
        )
        support.setdefault(key, set()).add(r.origin or r.record.article.id)
        first.setdefault(key, (i, place))
    if not support:
        return None

    def rank(key: str):
        i, place = first[key]
        area = bool(place.feature) and place.feature.split(".")[0] != "P"  # type: ignore[union-attr]
        return (-len(support[key]), area, i)

    return first[min(support, key=rank)][1]


def choose_time(reports: Sequence[Report]) -> StoryTime | None:
    """The date most distinct origins support; a coarser date supports the finer ones it holds."""
    own = [(r, t) for r in reports if (t := time_of(r.event, r.record))]
    if not own:
        fallback = [r.event.time.value for r in reports if r.event.time and r.event.time.value]
        if not fallback:
            return None
        value = Counter(fallback).most_common(1)[0][0]
        return StoryTime(value=value, precision=_precision(value))
    order = {t[0]: i for i, (_, t) in reversed(list(enumerate(own)))}

    def support(value: str) -> int:
        return len({r.origin or r.record.article.id for r, t in own if value.startswith(t[0])})

    best = min(order, key=lambda v: (-support(v), -len(v), order[v]))
    return StoryTime(value=best, precision=_precision(best))


def _precision(value: str) -> str:
    return {10: "day", 7: "month", 4: "year"}.get(len(value), "unknown")


def _statements(
    records: Mapping[str, AnalysisRecord],
    by_article: Mapping[str, list[Event]],
    article_houses: Mapping[str, House],
    oid,
):
    """The story's quotes (its events' sources, and quotes that follow its events) clustered."""
    relays = []
    for aid, events in by_article.items():
        rec = records[aid]
        house = _house(article_houses, rec)
        ordered = sorted(rec.events, key=lambda e: e.start)
        ids = {e.id for e in events}
        sources = {s.quote for e in events for s in e.sources if s.quote}
        for quote in rec.quotes:
            if quote.speaker is None:
                continue
            target = nearest_event(ordered, quote.start)
            if quote.id not in sources and (target is None or target.id not in ids):
                continue
            key, name, _ = quote_origin(rec, quote, house)
            outlets = tuple(dict.fromkeys([*quote.relayed_by, *(
                [rec.article.outlet] if rec.article.outlet else [])]))  # fmt: skip
            relays.append(QuoteRelay(ref(aid, quote.id), key, name, quote.text, outlets))
    statements = cluster_statements(relays)
    return [s.model_copy(update={"origin": oid(s.origin)}) for s in statements]

"""Keep the store's stories up to date: a full recompute, or new articles attached incrementally.

:func:`link_store` reads records and stories through the :class:`~dateline.store.Store`
interface only (no SQL here) and composes the linking steps:

- **full** (``dateline link``): every stored record's event mentions
  (:func:`~dateline.linking.mentions.mentions_from_record`) are clustered from scratch
  (:func:`~dateline.linking.cluster.link_mentions`), each cluster becomes a story
  (:func:`~dateline.linking.stories.build_stories`), and the stored stories are replaced in one
  transaction. The same store always gives the same stories with the same ids.
- **incremental** (``dateline ingest``, ``articles=[ids]``): only the stored records published
  near the new articles' dates (their publication days and event days, ``margin_days`` either
  side; undated articles too) are read, with the stories that hold them. The new mentions join
  those stories or start new ones (:func:`~dateline.linking.cluster.attach`: existing stories
  are never split or merged), and only the stories that changed are rebuilt and rewritten.
  Articles that were stored without linking (``ingest --no-link``) are picked up on the way.

Incremental linking can differ from a full recompute: a story is never split when later
reports would have clustered it otherwise, and an article published more than ``margin_days``
after an event it reports is compared with the reports near its own dates only. ``dateline
link`` recomputes everything.

>>> from dateline.store import open_store
>>> with open_store("news.duckdb") as store:  # doctest: +SKIP
...     stories = link_store(store)                      # full, deterministic
...     added = link_store(store, articles=["3f2a9c0e1b7d4a55"])  # incremental
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from dateline.linking.cluster import Linking, attach, link_mentions
from dateline.linking.mentions import Mention, mentions_from_record, normalize_name
from dateline.records import AnalysisRecord, EventParticipant, Story, ref, split_ref

#: Days either side of a new article's dates within which stored articles are compared with it.
MARGIN_DAYS = 7


def _build_stories(records: Mapping[str, AnalysisRecord], linking: Linking) -> list[Story]:
    from dateline.linking.stories import build_stories  # its MinHash library loads on use

    return build_stories(records, linking)


@dataclass(frozen=True)
class Linker:
    """The steps :func:`link_store` composes (tests swap in small fakes)."""

    mentions: Callable[[AnalysisRecord], list[Mention]] = mentions_from_record
    link: Callable[[list[Mention]], Linking] = link_mentions
    attach: Callable[[list[Mention], Linking], Linking] = attach
    build: Callable[[Mapping[str, AnalysisRecord], Linking], list[Story]] = _build_stories
    margin_days: int = MARGIN_DAYS


def link_store(
    store,
    *,
    articles: Iterable[str] | None = None,
    records: Sequence[AnalysisRecord] | None = None,
    linker: Linker | None = None,
    timings: dict[str, float] | None = None,
) -> list[Story]:
    """Link the store's articles into stories and store them; return the stories written.

    Without ``articles``: recompute every story (deterministic; the stored stories are
    replaced). With ``articles`` (ids just stored): attach their events to the stored stories
    or start new ones, and return only the stories that were written. ``records`` may hold
    those articles' records as just stored (ingest has them), to save reading them back.
    ``timings``, when given, receives the seconds spent per phase (read, mentions, cluster,
    build, write).

    >>> with open_store("news.duckdb") as store:  # doctest: +SKIP
    ...     [s.id for s in link_store(store)][:2]
    ['s0b3e2f7c9a1d4e6f', 's1c9d0e8f7a6b5c4d']
    """
    linker = linker or Linker()
    clock = _Clock(timings)
    if articles is None:
        return _link_all(store, linker, clock)
    return _link_new(store, sorted(set(articles)), records, linker, clock)


class _Clock:
    """Adds the seconds since the last call to a phase of ``timings`` (nothing when None)."""

    def __init__(self, timings: dict[str, float] | None) -> None:
        self.timings = timings
        self.last = time.perf_counter()

    def __call__(self, phase: str) -> None:
        now = time.perf_counter()
        if self.timings is not None:
            self.timings[phase] = self.timings.get(phase, 0.0) + now - self.last
        self.last = now


def _link_all(store, linker: Linker, clock: _Clock) -> list[Story]:
    records = store.records()
    clock("read")
    mentions = [m for record in records for m in linker.mentions(record)]
    clock("mentions")
    linking = linker.link(mentions)
    clock("cluster")
    by_id = {r.article.id: r for r in records}
    stories = [with_participants(s, by_id) for s in linker.build(by_id, linking)]
    clock("build")
    store.put_stories(stories, replace_all=True)
    clock("write")
    return stories


def _link_new(
    store,
    ids: list[str],
    given: Sequence[AnalysisRecord] | None,
    linker: Linker,
    clock: _Clock,
) -> list[Story]:
    wanted = set(ids)
    have = {r.article.id: r for r in given or () if r.article.id in wanted}
    new_records = [*have.values(), *store.records(sorted(wanted - have.keys()))]
    if not new_records:
        return []
    new_ids = {r.article.id for r in new_records}
    clock("read")
    new_mentions = [m for record in new_records for m in linker.mentions(record)]
    clock("mentions")
    records = {r.article.id: r for r in new_records}
    for record in _context_records(store, new_records, new_mentions, linker.margin_days):
        records.setdefault(record.article.id, record)
    members = store.story_members(sorted(records))
    missing = sorted({a for keys in members.values() for a, _ in keys} - records.keys())
    records.update((r.article.id, r) for r in store.records(missing))
    clock("read")

    known: dict[str, Mention] = {}
    for record in records.values():
        if record.article.id not in new_ids:
            known.update((m.key, m) for m in linker.mentions(record))
    clock("mentions")
    story_keys = {sid: [ref(a, e) for a, e in keys] for sid, keys in members.items()}
    clusters: list[list[str]] = []
    dirty_stories: set[str] = set()
    in_story: set[str] = set()
    for story_id, keys in story_keys.items():
        kept = [k for k in keys if k in known]
        if len(kept) < len(keys):  # reports of a re-analyzed article, or of a new one
            dirty_stories.add(story_id)
        in_story.update(kept)
        if kept:
            clusters.append(sorted(kept))
    unlinked = [m for k, m in known.items() if k not in in_story]
    for m in unlinked:
        del known[m.key]
    # Links do not steer attach(); those of the stories rebuilt are read back below.
    existing = Linking(clusters=sorted(clusters), links=[], mentions=known)
    fresh = [*new_mentions, *unlinked]
    linking = linker.attach(fresh, existing)
    clock("cluster")

    dirty = {m.key for m in fresh}
    dirty.update(k for sid in dirty_stories for k in story_keys[sid])
    affected = [c for c in linking.clusters if any(k in dirty for k in c)]
    touched = {k for c in affected for k in c}
    remove = sorted(
        sid
        for sid, keys in story_keys.items()
        if sid in dirty_stories or any(k in touched for k in keys)
    )
    old_links = [link for story in store.stories(ids=remove) for link in story.links]
    links = {
        (link.a, link.b): link
        for link in [*old_links, *linking.links]
        if link.a in touched and link.b in touched
    }
    part = Linking(
        clusters=affected,
        links=sorted(links.values(), key=lambda link: (link.a, link.b)),
        mentions={k: m for k, m in linking.mentions.items() if k in touched},
    )
    chosen = {a: records[a] for a in sorted({split_ref(k)[0] for k in touched}) if a in records}
    clock("read")
    stories = [with_participants(s, chosen) for s in linker.build(chosen, part)]
    clock("build")
    written = {s.id for s in stories}
    store.put_stories(stories, remove=[sid for sid in remove if sid not in written])
    clock("write")
    return stories


def _context_records(
    store, new_records: Sequence[AnalysisRecord], mentions: Sequence[Mention], margin: int
) -> list[AnalysisRecord]:
    """Stored records published near the new articles' dates (and the undated ones).

    Each publication day and event day gets ``margin`` days either side; overlapping spans are
    merged and read one by one, so an event dated years back reads that week, not the years.
    """
    days = [r.article.published for r in new_records] + [m.date for m in mentions]
    parsed = sorted({d for d in (_day(v) for v in days) if d is not None})
    if not parsed:  # undated mentions only ever meet undated ones
        return store.records(since="9999-12-31", undated=True)
    spans: list[list[date]] = []
    for day in parsed:
        lo, hi = day - timedelta(days=margin), day + timedelta(days=margin)
        if spans and lo <= spans[-1][1]:
            spans[-1][1] = hi
        else:
            spans.append([lo, hi])
    found: dict[str, AnalysisRecord] = {}
    for n, (lo, hi) in enumerate(spans):
        for record in store.records(since=lo.isoformat(), until=hi.isoformat(), undated=n == 0):
            found.setdefault(record.article.id, record)
    return list(found.values())


def _day(value: str | None) -> date | None:
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def with_participants(story: Story, records: Mapping[str, AnalysisRecord]) -> Story:
    """``story`` with ``actors`` and ``targets`` filled from its reports' events, when empty.

    Participants are merged by normalized name and ranked by how many reports name them (ties:
    the earliest report), so a perpetrator named by most outlets comes first.

    >>> from dateline.records import Article, Event, StoryReport
    >>> rec = AnalysisRecord(article=Article(id="a1", text="x"), events=[Event(id="e1",
    ...     type="FIGHT", trigger="hit", start=0, end=1, actors=[EventParticipant(name="Army")])])
    >>> s = Story(id="s1", type="FIGHT", reports=[StoryReport(article="a1", event="e1",
    ...     factuality="asserted")])
    >>> [p.name for p in with_participants(s, {"a1": rec}).actors]
    ['Army']
    """
    if story.actors or story.targets:
        return story
    actors: list[list[EventParticipant]] = []
    targets: list[list[EventParticipant]] = []
    for report in story.reports:
        record = records.get(report.article)
        event = next((e for e in record.events if e.id == report.event), None) if record else None
        if event is not None:
            actors.append(event.actors)
            targets.append(event.targets)
    return story.model_copy(update={"actors": _ranked(actors), "targets": _ranked(targets)})


def _ranked(groups: list[list[EventParticipant]]) -> list[EventParticipant]:
    counts: Counter[str] = Counter()
    first: dict[str, tuple[int, EventParticipant]] = {}
    for n, group in enumerate(groups):
        for key in dict.fromkeys(normalize_name(p.name) or p.name for p in group):
            counts[key] += 1  # one report names a participant once
        for p in group:
            key = normalize_name(p.name) or p.name
            if key not in first:
                first[key] = (n, p)
            elif first[key][1].country is None and p.country:
                first[key] = (first[key][0], first[key][1].model_copy(update={"country": p.country}))
    order = sorted(counts, key=lambda k: (-counts[k], first[k][0], k))
    return [first[k][1] for k in order]

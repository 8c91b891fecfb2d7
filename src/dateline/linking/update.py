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
    store, *, articles: Iterable[str] | None = None, linker: Linker | None = None
) -> list[Story]:
    """Link the store's articles into stories and store them; return the stories written.

    Without ``articles``: recompute every story (deterministic; the stored stories are
    replaced). With ``articles`` (ids just stored): attach their events to the stored stories
    or start new ones, and return only the stories that were written.

    >>> with open_store("news.duckdb") as store:  # doctest: +SKIP
    ...     [s.id for s in link_store(store)][:2]
    ['s0b3e2f7c9a1d4e6f', 's1c9d0e8f7a6b5c4d']
    """
    linker = linker or Linker()
    if articles is None:
        return _link_all(store, linker)
    return _link_new(store, sorted(set(articles)), linker)


def _link_all(store, linker: Linker) -> list[Story]:
    records = store.records()
    mentions = [m for record in records for m in linker.mentions(record)]
    linking = linker.link(mentions)
    by_id = {r.article.id: r for r in records}
    stories = [with_participants(s, by_id) for s in linker.build(by_id, linking)]
    store.put_stories(stories, replace_all=True)
    return stories


def _link_new(store, ids: list[str], linker: Linker) -> list[Story]:
    new_records = store.records(ids)
    if not new_records:
        return []
    new_mentions = [m for record in new_records for m in linker.mentions(record)]
    context = _context_records(store, new_records, new_mentions, linker.margin_days)
    records = {r.article.id: r for r in [*context, *new_records]}
    new_ids = {r.article.id for r in new_records}
    stored = store.stories(articles=sorted(records))
    missing = sorted({r.article for s in stored for r in s.reports} - records.keys())
    records.update((r.article.id, r) for r in store.records(missing))

    known: dict[str, Mention] = {}
    for record in records.values():
        if record.article.id not in new_ids:
            known.update((m.key, m) for m in linker.mentions(record))
    clusters: list[list[str]] = []
    dirty_stories: set[str] = set()
    in_story: set[str] = set()
    for story in stored:
        keys = [ref(r.article, r.event) for r in story.reports]
        kept = [k for k in keys if k in known]
        if len(kept) < len(keys):  # reports of a re-analyzed article, or of a new one
            dirty_stories.add(story.id)
        in_story.update(kept)
        if kept:
            clusters.append(sorted(kept))
    unlinked = [m for k, m in known.items() if k not in in_story]
    for m in unlinked:
        del known[m.key]
    links = [
        link for story in stored for link in story.links if link.a in known and link.b in known
    ]
    existing = Linking(clusters=sorted(clusters), links=links, mentions=known)
    fresh = [*new_mentions, *unlinked]
    linking = linker.attach(fresh, existing)

    dirty = {m.key for m in fresh}
    dirty.update(ref(r.article, r.event) for s in stored if s.id in dirty_stories for r in s.reports)
    affected = [c for c in linking.clusters if any(k in dirty for k in c)]
    touched = {k for c in affected for k in c}
    remove = {
        s.id
        for s in stored
        if s.id in dirty_stories or any(ref(r.article, r.event) in touched for r in s.reports)
    }
    part = Linking(
        clusters=affected,
        links=[link for link in linking.links if link.a in touched and link.b in touched],
        mentions={k: m for k, m in linking.mentions.items() if k in touched},
    )
    members = {split_ref(k)[0] for k in touched}
    chosen = {a: records[a] for a in sorted(members) if a in records}
    stories = [with_participants(s, chosen) for s in linker.build(chosen, part)]
    store.put_stories(stories, remove=sorted(remove - {s.id for s in stories}))
    return stories


def _context_records(
    store, new_records: Sequence[AnalysisRecord], mentions: Sequence[Mention], margin: int
) -> list[AnalysisRecord]:
    """Stored records published near the new articles' dates (and the undated ones)."""
    days = [r.article.published for r in new_records] + [m.date for m in mentions]
    parsed = sorted(d for d in (_day(v) for v in days) if d is not None)
    if not parsed:  # undated mentions only ever meet undated ones
        return store.records(since="9999-12-31", undated=True)
    since = (parsed[0] - timedelta(days=margin)).isoformat()
    until = (parsed[-1] + timedelta(days=margin)).isoformat()
    return store.records(since=since, until=until, undated=True)


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

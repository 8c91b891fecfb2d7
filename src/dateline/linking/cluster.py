"""Group event mentions of different articles that report one real-world event.

Cost: mentions are only compared inside *blocks*: the same type family (or an untyped mention),
a date bucket and its neighbours (the event's day where known, else the publication day, in
buckets of ``window_days``) and a compatible country (the same, or one of them unknown). With a
store whose daily volume is steady, each mention meets a bounded number of others, so the cost
grows about linearly with the store, never with all pairs.

Clustering: the scored pairs are taken best first (ties broken by the mention keys, so the
result never depends on input order); a pair at or above ``link_threshold`` joins its two
clusters only when the *average* score over every cross pair of the two clusters (pairs never
compared count 0) reaches ``coherence_threshold``. The coherence check stops chaining: one
mention that resembles two different events cannot weld them into one story.

Mentions of one article may join one cluster: articles name one event with several words
("the strike", "the attack"), and gold sets such as ECB+ count those links. dateline's event
stage already folds most of them, so a same-article pair pays a small penalty
(``Weights.same_article``).

>>> from dateline.linking.mentions import Mention
>>> m = [Mention(f"{a}:e1", a, "e1", "PROTEST", "protest", "protest", "2022-04-01", "day",
...              "2022-04-01", 50.45, 30.52, "UA") for a in ("a1", "a2", "a3")]
>>> link_mentions(m).clusters
[['a1:e1', 'a2:e1', 'a3:e1']]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from dateline.linking.evidence import DEFAULT, Config, compare
from dateline.linking.mentions import ANY_FAMILY, Mention
from dateline.records import StoryLink


@dataclass(frozen=True)
class LinkConfig:
    """Thresholds of the clustering and the evidence configuration it scores with."""

    link_threshold: float = 0.4  # both set on ECB+ train (CoNLL F1 over a small grid)
    coherence_threshold: float = 0.4
    keep_below: float = 0.05  # compared pairs scoring less are treated as 0 (not kept)
    evidence: Config = DEFAULT


@dataclass
class Linking:
    """Clusters of mention keys (each sorted; clusters sorted by first key) and the links that
    joined them, each with its score and evidence."""

    clusters: list[list[str]]
    links: list[StoryLink]
    mentions: dict[str, Mention] = field(default_factory=dict, repr=False)
    #: (bucket width, date bucket -> mention keys), built on the first :func:`attach`
    _buckets: tuple[int, dict[int | None, list[str]]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def buckets(self, width: int) -> dict[int | None, list[str]]:
        """Mention keys by date bucket (see :func:`attach`), kept for the next attach."""
        if self._buckets is None or self._buckets[0] != width:
            index: dict[int | None, list[str]] = defaultdict(list)
            for key, m in self.mentions.items():
                index[_bucket(m, width)].append(key)
            self._buckets = (width, dict(index))
        return self._buckets[1]

    def cluster_of(self) -> dict[str, int]:
        """Mention key -> index of its cluster in :attr:`clusters`."""
        return {key: i for i, cluster in enumerate(self.clusters) for key in cluster}


def _bucket(m: Mention, width: int) -> int | None:
    day = m.day if m.day is not None else m.published_day
    return None if day is None else day // max(1, width)


class _Blocks:
    """Mentions indexed by (date bucket, family) and country, for candidate look-up."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.index: dict[tuple[int | None, str], dict[str | None, list[int]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self.families: dict[int | None, set[str]] = defaultdict(set)

    def add(self, i: int, m: Mention) -> None:
        b = _bucket(m, self.width)
        self.index[(b, m.family)][m.country].append(i)
        self.families[b].add(m.family)

    def candidates(self, m: Mention) -> Iterable[int]:
        b = _bucket(m, self.width)
        buckets = (None,) if b is None else (b - 1, b, b + 1)
        for bucket in buckets:
            if m.family == ANY_FAMILY:
                families = sorted(self.families.get(bucket, ()))
            else:
                families = [m.family, ANY_FAMILY]
            for family in families:
                by_country = self.index.get((bucket, family))
                if not by_country:
                    continue
                if m.country is None:
                    for ids in by_country.values():
                        yield from ids
                else:
                    yield from by_country.get(m.country, ())
                    yield from by_country.get(None, ())


def candidate_pairs(mentions: list[Mention], config: LinkConfig | None = None) -> list[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, that share a block (see the module docstring)."""
    config = config or LinkConfig()
    blocks = _Blocks(config.evidence.window_days)
    pairs = []
    for j, m in enumerate(mentions):
        pairs.extend((i, j) for i in sorted(set(blocks.candidates(m))))
        blocks.add(j, m)
    return pairs


class _Clusters:
    """Union-find with member lists and a sparse score graph for average-link checks."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.members: dict[int, list[int]] = {i: [i] for i in range(n)}
        self.scores: dict[int, dict[int, float]] = defaultdict(dict)

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def add_score(self, i: int, j: int, score: float) -> None:
        self.scores[i][j] = score
        self.scores[j][i] = score

    def average(self, ra: int, rb: int) -> float:
        small, big = sorted((ra, rb), key=lambda r: len(self.members[r]))
        total = 0.0
        for i in self.members[small]:
            for j, s in self.scores[i].items():
                if self.find(j) == big:
                    total += s
        return total / (len(self.members[ra]) * len(self.members[rb]))

    def union(self, ra: int, rb: int) -> None:
        keep, gone = min(ra, rb), max(ra, rb)
        self.parent[gone] = keep
        self.members[keep].extend(self.members.pop(gone))


def link_mentions(mentions: Iterable[Mention], config: LinkConfig | None = None) -> Linking:
    """Cluster ``mentions`` into stories, deterministically (see the module docstring)."""
    config = config or LinkConfig()
    ordered = sorted({m.key: m for m in mentions}.values(), key=lambda m: m.key)
    clusters = _Clusters(len(ordered))
    edges: list[tuple[float, int, int, dict]] = []
    for i, j in candidate_pairs(ordered, config):
        score, evidence = compare(ordered[i], ordered[j], config.evidence)
        if score >= config.keep_below:
            clusters.add_score(i, j, score)
            if score >= config.link_threshold:
                edges.append((score, i, j, evidence))
    edges.sort(key=lambda e: (-e[0], e[1], e[2]))
    links = []
    for score, i, j, evidence in edges:
        ri, rj = clusters.find(i), clusters.find(j)
        if ri == rj or clusters.average(ri, rj) < config.coherence_threshold:
            continue
        clusters.union(ri, rj)
        links.append(StoryLink(a=ordered[i].key, b=ordered[j].key, score=score, evidence=evidence))
    return _result(ordered, clusters.members.values(), links)


def _result(ordered: list[Mention], groups: Iterable[list[int]], links: list[StoryLink]) -> Linking:
    keyed = sorted(sorted(ordered[i].key for i in group) for group in groups)
    links.sort(key=lambda link: (link.a, link.b))
    return Linking(clusters=keyed, links=links, mentions={m.key: m for m in ordered})


def attach(
    new_mentions: Iterable[Mention], existing: Linking, config: LinkConfig | None = None
) -> Linking:
    """Add ``new_mentions`` to ``existing`` without re-clustering it (incremental ingest).

    Each new mention, in key order, joins the cluster with the best average score over its
    members (at least ``coherence_threshold``, through one pair at least ``link_threshold``),
    else starts its own. Existing clusters are never split or merged; ``dateline link``
    recomputes everything with :func:`link_mentions`. Only the stored mentions within the new
    ones' date buckets are compared, so ``existing`` may hold the whole store.

    >>> from dateline.linking.mentions import Mention
    >>> old = link_mentions([Mention("a1:e1", "a1", "e1", "PROTEST", "protest", "march",
    ...                              "2022-04-01", "day", "2022-04-01", 50.45, 30.52, "UA")])
    >>> new = Mention("a2:e4", "a2", "e4", "PROTEST", "protest", "march", "2022-04-01", "day",
    ...               "2022-04-02", 50.45, 30.52, "UA")
    >>> attach([new], old).clusters
    [['a1:e1', 'a2:e4']]
    """
    config = config or LinkConfig()
    known = existing.mentions
    fresh = sorted({m.key: m for m in new_mentions if m.key not in known}.values(), key=lambda m: m.key)
    width = config.evidence.window_days
    buckets = dict(existing.buckets(width))
    reach: set[int | None] = set()
    for m in fresh:
        b = _bucket(m, width)
        reach.update((None,) if b is None else (b - 1, b, b + 1))
    # only the stored mentions the new ones can meet are indexed: cost follows the window
    pool = sorted((known[k] for b in reach for k in buckets.get(b, ())), key=lambda m: m.key)
    blocks = _Blocks(width)
    for i, m in enumerate(pool):
        blocks.add(i, m)
    in_pool = {m.key for m in pool}
    clusters = list(existing.clusters)
    cluster_id = {k: ci for ci, c in enumerate(clusters) for k in c if k in in_pool}
    grown: dict[int, list[str]] = {}
    links = list(existing.links)
    for m in fresh:
        totals: dict[int, float] = defaultdict(float)
        best: dict[int, tuple[float, str, dict]] = {}
        for i in sorted(set(blocks.candidates(m))):
            other = pool[i]
            score, evidence = compare(other, m, config.evidence)
            if score < config.keep_below:
                continue
            ci = cluster_id[other.key]
            totals[ci] += score
            if score >= config.link_threshold and score > best.get(ci, (0.0,))[0]:
                best[ci] = (score, other.key, evidence)
        size = {ci: len(grown.get(ci, clusters[ci])) for ci in best}
        options = sorted(((totals[ci] / size[ci], ci) for ci in best), key=lambda o: (-o[0], o[1]))
        if options and options[0][0] >= config.coherence_threshold:
            ci = options[0][1]
            score, other_key, evidence = best[ci]
            grown.setdefault(ci, list(clusters[ci])).append(m.key)
            a, b = sorted((other_key, m.key))
            links.append(StoryLink(a=a, b=b, score=score, evidence=evidence))
        else:
            ci = len(clusters)
            clusters.append([m.key])
        cluster_id[m.key] = ci
        blocks.add(len(pool), m)
        pool.append(m)
        b = _bucket(m, width)
        buckets[b] = [*buckets.get(b, ()), m.key]
    for ci, members in grown.items():
        clusters[ci] = sorted(members)
    clusters.sort(key=lambda c: c[0])  # nearly sorted already: linear
    links.sort(key=lambda link: (link.a, link.b))
    result = Linking(clusters=clusters, links=links, mentions={**known, **{m.key: m for m in fresh}})
    result._buckets = (width, buckets)
    return result


def with_config(config: LinkConfig | None = None, **changes) -> LinkConfig:
    """A copy of ``config`` (default: :class:`LinkConfig`) with fields changed."""
    return replace(config or LinkConfig(), **changes)

"""Evaluate places on GeoWebNews and LGL: toponym spans, then coordinates.

For each corpus (metric names prefixed ``gwn_`` and ``lgl_``):

- ``precision``, ``recall``, ``f1`` — predicted place spans against gold toponym spans, matched
  one to one when they overlap;
- ``acc161``, ``mean_error_km`` — end to end: over matched gold toponyms that have coordinates,
  the share resolved within 161 km (100 miles) and the mean error; an unresolved match counts as
  20,039 km (half the Earth's circumference), as in Gritta et al. (2019);
- ``e2e_acc161`` — end to end over *all* gold toponyms that have coordinates: found and resolved
  within 161 km (a missed toponym counts as wrong); recall times ``acc161``, near enough;
- ``gold_acc161``, ``gold_mean_error_km`` — resolution alone, given the gold spans;
- ``gold_acc161_a``, ``gold_acc161_b`` — the same on the two halves of the corpus split by a
  hash of each article's text (a check that a change helps both, not one article).

GeoWebNews toponyms are its literal and associative types (Literal, Metonymic, Mixed, Coercion,
Literal/Non_Literal_Modifier, Embedded_Literal/Non_Lit); Demonym and Language spans are left
out of the scores (dateline reads demonyms as country references, not places: see
``dateline.geo``); Non_Toponym and Homonym spans are negatives. Every LGL toponym counts.

The baseline "most populous" uses the same spans and gazetteer and takes the most populous
candidate. Run ``dateline eval geo [--limit N]`` for the table.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dateline.evaluation import gold_path
from dateline.geo.gazetteer import load_gazetteer
from dateline.geo.resolve import distance_km, link_containers, mention, resolve_mentions

GWN_TOPONYMS = frozenset(
    {
        "Literal",
        "Metonymic",
        "Mixed",
        "Coercion",
        "Literal_Modifier",
        "Non_Literal_Modifier",
        "Embedded_Literal",
        "Embedded_Non_Lit",
    }
)
GWN_IGNORED = frozenset({"Demonym", "Language"})
MISSED_KM = 20039.0
SYSTEMS = {"dateline": "context", "most populous": "population"}


@dataclass(frozen=True)
class GoldToponym:
    start: int
    end: int
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class GoldArticle:
    text: str
    toponyms: list[GoldToponym]
    ignored: list[tuple[int, int]]


def read_geowebnews(path: Path, limit: int | None = None) -> list[GoldArticle]:
    """GeoWebNews articles from ``dev.jsonl`` (see the corpus README)."""
    articles = []
    for row in _jsonl(path, limit):
        tops, ignored = [], []
        for t in row["toponyms"]:
            if t["type"] in GWN_TOPONYMS:
                tops.append(
                    GoldToponym(t["start"], t["end"], _num(t["latitude"]), _num(t["longitude"]))
                )
            elif t["type"] in GWN_IGNORED:
                ignored.append((t["start"], t["end"]))
        articles.append(GoldArticle(row["text"], _dedupe(tops), ignored))
    return articles


def read_lgl(path: Path, limit: int | None = None) -> list[GoldArticle]:
    """LGL articles from ``dev.jsonl`` (see the corpus README)."""
    articles = []
    for row in _jsonl(path, limit):
        tops = [
            GoldToponym(t["start"], t["end"], _num(t.get("lat")), _num(t.get("lon")))
            for t in row["toponyms"]
        ]
        articles.append(GoldArticle(row["text"], _dedupe(tops), []))
    return articles


def evaluate(
    corpora: Path,
    split: str = "dev",
    limit: int | None = None,
    nlp=None,
    model: str | None = None,
) -> dict:
    """Scores of dateline and the most-populous baseline on both corpora of ``split``
    (``nlp``: the analysis pipeline, by default :func:`dateline.nlp.load_pipeline`).

    dateline's figures are the places of the records :func:`dateline.pipeline.analyze_many`
    builds -- the ``extract_places`` that ships, after every stage before it -- so the eval
    cannot drift from the product. Gold files: ``geowebnews/<split>.jsonl``, ``lgl/<split>.jsonl``.

    >>> evaluate(Path("../shared/corpora"), limit=2)["dateline"]["gwn_recall"]  # doctest: +SKIP
    0.6...
    """
    if nlp is None:
        from dateline.nlp import load_pipeline

        nlp = load_pipeline(model)  # the analysis pipeline: the bare parsing model stays bare
    load_gazetteer()
    gold = {
        "gwn": read_geowebnews(gold_path(corpora / "geowebnews" / f"{split}.jsonl"), limit),
        "lgl": read_lgl(gold_path(corpora / "lgl" / f"{split}.jsonl"), limit),
    }
    scores: dict[str, dict[str, float]] = {name: {} for name in SYSTEMS}
    for corpus, articles in gold.items():
        predicted = shipped_places(articles, nlp)
        for name, strategy in SYSTEMS.items():
            for metric, value in _score_corpus(articles, predicted, strategy).items():
                scores[name][f"{corpus}_{metric}"] = value
    return scores


def shipped_places(articles: list[GoldArticle], nlp) -> list[list]:
    """The places each article's record carries when analyzed as a user would analyze it.

    ``nlp`` is the analysis pipeline (:func:`dateline.nlp.load_pipeline`); a bare model would
    get the dateline components added in place."""
    from dateline.pipeline import analyze_many
    from dateline.records import Article

    stream = ((Article(id=f"gold{i}", text=a.text), []) for i, a in enumerate(articles))
    return [record.places for record in analyze_many(stream, nlp, batch_size=8)]


def _score_corpus(
    articles: list[GoldArticle], predicted: list[list], strategy: str
) -> dict[str, float]:
    """Span P/R/F1 and end-to-end distance scores. "context" takes the shipped resolutions;
    "population" re-resolves the same spans to the most populous candidate."""
    tp = n_pred = n_gold = n_located = 0
    errors: list[float] = []
    gold_errors: list[float] = []
    halves: tuple[list[float], list[float]] = ([], [])
    for article, places in zip(articles, predicted, strict=True):
        # Places on spans the gold calls demonyms or languages are neither right nor wrong.
        places = [p for p in places if not _hits((p.start, p.end), article.ignored)]
        spans = [(p.start, p.end) for p in places]
        if strategy == "context":
            entries: list = [p if p.lat is not None else None for p in places]
        else:
            text = article.text
            mentions = link_containers(text, [mention(text, *s) for s in spans])
            entries = resolve_mentions(mentions, None, (), strategy)
        n_pred += len(spans)
        n_gold += len(article.toponyms)
        n_located += sum(t.lat is not None for t in article.toponyms)
        for gold, entry in _match(article.toponyms, spans, entries):
            tp += 1
            if gold.lat is not None:
                errors.append(_error(gold, entry))
        article_errors = _gold_span_errors(article, strategy)
        gold_errors += article_errors
        halves[half_of(article.text)].extend(article_errors)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "acc161": _share_within(errors),
        "mean_error_km": _mean(errors),
        "e2e_acc161": sum(e <= 161.0 for e in errors) / n_located if n_located else 0.0,
        "gold_acc161": _share_within(gold_errors),
        "gold_mean_error_km": _mean(gold_errors),
        "gold_acc161_a": _share_within(halves[0]),
        "gold_acc161_b": _share_within(halves[1]),
    }


def half_of(text: str) -> int:
    """0 or 1: which half of a corpus an article falls in, by a hash of its text.

    >>> half_of("KYIV, Ukraine — Missiles hit the capital.") in (0, 1)
    True
    """
    return hashlib.md5(text.encode("utf-8")).digest()[0] % 2


def _gold_span_errors(article: GoldArticle, strategy: str) -> list[float]:
    text = article.text
    mentions = link_containers(text, [mention(text, t.start, t.end) for t in article.toponyms])
    entries = resolve_mentions(mentions, None, (), strategy)
    return [
        _error(gold, entry)
        for gold, entry in zip(article.toponyms, entries, strict=True)
        if gold.lat is not None
    ]


def _match(gold: list[GoldToponym], spans: list[tuple[int, int]], entries: list) -> Iterator:
    """(gold toponym, predicted entry) for each one-to-one overlap, in text order."""
    used: set[int] = set()
    for (start, end), entry in zip(spans, entries, strict=True):
        for i, g in enumerate(gold):
            if i not in used and g.start < end and start < g.end:
                used.add(i)
                yield g, entry
                break


def _error(gold: GoldToponym, entry) -> float:
    if entry is None:
        return MISSED_KM
    return distance_km(gold.lat, gold.lon, entry.lat, entry.lon)


def _hits(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in others)


def _share_within(errors: list[float], km: float = 161.0) -> float:
    return sum(e <= km for e in errors) / len(errors) if errors else 0.0


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else math.nan


def _dedupe(tops: list[GoldToponym]) -> list[GoldToponym]:
    seen, out = set(), []
    for t in sorted(tops, key=lambda t: (t.start, t.end)):
        if (t.start, t.end) not in seen:
            seen.add((t.start, t.end))
            out.append(t)
    return out


def _num(value) -> float | None:
    if value in (None, ""):
        return None
    return float(value)


def _jsonl(path: Path, limit: int | None) -> Iterator[dict]:
    with path.open(encoding="utf-8") as f:
        for i, line in enumerate(f):
            if limit is not None and i >= limit:
                return
            if line.strip():
                yield json.loads(line)

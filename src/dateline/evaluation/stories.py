"""Score stories on the multi-article gold set written for this project (``eval/gold/stories``).

The gold lives in the repository, one folder per split (``eval/gold/stories/dev``): short
fictional articles (``*.txt`` with a header block) and ``gold.json`` with the stories, their
members (article file stem + trigger words), the number of independent origins that assert
each event, and the contradictions an analyst should see (see ``eval/gold/stories/README.md``).
``--split`` names the folder.

The articles run through the real pipeline, L1's ``link_mentions`` clusters their events and
:func:`dateline.linking.stories.build_stories` builds the stories. Metrics:

- ``story_pairwise_p`` / ``_r`` / ``_f1``: over the gold members (each matched to the system
  event of its article whose trigger overlaps one of the gold trigger words), pairs in one gold
  story against pairs in one system story; a member with no matching event stands alone;
- ``story_origin_count_acc``: share of gold stories whose system story (the one holding most of its
  members) has exactly the gold ``corroboration``; ``story_origin_count_mae`` its mean absolute error;
- ``story_contradiction_recall``: share of gold contradictions found in a system story holding a
  member of that gold story, with the same kind and both sides overlapping a gold span of each
  side; ``story_contradictions_per_story``: system contradictions per matched story (a precision
  hint, since the gold lists the ones an analyst must see, not every defensible one).

The ``lemma`` baseline clusters the same events by trigger lemma across articles and counts
every distinct outlet as an origin (what counting articles gives); it finds no contradictions.

>>> pairwise({"a": 0, "b": 0, "c": 1}, {"a": 0, "b": 0, "c": 0})
(0.3333333333333333, 1.0, 0.5)
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from types import SimpleNamespace

from dateline.records import AnalysisRecord, Story, ref


def has_split(split: str) -> bool:
    """Whether ``eval/gold/stories/<split>`` exists (the linking evaluation skips it if not)."""
    return any(
        (base / "eval" / "gold" / "stories" / split / "gold.json").is_file()
        for base in (Path.cwd(), Path(__file__).resolve().parents[3])
    )


def stories_gold_dir(split: str = "dev") -> Path:
    """``eval/gold/stories/<split>``, from the working directory or the repository root; E703
    when it is missing."""
    from dateline.evaluation import gold_path

    for base in (Path.cwd(), Path(__file__).resolve().parents[3]):
        candidate = base / "eval" / "gold" / "stories" / split
        if candidate.is_dir():
            return candidate
    return gold_path(Path("eval") / "gold" / "stories" / split)


@dataclass
class GoldSet:
    articles: dict[str, str]  # file stem -> raw file text
    stories: list[dict]
    path: Path = field(default_factory=Path)


def read_gold(split: str = "dev") -> GoldSet:
    """The gold articles and ``gold.json`` of one split."""
    from dateline.evaluation import gold_path

    folder = stories_gold_dir(split)
    gold = json.loads(gold_path(folder / "gold.json").read_text(encoding="utf-8"))
    articles = {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}
    return GoldSet(articles, gold["stories"], folder)


def analyze_gold(
    gold: GoldSet, nlp=None, *, model: str | None = None
) -> dict[str, AnalysisRecord]:
    """Records of the gold articles, keyed by file stem."""
    from dateline.article.read import article_from_text
    from dateline.pipeline import analyze

    if nlp is None:  # the analysis pipeline; analyze() would add the stages to a bare model
        from dateline.nlp import load_pipeline

        nlp = load_pipeline(model)
    return {
        stem: analyze(article_from_text(raw, source_path=str(gold.path / f"{stem}.txt")), nlp)
        for stem, raw in gold.articles.items()
    }


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _find(text: str, part: str) -> tuple[int, int] | None:
    at = text.find(part)
    return (at, at + len(part)) if at >= 0 else None


def match_member(record: AnalysisRecord, triggers: list[str]) -> str | None:
    """The ``article:event`` key of the system event with a mention (its trigger or a later
    mention folded into it) that overlaps a gold trigger word (the first such word in the text,
    trying the gold words in order)."""
    for word in triggers:
        start = 0
        while (span := _find(record.article.text[start:], word)) is not None:
            at = (span[0] + start, span[1] + start)
            for event in record.events:
                spans = [(event.start, event.end)] + [(m.start, m.end) for m in event.mentions]
                if any(_overlaps(at, s) for s in spans):
                    return ref(record.article.id, event.id)
            start = at[1]
    return None


def pairwise(gold: Mapping[str, int], system: Mapping[str, int]) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1 of two clusterings given as item -> cluster label."""
    items = sorted(gold)
    same_gold = {(a, b) for a, b in combinations(items, 2) if gold[a] == gold[b]}
    same_sys = {(a, b) for a, b in combinations(items, 2) if system[a] == system[b]}
    hit = len(same_gold & same_sys)
    p = hit / len(same_sys) if same_sys else 1.0
    r = hit / len(same_gold) if same_gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _side_hit(side, alternatives, records: Mapping[str, AnalysisRecord]) -> bool:
    for alt in alternatives:
        rec = records.get(alt["article"])
        if rec is None or rec.article.id != side.article:
            continue
        span = _find(rec.article.text, alt["text"])
        if span and _overlaps(span, (side.start, side.end)):
            return True
    return False


def contradiction_found(gold: dict, stories: list[Story], records) -> bool:
    """Whether a system contradiction of the gold's kind has one side on each gold side."""
    for story in stories:
        for c in story.contradictions:
            if c.kind != gold["kind"]:
                continue
            for x, y in ((c.a, c.b), (c.b, c.a)):
                if _side_hit(x, gold["a"], records) and _side_hit(y, gold["b"], records):
                    return True
    return False


def score(gold: GoldSet, records: Mapping[str, AnalysisRecord], stories: list[Story],
          corroboration: Callable[[Story], int] | None = None) -> dict:  # fmt: skip
    """The metrics of the module docstring for one system's stories."""
    corroboration = corroboration or (lambda s: s.corroboration)
    story_of = {ref(r.article, r.event): i for i, s in enumerate(stories) for r in s.reports}
    gold_label, sys_label, members_of = {}, {}, {}
    for g, gs in enumerate(gold.stories):
        keys = []
        for m in gs["members"]:
            item = f"{gs['id']}/{m['article']}"
            gold_label[item] = g
            key = match_member(records[m["article"]], m["triggers"])
            sys_label[item] = story_of.get(key, f"unmatched:{item}") if key else f"none:{item}"
            keys.append(sys_label[item])
        members_of[gs["id"]] = keys
    p, r, f1 = pairwise(gold_label, sys_label)
    exact, errors, found, total, per_story = 0, [], 0, 0, []
    for gs in gold.stories:
        labels = [k for k in members_of[gs["id"]] if isinstance(k, int)]
        main = stories[Counter(labels).most_common(1)[0][0]] if labels else None
        got = corroboration(main) if main is not None else 0
        exact += got == gs["corroboration"]
        errors.append(abs(got - gs["corroboration"]))
        held = [stories[i] for i in dict.fromkeys(labels)]
        for contra in gs.get("contradictions", []):
            total += 1
            found += contradiction_found(contra, held, records)
        if main is not None:
            per_story.append(len(main.contradictions))
    n = len(gold.stories) or 1
    return {
        "story_pairwise_p": round(p, 4),
        "story_pairwise_r": round(r, 4),
        "story_pairwise_f1": round(f1, 4),
        "story_origin_count_acc": round(exact / n, 4),
        "story_origin_count_mae": round(sum(errors) / n, 4),
        "story_contradiction_recall": round(found / total, 4) if total else 1.0,
        "story_contradictions_per_story": round(sum(per_story) / len(per_story), 4) if per_story else 0.0,
    }


def lemma_stories(records: Mapping[str, AnalysisRecord]) -> list[Story]:
    """The baseline: events of every article grouped by trigger lemma, no origin tracing."""
    from dateline.linking.mentions import mentions_from_record
    from dateline.records import StoryReport

    groups: dict[str, list] = {}
    for rec in records.values():
        for m in mentions_from_record(rec):
            groups.setdefault(m.lemma, []).append((rec, m.event))
    out = []
    for lemma, members in sorted(groups.items()):
        reports = [
            StoryReport(
                article=rec.article.id, event=ev, outlet=rec.article.outlet, factuality="asserted"
            )  # fmt: skip
            for rec, ev in members
        ]
        outlets = {rec.article.outlet or rec.article.id for rec, _ in members}
        out.append(Story(id=f"lemma:{lemma}", type="", reports=reports,
                         corroboration=len(outlets)))  # fmt: skip
    return out


def score_story_gold(
    split: str = "dev", nlp=None, *, records=None, linker=None, model: str | None = None
) -> dict:
    """Score dateline's stories and the lemma baseline on the story gold set.

    ``records`` (file stem -> record) skips the analysis; ``linker`` (mentions -> linking)
    replaces ``link_mentions``. Returns ``{"dateline": {...}, "lemma": {...}}``.

    >>> scores = score_story_gold("dev")  # doctest: +SKIP
    >>> scores["dateline"]["story_pairwise_f1"], scores["lemma"]["story_pairwise_f1"]  # doctest: +SKIP
    (0.83, 0.41)
    """
    from dateline.linking.stories import build_stories

    gold = read_gold(split)
    records = records if records is not None else analyze_gold(gold, nlp, model=model)
    by_id = {rec.article.id: rec for rec in records.values()}
    if linker is None:
        from dateline.linking.cluster import link_mentions

        linker = link_mentions
    from dateline.linking.mentions import mentions_from_record

    mentions = [m for rec in by_id.values() for m in mentions_from_record(rec)]
    linking = linker(mentions)
    stories = build_stories(by_id, SimpleNamespace(clusters=linking.clusters, links=linking.links))
    return {
        "dateline": score(gold, records, stories),
        "lemma": score(gold, records, lemma_stories(by_id)),
    }

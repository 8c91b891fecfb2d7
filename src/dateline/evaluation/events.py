"""Score event extraction on TimeBank (triggers, classes) and CASE 2021 task 2 (event types).

Two gold sets, each scored for dateline and for a trigger-only baseline in the same run:

- ``timebank/{split}/`` (TimeML EVENT tags; dev is also found as ``timebank/TimeBank/``): ``tb_trigger_p/r/f1`` (a predicted trigger matches a gold
  EVENT whose characters it overlaps), ``tb_class_accuracy`` (TimeML class of the matched
  triggers) and ``tb_reporting_f1`` (triggers found *and* classed REPORTING). dateline uses
  :func:`dateline.events.timeml.timeml_events`; the baseline ``every-verb`` calls every verb an
  OCCURRENCE event.
- ``case2021-task2/{split}.tsv`` (one label per snippet): ``case_accuracy`` and ``case_macro_f1``
  over the gold labels, and per gold label ``case_f1:<LABEL>`` and ``case_recall:<LABEL>``. dateline labels a snippet with the CASE label (column ``case`` of
  ``types.toml``) of its main event (:func:`dateline.events.main_event`); the baseline
  ``keyword`` takes the first trigger word of the type table in the snippet with its unrefined
  type. Both answer ``OTHER`` (ACLED's catch-all) when they find no event.

Run ``dateline eval events`` for a side-by-side table.
"""

from __future__ import annotations

import csv
import html
import re
from collections import Counter
from pathlib import Path

from dateline.errors import DatelineError
from dateline.evaluation import gold_path

FALLBACK_LABEL = "OTHER"
_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def read_timeml(path: Path) -> tuple[str, list[tuple[int, int, str]]]:
    """Plain text of a TimeML file's TEXT element and its EVENTs ``(start, end, class)``."""
    raw = path.read_text(encoding="utf-8")
    match = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
    if match is None:
        raise DatelineError.make("E602", path=path, detail="no <TEXT> element")
    body = match.group(1)
    text: list[str] = []
    length = 0
    events: list[tuple[int, int, str]] = []
    open_event: tuple[int, str] | None = None
    pos = 0
    for tag in _TAG.finditer(body):
        piece = html.unescape(body[pos : tag.start()])
        text.append(piece)
        length += len(piece)
        pos = tag.end()
        closing, name = tag.group(1), tag.group(2)
        if name != "EVENT":
            continue
        if not closing:
            attrs = dict(_ATTR.findall(tag.group(3)))
            open_event = (length, attrs.get("class", "OCCURRENCE"))
        elif open_event is not None:
            events.append((open_event[0], length, open_event[1]))
            open_event = None
    text.append(html.unescape(body[pos:]))
    return "".join(text), events


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_triggers(
    gold: list[list[tuple[int, int, str]]], pred: list[list[tuple[int, int, str]]]
) -> dict[str, float]:
    """Trigger P/R/F1 (overlap), class accuracy on matches, REPORTING F1.

    >>> score_triggers([[(0, 4, "REPORTING")]], [[(0, 4, "REPORTING"), (5, 9, "STATE")]])["tb_trigger_p"]
    0.5
    """
    tp = n_pred = n_gold = same_class = 0
    rep_tp = rep_pred = rep_gold = 0
    for g_doc, p_doc in zip(gold, pred, strict=True):
        n_pred += len(p_doc)
        n_gold += len(g_doc)
        rep_gold += sum(1 for g in g_doc if g[2] == "REPORTING")
        rep_pred += sum(1 for p in p_doc if p[2] == "REPORTING")
        used: set[int] = set()
        for p in p_doc:
            hit = next(
                (k for k, g in enumerate(g_doc) if k not in used and _overlaps(p[:2], g[:2])), None
            )
            if hit is None:
                continue
            used.add(hit)
            tp += 1
            if p[2] == g_doc[hit][2]:
                same_class += 1
                rep_tp += p[2] == "REPORTING"
    return {
        "tb_trigger_p": _ratio(tp, n_pred),
        "tb_trigger_r": _ratio(tp, n_gold),
        "tb_trigger_f1": _f1(tp, n_pred, n_gold),
        "tb_class_accuracy": _ratio(same_class, tp),
        "tb_reporting_f1": _f1(rep_tp, rep_pred, rep_gold),
    }


def _ratio(a: float, b: float) -> float:
    return round(a / b, 4) if b else 0.0


def _f1(tp: float, n_pred: float, n_gold: float) -> float:
    return round(2 * tp / (n_pred + n_gold), 4) if n_pred + n_gold else 0.0


def score_labels(gold: list[str], pred: list[str]) -> dict[str, float]:
    """Accuracy and macro F1 over the gold labels.

    >>> score_labels(["A", "B"], ["A", "A"])["case_accuracy"]
    0.5
    """
    tp, fp, fn = Counter(), Counter(), Counter()
    for g, p in zip(gold, pred, strict=True):
        if g == p:
            tp[g] += 1
        else:
            fp[p] += 1
            fn[g] += 1
    labels = sorted(set(gold))
    f1s = [_f1(tp[x], tp[x] + fp[x], tp[x] + fn[x]) for x in labels]
    return {
        "case_accuracy": _ratio(sum(tp.values()), len(gold)),
        "case_macro_f1": round(sum(f1s) / len(f1s), 4) if f1s else 0.0,
    }


def per_label(gold: list[str], pred: list[str]) -> dict[str, float]:
    """F1 and recall of every gold label, as ``case_f1:<LABEL>`` and ``case_recall:<LABEL>``
    (CASE has no train split: per-type figures show which rules generalize, not one average).

    >>> per_label(["A", "B"], ["A", "A"])
    {'case_f1:A': 0.6667, 'case_recall:A': 1.0, 'case_f1:B': 0.0, 'case_recall:B': 0.0}
    """
    out: dict[str, float] = {}
    for label in sorted(set(gold)):
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == p == label)
        n_pred = sum(1 for p in pred if p == label)
        n_gold = sum(1 for g in gold if g == label)
        out[f"case_f1:{label}"] = _f1(tp, n_pred, n_gold)
        out[f"case_recall:{label}"] = _ratio(tp, n_gold)
    return out


def _timebank(
    corpora: Path, nlp, limit: int | None, split: str = "dev"
) -> dict[str, dict[str, float]]:
    from dateline.evaluation.time import timebank_files
    from dateline.events.timeml import timeml_events, verb_baseline

    files = timebank_files(corpora, split, limit)
    docs = [read_timeml(f) for f in files]
    gold = [events for _, events in docs]
    ours, base = [], []
    for doc in nlp.pipe((text for text, _ in docs), batch_size=16):
        ours.append(timeml_events(doc))
        base.append(verb_baseline(doc))
    return {"dateline": score_triggers(gold, ours), "every-verb": score_triggers(gold, base)}


def read_case(path: Path) -> list[tuple[str, str]]:
    """``(snippet, label)`` rows of a CASE 2021 task 2 TSV file."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(row["EventSnippet"], row["SubType"]) for row in rows]


def label_snippet(doc, published: str | None = None) -> str:
    """dateline's CASE label for a snippet: the ``case`` column of its main event's row."""
    from dateline.events import main_event
    from dateline.events.extract import typed_events
    from dateline.events.prominence import prominence
    from dateline.records import AnalysisRecord, Article

    record = AnalysisRecord(article=Article(id="snippet", text=doc.text, published=published))
    typed = typed_events(doc, record)
    record.events = [event for event, _ in typed]
    event = main_event(record, prominence(doc, record.events))
    if event is None:
        return FALLBACK_LABEL
    return next(kind.case for ev, kind in typed if ev is event)


def keyword_baseline(doc) -> str:
    """The trigger-only baseline: the unrefined type of the first trigger word."""
    from dateline.events.triggers import find_triggers

    matches = find_triggers(doc)
    return matches[0].base.case if matches else FALLBACK_LABEL


def _case(corpora: Path, nlp, limit: int | None, split: str = "dev") -> dict[str, dict[str, float]]:
    rows = read_case(gold_path(corpora / "case2021-task2" / f"{split}.tsv"))[:limit]
    gold = [label for _, label in rows]
    ours, base = [], []
    for doc in nlp.pipe((text for text, _ in rows), batch_size=32):
        ours.append(label_snippet(doc))
        base.append(keyword_baseline(doc))
    return {
        "dateline": {**score_labels(gold, ours), **per_label(gold, ours)},
        "keyword": {**score_labels(gold, base), **per_label(gold, base)},
    }


def evaluate(
    corpora: Path,
    split: str = "dev",
    limit: int | None = None,
    nlp=None,
    model: str | None = None,
) -> dict:
    """Scores of dateline and the baselines on TimeBank and CASE 2021 of ``split``
    (``timebank/<split>/*.tml``, dev also ``timebank/TimeBank``; ``case2021-task2/<split>.tsv``).

    Returns ``{"dateline": {...}, "every-verb": {...}, "keyword": {...}}``; each baseline
    carries the metrics of the gold set it applies to.
    """
    if nlp is None:
        from dateline.nlp import load_model

        nlp = load_model(model)
    timebank = _timebank(corpora, nlp, limit, split)
    case = _case(corpora, nlp, limit, split)
    return {
        "dateline": {**timebank["dateline"], **case["dateline"]},
        "every-verb": timebank["every-verb"],
        "keyword": case["keyword"],
    }

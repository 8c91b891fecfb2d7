"""Score event factuality on MEANTIME's gold event mentions.

Gold: ``meantime/{split}/intra-doc_annotation/<sub-corpus>/*.xml`` (dev: corpus_airbus
and corpus_apple, 60 Wikinews articles). Every EVENT_MENTION carries ``certainty``,
``polarity``, ``time`` and ``special_cases``; :func:`gold_class` maps them onto dateline's
values with :data:`GOLD_TABLE` (first row that holds wins):

=============================================  ================  ==================================
gold attributes                                class             why
=============================================  ================  ==================================
no certainty or polarity, or ``GEN``           (not scored)      no factuality (the second token
                                                                 of a split mention) or a generic
                                                                 ("airlines buy jets"): dateline
                                                                 has no generic value
``special_cases`` ``COND_*``                   ``hypothetical``  "if talks fail", and what follows
``polarity`` NEG                               ``denied``        did not / will not happen
``time`` FUTURE                                ``hypothetical``  dateline files what has not
                                                                 happened yet (will, plans to,
                                                                 expects to) under hypothetical;
                                                                 a separate "planned" value would
                                                                 change the record schema
``certainty`` POSSIBLE                         ``hypothetical``  "could", "may", "can"
``certainty`` PROBABLE                         ``alleged``       "is believed to be": the source
                                                                 commits, hedged
other UNDERSPECIFIED certainty or polarity     (not scored)      the annotators could not tell
CERTAIN, POS (NON_FUTURE or no time)           ``asserted``      stated as fact
=============================================  ================  ==================================

dateline's values are compared in the gold's terms (:data:`PREDICTED_AS`): ``negated`` and
``denied`` are both ``denied`` (MEANTIME does not tell who says it did not happen);
``reported`` and ``unclaimed`` are both ``asserted``, because MEANTIME annotates how firmly the
text commits to an event, not who commits (an event an official "said" happened is CERTAIN),
and no MEANTIME article says that no one claimed an act. So the gold measures the split
firm / hedged / hypothetical / denied; who stands behind a firm event is measured by the
attribution task. Counts of dateline's own values are reported as ``predicted:<value>``.

Metrics (system ``dateline``; baseline ``always-asserted`` answers the commonest class):
``precision:/recall:/f1:/support:<class>`` for every class with gold; ``macro_f1`` over the
classes with at least :data:`MIN_SUPPORT` gold mentions (a class with 1 or 2 mentions would move
the average by a third of a point per mention; it is still listed per class); ``accuracy``;
``mentions`` (scored), ``unscored:generic``, ``unscored:underspecified`` and
``unscored:no_attributes`` (gold without a class, by reason), ``unaligned`` (spans that match no
token). A class without gold has no figures at all: nothing can be said about it here.

dateline's figure for a mention is :func:`dateline.events.factuality.trigger_factuality` on the
gold trigger span in dateline's parse, with the quotes and non-comments of dateline's
attribution stage: the function the events stage uses for its own triggers.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from dateline.evaluation import gold_files, gold_path

CLASSES = ("asserted", "alleged", "hypothetical", "denied")
MIN_SUPPORT = 5

#: (attribute, values, class) rows of the gold mapping, checked in order; None: not scored
GOLD_TABLE: tuple[tuple[str, frozenset[str], str | None], ...] = (
    ("special_cases", frozenset({"GEN"}), None),
    ("special_cases", frozenset({"COND_MAIN_CLAUSE", "COND_IF_CLAUSE"}), "hypothetical"),
    ("polarity", frozenset({"NEG"}), "denied"),
    ("time", frozenset({"FUTURE"}), "hypothetical"),
    ("certainty", frozenset({"POSSIBLE"}), "hypothetical"),
    ("certainty", frozenset({"PROBABLE"}), "alleged"),
    ("certainty", frozenset({"UNDERSPECIFIED"}), None),
    ("polarity", frozenset({"UNDERSPECIFIED"}), None),
)

#: dateline's factuality values in the gold's terms (see the module docstring)
PREDICTED_AS = {
    "asserted": "asserted",
    "reported": "asserted",
    "unclaimed": "asserted",
    "alleged": "alleged",
    "hypothetical": "hypothetical",
    "denied": "denied",
    "negated": "denied",
}


def gold_class(attrs: dict[str, str]) -> str | None:
    """The class of a MEANTIME EVENT_MENTION's attributes, None when it has none to score.

    >>> gold_class({"certainty": "CERTAIN", "polarity": "POS", "time": "FUTURE"})
    'hypothetical'
    >>> gold_class({"certainty": "CERTAIN", "polarity": "NEG", "time": "NON_FUTURE"})
    'denied'
    >>> gold_class({"certainty": "", "polarity": ""}) is None
    True
    """
    if not attrs.get("certainty") or not attrs.get("polarity"):
        return None
    for attribute, values, value in GOLD_TABLE:
        if attrs.get(attribute) in values:
            return value
    return "asserted"


UNSCORED = ("generic", "underspecified", "no_attributes")


def _unscored_reason(attrs: dict[str, str]) -> str:
    if not attrs.get("certainty") or not attrs.get("polarity"):
        return "no_attributes"
    return "generic" if attrs.get("special_cases") == "GEN" else "underspecified"


@dataclass
class GoldMention:
    start: int
    end: int
    attrs: dict[str, str]

    @property
    def gold(self) -> str | None:
        return gold_class(self.attrs)


@dataclass
class GoldDoc:
    id: str
    text: str
    published: str | None
    mentions: list[GoldMention]


def read_doc(path: Path) -> GoldDoc:
    """One MEANTIME CAT file: its text (tokens joined by spaces, a sentence a line) and its
    EVENT_MENTIONs with character offsets and factuality attributes."""
    from dateline.evaluation.linking import read_cat

    cat = read_cat(path, path.parent.name, event_tag=lambda tag: tag == "EVENT_MENTION")
    spans = {m.key.rsplit(":m", 1)[1]: (m.start, m.end) for m in cat.mentions}
    root = ET.parse(path).getroot()
    mentions = [
        GoldMention(*spans[el.get("m_id")], dict(el.attrib))
        for el in root.iter("EVENT_MENTION")
        if el.get("m_id") in spans
    ]
    mentions.sort(key=lambda m: (m.start, m.end))
    return GoldDoc(cat.id, cat.text, cat.published, mentions)


def read_meantime(corpora: Path, split: str, limit: int | None = None) -> list[GoldDoc]:
    """The documents of ``meantime/<split>`` (E703 when missing, E706 when empty)."""
    folder = gold_path(corpora / "meantime" / split / "intra-doc_annotation")
    return [read_doc(p) for p in gold_files(folder, "*/*.xml", limit)]


def score(gold: list[str], pred: list[str], prefix: str = "") -> dict[str, float]:
    """Per-class precision, recall, F1 and support, macro-F1 and accuracy.

    Only classes with gold get figures; macro-F1 averages those with ``MIN_SUPPORT`` or more.

    >>> s = score(["asserted"] * 5 + ["denied"] * 5, ["asserted"] * 6 + ["denied"] * 4)
    >>> s["accuracy"], s["recall:denied"], s["precision:asserted"], s["macro_f1"]
    (0.9, 0.8, 0.8333, 0.899)
    """
    tp, n_pred, n_gold = Counter(), Counter(pred), Counter(gold)
    for g, p in zip(gold, pred, strict=True):
        tp[g] += g == p
    out: dict[str, float] = {}
    averaged = []
    for label in CLASSES:
        if not n_gold[label]:
            continue
        p = tp[label] / n_pred[label] if n_pred[label] else 0.0
        r = tp[label] / n_gold[label]
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        out[f"{prefix}precision:{label}"] = round(p, 4)
        out[f"{prefix}recall:{label}"] = round(r, 4)
        out[f"{prefix}f1:{label}"] = round(f1, 4)
        out[f"{prefix}support:{label}"] = n_gold[label]
        if n_gold[label] >= MIN_SUPPORT:
            averaged.append(f1)
    out[f"{prefix}macro_f1"] = round(sum(averaged) / len(averaged), 4) if averaged else 0.0
    out[f"{prefix}accuracy"] = round(sum(tp.values()) / len(gold), 4) if gold else 0.0
    return out


def predict(doc, mentions: list[GoldMention]) -> list[str | None]:
    """dateline's factuality value (its own name, not mapped) of each gold mention in the
    parsed ``doc``; None for a span that covers no token."""
    from dateline.attribution import extract_attributions
    from dateline.events.factuality import trigger_factuality
    from dateline.nlp.entities import extract_entities
    from dateline.records import Article

    article = Article(id="eval", text=doc.text)
    found = extract_attributions(doc, extract_entities(doc), article)
    out: list[str | None] = []
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or not len(span):
            out.append(None)
            continue
        out.append(trigger_factuality(span, found.quotes, found.non_comments))
    return out


def evaluate(
    corpora: Path,
    split: str = "dev",
    limit: int | None = None,
    nlp=None,
    model: str | None = None,
) -> dict:
    """Scores of dateline and the always-asserted baseline on ``meantime/<split>``.

    Returns ``{"dateline": {...}, "always-asserted": {...}}``.
    """
    if nlp is None:
        from dateline.nlp import load_model

        nlp = load_model(model)
    docs = read_meantime(corpora, split, limit)
    gold: list[str] = []
    pred: list[str] = []
    raw: Counter[str] = Counter()
    unscored: Counter[str] = Counter()
    unaligned = 0
    for gdoc, doc in zip(docs, nlp.pipe((d.text for d in docs), batch_size=8), strict=True):
        values = predict(doc, gdoc.mentions)
        for mention, value in zip(gdoc.mentions, values, strict=True):
            if mention.gold is None:
                unscored[_unscored_reason(mention.attrs)] += 1
            elif value is None:
                unaligned += 1
            else:
                gold.append(mention.gold)
                pred.append(PREDICTED_AS[value])
                raw[value] += 1
    counts = {
        "mentions": len(gold),
        **{f"unscored:{why}": unscored[why] for why in UNSCORED},
        "unaligned": unaligned,
    }
    return {
        "dateline": {
            **score(gold, pred),
            **counts,
            **{f"predicted:{v}": raw[v] for v in sorted(raw)},
        },
        "always-asserted": score(gold, ["asserted"] * len(gold)),
    }

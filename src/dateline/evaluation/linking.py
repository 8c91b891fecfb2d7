"""Score linking (same event across articles) on ECB+, MEANTIME and SemEval-2015 TimeLine.

Each gold set is scored for dateline and for the same-head-lemma baseline in the same run:

- ``ecbplus/{split}`` — cross-document event coreference with gold event mentions (ACTION_* and
  NEG_*) over the sentences listed in ``ECBplus_coreference_sentences.{split}.csv``, clustered
  inside each topic (the usual protocol of Cybulska & Vossen 2015 and Barhom et al. 2019; within-
  and cross-document links both count). ``ecb_muc_f1``, ``ecb_b3_f1``, ``ecb_ceafe_f1`` and their
  mean ``ecb_conll_f1``. ``ecb_e2e_conll_f1`` scores dateline's own events (its triggers in those
  sentences, a trigger overlapping a gold mention standing for it) against the gold clusters.
  dateline analyzes each document with its full pipeline; a gold mention takes the evidence of
  the dateline event its span overlaps, else the evidence dateline's event stage would attach at
  that word (the sentence's time and place, participants from the parse, quoting speakers).
  The baseline ``lemma`` puts mentions with the same head lemma in one cluster, per topic.
- ``meantime/{split}`` — gold event mentions of each sub-corpus linked by dateline and by the
  baseline; ``mt_pair_p/r/f1``: pairs of mentions in *different* articles put in one cluster,
  against the pairs that refer to one cross-document instance (REFERS_TO).
- ``semeval2015-timeline/{split}`` — ``tl_anchor_accuracy``: the date dateline anchors each gold
  timeline event to (its event date, else the publication date, as linking uses them; the most
  precise among the event's mentions) matches the gold date at the gold's precision, over the
  events with a known gold date. The baseline anchors every event to its first article's
  publication date (a lemma cluster carries no date of its own).

The story gold set's scores (``dateline.evaluation.stories.score_story_gold``) join the output
when that module is present. Run ``dateline eval linking`` for the table.
"""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from dateline.evaluation import gold_path
from dateline.evaluation.coref import conll, pairwise
from dateline.linking.cluster import LinkConfig, link_mentions
from dateline.linking.mentions import (
    Mention,
    _span_lemma,
    _stop_words,
    admin1_of,
    article_names,
    context_words,
    date_precision,
    mention_from_event,
    normalize_name,
    participant_keys,
    sentence_arguments,
    trigger_vector,
)
from dateline.records import AnalysisRecord, Article, split_ref

EVENT_TAGS = ("ACTION_", "NEG_")
#: relations that say two mentions are one thing (ECB+ and MEANTIME); others (TLINK...) do not
COREF_RELATIONS = {"CROSS_DOC_COREF", "INTRA_DOC_COREF", "REFERS_TO"}


@dataclass
class GoldMention:
    key: str
    start: int
    end: int
    cluster: str


@dataclass
class GoldDoc:
    """One CAT XML document: text rebuilt from its tokens, gold event mentions with clusters."""

    id: str
    group: str  # ECB+ topic or MEANTIME sub-corpus: what is clustered together
    text: str
    published: str | None
    tokens: dict[tuple[int, int], tuple[int, int, str]]  # (sentence, number) -> (start, end, word)
    mentions: list[GoldMention] = field(default_factory=list)
    sentences: dict[int, tuple[int, int]] = field(default_factory=dict)


def read_cat(
    path: Path,
    group: str,
    *,
    event_tag=lambda tag: tag.startswith(EVENT_TAGS),
    sentences: set[int] | None = None,
    skip_sentences: Iterable[int] = (),
) -> GoldDoc:
    """A CAT XML file (ECB+ or MEANTIME): tokens joined by spaces, one sentence a line."""
    root = ET.parse(path).getroot()
    doc_id = path.stem
    skip = set(skip_sentences)
    by_sentence: dict[int, list[ET.Element]] = defaultdict(list)
    for tok in root.iter("token"):
        by_sentence[int(tok.get("sentence", 0))].append(tok)
    parts: list[str] = []
    length = 0
    tokens: dict[tuple[int, int], tuple[int, int, str]] = {}
    spans: dict[str, tuple[int, int]] = {}
    sent_bounds: dict[int, tuple[int, int]] = {}
    for number in sorted(by_sentence):
        if number in skip:
            continue
        start_sent = length
        for k, tok in enumerate(by_sentence[number]):
            word = (tok.text or "").strip() or "_"
            if k:
                parts.append(" ")
                length += 1
            spans[tok.get("t_id")] = (length, length + len(word))
            tokens[(number, int(tok.get("number", k)))] = (length, length + len(word), word)
            parts.append(word)
            length += len(word)
        sent_bounds[number] = (start_sent, length)
        parts.append("\n")
        length += 1
    markables = root.find("Markables")
    published = None
    events: dict[str, tuple[int, int, int]] = {}
    heads: dict[str, str] = {}
    for el in markables if markables is not None else ():
        if el.tag == "TIMEX3" and el.get("functionInDocument") == "CREATION_TIME":
            published = date_precision(el.get("value"))[0]
        if el.get("instance_id"):
            heads[el.get("m_id")] = el.get("instance_id")
        if not event_tag(el.tag):
            continue
        anchors = [spans[a.get("t_id")] for a in el.iter("token_anchor") if a.get("t_id") in spans]
        if not anchors:
            continue
        sentence = next(
            (n for n, (lo, hi) in sent_bounds.items() if lo <= anchors[0][0] < hi), None
        )
        if sentences is not None and sentence not in sentences:
            continue
        events[el.get("m_id")] = (min(a[0] for a in anchors), max(a[1] for a in anchors), sentence)
    cluster_of: dict[str, str] = {}
    relations = root.find("Relations")
    for rel in relations if relations is not None else ():
        if rel.tag not in COREF_RELATIONS:
            continue
        target = rel.find("target")
        target_id = target.get("m_id") if target is not None else None
        if rel.tag == "CROSS_DOC_COREF" and rel.get("note"):
            name = rel.get("note")
        elif target_id in heads:
            name = heads[target_id]
        else:
            name = f"{doc_id}#{rel.get('r_id')}"
        for src in rel.findall("source"):
            cluster_of.setdefault(src.get("m_id"), name)
    mentions = [
        GoldMention(f"{doc_id}:m{m_id}", start, end, cluster_of.get(m_id, f"{doc_id}:m{m_id}"))
        for m_id, (start, end, _) in sorted(events.items(), key=lambda kv: kv[1][:2])
    ]
    return GoldDoc(doc_id, group, "".join(parts), published, tokens, mentions, sent_bounds)


def read_ecbplus(folder: Path, split: str, limit: int | None = None) -> list[GoldDoc]:
    """ECB+ documents of ``split`` with the event mentions of their coreference sentences."""
    index = gold_path(folder / f"ECBplus_coreference_sentences.{split}.csv")
    wanted: dict[str, set[int]] = defaultdict(set)
    with index.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            wanted[f"{row['Topic']}_{row['File']}"].add(int(row["Sentence Number"]))
    docs = []
    paths = sorted(
        (p for p in folder.glob("*/*.xml")),
        key=lambda p: (int(p.parent.name) if p.parent.name.isdigit() else 0, p.name),
    )
    for path in paths[:limit]:
        if path.stem not in wanted:
            continue
        plus = path.stem.endswith("plus")
        docs.append(read_cat(path, path.parent.name, sentences=wanted[path.stem],
                             skip_sentences=(0,) if plus else ()))  # fmt: skip
    return docs


def read_meantime(folder: Path, limit: int | None = None) -> list[GoldDoc]:
    """MEANTIME documents (cross-document annotation) with their EVENT_MENTIONs."""
    paths = sorted(gold_path(folder / "intra_cross-doc_annotation").glob("*/*.xml"))[:limit]
    return [read_cat(p, p.parent.name, event_tag=lambda t: t == "EVENT_MENTION") for p in paths]


@dataclass
class Analyzed:
    doc: GoldDoc
    gold: list[Mention]  # one per gold mention, keyed like it
    lemmas: dict[str, str]  # gold key -> head lemma (the baseline)
    predicted: list[Mention]  # dateline's own events (keys of the gold mentions they overlap)
    record: AnalysisRecord
    timeline: dict[tuple[int, str], str] = field(default_factory=dict)  # (sentence, word) -> key

    def by_key(self) -> dict[str, Mention]:
        return {m.key: m for m in self.gold}


def analyze_docs(docs: list[GoldDoc], nlp, extra: dict[str, list[tuple[int, int]]] | None = None):
    """Run dateline over each document; build Mentions for its gold mentions and its events.

    ``extra`` maps a document id to more spans to build mentions for (the timeline tokens);
    they come back under ``Analyzed.gold`` too, keyed ``doc:start-end``.
    """
    from dateline.geo.gazetteer import load_gazetteer
    from dateline.pipeline import build_record

    gazetteer = load_gazetteer()
    stop = _stop_words()
    out = []
    for gold, doc in zip(docs, nlp.pipe((d.text for d in docs), batch_size=8), strict=True):
        article = Article(id=gold.id, text=gold.text, published=gold.published)
        record = build_record(article, doc, gazetteer=gazetteer, countries=gazetteer.countries)
        names = article_names(record)
        mentions, lemmas = [], {}
        spans = [(g.key, g.start, g.end) for g in gold.mentions]
        spans += [(f"{gold.id}:{s}-{e}", s, e) for s, e in (extra or {}).get(gold.id, ())]
        for key, start, end in spans:
            m, lemma = mention_at(key, start, end, record, doc, gazetteer, names, stop)
            mentions.append(m)
            lemmas[key] = lemma
        out.append(Analyzed(gold, mentions, lemmas, _predicted(gold, record, doc, gazetteer, names, stop), record))
    return out


def mention_at(key, start, end, record, doc, gazetteer, names, stop) -> tuple[Mention, str]:
    """The Mention of the gold span ``[start, end)`` and its head lemma."""
    from dateline.events.attach import attach_place, attach_time
    from dateline.events.factuality import quotes_covering
    from dateline.events.participants import participants

    span = doc.char_span(start, end, alignment_mode="expand")
    head = span.root if span is not None else doc[0]
    lemma = head.lemma_.lower()
    article_id, event_id = split_ref(key)
    hits = [e for e in record.events if e.start < end and start < e.end]
    if hits:
        event = min(hits, key=lambda e: e.end - e.start)
        m = mention_from_event(event, record, doc, gazetteer=gazetteer, names=names, stop=stop)
        # one gold span is one mention: the lemmas of the event's other mentions stay out
        return replace(m, key=key, event=event_id, lemmas=frozenset()), lemma
    sent = (head.sent.start_char, head.sent.end_char)
    time = attach_time(record.times, record.article.published, start, end, sent)
    value, precision = (None, "unknown")
    if time is not None and not time.from_publication_date:
        value, precision = date_precision(time.value)
    place = attach_place(record.places, start, end, sent)
    covering = quotes_covering(start, end, record.quotes)
    speakers = frozenset(normalize_name(q.speaker.name) for q in covering if q.speaker)
    try:
        actors, targets = participants(
            head, record.entities, places=record.places, countries=gazetteer.countries
        )
    except Exception:  # noqa: BLE001 -- a parse the participant rules do not expect: no participants
        actors, targets = [], []
    return Mention(
        key=key, article=article_id, event=event_id, lemma=lemma, date=value, precision=precision,
        published=record.article.published,
        lat=place.lat if place else None, lon=place.lon if place else None,
        country=place.country if place else None, admin1=admin1_of(place, gazetteer),
        place_name=(place.name or place.text) if place else None,
        place_feature=place.feature if place else None,
        actors=participant_keys(actors), targets=participant_keys(targets), speakers=speakers,
        context=context_words(record.article.text, start, end, stop), names=names,
        vector=trigger_vector(doc, start, end),
        arguments=sentence_arguments(record.article.text, start, end, stop),
    ), lemma  # fmt: skip


def _predicted(gold: GoldDoc, record, doc, gazetteer, names, stop) -> list[Mention]:
    """dateline's events in the scored sentences, each under the key of the gold mention it
    overlaps (once), else its own key."""
    scored = list(gold.sentences.values()) if not gold.mentions else None
    sentences = {g.key: g for g in gold.mentions}
    used: set[str] = set()
    out = []
    for event in record.events:
        if scored is not None and not any(lo <= event.start < hi for lo, hi in scored):
            continue
        m = mention_from_event(event, record, doc, gazetteer=gazetteer, names=names, stop=stop)
        hit = next(
            (k for k, g in sentences.items() if k not in used and g.start < event.end and event.start < g.end),
            None,
        )
        if hit is not None:
            used.add(hit)
            m = replace(m, key=hit)
        out.append(m)
        # the event's later mentions (folded into it) are predicted mentions too
        for later in event.mentions[1:]:
            if scored is not None and not any(lo <= later.start < hi for lo, hi in scored):
                continue
            hit = next(
                (k for k, g in sentences.items() if k not in used and g.start < later.end and later.start < g.end),
                None,
            )
            if hit is None:
                continue
            used.add(hit)
            out.append(replace(
                m, key=hit, lemma=_span_lemma(later.start, later.end, later.trigger, doc),
                lemmas=frozenset(), vector=trigger_vector(doc, later.start, later.end),
                context=context_words(record.article.text, later.start, later.end, stop),
                arguments=sentence_arguments(record.article.text, later.start, later.end, stop),
            ))  # fmt: skip
    return out


def _clusters(gold_docs: Iterable[GoldDoc]) -> list[list[str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for d in gold_docs:
        for g in d.mentions:
            groups[f"{d.group}/{g.cluster}"].append(g.key)
    return list(groups.values())


def _by_group(analyzed: list[Analyzed]) -> Iterator[list[Analyzed]]:
    groups: dict[str, list[Analyzed]] = defaultdict(list)
    for a in analyzed:
        groups[a.doc.group].append(a)
    for name in sorted(groups):
        yield groups[name]


def _link(mentions: list[Mention], config: LinkConfig | None) -> list[list[str]]:
    return link_mentions(mentions, config).clusters


def _lemma_clusters(keys_lemmas: Iterable[tuple[str, str]]) -> list[list[str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for key, lemma in keys_lemmas:
        groups[lemma].append(key)
    return list(groups.values())


def score_ecbplus(analyzed: list[Analyzed], config: LinkConfig | None = None) -> dict[str, dict]:
    """CoNLL scores of dateline and the lemma baseline (gold mentions, and end to end)."""
    key = _clusters(a.doc for a in analyzed)
    ours, base, ours_e2e, base_e2e = [], [], [], []
    for group in _by_group(analyzed):
        gold_keys = {g.key for a in group for g in a.doc.mentions}
        mentions = [m for a in group for m in a.gold if m.key in gold_keys]
        ours += _link(mentions, config)
        base += _lemma_clusters((k, lem) for a in group for k, lem in a.lemmas.items() if k in gold_keys)
        predicted = [m for a in group for m in a.predicted]
        ours_e2e += _link(predicted, config)
        base_e2e += _lemma_clusters((m.key, m.lemma or "") for m in predicted)
    return {"dateline": _ecb(key, ours, ours_e2e), "lemma": _ecb(key, base, base_e2e)}


def _ecb(key, response, e2e) -> dict[str, float]:
    s = conll(key, response)
    return {
        "ecb_muc_f1": s["muc_f1"],
        "ecb_b3_f1": s["b3_f1"],
        "ecb_ceafe_f1": s["ceafe_f1"],
        "ecb_conll_f1": s["conll_f1"],
        "ecb_e2e_conll_f1": conll(key, e2e)["conll_f1"],
    }


def _doc_of(key: str) -> str:
    return split_ref(key)[0]


def score_meantime(analyzed: list[Analyzed], config: LinkConfig | None = None) -> dict[str, dict]:
    """Cross-document pairwise P/R/F1 of dateline and the lemma baseline on gold mentions."""
    key = _clusters(a.doc for a in analyzed)
    ours, base = [], []
    for group in _by_group(analyzed):
        gold_keys = {g.key for a in group for g in a.doc.mentions}
        ours += _link([m for a in group for m in a.gold if m.key in gold_keys], config)
        base += _lemma_clusters((k, lem) for a in group for k, lem in a.lemmas.items() if k in gold_keys)
    out = {}
    for name, response in (("dateline", ours), ("lemma", base)):
        s = pairwise(key, response, group=_doc_of)
        out[name] = {"mt_pair_p": s["p"], "mt_pair_r": s["r"], "mt_pair_f1": s["f1"]}
    return out


def read_timelines(folder: Path) -> list[tuple[str, list[tuple[str, int, str]]]]:
    """Gold timeline events: (gold date, [(doc id, sentence, word)]) from every timeline file."""
    events = []
    for path in sorted(folder.glob("corpus_*/*.txt")):
        if path.name.startswith("list_target"):
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            if len(cols) < 3:
                continue
            mentions = []
            for m in cols[2:]:
                doc, sent, word = m.split("-", 2)
                mentions.append((doc, int(sent), word))
            events.append((cols[1], mentions))
    return events


def timeline_spans(events, docs: dict[str, GoldDoc]) -> dict[str, dict[tuple[int, str], tuple[int, int]]]:
    """(sentence, word) of each timeline mention -> its character span in the document."""
    out: dict[str, dict[tuple[int, str], tuple[int, int]]] = defaultdict(dict)
    for _, mentions in events:
        for doc_id, sent, word in mentions:
            doc = docs.get(doc_id)
            if doc is None:
                continue
            hit = next(
                ((s, e) for (n, _), (s, e, w) in sorted(doc.tokens.items()) if n == sent and w == word),
                None,
            )
            if hit is not None:
                out[doc_id][(sent, word)] = hit
    return out


def _matches(gold: str, predicted: str | None) -> bool:
    parts = gold.split("-")
    known = [p for p in parts if "X" not in p]
    if not predicted or not known:
        return False
    want = "-".join(known)
    return predicted.startswith(want) and len(predicted) >= len(want)


def _anchor(dates: list[tuple[str | None, str]]) -> str | None:
    """The most precise date among the mentions' dates, the most frequent of those."""
    known = [d for d, _ in dates if d]
    if not known:
        return None
    best = max(len(d) for d in known)
    counts = Counter(d for d in known if len(d) == best)
    return sorted(counts, key=lambda d: (-counts[d], d))[0]


def score_timeline(events, by_id: dict[str, Analyzed]) -> dict[str, dict]:
    """Date-anchor accuracy of dateline and of the publication-date baseline."""
    ours = base = total = 0
    for gold_date, mentions in events:
        if gold_date.startswith("XXXX"):
            continue
        dates, first_published = [], None
        for doc_id, sent, word in mentions:
            a = by_id.get(doc_id)
            if a is None:
                continue
            first_published = first_published or a.doc.published
            m = a.by_key().get(a.timeline.get((sent, word), ""))
            if m is not None:
                dates.append((m.date or m.published, m.precision))
        if not dates and first_published is None:
            continue
        total += 1
        ours += _matches(gold_date, _anchor(dates))
        base += _matches(gold_date, first_published)
    return {
        "dateline": {"tl_anchor_accuracy": round(ours / total, 4) if total else 0.0},
        "lemma": {"tl_anchor_accuracy": round(base / total, 4) if total else 0.0},
    }


def evaluate(
    corpora: Path,
    split: str = "dev",
    limit: int | None = None,
    nlp=None,
    model: str | None = None,
) -> dict:
    """Scores per system: {"dateline": {...}, "lemma": {...}} (see the module docstring)."""
    if nlp is None:
        from dateline.nlp import load_model

        nlp = load_model(model)
    results: dict[str, dict] = {"dateline": {}, "lemma": {}}

    def merge(part: dict) -> None:
        for system, scores in part.items():
            results.setdefault(system, {}).update(scores)

    ecb = read_ecbplus(gold_path(corpora / "ecbplus" / split), split, limit)
    merge(score_ecbplus(analyze_docs(ecb, nlp)))

    meantime = read_meantime(gold_path(corpora / "meantime" / split), limit)
    events = read_timelines(gold_path(corpora / "semeval2015-timeline" / split))
    spans = timeline_spans(events, {d.id.split("_", 1)[0]: d for d in meantime})
    extra = {d.id: list(spans.get(d.id.split("_", 1)[0], {}).values()) for d in meantime}
    analyzed = analyze_docs(meantime, nlp, extra)
    merge(score_meantime(analyzed))
    if events:
        by_id = {}
        for a in analyzed:
            short = a.doc.id.split("_", 1)[0]
            a.timeline = {sw: f"{a.doc.id}:{s}-{e}" for sw, (s, e) in spans.get(short, {}).items()}
            by_id[short] = a
        merge(score_timeline(events, by_id))
    merge(_story_gold(split, model))
    return results


#: Metrics of the story gold kept in this repository (``eval/gold/stories/<split>``): a split
#: other than dev is scored on it only where that folder exists, and not held to its floors
#: where it does not.
DEV_ONLY = ("story_",)


def _story_gold(split: str, model: str | None = None) -> dict:
    """The story gold set's scores, when the stories evaluation exists and the repository holds
    story gold for ``split``."""
    import importlib.util

    if importlib.util.find_spec("dateline.evaluation.stories") is None:
        return {}
    from dateline.evaluation import stories  # type: ignore[attr-defined]

    if not stories.has_split(split):
        return {}  # the repo's story gold has no such split folder: its floors say so
    # its own analysis pipeline of the same model: the bare ``nlp`` of the caller stays bare
    scores = stories.score_story_gold(split, model=model)
    if scores and all(isinstance(v, dict) for v in scores.values()):
        return scores
    return {"dateline": scores or {}}

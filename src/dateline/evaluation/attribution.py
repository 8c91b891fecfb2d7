"""Score attribution on PolNeAR and on the hand-annotated demo gold, next to textacy.

Metrics (per gold corpus, prefixed ``polnear_`` / ``demo_``):

- ``quote_exact_f1``: a predicted quote equals a gold content span (or one fragment of a
  discontinuous one) after trimming quotation marks, a leading *that* and end punctuation;
- ``quote_overlap_f1``: a predicted quote shares words with a gold content span;
- ``speaker_acc``: among overlap-matched quotes whose gold has a source, the predicted speaker
  span overlaps the gold source (demo also: ``speaker_name_acc``, the canonical name);
- ``cue_f1``: predicted cue spans overlapping gold cue spans;
- ``attributed_quote_f1``: overlap F1 counting only quotes with the right speaker span;
- ``direct_speaker_acc`` (PolNeAR): ``speaker_acc`` on gold contents that open with a mark.

The baseline is textacy's ``direct_quotations`` on the same parsed documents.

>>> _normalize(' “that he would win,” ')
'he would win'
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

Spans = list[tuple[int, int]]
_WORD = re.compile(r"\w")
_QUOTES = "\"“”„«»‘’'"


@dataclass
class GoldAttribution:
    content: Spans
    cue: Spans = field(default_factory=list)
    source: Spans = field(default_factory=list)
    speaker_name: str | None = None


@dataclass
class Prediction:
    content: tuple[int, int]
    cue: tuple[int, int] | None
    speaker: tuple[int, int] | None
    speaker_name: str | None = None


@dataclass
class GoldDoc:
    id: str
    text: str
    attributions: list[GoldAttribution]
    outlet: str | None = None
    non_comments: list[tuple[int, int, str]] = field(default_factory=list)


# --- reading gold ---------------------------------------------------------------------------


def _spans(field_text: str) -> Spans:
    return [tuple(int(x) for x in part.split()) for part in field_text.split(";")]  # type: ignore[misc]


def read_ann(text: str) -> list[GoldAttribution]:
    """Attributions of one brat standoff file (content, cue, source; discontinuous spans).

    >>> ann = "T1\\tSource 0 2\\tHe\\nT2\\tCue 3 7\\tsaid\\nT3\\tContent 8 10\\tno\\n"
    >>> ann += "E1\\tAttribution:T2 Content:T3 Cue:T2 Source:T1\\n"
    >>> read_ann(ann)[0].source
    [(0, 2)]
    """
    spans: dict[str, Spans] = {}
    events = []
    for line in text.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            _, _, offsets = parts[1].partition(" ")
            spans[parts[0]] = _spans(offsets)
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg))
    result = []
    for args in events:
        content = spans.get(args.get("Content", ""), [])
        if content:
            result.append(
                GoldAttribution(
                    content=content,
                    cue=spans.get(args.get("Cue", ""), []),
                    source=spans.get(args.get("Source", ""), []),
                )
            )
    return result


def read_polnear(corpora: Path, split: str, limit: int | None = None) -> list[GoldDoc]:
    """PolNeAR documents of ``split`` (``polnear/<split>/text/*.txt`` with
    ``polnear/<split>/attributions/<name>_*.ann``), the first annotator's file of each."""
    from dateline.evaluation import gold_files, gold_path

    base = gold_path(corpora / "polnear" / split)
    docs = []
    for path in gold_files(gold_path(base / "text"), "*.txt", limit):
        anns = sorted((base / "attributions").glob(f"{path.stem}_*.ann"))
        if not anns:
            continue
        gold = read_ann(anns[0].read_text(encoding="utf-8"))
        docs.append(GoldDoc(path.stem, path.read_text(encoding="utf-8"), gold))
    return docs


def demo_gold_file() -> Path:
    for base in (Path.cwd(), Path(__file__).resolve().parents[3]):
        candidate = base / "eval" / "gold" / "attribution_demo.jsonl"
        if candidate.is_file():
            return candidate
    return Path("eval/gold/attribution_demo.jsonl")


def read_demo_gold(path: Path | None = None) -> list[GoldDoc]:
    """The hand-annotated demo gold: one JSON object per line (see ``eval/gold/README.md``)."""
    path = path or demo_gold_file()
    docs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        obj = json.loads(line)
        attributions = [
            GoldAttribution(
                content=[(q["start"], q["end"])],
                cue=[(q["cue_start"], q["cue_end"])] if q.get("cue_start") is not None else [],
                source=[(q["speaker_start"], q["speaker_end"])]
                if q.get("speaker_start") is not None
                else [],
                speaker_name=q.get("speaker"),
            )
            for q in obj["quotes"]
        ]
        non_comments = [(n["start"], n["end"], n["kind"]) for n in obj.get("non_comments", [])]
        docs.append(GoldDoc(obj["id"], obj["text"], attributions, obj.get("outlet"), non_comments))
    return docs


# --- systems --------------------------------------------------------------------------------


def load_pipeline(model: str | None = None):  # -> spacy.Language
    """The model dateline analyzes with (paragraph breaks set before the parser): ``model``,
    else the default :func:`dateline.nlp.model.pick_model` chooses."""
    from dateline.nlp import load_model

    return load_model(model)


def _entities(doc) -> list:
    from dateline.nlp.entities import extract_entities

    return extract_entities(doc)


def dateline_predictions(doc, outlet: str | None = None) -> tuple[list[Prediction], list]:
    from dateline.attribution import extract_attributions
    from dateline.records import Article

    article = Article(id="eval", text=doc.text, outlet=outlet)
    result = extract_attributions(doc, _entities(doc), article)
    quotes = [
        Prediction(
            (q.start, q.end),
            (q.cue_start, q.cue_end) if q.cue_start is not None else None,
            (q.speaker.start, q.speaker.end) if q.speaker else None,
            q.speaker.name if q.speaker else None,
        )
        for q in result.quotes
    ]
    return quotes, [(n.start, n.end, n.kind) for n in result.non_comments]


def textacy_predictions(doc, outlet: str | None = None) -> tuple[list[Prediction], list]:
    from textacy.extract.triples import direct_quotations

    found = []
    try:
        triples = list(direct_quotations(doc))
    except (ValueError, IndexError, KeyError):
        return [], []  # textacy gives up on the whole document
    for triple in triples:
        content = triple.content
        speaker = _token_span(triple.speaker)
        found.append(
            Prediction(
                (content.start_char, content.end_char),
                _token_span(triple.cue),
                speaker,
                doc.text[speaker[0] : speaker[1]] if speaker else None,
            )
        )
    return found, []  # textacy has no notion of non-comments


def _token_span(tokens) -> tuple[int, int] | None:
    tokens = list(tokens)
    if not tokens:
        return None
    return min(t.idx for t in tokens), max(t.idx + len(t) for t in tokens)


SYSTEMS: dict[str, Callable] = {"dateline": dateline_predictions, "textacy": textacy_predictions}


def available_systems() -> dict[str, Callable]:
    """The systems to run: textacy only where it is installed (``pip install textacy``)."""
    import importlib.util

    if importlib.util.find_spec("textacy") is None:
        return {"dateline": dateline_predictions}
    return dict(SYSTEMS)


# --- scoring --------------------------------------------------------------------------------


def _normalize(text: str) -> str:
    text = text.strip().strip(_QUOTES + " \n").strip()
    if text.lower().startswith("that "):
        text = text[5:]
    text = text.rstrip(" .,;:!?…—–-\n" + _QUOTES).lstrip(_QUOTES + " ")
    return " ".join(text.split())


def _word_overlap(text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    start, end = max(a[0], b[0]), min(a[1], b[1])
    return end > start and bool(_WORD.search(text[start:end]))


def _f1(p_hit: int, p_all: int, g_hit: int, g_all: int) -> float:
    precision = p_hit / p_all if p_all else 0.0
    recall = g_hit / g_all if g_all else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass
class _Counts:
    pred: int = 0
    gold: int = 0
    exact_p: int = 0
    exact_g: int = 0
    overlap_p: int = 0
    overlap_g: int = 0
    speaker_n: int = 0
    speaker_ok: int = 0
    direct_n: int = 0
    direct_ok: int = 0
    attributed_p: int = 0
    attributed_g: int = 0
    name_n: int = 0
    name_ok: int = 0
    nc_pred: int = 0
    nc_gold: int = 0
    nc_p: int = 0
    nc_g: int = 0
    cue_pred: int = 0
    cue_gold: int = 0
    cue_p: int = 0
    cue_g: int = 0

    def add_non_comments(self, gold: list, pred: list) -> None:
        def same(a, b) -> bool:
            return a[2] == b[2] and a[0] < b[1] and b[0] < a[1]

        self.nc_pred += len(pred)
        self.nc_gold += len(gold)
        self.nc_p += sum(any(same(p, g) for g in gold) for p in pred)
        self.nc_g += sum(any(same(p, g) for p in pred) for g in gold)

    def add(self, text: str, gold: list[GoldAttribution], pred: list[Prediction]) -> None:
        self.pred += len(pred)
        self.gold += len(gold)
        norm = {i: {_normalize(text[s:e]) for s, e in g.content} for i, g in enumerate(gold)}
        for i, g in enumerate(gold):
            whole = (g.content[0][0], g.content[-1][1])
            norm[i].add(_normalize(text[whole[0] : whole[1]]))
        exact_hit, overlap_hit, attributed_hit = set(), set(), set()
        for p in pred:
            p_norm = _normalize(text[p.content[0] : p.content[1]])
            exact = [i for i in norm if p_norm and p_norm in norm[i]]
            over = [
                i
                for i, g in enumerate(gold)
                if any(_word_overlap(text, p.content, c) for c in g.content)
            ]
            self.exact_p += bool(exact)
            self.overlap_p += bool(over)
            exact_hit.update(exact)
            overlap_hit.update(over)
            sourced = [i for i in over if gold[i].source]
            if sourced:
                self.speaker_n += 1
                g = gold[sourced[0]]
                right = [
                    i
                    for i in sourced
                    if p.speaker and any(_word_overlap(text, p.speaker, s) for s in gold[i].source)
                ]
                self.speaker_ok += bool(right)
                self.attributed_p += bool(right)
                attributed_hit.update(right)
                if text[g.content[0][0] : g.content[0][0] + 2].lstrip()[:1] in _QUOTES:
                    self.direct_n += 1
                    self.direct_ok += bool(right)
            named = [i for i in over if gold[i].speaker_name]
            if named:
                self.name_n += 1
                wanted = gold[named[0]].speaker_name or ""
                self.name_ok += bool(p.speaker_name and p.speaker_name.lower() == wanted.lower())
        self.attributed_g += len(attributed_hit)
        self.exact_g += len(exact_hit)
        self.overlap_g += len(overlap_hit)
        gold_cues = {c for g in gold for c in g.cue}
        pred_cues = {p.cue for p in pred if p.cue}
        self.cue_pred += len(pred_cues)
        self.cue_gold += len(gold_cues)
        self.cue_p += sum(any(_word_overlap(text, p, g) for g in gold_cues) for p in pred_cues)
        self.cue_g += sum(any(_word_overlap(text, p, g) for p in pred_cues) for g in gold_cues)

    def scores(self, prefix: str, names: bool) -> dict[str, float]:
        out = {
            f"{prefix}_quote_exact_f1": _f1(self.exact_p, self.pred, self.exact_g, self.gold),
            f"{prefix}_quote_overlap_f1": _f1(self.overlap_p, self.pred, self.overlap_g, self.gold),
            f"{prefix}_speaker_acc": self.speaker_ok / self.speaker_n if self.speaker_n else 0.0,
            f"{prefix}_cue_f1": _f1(self.cue_p, self.cue_pred, self.cue_g, self.cue_gold),
            f"{prefix}_attributed_quote_f1": _f1(
                self.attributed_p, self.pred, self.attributed_g, self.gold
            ),
        }
        if not names:
            out[f"{prefix}_direct_speaker_acc"] = (
                self.direct_ok / self.direct_n if self.direct_n else 0.0
            )
        if names:
            out[f"{prefix}_speaker_name_acc"] = self.name_ok / self.name_n if self.name_n else 0.0
            out[f"{prefix}_non_comment_f1"] = _f1(self.nc_p, self.nc_pred, self.nc_g, self.nc_gold)
        return out


def _score(nlp, docs: list[GoldDoc], prefix: str, names: bool = False) -> dict[str, dict]:
    systems = available_systems()
    counts = {name: _Counts() for name in systems}
    parsed = nlp.pipe((d.text for d in docs), batch_size=16)
    for gold_doc, doc in zip(docs, parsed, strict=True):
        for name, system in systems.items():
            quotes, non_comments = system(doc, gold_doc.outlet)
            counts[name].add(doc.text, gold_doc.attributions, quotes)
            counts[name].add_non_comments(gold_doc.non_comments, non_comments)
    return {name: c.scores(prefix, names) for name, c in counts.items()}


#: Metrics of the demo gold in this repository: development data, measured on dev only.
DEV_ONLY = ("demo_",)


def evaluate(
    corpora: Path, split: str = "dev", limit: int | None = None, model: str | None = None
) -> dict:
    """Scores of dateline and textacy on PolNeAR ``split``, and on dev also on the demo gold
    (``eval/gold/attribution_demo.jsonl``, development data kept in the repository).

    >>> scores = evaluate(corpora_dir(), "dev", limit=5)  # doctest: +SKIP
    >>> sorted(scores)  # doctest: +SKIP
    ['dateline', 'textacy']
    """
    nlp = load_pipeline(model)
    scores: dict[str, dict[str, float]] = {name: {} for name in available_systems()}
    parts: Iterator[tuple[str, list[GoldDoc], bool]] = iter(
        [
            ("polnear", read_polnear(corpora, split, limit), False),
            (
                "demo",
                read_demo_gold() if split == "dev" and demo_gold_file().is_file() else [],
                True,
            ),
        ]
    )
    for prefix, docs, names in parts:
        if not docs:
            continue
        for name, values in _score(nlp, docs, prefix, names).items():
            scores[name].update(values)
    return scores

"""Evaluate time extraction on TimeBank (TimeML, TempEval-3 "TBAQ-cleaned"), with a baseline.

Scores, TempEval-3 style: extent P/R/F1 strict (same offsets) and relaxed (overlap, one to
one); type accuracy and value accuracy over the relaxed matches; value F1 (a system timex
counts when it overlaps a gold one and has its exact TIMEX3 value). Every document is
normalized against its own DCT.

Split: ``--split NAME`` scores the TimeML files in ``timebank/NAME/``; dev is TimeBank's 183
documents, found as ``timebank/dev/`` or in the release's own folder ``timebank/TimeBank/``.
A held-out split (e.g. the AQUAINT part) is laid out the same way: ``timebank/test/*.tml``.

Baselines, printed in the same run:

- "spacy+dateparser": spaCy's DATE/TIME entities as extents, each normalized by dateparser
  (``DateDataParser.get_date_data`` with ``RELATIVE_BASE`` = DCT), the value written at the
  granularity dateparser reports (day, week, month, year, time); the type is the entity label.
  It shares the spaCy run with dateline.
- "dateparser.search": dateparser alone, ``dateparser.search.search_dates`` over the text with
  ``RELATIVE_BASE`` = DCT; each hit is located in order in the text; its granularity (year,
  month, day or time) and type (TIME when a clock time is named, else DATE) are guessed from
  its words, as search_dates reports none.

    dateline eval time [--limit N]
"""

from __future__ import annotations

import re
import time as clock
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path


@dataclass(frozen=True)
class Mention:
    """A time expression in a document: character offsets, TIMEX3 type and value."""

    start: int
    end: int
    type: str
    value: str | None


@dataclass
class Document:
    name: str
    text: str
    dct: date
    timexes: list[Mention] = field(default_factory=list)


def read_timeml(path: Path) -> Document:
    """Text, DCT and TIMEX3 annotations (character offsets into the TEXT element) of one file."""
    root = ET.parse(path).getroot()
    dct_value = root.find("DCT/TIMEX3").get("value")  # type: ignore[union-attr]
    doc = Document(path.stem, "", date.fromisoformat(dct_value[:10]))  # type: ignore[index]
    parts: list[str] = []

    def walk(node: ET.Element) -> None:
        parts.append(node.text or "")
        for child in node:
            start = sum(map(len, parts))
            walk(child)
            if child.tag == "TIMEX3":
                end = sum(map(len, parts))
                doc.timexes.append(Mention(start, end, child.get("type", ""), child.get("value")))
            parts.append(child.tail or "")

    walk(root.find("TEXT"))  # type: ignore[arg-type]
    doc.text = "".join(parts)
    return doc


def timebank_files(corpora: Path, split: str = "dev", limit: int | None = None) -> list[Path]:
    """The TimeML files of ``split``: ``timebank/<split>/*.tml`` (dev: also ``TimeBank/``)."""
    from dateline.evaluation import gold_files, split_dir

    return gold_files(split_dir(corpora, "timebank", split, dev_name="TimeBank"), "*.tml", limit)


def load_timebank(corpora: Path, limit: int | None = None, split: str = "dev") -> list[Document]:
    return [read_timeml(f) for f in timebank_files(corpora, split, limit)]


# --- scoring --------------------------------------------------------------------------------


@dataclass
class Counts:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0

    def add(self, gold: list[Mention], system: list[Mention]) -> None:
        self.gold += len(gold)
        self.system += len(system)
        gold_spans = {(g.start, g.end) for g in gold}
        self.strict += sum((s.start, s.end) in gold_spans for s in system)
        used: set[int] = set()
        for s in system:
            for i, g in enumerate(gold):
                if i not in used and s.start < g.end and g.start < s.end:
                    used.add(i)
                    self.relaxed += 1
                    self.type_ok += s.type == g.type
                    self.value_ok += s.value is not None and s.value == g.value
                    break

    def scores(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for name, hits in (("strict", self.strict), ("relaxed", self.relaxed)):
            out.update(_prf(f"extent_{name}", hits, self.system, self.gold))
        out["type_accuracy"] = self.type_ok / self.relaxed if self.relaxed else 0.0
        out["value_accuracy"] = self.value_ok / self.relaxed if self.relaxed else 0.0
        out.update(_prf("value", self.value_ok, self.system, self.gold))
        out["type_f1"] = _prf("t", self.type_ok, self.system, self.gold)["t_f1"]
        return out


def _prf(prefix: str, hits: int, system: int, gold: int) -> dict[str, float]:
    p = hits / system if system else 0.0
    r = hits / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {f"{prefix}_precision": p, f"{prefix}_recall": r, f"{prefix}_f1": f}


# --- systems ----------------------------------------------------------------------------------


def dateline_timexes(doc, dct: date) -> list[Mention]:  # doc: spacy Doc
    from dateline.time import extract_times

    times, _ = extract_times(doc, dct)
    return [Mention(t.start, t.end, t.type, t.value) for t in times]


def baseline_timexes(doc, dct: date, parser) -> list[Mention]:
    """spaCy DATE/TIME entities, normalized by ``parser`` (a DateDataParser based on the DCT)."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        data = parser.get_date_data(ent.text, date_formats=None)
        value = _format(data.date_obj, data.period) if data and data.date_obj else None
        out.append(Mention(ent.start_char, ent.end_char, ent.label_, value))
    return out


def search_timexes(text: str, dct: date) -> list[Mention]:
    """dateparser alone: ``search_dates`` hits, located in order in ``text``."""
    from dateparser.search import search_dates

    base = datetime(dct.year, dct.month, dct.day)
    hits = search_dates(text, languages=["en"], settings={"RELATIVE_BASE": base}) or []
    out, cursor = [], 0
    for phrase, moment in hits:
        start = text.find(phrase, cursor)
        if start < 0:
            continue
        cursor = start + len(phrase)
        period = _guess_period(phrase)
        kind = "TIME" if period == "time" else "DATE"
        out.append(Mention(start, cursor, kind, _format(moment, period)))
    return out


def _guess_period(phrase: str) -> str:
    from dateline.time.lexicon import MONTH, WEEKDAY

    if re.search(r"\d:\d\d|[ap]\.?m\b|\bnoon\b|\bmidnight\b", phrase, re.IGNORECASE):
        return "time"
    has_month = re.search(MONTH, phrase)
    if re.search(rf"{WEEKDAY}|today|yesterday|tomorrow|\bdays?\b", phrase, re.IGNORECASE):
        return "day"
    if has_month and re.search(r"\b\d{1,2}(?:st|nd|rd|th)?\b", phrase):
        return "day"
    if has_month or re.search(r"\bmonths?\b", phrase, re.IGNORECASE):
        return "month"
    if re.search(r"\bweeks?\b", phrase, re.IGNORECASE):
        return "week"
    if re.search(r"\b\d{4}\b|\byears?\b", phrase, re.IGNORECASE):
        return "year"
    return "day"


def _format(moment: datetime, period: str | None) -> str:
    if period == "year":
        return f"{moment.year:04d}"
    if period == "month":
        return f"{moment.year:04d}-{moment.month:02d}"
    if period == "week":
        year, week, _ = moment.isocalendar()
        return f"{year}-W{week:02d}"
    if period == "time":
        return moment.strftime("%Y-%m-%dT%H:%M")
    return moment.date().isoformat()


def evaluate(
    corpora: Path, split: str = "dev", limit: int | None = None, model: str | None = None
) -> dict:
    """Score dateline and two dateparser baselines on the TimeBank files of ``split``.

    >>> scores = evaluate(corpora_dir(), limit=2)  # doctest: +SKIP
    >>> sorted(scores)  # doctest: +SKIP
    ['dateline', 'dateparser.search', 'spacy+dateparser']
    """
    from dateparser.date import DateDataParser

    from dateline.nlp import load_model

    nlp = load_model(model)
    docs = load_timebank(corpora, limit, split)
    ours, base, search = Counts(), Counts(), Counts()
    spent = {"dateline": 0.0, "spacy+dateparser": 0.0, "dateparser.search": 0.0}
    parsers: dict[date, DateDataParser] = {}
    for gold, doc in zip(docs, nlp.pipe(d.text for d in docs), strict=True):
        t0 = clock.perf_counter()
        ours.add(gold.timexes, dateline_timexes(doc, gold.dct))
        t1 = clock.perf_counter()
        parser = parsers.setdefault(gold.dct, _parser(gold.dct))
        base.add(gold.timexes, baseline_timexes(doc, gold.dct, parser))
        spent["dateline"] += t1 - t0
        t2 = clock.perf_counter()
        search.add(gold.timexes, search_timexes(gold.text, gold.dct))
        spent["spacy+dateparser"] += t2 - t1
        spent["dateparser.search"] += clock.perf_counter() - t2
    result = {
        "dateline": ours.scores(),
        "spacy+dateparser": base.scores(),
        "dateparser.search": search.scores(),
    }
    for name, seconds in spent.items():
        result[name]["seconds_after_spacy"] = seconds
    result["dateline"]["documents"] = float(len(docs))
    result["dateline"]["gold_timexes"] = float(ours.gold)
    return result


def _parser(dct: date):
    from dateparser.date import DateDataParser

    base = datetime(dct.year, dct.month, dct.day)
    return DateDataParser(languages=["en"], settings={"RELATIVE_BASE": base})

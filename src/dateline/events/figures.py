"""Contested figures: counts of casualties, troops, displaced people, money and the like.

For each number that counts something (it modifies a noun, or it is money or a percentage) we
record its value, its bounds ("as many as" / "up to" -> max, "at least" / "more than" -> min,
ranges -> both), the unit, what it counts (``about``: the counted noun and the verb that says
what happened to it, "troops lost"), who asserts it (the speaker of the quote holding it, the
"according to" source, or the subject of the reporting verb above it: "Western reports suggest
...") and who disputes it (a later clause in the same or next sentence that denies it or says
the number is lower or higher: "although Moscow insists the number is far lower"). Asserters
and disputers are :class:`~dateline.records.Source` refs: the name, the entity it resolves to
and the quote that carries it.

>>> parse_number("15,000"), parse_number("1.5 million"), parse_number("twelve")
(15000.0, 1500000.0, 12.0)
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from dateline.events.factuality import quote_denies, quotes_covering
from dateline.nlp.index import lowers_of, sentence_of
from dateline.nlp.reporting import reporting_verbs
from dateline.records import Entity, Figure, Quote, Source, Time

_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "a": 1, "an": 1, "dozen": 12,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
           "mln": 1e6, "bln": 1e9, "m": 1e6, "bn": 1e9, "k": 1e3}  # fmt: skip
#: vague plurals: "hundreds of people" -> at least 200
_VAGUE = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "millions": 2e6,
          "tens": 20, "billions": 2e9}  # fmt: skip
_CURRENCY = {"$": "USD", "us$": "USD", "dollar": "USD", "dollars": "USD", "€": "EUR",
             "euro": "EUR", "euros": "EUR", "£": "GBP", "pound": "GBP", "pounds": "GBP",
             "rupee": "INR", "rupees": "INR", "yuan": "CNY", "rouble": "RUB", "roubles": "RUB",
             "ruble": "RUB", "rubles": "RUB", "hryvnia": "UAH", "yen": "JPY"}  # fmt: skip
_MAX = [("as", "many", "as"), ("as", "much", "as"), ("up", "to"), ("at", "most"),
        ("no", "more", "than"), ("fewer", "than"), ("less", "than"), ("under",), ("nearly",),
        ("almost",), ("close", "to"), ("not", "more", "than"), ("below",)]  # fmt: skip
_MIN = [("at", "least"), ("more", "than"), ("over",), ("upwards", "of"), ("in", "excess", "of"),
        ("no", "fewer", "than"), ("no", "less", "than"), ("above",), ("exceeding",),
        ("at", "minimum")]  # fmt: skip
_DISPUTE_WORDS = {"lower", "higher", "smaller", "larger", "fewer", "exaggerated", "inflated",
                  "overstated", "understated", "false", "untrue", "wrong", "propaganda",
                  "fabricated", "inaccurate"}  # fmt: skip
_DEFINITE = {"the", "these", "those", "its", "their", "his", "her", "our", "both", "all"}
_NUMBER_RE = re.compile(r"^[$€£]?\d[\d,]*(\.\d+)?[kKmM]?$")


def parse_number(text: str) -> float | None:
    """The value of a number written in digits and/or words; None when it is not one.

    >>> parse_number("two dozen"), parse_number("$3bn"), parse_number("several")
    (24.0, 3000000000.0, None)
    """
    text = text.lower().replace("$", "").replace("€", "").replace("£", "").strip()
    text = re.sub(r"(\d)(bn|m|k|mln|bln)\b", r"\1 \2", text)
    total, current, seen = 0.0, 0.0, False
    for word in re.split(r"[\s-]+", text):
        if not word:
            continue
        if re.fullmatch(r"\d[\d,]*(\.\d+)?", word):
            current += float(word.replace(",", ""))
            seen = True
        elif word in _WORDS:
            current = (current or 0) + _WORDS[word] if word != "dozen" else (current or 1) * 12
            seen = True
        elif word in _SCALES and seen:
            current = (current or 1) * _SCALES[word]
            if _SCALES[word] >= 1e3:
                total, current = total + current, 0.0
        elif word == "and":
            continue
        else:
            return None
    return total + current if seen else None


def _is_number(token: Token) -> bool:
    low = token.lower_
    if low in {"a", "an", "one"} and token.pos_ != "NUM":
        return False
    return (
        bool(_NUMBER_RE.match(token.text))
        or low in _WORDS
        or (low in _SCALES and token.i > 0 and _is_number(token.doc[token.i - 1]))
        or token.pos_ == "NUM"
        and parse_number(token.text) is not None
    )


def _number_runs(doc: Doc) -> list[Span]:
    runs, i = [], 0
    while i < len(doc):
        if _is_number(doc[i]) or doc[i].lower_ in _VAGUE:
            j = i + 1
            while j < len(doc) and (_is_number(doc[j]) or doc[j].lower_ in _SCALES):
                j += 1
            runs.append(doc[i:j])
            i = j
        else:
            i += 1
    return runs


def _preceded_by(doc: Doc, start: int, phrases: list[tuple[str, ...]]) -> int:
    """Token count of the bound phrase right before ``start`` (0 when none)."""
    words = lowers_of(doc)
    for phrase in phrases:
        n = len(phrase)
        if start - n >= 0 and tuple(words[start - n : start]) == phrase:
            return n
    return 0


def _counted(run: Span) -> Token | None:
    """The noun the number counts: its head ("15,000 troops") or an ``of`` object."""
    last = run[-1]
    doc = run.doc
    if (
        last.i + 2 < len(doc)
        and doc[last.i + 1].lower_ == "of"
        and doc[last.i + 2].pos_
        in {
            "NOUN",
            "PROPN",
            "ADJ",
        }
    ):
        nxt = doc[last.i + 2]
        return nxt if nxt.pos_ == "NOUN" else nxt.head
    head = last.head if last.dep_ in {"nummod", "quantmod", "compound", "amod"} else None
    if head is None:
        for t in run:
            if t.head.i not in range(run.start, run.end) and t.head.pos_ == "NOUN":
                head = t.head
    if head is not None and head.pos_ == "NOUN" and head.i > last.i:
        return head
    return None


def _elliptic_verb(run: Span) -> Token | None:
    """The verb a bare number is the subject of ("up to 200 injured")."""
    for t in run:
        if t.dep_ in {"nsubj", "nsubjpass"} and t.head.pos_ == "VERB":
            return t.head
        # "killed and up to 40 injured": the participle hangs on the number
        for c in t.rights:
            if c.dep_ == "acl" and c.tag_ == "VBN":
                return c
    head = run.root.head
    return head if head.pos_ == "VERB" and head.tag_ == "VBN" and head.i > run.end - 1 else None


def _unit(run: Span, noun: Token | None) -> str | None:
    doc = run.doc
    before = doc[run.start - 1].lower_ if run.start > 0 else ""
    for word in (run[0].lower_[:1], before, noun.lower_ if noun is not None else ""):
        if word in _CURRENCY:
            return _CURRENCY[word]
    if run.end < len(doc) and doc[run.end].lower_ in {"percent", "%", "per"}:
        return "percent"
    if noun is not None:
        return noun.lower_
    return None


def _about(noun: Token | None) -> str | None:
    if noun is None:
        return None
    mods = [c for c in noun.lefts if c.dep_ in {"amod", "compound"} and c.pos_ != "NUM"]
    phrase = " ".join(t.text for t in [*mods, noun])
    verb = _happening(noun)
    return f"{phrase} {verb.text}" if verb is not None else phrase


def _happening(noun: Token) -> Token | None:
    """The verb that says what happened to the counted noun ("people were *killed*")."""
    verb = noun.head if noun.dep_ != "ROOT" else None
    while verb is not None and verb.pos_ not in {"VERB"} and verb.dep_ != "ROOT":
        verb = verb.head if verb.head.i != verb.i else None
    if verb is not None and verb.pos_ == "VERB" and verb.lemma_ not in reporting_verbs("figure_source"):
        return verb
    return None


#: Verbs that count the same happening: "5 people were killed" and "23 had died" are two
#: counts of the dead.
_SAME_HAPPENING = [
    frozenset("kill die perish dead death lose murder slay".split()),
    frozenset("injure wound hurt".split()),
    frozenset("displace flee evacuate".split()),
    frozenset("arrest detain hold".split()),
]


def _same_happening(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a == b
    return a == b or any(a in group and b in group for group in _SAME_HAPPENING)


def _bounds(figure: Figure) -> tuple[float, float]:
    """The values a figure allows: "at least 23" -> (23, inf), "up to 40" -> (0, 40)."""
    if figure.min is None and figure.max is None and figure.value is not None:
        return figure.value, figure.value
    low = figure.min if figure.min is not None else 0.0
    high = figure.max if figure.max is not None else float("inf")
    return low, high


def _counter_claims(found: list[tuple[Figure, int, str | None]]) -> None:
    """Two counts of the same thing by two sources, close together and incompatible, dispute
    each other: "the ministry said 5 people were killed, while the commission said at least
    23 had died" -- each source is the other figure's disputer."""
    for i, (a, a_sent, a_verb) in enumerate(found):
        for b, b_sent, b_verb in found[i + 1 :]:
            if b_sent - a_sent > 1 or a.unit != b.unit or not _same_happening(a_verb, b_verb):
                continue
            a_names = {s.name for s in a.asserted_by}
            b_names = {s.name for s in b.asserted_by}
            if not a_names or not b_names or a_names & b_names:
                continue
            (a_low, a_high), (b_low, b_high) = _bounds(a), _bounds(b)
            if a_low <= b_high and b_low <= a_high:
                continue  # "at least 5" and "23" can both be true
            for figure, others in ((a, b.asserted_by), (b, a.asserted_by)):
                for source in others:
                    if all(source.name != d.name for d in figure.disputed_by):
                        figure.disputed_by.append(source)


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _subject_phrase(verb: Token) -> Span | None:
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    for c in sorted(subjects, key=lambda c: abs(c.i - verb.i)):  # nearest first
        if c.pos_ != "PRON":
            left = [t for t in c.subtree if t.i <= c.i]
            return verb.doc[left[0].i : c.i + 1]
    return None


def _modifier_phrase(token: Token) -> Span | None:
    """A name that the parser hung on a verb mis-tagged as a noun ("the Kremlin *rejects*")."""
    names = [c for c in token.lefts if c.dep_ in {"compound", "nmod", "poss"}]
    if not names:
        return None
    first = min(t.i for n in names for t in n.subtree)
    last = max(n.i for n in names)
    return token.doc[first : last + 1]


def _according_to(sent: Span) -> Span | None:
    for t in sent:
        if t.lower_ == "according" and t.i + 2 < len(sent.doc) and t.nbor().lower_ == "to":
            obj = [c for c in t.nbor().children if c.dep_ == "pobj"]
            if obj:
                sub = list(obj[0].subtree)
                return sent.doc[sub[0].i : sub[-1].i + 1]
    return None


def _named(phrase: Span, entities: list[Entity]) -> Source:
    """A source named by a phrase of the text, with the entity whose mention holds its head."""
    head = phrase.root
    start, end = head.idx, head.idx + len(head)
    entity = next(
        (e.id for e in entities if any(s <= start and end <= t for s, t in e.mentions)), None
    )
    return Source(name=phrase.text, entity=entity)


def _innermost_speakers(
    start: int, end: int, quotes: list[Quote], denying: bool = False
) -> list[Source]:
    """Speakers of the quotes holding ``[start, end)``, innermost (shortest) quote first; only
    the quotes that deny (``denying``) or only those that do not."""
    covering = sorted(quotes_covering(start, end, quotes), key=lambda q: q.end - q.start)
    return [
        Source(name=q.speaker.name, entity=q.speaker.entity, quote=q.id)
        for q in covering
        if q.speaker and quote_denies(q) == denying
    ]


def _asserters(run: Span, quotes: list[Quote], entities: list[Entity]) -> list[Source]:
    start, end = run.start_char, run.end_char
    speakers = _innermost_speakers(start, end, quotes)
    if speakers:
        return speakers[:1]
    if source := _according_to(run.sent):
        return [_named(source, entities)]
    for verb in run[0].ancestors:
        if verb.lemma_.lower() in reporting_verbs("figure_source") and (subject := _subject_phrase(verb)):
            return [_named(subject, entities)]
        # a parenthetical source: "300 civilians have been killed, the UN said"
        for aside in verb.children:
            if (
                aside.dep_ == "parataxis"
                and aside.lemma_.lower() in reporting_verbs("figure_source")
                and (subject := _subject_phrase(aside))
            ):
                return [_named(subject, entities)]
    return []


_FIGURE_WORDS = {"number", "numbers", "figure", "figures", "toll", "count", "estimate",
                 "estimates", "tally", "it", "this", "that", "claim", "claims", "report",
                 "reports", "total", "casualties", "losses"}  # fmt: skip


def _refers_to_figure(verb: Token, unit: str | None) -> bool:
    """Whether the disputing clause is about the figure ("the number is far lower")."""
    words = {t.lower_ for t in verb.subtree if t.i != verb.i}
    if verb.dep_ in {"relcl", "acl"}:
        words.add(verb.head.lower_)  # "a figure Moscow disputes"
    return (
        bool(words & _FIGURE_WORDS)
        or (unit is not None and unit in words)
        or any(t.like_num for t in verb.subtree)
    )


def _disputers(
    run: Span,
    quotes: list[Quote],
    asserted: list[Source],
    unit: str | None = None,
    entities: list[Entity] | None = None,
) -> list[Source]:
    doc = run.doc
    sent = run.sent
    scope = list(doc[run.end : sent.end])
    if sent.end < len(doc):
        scope += list(doc[sent.end].sent)
    asserting = {a.name for a in asserted}
    # a quote that holds the figure and denies it ("... , a figure Moscow disputes")
    out = [s for s in _innermost_speakers(run.start_char, run.end_char, quotes, True)
           if s.name not in asserting]  # fmt: skip
    for t in scope:
        if t.like_num and t.i >= run.end:
            break  # a later figure: what follows disputes that one
        lemma = t.lemma_.lower()
        verb = None
        if lemma in reporting_verbs("figure_dispute"):
            verb = t
        elif t.lower_ in _DISPUTE_WORDS:
            verb = next((a for a in t.ancestors if a.lemma_.lower() in reporting_verbs("figure_source")), None)
        if verb is None or not _refers_to_figure(verb, unit):
            continue
        speakers = _innermost_speakers(t.idx, t.idx + 1, quotes, True)
        speakers = speakers or _innermost_speakers(t.idx, t.idx + 1, quotes)
        speakers = [s for s in speakers if s.name not in asserting]
        # the disputer named inside the asserting quote: "..., a figure the Kremlin rejects"
        who = speakers[0] if speakers else None
        if who is None and (phrase := _subject_phrase(verb) or _modifier_phrase(verb)):
            who = _named(phrase, entities or [])
        if who and who.name not in asserting and all(who.name != o.name for o in out):
            out.append(who)
    return out


def extract_figures(
    doc: Doc, quotes: list[Quote], times: list[Time], entities: list[Entity] | None = None
) -> list[Figure]:
    """Every counted figure in ``doc``, in text order.

    Numbers inside time expressions, ordinals and bare numbers that count nothing are skipped.
    ``entities`` (the record's) let a named asserter or disputer carry its entity id.

    >>> import spacy
    >>> extract_figures(spacy.blank("en")("No numbers here."), [], [])
    []
    """
    entities = entities or []
    time_spans = [(t.start, t.end) for t in times]
    figures: list[Figure] = []
    runs = _number_runs(doc)
    used: set[int] = set()
    kinds: list[tuple[int, str | None]] = []  # per figure: its sentence and happening
    for k, run in enumerate(runs):
        if run.start in used or run[0].ent_type_ in {"DATE", "TIME", "ORDINAL"}:
            continue
        if _inside(run.start_char, run.end_char, time_spans):
            continue
        start_tok, lo, hi = run.start, None, None
        value = _VAGUE.get(run.text.lower()) if run.text.lower() in _VAGUE else None
        if value is not None:
            lo, value = value, None
        else:
            value = parse_number(run.text)
            if value is None:
                continue
        end_run = run
        # ranges: "between 10 and 20", "10 to 20", "from 10 to 20"
        nxt = runs[k + 1] if k + 1 < len(runs) else None
        if (
            nxt is not None
            and nxt.start == run.end + 1
            and doc[run.end].lower_ in {"to", "and", "-", "–"}
            and value is not None
        ):
            upper = parse_number(nxt.text)
            if upper is not None and upper > value:
                lo, hi, value, end_run = value, upper, None, nxt
                used.add(nxt.start)
                if start_tok > 0 and doc[start_tok - 1].lower_ in {"between", "from"}:
                    start_tok -= 1
        if value is not None:
            if n := _preceded_by(doc, start_tok, _MAX):
                hi, start_tok = value, start_tok - n
            elif n := _preceded_by(doc, start_tok, _MIN):
                lo, start_tok = value, start_tok - n
        noun = _counted(end_run) or _counted(run)
        unit = _unit(run, noun)
        about = _about(noun)
        happening = _happening(noun) if noun is not None else None
        if unit is None and (verb := _elliptic_verb(run)) is not None:
            # "12 people were killed and up to 200 injured": the count borrows the unit
            previous = [f for f in figures if f.start >= run.sent.start_char]
            if previous and previous[-1].unit:
                unit, about = previous[-1].unit, f"{previous[-1].unit} {verb.text}"
                happening = verb
        if unit is None:
            continue
        if start_tok > 0 and doc[start_tok - 1].lower_ in _DEFINITE:
            continue  # "the two sides", "both countries": a reference, not a figure
        if start_tok > 0 and doc[start_tok - 1].text in {"$", "€", "£"}:
            start_tok -= 1
        stop = end_run.end
        if noun is not None and 0 <= noun.i - end_run.end <= 3:
            stop = noun.i + 1  # "as many as 15,000 troops", "thousands of people"
        span = doc[start_tok:stop]
        asserted = _asserters(run, quotes, entities)
        lemma = happening.lemma_.lower() if happening is not None else None
        kinds.append((sentence_of(doc, run.start), lemma))
        figures.append(
            Figure(
                text=span.text,
                start=span.start_char,
                end=span.end_char,
                value=value,
                min=lo,
                max=hi,
                unit=unit,
                about=about,
                asserted_by=asserted,
                disputed_by=_disputers(run, quotes, asserted, unit, entities),
            )
        )
    _counter_claims([(f, sent, lemma) for f, (sent, lemma) in zip(figures, kinds, strict=True)])
    return figures

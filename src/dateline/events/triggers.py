"""Typed event triggers: words of the type table found in a Doc, refined by sentence cues.

A trigger is matched on the word form or the lemma ("shelled" -> "shell"); phrases match word by
word ("exchanged fire"). Its kind is then refined by cue words in its sentence, so an "attack" in
a sentence that mentions a grenade becomes a grenade attack (see ``refines`` in types.toml).

>>> import spacy
>>> nlp = spacy.blank("en")
>>> [(m.text, m.kind.key) for m in find_triggers(nlp("A grenade attack hit the market."))]
[('grenade', 'grenade'), ('attack', 'grenade'), ('hit', 'grenade')]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from dateline.events.types import EventType, Trigger, event_types, trigger_index
from dateline.nlp.index import sentence_span

#: Auxiliary and light words that never trigger an event by themselves.
_SKIP_POS = {"AUX", "DET", "ADP", "PRON", "CCONJ", "SCONJ", "PUNCT", "NUM", "PROPN"}


@dataclass(frozen=True)
class TriggerMatch:
    """A trigger found in the text: the token span and its (refined) kind."""

    start: int  # token index
    end: int  # token index, exclusive
    kind: EventType
    base: EventType
    doc: Doc

    @property
    def span(self) -> Span:
        return self.doc[self.start : self.end]

    @property
    def head(self) -> Token:
        """The syntactic head of the trigger phrase."""
        return self.span.root

    @property
    def text(self) -> str:
        return self.span.text


def _word_matches(token: Token, word: str) -> bool:
    return token.lower_ == word or token.lemma_.lower() == word


def _pos_ok(token: Token, trig: Trigger) -> bool:
    if trig.pos is None:
        # multi-word phrases pass; single words must be content words when the doc is tagged
        return not token.pos_ or token.pos_ not in _SKIP_POS or len(trig.words) > 1
    if not token.pos_:
        return True
    return token.pos_ == trig.pos


def _cued(row: EventType, context: list[str], article: list[str] | None) -> bool:
    """Whether the row's trigger cues hold: one in the sentence, or (rows with
    ``article_cues``) that many different ones in the article, and none of its ``unless``
    words in the sentence."""
    if any(_has_cue(context, cue) for cue in row.unless):
        return False  # the cue's sense is overruled: workers killed in a missile "strike"
    if any(_has_cue(context, cue) for cue in row.trigger_cues):
        return True
    return bool(row.article_cues and article is not None) and (
        cue_count(article, row.trigger_cues) >= row.article_cues
    )


def _match_at(
    doc: Doc, i: int, context: list[str], article: list[str] | None = None
) -> tuple[int, EventType] | None:
    token = doc[i]
    entries = trigger_index().get(token.lower_, []) + trigger_index().get(token.lemma_.lower(), [])
    entries.sort(key=lambda e: (-len(e[0].words), not e[1].trigger_needs_cue))
    for trig, row in entries:
        n = len(trig.words)
        if _particle_verb(token, trig.words):
            n = 1  # "pull its troops back": the verb carries the phrase
        elif i + n > len(doc) or not _pos_ok(doc[i], trig):
            continue
        elif not all(_word_matches(doc[i + k], w) for k, w in enumerate(trig.words)):
            continue
        if row.trigger_cues and not _cued(row, context, article):
            continue
        if token.pos_ == "VERB" and token.lemma_.lower() in row.intransitive and any(
            c.dep_ in {"dobj", "ccomp"} for c in token.children
        ):
            continue  # "the study demonstrated that ...", "rallied support"
        return n, row
    return None


_PARTICLES = {"back", "out", "over", "off", "down", "up", "away"}


def _particle_verb(token: Token, words: tuple[str, ...]) -> bool:
    """A phrasal verb split by its object: "pull *its troops* back", "hand the town over"."""
    return (
        len(words) == 2
        and token.pos_ == "VERB"
        and _word_matches(token, words[0])
        and words[1] in _PARTICLES
        and any(c.dep_ in {"prt", "advmod"} and c.lower_ == words[1] for c in token.children)
    )


_OPPOSITE = {"non", "anti", "counter"}


def _negated_prefix(words: list[str], i: int) -> bool:
    """A cue after "non-", "anti-" or "counter-" says something else ("non-violent" is not
    "violent", an "anti-aircraft" gun no "aircraft")."""
    return (i >= 2 and words[i - 2] in _OPPOSITE and words[i - 1] == "-") or (
        i >= 1 and words[i - 1] in {"non", "anti"}
    )


def _cue_at(words: list[str], cue: tuple[str, ...]) -> list[int]:
    """Where ``cue`` starts in ``words``, in order (its first word checked before the rest)."""
    if not cue:
        return list(range(len(words) + 1))
    first, n, last = cue[0], len(cue), len(words) - len(cue)
    return [
        i
        for i, word in enumerate(words)
        if word == first and i <= last and (n == 1 or tuple(words[i : i + n]) == cue)
    ]


def _has_cue(words: list[str], cue: tuple[str, ...]) -> bool:
    return any(not _negated_prefix(words, i) for i in _cue_at(words, cue))


def cue_count(words: list[str], cues: tuple[tuple[str, ...], ...]) -> int:
    """How many different cues appear in ``words``, a cue inside a longer one that matched at
    the same place not counting ("forces" in "security forces" is one armed actor, not two).

    >>> cue_count("security forces fired".split(), (("forces",), ("security", "forces")))
    1
    """
    spans: list[tuple[int, int, tuple[str, ...]]] = []
    for cue in sorted(set(cues), key=len, reverse=True):
        n = len(cue)
        for i in _cue_at(words, cue):
            if not _negated_prefix(words, i) and not any(
                s <= i and i + n <= e for s, e, _ in spans
            ):
                spans.append((i, i + n, cue))
    return len({cue for _, _, cue in spans})


def refine(kind: EventType, context: Iterable[str]) -> EventType:
    """Refine ``kind`` by cue words (lower-cased word forms) of its context, repeatedly.

    >>> refine(event_types()["attack"], "a suicide bomber attacked".split()).key
    'suicide_bomb'
    """
    words = list(context)
    table = event_types()
    seen = {kind.key}
    while True:
        better = [
            row
            for row in table.values()
            if kind.key in row.refines
            and row.key not in seen
            and cue_count(words, row.cues) >= row.min_cues
            and not any(_has_cue(words, cue) for cue in row.unless)
            # a row whose triggers need a cue is reached by refinement only with one, too:
            # "separatists seized the airport" names no weapons
            and (not row.trigger_cues or any(_has_cue(words, c) for c in row.trigger_cues))
        ]
        if not better:
            return kind
        kind = max(better, key=lambda r: r.weight)
        seen.add(kind.key)


def find_triggers(doc: Doc) -> list[TriggerMatch]:
    """Every typed trigger in ``doc``, in text order, refined by the cues of its sentence."""
    matches: list[TriggerMatch] = []
    bounded = doc.has_annotation("SENT_START")
    i = 0
    index = trigger_index()
    article: list[str] = []
    lemmas: list[str] = []
    for token in doc:  # one walk: the words and lemmas every position is looked up by
        article.append(token.lower_)
        lemmas.append(token.lemma_.lower())
    sent, context = None, list(article) if not bounded else []
    while i < len(doc):
        if article[i] not in index and lemmas[i] not in index:
            i += 1  # no trigger starts here (what ``_match_at`` would find)
            continue
        if bounded and (sent is None or not sent.start <= i < sent.end):
            sent = sentence_span(doc, i)
            context = article[sent.start : sent.end]  # once per sentence, not once per token
        found = _match_at(doc, i, context, article)
        if found is None:
            i += 1
            continue
        n, base = found
        kind = refine(base, context)
        matches.append(TriggerMatch(i, i + n, kind, base, doc))
        i += n
    return matches

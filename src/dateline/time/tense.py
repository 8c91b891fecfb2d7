"""The tense of the verb that governs a time expression, read from the Doc's morphology.

>>> import spacy
>>> from spacy.tokens import Doc
>>> doc = Doc(spacy.blank("en").vocab, words=["He", "left", "on", "Thursday"],
...           heads=[1, 1, 1, 2], deps=["nsubj", "ROOT", "prep", "pobj"],
...           pos=["PRON", "VERB", "ADP", "PROPN"],
...           morphs=["", "Tense=Past|VerbForm=Fin", "", "Number=Sing"])
>>> tense_of(doc[3:4])
'PAST'
"""

from __future__ import annotations

from spacy.tokens import Span, Token

_FUTURE_AUX = {"will", "shall", "'ll", "wo", "would"}
_VERBAL = {"VERB", "AUX"}


def governing_verb(span: Span) -> Token | None:
    """The nearest verb above ``span``'s root (the sentence root as a last resort)."""
    token = span.root
    for _ in range(8):
        if token.pos_ in _VERBAL and token.i not in range(span.start, span.end):
            return token
        if token.head.i == token.i:
            break
        token = token.head
    if token.pos_ in _VERBAL:
        return token
    return None


def tense_of(span: Span) -> str | None:
    """``"PAST"``, ``"PRESENT"``, ``"FUTURE"`` or None for the verb governing ``span``.

    Future: an auxiliary *will*/*shall*, or an infinitive complement ("plans to meet Friday").
    Past: past-tense morphology on the verb or its auxiliaries, or a perfect ("has met").
    """
    verb = governing_verb(span)
    return None if verb is None else _clause_tense(verb)


def _clause_tense(verb: Token) -> str | None:
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxiliaries}
    if words & _FUTURE_AUX or verb.lower_ in _FUTURE_AUX:
        return "FUTURE"
    # a participle's own Tense=Past is not the clause's tense: its auxiliaries carry it
    carriers = auxiliaries or [verb]
    if any("Past" in t.morph.get("Tense") for t in carriers):
        return "PAST"
    participle = "Part" in verb.morph.get("VerbForm")
    if participle and (words & {"have", "has", "'ve"} or not auxiliaries):
        return "PAST"
    if "Inf" in verb.morph.get("VerbForm") and (verb.dep_ == "xcomp" or "to" in words):
        # "plans to meet Friday" looks ahead; "had been due to expire Friday" does not
        head = verb.head if verb.head.i != verb.i else None
        return "PAST" if head is not None and _clause_tense(head) == "PAST" else "FUTURE"
    if any("Pres" in t.morph.get("Tense") for t in carriers):
        return "PRESENT"
    return None

"""Channels (the medium of a statement) and relays (outlets that passed it on).

>>> is_outlet_text("Russia's state-run Tass news agency"), is_outlet_text("the minister")
(True, False)
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from dateline.attribution.lexicon import (
    AUDIENCE_NOUNS,
    CHANNEL_NOUNS,
    CHANNEL_PREPS,
    OUTLET_WORDS,
)


def is_outlet_text(text: str, outlet: str | None = None) -> bool:
    """Whether ``text`` names a news outlet (``The Moscow Times``, ``CNN``, the publisher)."""
    plain = text.replace("’s", " ").replace("'s", " ")
    words = {w.strip(".,'’\"“”").lower() for w in plain.split()}
    if outlet and outlet.lower() in text.lower():
        return True
    return bool(words & OUTLET_WORDS)


def outlet_name(span: Span) -> str:
    """The outlet's name inside a noun phrase: its ORG entity, else the phrase.

    ``Russia's state-run Tass news agency`` -> ``Tass`` when the model tags Tass as ORG.
    """
    for ent in span.ents:
        if ent.label_ in ("ORG", "PERSON", "WORK_OF_ART", "NORP", "PRODUCT"):
            text = ent.text
            if text.lower().startswith("the "):
                text = text[4:]
            return text
    words = [t for t in span if t.lower_ not in ("the", "a", "an")]
    return span.doc[words[0].i : span.end].text if words else span.text


def channel_of(verb: Token) -> Span | None:
    """The channel phrase governed by a cue verb: ``in a statement``, ``told reporters``.

    The phrase may also hang off the subject's verb chain (``X wrote on Telegram, saying``).
    """
    for node in (verb, verb.head) if verb.dep_ in ("advcl", "xcomp", "conj") else (verb,):
        for child in node.children:
            if child.dep_ == "prep" and child.lower_ in CHANNEL_PREPS:
                if _names_channel(child):
                    return _without_time(verb.doc[child.i : _phrase_end(child)])
            if node.lemma_ == "tell" and child.dep_ in ("dobj", "dative"):
                if child.lower_ in AUDIENCE_NOUNS or child.lower_ in CHANNEL_NOUNS:
                    return _without_time(verb.doc[node.i : child.right_edge.i + 1])
    return None


def _phrase_end(prep: Token) -> int:
    """End of a prepositional phrase without a clause hung on its noun (``that ...``)."""
    clauses = {
        t.i
        for c in prep.subtree
        if c.dep_ in ("relcl", "ccomp") and c.i > prep.i
        for t in c.subtree
    }
    end = prep.i + 1
    for token in prep.subtree:
        if token.i in clauses:
            break
        end = token.i + 1
    return end


def _without_time(span: Span) -> Span:
    """``in a late-night address on Wednesday`` -> ``in a late-night address``."""
    end = span.end
    while end > span.start + 1 and (
        span.doc[end - 1].ent_type_ in ("DATE", "TIME") or span.doc[end - 1].is_punct
    ):
        end -= 1
    if end < span.end and span.doc[end - 1].pos_ == "ADP":
        end -= 1
    return span.doc[span.start : end]


def _names_channel(prep: Token) -> bool:
    for pobj in prep.children:
        if pobj.dep_ != "pobj":
            continue
        words = [t.lower_ for t in pobj.subtree if t.i <= pobj.i]
        if pobj.lower_ in CHANNEL_NOUNS or any(w in CHANNEL_NOUNS for w in words[-3:]):
            return True
    return False


def told_outlet(verb: Token, outlet: str | None = None) -> Span | None:
    """The outlet a speaker told (``told Reuters``, ``said to Tass``), which relays the words."""
    if verb.lemma_ not in ("tell", "say"):
        return None
    doc: Doc = verb.doc
    for child in verb.children:
        target = None
        if verb.lemma_ == "tell" and child.dep_ in ("dobj", "dative"):
            target = child
        elif child.dep_ in ("prep", "dative") and child.lower_ == "to":
            target = next((c for c in child.children if c.dep_ == "pobj"), None)
        if target is not None:
            span = doc[target.left_edge.i : target.i + 1]
            if is_outlet_text(span.text, outlet) or target.ent_type_ == "ORG":
                if target.lower_ not in AUDIENCE_NOUNS:
                    return span
    return None


def agent_outlet(verb: Token, outlet: str | None = None) -> Span | None:
    """``quoted by Tass`` / ``cited by CNN``: the relaying outlet of a passive quote verb."""
    node = verb
    for _ in range(3):
        if node.lemma_ in ("quote", "cite"):
            break
        if node.head.i == node.i:
            return None
        node = node.head
    else:
        return None
    if node.lemma_ not in ("quote", "cite"):
        return None
    for child in node.children:
        if child.dep_ == "agent":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return verb.doc[pobj.left_edge.i : pobj.i + 1]
        if child.dep_ == "nsubj" and node.i != verb.i:
            span = verb.doc[child.left_edge.i : child.i + 1]
            if is_outlet_text(span.text, outlet) or child.ent_type_ == "ORG":
                return span
    return None

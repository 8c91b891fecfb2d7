"""Non-comments: who did not comment, claim, or answer, and who was asked.

Kinds: ``no_comment`` (``has not yet commented``, ``has yet to comment``, ``did not respond to
a request for comment``, ``could not be reached``), ``no_claim`` (``did not immediately claim
responsibility``), ``contacted`` (``Reuters has contacted X for comment``: the one asked is
``who``), ``declined`` (``declined to comment``).

>>> from spacy.tokens import Doc
>>> from spacy.vocab import Vocab
>>> doc = Doc(Vocab(), words=["Kyiv", "declined", "to", "comment", "."],
...           heads=[1, 1, 3, 1, 1], deps=["nsubj", "ROOT", "aux", "xcomp", "punct"],
...           lemmas=["Kyiv", "decline", "to", "comment", "."])
>>> [(n.kind, doc[n.who[0]:n.who[1]].text) for n in find_non_comments(doc)]
[('declined', 'Kyiv')]
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from dateline.attribution.clauses import noun_phrase

_COMMENT = {"comment", "respond", "reply", "answer", "return", "elaborate", "say", "discuss"}
_DECLINE = {"decline", "refuse"}
_CONTACT = {"contact", "reach", "approach", "ask", "email", "call", "message"}


@dataclass(frozen=True)
class FoundNonComment:
    kind: str
    who: tuple[int, int]
    start: int  # token span of the clause
    end: int


def _negated(verb: Token) -> bool:
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    for child in verb.children:
        if child.dep_ in ("dobj", "nsubj") and (
            child.lower_ in ("no", "nobody", "none")
            or any(g.dep_ == "det" and g.lower_ == "no" for g in child.children)
        ):
            return True
    return False


def _subject(verb: Token) -> Token | None:
    node = verb
    for _ in range(3):
        for child in node.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
        if node.dep_ in ("xcomp", "conj", "ccomp") and node.head.i != node.i:
            node = node.head
        else:
            return None
    return None


def _for_comment(verb: Token) -> bool:
    text = verb.doc[verb.i : verb.sent.end].text.lower()
    return any(word in text for word in ("comment", "request", "question", "response", "reaction"))


def _yet_to(verb: Token) -> bool:
    """``has yet to comment``: a comment verb under ``have`` with ``yet``."""
    head = verb.head
    return (
        verb.dep_ == "xcomp"
        and head.lemma_.lower() in ("have", "be")
        and any(c.lower_ == "yet" for c in head.children)
    )


def _classify(verb: Token) -> tuple[str, Token] | None:
    lemma = verb.lemma_.lower()
    if lemma == "claim" and _negated(verb):
        subject = _subject(verb)
        if subject is None:
            return None
        return "no_claim", subject
    if lemma in _DECLINE:
        if any(c.dep_ == "xcomp" and c.lemma_.lower() in _COMMENT for c in verb.children):
            subject = _subject(verb)
            return ("declined", subject) if subject is not None else None
    if lemma in _COMMENT - {"say", "discuss", "return"} and _yet_to(verb):
        subject = _subject(verb)
        return ("no_comment", subject) if subject is not None else None
    if (
        lemma in _COMMENT - {"say", "discuss"}
        and _negated(verb)
        and (lemma == "comment" or _for_comment(verb))
    ):
        subject = _subject(verb)
        return ("no_comment", subject) if subject is not None else None
    if lemma == "reach" and any(c.dep_ == "neg" for c in verb.children):
        subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if subject is not None and _for_comment(verb):
            return "no_comment", subject
    if lemma in _CONTACT and not _negated(verb) and _for_comment(verb):
        target = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if target is None:
            prep = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"), None)
            if prep is not None:
                target = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if target is None:
            target = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if target is not None and target.lower_ not in ("me", "us", "you"):
            return "contacted", target
    if lemma == "have" and any(
        c.dep_ == "dobj" and c.lemma_ == "comment" and any(g.lower_ == "no" for g in c.children)
        for c in verb.children
    ):
        subject = _subject(verb)
        return ("no_comment", subject) if subject is not None else None
    return None


def _clause_extent(verb: Token, who: Token) -> tuple[int, int]:
    """From the subject (or verb) to the end of the verb's own phrase, without conjuncts."""
    start = min(verb.i, who.left_edge.i if who.i < verb.i else verb.i)
    for child in verb.lefts:
        if child.dep_ in ("nsubj", "nsubjpass", "aux", "neg", "advmod", "auxpass"):
            start = min(start, child.left_edge.i)
    end = verb.i + 1
    for child in verb.rights:
        if child.dep_ in ("conj", "cc", "punct") or child.pos_ == "PUNCT":
            break
        end = child.right_edge.i + 1
    return start, end


def find_non_comments(doc: Doc) -> list[FoundNonComment]:
    """Every non-comment clause of ``doc`` in text order (see the module example)."""
    found = []
    for token in doc:
        result = _classify(token)
        if result is None:
            continue
        kind, who = result
        start, end = _clause_extent(token, who)
        found.append(FoundNonComment(kind, noun_phrase(who), start, end))
    return found

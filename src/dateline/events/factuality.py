"""Factuality of an event mention: who stands behind it, and how firmly.

Checked in this order (the first that holds wins):

- ``unclaimed``: a no-claim non-comment covers it, or it is what no one claimed ("no group has
  claimed the attack");
- ``negated``: a negation on the trigger or on the verb that governs it ("did not attack",
  "no attack");
- ``denied``: the trigger sits under a verb of denial ("Moscow denied striking the depot") or
  inside a quote whose cue is one ("... , the ministry denied");
- ``hypothetical``: a modal or future auxiliary ("could hamper further talks", "will
  withdraw"), a conditional clause ("if talks fail"), or a verb of intent, threat or planning
  above it ("threatened to strike");
- ``alleged``: "allegedly", "reportedly", "suspected", or a verb of accusation above it
  ("accused Kyiv of shelling");
- ``reported``: it lies within a quote's span: someone other than the outlet says so (or, when
  attribution found no quote, its sentence ends in "..., officials said" or cites "according
  to ...");
- ``asserted``: the outlet states it.

An event mentioned more than once ("struck a depot" ... "no one claimed the attack") takes the
reading of its first mention, which a later no-claim or denial of it overrides
(:func:`event_factuality`, the one place an event's factuality is decided).

>>> import spacy
>>> from spacy.tokens import Doc
>>> doc = Doc(spacy.blank("en").vocab, words=["They", "did", "not", "attack"],
...           heads=[3, 3, 3, 3], deps=["nsubj", "aux", "neg", "ROOT"])
>>> mention_factuality(doc[3], [], [])
'negated'
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from dateline.nlp.reporting import reporting_verbs
from dateline.records import NonComment, Quote

MODALS = {"could", "may", "might", "would", "should", "will", "shall", "can", "must", "'ll", "wo"}
INTENT = {"threaten", "plan", "intend", "vow", "warn", "prepare", "aim", "seek", "want", "hope",
          "consider", "propose", "plot", "pledge", "promise", "expect", "fear", "risk", "need",
          "offer", "agree", "demand", "urge", "ask", "call", "mull", "weigh", "contemplate"}  # fmt: skip
SCHEDULED = {"set", "schedule", "due", "likely", "poised", "slate", "expect", "plan"}
HEDGES = {"allegedly", "reportedly", "purportedly", "apparently", "supposedly", "suspected",
          "alleged", "purported", "possible", "unconfirmed", "presumably"}  # fmt: skip
FUTURE_ADJ = {"possible", "potential", "planned", "future", "proposed", "upcoming", "impending",
              "imminent", "threatened", "prospective", "looming"}  # fmt: skip


def _clause_chain(token: Token) -> list[Token]:
    """``token`` and its ancestors up to the sentence root."""
    return [token, *token.ancestors]


def _governing_verb(token: Token) -> Token:
    for t in _clause_chain(token):
        if t.pos_ in {"VERB", "AUX"} or t.dep_ == "ROOT":
            return t
    return token


def _no_subject(verb: Token) -> bool:
    """A subject that says no one: "no group has claimed ...", "nobody was hurt"."""
    for c in verb.children:
        if c.dep_ in {"nsubj", "nsubjpass"}:
            if c.lower_ in {"nobody", "none", "noone"} or (
                c.lower_ == "one" and c.i > 0 and c.nbor(-1).lower_ == "no"
            ):
                return True
            if any(d.lower_ == "no" and d.dep_ == "det" for d in c.children):
                return True
    return False


def _unclaimed_here(token: Token) -> bool:
    """The mention is the object of a claim that no one made ("no group has claimed the attack")."""
    return any(a.lemma_.lower() == "claim" and _no_subject(a) for a in list(token.ancestors)[:4])


#: verbs that only say whether an event happened
_OCCUR = {"happen", "occur", "take", "materialize", "materialise", "proceed", "go", "be"}


def _negated(token: Token) -> bool:
    if token.dep_ == "pobj" and token.head.lower_ == "without":
        return True  # "the rally ended *without* arrests"
    verb = _governing_verb(token)
    # a noun subject is not negated by its verb's "not" ("the war would not end"), unless the
    # verb only says whether it happened ("the attack did not take place")
    scope = {token, verb}
    if token.dep_ in {"nsubj", "nsubjpass"} and token.pos_ == "NOUN" and verb.i != token.i:
        if verb.lemma_.lower() not in _OCCUR:
            scope = {token}
    for t in scope:
        if any(c.dep_ == "neg" for c in t.children):
            return True
    if token.pos_ in {"VERB", "AUX"} and _no_subject(token):
        return True
    return any(
        c.lower_ in {"no", "never"} and c.dep_ in {"det", "neg", "advmod"} for c in token.children
    )


def _above(token: Token, lemmas: set[str]) -> bool:
    """A verb with a lemma in ``lemmas`` governs ``token``'s clause (within four links), and
    no other speech verb stands nearer: in "denied that X, saying that Y died", Y is said, not
    denied.

    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> words = ["They", "denied", "it", ",", "saying", "people", "died"]
    >>> doc = Doc(spacy.blank("en").vocab, words=words, heads=[1, 1, 1, 1, 1, 6, 4],
    ...           deps=["nsubj", "ROOT", "dobj", "punct", "advcl", "nsubj", "ccomp"],
    ...           lemmas=["they", "deny", "it", ",", "say", "people", "die"],
    ...           pos=["PRON", "VERB", "PRON", "PUNCT", "VERB", "NOUN", "VERB"])
    >>> _above(doc[2], {"deny"}), _above(doc[6], {"deny"})
    (True, False)
    """
    speech = reporting_verbs("cue")
    for t in list(token.ancestors)[:4]:
        if t.pos_ not in {"VERB", "AUX", ""}:
            continue
        lemma = t.lemma_.lower()
        if lemma in lemmas:
            return True
        if lemma in speech:
            return False
    return False


def reporting_frame(token: Token) -> bool:
    """Whether the sentence attributes ``token`` to a source although no quote holds it:
    "..., officials said" or "according to ..." (a fallback when attribution missed it)."""
    sent = token.sent if token.doc.has_annotation("SENT_START") else token.doc[:]
    root = sent.root
    if root.i != token.i and root.lemma_.lower() in reporting_verbs("frame") and token.i < root.i:
        return any(c.dep_ == "nsubj" and c.i > token.i for c in root.children)
    return any(t.lower_ == "according" and t.i + 1 < len(t.doc) and t.nbor().lower_ == "to"
               for t in sent)  # fmt: skip


_DEFINITE = {"the", "this", "that", "these", "those", "its", "their", "his", "her", "our"}


def _presupposed(token: Token) -> bool:
    """A definite noun subject names an event taken as given ("the bombing could ...")."""
    return token.dep_ in {"nsubj", "csubj"} and any(
        c.dep_ in {"det", "poss"} and c.lower_ in _DEFINITE or c.dep_ == "poss"
        for c in token.children
    )


def _hedged_subject(verb: Token) -> bool:
    """The verb's subject is a hedged event noun merged into it ("a *suspected* chemical attack
    killed dozens"): the hedge covers the event, not only the actor."""
    from dateline.events.types import trigger_index

    index = trigger_index()
    return any(
        c.dep_ in {"nsubj", "nsubjpass"}
        and (c.lower_ in index or c.lemma_.lower() in index)
        and any(g.lower_ in HEDGES for g in c.children)
        for c in verb.children
    )


def _hypothetical(token: Token) -> bool:
    verb = _governing_verb(token)
    # a noun that is the subject of a modal verb happened: "the strike could hamper talks"
    scope = {token} if token.dep_ in {"nsubj", "csubj"} else {token, verb}
    for t in scope:
        for c in t.children:
            if c.dep_ in {"aux", "auxpass"} and c.lower_ in MODALS:
                return True
            if c.dep_ == "aux" and c.lower_ == "to" and t.head.lemma_.lower() in INTENT:
                return True
    # a condition holds its subject too: "if the talks fail"
    for t in {token, verb}:
        if any(c.dep_ == "mark" and c.lower_ in {"if", "unless", "whether"} for c in t.children):
            return True
    # "talks are expected to resume", "troops are set to withdraw"
    if token.dep_ in {"nsubj", "nsubjpass"} and token.head.lemma_.lower() in INTENT | SCHEDULED:
        if any(c.dep_ == "xcomp" for c in token.head.children):
            return True
    if token.pos_ == "NOUN" and any(
        c.lower_ in FUTURE_ADJ and c.dep_ == "amod" for c in token.children
    ):
        return token.lower_ not in {"war"} and not _above(token, {"say", "report"})
    if _presupposed(token):
        return False  # "officials fear *the bombing* could derail the truce": it happened
    for t in list(verb.ancestors)[:2] + [verb]:
        if t.lemma_.lower() in INTENT and t.i != token.i:
            if verb.dep_ in {"xcomp", "ccomp", "pobj", "dobj", "pcomp"} or token.dep_ in {
                "dobj",
                "pobj",
            }:
                return True
    return False


def _alleged(token: Token) -> bool:
    verb = _governing_verb(token)
    for t in {token, verb}:
        if any(c.lower_ in HEDGES for c in t.children):
            return True
    return _hedged_subject(verb) or _above(token, reporting_verbs("accusation"))


def quotes_covering(start: int, end: int, quotes: list[Quote]) -> list[Quote]:
    """Quotes whose span contains the character span ``[start, end)``."""
    return [q for q in quotes if q.start <= start and end <= q.end]


def quote_denies(quote: Quote) -> bool:
    """Whether a quote's cue is a verb of denial ("denied", "rejected")."""
    return bool(quote.cue) and quote.cue.lower().split()[-1] in _denial_forms()


@functools.cache
def _denial_forms() -> frozenset[str]:
    """Denial verbs as cues are written: "deny", "denies", "denied", "rejected", "refuted"."""
    denial = reporting_verbs("denial")
    forms = {"denies", "denied", *denial}
    forms |= {d + "s" for d in denial} | {d + "d" for d in denial} | {d + "ed" for d in denial}
    return frozenset(forms)


def event_factuality(
    mentions: Sequence[tuple[Token, str | None]],
    quotes: list[Quote],
    non_comments: list[NonComment],
) -> str:
    """The factuality of one event from its mentions: ``(head token, event-type key)`` pairs,
    the event's own mention first, then the later mentions folded into it.

    The first mention's reading holds unless a later one says no one claimed the event (a
    reported, alleged or asserted event becomes ``unclaimed``) or denies it (a reported or
    alleged one becomes ``denied``).

    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> doc = Doc(spacy.blank("en").vocab, words=["Rebels", "attacked", ".", "Nobody", "claimed", "the", "attack"],
    ...           heads=[1, 1, 1, 4, 4, 6, 4], deps=["nsubj", "ROOT", "punct", "nsubj", "ROOT", "det", "dobj"],
    ...           lemmas=["rebel", "attack", ".", "nobody", "claim", "the", "attack"])
    >>> event_factuality([(doc[1], "attack")], [], []), event_factuality([(doc[1], "attack"), (doc[6], "attack")], [], [])
    ('asserted', 'unclaimed')
    """
    value: str | None = None
    for head, kind in mentions:
        reading = mention_factuality(head, quotes, non_comments, kind)
        if value is None:
            value = reading
        elif reading == "unclaimed" and value in {"reported", "alleged", "asserted"}:
            value = "unclaimed"
        elif reading == "denied" and value in {"reported", "alleged"}:
            value = "denied"
    return value or "asserted"


def mention_factuality(
    token: Token, quotes: list[Quote], non_comments: list[NonComment], kind: str | None = None
) -> str:
    """The factuality of one event mention whose head is ``token`` (``kind``: its type key).

    "No group has claimed responsibility" is no no-claim of a claim event but its negation.
    """
    reading = _mention_reading(token, quotes, non_comments)
    if kind == "claim_responsibility" and reading == "unclaimed":
        return "negated"
    return reading


def trigger_factuality(
    trigger: Span | Token,
    quotes: list[Quote] | None = None,
    non_comments: list[NonComment] | None = None,
    kind: str | None = None,
) -> str:
    """The factuality of the event mention whose trigger is ``trigger`` (a token, or a span
    read at its syntactic head, as the events stage reads its trigger phrases), in the parse
    it belongs to. ``quotes`` and ``non_comments`` are the attribution stage's; without them,
    the Doc's own (``doc._.quotes``, ``doc._.non_comments``) when a pipeline set them.

    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> doc = Doc(spacy.blank("en").vocab, words=["Troops", "may", "withdraw", "soon"],
    ...           heads=[2, 2, 2, 2], deps=["nsubj", "aux", "ROOT", "advmod"])
    >>> trigger_factuality(doc[2:4]), trigger_factuality(doc[0])
    ('hypothetical', 'asserted')
    """
    head = trigger.root if isinstance(trigger, Span) else trigger
    doc = head.doc
    if quotes is None:
        quotes = (doc._.quotes if Doc.has_extension("quotes") else None) or []
    if non_comments is None:
        non_comments = (doc._.non_comments if Doc.has_extension("non_comments") else None) or []
    return mention_factuality(head, quotes, non_comments, kind)


def _mention_reading(token: Token, quotes: list[Quote], non_comments: list[NonComment]) -> str:
    start, end = token.idx, token.idx + len(token)
    covering = quotes_covering(start, end, quotes)
    if any(nc.kind == "no_claim" and nc.start <= start and end <= nc.end for nc in non_comments):
        return "unclaimed"
    if _unclaimed_here(token):
        return "unclaimed"
    if _negated(token):
        return "negated"
    innermost = min(covering, key=lambda q: q.end - q.start) if covering else None
    if _above(token, reporting_verbs("denial")) or (innermost is not None and quote_denies(innermost)):
        return "denied"
    if _hypothetical(token):
        return "hypothetical"
    if _alleged(token):
        return "alleged"
    if covering or reporting_frame(token):
        return "reported"
    return "asserted"

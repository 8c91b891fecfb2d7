"""Factuality of an event mention: who stands behind it, and how firmly.

Checked in this order (the first that holds wins):

- ``unclaimed``: a no-claim non-comment covers it, or it is what no one claimed ("no group has
  claimed the attack");
- ``negated``: a negation on the trigger or on the verb that governs it ("did not attack",
  "no attack"), an event called off ("the rally was cancelled", "postponed the vote"), or the
  infinitive of a negative implicative ("failed to reach a deal");
- ``denied``: the trigger sits under a verb of denial ("Moscow denied striking the depot") or
  inside a quote whose cue is one ("... , the ministry denied"); the noun object of "reject",
  "dismiss" or "dispute" is what they turn down, not denied ("rejected the proposal");
- ``hypothetical``: a modal or future auxiliary ("could hamper further talks", "will
  withdraw") on the trigger or its verb (not on a noun in a prepositional phrase: "will
  withdraw after *the elections*"), a conditional clause ("if talks fail"), a time clause of a
  future one ("when the delegation *arrives*"), a to-infinitive that says what is to happen
  ("threatened to strike", "a deal to withdraw", a headline's "Army to withdraw") unless its
  verb says it did ("managed to land", "the first leader to visit"), or a verb of intent,
  threat or planning above it;
- ``alleged``: "allegedly", "reportedly", "suspected", a passive verb of saying or believing
  ("is believed to have attacked"), "claims to", or a verb of accusation above it ("accused
  Kyiv of shelling"; a relative clause under it is presupposed, not alleged);
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
#: verbs whose infinitive complement happened (implicatives: "managed to land", "began to sell",
#: "forced them to lower prices"); any other verb's leaves it unrealized ("agreed to buy")
IMPLICATIVE = {"manage", "remember", "bother", "dare", "happen", "get", "succeed", "begin",
               "start", "continue", "proceed", "go", "keep", "tend", "use", "come", "force",
               "compel", "cause", "make", "help",
               "find", "discover", "show", "prove", "reveal", "confirm", "know"}  # fmt: skip
#: verbs whose infinitive complement did not happen ("failed to reach a deal")
NEG_IMPLICATIVE = {"fail", "neglect", "forget", "refuse", "decline"}
#: verbs that call off what was planned: "the rally was cancelled", "postponed the vote"
CALL_OFF = {"cancel", "postpone", "delay", "scrap", "abort", "shelve", "scrub", "axe"}
#: verbs of saying or believing that hedge when passive: "is said to be", "is believed to have"
RAISED_REPORT = {"say", "report", "claim", "allege", "rumour", "rumor", "believe", "think",
                 "suppose", "understand", "presume", "consider", "estimate", "reckon", "suspect"}  # fmt: skip
TEMPORAL_MARKS = {"when", "before", "after", "until", "till", "once", "as"}
#: verbs whose active infinitive is a claim: "claims to possess the trademark"
CLAIM_TO = {"claim", "purport", "profess", "pretend"}
#: denial verbs whose noun object is denied ("denied the attack"); the others' noun object is
#: what they turn down, which exists ("rejected the proposal", "disputed the ruling")
DENY_OBJECT = {"deny", "refute", "rebut", "disavow"}
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
    # "the rally was called off", "failed to reach *a deal*"
    if _called_off(token) or any(_infinitive_of(t, NEG_IMPLICATIVE) for t in scope):
        return True
    return any(
        c.lower_ in {"no", "never"} and c.dep_ in {"det", "neg", "advmod"} for c in token.children
    )


def _called_off(token: Token) -> bool:
    """An event noun that was called off: "the flight was delayed", "cancelled the rally",
    "the now-cancelled deal"."""
    if token.pos_ not in {"NOUN", "PROPN"}:
        return False
    if any(c.lemma_.lower() in CALL_OFF and c.dep_ in {"amod", "acl"} for c in token.children):
        return True
    if token.dep_ not in {"nsubjpass", "dobj"}:
        return False
    head = token.head
    lemma = head.lemma_.lower()
    return lemma in CALL_OFF or (
        lemma == "call" and any(c.dep_ == "prt" and c.lower_ == "off" for c in head.children)
    )


def _to_infinitive(verb: Token) -> bool:
    return verb.pos_ in {"VERB", "AUX"} and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in verb.children
    )


def _infinitive_head(token: Token) -> tuple[Token, Token] | None:
    """``(infinitive, what governs it)`` when ``token`` is a to-infinitive or the verb of one
    joined to it by "and" ("to arrange the deal and settle on prices"); the infinitive is its
    own governor when it heads the sentence (a headline's "Apple to give refunds")."""
    verb = token
    while verb.dep_ == "conj" and not _to_infinitive(verb) and verb.head.i != verb.i:
        verb = verb.head
    if not _to_infinitive(verb):
        return None
    return verb, verb.head


def _infinitive_of(token: Token, lemmas: set[str]) -> bool:
    """``token`` is the to-infinitive complement of a verb with a lemma in ``lemmas``."""
    found = _infinitive_head(token)
    return found is not None and found[1].i != found[0].i and found[1].lemma_.lower() in lemmas


def _raised_report(token: Token) -> bool:
    """The infinitive of a passive verb of speech or belief: "is said to be", "is believed to
    have": the source commits, hedged."""
    found = _infinitive_head(token)
    if found is None or found[1].i == found[0].i:
        return False
    head = found[1]
    lemma = head.lemma_.lower()
    passive = any(c.dep_ in {"auxpass", "nsubjpass"} for c in head.children)
    return (passive and lemma in RAISED_REPORT) or lemma in CLAIM_TO


def _ranked(noun: Token) -> bool:
    """A noun ranked by an ordinal or a superlative ("the first model", "the only airline",
    "the largest order"), whose infinitive relative tells what happened."""
    return any(
        c.dep_ in {"amod", "nummod"}
        and (c.ent_type_ == "ORDINAL" or c.tag_ in {"JJS", "RBS"} or c.lower_ in {"first", "last", "only", "next"})
        for c in noun.children
    )


def _unrealized_infinitive(token: Token) -> bool:
    """A to-infinitive that says what is to happen, not what did: a complement ("agreed to
    buy", "will be able to set"), a purpose ("winglets to boost efficiency"), a noun's ("a
    contract to supply tankers", "is to be held") or a headline's ("Apple to give refunds").
    Implicative verbs are the exception ("managed to land", "began to sell")."""
    found = _infinitive_head(token)
    if found is None:
        return False
    verb, head = found
    if head.i == verb.i:
        return True
    if verb.dep_ in {"relcl", "acl"} and _ranked(head):
        return False  # "the first jet to be built of composites": it was
    lemma = head.lemma_.lower()
    return lemma not in IMPLICATIVE | NEG_IMPLICATIVE and not _raised_report(verb)


#: clause links that leave a verb's scope: a relative clause, full or reduced, is presupposed
#: ("violates an agreement *reached* in 1991"), an adverbial clause with a subordinator stands
#: apart ("..., *although* experts say")
def _leaves_scope(child: Token) -> bool:
    if child.dep_ in {"relcl", "acl"}:
        return not _to_infinitive(child)
    return child.dep_ == "advcl" and any(c.dep_ == "mark" for c in child.children)


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
    child = token
    for t in list(token.ancestors)[:4]:
        if _leaves_scope(child):
            return False
        child = t
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
    # a noun in a prepositional phrase names a circumstance taken as given ("will own the
    # trademarks *under this agreement*", "called for a re-run *of the bidding*"): only a verb
    # of intent reaches it, through its own preposition ("called *for* a ceasefire")
    pp = token.dep_ == "pobj" and token.head.dep_ in {"prep", "agent", "dative"}
    if token.dep_ in {"nsubj", "csubj"}:
        # a noun that is the subject of a modal verb happened ("the strike could hamper
        # talks"), unless the verb only says that it happens ("the first flight will take off")
        occurs = token.pos_ == "NOUN" and verb.i != token.i and verb.lemma_.lower() in _OCCUR
        scope = {token, verb} if occurs else {token}
    else:
        scope = {token} if pp else {token, verb}
    for t in scope:
        if any(c.dep_ in {"aux", "auxpass"} and c.lower_ in MODALS for c in t.children):
            return True
        if _unrealized_infinitive(t):
            return True
    # a time clause takes the future of the clause it belongs to: "will wear the livery when
    # it *arrives*"
    for t in scope:
        if t.dep_ == "advcl" and any(
            c.dep_ in {"mark", "advmod"} and c.lower_ in TEMPORAL_MARKS for c in t.children
        ):
            if any(c.dep_ in {"aux", "auxpass"} and c.lower_ in MODALS for c in t.head.children):
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
    if pp:
        prep_head = token.head.head
        return prep_head.pos_ == "VERB" and prep_head.lemma_.lower() in INTENT
    for t in list(verb.ancestors)[:2] + [verb]:
        if t.lemma_.lower() in INTENT and t.i != token.i:
            if verb.dep_ in {"xcomp", "ccomp", "pobj", "dobj", "pcomp"} or token.dep_ == "dobj":
                return True
    return False


def _alleged(token: Token) -> bool:
    verb = _governing_verb(token)
    for t in {token, verb}:
        if any(c.lower_ in HEDGES for c in t.children):
            return True
    if _raised_report(token) or _raised_report(verb):
        return True
    return _hedged_subject(verb) or _above(token, reporting_verbs("accusation"))


def _denied(token: Token) -> bool:
    """A verb of denial governs ``token``; the noun object of one that turns things down is
    what it turns down, which exists ("rejected the proposal"), unlike "denied the attack"."""
    head = token.head
    if (
        token.dep_ == "dobj"
        and token.pos_ in {"NOUN", "PROPN"}
        and head.lemma_.lower() not in DENY_OBJECT
        and head.lemma_.lower() in reporting_verbs("denial")
    ):
        return False
    return _above(token, reporting_verbs("denial"))


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
    if _denied(token) or (innermost is not None and quote_denies(innermost)):
        return "denied"
    if _hypothetical(token):
        return "hypothetical"
    if _alleged(token):
        return "alleged"
    if covering or reporting_frame(token):
        return "reported"
    return "asserted"

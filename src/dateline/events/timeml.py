"""A general event-trigger detector with TimeML classes (used to score on TimeBank).

dateline's typed events cover conflict and politics only; TimeML annotates every event
(states, reports, perceptions ...). This detector finds those triggers from part of speech and
lexicons, without training:

- every main verb (POS VERB), except a few light and copular verbs (``be``, ``do``),
  attributive participles ("allied forces") and verbs used as prepositions ("including");
- event nominals: nouns of the type table, nouns from :data:`EVENT_NOUNS`, and nouns ending in
  a deverbal suffix (``-tion``, ``-ment``, ``-ance`` ... minus a list of object nouns such as
  "government" or "nation");

Predicative adjectives, which TimeML marks as STATE events only some of the time, are left out:
on TimeBank fewer than half of them are events.

The class comes from lemma lists that follow the TimeML 1.2.1 guidelines (REPORTING, which is
the reporting-verb lexicon's ``timeml_reporting`` use, PERCEPTION, ASPECTUAL, I_ACTION,
I_STATE), STATE for adjectives and stative verbs, else OCCURRENCE.

>>> timeml_class("say", "VERB"), timeml_class("begin", "VERB"), timeml_class("explosion", "NOUN")
('REPORTING', 'ASPECTUAL', 'OCCURRENCE')
"""

from __future__ import annotations

import functools

from spacy.tokens import Doc, Token

from dateline.events.types import trigger_index
from dateline.nlp.reporting import reporting_verbs

PERCEPTION = {"see", "hear", "watch", "observe", "notice", "listen", "witness", "perceive",
              "spot", "detect", "sight", "view"}  # fmt: skip
ASPECTUAL = {"begin", "start", "continue", "stop", "end", "finish", "complete", "resume",
             "cease", "halt", "quit", "keep", "initiate", "commence", "terminate", "proceed",
             "discontinue", "conclude", "launch", "suspend", "interrupt"}  # fmt: skip
I_STATE = {"think", "believe", "want", "expect", "hope", "fear", "feel", "know", "doubt", "wish",
           "suspect", "worry", "like", "love", "hate", "prefer", "need", "anticipate", "assume",
           "imagine", "intend", "desire", "trust", "suppose", "envision", "dread", "regret",
           "understand", "presume", "plan", "guess", "reckon", "estimate", "foresee",
           "concern", "consider", "require"}  # fmt: skip
I_ACTION = {"try", "attempt", "seek", "ask", "urge", "order", "promise", "agree", "decide",
            "propose", "offer", "demand", "allow", "refuse", "approve", "request", "prevent",
            "avoid", "delay", "call", "permit", "force", "persuade", "encourage",
            "assure", "proclaim", "swear", "beg", "defer", "hinder",
            "threaten", "vow", "pledge", "undertake", "fail", "postpone", "cancel",
            "investigate", "authorize", "authorise", "appoint", "nominate", "accuse", "name",
            "elect", "block", "reject", "oppose", "support", "back", "endorse", "help", "lead",
            "prepare", "expect", "pressure", "push", "press", "invite", "recommend", "insist",
            "convince", "instruct", "direct", "command", "tend", "manage", "hesitate", "vote",
            "pick", "choose", "select", "ban", "forbid", "prohibit", "bar", "compel", "oblige",
            "enable", "petition", "appeal", "plead", "negotiate", "consider", "review",
            "examine", "study", "probe", "charge", "sue", "challenge", "resist", "aim", "plot",
            "arrange", "schedule", "set", "declare", "warn", "suggest",
            "indicate", "acknowledge"}  # fmt: skip
STATIVE = {"own", "remain", "live", "contain", "exist", "belong", "depend", "lack", "cost",
           "include", "involve", "resemble", "possess", "stay", "reside", "equal", "weigh",
           "mean", "represent", "seem", "appear", "matter", "owe", "deserve", "have",
           "hold"}  # fmt: skip
#: verbs that TimeML does not annotate as events on their own
LIGHT = {"be", "do", "get", "let", "go", "have"}
EVENT_NOUNS = {
    "war", "attack", "meeting", "talks", "election", "crisis", "deal", "sale", "agreement",
    "summit", "visit", "trip", "crash", "fire", "explosion", "strike", "protest", "merger",
    "acquisition", "takeover", "growth", "decline", "drop", "rise", "increase", "loss", "gain",
    "profit", "earnings", "trade", "trading", "investigation", "trial", "case", "conflict",
    "fighting", "battle", "violence", "killing", "death", "murder", "bombing", "invasion",
    "occupation", "offer", "bid", "plan", "policy", "reform", "sanction", "embargo", "vote",
    "ceremony", "funeral", "game", "match", "campaign", "operation", "mission", "raid",
    "arrest", "release", "return", "move", "change", "shift", "fall", "collapse", "recovery",
    "slump", "boom", "recession", "rally", "surge", "jump", "cut", "hike", "purchase", "payment", "debt", "lawsuit", "suit", "charge", "verdict", "sentence", "ruling", "decision",
    "announcement", "statement", "report", "comment", "interview", "speech", "testimony",
    "approval", "proposal", "withdrawal", "arrival", "departure", "dispute", "problem",
    "effort", "help", "aid", "assistance", "support", "opposition", "threat", "warning",
    "demand", "request", "call", "appeal", "peace", "ceasefire", "truce", "restructuring",
    "layoff", "layoffs", "bankruptcy", "default", "failure", "success", "victory", "defeat",
    "win", "storm", "earthquake", "flood", "accident", "incident", "event", "disaster",
    "outbreak", "epidemic", "scandal", "affair", "session", "hearing", "conference",
    "negotiation", "discussion", "debate", "process", "transition", "struggle", "fight",
    "tension", "tensions", "riot", "unrest", "revolt", "uprising", "coup", "massacre",
    "shooting", "blast", "damage", "injury", "injuries", "casualties", "losses",
    "offering", "issue", "contract", "plunge", "tumble", "selloff", "sell-off", "downturn",
}  # fmt: skip
_ARG_PREPS = {"of", "by", "on", "against", "to", "for", "with", "into", "over"}
_SUFFIXES = ("tion", "sion", "ment", "ance", "ence", "ure", "al")
NOT_EVENTS = {
    "government", "nation", "department", "administration", "organization", "organisation",
    "station", "position", "population", "information", "percent", "parliament", "president",
    "institution", "corporation", "foundation", "association", "commission", "coalition",
    "federation", "region", "question", "tradition", "condition", "constitution",
    "section", "portion", "union", "million", "billion", "official", "officials", "national",
    "international", "capital", "material", "individual", "equipment", "document", "element",
    "instrument", "apartment", "moment", "environment", "structure", "future", "culture",
    "nature", "figure", "feature", "measure", "evidence", "science", "audience", "difference",
    "confidence", "province", "distance", "insurance", "finance", "alliance", "balance",
    "building", "morning", "evening", "thing", "king", "ring", "spring", "ceiling", "meaning",
    "funding", "interval", "animal", "journal", "signal", "hospital", "total", "rival",
    "general", "council", "arsenal", "terminal", "chemical", "mineral", "potential",
    "management", "percentage", "intelligence", "defence", "defense", "agency", "pressure",
    "procedure", "legislation", "opinion", "mission", "version", "television", "division",
    "generation", "relation", "relations", "direction", "reputation", "ration", "location",
    "nations", "century", "crude", "proportion", "situation", "fraction", "minute", "stake",
    "sequence", "consequence", "presence", "reference", "experience", "existence", "instance",
    "appearance", "commerce", "substance", "sentence", "entrance", "residence", "license",
}  # fmt: skip


def timeml_class(lemma: str, pos: str) -> str:
    """The TimeML class of an event trigger with ``lemma`` and part of speech ``pos``."""
    lemma = lemma.lower()
    if pos == "ADJ":
        return "STATE"
    for cls, words in (
        ("REPORTING", reporting_verbs("timeml_reporting")),
        ("PERCEPTION", PERCEPTION),
        ("ASPECTUAL", ASPECTUAL),
        ("I_STATE", I_STATE),
        ("I_ACTION", I_ACTION),
    ):
        if lemma in words and (pos == "VERB" or cls in {"ASPECTUAL", "I_ACTION"}):
            return cls
    if pos == "VERB" and lemma in STATIVE:
        return "STATE"
    return "OCCURRENCE"


@functools.cache
def _trigger_nouns() -> frozenset[str]:
    """Single-word triggers of the type table ("airstrike", "protest")."""
    return frozenset(
        trig.words[0]
        for entries in trigger_index().values()
        for trig, _ in entries
        if len(trig.words) == 1 and trig.pos != "VERB"
    )


def _event_noun(token: Token) -> bool:
    lemma = token.lemma_.lower()
    if lemma in NOT_EVENTS or token.lower_ in NOT_EVENTS or token.ent_type_:
        return False
    if token.dep_ == "compound":  # "oil" prices, "peace" process: a modifier, not an event
        return False
    if lemma in EVENT_NOUNS or token.lower_ in EVENT_NOUNS:
        return True
    # deverbal nouns and the table's trigger nouns count when they take an argument, as
    # events do ("the destruction of the bridge", "an attack on the base")
    if len(lemma) > 5 and lemma.endswith(_SUFFIXES) or lemma in _trigger_nouns():
        return any(c.dep_ == "prep" and c.lower_ in _ARG_PREPS for c in token.children)
    return False


def is_timeml_event(token: Token) -> bool:
    """Whether ``token`` heads an event in the TimeML sense."""
    if token.pos_ == "VERB":
        # attributive participles ("allied forces", "a leading bank") and verbs used as
        # prepositions ("including", "according to") describe, they do not happen
        if token.dep_ in {"amod", "prep"}:
            return False
        return token.lemma_.lower() not in LIGHT or token.dep_ == "ROOT" and token.lemma_ == "have"
    if token.pos_ == "NOUN":
        return _event_noun(token)
    return False


_CLAUSAL = {"xcomp", "ccomp", "acl", "pcomp"}
#: I_ACTION verbs that stay I_ACTION without a visible event argument
_CORE = {"try", "attempt", "promise", "agree", "decide", "refuse", "approve", "investigate",
         "postpone", "cancel", "delay", "vow", "pledge", "demand", "request", "urge", "appoint",
         "nominate", "elect", "accuse", "propose", "authorize", "authorise", "prevent", "avoid",
         "fail", "block", "reject", "oppose", "warn", "suggest", "indicate", "acknowledge",
         "offer", "declare", "ask", "order", "seek", "assure", "name", "proclaim", "swear",
         "beg", "defer", "hinder"}  # fmt: skip
#: lemmatizer slips: "hoped" is no form of "hop"
_LEMMA_FIX = {("hop", "hope"): "hope"}


def _lemma(token: Token) -> str:
    lemma = token.lemma_.lower()
    return _LEMMA_FIX.get((lemma, token.lower_[:4]), lemma)


def _introduces_event(token: Token) -> bool:
    """Whether ``token`` takes a clause or an event as argument ("offer *to buy*")."""
    for c in token.children:
        if c.dep_ in _CLAUSAL:
            return True
        if c.dep_ == "prep" and any(g.dep_ == "pcomp" or g.tag_ == "VBG" for g in c.children):
            return True
        if c.dep_ == "dobj" and any(g.dep_ in _CLAUSAL for g in c.children):
            return True
    return False


def token_class(token: Token) -> str:
    """The TimeML class of the trigger ``token``, using its arguments where classes need them.

    Intensional classes (I_ACTION, I_STATE) need an event argument, else the trigger is an
    OCCURRENCE ("a takeover offer", but "an offer to buy the bank"); "add" and "write" report
    only when they take no object ("he added").
    """
    lemma = _lemma(token)
    cls = timeml_class(lemma, token.pos_)
    if lemma == "call" and any(c.dep_ == "prep" and c.lower_ == "for" for c in token.children):
        return "I_ACTION"  # "called for talks"
    if cls in {"I_ACTION", "I_STATE"} and token.pos_ == "NOUN" and not _introduces_event(token):
        return "OCCURRENCE"
    if cls == "I_ACTION" and lemma not in _CORE and not _introduces_event(token):
        return "OCCURRENCE"
    if cls == "REPORTING" and lemma in {"add", "write"}:
        if any(c.dep_ == "dobj" for c in token.children):
            return "OCCURRENCE"
    return cls


def timeml_events(doc: Doc) -> list[tuple[int, int, str]]:
    """``(start_char, end_char, class)`` of every TimeML-style event trigger in ``doc``."""
    return [(t.idx, t.idx + len(t), token_class(t)) for t in doc if is_timeml_event(t)]


def verb_baseline(doc: Doc) -> list[tuple[int, int, str]]:
    """The trigger-only baseline: every verb is an event, of class OCCURRENCE."""
    return [(t.idx, t.idx + len(t), "OCCURRENCE") for t in doc if t.pos_ == "VERB"]

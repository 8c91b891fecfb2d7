"""Interviews and transcripts: who "I", "we" and "you" are in a question-and-answer text.

An interview labels its turns at the start of a paragraph: ``((WN)) What prompted ...?``,
``((Thomas Rivinius)) Well, ...``, ``Natasha Gownaris: I've wanted ...``, ``NG: This study
...``, ``Q: ...`` / ``A: ...``; a transcript ``WALLACE: ...`` (inside quotation marks, too). A turn runs until the next labelled paragraph. A label names a
participant when it is a name of the article (an entity, the outlet or an earlier label) or
their initials (``WSS`` for William S. Saturn, ``WN`` for Wikinews); ``Q``/``A`` and labels that
name no one leave the turn's speaker unknown. In a turn, "I" and "we" are its speaker; "you" is
the other party: the one who answers a question, or the one who asked it.

>>> turns = find_turns("Intro.\\n\\n((WN)) Why?\\n\\n((Ana Ruiz)) I see.", ["Ana Ruiz"], "Wikinews")
>>> [(t.label, t.name) for t in turns]
[('WN', 'Wikinews'), ('Ana Ruiz', 'Ana Ruiz')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dateline.attribution.marks import paragraphs

#: A turn label at the start of a paragraph: ``((Name))``, ``((WN)) :`` or ``Name:``.
_LABEL = re.compile(
    r"[\"“]?(?:\(\(\s*(?P<paren>[^()\n]{1,40}?)\s*\)\)\s*:?\s*"
    r"|(?P<colon>(?:[A-Z][\w.'’-]*)(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|al|bin)){0,3})\s*:\s+)"
)
#: Labels of the two sides of a question-and-answer text that name nobody.
_ANONYMOUS = {"q", "a", "question", "answer", "interviewer", "interviewee"}
#: Colon labels that head notes, not turns.
_NOT_TURNS = {"note", "update", "editor's note", "photo", "image", "source", "sources",
              "correction", "warning", "caution", "related", "see also", "read more"}  # fmt: skip
FIRST_PERSON = frozenset("i me we us".split())
SECOND_PERSON = frozenset({"you"})


@dataclass
class Turn:
    """One labelled turn: character offsets, the label as written and the participant's name
    (None when the label names nobody the article knows)."""

    start: int
    end: int
    label: str
    name: str | None
    question: bool


def find_turns(text: str, names: list[str], outlet: str | None = None) -> list[Turn]:
    """The turns of an interview in ``text``; none unless two or more paragraphs carry labels
    and at least two different labels or double-parenthesis labels occur.

    ``names`` are the article's names (entities) a label may spell out or abbreviate.
    """
    paras = paragraphs(text)
    labelled = []
    for n, (start, end) in enumerate(paras):
        match = _LABEL.match(text, start, end)
        if match is None:
            continue
        label = (match["paren"] or match["colon"]).strip()
        if label.lower() in _NOT_TURNS or match.end() >= end:
            continue
        labelled.append((n, label, match["paren"] is not None, match.end()))
    kinds = {label.lower() for _, label, _, _ in labelled}
    parens = sum(paren for *_, paren, _ in labelled)
    if len(labelled) < 2 or (len(kinds) < 2 and parens < 2):
        return []
    turns: list[Turn] = []
    for k, (n, label, _, body) in enumerate(labelled):
        last = labelled[k + 1][0] - 1 if k + 1 < len(labelled) else len(paras) - 1
        start, end = paras[n][0], paras[last][1]
        speakers = [*([outlet] if outlet else []), *(t.name for t in turns if t.name)]
        name = participant(label, names, speakers)
        if name is None and _looks_like_a_name(label):
            name = label
        elif name is None and label.isalpha() and label.isupper() and len(label) > 3:
            name = label.title()  # a transcript's "WALLACE:": a surname, not initials
        turns.append(Turn(start, end, label, name, "?" in text[body : paras[n][1]]))
    return turns


def participant(label: str, names: list[str], speakers: list[str] = ()) -> str | None:  # type: ignore[assignment]
    """The name a turn label stands for: the name itself, a surname, or initials.
    ``speakers`` (the outlet, earlier labels) may also be abbreviated letter by letter.

    >>> participant("NG", ["Natasha Gownaris", "Punta Tombo"])
    'Natasha Gownaris'
    >>> participant("WN", ["Washington"], ["Wikinews"]), participant("Q", ["Ana Ruiz"])
    ('Wikinews', None)
    """
    key = label.lower().strip(" .:")
    if key in _ANONYMOUS:
        return None
    for name in [*speakers, *names]:
        words = name.split()
        if key in (name.lower(), words[-1].lower() if words else ""):
            return name
    if not (label.isupper() and 2 <= len(label) <= 5):
        return None
    for name in [*speakers, *names]:
        if len(name.split()) > 1 and _initials(name) == label.upper():
            return name
    return next((name for name in speakers if _letters_of(label, name)), None)


def _initials(name: str) -> str:
    """``WSS`` for William S. Saturn."""
    return "".join(w[0] for w in re.split(r"[\s.\-]+", name) if w).upper()


def _letters_of(label: str, name: str) -> bool:
    """``WN`` for Wikinews: the label's letters in order in a one-word name, from its first."""
    if " " in name.strip() or not name or name[0].upper() != label[0].upper():
        return False
    rest = iter(name[1:].upper())
    return all(letter in rest for letter in label[1:].upper())


def _looks_like_a_name(label: str) -> bool:
    """``((Jaya))``, ``Akram Pasha``: capitalised words, not initials or a role."""
    words = label.split()
    return all(w[:1].isupper() and not w.isupper() for w in words) and label.lower() not in _ANONYMOUS


def turn_at(turns: list[Turn], offset: int) -> int | None:
    """Index of the turn holding ``offset``, if any."""
    for n, turn in enumerate(turns):
        if turn.start <= offset < turn.end:
            return n
    return None


def addressee(turns: list[Turn], n: int) -> str | None:
    """Who "you" is in turn ``n``: for a question the next other speaker, for an answer the
    last other speaker who asked one (else the last other speaker)."""
    me = turns[n].label
    if turns[n].question:
        after = [t for t in turns[n + 1 :] if t.label != me]
        return after[0].name if after else None
    before = [t for t in reversed(turns[:n]) if t.label != me]
    asking = [t for t in before if t.question]
    chosen = asking[0] if asking else (before[0] if before else None)
    return chosen.name if chosen is not None else None

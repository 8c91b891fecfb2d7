"""Statements: one speaker's one statement, however many outlets relay it.

Quotes of a story are grouped by their origin (the same speaker, see
:mod:`dateline.linking.origins`); within a speaker, two quotes are the same statement when their
content words overlap enough. The measure is the *overlap coefficient*
(``|A ∩ B| / min(|A|, |B|)``) rather than Jaccard, because relays trim: one outlet runs the
whole sentence, another its first half, a third turns it into indirect speech. Each statement
lists its quotes (``article:quote`` keys) and the outlets that carried it.

>>> q = [QuoteRelay("a1:q1", "person:gladkov", "Gladkov", "two workers were injured in the fire", ("Daily",)),
...      QuoteRelay("a2:q3", "person:gladkov", "Gladkov", "Two workers were injured in a fire", ("Post",)),
...      QuoteRelay("a2:q4", "person:gladkov", "Gladkov", "the blaze is under control now", ("Post",))]
>>> [(s.quotes, s.relays) for s in cluster_statements(q)]
[(['a1:q1', 'a2:q3'], ['Daily', 'Post']), (['a2:q4'], ['Post'])]
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from dateline.records import Statement

_STOP = frozenset(
    """the a an and or but of to in on at by for with from as is are was were be been being
    that this these those it its he she they them his her their we our you your i me my not no
    has have had do does did will would could should may might can said says say told tell
    there here which who whom what when where than then also very just into over about after
    before more most some any all one""".split()
)


@dataclass(frozen=True)
class QuoteRelay:
    """A quote as one outlet carried it: its key, its speaker's origin key and the outlets."""

    key: str  # "article:quote"
    origin: str  # origin key (the speaker)
    speaker: str
    text: str
    outlets: tuple[str, ...]


def content_words(text: str) -> frozenset[str]:
    """Lower-cased content words with a light plural fold ("strikes" -> "strike").

    >>> sorted(content_words("The strikes hit two depots"))
    ['depot', 'hit', 'strike', 'two']
    """
    words = re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))
    out = set()
    for w in words:
        if w in _STOP or len(w) < 2:
            continue
        if len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        out.add(w)
    return frozenset(out)


def same_statement(a: frozenset[str], b: frozenset[str], *, threshold: float = 0.6) -> bool:
    """Whether two quotes' content words say the same thing: the overlap coefficient reaches
    ``threshold`` on at least three shared words (or all words of a shorter quote)."""
    if not a or not b:
        return False
    shared = len(a & b)
    small = min(len(a), len(b))
    return shared >= min(3, small) and shared / small >= threshold


def cluster_statements(quotes: Sequence[QuoteRelay], *, threshold: float = 0.6) -> list[Statement]:
    """Group the quotes of one story into statements (deterministic: sorted by first quote key).

    Pairs are compared only within one speaker, so the cost is the sum of squares of each
    speaker's quote count, small for a story.
    """
    by_origin: dict[str, list[QuoteRelay]] = {}
    for q in sorted(quotes, key=lambda q: q.key):
        by_origin.setdefault(q.origin, []).append(q)
    statements: list[Statement] = []
    for group in by_origin.values():
        words = [content_words(q.text) for q in group]
        for idx in _components(words, threshold):
            statements.append(_statement([group[i] for i in idx]))
    return sorted(statements, key=lambda s: s.quotes[0])


def _components(words: list[frozenset[str]], threshold: float) -> list[list[int]]:
    """Indices of ``words`` in groups connected by :func:`same_statement`."""
    n = len(words)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(n):
        for j in range(i + 1, n):
            if find(i) != find(j) and same_statement(words[i], words[j], threshold=threshold):
                parent[max(find(i), find(j))] = min(find(i), find(j))
    members: dict[int, list[int]] = {}
    for i in range(n):
        members.setdefault(find(i), []).append(i)
    return list(members.values())


def _statement(relays: list[QuoteRelay]) -> Statement:
    first = relays[0]
    outlets: list[str] = []
    for q in relays:
        for outlet in q.outlets:
            if outlet not in outlets:
                outlets.append(outlet)
    # the longest wording stands for the statement: relays trim, rarely add
    text = max((q.text for q in relays), key=lambda t: (len(t), t))
    return Statement(
        id="st" + hashlib.sha1(first.key.encode()).hexdigest()[:10],
        speaker=first.speaker,
        text=text,
        quotes=[q.key for q in relays],
        relays=outlets,
        origin=first.origin,
    )

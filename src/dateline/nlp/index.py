"""Per-Doc look-ups that cost O(log n) instead of a walk over the whole Doc.

spaCy rebuilds ``doc.text``, ``doc.sents`` and ``doc.ents`` on every access, each a walk over
every token. A stage that asks once per quote, clause or mention therefore costs O(n²) in the
article's length (a 56k-character article spent four minutes in attribution that way). These
helpers build each table once per Doc and answer from it.

The tables are kept beside the Doc in a weak mapping, not in ``doc.user_data``: user data is
serialized with the Doc (``nlp.pipe(n_process=...)``, ``DocBin``), and the table is only a
cache, gone with its Doc. A Doc retokenized afterwards gets a fresh table when its length
differs; no stage changes a Doc's entities or sentences once parsed.

>>> import spacy
>>> doc = spacy.blank("en")("One two. Three four.")
>>> doc[0].is_sent_start, doc[3].is_sent_start = True, True
>>> text_of(doc)
'One two. Three four.'
>>> sentence_of(doc, 4), [str(s) for s in sentences(doc)]
(1, ['One two.', 'Three four.'])
>>> sentences_between(doc, 2, 12)
{0, 1}
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from spacy.tokens import Doc, Span


@dataclass
class DocIndex:
    """The text, sentences and entities of one Doc, with their bounds in sorted lists."""

    text: str
    length: int
    sents: list[Span]
    sent_starts: list[int]  # token offsets
    sent_start_chars: list[int]
    sent_end_chars: list[int]
    ents: list[Span]
    ent_starts: list[int]  # token offsets
    ent_ends: list[int]
    token_ent: list[int] = field(repr=False)  # entity index per token, -1 outside entities
    lowers: list[str] | None = field(default=None, repr=False)  # built by ``lowers_of``

    @classmethod
    def build(cls, doc: Doc) -> DocIndex:
        sents = list(doc.sents) if _has_sents(doc) else [doc[:]]
        ents = list(doc.ents)
        token_ent = [-1] * len(doc)
        for n, ent in enumerate(ents):
            for i in range(ent.start, ent.end):
                token_ent[i] = n
        return cls(
            text=doc.text,
            length=len(doc),
            sents=sents,
            sent_starts=[s.start for s in sents],
            sent_start_chars=[s.start_char for s in sents],
            sent_end_chars=[s.end_char for s in sents],
            ents=ents,
            ent_starts=[e.start for e in ents],
            ent_ends=[e.end for e in ents],
            token_ent=token_ent,
        )


def _has_sents(doc: Doc) -> bool:
    return len(doc) > 0 and (
        doc.has_annotation("SENT_START") or doc.has_annotation("DEP") or "sents" in doc.user_hooks
    )


# A cache of derived tables keyed weakly by Doc (see the module docstring): no loaded data.
_TABLES: WeakKeyDictionary[Doc, DocIndex] = WeakKeyDictionary()


def doc_index(doc: Doc) -> DocIndex:
    """The :class:`DocIndex` of ``doc``, built on first use."""
    found = _TABLES.get(doc)
    if found is None or found.length != len(doc):
        found = _TABLES[doc] = DocIndex.build(doc)
    return found


def text_of(doc: Doc) -> str:
    """``doc.text``, built once."""
    return doc_index(doc).text


def ents_of(doc: Doc) -> list[Span]:
    """``list(doc.ents)``, built once.

    >>> import spacy
    >>> ents_of(spacy.blank("en")("No entities here."))
    []
    """
    return doc_index(doc).ents


def lowers_of(doc: Doc) -> list[str]:
    """``[t.lower_ for t in doc]``, built once.

    >>> import spacy
    >>> lowers_of(spacy.blank("en")("Talks RESUMED."))
    ['talks', 'resumed', '.']
    """
    index = doc_index(doc)
    if index.lowers is None:
        index.lowers = [token.lower_ for token in doc]
    return index.lowers


def sentences(doc: Doc) -> list[Span]:
    """``list(doc.sents)``, built once (the whole Doc when it has no sentence bounds)."""
    return doc_index(doc).sents


def sentence_of(doc: Doc, token: int) -> int:
    """The index of the sentence holding token ``token``."""
    return max(0, bisect_right(doc_index(doc).sent_starts, token) - 1)


def sentence_span(doc: Doc, token: int) -> Span:
    """The sentence holding token ``token`` (``token.sent`` without the walk)."""
    return doc_index(doc).sents[sentence_of(doc, token)]


def sentences_between(doc: Doc, start: int, end: int) -> set[int]:
    """Indices of the sentences overlapping the characters ``[start, end)``."""
    index = doc_index(doc)
    first = bisect_right(index.sent_end_chars, start)
    last = bisect_left(index.sent_start_chars, end)
    return set(range(first, last))


def entity_at(doc: Doc, token: int) -> Span | None:
    """The named-entity span holding token ``token``, if any."""
    n = doc_index(doc).token_ent[token]
    return doc_index(doc).ents[n] if n >= 0 else None


def entity_overlapping(doc: Doc, start: int, end: int) -> Span | None:
    """The first named-entity span overlapping tokens ``[start, end)``, if any."""
    index = doc_index(doc)
    n = bisect_right(index.ent_ends, start)  # first entity ending after ``start``
    if n < len(index.ents) and index.ent_starts[n] < end:
        return index.ents[n]
    return None

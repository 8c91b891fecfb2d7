"""Hand-built parses for model-free unit tests (spaCy's own test style).

A sentence is written one token a line: ``word lemma POS tag dep head [ent]``, where ``head``
is the 0-based index of the head token within the whole text and ``ent`` an IOB entity tag
(``B-PERSON``); a trailing ``_`` after the word means no space follows it.
"""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

VOCAB = spacy.blank("en").vocab


def build(rows: str) -> Doc:
    """A Doc from the rows described in the module docstring."""
    words, spaces, lemmas, pos, tags, deps, heads, ents = [], [], [], [], [], [], [], []
    for line in rows.strip().splitlines():
        parts = line.split()
        word, lemma, p, tag, dep, head = parts[:6]
        glued = word.endswith("_") and len(word) > 1
        words.append(word[:-1] if glued else word)
        spaces.append(not glued)
        lemmas.append(lemma)
        pos.append(p)
        tags.append(tag)
        deps.append(dep)
        heads.append(int(head))
        ents.append(parts[6] if len(parts) > 6 else "O")
    return Doc(
        VOCAB, words=words, spaces=spaces, lemmas=lemmas, pos=pos, tags=tags, deps=deps,
        heads=heads, ents=ents,
    )  # fmt: skip

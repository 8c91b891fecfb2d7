r"""Sentence boundaries at paragraph breaks.

The small parser happily runs a sentence across a headline or a paragraph break; attribution
then joins a quote to the wrong speaker. :func:`load_model` adds this component before the
parser, which keeps boundaries that are already set.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> doc = mark_paragraph_breaks(nlp("Talks stall\n\nPeskov said so."))
>>> [t.text for t in doc if t.is_sent_start]
['Talks', 'Peskov']
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


def mark_paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break, so no sentence spans a headline or paragraph."""
    for token in doc[:-1]:
        if "\n" in token.text or token.text_with_ws.endswith("\n"):
            doc[token.i + 1].is_sent_start = True
    return doc


@Language.component("dateline_paragraph_breaks", assigns=["token.is_sent_start"])
def paragraph_breaks_component(doc: Doc) -> Doc:
    """spaCy component wrapping :func:`mark_paragraph_breaks`."""
    return mark_paragraph_breaks(doc)

"""spaCy components: ``nlp.add_pipe("dateline_quotes")`` calls the same pure functions.

>>> import spacy  # doctest: +SKIP
>>> nlp = spacy.load("en_core_web_sm")  # doctest: +SKIP
>>> nlp.add_pipe("dateline_quotes", config={"outlet": "Reuters"})  # doctest: +SKIP
>>> [q.text for q in nlp('"We will win," he said.')._.quotes]  # doctest: +SKIP
['We will win,']
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from dateline.attribution.core import extract_attributions
from dateline.attribution.extensions import register_extensions
from dateline.nlp.entities import extract_entities, merge_entities
from dateline.records import Article


class QuotesComponent:
    """Sets ``doc._.quotes``, ``doc._.non_comments`` and ``doc._.entities``.

    Entities set by an earlier component in ``doc._.entities`` (else the entity stage's) are
    used for speaker resolution and returned extended (unnamed sources, governments, roles, mentions).
    """

    def __init__(self, outlet: str | None = None) -> None:
        register_extensions()
        self.outlet = outlet

    def __call__(self, doc: Doc) -> Doc:
        article = Article(id="doc", text=doc.text, outlet=self.outlet)
        entities = list(doc._.entities or []) or extract_entities(doc)
        result = extract_attributions(doc, entities, article)
        doc._.quotes = result.quotes
        doc._.non_comments = result.non_comments
        doc._.entities = merge_entities(entities, result.found_entities)
        return doc


@Language.factory(
    "dateline_quotes",
    assigns=["doc._.quotes", "doc._.non_comments", "doc._.entities"],
    requires=["token.dep", "token.lemma", "doc.sents"],
    default_config={"outlet": None},
)
def make_quotes(nlp: Language, name: str, outlet: str | None) -> QuotesComponent:
    """Factory for :class:`QuotesComponent`; ``outlet`` is the publisher closing each chain."""
    return QuotesComponent(outlet=outlet)

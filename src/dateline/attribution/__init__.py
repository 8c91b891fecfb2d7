"""dateline.attribution: who said what, through whom.

>>> from dateline.attribution import extract_attributions  # doctest: +SKIP
>>> result = extract_attributions(doc, entities, article)  # doctest: +SKIP

Importing this package registers the ``dateline_quotes`` spaCy factory.
"""

from dateline.attribution import components  # noqa: F401  (registers the spaCy factory)
from dateline.attribution.core import AttributionResult, extract_attributions, is_speech_like

__all__ = ["AttributionResult", "extract_attributions", "is_speech_like"]

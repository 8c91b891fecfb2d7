"""dateline.attribution: who said what, through whom.

>>> from dateline.attribution import extract_attributions  # doctest: +SKIP
>>> result = extract_attributions(doc, entities, article)  # doctest: +SKIP

The ``dateline_quotes`` spaCy component (:mod:`dateline.components`) wraps it.
"""

from dateline.attribution.core import AttributionResult, extract_attributions, is_speech_like

__all__ = ["AttributionResult", "extract_attributions", "is_speech_like"]

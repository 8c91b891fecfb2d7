"""spaCy model loading, Doc extensions and shared helpers."""

from dateline.nlp.model import load_model

__all__ = ["load_model"]

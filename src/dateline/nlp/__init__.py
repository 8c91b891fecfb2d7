"""spaCy model loading, Doc extensions and shared helpers."""

from dateline.nlp.model import load_model, load_pipeline

__all__ = ["load_model", "load_pipeline"]

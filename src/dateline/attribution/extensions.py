"""The Doc extensions set by the attribution components, registered in one place.

>>> register_extensions()
>>> from spacy.tokens import Doc
>>> Doc.has_extension("quotes")
True
"""

from __future__ import annotations

from spacy.tokens import Doc

#: Extension name -> default. ``entities`` may be set by an earlier entity component.
DOC_EXTENSIONS = {"quotes": None, "non_comments": None, "entities": None}


def register_extensions() -> None:
    """Register ``Doc._.quotes``, ``Doc._.non_comments`` and ``Doc._.entities`` (idempotent)."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)

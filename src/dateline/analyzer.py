"""Which analyzer made a record: dateline's version, the spaCy pipeline, a config hash.

Ingest stores :class:`~dateline.records.Analyzer` with every record and compares its ``key``
with the running one's, so upgrading dateline or the model, or changing the pipeline, makes
the next ``dateline ingest`` re-analyze what is stored (and nothing else).

The config hash covers what shapes output beyond the two versions: the pipeline's component
names in order and each component's config (where dateline's stages keep their settings). Data
tables shipped inside dateline (types.toml, lexicons) change with dateline's version; an edit to
them in a source checkout is not noticed (re-run ``ingest --force``).

>>> import spacy
>>> analyzer = analyzer_of(spacy.blank("en"))
>>> analyzer.model, len(analyzer.config)
('en_pipeline', 12)
"""

from __future__ import annotations

import hashlib
import json

from dateline.records import Analyzer


def config_hash(nlp) -> str:
    """A 12-hex hash of the pipeline's component names and configs.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> before = config_hash(nlp)
    >>> _ = nlp.add_pipe("sentencizer")
    >>> config_hash(nlp) != before
    True
    """
    components = nlp.config.get("components", {})
    shape = {
        "pipeline": list(nlp.pipe_names),
        "components": {name: components.get(name) for name in nlp.pipe_names},
    }
    text = json.dumps(shape, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def analyzer_of(nlp) -> Analyzer:
    """The analyzer that ``nlp`` (with this dateline) is: versions and config hash."""
    import dateline

    meta = nlp.meta
    name = f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}"
    return Analyzer(
        dateline=dateline.__version__,
        model=name,
        model_version=str(meta.get("version", "0.0.0")),
        config=config_hash(nlp),
    )

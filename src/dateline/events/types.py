"""The event type table (``types.toml``): PLOVER type -> CAMEO root -> ACLED (sub-)type -> CASE.

The table is read once, on first use (never at import), and validated: a broken table raises
E601 naming the row and the field.

>>> table = event_types()
>>> table["air_strike"].plover, table["air_strike"].cameo, table["air_strike"].acled_sub
('FIGHT', '19', 'Air/drone strike')
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources

from dateline.errors import DatelineError

#: PLOVER event types, plus dateline's extensions STATEMENT, CRIME and DISASTER.
PLOVER_TYPES = frozenset(
    {
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
        "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
        "FIGHT", "STATEMENT", "CRIME", "DISASTER",
    }
)  # fmt: skip

_FIELDS = ("plover", "cameo", "acled", "acled_sub", "case", "triggers", "cues", "refines", "weight")


_INFIX_HYPHEN = re.compile(r"(?<=[a-z])-(?=[a-z])")


def words_of(text: str) -> tuple[str, ...]:
    """Lower-cased words of a trigger or cue, split as spaCy's tokenizer splits the text: a
    hyphen between letters is a token of its own ("cease-fire" -> cease, -, fire).

    >>> words_of("Pepper-sprayed crowds"), words_of("covid-19")
    (('pepper', '-', 'sprayed', 'crowds'), ('covid-19',))
    """
    return tuple(_INFIX_HYPHEN.sub(" - ", text.lower()).split())


def _shown(words: tuple[str, ...]) -> str:
    return " ".join(words).replace(" - ", "-")


@dataclass(frozen=True)
class Trigger:
    """One trigger entry: a word or phrase, optionally restricted to a part of speech."""

    words: tuple[str, ...]
    pos: str | None = None

    @classmethod
    def parse(cls, entry: str) -> Trigger:
        """``"bomb/VERB"`` -> ``Trigger(("bomb",), "VERB")``.

        >>> Trigger.parse("exchange fire").words
        ('exchange', 'fire')
        """
        text, _, pos = entry.partition("/")
        return cls(words_of(text), pos or None)


@dataclass(frozen=True)
class EventType:
    """One row of the table."""

    key: str
    plover: str
    cameo: str | None
    acled: str | None
    acled_sub: str | None
    case: str
    triggers: tuple[Trigger, ...]
    cues: tuple[tuple[str, ...], ...]
    refines: tuple[str, ...]
    weight: int
    min_cues: int = 1
    trigger_cues: tuple[tuple[str, ...], ...] = ()
    unless: tuple[tuple[str, ...], ...] = ()
    article_cues: int = 0
    intransitive: frozenset[str] = frozenset()

    @property
    def trigger_needs_cue(self) -> bool:
        return bool(self.trigger_cues)


def _row(key: str, raw: dict) -> EventType:
    missing = [f for f in _FIELDS if f not in raw]
    if missing:
        raise DatelineError.make("E601", row=key, detail=f"missing {', '.join(missing)}")
    if raw["plover"] not in PLOVER_TYPES:
        raise DatelineError.make("E601", row=key, detail=f"unknown PLOVER type {raw['plover']!r}")
    return EventType(
        key=key,
        plover=raw["plover"],
        cameo=raw["cameo"] or None,
        acled=raw["acled"] or None,
        acled_sub=raw["acled_sub"] or None,
        case=raw["case"],
        triggers=tuple(Trigger.parse(t) for t in raw["triggers"]),
        cues=tuple(words_of(c) for c in raw["cues"]),
        refines=tuple(raw["refines"]),
        weight=int(raw["weight"]),
        min_cues=int(raw.get("min_cues", 1)),
        trigger_cues=tuple(words_of(c) for c in raw.get("trigger_cues", [])),
        unless=tuple(words_of(c) for c in raw.get("unless", [])),
        article_cues=int(raw.get("article_cues", 0)),
        intransitive=frozenset(raw.get("intransitive", [])),
    )


def parse_table(text: str) -> dict[str, EventType]:
    """Parse and validate a type table given as TOML text.

    >>> parse_table('[x]\\nplover="AID"\\ncameo="07"\\nacled=""\\nacled_sub=""\\ncase="DIPLO"\\n'
    ...             'triggers=["aid"]\\ncues=[]\\nrefines=[]\\nweight=1')["x"].acled is None
    True
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DatelineError.make("E601", row="?", detail=str(exc)) from exc
    table = {key: _row(key, raw) for key, raw in data.items()}
    for row in table.values():
        unknown = [r for r in row.refines if r not in table]
        if unknown:
            raise DatelineError.make("E601", row=row.key, detail=f"refines unknown {unknown}")
    return table


@functools.cache
def event_types() -> dict[str, EventType]:
    """The packaged type table, keyed by row name (read once per process)."""
    text = resources.files("dateline.events").joinpath("types.toml").read_text(encoding="utf-8")
    return parse_table(text)


@functools.cache
def trigger_index() -> dict[str, list[tuple[Trigger, EventType]]]:
    """First trigger word -> [(trigger, row)], longest phrases first."""
    index: dict[str, list[tuple[Trigger, EventType]]] = {}
    for row in event_types().values():
        for trig in row.triggers:
            index.setdefault(trig.words[0], []).append((trig, row))
    for entries in index.values():
        # longest phrase first; among equals, rows whose triggers need a cue (more specific)
        entries.sort(key=lambda e: (-len(e[0].words), not e[1].trigger_needs_cue))
    return index


def vocabulary() -> dict[str, list[str]]:
    """The values the event filters take, from the type table and the record model: PLOVER
    types, ACLED event and sub-event types (a ``type`` filter takes either), factuality values.
    The API serves it (``/api/v1/vocabulary``) and so do the web pages' filters.

    >>> v = vocabulary()
    >>> "FIGHT" in v["event_types"], "Air/drone strike" in v["acled_types"], v["factuality"][0]
    (True, True, 'asserted')
    """
    from dateline.records import FACTUALITY

    acled = {name for row in event_types().values() for name in (row.acled, row.acled_sub) if name}
    return {
        "event_types": sorted(PLOVER_TYPES),
        "acled_types": sorted(acled),
        "factuality": list(FACTUALITY),
    }


def markdown_table() -> str:
    """The type table as the Markdown table of ``docs/event_types.md`` (kept in step by a test)."""
    lines = [
        "| row | PLOVER | CAMEO | ACLED event type | ACLED sub-event type | CASE label | refines "
        "| example triggers or cues |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for key, r in event_types().items():
        examples = ", ".join(_shown(t.words) for t in r.triggers[:5])
        if not examples:
            examples = "cues: " + ", ".join(_shown(c) for c in r.cues[:4])
        lines.append(
            f"| `{key}` | {r.plover} | {r.cameo or '–'} | {r.acled or '–'} | "
            f"{r.acled_sub or '–'} | {r.case} | {', '.join(r.refines) or '–'} | {examples} |"
        )
    return "\n".join(lines)


def case_label(key: str) -> str:
    """The CASE 2021 label of the row ``key``.

    >>> case_label("suicide_bomb")
    'SUIC_BOMB'
    """
    return event_types()[key].case


def refresh_docs(path: str = "docs/event_types.md") -> None:
    """Rewrite the generated table in ``path`` (after editing types.toml)."""
    from pathlib import Path

    marker = "<!-- table: generated by dateline.events.types.markdown_table() -->\n"
    doc = Path(path)
    text = doc.read_text(encoding="utf-8")
    head, _, rest = text.partition(marker)
    _, _, tail = rest.partition("\n\n")
    doc.write_text(f"{head}{marker}{markdown_table()}\n\n{tail}", encoding="utf-8")

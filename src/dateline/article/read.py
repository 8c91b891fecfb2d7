"""Reading articles: plain text, HTML, JSONL, folders, globs and stdin.

Reading never raises for one bad article: :func:`read_articles` yields either an
:class:`~dateline.records.Article` or a :class:`~dateline.errors.TerminalError` per input, so a
batch reports the bad ones and goes on.

>>> from dateline.article.read import article_from_text
>>> a = article_from_text("Title: Talks stall\\nPublished: 2022-04-01\\n\\nPeskov said talks stalled.")
>>> a.title, a.published, a.text
('Talks stall', '2022-04-01', 'Peskov said talks stalled.')
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dateline.article.cleanup import clean_text
from dateline.article.published import find_published, normalize_date
from dateline.errors import DatelineError, TerminalError, warning
from dateline.records import Article

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
#: Suffixes picked up when walking a directory (a file named explicitly is always read).
READABLE = {".txt", ".text"} | HTML_SUFFIXES | JSONL_SUFFIXES

_MAGIC = {
    b"%PDF": "PDF",
    b"PK\x03\x04": "ZIP/Office",
    b"\x89PNG": "PNG",
    b"GIF8": "GIF",
    b"\xff\xd8\xff": "JPEG",
    b"\x1f\x8b": "gzip",
    b"\x7fELF": "executable",
}
MIN_HTML_WORDS = 8
_HEADER = re.compile(r"^(title|published|date|outlet|source|url|author)\s*:\s*(.*)$", re.IGNORECASE)


@dataclass
class Overrides:
    """Metadata given on the command line; wins over what the article says."""

    published: str | None = None
    outlet: str | None = None
    title: str | None = None
    first_line_title: bool = True


@dataclass
class Decoded:
    text: str
    warnings: list[dict] = field(default_factory=list)


def article_id(text: str, url: str | None) -> str:
    """Stable id from the normalized text and url: the same article always gets the same id."""
    norm = " ".join(unicodedata.normalize("NFC", text).split())
    digest = hashlib.sha256(f"{norm}\n{url or ''}".encode()).hexdigest()
    return digest[:16]


#: Unicode's control characters (category Cc: U+0000-U+001F, U+007F-U+009F) but tab and breaks.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def decode(data: bytes, path: str) -> Decoded:
    """Bytes to text: UTF-8 (or UTF-16 with its byte-order mark), else the most plausible legacy
    encoding (with a W102 warning naming it, see :mod:`dateline.article.encoding`), else
    E102/E108.

    >>> decode("Núñez".encode("latin-1"), "a.txt").text
    'Núñez'
    """
    head = data[:8192]
    for magic, kind in _MAGIC.items():
        if head.startswith(magic):
            raise DatelineError.make("E102", path=path, detail=kind)
    warnings: list[dict] = []
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DatelineError.make("E108", path=path, detail=str(exc)) from exc
    elif b"\x00" in head:
        raise DatelineError.make("E102", path=path, detail="contains NUL bytes")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            text, warnings = _decode_fallback(data, path, exc)
    import ftfy

    fixed = ftfy.fix_text(text, uncurl_quotes=False, fix_line_breaks=False, normalization="NFC")
    if fixed != unicodedata.normalize("NFC", text):
        warnings.append(warning("W102", detail="mojibake repaired"))
    controls = len(_CONTROLS.findall(fixed, 0, 4096))
    if controls > 0.05 * max(1, len(fixed[:4096])):
        raise DatelineError.make("E102", path=path, detail="mostly control characters")
    return Decoded(fixed, warnings)


def _decode_fallback(data: bytes, path: str, exc: UnicodeDecodeError) -> tuple[str, list[dict]]:
    """UTF-8 with a few stray bytes keeps UTF-8 (the bytes replaced); otherwise the most
    plausible legacy decoding."""
    from dateline.article.encoding import best_decoding

    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 127) - bad
    if good >= 2 * bad:  # valid multi-byte sequences rarely happen by chance in legacy text
        return text, [warning("W102", detail=f"{bad} undecodable bytes replaced")]
    best = best_decoding(data)
    if best.score < 0 and bad > max(3, len(text) // 1000):
        raise DatelineError.make("E108", path=path, detail=str(exc))
    return best.text, [warning("W102", detail=f"decoded as {best.encoding}")]


def article_from_text(
    raw: str, source_path: str | None = None, overrides: Overrides | None = None
) -> Article:
    """A plain-text article: optional header block (``Title:``, ``Published:``, ``Outlet:``,
    ``URL:``), else the first line is the title (unless ``overrides.first_line_title`` is off)."""
    overrides = overrides or Overrides()
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").lstrip("\n").split("\n")
    meta: dict[str, str] = {}
    i = 0
    while i < len(lines) and (m := _HEADER.match(lines[i].strip())):
        meta[m.group(1).lower()] = m.group(2).strip()
        i += 1
    if meta:
        body = "\n".join(lines[i:])
    elif (
        overrides.first_line_title
        and any(line.strip() for line in lines[1:])  # a title heads a body, never alone
        and _looks_like_title(lines[0])
    ):
        meta["title"] = lines[0].strip()
        body = "\n".join(lines[1:])
    else:
        body = "\n".join(lines)
    return _build(
        body,
        source_path,
        overrides,
        title=meta.get("title"),
        published=meta.get("published") or meta.get("date"),
        published_source="header",
        outlet=meta.get("outlet") or meta.get("source"),
        url=meta.get("url"),
    )


def _looks_like_title(line: str) -> bool:
    line = line.strip()
    return 0 < len(line) <= 200 and not line.endswith((".", '."', ".”")) or len(line.split()) <= 12


def article_from_html(
    html: str,
    source_path: str | None = None,
    overrides: Overrides | None = None,
    url: str | None = None,
    warnings: list[dict] | None = None,
) -> Article:
    """An HTML page: main text and metadata (title, date, site name, url) via trafilatura.

    A page nested deeper than :data:`dateline.article.nesting.MAX_DEPTH` levels is flattened
    first (its text kept) and a W104 warning is appended to ``warnings``.

    >>> page = "<html><body>" + "<div>" * 300 + "<p>Officials in Kyiv said the talks had stalled "
    >>> page += "and more meetings were planned.</p>" + "</div>" * 300 + "</body></html>"
    >>> notes = []
    >>> article_from_html(page, warnings=notes).text[:17], [n["code"] for n in notes]
    ('Officials in Kyiv', ['W104'])
    """
    import trafilatura

    from dateline.article.nesting import MAX_DEPTH, flatten_deep_html

    html, dropped = flatten_deep_html(html, MAX_DEPTH)
    if dropped and warnings is not None:
        warnings.append(warning("W104", limit=MAX_DEPTH, count=dropped))
    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False
    )
    text = (doc.text if doc is not None else "") or ""
    if len(text.split()) < MIN_HTML_WORDS:  # trafilatura falls back to menus on empty pages
        raise DatelineError.make("E106", path=source_path or "<html>")
    title = doc.title
    lines = text.split("\n")
    if title and lines and lines[0].strip() == title.strip():
        lines = lines[1:]
    removed_captions = _figcaptions(html)
    article = _build(
        "\n\n".join(lines),
        source_path,
        overrides or Overrides(),
        title=title,
        published=doc.date,
        published_source="html",
        outlet=doc.sitename,
        url=doc.url or url,
    )
    if removed_captions:
        article.removed.extend(removed_captions)
    return article


def _figcaptions(html: str) -> list:
    """Captions in <figcaption> are dropped by trafilatura; list them so the record says so."""
    from lxml import html as lxml_html

    from dateline.records import Removed

    try:
        tree = lxml_html.fromstring(html)
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        return []
    captions = (" ".join(node.text_content().split()) for node in tree.iter("figcaption"))
    return [Removed(kind="caption", text=c) for c in captions if c]


def _build(
    body: str,
    source_path: str | None,
    overrides: Overrides,
    *,
    title: str | None,
    published: str | None,
    published_source: str,
    outlet: str | None,
    url: str | None,
) -> Article:
    text, removed = clean_text(body)
    if not text.strip():
        raise DatelineError.make("E101", path=source_path or "<input>")
    date, date_source = None, None
    if overrides.published:
        date, date_source = normalize_date(overrides.published), "flag"
        if date is None:
            raise DatelineError.make(
                "E109", path=source_path or "<input>", value=overrides.published
            )
    elif published and (date := normalize_date(published)):
        date_source = published_source
    else:
        date, date_source = find_published(text, url)
    return Article(
        id=article_id(text, url),
        title=overrides.title or title,
        published=date,
        published_source=date_source,
        outlet=overrides.outlet or outlet,
        url=url,
        text=text,
        source_path=source_path,
        removed=removed,
    )


# --------------------------------------------------------------------------- inputs


@dataclass
class Item:
    """One article read (with read-time warnings) or the error that stopped it."""

    source: str
    article: Article | None = None
    warnings: list[dict] = field(default_factory=list)
    error: TerminalError | None = None


def expand_paths(paths: Sequence[str]) -> Iterator[tuple[str, TerminalError | None]]:
    """(file, None) for each file named by ``paths`` -- files, directories (recursively, by
    readable suffix), globs, '-' for stdin -- and (spec, error) for a path that does not exist."""
    for spec in paths:
        if spec == "-":
            yield spec, None
            continue
        matches = sorted(glob.glob(spec, recursive=True)) if glob.has_magic(spec) else [spec]
        if not matches or not all(os.path.exists(m) for m in matches):
            yield spec, DatelineError.make("E107", path=spec)  # type: ignore[misc]
            continue
        for match in matches:
            p = Path(match)
            if p.is_dir():
                yield from ((f, None) for f in _walk(p))
            else:
                yield match, None


def _walk(folder: Path) -> Iterator[str]:
    """Readable files under ``folder``, depth first in name order, listed one directory at a
    time (a folder of a million files is never held as one sorted list of paths)."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            f = Path(root) / name
            if f.suffix.lower() in READABLE and not name.startswith(".") and f.is_file():
                yield str(f)


def read_articles(
    paths: Sequence[str], overrides: Overrides | None = None, max_bytes: int = 10_000_000
) -> Iterator[Item]:
    """Every article in ``paths``, one :class:`Item` each; bad ones carry their error."""
    overrides = overrides or Overrides()
    for path, missing in expand_paths(paths):
        if missing is not None:
            yield Item(source=path, error=missing)
            continue
        if path != "-" and Path(path).suffix.lower() in JSONL_SUFFIXES and _line_safe(path):
            yield from _stream_jsonl(path, overrides, max_bytes)
            continue
        try:
            data = _read_bytes(path, max_bytes)
            decoded = decode(data, path)
        except TerminalError as exc:
            yield Item(source=path, error=exc)
            continue
        kind = _kind(path, decoded.text)
        if kind == "jsonl":
            yield from _jsonl_items(decoded.text, path, overrides, decoded.warnings)
            continue
        notes = list(decoded.warnings)
        try:
            if kind == "html":
                article = article_from_html(decoded.text, path, overrides, warnings=notes)
            else:
                article = article_from_text(decoded.text, path, overrides)
        except TerminalError as exc:
            yield Item(source=path, error=exc)
            continue
        yield Item(source=path, article=article, warnings=notes)


def _read_bytes(path: str, max_bytes: int) -> bytes:
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        size = os.path.getsize(path)
        if size > max_bytes:
            raise DatelineError.make("E103", path=path, size=size, limit=max_bytes)
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise DatelineError.make("E103", path=path, size=f"over {max_bytes}", limit=max_bytes)
    if not data.strip():
        raise DatelineError.make("E101", path=path)
    return data


def _kind(path: str, text: str) -> str:
    suffix = Path(path).suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in HTML_SUFFIXES:
        return "html"
    if path == "-" or suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
        head = text.lstrip()[:200].lower()
        if head.startswith(("<!doctype html", "<html")):
            return "html"
        if head.startswith("{"):
            return "jsonl"
    return "text"


def _line_safe(path: str) -> bool:
    """A JSONL file that can be cut into lines as bytes: not UTF-16 (its byte-order mark) and
    not a binary file named .jsonl (those are read whole, and get their error)."""
    with open(path, "rb") as fh:
        head = fh.read(8192)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
        return False
    return not any(head.startswith(magic) for magic in _MAGIC)


def _stream_jsonl(
    path: str,
    overrides: Overrides,
    max_bytes: int,
    *,
    start: int = 0,
    end: int | None = None,
    line: int = 1,
) -> Iterator[Item]:
    """The articles of a JSONL file, read one line at a time: memory holds one line, whatever
    the file's size, and ``max_bytes`` bounds each line (one article) rather than the file.
    ``start``/``end`` (bytes, ``start`` at a line whose number is ``line``) read a range."""
    with open(path, "rb") as fh:
        fh.seek(start)
        offset = start
        for n, raw in enumerate(fh, start=line):
            if end is not None and offset >= end:
                return
            offset += len(raw)
            if not raw.strip():
                continue
            source = f"{path}:{n}"
            try:
                if len(raw) > max_bytes:
                    raise DatelineError.make("E103", path=source, size=len(raw), limit=max_bytes)
                decoded = decode(raw, source)
                notes = list(decoded.warnings)
                article = article_from_json(decoded.text, path, n, overrides, notes)
            except TerminalError as exc:
                yield Item(source=source, error=exc)
                continue
            yield Item(source=source, article=article, warnings=notes)


def _jsonl_items(
    text: str, path: str, overrides: Overrides, warnings: list[dict]
) -> Iterator[Item]:
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        source = f"{path}:{n}"
        notes = list(warnings)
        try:
            article = article_from_json(line, path, n, overrides, notes)
        except TerminalError as exc:
            yield Item(source=source, error=exc)
            continue
        yield Item(source=source, article=article, warnings=notes)


def article_from_json(
    line: str, path: str, n: int, overrides: Overrides, warnings: list[dict] | None = None
) -> Article:
    """One JSONL line: ``text`` or ``html``, optional ``id``, ``title``, ``published`` (or
    ``date``), ``outlet``, ``url``; read-time warnings (W104) are appended to ``warnings``."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise DatelineError.make("E104", path=path, line=n, detail=exc.msg) from exc
    if not isinstance(obj, dict):
        raise DatelineError.make("E110", path=path, line=n)
    source = f"{path}:{n}"
    text, html = obj.get("text"), obj.get("html")
    merged = Overrides(
        published=overrides.published,
        outlet=overrides.outlet or _str(obj.get("outlet")),
        title=overrides.title or _str(obj.get("title")),
        first_line_title=False,
    )
    if isinstance(html, str) and html.strip():
        article = article_from_html(
            html, source, merged, url=_str(obj.get("url")), warnings=warnings
        )
    elif isinstance(text, str) and text.strip():
        article = _build(
            text,
            source,
            merged,
            title=merged.title,
            published=_str(obj.get("published") or obj.get("date")),
            published_source="jsonl",
            outlet=merged.outlet,
            url=_str(obj.get("url")),
        )
    else:
        raise DatelineError.make("E105", path=path, line=n)
    if obj.get("id") is not None:
        article.id = str(obj["id"])
    return article


def _str(value: object) -> str | None:
    return str(value) if value not in (None, "") else None

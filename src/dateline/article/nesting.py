"""Deeply nested HTML made shallow enough to parse, keeping its text.

libxml2 (under lxml and trafilatura) stops building a tree at 256 levels of nesting, so a page
wrapped in thousands of ``<div>`` loses its article. :func:`flatten_deep_html` keeps every
element down to :data:`MAX_DEPTH` levels and drops the tags (never the text) below: a dropped
block element leaves a line break, so paragraphs stay apart.

>>> page = "<html><body>" + "<div>" * 500 + "<p>Kyiv said so.</p>" + "</div>" * 500 + "</body></html>"
>>> shallow, dropped = flatten_deep_html(page)
>>> dropped > 0 and "Kyiv said so." in shallow and shallow.count("<div>") < MAX_DEPTH
True
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

#: Deepest nesting kept; libxml2's own limit is 256.
MAX_DEPTH = 200
#: Elements that never hold content, so they open no level.
VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
#: Elements whose edges separate text: dropped, they leave a line break.
BLOCK = frozenset(
    "address article aside blockquote dd div dl dt fieldset figcaption figure footer form h1 h2 "
    "h3 h4 h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead tr ul".split()
)
#: Elements that an opening sibling closes, as HTML parsers do: "<p>a<p>b" is two paragraphs.
SIBLINGS = {"p": {"p"}, "li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "tr": {"tr"}}
SIBLINGS |= {"td": {"td", "th"}, "th": {"td", "th"}, "option": {"option"}}
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z]")


def max_depth(html: str) -> int:
    """The deepest element nesting in ``html`` (void elements open no level).

    >>> max_depth("<html><body><div><p>x<br></p></div></body></html>")
    4
    """
    counter = _Flattener(None)
    counter.feed(html)
    counter.close()
    return counter.deepest


def flatten_deep_html(html: str, limit: int = MAX_DEPTH) -> tuple[str, int]:
    """``html`` with the elements below ``limit`` levels dropped (their tags, not their text),
    and how many elements were dropped."""
    if len(_TAG.findall(html)) < limit:
        return html, 0  # too few tags to nest that deep
    flattener = _Flattener(limit)
    flattener.feed(html)
    flattener.close()
    if not flattener.dropped:
        return html, 0
    return "".join(flattener.out), flattener.dropped


class _Flattener(HTMLParser):
    """Re-emits the page, dropping the tags below ``limit`` (counts only when it is None)."""

    def __init__(self, limit: int | None) -> None:
        super().__init__(convert_charrefs=False)
        self.limit = limit
        self.stack: list[tuple[str, bool]] = []  # (tag, emitted)
        self.out: list[str] = []
        self.dropped = 0
        self.deepest = 0
        self.text_since_break = False

    def _emit(self, piece: str) -> None:
        if self.limit is not None:
            self.out.append(piece)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or f"<{tag}>"
        if tag in VOID:
            self.handle_startendtag(tag, attrs)
            return
        if self.stack and (
            self.stack[-1][0] in SIBLINGS.get(tag, ())
            or (tag in BLOCK and self.stack[-1][0] == "p")
        ):
            self.handle_endtag(self.stack[-1][0])  # implied end: a paragraph opens no level
        keep = self.limit is None or len(self.stack) < self.limit
        self.stack.append((tag, keep))
        self.deepest = max(self.deepest, len(self.stack))
        if keep:
            self._emit(raw)
        else:
            self._drop(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.limit is None or len(self.stack) < self.limit:
            self._emit(self.get_starttag_text() or f"<{tag}/>")
        elif tag in BLOCK or tag == "br":
            self._break()

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                break
        else:
            if self.limit is None or len(self.stack) < self.limit:
                self._emit(f"</{tag}>")  # a stray end tag: pass it on as it came
            return
        while len(self.stack) > i:
            name, kept = self.stack.pop()
            if kept:
                self._emit(f"</{name}>")
            elif name in BLOCK:
                self._break()

    def _drop(self, tag: str) -> None:
        self.dropped += 1
        if tag in BLOCK:
            self._break()

    def _break(self) -> None:
        if self.text_since_break:
            self._emit("<br>")
            self.text_since_break = False

    def handle_data(self, data: str) -> None:
        self._emit(data)  # as it came: the source text is already valid HTML
        if data.strip():
            self.text_since_break = True

    def handle_entityref(self, name: str) -> None:
        self._emit(f"&{name};")
        self.text_since_break = True

    def handle_charref(self, name: str) -> None:
        self._emit(f"&#{name};")
        self.text_since_break = True

    def handle_comment(self, data: str) -> None:
        self._emit(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self._emit(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self._emit(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self._emit(f"<![{data}]>")

"""The web UI: HTML pages over the JSON API, served by the same app (``dateline serve``).

Every page is a static shell (one layout, :data:`PAGES`) plus a script under ``static/js/``
that fetches the API call the page renders and builds the page with DOM calls: record text is
untrusted, so it only ever reaches the page as ``textContent``, never as HTML. Each page links
its *JSON twin*, the API URL with the same filters, in a ``<link rel="alternate">`` and in a
visible link. Every script, style sheet and map outline is a file of this package (see
``static/vendor/VENDORED.md``), so the UI works offline under the API's Content-Security-Policy
(scripts and styles from the server itself only; no inline script, no inline handler).

>>> json_twin("article", {"article_id": "3f2a"}, "")
'/api/v1/articles/3f2a'
>>> json_twin("timeline", {}, "type=FIGHT&country=UA")
'/api/v1/events?type=FIGHT&country=UA&limit=500'
"""

import html
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

API = "/api/v1"


@dataclass(frozen=True)
class Page:
    """One page: its route, title, script, and how its JSON twin is named."""

    name: str
    route: str
    title: str
    #: the API path the page renders; ``{...}`` fields come from the route's parameters
    twin: str
    #: the query parameters the page passes on to its twin (its filters)
    params: tuple[str, ...] = ()
    #: a fixed page size the script asks for (None: the API's default)
    limit: int | None = None
    #: vendored scripts and style sheets the page needs besides the common ones
    vendor: tuple[str, ...] = ()


PAGES: tuple[Page, ...] = (
    Page("home", "/", "Search and latest", API + "/articles",
         ("q", "outlet", "since", "until", "cursor"), limit=50),
    Page("article", "/articles/{article_id}", "Article", API + "/articles/{article_id}"),
    Page("stories", "/stories", "Stories", API + "/stories",
         ("q", "type", "country", "place", "since", "until", "min_origins", "contradicted",
          "cursor"), limit=50),
    Page("story", "/stories/{story_id}", "Story", API + "/stories/{story_id}"),
    Page("map", "/map", "Map", API + "/events",
         ("type", "country", "factuality", "since", "until"), limit=500,
         vendor=("leaflet/leaflet.css", "leaflet/leaflet.js",
                 "topojson-client/topojson-client.min.js")),
    Page("timeline", "/timeline", "Timeline", API + "/events",
         ("type", "country", "factuality", "since", "until", "cursor"), limit=500),
)  # fmt: skip

_NAV = (("/", "Search"), ("/stories", "Stories"), ("/map", "Map"), ("/timeline", "Timeline"))


def static_dir() -> Path:
    """The folder of the UI's scripts, styles and vendored assets (inside the package)."""
    return Path(str(resources.files("dateline.web") / "static"))


def page(name: str) -> Page:
    """The page called ``name`` (KeyError if there is none).

    >>> page("story").route
    '/stories/{story_id}'
    """
    for candidate in PAGES:
        if candidate.name == name:
            return candidate
    raise KeyError(name)


def json_twin(name: str, path_params: dict[str, str], query: str) -> str:
    """The API URL that page ``name`` renders, for these route parameters and query string.

    Only the page's own filters pass (others are dropped); empty values are left out.

    >>> json_twin("stories", {}, "country=UA&evil=1&type=")
    '/api/v1/stories?country=UA&limit=50'
    """
    spec = page(name)
    path = spec.twin.format(**{k: quote(v, safe="") for k, v in path_params.items()})
    pairs = [(k, v) for k, v in parse_qsl(query) if k in spec.params and v]
    if spec.limit is not None:
        pairs.append(("limit", str(spec.limit)))
    return f"{path}?{urlencode(pairs)}" if pairs else path


def render(name: str, path_params: dict[str, str], query: str) -> str:
    """The HTML shell of page ``name``: the layout, its JSON twin, its script.

    Nothing from the request reaches the page except through :func:`html.escape`.

    >>> shell = render("article", {"article_id": '"><script>'}, "")
    >>> '<script>' in shell.split('<main')[1].split('</main>')[0]
    False
    """
    spec = page(name)
    twin = html.escape(json_twin(name, path_params, query))
    vendor_css = "".join(
        f'<link rel="stylesheet" href="/static/vendor/{v}">\n' for v in spec.vendor if v.endswith(".css")
    )
    vendor_js = "".join(
        f'<script src="/static/vendor/{v}"></script>\n' for v in spec.vendor if v.endswith(".js")
    )
    nav = "".join(
        f'<a href="{href}"{" aria-current=page" if href == spec.route else ""}>{label}</a>'
        for href, label in _NAV
    )
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(spec.title)} · dateline</title>
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/static/css/dateline.css">
{vendor_css}<link rel="alternate" type="application/json" href="{twin}">
</head>
<body data-page="{spec.name}">
<header class="top">
<a class="brand" href="/">dateline</a>
<nav>{nav}</nav>
<form class="search" action="/" method="get" role="search">
<input type="search" name="q" placeholder="Search articles" aria-label="Search articles">
</form>
<a class="twin" id="json-twin" href="{twin}" title="The API call this page renders">JSON</a>
</header>
<main id="app" aria-live="polite"><p class="loading">Loading…</p></main>
{vendor_js}<script type="module" src="/static/js/{spec.name}.js"></script>
</body>
</html>
"""


def vocabulary_module() -> str:
    """``/static/js/vocabulary.js``: the filter values as a JavaScript module, written from
    dateline's own tables (:func:`dateline.events.types.vocabulary`), so the pages never keep a
    copy of their own.

    >>> 'export const FACTUALITY = ["asserted",' in vocabulary_module()
    True
    """
    from dateline.events.types import vocabulary

    values = vocabulary()
    return (
        "// Written by dateline.web.vocabulary_module from dateline's own tables; the same values\n"
        "// as GET /api/v1/vocabulary.\n"
        f"export const PLOVER_TYPES = {json.dumps(values['event_types'])};\n"
        f"export const ACLED_TYPES = {json.dumps(values['acled_types'])};\n"
        f"export const FACTUALITY = {json.dumps(values['factuality'])};\n"
    )


def mount(app: Any) -> None:
    """Add the web pages and their static files to the FastAPI ``app`` (``create_app`` calls it).

    >>> from fastapi import FastAPI
    >>> app = FastAPI(); mount(app)
    >>> sorted(r.path for r in app.routes if not r.path.startswith(("/docs", "/openapi")))[:3]
    ['/', '/articles/{article_id}', '/map']
    """
    from fastapi import Request
    from fastapi.responses import HTMLResponse, Response
    from starlette.staticfiles import StaticFiles

    def _route(spec: Page):
        # The annotation must be the class itself (FastAPI reads it to inject the request), so
        # this module does without ``from __future__ import annotations``.
        def show(request: Request) -> HTMLResponse:
            body = render(spec.name, dict(request.path_params), request.url.query)
            return HTMLResponse(body, headers={"Cache-Control": "no-cache"})

        show.__name__ = f"page_{spec.name}"
        return show

    script = vocabulary_module()

    def vocabulary_js() -> Response:
        return Response(script, media_type="text/javascript", headers={"Cache-Control": "no-cache"})

    # before the static files' mount, which would otherwise answer for the path
    app.add_api_route(
        "/static/js/vocabulary.js", vocabulary_js, methods=["GET"], include_in_schema=False
    )
    for spec in PAGES:
        app.add_api_route(
            spec.route, _route(spec), methods=["GET"], include_in_schema=False,
            response_class=HTMLResponse,
        )  # fmt: skip
    app.mount("/static", StaticFiles(directory=static_dir()), name="static")


__all__ = [
    "PAGES", "Page", "json_twin", "mount", "page", "render", "static_dir", "vocabulary_module",
]

"""The endpoints under ``/api/v1``: thin calls into :class:`dateline.store.Store` and
:func:`dateline.pipeline.analyze`; filtering, paging and SQL all live in the store.

Every list answers ``{"items": [...], "total": N, "next": cursor-or-null}``; ``limit`` is 1 to
500, and either ``cursor`` (the previous page's ``next``) or ``offset`` picks the page.
"""

from __future__ import annotations

import functools
import hmac
import inspect
import typing
from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field

from dateline.errors import DatelineError
from dateline.records import AnalysisRecord, Event, Story
from dateline.store import FILTERS, Page, Store

router = APIRouter()

#: Article columns a list gives (the full record, text included, is one GET away).
ARTICLE_SUMMARY = ("id", "title", "published", "outlet", "url", "language", "main_event")
#: Characters of article text a list item shows as ``snippet``.
SNIPPET = 240

# --- shared parameters

Limit = Annotated[int, Query(ge=1, le=500, description="Items per page (1 to 500).")]
Cursor = Annotated[
    str | None,
    Query(max_length=2000, description="The `next` of the previous page (not with offset)."),
]
Offset = Annotated[
    int | None, Query(ge=0, le=100_000_000, description="Items to skip (not with cursor).")
]
Text = Annotated[str | None, Query(max_length=200)]
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
Since = Annotated[
    str | None,
    Query(pattern=DATE_PATTERN, description="Published on or after this day (YYYY-MM-DD)."),
]
Until = Annotated[
    str | None,
    Query(pattern=DATE_PATTERN, description="Published on or before this day (YYYY-MM-DD)."),
]
Q = Annotated[
    str | None,
    Query(max_length=200, description="Case-insensitive text match (see each endpoint)."),
]
Outlet = Annotated[str | None, Query(max_length=200, description="Publishing outlet.")]
ArticleId = Annotated[str | None, Query(max_length=200, description="One article's items.")]
Country = Annotated[
    str | None,
    Query(max_length=60, description="ISO 3166-1 alpha-2 code (UA) or English name (Ukraine)."),
]

Factuality = typing.get_args(Event.model_fields["factuality"].annotation)


class Envelope(BaseModel):
    """One page of a list."""

    items: list[dict[str, Any]]
    total: int = Field(description="Items matching the filters, over all pages.")
    next: str | None = Field(description="Cursor of the following page; null on the last.")


class ErrorBody(BaseModel):
    code: str = Field(description="Numbered error, e.g. E302 (src/dateline/errors.py).")
    message: str
    fix: str


class ErrorResponse(BaseModel):
    error: ErrorBody


ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorResponse, "description": "A parameter is not valid (E902, E3xx)."},
    503: {"model": ErrorResponse, "description": "The store is busy (E301): retry later."},
}


def leased(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """``endpoint(store, ...)`` as a route taking the request: the store is leased from the
    app's pool for the call, in the same worker thread (one thread hop per request)."""
    signature = inspect.signature(endpoint)
    params = [p for p in signature.parameters.values() if p.name != "store"]
    takes_request = any(p.name == "request" for p in params)
    if not takes_request:
        params.insert(0, inspect.Parameter("request", _POSITIONAL, annotation=Request))

    @functools.wraps(endpoint)
    def route(**kwargs: Any) -> Any:
        request = kwargs["request"] if takes_request else kwargs.pop("request")
        with request.app.state.pool.lease() as store:
            return endpoint(store=store, **kwargs)

    route.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
    return route


_POSITIONAL = inspect.Parameter.POSITIONAL_OR_KEYWORD
_KEYWORD = inspect.Parameter.KEYWORD_ONLY


#: Response header of a list: whether its total came from the server's cache of totals
#: (``cached``) or was counted for this request (``counted``); load tests report the share.
TOTAL_HEADER = "x-dateline-total"


def _envelope(page: Any, items: list[Any]) -> JSONResponse:
    return _sourced(JSONResponse({"items": items, "total": page.total, "next": page.next}), page)


def _sourced(response: JSONResponse, page: Any) -> JSONResponse:
    cached = isinstance(page, Counted) and page.cached
    response.headers[TOTAL_HEADER] = "cached" if cached else "counted"
    return response


def _country(value: str | None) -> str | None:
    """An ISO alpha-2 code as given (upper-cased), or the code of a country name (E312)."""
    if value is None:
        return None
    if len(value) == 2:
        return value.upper()
    from dateline.geo.countries import country_of_name

    code = country_of_name(value)
    if code is None:
        raise DatelineError.make("E312", name=value)
    return code


# --- the store


class Status(BaseModel):
    version: str
    schema_version: str
    articles: int
    stories: int
    writes: bool


@router.get("/status", response_model=Status, responses=ERRORS, tags=["store"])
@leased
def status(request: Request, store: Store) -> Status:
    """What this server serves: versions, counts, and whether writes are allowed."""
    from dateline import __version__

    return Status(
        version=__version__,
        schema_version=store.schema_version(),
        articles=store.count("articles"),
        stories=store.count_stories(),
        writes=request.app.state.allow_writes,
    )


class Vocabulary(BaseModel):
    event_types: list[str] = Field(description="PLOVER event types (the events' `type`)")
    acled_types: list[str] = Field(description="ACLED event and sub-event types")
    factuality: list[str] = Field(description="the events' factuality values")


@router.get("/vocabulary", response_model=Vocabulary, tags=["store"])
def vocabulary() -> Vocabulary:
    """The values the `type` and `factuality` filters take (`type` takes a PLOVER type or an
    ACLED event or sub-event type, any case)."""
    from dateline.events.types import vocabulary

    return Vocabulary(**vocabulary())


# --- articles


@router.get("/articles", response_model=Envelope, responses=ERRORS, tags=["articles"])
@leased
def list_articles(
    request: Request, store: Store, filters: _list("articles"), window: Page50
) -> JSONResponse:
    """Articles, oldest first: id, title, outlet, date and the first words of the text.

    `q` matches the title or the text."""
    page = _page(request, store, "articles", filters, window)
    return _envelope(page, [_article_summary(row) for row in page.items])


def _article_summary(row: dict[str, Any]) -> dict[str, Any]:
    summary = {name: row.get(name) for name in ARTICLE_SUMMARY}
    text = row.get("text") or ""
    summary["snippet"] = text[:SNIPPET]
    return summary


@router.get(
    "/articles/{article_id}",
    response_model=AnalysisRecord,
    responses={404: {"model": ErrorResponse, "description": "No such article (E302)."}, **ERRORS},
    tags=["articles"],
)
@leased
def get_article(store: Store, article_id: Annotated[str, Path(max_length=200)]) -> Response:
    """One article's full record: text, entities, quotes, events, times, places, figures."""
    # The stored JSON as it is: the store wrote it from a validated record (no re-validation
    # through the response model, which cost more than the read itself).
    return Response(store.get_json(article_id), media_type="application/json")


# --- items of the records

EntityType = Annotated[
    str | None, Query(max_length=40, description="Entity type: PERSON, ORG, GPE, ...")
]
EventType = Annotated[
    str | None,
    Query(max_length=60, description="PLOVER type, ACLED event type or sub-event type."),
]
FactualityQ = Annotated[
    Literal[Factuality] | None,  # type: ignore[valid-type]
    Query(description="How the event is reported."),
]
Speaker = Annotated[str | None, Query(max_length=200, description="Speaker's name contains this.")]
QuoteKind = Annotated[Literal["direct", "indirect", "mixed"] | None, Query()]
Name = Annotated[str | None, Query(max_length=200, description="Name contains this.")]

#: How each store filter (:data:`dateline.store.FILTERS`) is asked for over HTTP: its query
#: parameter and declaration; a kind whose filter means something else names it in
#: :data:`KIND_PARAMS`. Every list endpoint takes the filters the store takes for its kind.
PARAMS: dict[str, tuple[str, Any]] = {
    "q": ("q", Q),
    "article": ("article", ArticleId),
    "outlet": ("outlet", Outlet),
    "since": ("since", Since),
    "until": ("until", Until),
    "speaker": ("speaker", Speaker),
    "quote_kind": ("kind", QuoteKind),
    "type": ("type", EventType),
    "country": ("country", Country),
    "factuality": ("factuality", FactualityQ),
    "label": ("type", EntityType),
    "name": ("name", Name),
}
#: Order of the query parameters in the docs (the kind's own filters first).
_ORDER = ("speaker", "quote_kind", "type", "label", "name", "country", "factuality", "q",
          "article", "outlet", "since", "until")  # fmt: skip


def _declared(names: list[str], params: dict[str, tuple[str, Any]], convert: Callable) -> Any:
    """A FastAPI dependency taking the query parameters of ``names`` (store filter names,
    declared in ``params``) and giving the store's filters: those given, ``convert``-ed."""

    def dependency(**given: Any) -> dict[str, Any]:
        found = {name: given[params[name][0]] for name in names}
        return convert({k: v for k, v in found.items() if v is not None})

    dependency.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter(params[n][0], _KEYWORD, default=None, annotation=params[n][1])
            for n in names
        ]
    )
    return dependency


def _store_filters(given: dict[str, Any]) -> dict[str, Any]:
    if "country" in given:
        given["country"] = _country(given["country"])
    return given


@functools.cache
def filters_of(kind: str) -> Any:
    """The dependency declaring ``kind``'s filters (every kind's, then its own).

    >>> sorted(inspect.signature(filters_of("quotes")).parameters)
    ['article', 'kind', 'outlet', 'q', 'since', 'speaker', 'until']
    """
    allowed = FILTERS["*"] | FILTERS.get(kind, frozenset())
    return _declared([n for n in _ORDER if n in allowed], PARAMS, _store_filters)


class Window(BaseModel):
    """Which page: ``limit`` items from the ``cursor`` (or ``offset``)."""

    limit: int
    cursor: str | None = None
    offset: int | None = None


@functools.cache
def window_of(default: int) -> Any:
    """The dependency declaring ``limit`` (default ``default``), ``cursor`` and ``offset``."""

    def window(limit: Limit = default, cursor: Cursor = None, offset: Offset = None) -> Window:
        return Window(limit=limit, cursor=cursor, offset=offset)

    return window


Filters = dict[str, Any]


def _page(request: Request, store: Store, kind: str, filters: Filters, window: Window) -> Page:
    """One page of ``kind``, its total counted once per store generation (app.Totals)."""
    state = request.app.state
    generation = state.pool.generation if state.pool.hold is not None else None
    total, cached = state.totals.get(
        generation, (kind, tuple(sorted(filters.items()))), lambda: store.count(kind, **filters)
    )
    return Counted(store.page(kind, **window.model_dump(), total=total, **filters), cached)


class Counted(Page):
    """A page, and whether its total came from the app's cache of totals."""

    def __init__(self, page: Page, cached: bool) -> None:
        super().__init__(items=page.items, total=page.total, next=page.next)
        object.__setattr__(self, "cached", cached)


def _list(kind: str) -> Any:
    return Annotated[Filters, Depends(filters_of(kind))]


Page50 = Annotated[Window, Depends(window_of(50))]
Page500 = Annotated[Window, Depends(window_of(500))]


#: The lists of record items, each with the filters the store takes for its kind.
ITEM_LISTS: dict[str, str] = {
    "entities": "Entities of the stored articles; `q` matches the name or an alias.",
    "quotes": "Quotes with their speaker, cue, channel and relay chain; `q` matches the quoted "
    "text.",
    "events": "Events: type (PLOVER, CAMEO, ACLED), actors, targets, place, time, factuality, "
    "sources.\n\n`country` is the event's place's, else its actors'; `q` matches the trigger "
    "word.",
    "places": "Places named in the articles, resolved to GeoNames where possible.",
}


def _item_list(kind: str, doc: str) -> None:
    """Register ``GET /<kind>``: one page of the store's ``kind`` rows."""

    def endpoint(request: Request, store: Store, filters: Filters, window: Window) -> Any:
        page = _page(request, store, kind, filters, window)
        return _envelope(page, page.items)

    endpoint.__name__ = f"list_{kind}"
    endpoint.__doc__ = doc
    endpoint.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter("request", _POSITIONAL, annotation=Request),
            inspect.Parameter("store", _POSITIONAL, annotation=Store),
            inspect.Parameter("filters", _POSITIONAL, annotation=_list(kind)),
            inspect.Parameter("window", _POSITIONAL, annotation=Page50),
        ],
        return_annotation=JSONResponse,
    )
    router.get(f"/{kind}", response_model=Envelope, responses=ERRORS, tags=["records"])(
        leased(endpoint)
    )


class FeatureCollection(BaseModel):
    """GeoJSON; ``total`` and ``next`` page it like the other lists."""

    model_config = ConfigDict(extra="allow")
    type: Literal["FeatureCollection"]
    features: list[dict[str, Any]]
    total: int
    next: str | None


GEOJSON = "application/geo+json"


def _geojson(page: Any, features: list[dict[str, Any]]) -> JSONResponse:
    body = {"type": "FeatureCollection", "features": features, "total": page.total}
    body["next"] = page.next
    return _sourced(JSONResponse(body, media_type=GEOJSON), page)


def _point(lat: Any, lon: Any) -> dict[str, Any] | None:
    if lat is None or lon is None:
        return None
    return {"type": "Point", "coordinates": [lon, lat]}


@router.get(
    "/places.geojson", response_model=FeatureCollection, responses=ERRORS, tags=["maps"]
)
@leased
def places_geojson(
    request: Request, store: Store, filters: _list("places"), window: Page500
) -> JSONResponse:
    """Places as GeoJSON points (geometry null where a place was not resolved)."""
    page = _page(request, store, "places", filters, window)
    features = [
        {
            "type": "Feature",
            "geometry": _point(row.get("lat"), row.get("lon")),
            "properties": {k: v for k, v in row.items() if k not in ("lat", "lon")},
        }
        for row in page.items
    ]
    return _geojson(page, features)


@router.get(
    "/events.geojson", response_model=FeatureCollection, responses=ERRORS, tags=["maps"]
)
@leased
def events_geojson(
    request: Request, store: Store, filters: _list("events"), window: Page500
) -> JSONResponse:
    """Events as GeoJSON points at their place (geometry null where it has none)."""
    page = _page(request, store, "events", filters, window)
    features = []
    for row in page.items:
        place = row.get("place") or {}
        features.append(
            {
                "type": "Feature",
                "geometry": _point(place.get("lat"), place.get("lon")),
                "properties": row,
            }
        )
    return _geojson(page, features)


for _kind, _doc in ITEM_LISTS.items():
    _item_list(_kind, _doc)


# --- stories

StorySince = Annotated[
    str | None,
    Query(pattern=DATE_PATTERN, description="Event (else first-report) day on or after this."),
]
StoryUntil = Annotated[
    str | None, Query(pattern=DATE_PATTERN, description="... on or before this day.")
]
Place = Annotated[str | None, Query(max_length=200, description="Place name contains this.")]
MinOrigins = Annotated[
    int | None,
    Query(ge=0, le=100_000, description="At least this many independent origins assert it."),
]
Contradicted = Annotated[
    bool | None, Query(description="Only stories with a contradiction (false: any story).")
]

#: The story filters of :meth:`dateline.store.Store.stories` asked for over HTTP.
STORY_PARAMS: dict[str, tuple[str, Any]] = {
    "type": ("type", EventType),
    "country": ("country", Country),
    "place": ("place", Place),
    "since": ("since", StorySince),
    "until": ("until", StoryUntil),
    "min_origins": ("min_origins", MinOrigins),
    "contradicted": ("contradicted", Contradicted),
}


def _story_filters(given: dict[str, Any]) -> dict[str, Any]:
    if not given.get("contradicted"):
        given.pop("contradicted", None)  # false means any story, not only those without
    return _store_filters(given)


StoryFilters = Annotated[
    Filters, Depends(_declared(list(STORY_PARAMS), STORY_PARAMS, _story_filters))
]


def _story_page(request: Request, store: Store, filters: Filters, window: Window) -> Page:
    state = request.app.state
    generation = state.pool.generation if state.pool.hold is not None else None
    total, cached = state.totals.get(
        generation,
        ("stories", tuple(sorted(filters.items()))),
        lambda: store.count_stories(**filters),
    )
    return Counted(store.story_page(**window.model_dump(), total=total, **filters), cached)


@router.get("/stories", response_model=Envelope, responses=ERRORS, tags=["stories"])
@leased
def list_stories(
    request: Request, store: Store, filters: StoryFilters, window: Page50
) -> JSONResponse:
    """Stories (one real-world event across articles), one flat row each, as
    `dateline stories --format csv` gives them; the full story is `/stories/{id}`."""
    from dateline.linking.exports import story_row

    page = _story_page(request, store, filters, window)
    return _envelope(page, [story_row(s) for s in page.items])


@router.get(
    "/stories.geojson", response_model=FeatureCollection, responses=ERRORS, tags=["maps"]
)
@leased
def stories_geojson(
    request: Request, store: Store, filters: StoryFilters, window: Page500
) -> JSONResponse:
    """Stories with a place, as GeoJSON points (`dateline stories --format geojson`)."""
    from dateline.linking.exports import geojson

    page = _story_page(request, store, filters, window)
    collection = geojson(page.items)
    return _geojson(page, collection["features"])


@router.get(
    "/stories/{story_id}",
    response_model=Story,
    responses={404: {"model": ErrorResponse, "description": "No such story (E311)."}, **ERRORS},
    tags=["stories"],
)
@leased
def get_story(store: Store, story_id: Annotated[str, Path(max_length=200)]) -> Story:
    """One story: its reports, origins (who relayed whom), contradictions, figures."""
    return store.story(story_id)


# --- analyzing and ingesting


class ArticleIn(BaseModel):
    """One article: ``text`` (plain text) or ``html``, and what is known about it."""

    model_config = ConfigDict(extra="forbid")
    text: str | None = Field(None, description="Plain text; the title is not taken from it.")
    html: str | None = Field(None, description="An HTML page (main text extracted).")
    id: str | None = Field(None, max_length=200, description="Defaults to a hash of the text.")
    title: str | None = Field(None, max_length=1000)
    published: str | None = Field(None, max_length=100, description="Publication date.")
    outlet: str | None = Field(None, max_length=200)
    url: str | None = Field(None, max_length=2000)


def _article(body: ArticleIn) -> tuple[Any, list[dict]]:
    from dateline.article.read import (
        Overrides,
        article_from_html,
        article_from_text,
        article_id,
    )

    overrides = Overrides(
        published=body.published, outlet=body.outlet, title=body.title, first_line_title=False
    )
    warnings: list[dict] = []
    if body.html and body.html.strip():
        article = article_from_html(body.html, "request", overrides, url=body.url, warnings=warnings)
    elif body.text and body.text.strip():
        article = article_from_text(body.text, "request", overrides)
        if body.url and not article.url:
            article.url = body.url
            article.id = article_id(article.text, body.url)
    else:
        raise DatelineError.make("E902", detail="give a non-empty `text` or `html`")
    if body.id:
        article.id = body.id
    article.source_path = None
    return article, warnings


ANALYZE_ERRORS: dict[int | str, dict[str, Any]] = {
    413: {"model": ErrorResponse, "description": "The body is too large (E901)."},
    **ERRORS,
}


@router.post(
    "/analyze", response_model=AnalysisRecord, responses=ANALYZE_ERRORS, tags=["analyze"]
)
def analyze(request: Request, body: ArticleIn) -> AnalysisRecord:
    """Analyze one article and return its record; nothing is stored. The model is loaded on
    the first call (seconds), then kept."""
    article, warnings = _article(body)
    return request.app.state.analyzer(article, warnings)


class Ingested(BaseModel):
    id: str
    stored: bool = Field(description="False when the same record was already stored.")
    stories: list[str] = Field(description="Stories written by linking the article.")


_bearer = HTTPBearer(auto_error=False)


def require_writes(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Writes need ``--allow-writes`` (E903) and the server's token (E904)."""
    state = request.app.state
    if not state.allow_writes:
        raise DatelineError.make("E903", method=request.method, path=request.url.path)
    given = credentials.credentials if credentials else ""
    if not hmac.compare_digest(given.encode(), str(state.token).encode()):
        raise DatelineError.make("E904")


@router.post(
    "/articles",
    response_model=Ingested,
    status_code=201,
    responses={
        401: {"model": ErrorResponse, "description": "No valid token (E904)."},
        403: {"model": ErrorResponse, "description": "The server is read-only (E903)."},
        **ANALYZE_ERRORS,
    },
    tags=["articles"],
    dependencies=[Depends(require_writes)],
)
def ingest_article(request: Request, body: ArticleIn) -> Ingested:
    """Analyze one article, store it and link it into the stories (like `dateline ingest`).

    Only on a server started with `--allow-writes`, with `Authorization: Bearer TOKEN`."""
    from dateline.linking import link_store
    from dateline.store import with_retries

    state = request.app.state
    article, warnings = _article(body)
    record = state.analyzer(article, warnings)
    with state.write_lock, state.pool.lease() as store:
        stored = with_retries(lambda: store.put(record))
        stories = (
            with_retries(lambda: link_store(store, articles=[record.article.id], records=[record]))
            if stored
            else []
        )
    return Ingested(id=record.article.id, stored=stored, stories=[s.id for s in stories])

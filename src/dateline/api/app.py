"""The FastAPI app behind ``dateline serve``: the JSON API, its docs, and the web pages' hook.

:func:`create_app` builds one app over one store. Everything it needs (the store pool, the
model for ``/api/v1/analyze``, the write token) lives on ``app.state``; nothing is global and
nothing is loaded until a request needs it.

>>> app = create_app(":memory:")
>>> sorted(p for p in app.openapi()["paths"] if p.startswith("/api/v1/stories"))
['/api/v1/stories', '/api/v1/stories.geojson', '/api/v1/stories/{story_id}']
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import logging
import os
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.staticfiles import StaticFiles

from dateline import __version__
from dateline.api.readers import StorePool
from dateline.api.security import MAX_BODY, MAX_QUERY, Guard, csp_header, error_body
from dateline.errors import DatelineError, TransientError

log = logging.getLogger("dateline.api")

API = "/api/v1"

#: HTTP status of errors that are not 422 (the usual answer to a bad parameter).
STATUS: dict[str, int] = {
    "E302": 404,
    "E311": 404,
    "E905": 404,
    "E103": 413,
    "E901": 413,
    "E903": 403,
    "E904": 401,
    "E906": 405,
    "E907": 500,
}
#: Terminal errors that are the server's own (its model, config or database), not the request's.
SERVER_SIDE = ("E2", "E303", "E308", "E310", "E313", "E317")
#: Seconds a client is asked to wait after a transient error (503).
RETRY_AFTER = 1


def status_of(error: DatelineError) -> int:
    """The HTTP status for ``error``: transient 503; the server's own 500; the request's 4xx.

    >>> status_of(DatelineError.make("E302", id="x")), status_of(DatelineError.make("E301"))
    (404, 503)
    >>> status_of(DatelineError.make("E306", name="since", value="May"))
    422
    """
    if isinstance(error, TransientError):
        return 503
    if error.code in STATUS:
        return STATUS[error.code]
    if error.code.startswith(SERVER_SIDE):
        return 500
    return 422


def error_response(error: DatelineError, **extra: Any) -> JSONResponse:
    """A JSON error response for ``error`` (``Retry-After`` on a transient one)."""
    status = status_of(error)
    headers = {"Retry-After": str(RETRY_AFTER)} if status == 503 else None
    return JSONResponse(error_body(error, **extra), status_code=status, headers=headers)


class Analyzer:
    """The analysis pipeline for ``/api/v1/analyze`` and ingest: loaded on first use, once per
    app, and run by one request at a time (a spaCy pipeline is not thread-safe)."""

    def __init__(self, model: str | None = None, nlp: Any = None) -> None:
        self.model = model
        self._nlp = nlp
        self._lock = threading.Lock()

    def __call__(self, article: Any, warnings: list[dict] | None = None) -> Any:
        from dateline.pipeline import analysis_pipeline, analyze

        with self._lock:
            if self._nlp is None:
                from dateline.nlp import load_pipeline

                self._nlp = load_pipeline(self.model)
            self._nlp = analysis_pipeline(self._nlp)
            return analyze(article, self._nlp, warnings)

    @property
    def loaded(self) -> bool:
        return self._nlp is not None


def create_app(
    store_url: str | Path,
    *,
    allow_writes: bool = False,
    token: str | None = None,
    model: str | None = None,
    nlp: Any = None,
    max_body: int = MAX_BODY,
    max_query: int = MAX_QUERY,
    pool: StorePool | None = None,
    threads: int | None = None,
    cache_totals: bool = True,
) -> FastAPI:
    """The app serving the store at ``store_url`` (a path, ``duckdb://``, ``postgresql://``).

    Read-only unless ``allow_writes``, which needs ``token`` (E908): write endpoints then ask
    for ``Authorization: Bearer <token>``. ``model`` names the spaCy pipeline that
    ``/api/v1/analyze`` loads on its first call; ``nlp`` hands in one already loaded. When
    ``dateline.web`` is installed, ``dateline.web.mount(app)`` adds the web pages.
    ``threads`` sets the DuckDB worker threads of its connections (see :func:`duckdb_threads`);
    ``cache_totals=False`` counts every list's total on every page (see :class:`Totals`).

    >>> app = create_app("news.duckdb")  # doctest: +SKIP
    >>> import uvicorn; uvicorn.run(app, host="127.0.0.1", port=8765)  # doctest: +SKIP
    """
    if allow_writes and not token:
        raise DatelineError.make("E908")
    app = FastAPI(
        title="dateline",
        version=__version__,
        description=(
            "Who said what, through whom, about which event, where and when: the analysis "
            "records of a dateline store. Lists share one envelope "
            '`{"items": [...], "total": N, "next": cursor-or-null}`; pass `next` back as '
            "`cursor` for the following page. Errors are "
            '`{"error": {"code", "message", "fix"}}`; 503 (with Retry-After) means the store '
            "is busy: try again."
        ),
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=_lifespan,
    )
    app.state.store_url = str(store_url)
    app.state.allow_writes = allow_writes
    app.state.token = token
    app.state.pool = pool or StorePool(store_url, read_only=not allow_writes, threads=threads)
    app.state.totals = Totals(enabled=cache_totals)
    app.state.analyzer = Analyzer(model, nlp)
    app.state.write_lock = threading.Lock()
    _add_error_handlers(app)
    _add_docs(app)
    from dateline.api.routes import router

    app.include_router(router, prefix=API)
    if importlib.util.find_spec("dateline.web") is not None:
        importlib.import_module("dateline.web").mount(app)

    app.add_middleware(Guard, max_body=max_body, max_query=max_query, csp_for=_csp_for)
    return app


#: The environment variable that hands ``dateline serve``'s options to its worker processes.
SERVE_ENV = "DATELINE_SERVE_APP"


def app_from_environment() -> FastAPI:
    """The app of ``dateline serve``'s worker processes: :func:`create_app` with the options
    the command put, as JSON, in :data:`SERVE_ENV` (uvicorn imports this factory by name).

    >>> os.environ[SERVE_ENV] = '{"store_url": ":memory:"}'  # doctest: +SKIP
    >>> app_from_environment().state.allow_writes  # doctest: +SKIP
    False
    """
    return create_app(**json.loads(os.environ[SERVE_ENV]))


def default_workers(cpus: int | None = None) -> int:
    """``dateline serve``'s worker processes when not told: one per CPU core, at most 8.

    One process serves ~90 requests/s of Python per core at best (the rest of a request is the
    database's); more than the cores only adds switching. Eight caps the memory (each worker
    holds its own DuckDB caches).

    >>> default_workers(2), default_workers(32)
    (2, 8)
    """
    return max(1, min(8, cpus or os.cpu_count() or 1))


def duckdb_threads(workers: int, cpus: int | None = None) -> int:
    """DuckDB threads per worker process: the cores shared out, at least one. A request is a
    small query; DuckDB's default (a thread per core in every process) only makes the workers'
    queries fight over the same cores.

    >>> duckdb_threads(2, cpus=2), duckdb_threads(1, cpus=8)
    (1, 8)
    """
    return max(1, (cpus or os.cpu_count() or 1) // max(1, workers))


class Totals:
    """Total counts of list queries, kept per store generation (see
    :attr:`dateline.api.readers.StorePool.generation`): a page of a list counts every matching
    row, which costs more than the page itself on a large store, and the count cannot change
    while the pool holds the file. Bounded (oldest first out); a store whose generation never
    changes (PostgreSQL: others write it any time) is never cached.

    >>> totals = Totals(size=2)
    >>> totals.get(0, ("articles", ()), lambda: 41), totals.get(0, ("articles", ()), lambda: 0)
    ((41, False), (41, True))
    >>> totals.hits, totals.misses
    (1, 1)
    """

    def __init__(self, size: int = 4096, enabled: bool = True) -> None:
        self.size = size
        self.enabled = enabled
        self._lock = threading.Lock()
        self._generation: int | None = None
        self._counts: dict[Any, int] = {}
        self.hits = 0
        self.misses = 0

    def get(self, generation: int | None, key: Any, count: Callable[[], int]) -> tuple[int, bool]:
        """The total for ``key`` in ``generation`` (None: do not cache), counted once; and
        whether it came from the cache."""
        if generation is None or not self.enabled:
            return count(), False
        with self._lock:
            if generation != self._generation:
                self._generation, self._counts = generation, {}
            if key in self._counts:
                self.hits += 1
                return self._counts[key], True
        total = count()
        with self._lock:
            self.misses += 1
            if generation == self._generation:
                if len(self._counts) >= self.size:
                    self._counts.pop(next(iter(self._counts)))
                self._counts[key] = total
        return total, False


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    app.state.pool.close()


def _csp_for(path: str) -> str:
    # Swagger UI styles some elements inline; its scripts are still files from this server.
    if path == "/docs":
        return csp_header({"style-src": "'self' 'unsafe-inline'"})
    return csp_header()


# --- errors: always JSON, always numbered, never a stack trace


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DatelineError)
    async def _dateline_error(request: Request, exc: DatelineError) -> JSONResponse:
        return error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [_problem(e) for e in exc.errors()]
        detail = "; ".join(f"{p['where']}: {p['problem']}" for p in problems[:5])
        return error_response(DatelineError.make("E902", detail=detail), problems=problems)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404:
            error = DatelineError.make("E905", path=request.url.path)
        elif exc.status_code == 405:
            error = DatelineError.make("E906", method=request.method, path=request.url.path)
        else:
            error = DatelineError.make("E902", detail=str(exc.detail))
            return JSONResponse(error_body(error), status_code=exc.status_code)
        return error_response(error)

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> JSONResponse:
        log.exception("%s %s failed", request.method, request.url.path)
        return error_response(DatelineError.make("E907", detail=type(exc).__name__))


def _problem(error: dict[str, Any]) -> dict[str, str]:
    where = ".".join(str(part) for part in error.get("loc", ()))
    return {"where": where, "problem": str(error.get("msg", "invalid"))}


# --- interactive docs, served from a PyPI package (no CDN)


def _swagger_assets() -> Path:
    return Path(str(resources.files("fastapi_offline") / "static"))


_DOCS_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>dateline API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<link rel="icon" href="/docs/assets/favicon.png">
</head><body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body></html>
"""

_DOCS_INIT = """window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
});
"""


def _add_docs(app: FastAPI) -> None:
    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(_DOCS_HTML)

    @app.get("/docs/init.js", include_in_schema=False)
    def docs_init() -> Response:
        return Response(_DOCS_INIT, media_type="text/javascript")

    app.mount("/docs/assets", StaticFiles(directory=_swagger_assets()), name="docs-assets")

"""The guard in front of every response: size limits and security headers (pure ASGI).

- A body over ``max_body`` bytes is refused with 413 (E901), whether announced by
  Content-Length or only found while reading; a query string over ``max_query`` bytes with
  422 (E909).
- Every response carries a Content-Security-Policy that allows scripts, styles and images
  from this server only (no inline script, no ``eval``, no framing, no plugins), with
  ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: no-referrer`` and
  ``X-Frame-Options: DENY``. No CORS headers are sent: browsers keep other sites' pages from
  reading the API.

>>> csp_header()
"default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'; img-src 'self' data:; style-src 'self'"
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from dateline.errors import DatelineError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: The policy every response carries. ``img-src data:`` is for icons inlined in stylesheets.
CSP: dict[str, str] = {
    "default-src": "'self'",
    "script-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "img-src": "'self' data:",
    "style-src": "'self'",
}

#: Largest request body (bytes): one article to analyze or ingest, with room to spare.
MAX_BODY = 2_000_000
#: Largest query string (bytes).
MAX_QUERY = 4096


def csp_header(extra: dict[str, str] | None = None) -> str:
    """The Content-Security-Policy value: :data:`CSP`, with ``extra`` directives replaced."""
    policy = {**CSP, **(extra or {})}
    return "; ".join(f"{name} {value}" for name, value in policy.items())


class Guard:
    """ASGI middleware: limits and headers; ``csp_for(path)`` may loosen the policy of a path
    (the interactive docs need inline styles, never inline script)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body: int = MAX_BODY,
        max_query: int = MAX_QUERY,
        csp_for: Callable[[str], str] | None = None,
    ) -> None:
        self.app = app
        self.max_body = max_body
        self.max_query = max_query
        self.csp_for = csp_for or (lambda path: csp_header())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        security = _headers(self.csp_for(scope.get("path", "")))
        query = scope.get("query_string", b"")
        if len(query) > self.max_query:
            error = DatelineError.make("E909", size=len(query), limit=self.max_query)
            await _send_error(send, 422, error, security)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_body:
            error = DatelineError.make("E901", size=declared, limit=self.max_body)
            await _send_error(send, 413, error, security)
            return
        received = 0
        overflow = False  # the body ran over the limit while the app read it
        replaced = False

        async def counted_receive() -> Message:
            nonlocal received, overflow
            if overflow:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    # Tell the app the client went away, and answer 413 whatever it answers.
                    overflow = True
                    return {"type": "http.disconnect"}
            return message

        async def secured_send(message: Message) -> None:
            nonlocal replaced
            if overflow:
                if not replaced:
                    replaced = True
                    error = DatelineError.make(
                        "E901", size=f"over {self.max_body}", limit=self.max_body
                    )
                    await _send_error(send, 413, error, security)
                return
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *security]
            await send(message)

        await self.app(scope, counted_receive, secured_send)


def _headers(csp: str) -> list[tuple[bytes, bytes]]:
    return [
        (b"content-security-policy", csp.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
        (b"x-frame-options", b"DENY"),
        (b"cross-origin-opener-policy", b"same-origin"),
    ]


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def error_body(error: DatelineError, **extra: Any) -> dict[str, Any]:
    """The JSON body of an error response: ``{"error": {"code", "message", "fix", ...}}``.

    >>> error_body(DatelineError.make("E905", path="/x"))["error"]["code"]
    'E905'
    """
    return {"error": {**error.as_dict(), **extra}}


async def _send_error(
    send: Send, status: int, error: DatelineError, security: list[tuple[bytes, bytes]]
) -> None:
    body = json.dumps(error_body(error)).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
                *security,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})

"""The HTTP API: ``dateline serve`` runs :func:`create_app` under uvicorn.

Endpoints live under ``/api/v1`` (:mod:`dateline.api.routes`); the OpenAPI description is at
``/openapi.json`` and the interactive docs, served without any CDN, at ``/docs``. The web
pages (``dateline.web``, when installed) are mounted on the same app.

>>> from dateline.api import create_app
>>> create_app(":memory:").openapi()["info"]["title"]
'dateline'
"""

from dateline.api.app import create_app

__all__ = ["create_app"]

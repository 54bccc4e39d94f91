"""The JSON API: a FastAPI app over the store's read queries, served by `communique serve`.

    from communique.api import create_app
    app = create_app("communique.db")          # read only
    # uvicorn.run(app)  -- or `communique serve --db communique.db`

Endpoints live under /api/v1 (OpenAPI at /api/v1/openapi.json, reference at
/api/v1/docs); every failure has one JSON shape, every response the security
headers. The web pages (communique.web), when installed, mount on the same app.
"""

from __future__ import annotations

import importlib.util
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from communique import __version__
from communique.api import errors, reference
from communique.api.deps import ApiConfig, IngestFunction
from communique.api.middleware import SecurityHeaders, UploadLimit
from communique.api.responses import SafeJSONResponse
from communique.api.routes import ROUTERS
from communique.store import open_store

PREFIX = "/api/v1"
DEFAULT_MAX_UPLOAD = 2_000_000
DESCRIPTION = (
    "Cooperation events between international organizations, extracted from press releases "
    "in Arabic, Chinese, English, French, Russian and Spanish. Every error has the shape "
    '`{"error": {"code": "E...", "message": "..."}}`.'
)


def create_app(
    db_url: str | None = None,
    *,
    allow_ingest: bool = False,
    token: str | None = None,
    max_upload: int = DEFAULT_MAX_UPLOAD,
    ingest: IngestFunction | None = None,
) -> FastAPI:
    """Return the app serving the store at `db_url` (default: the `db` setting).

    Read only unless `allow_ingest`, which needs a bearer `token` and the
    `ingest` function that extracts and stores one document (given by
    `communique serve`, since the API itself never runs the pipeline).
    """
    if allow_ingest and not token:
        raise ValueError("allow_ingest needs a token")
    if allow_ingest and ingest is None:
        raise ValueError("allow_ingest needs an ingest function (communique serve gives one)")
    store = open_store(db_url, create=False)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        title="Communiqué API",
        version=__version__,
        description=DESCRIPTION,
        openapi_url=f"{PREFIX}/openapi.json",
        docs_url=None,  # Swagger UI loads from a CDN; see communique.api.reference
        redoc_url=None,
        lifespan=lifespan,
        default_response_class=SafeJSONResponse,
    )
    app.state.store = store
    app.state.config = ApiConfig(allow_ingest, token, max_upload, ingest)
    errors.install(app)
    for router in ROUTERS:
        app.include_router(router, prefix=PREFIX)
    reference.install(app)
    _mount_web(app)
    app.add_middleware(UploadLimit, max_upload=max_upload)
    app.add_middleware(SecurityHeaders)  # outermost: error and page responses get it too
    return app


def _mount_web(app: FastAPI) -> None:
    """Add the explorer's pages when the web package is installed."""
    if importlib.util.find_spec("communique.web") is None:
        return
    from communique.web import mount_web  # type: ignore[import-not-found,unused-ignore]

    mount_web(app)


__all__ = ["DEFAULT_MAX_UPLOAD", "PREFIX", "create_app"]

"""The API's routers, one per resource, all mounted under /api/v1."""

from __future__ import annotations

from communique.api.routes import (
    countries,
    documents,
    entities,
    events,
    graph,
    ingest,
    matrix,
    search,
    settings,
    stats,
)

ROUTERS = tuple(
    module.router
    for module in (
        events,
        entities,
        documents,
        ingest,
        search,
        graph,
        matrix,
        countries,
        stats,
        settings,
    )
)

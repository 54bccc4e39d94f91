"""GET /graph: organizations as nodes, their events together as edges."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from communique.api.deps import FiltersDep, LangDep, StoreDep
from communique.api.errors import responses
from communique.api.schemas import Graph
from communique.store import views

router = APIRouter(tags=["network"])


@router.get("/graph", response_model=Graph, responses=responses(422))
def graph(
    store: StoreDep,
    filters: FiltersDep,
    lang: LangDep = "en",
    min_weight: Annotated[
        int, Query(ge=1, le=100_000, description="Fewest events an edge needs")
    ] = 1,
    limit: Annotated[int, Query(ge=1, le=500, description="The busiest organizations kept")] = 150,
    max_edges: Annotated[
        int, Query(ge=1, le=100_000, description="The strongest edges kept (see edges_total)")
    ] = 1000,
) -> dict[str, Any]:
    """Return the cooperation network of the events meeting the filters."""
    return views.graph(store, filters, lang, min_weight, limit, max_edges)

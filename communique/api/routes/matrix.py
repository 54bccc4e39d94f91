"""GET /matrix: organization x organization event counts, by type or by context."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from communique.api.deps import FiltersDep, LangDep, StoreDep
from communique.api.errors import responses
from communique.api.schemas import Matrix, MatrixKey
from communique.store import views

router = APIRouter(tags=["network"])


@router.get("/matrix", response_model=Matrix, responses=responses(422))
def matrix(
    store: StoreDep,
    filters: FiltersDep,
    lang: LangDep = "en",
    by: Annotated[
        MatrixKey, Query(description="Split each cell by event type or context")
    ] = "type",
    limit: Annotated[int, Query(ge=1, le=100, description="The busiest organizations kept")] = 25,
) -> dict[str, Any]:
    """Return how often each pair of the busiest organizations acted together."""
    return views.matrix(store, filters, by, lang, limit)

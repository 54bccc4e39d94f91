"""GET /search: full-text search over every language and script, with snippets."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from communique.api.deps import TEXT, FiltersDep, PagingDep, StoreDep
from communique.api.errors import responses
from communique.api.schemas import SearchPage
from communique.store import queries

router = APIRouter(tags=["search"])
MAX_DEPTH = 10_000  # results beyond this are not paged to: refine the query instead


@router.get("/search", response_model=SearchPage, responses=responses(422))
def search(
    store: StoreDep,
    filters: FiltersDep,
    paging: PagingDep,
    q: Annotated[
        str,
        Query(description='Words or "quoted phrases", in any script', max_length=500, pattern=TEXT),
    ] = "",
) -> dict[str, Any]:
    """Search documents in any language, best first; with only filters, newest first."""
    offset = min(paging.offset, MAX_DEPTH)
    hits = queries.search(store, q, filters, limit=offset + paging.limit + 1)
    page = hits[offset : offset + paging.limit]
    more = len(hits) > offset + paging.limit
    return {"items": page, "limit": paging.limit, "offset": offset, "more": more}

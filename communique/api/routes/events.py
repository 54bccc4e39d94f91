"""GET /events and /events/{id}: merged events, with the filters of `communique events`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from communique.api.deps import FiltersDep, LangDep, PagingDep, StoreDep
from communique.api.errors import responses
from communique.api.schemas import EventDetail, EventPage, Sort
from communique.store import views

router = APIRouter(tags=["events"])


@router.get("/events", response_model=EventPage, responses=responses(422))
def list_events(
    store: StoreDep,
    filters: FiltersDep,
    paging: PagingDep,
    lang: LangDep = "en",
    sort: Annotated[
        Sort, Query(description="date or documents; a leading - for descending")
    ] = "-date",
) -> dict[str, Any]:
    """List merged events (one per real-world event) meeting the filters."""
    found = views.events(store, filters, lang, paging.limit, paging.offset, sort)
    return {**found, "limit": paging.limit, "offset": paging.offset}


@router.get("/events/{ident}", response_model=EventDetail, responses=responses(404, 422))
def get_event(
    store: StoreDep,
    ident: Annotated[str, Path(description="A merged event (cl:...) or one report of it (ev:...)")],
    lang: LangDep = "en",
) -> dict[str, Any]:
    """Show one event: who, when, where, about what, and every evidence sentence."""
    return views.event_detail(store, ident, lang)

"""GET /entities and /entities/{id}: organizations, people, places and countries."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from communique.api.deps import TEXT, LangDep, PagingDep, StoreDep
from communique.api.errors import responses
from communique.api.schemas import EntityPage, EntityProfile, EntityType
from communique.store import views

router = APIRouter(tags=["entities"])


@router.get("/entities", response_model=EntityPage, responses=responses(422))
def list_entities(
    store: StoreDep,
    paging: PagingDep,
    q: Annotated[
        str,
        Query(description="A name, acronym or id in any script", max_length=200, pattern=TEXT),
    ] = "",
    type: Annotated[EntityType | None, Query(description="Only this kind of entity")] = None,
    lang: LangDep = "en",
) -> dict[str, Any]:
    """Find entities by name in any script (exact matches first); all of them, busiest first."""
    found = views.entities(store, q, type, lang, paging.limit, paging.offset)
    return {**found, "limit": paging.limit, "offset": paging.offset}


@router.get("/entities/{ident}", response_model=EntityProfile, responses=responses(404, 422))
def get_entity(
    store: StoreDep,
    ident: Annotated[str, Path(description="An entity id: org:unodc, person:..., country:fr")],
    lang: LangDep = "en",
) -> dict[str, Any]:
    """Profile an entity: names in six languages, heads, partners, timeline, contexts, network."""
    return views.entity_profile(store, ident, lang)

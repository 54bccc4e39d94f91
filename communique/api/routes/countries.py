"""GET /countries: events per country where they took place (for the map)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from communique.api.deps import FiltersDep, LangDep, StoreDep
from communique.api.errors import responses
from communique.api.schemas import CountryCount
from communique.store import views

router = APIRouter(tags=["network"])


@router.get("/countries", response_model=list[CountryCount], responses=responses(422))
def countries(store: StoreDep, filters: FiltersDep, lang: LangDep = "en") -> list[dict[str, Any]]:
    """Count the events meeting the filters per country where they took place."""
    return views.countries(store, filters, lang)

"""GET /stats: what the database holds, the latest events and events per month."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from communique.api.deps import LangDep, StoreDep
from communique.api.errors import responses
from communique.api.schemas import Stats
from communique.store import views

router = APIRouter(tags=["overview"])


@router.get("/stats", response_model=Stats, responses=responses(422))
def stats(store: StoreDep, lang: LangDep = "en") -> dict[str, Any]:
    """Count documents, events and entities; list the latest events and events per month."""
    return views.stats(store, lang)

"""GET /settings: the settings table (communique.settings) with the values in force."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from communique import settings
from communique.api.deps import StoreDep
from communique.api.schemas import SettingOut
from communique.store.engine import describe

router = APIRouter(tags=["overview"])


@router.get("/settings", response_model=list[SettingOut])
def list_settings(store: StoreDep) -> list[dict[str, Any]]:
    """List every setting with its value here, its default, its variable and what it does."""
    return [
        {
            "name": s.name,
            # The database in use, without its password, rather than the environment's.
            "value": describe(store.url) if s.name == "db" else settings.get(s.name),
            "default": s.default,
            "env": s.env,
            "help": s.help,
        }
        for s in settings.SETTINGS
    ]

"""The overview a home page opens with: counts, languages, latest events, events per month."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from communique.store import schema as t
from communique.store.store import Store
from communique.store.views.entities import per_month
from communique.store.views.events import summaries
from communique.store.views.names import C, D, E

LATEST = 10


def stats(store: Store, lang: str = "en") -> dict[str, Any]:
    """Return counts (documents, reports of events, merged events, entities), latest events."""
    ents = t.entities

    def count(query: Any) -> int:
        return int(conn.execute(query).scalar_one())

    def of_type(kind: str) -> Any:
        return select(func.count()).select_from(ents).where(ents.c.type == kind)

    with store.reading() as conn:
        languages = conn.execute(
            select(D.c.language, func.count()).group_by(D.c.language).order_by(D.c.language)
        ).all()
        latest = conn.execute(
            select(C).order_by(C.c.first_date.desc().nulls_last(), C.c.id).limit(LATEST)
        ).all()
        return {
            "documents": count(select(func.count()).select_from(D)),
            "events": count(select(func.count()).select_from(E)),
            "clusters": count(select(func.count()).select_from(C)),
            "organizations": count(of_type("organization")),
            "people": count(of_type("person")),
            "countries": count(select(func.count(C.c.place_country.distinct()))),
            "languages": {code or "?": int(n) for code, n in languages},
            "latest": summaries(conn, latest, lang),
            "per_month": per_month(conn, None),
        }

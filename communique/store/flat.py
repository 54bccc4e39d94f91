"""Query results as flat rows of strings: the columns of tables and CSV files.

The CLI prints these as tables or CSV; the CSV export reads the same rows.
Names are written short (acronym where there is one) and lists joined with
"; " so a row fits a line.
"""

from __future__ import annotations

from typing import Any

EVENT_COLUMNS = ("date", "type", "participants", "place", "languages", "docs", "id")
HIT_COLUMNS = ("score", "language", "published", "id", "title", "snippet")
PARTNER_COLUMNS = ("partner", "events", "first", "last", "types", "languages", "docs", "id")


def short(entity: dict[str, Any]) -> str:
    """Return an entity's acronym, else its name, else its id."""
    return str(entity.get("acronym") or entity.get("name") or entity.get("id"))


def date_range(first: str | None, last: str | None) -> str:
    """Return "first" or "first..last" ("?" when unknown)."""
    if not first:
        return "?"
    return first if not last or last == first else f"{first}..{last}"


def event_row(event: dict[str, Any]) -> dict[str, str]:
    """Flatten a merged event from `queries.events`."""
    place = event["place"]
    where = ", ".join(x for x in (place.get("name"), place.get("country")) if x)
    return {
        "date": date_range(event["date"]["first"], event["date"]["last"]),
        "type": event["type"] + (f"/{event['mode']}" if event.get("mode") else ""),
        "participants": "; ".join(short(p) for p in event["participants"]),
        "place": where,
        "languages": ",".join(event["languages"]),
        "docs": str(event["n_documents"]),
        "id": event["id"],
    }


def hit_row(hit: dict[str, Any]) -> dict[str, str]:
    """Flatten a search hit from `queries.search`."""
    return {
        "score": f"{hit['score']:.2f}",
        "language": hit["language"] or "",
        "published": hit["published"] or "",
        "id": hit["id"],
        "title": (hit["title"] or "")[:60],
        "snippet": hit["snippet"]["text"],
    }


def partner_row(partner: dict[str, Any]) -> dict[str, str]:
    """Flatten one partner from `queries.partners`."""
    return {
        "partner": short(partner),
        "events": str(partner["n_events"]),
        "first": partner["first_seen"] or "?",
        "last": partner["last_seen"] or "?",
        "types": "; ".join(f"{k} {v}" for k, v in partner["types"].items()),
        "languages": ",".join(partner["languages"]),
        "docs": str(partner["n_documents"]),
        "id": partner["id"],
    }

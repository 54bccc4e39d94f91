"""PLOVER JSON lines: one record per merged event with the PLOVER manual's field names.

Fields follow the "JSON Data Fields" chapter of the PLOVER manual (Open
Event Data Alliance, openeventdata/PLOVER, PLOVER_MANUAL.tex, draft 0.8):
`id`, `has_event`, `date` and `enddate` (YYYY-MM-DD), `source` and
`recipient` (lists of actor objects: `code`, `sector`, `actor_text`,
`identifier_id`, `identifier_text`), `event` (a list of categories),
`quad_code`, `mode` and `context` (lists), `event_loc` (a geonames-style
location: `name`, `country code`, `cc3`), `event_text` (the evidence
sentences), `cite_info` (one citation object per document: `citation`,
`url`, `title`, `language`, `coder`, `codebook`) and `coder`. `actor`
repeats `source` under the name the issue and later PLOVER datasets use.
Extensions, as the manual invites: `date_precision`, `language`,
`languages`, and `communique`, which holds the store's own ids.

Actor and recipient come from the parties' roles; where nobody has one, the
first party is the actor and the second the recipient (any others act with
the first). Flags become PLOVER's special contexts (future, historical,
hypothetical, negation).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from communique import __version__
from communique.exports.jsonl import JsonlExporter

CODEBOOK = "plover-communique-1"  # PLOVER narrowed to cooperation (shared/spec/events.md)
QUAD_CODES = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), 1),
    **dict.fromkeys(("COOPERATE", "AID", "RETREAT", "INVESTIGATE"), 2),
    **dict.fromkeys(("DEMAND", "ACCUSE", "REJECT", "SANCTION", "THREATEN"), 3),
    **dict.fromkeys(("PROTEST", "MOBILIZE", "COERCE", "ASSAULT"), 4),
}
SPECIAL_CONTEXTS = {
    "future": "future",
    "historical": "historical",
    "hypothetical": "hypothetical",
    "negated": "negation",
}


def coder() -> str:
    """Return the coder identification written into every record."""
    return f"communique {__version__}"


def plover_record(event: dict[str, Any]) -> dict[str, Any]:
    """Return the PLOVER record of a merged event from `iter_export_events`."""
    source, recipient = sides(ordered_parties(event))
    first, last = event["date"]["first"], event["date"]["last"]
    texts = [e["text"] for r in event["reports"] for e in r["evidence"] if e.get("text")]
    return {
        "id": event["id"],
        "has_event": True,
        "date": first,
        "enddate": last if last and last != first else None,
        "date_precision": event["date"].get("precision"),
        "source": source,
        "actor": source,
        "recipient": recipient,
        "event": [event["type"]],
        "quad_code": QUAD_CODES.get(event["type"]),
        "mode": [event["mode"]] if event["mode"] else [],
        "context": event["contexts"] + [SPECIAL_CONTEXTS[f] for f in event.get("flags", [])],
        "event_loc": location(event["place"]),
        "event_text": list(dict.fromkeys(texts)),
        "language": event["reports"][0]["language"] if event["reports"] else None,
        "languages": event["languages"],
        "cite_info": [citation(s) for s in event["sources"]],
        "coder": coder(),
        "communique": _own_ids(event),
    }


def ordered_parties(event: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the event's parties in the order its reports name them (the first report first)."""
    by_id = {p["id"]: p for p in event["participants"]}
    order = [p["entity"] for r in event["reports"] for p in r["participants"]]
    order += list(by_id)
    return [by_id[i] for i in dict.fromkeys(order) if i in by_id]


def sides(parties: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Split parties into PLOVER's source and recipient lists of actor objects."""
    actors = [p for p in parties if p.get("role") == "actor"]
    recipients = [p for p in parties if p.get("role") == "recipient"]
    others = [p for p in parties if p.get("role") not in ("actor", "recipient")]
    if not actors:
        actors, others = others[:1], others[1:]
    if not recipients:
        recipients, others = others[:1], others[1:]
    return [actor(p) for p in actors + others], [actor(p) for p in recipients]


def actor(party: dict[str, Any]) -> dict[str, Any]:
    """Return a PLOVER actor object for one party (entity id and name as the identifier)."""
    code, sector = actor_code(party)
    found = {
        "code": code,
        "sector": sector,
        "actor_text": party.get("acronym") or party.get("name") or party["id"],
        "identifier_id": party["id"],
        "identifier_text": party.get("name") or party["id"],
        "acronym": party.get("acronym"),
        "kind": party.get("kind") or party.get("type"),
        "role": party.get("role"),
    }
    return {k: v for k, v in found.items() if v is not None}


def actor_code(party: dict[str, Any]) -> tuple[str | None, str | None]:
    """Return PLOVER's (code, sector): a country's ISO alpha-3, else IGO, NGO or a state's GOV."""
    ident, kind = party["id"], party.get("kind")
    if ident.startswith("country:"):
        return alpha3(ident.split(":", 1)[1]), None
    if kind == "ngo":
        return "NGO", None
    if kind == "national_institution":
        return alpha3(party.get("country")), "GOV"
    return "IGO", None


@lru_cache(maxsize=512)
def alpha3(code: str | None) -> str | None:
    """Return the ISO 3166-1 alpha-3 code of an alpha-2 code (None when unknown)."""
    if not code:
        return None
    import pycountry

    found = pycountry.countries.get(alpha_2=code.upper())
    return found.alpha_3 if found is not None else None


def location(place: dict[str, Any]) -> dict[str, Any] | None:
    """Return the geonames-style location of a place (None when nothing is known)."""
    if not (place.get("name") or place.get("country") or place.get("virtual")):
        return None
    country = place.get("country")
    found = {
        "name": place.get("name"),
        "country": country,
        "country code": country,
        "cc3": alpha3(country),
        "identifier_id": place.get("entity"),
        "virtual": bool(place.get("virtual")),
        "hybrid": bool(place.get("hybrid")),
    }
    return {k: v for k, v in found.items() if v is not None}


def citation(source: dict[str, Any]) -> dict[str, Any]:
    """Return the PLOVER citation object of one document."""
    return {
        "citation": source["id"],
        "url": source.get("url"),
        "title": source.get("title"),
        "language": source.get("language"),
        "published": source.get("published"),
        "corpus": source.get("path"),
        "coder": coder(),
        "codebook": CODEBOOK,
    }


def _own_ids(event: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": event["id"],
        "events": list(dict.fromkeys(r["event"] for r in event["reports"])),
        "documents": event["documents"],
        "participants": [{"id": p["id"], "role": p.get("role")} for p in event["participants"]],
        "people": [{"id": p["id"], "name": p.get("name")} for p in event["people"]],
        "instrument": event["instrument"],
        "meeting": event["meeting"],
        "flags": event.get("flags", []),
        "confidence": event["confidence"],
    }


@dataclass(frozen=True)
class PloverExporter(JsonlExporter):
    """PLOVER records as JSON lines (the manual's suggested interchange format)."""

    name: str = "plover"

    def record(self, event: dict[str, Any]) -> dict[str, Any]:
        """Return the PLOVER record of an event."""
        return plover_record(event)


PLOVER = PloverExporter()

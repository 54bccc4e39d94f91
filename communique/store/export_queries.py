"""Read queries the exports need beyond `queries`: every detail of a merged event, and profiles.

`queries.events` describes a merged event for a reader (parties, people,
documents, the first evidence of each report). An export also wants what a
reader skips: each report's own date precision, flags, place and parties in
their order, every evidence span with its offsets, the documents' titles and
URLs, the parties' kinds and countries. `iter_export_events` pages through
`queries.events` (so the filters mean exactly what they mean there) and adds
those details per page; `organization_profiles` gives the nodes of a network
their names in six languages from the knowledge base.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import Connection, func, select

from communique import settings
from communique.store import queries
from communique.store import schema as t
from communique.store.queries import Filters
from communique.store.store import Store

PAGE = 500
FLAGS = ("future", "historical", "hypothetical", "negated")
LANGS = ("ar", "en", "es", "fr", "ru", "zh")
PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
NO_FILTERS = Filters()  # every event (a frozen dataclass: safe as a shared default)


def iter_export_events(
    store: Store, filters: Filters = NO_FILTERS, page: int = PAGE
) -> Iterator[dict[str, Any]]:
    """Yield every matching merged event, newest first, with all its details (see module doc)."""
    offset = 0
    while True:
        found = queries.events(store, filters, limit=page, offset=offset)
        if found:
            yield from add_details(store, found)
        if len(found) < page:
            return
        offset += page


def add_details(store: Store, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return `events` (from `queries.events`) with reports, sources, flags and party details."""
    with store.reading() as conn:
        members = _members(conn, [e["id"] for e in events])
        sources = _sources(conn, sorted({d for e in events for d in e["documents"]}))
        ids = {p["id"] for e in events for p in e["participants"]}
        parties = _entities(conn, sorted(ids))
    return [_detailed(e, members.get(e["id"], []), sources, parties) for e in events]


def _detailed(
    event: dict[str, Any],
    members: list[dict[str, Any]],
    sources: dict[str, dict[str, Any]],
    parties: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    first = event["date"]["first"]
    starting = [m["date"] for m in members if m["date"]["start"] and m["date"]["start"] == first]
    finest = min(starting, key=lambda d: PRECISION_RANK.get(d["precision"], 9), default=None)
    return {
        **event,
        "date": {
            **event["date"],
            "precision": finest["precision"] if finest else None,
            "source": finest["source"] if finest else None,
        },
        "place": {
            **event["place"],
            "virtual": any(m["place"]["virtual"] for m in members),
            "hybrid": any(m["place"]["hybrid"] for m in members),
        },
        "participants": [{**p, **_party(parties.get(p["id"]))} for p in event["participants"]],
        "flags": sorted({f for m in members for f in m["flags"]}),
        "reports": members,
        "sources": [sources[d] for d in event["documents"] if d in sources],
    }


def _party(row: dict[str, Any] | None) -> dict[str, Any]:
    row = row or {}
    return {"type": row.get("type"), "kind": row.get("kind"), "country": row.get("country")}


def _members(conn: Connection, cluster_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Return each cluster's events (one per report), oldest document first."""
    e, d = t.events, t.documents
    query = (
        select(e, d.c.id.label("doc_id"), d.c.language)
        .select_from(e.join(d, d.c.pk == e.c.doc))
        .where(e.c.cluster.in_(cluster_ids))
        .order_by(e.c.cluster, d.c.published_date.nulls_last(), e.c.pk)
    )
    rows = conn.execute(query).all()
    pks = [r.pk for r in rows]
    parties = _children(conn, t.participants, (t.participants.c.entity, t.participants.c.role), pks)
    people = _children(conn, t.event_people, (t.event_people.c.entity,), pks)
    contexts = _children(conn, t.event_contexts, (t.event_contexts.c.context,), pks)
    evidence = _evidence(conn, pks)
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        found[r.cluster].append(
            _member(
                r,
                [{"entity": x, "role": y} for x, y in parties.get(r.pk, [])],
                [x for (x,) in people.get(r.pk, [])],
                [x for (x,) in contexts.get(r.pk, [])],
                evidence.get(r.pk, []),
            )
        )
    return found


def _member(
    r: Any,
    parties: list[dict[str, str]],
    people: list[str],
    contexts: list[str],
    evidence: list[dict[str, Any]],
) -> dict[str, Any]:
    return {
        "event": r.id,
        "doc": r.doc_id,
        "language": r.language,
        "mode": r.mode,
        "instrument": r.instrument,
        "meeting": r.meeting,
        "date": {
            "start": r.date_start,
            "end": r.date_end,
            "precision": r.date_precision,
            "source": r.date_source,
        },
        "place": {
            "entity": r.place_entity,
            "name": r.place_name,
            "country": r.place_country,
            "virtual": bool(r.place_virtual),
            "hybrid": bool(r.place_hybrid),
        },
        "participants": parties,
        "people": people,
        "contexts": contexts,
        "flags": [f for f in FLAGS if r._mapping[f]],
        "confidence": r.confidence,
        "evidence": evidence,
    }


def _children(
    conn: Connection, table: Any, columns: tuple[Any, ...], pks: list[int]
) -> dict[int, list[tuple[Any, ...]]]:
    """Return the rows of an event's child table in their order, by event key."""
    found: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    if pks:
        query = select(table.c.event, *columns).where(table.c.event.in_(pks))
        for row in conn.execute(query.order_by(table.c.event, table.c.seq)):
            found[row[0]].append(tuple(row[1:]))
    return found


def _evidence(conn: Connection, pks: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Return every evidence span of each event with its text, cut from the document in SQL."""
    if not pks:
        return {}
    ev, d, e = t.evidence, t.documents, t.events
    # SQLite's and PostgreSQL's substr count characters (code points), as record offsets do.
    sliced = func.substr(d.c.text, ev.c.char_start + 1, ev.c.char_end - ev.c.char_start)
    query = (
        select(ev.c.event, ev.c.doc_id, ev.c.char_start, ev.c.char_end, ev.c.text, sliced)
        .select_from(ev.join(e, e.c.pk == ev.c.event).join(d, d.c.pk == e.c.doc))
        .where(ev.c.event.in_(pks))
        .order_by(ev.c.event, ev.c.seq)
    )
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for event, doc, start, end, stored, cut in conn.execute(query):
        found[event].append({"doc": doc, "start": start, "end": end, "text": stored or cut})
    return found


def _sources(conn: Connection, doc_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Return what cites each document: title, URL, path, language, publication date."""
    if not doc_ids:
        return {}
    d = t.documents
    query = select(
        d.c.id, d.c.title, d.c.source_url, d.c.source_path, d.c.language, d.c.published_date
    ).where(d.c.id.in_(doc_ids))
    return {
        r.id: {
            "id": r.id,
            "title": r.title,
            "url": r.source_url,
            "path": r.source_path,
            "language": r.language,
            "published": r.published_date,
        }
        for r in conn.execute(query)
    }


def _entities(conn: Connection, ids: list[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    query = select(t.entities).where(t.entities.c.id.in_(ids))
    return {r.id: dict(r._mapping) for r in conn.execute(query)}


def organization_profiles(store: Store, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Return each organization's name, acronym, kind, country, Wikidata id and names by language.

    The store gives what documents said; the knowledge base (with the `kb`
    setting's extensions) adds the canonical name in each of the six languages.
    """
    wanted = sorted(set(ids))
    with store.reading() as conn:
        stored = _entities(conn, wanted)
    base = _knowledge_base()
    return {ident: _profile(ident, stored.get(ident), base.entity(ident)) for ident in wanted}


def _profile(
    ident: str, row: dict[str, Any] | None, entry: dict[str, Any] | None
) -> dict[str, Any]:
    row, entry = row or {}, entry or {}
    names = entry.get("names") or {}
    return {
        "id": ident,
        "name": row.get("name") or entry.get("name") or ident,
        "acronym": row.get("acronym") or entry.get("acronym"),
        "kind": row.get("kind") or entry.get("kind"),
        "country": row.get("country"),
        "wikidata": entry.get("wikidata"),
        "names": {lang: names[lang][0] for lang in LANGS if names.get(lang)},
    }


def _knowledge_base() -> Any:
    from communique.resources.kb import load_kb

    return load_kb(tuple(settings.as_list(settings.get("kb"))))

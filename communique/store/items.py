"""`show`: one stored document, event or entity, described for a reader."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from sqlalchemy import Connection, func, select

from communique.errors import CommuniqueError
from communique.store import lookup
from communique.store import schema as t

PREVIEW_CHARS = 300


def show(conn: Connection, ident: str) -> dict[str, Any]:
    """Return a document (doc:), the events with an id (ev:) or an entity (id or name)."""
    if ident.startswith("doc:"):
        return show_document(conn, ident)
    if ident.startswith("ev:"):
        return show_event(conn, ident)
    found = lookup.resolve(conn, ident)
    stored = lookup.names(conn, found)
    if not stored:
        raise CommuniqueError("E306", ident)
    return show_entity(conn, next(i for i in found if i in stored))


def show_document(conn: Connection, doc_id: str) -> dict[str, Any]:
    """Return a document's metadata, entities and events (the text only as a preview)."""
    d = t.documents
    row = conn.execute(select(d).where(d.c.id == doc_id)).first()
    if row is None:
        raise CommuniqueError("E306", doc_id)
    entities = conn.execute(
        select(t.doc_entities)
        .where(t.doc_entities.c.doc == row.pk)
        .order_by(t.doc_entities.c.ordinal)
    ).all()
    return {
        "kind": "document",
        "id": row.id,
        "title": row.title,
        "language": row.language,
        "published": row.published_date,
        "source": {"path": row.source_path, "url": row.source_url, "format": row.source_format},
        "characters": len(row.text),
        "preview": row.text[:PREVIEW_CHARS],
        "entities": [
            {"id": e.entity, "type": e.type, "name": e.name, "mentions": e.n_mentions}
            for e in entities
        ],
        "events": _event_rows(conn, t.events.c.doc == row.pk),
        "ingested_at": row.ingested_at,
        "pipeline_version": row.pipeline_version,
    }


def show_event(conn: Connection, event_id: str) -> dict[str, Any]:
    """Return every stored event with id `event_id` (one per document that reports it)."""
    found = _event_rows(conn, t.events.c.id == event_id)
    if not found:
        raise CommuniqueError("E306", event_id)
    return {"kind": "event", "id": event_id, "events": found}


def _event_rows(conn: Connection, where: Any) -> list[dict[str, Any]]:
    e, d = t.events, t.documents
    rows = conn.execute(
        select(e, d.c.id.label("doc_id"), d.c.text)
        .select_from(e.join(d, d.c.pk == e.c.doc))
        .where(where)
        .order_by(e.c.doc, e.c.ordinal)
    ).all()
    return [_event(conn, r) for r in rows]


def _event(conn: Connection, r: Any) -> dict[str, Any]:
    parties = conn.execute(
        select(t.participants.c.entity, t.participants.c.role)
        .where(t.participants.c.event == r.pk)
        .order_by(t.participants.c.seq)
    ).all()
    evidence = conn.execute(
        select(t.evidence.c.char_start, t.evidence.c.char_end)
        .where(t.evidence.c.event == r.pk)
        .order_by(t.evidence.c.seq)
    ).all()
    flags = [f for f in ("future", "historical", "hypothetical", "negated") if r._mapping[f]]
    return {
        "id": r.id,
        "doc": r.doc_id,
        "cluster": r.cluster,
        "type": r.type,
        "mode": r.mode,
        "instrument": r.instrument,
        "meeting": r.meeting,
        "date": {"start": r.date_start, "end": r.date_end, "precision": r.date_precision},
        "place": {"entity": r.place_entity, "name": r.place_name, "country": r.place_country},
        "participants": [{"entity": p.entity, "role": p.role} for p in parties],
        "flags": flags,
        "confidence": r.confidence,
        "evidence": [r.text[s:e] for s, e in evidence],
        "explain": json.loads(r.explain) if r.explain else None,
    }


def show_entity(conn: Connection, entity_id: str) -> dict[str, Any]:
    """Return an entity: its names, the documents and languages that mention it, its events."""
    row = conn.execute(select(t.entities).where(t.entities.c.id == entity_id)).one()
    de, d, cp, c = t.doc_entities, t.documents, t.cluster_participants, t.clusters
    languages: Counter[str | None] = Counter(
        dict(
            conn.execute(
                select(d.c.language, func.count())
                .select_from(de.join(d, d.c.pk == de.c.doc))
                .where(de.c.entity == entity_id)
                .group_by(d.c.language)
            ).all()
        )
    )
    spans = conn.execute(
        select(func.count(), func.min(c.c.first_date), func.max(c.c.last_date))
        .select_from(cp.join(c, c.c.id == cp.c.cluster))
        .where(cp.c.entity == entity_id)
    ).one()
    keys = conn.execute(select(t.entity_keys.c.key).where(t.entity_keys.c.entity == entity_id))
    return {
        "kind": "entity",
        "id": row.id,
        "type": row.type,
        "name": row.name,
        "acronym": row.acronym,
        "entity_kind": row.kind,
        "country": row.country,
        "written_as": sorted(keys.scalars()),
        "n_documents": sum(languages.values()),
        "languages": {k or "?": v for k, v in sorted(languages.items(), key=lambda x: str(x[0]))},
        "n_events": spans[0],
        "first_seen": spans[1],
        "last_seen": spans[2],
    }

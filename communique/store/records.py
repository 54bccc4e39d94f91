"""Reading a stored document back as its extraction record, and as a source for reprocessing.

The record is rebuilt from the tables into `Document` dataclasses and
serialized by `Document.to_record`, so the store and the pipeline share one
definition of the record's shape: record -> store -> record is the identity.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, Row, select

from communique.documents import (
    DateMention,
    Document,
    Entity,
    Event,
    EventDate,
    Evidence,
    LanguageShare,
    Mention,
    Participant,
    PersonRef,
    Place,
    Published,
    Removal,
    Role,
    SourceInfo,
)
from communique.errors import CommuniqueError
from communique.store import schema as t
from communique.store.writer import SOURCE_KEYS


def get_record(conn: Connection, doc_id: str) -> dict[str, Any]:
    """Return the extraction record of a stored document (E306 when there is none)."""
    row = conn.execute(select(t.documents).where(t.documents.c.id == doc_id)).first()
    if row is None:
        raise CommuniqueError("E306", doc_id)
    doc = document_from_row(row)
    doc.entities = _entities(conn, row.pk, row.text)
    doc.events = _events(conn, row.pk, row.text)
    record = doc.to_record()
    record["id"] = row.id  # the key it was stored under, even for a text-less record
    record.update(json.loads(row.extra))
    return record


def document_from_row(row: Row[Any]) -> Document:
    """Rebuild a document's own fields (no entities or events) from its `documents` row."""
    m = row._mapping
    published = None
    if row.published_date:
        published = Published(
            date=row.published_date,
            source=row.published_source,
            precision=row.published_precision or "day",
        )
    return Document(
        raw=row.raw if row.raw is not None else row.text,
        source=SourceInfo(**{k: m[f"source_{k}"] for k in SOURCE_KEYS}),
        title=row.title,
        text=row.text,
        removed=[Removal(**r) for r in json.loads(row.removed)],
        language=row.language,
        languages=[LanguageShare(**x) for x in json.loads(row.languages)],
        published=published,
        dates=[DateMention(**d) for d in json.loads(row.dates)],
        warnings=json.loads(row.warnings),
        external_id=row.external_id,
    )


def source_document(row: Row[Any]) -> Document:
    """Rebuild the document as its source gave it to the pipeline (for reprocessing)."""
    full = document_from_row(row)
    return Document(
        raw=full.raw,
        source=full.source,
        title=full.title,
        warnings=json.loads(row.source_warnings),
        external_id=full.external_id,
        hints=json.loads(row.hints),
    )


def _entities(conn: Connection, pk: int, text: str) -> list[Entity]:
    mentions: dict[int, list[Mention]] = defaultdict(list)
    query = (
        select(t.mentions)
        .where(t.mentions.c.doc == pk)
        .order_by(t.mentions.c.entity_ordinal, t.mentions.c.seq)
    )
    for m in conn.execute(query):
        span = text[m.char_start : m.char_end] if m.text is None else m.text
        mentions[m.entity_ordinal].append(Mention(m.char_start, m.char_end, span, m.via))
    rows = conn.execute(
        select(t.doc_entities).where(t.doc_entities.c.doc == pk).order_by(t.doc_entities.c.ordinal)
    )
    return [
        Entity(
            id=r.entity,
            type=r.type,
            name=r.name,
            mentions=mentions[r.ordinal],
            acronym=r.acronym,
            kind=r.kind,
            country=r.country,
            roles=[Role(**x) for x in json.loads(r.roles)] if r.roles else [],
        )
        for r in rows
    ]


def _events(conn: Connection, pk: int, text: str) -> list[Event]:
    rows = conn.execute(
        select(t.events).where(t.events.c.doc == pk).order_by(t.events.c.ordinal)
    ).all()
    children = _event_children(conn, [r.pk for r in rows], text)
    return [_event(r, children) for r in rows]


def _event_children(conn: Connection, event_pks: list[int], text: str) -> dict[str, Any]:
    found: dict[str, dict[int, list[Any]]] = {
        "participants": defaultdict(list),
        "people": defaultdict(list),
        "contexts": defaultdict(list),
        "evidence": defaultdict(list),
    }
    if not event_pks:
        return found
    for r in _ordered(conn, t.participants, event_pks):
        found["participants"][r.event].append(Participant(r.entity, r.role))
    for r in _ordered(conn, t.event_people, event_pks):
        found["people"][r.event].append(PersonRef(r.entity))
    for r in _ordered(conn, t.event_contexts, event_pks):
        found["contexts"][r.event].append(r.context)
    for r in _ordered(conn, t.evidence, event_pks):
        span = text[r.char_start : r.char_end] if r.text is None else r.text
        found["evidence"][r.event].append(Evidence(r.doc_id, r.char_start, r.char_end, span))
    return found


def _ordered(conn: Connection, table: Any, event_pks: list[int]) -> list[Row[Any]]:
    query = select(table).where(table.c.event.in_(event_pks)).order_by(table.c.event, table.c.seq)
    return list(conn.execute(query))


def _event(r: Row[Any], children: dict[str, Any]) -> Event:
    date = EventDate(r.date_start, r.date_end, r.date_precision, r.date_source)
    place = Place(r.place_entity, r.place_name, r.place_country, r.place_virtual, r.place_hybrid)
    return Event(
        id=r.id,
        type=r.type,
        mode=r.mode,
        instrument=r.instrument,
        meeting=r.meeting,
        participants=children["participants"][r.pk],
        people=children["people"][r.pk],
        date=date if r.date_start is not None else None,
        place=place if r.has_place else None,
        contexts=children["contexts"][r.pk],
        future=r.future,
        historical=r.historical,
        hypothetical=r.hypothetical,
        negated=r.negated,
        confidence=r.confidence,
        evidence=children["evidence"][r.pk],
        explain=json.loads(r.explain) if r.explain is not None else None,
    )

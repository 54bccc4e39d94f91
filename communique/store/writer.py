"""Writing records: one document and everything derived from it, all or nothing.

`write_batch` runs inside the caller's transaction. A record the database
refuses (a constraint, bad data) becomes a row in `errors` and the batch goes
on, while a full disk, a lost server or a lock aborts the whole batch, leaving
only complete documents. Why two passes: a savepoint per document costs two
statements, and so do the rows every document adds to shared tables (entity
names, inputs, the search index); so the batch is first written under one
savepoint with those rows gathered in `Pending` and written once at the end,
and only when the database refuses something is it written again document by
document, each under its own savepoint.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, Delete, Insert, Select, bindparam, delete, exc, select, update

from communique.documents import SCHEMA_VERSION
from communique.pipeline.merge import DEFAULT_RULES, MergeRules, date_span
from communique.store import clusters as clustering
from communique.store import dialects, search
from communique.store import schema as t

RECORD_FIELDS = frozenset(
    (
        *("schema_version", "id", "source", "title", "language", "languages", "published"),
        *("text", "removed", "dates", "entities", "events", "warnings", "external_id", "error"),
    )
)


@dataclass
class Incoming:
    """One extraction record on its way into the store, with what reprocessing needs later."""

    record: dict[str, Any]
    raw_hash: str
    input: str
    raw: str | None = None  # the text before cleaning (kept when it differs from the record's)
    hints: dict[str, Any] = field(default_factory=dict)
    source_warnings: list[str] = field(default_factory=list)
    pipeline_version: str = ""
    replaces: str | None = None  # reprocess: the id of the stored document this re-extracts


@dataclass
class BatchOutcome:
    """What a batch did: documents stored, replaced, seen before, and failed inputs."""

    stored: int = 0
    replaced: int = 0
    duplicates: int = 0
    errors: int = 0
    ids: list[str] = field(default_factory=list)

    def add(self, other: BatchOutcome) -> None:
        """Add another outcome's counts to this one."""
        self.stored += other.stored
        self.replaced += other.replaced
        self.duplicates += other.duplicates
        self.errors += other.errors
        self.ids.extend(other.ids)

    @property
    def documents(self) -> int:
        return self.stored + self.replaced + self.duplicates


def now() -> str:
    """Return the current UTC time as an ISO string (seconds)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def dumps(value: Any) -> str:
    """Serialize JSON compactly, keeping every script readable."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def raw_hash(raw: str | bytes) -> str:
    """Return the sha256 of a raw input (bytes as read, or text as UTF-8)."""
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    return hashlib.sha256(data).hexdigest()


REFUSED = (exc.IntegrityError, exc.DataError, ValueError, KeyError, TypeError)


@dataclass
class Pending:
    """Rows of shared tables gathered over documents and written in one statement each."""

    entities: dict[str, dict[str, Any]] = field(default_factory=dict)
    entity_keys: set[tuple[str, str]] = field(default_factory=set)
    search: dict[int, dict[str, Any]] = field(default_factory=dict)
    inputs: dict[str, dict[str, Any]] = field(default_factory=dict)
    stored_inputs: list[str] = field(default_factory=list)  # their earlier errors are cleared

    def flush(self, conn: Connection) -> None:
        """Write what was gathered."""
        if self.entities:
            dialects.upsert_entities(conn, self.entities, self.entity_keys)
        search.index_documents(conn, list(self.search.values()))
        dialects.insert_ignore(conn, t.inputs, list(self.inputs.values()), ["raw_hash"])
        if self.stored_inputs:
            conn.execute(_forget_errors(), {"inputs": self.stored_inputs})


def write_batch(
    conn: Connection, items: Iterable[Incoming], rules: MergeRules = DEFAULT_RULES
) -> BatchOutcome:
    """Write every item in the caller's transaction; a refused record becomes an error row."""
    items = list(items)
    whole = conn.begin_nested()
    try:
        kinds = _write_together(conn, items, rules)
        whole.commit()
    except REFUSED:
        whole.rollback()
        kinds = [_write_alone(conn, item, rules) for item in items]
    outcome = BatchOutcome()
    for item, kind in zip(items, kinds, strict=True):
        setattr(outcome, kind, getattr(outcome, kind) + 1)
        if kind != "errors":
            outcome.ids.append(item.record["id"])
    return outcome


def _write_alone(conn: Connection, item: Incoming, rules: MergeRules) -> str:
    """Write one item under its own savepoint; record why when the database refuses it."""
    savepoint = conn.begin_nested()
    try:
        [kind] = _write_together(conn, [item], rules)
        savepoint.commit()
    except REFUSED as error:
        savepoint.rollback()
        record_error(conn, item.input, "E300", f"record refused: {error}"[:500])
        kind = "errors"
    return kind


def _write_together(conn: Connection, items: list[Incoming], rules: MergeRules) -> list[str]:
    """Write `items`, then the shared rows they gathered; return what became of each."""
    pending = Pending()
    kinds = [write_one(conn, item, rules, pending) for item in items]
    pending.flush(conn)
    return kinds


def write_one(conn: Connection, item: Incoming, rules: MergeRules, pending: Pending) -> str:
    """Store one record; return "stored", "replaced", "duplicates" or "errors".

    Rows of shared tables wait in `pending` for the caller's flush.
    """
    record = item.record
    if record.get("error"):
        error = record["error"]
        record_error(conn, item.input, error.get("code", "E200"), error.get("message", ""))
        return "errors"
    doc_id = record["id"]
    if item.replaces is not None:
        old = document_pk(conn, item.replaces)
        if old is not None and item.replaces == doc_id:
            _replace(conn, old, item, rules, pending)
            return "replaced"
        if old is not None:
            pending.search.pop(old, None)
            delete_document(conn, old, rules)
    existing = document_pk(conn, doc_id)
    if existing is not None:
        remember_input(pending, item, existing)
        return "duplicates"
    pk = conn.execute(_insert_document(), document_row(item)).scalar_one()
    _insert_derived(conn, pk, record, rules, pending)
    remember_input(pending, item, pk)
    return "replaced" if item.replaces is not None else "stored"


def _replace(
    conn: Connection, pk: int, item: Incoming, rules: MergeRules, pending: Pending
) -> None:
    pending.search.pop(pk, None)
    clear_derived(conn, pk, rules)
    row = document_row(item)
    row.pop("ingested_at")
    conn.execute(update(t.documents).where(t.documents.c.pk == pk).values(row))
    _insert_derived(conn, pk, item.record, rules, pending)
    remember_input(pending, item, pk)


def document_pk(conn: Connection, doc_id: str) -> int | None:
    """Return the integer key of document `doc_id`, or None."""
    return conn.execute(_document_key(), {"id": doc_id}).scalar()


@cache
def _document_key() -> Select[Any]:
    return select(t.documents.c.pk).where(t.documents.c.id == bindparam("id"))


@cache
def _insert_document() -> Insert:
    return t.documents.insert().returning(t.documents.c.pk)


@cache
def _event_insert() -> Insert:
    return t.events.insert().returning(t.events.c.pk, sort_by_parameter_order=True)


@cache
def _forget_errors() -> Delete:
    return delete(t.errors).where(t.errors.c.input.in_(bindparam("inputs", expanding=True)))


def remember_input(pending: Pending, item: Incoming, pk: int) -> None:
    """Record that `item`'s raw input is stored (so a rerun skips it) and clear its old errors."""
    pending.inputs.setdefault(
        item.raw_hash, {"raw_hash": item.raw_hash, "doc": pk, "input": item.input}
    )
    pending.stored_inputs.append(item.input)


def record_error(conn: Connection, input_name: str, code: str, message: str) -> None:
    """Record why an input failed, replacing what an earlier run recorded for it."""
    conn.execute(delete(t.errors).where(t.errors.c.input == input_name))
    conn.execute(t.errors.insert().values(input=input_name, code=code, message=message, at=now()))


def document_row(item: Incoming) -> dict[str, Any]:
    """Return the `documents` row of a record."""
    record = item.record
    source = record.get("source") or {}
    published = record.get("published") or {}
    stamp = now()
    return {
        "id": record["id"],
        "raw_hash": item.raw_hash,
        **{f"source_{k}": source.get(k) for k in SOURCE_KEYS},
        "external_id": record.get("external_id"),
        "title": record.get("title"),
        "language": record.get("language"),
        "published_date": published.get("date"),
        "published_source": published.get("source"),
        "published_precision": published.get("precision"),
        "text": record["text"],
        "raw": item.raw if item.raw is not None and item.raw != record["text"] else None,
        **{k: dumps(record.get(k) or []) for k in ("languages", "removed", "dates", "warnings")},
        "hints": dumps(item.hints),
        "source_warnings": dumps(item.source_warnings),
        "extra": dumps({k: v for k, v in record.items() if k not in RECORD_FIELDS}),
        "record_version": record.get("schema_version", SCHEMA_VERSION),
        "pipeline_version": item.pipeline_version,
        "ingested_at": stamp,
        "updated_at": stamp,
    }


SOURCE_KEYS = ("path", "url", "format", "fetched_at", "encoding", "line")


def _insert_derived(
    conn: Connection, pk: int, record: dict[str, Any], rules: MergeRules, pending: Pending
) -> None:
    text = record["text"]
    entities = record.get("entities") or []
    _insert_entities(conn, pk, entities, text)
    dialects.collect_entities(entities, pending.entities, pending.entity_keys)
    event_pks = _insert_events(conn, pk, record.get("events") or [], text)
    pending.search[pk] = search.index_row(pk, record.get("title"), text)
    found = record.get("events") or []
    doc = (pk, record["id"], record.get("language"))
    for event_pk, event in zip(event_pks, found, strict=True):
        others = [other for other in found if other is not event]
        clustering.assign(conn, doc, event_pk, event, others, rules)


def _insert_entities(conn: Connection, pk: int, entities: list[dict[str, Any]], text: str) -> None:
    if not entities:
        return
    rows, mention_rows = [], []
    for ordinal, entity in enumerate(entities):
        rows.append(_doc_entity_row(pk, ordinal, entity))
        for seq, m in enumerate(entity.get("mentions") or []):
            mention_rows.append(
                {
                    "doc": pk,
                    "entity_ordinal": ordinal,
                    "seq": seq,
                    "char_start": m["start"],
                    "char_end": m["end"],
                    "text": _unless_slice(text, m),
                    "via": m.get("via"),
                }
            )
    conn.execute(t.doc_entities.insert(), rows)
    if mention_rows:
        conn.execute(t.mentions.insert(), mention_rows)


def _doc_entity_row(pk: int, ordinal: int, entity: dict[str, Any]) -> dict[str, Any]:
    return {
        "doc": pk,
        "ordinal": ordinal,
        "entity": entity["id"],
        "type": entity["type"],
        "name": entity["name"],
        "acronym": entity.get("acronym"),
        "kind": entity.get("kind"),
        "country": entity.get("country"),
        "roles": dumps(entity["roles"]) if "roles" in entity else None,
        "n_mentions": len(entity.get("mentions") or []),
    }


def _unless_slice(text: str, span: dict[str, Any]) -> str | None:
    """Return the span's text only when it is not simply text[start:end]."""
    return None if text[span["start"] : span["end"]] == span["text"] else span["text"]


def _insert_events(conn: Connection, pk: int, events: list[dict[str, Any]], text: str) -> list[int]:
    if not events:
        return []
    rows = [_event_row(pk, ordinal, e) for ordinal, e in enumerate(events)]
    event_pks = list(conn.execute(_event_insert(), rows).scalars())
    children: dict[Any, list[dict[str, Any]]] = {table: [] for table in t.DERIVED_BY_EVENT}
    for event_pk, event, row in zip(event_pks, events, rows, strict=True):
        _event_children(children, event_pk, event, text, clustering.merge_keys(row))
    for table, table_rows in children.items():
        if table_rows:
            conn.execute(table.insert(), table_rows)
    return event_pks


def _event_children(
    children: dict[Any, list[dict[str, Any]]],
    event_pk: int,
    event: dict[str, Any],
    text: str,
    merge_keys: dict[str, Any],
) -> None:
    for seq, p in enumerate(event.get("participants") or []):
        children[t.participants].append(
            {"event": event_pk, "seq": seq, "entity": p["entity"], "role": p["role"], **merge_keys}
        )
    for seq, p in enumerate(event.get("people") or []):
        children[t.event_people].append({"event": event_pk, "seq": seq, "entity": p["entity"]})
    for seq, context in enumerate(event.get("contexts") or []):
        children[t.event_contexts].append({"event": event_pk, "seq": seq, "context": context})
    for seq, ev in enumerate(event.get("evidence") or []):
        children[t.evidence].append(
            {
                "event": event_pk,
                "seq": seq,
                "doc_id": ev["doc"],
                "char_start": ev["start"],
                "char_end": ev["end"],
                "text": _unless_slice(text, ev),
            }
        )


def _event_row(pk: int, ordinal: int, event: dict[str, Any]) -> dict[str, Any]:
    date = event.get("date") or {}
    span = date_span(date)
    place = event.get("place")
    return {
        "doc": pk,
        "ordinal": ordinal,
        "id": event["id"],
        "type": event["type"],
        **{k: event.get(k) for k in ("mode", "instrument", "meeting")},
        "date_start": date.get("start"),
        "date_end": date.get("end"),
        "date_precision": date.get("precision"),
        "date_source": date.get("source"),
        "date_until": span[1].isoformat() if span else date.get("end") or date.get("start"),
        "has_place": place is not None,
        "place_entity": (place or {}).get("entity"),
        "place_name": (place or {}).get("name"),
        "place_country": (place or {}).get("country"),
        "place_virtual": bool((place or {}).get("virtual")),
        "place_hybrid": bool((place or {}).get("hybrid")),
        **{k: bool(event.get(k)) for k in ("future", "historical", "hypothetical", "negated")},
        "confidence": float(event.get("confidence", 0.5)),
        "explain": dumps(event["explain"]) if event.get("explain") is not None else None,
        "cluster": None,
    }


def clear_derived(conn: Connection, pk: int, rules: MergeRules = DEFAULT_RULES) -> None:
    """Delete a document's entities, events and index entry; re-summarize its old clusters."""
    touched = clustering.clusters_of_document(conn, pk)
    conn.execute(delete(t.events).where(t.events.c.doc == pk))
    conn.execute(delete(t.mentions).where(t.mentions.c.doc == pk))
    conn.execute(delete(t.doc_entities).where(t.doc_entities.c.doc == pk))
    search.unindex_document(conn, pk)
    for cluster in touched:
        clustering.refresh(conn, cluster)


def delete_document(conn: Connection, pk: int, rules: MergeRules = DEFAULT_RULES) -> None:
    """Delete a document and everything derived from it."""
    clear_derived(conn, pk, rules)
    conn.execute(delete(t.documents).where(t.documents.c.pk == pk))

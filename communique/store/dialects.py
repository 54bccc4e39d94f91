"""The few statements SQLite and PostgreSQL spell differently: upserts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite

from communique.pipeline.matcher import alias_key
from communique.store import schema as t

ENTITY_FIELDS = ("type", "name", "acronym", "kind", "country")


def _insert(conn: Connection, table: Table) -> Any:
    module = sqlite if conn.dialect.name == "sqlite" else postgresql
    return module.insert(table)


def insert_ignore(
    conn: Connection, table: Table, rows: Sequence[dict[str, Any]], keys: Sequence[str]
) -> None:
    """Insert rows, skipping those whose `keys` are already present."""
    if rows:
        conn.execute(_insert(conn, table).on_conflict_do_nothing(index_elements=list(keys)), rows)


def upsert(
    conn: Connection, table: Table, rows: Sequence[dict[str, Any]], keys: Sequence[str]
) -> None:
    """Insert rows, overwriting the other columns of those whose `keys` are already present."""
    if not rows:
        return
    statement = _insert(conn, table)
    changed = {c: statement.excluded[c] for c in rows[0] if c not in keys}
    conn.execute(statement.on_conflict_do_update(index_elements=list(keys), set_=changed), rows)


def upsert_entities(conn: Connection, entities: Sequence[dict[str, Any]]) -> None:
    """Keep the latest name of every entity, and every name it was written under as a key."""
    rows = {e["id"]: {"id": e["id"], **{f: e.get(f) for f in ENTITY_FIELDS}} for e in entities}
    upsert(conn, t.entities, sorted(rows.values(), key=lambda r: r["id"]), ["id"])
    keys = {(k, e["id"]) for e in entities for k in entity_keys(e) if k}
    insert_ignore(
        conn, t.entity_keys, [{"key": k, "entity": e} for k, e in sorted(keys)], ["key", "entity"]
    )


def entity_keys(entity: dict[str, Any]) -> set[str]:
    """Return the lookup keys of an entity: its name, acronym and every surface form in the text.

    A person named only by a bare title ("the Secretary-General") does not get
    the title as a key: it names whoever holds the post.
    """
    names = [entity.get("name"), entity.get("acronym")]
    names += [m["text"] for m in entity.get("mentions") or () if m.get("via") != "title"]
    return {alias_key(n) for n in names if n}

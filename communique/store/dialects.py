"""The few statements SQLite and PostgreSQL spell differently: upserts."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite

from communique.pipeline.matcher import alias_key
from communique.store import schema as t

ENTITY_FIELDS = ("type", "name", "acronym", "kind", "country")


def insert_ignore(
    conn: Connection, table: Table, rows: Sequence[dict[str, Any]], keys: Sequence[str]
) -> None:
    """Insert rows, skipping those whose `keys` are already present."""
    if rows:
        conn.execute(_insert_ignore(conn.dialect.name, table, tuple(keys)), rows)


def upsert(
    conn: Connection, table: Table, rows: Sequence[dict[str, Any]], keys: Sequence[str]
) -> None:
    """Insert rows, overwriting the other columns of those whose `keys` are already present."""
    if rows:
        columns = tuple(c for c in rows[0] if c not in keys)
        conn.execute(_upsert(conn.dialect.name, table, tuple(keys), columns), rows)


@lru_cache(maxsize=64)
def _insert_ignore(dialect: str, table: Table, keys: tuple[str, ...]) -> Any:
    return _insert(dialect, table).on_conflict_do_nothing(index_elements=list(keys))


@lru_cache(maxsize=64)
def _upsert(dialect: str, table: Table, keys: tuple[str, ...], columns: tuple[str, ...]) -> Any:
    statement = _insert(dialect, table)
    changed = {c: statement.excluded[c] for c in columns}
    return statement.on_conflict_do_update(index_elements=list(keys), set_=changed)


def _insert(dialect: str, table: Table) -> Any:
    return (sqlite if dialect == "sqlite" else postgresql).insert(table)


def upsert_entities(
    conn: Connection, rows: dict[str, dict[str, Any]], keys: set[tuple[str, str]]
) -> None:
    """Keep the latest name of every entity, and every name it was written under as a key.

    `rows` and `keys` are what `collect_entities` gathered (over one document or a batch).
    """
    upsert(conn, t.entities, [rows[k] for k in sorted(rows)], ["id"])
    insert_ignore(
        conn, t.entity_keys, [{"key": k, "entity": e} for k, e in sorted(keys)], ["key", "entity"]
    )


def collect_entities(
    entities: Sequence[dict[str, Any]], rows: dict[str, dict[str, Any]], keys: set[tuple[str, str]]
) -> None:
    """Add a record's entities to the rows (the latest name wins) and keys to write."""
    for e in entities:
        rows[e["id"]] = {"id": e["id"], **{f: e.get(f) for f in ENTITY_FIELDS}}
        keys.update((k, e["id"]) for k in entity_keys(e) if k)


def entity_keys(entity: dict[str, Any]) -> set[str]:
    """Return the lookup keys of an entity: its name, acronym and every surface form in the text.

    A person named only by a bare title ("the Secretary-General") does not get
    the title as a key: it names whoever holds the post.
    """
    names = [entity.get("name"), entity.get("acronym")]
    names += [m["text"] for m in entity.get("mentions") or () if m.get("via") != "title"]
    return {alias_key(n) for n in names if n}

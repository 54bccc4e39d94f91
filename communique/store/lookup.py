"""Resolving what users type (an id, a name or an acronym in any script) to entity ids.

First the names the corpus itself used (every mention's surface form is a
key, folded and stemmed the way the gazetteer folds), then the knowledge
base's aliases in six languages, so "ONUDC", "УНП ООН" and
"联合国毒品和犯罪问题办公室" all find org:unodc even when the corpus spelled
it otherwise.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from sqlalchemy import Connection, select

from communique import settings
from communique.pipeline.matcher import alias_key
from communique.store import schema as t

PREFIXES = {"org:": "organization", "person:": "person", "place:": "place", "country:": "country"}
KIND_PREFIX = {
    "organization": "org:",
    "person": "person:",
    "place": "place:",
    "country": "country:",
}


def resolve(conn: Connection, value: str, kind: str | None = None) -> list[str]:
    """Return the ids of the entities `value` names (of type `kind` when given), best first."""
    value = value.strip()
    if not value:
        return []
    if _is_id(value):
        return [value] if kind is None or value.startswith(KIND_PREFIX[kind]) else []
    if kind == "country" and len(value) == 2 and value.isalpha():
        return ["country:" + value.lower()]
    found = _from_corpus(conn, value, kind)
    return found or _from_knowledge_base(value, kind)


def _is_id(value: str) -> bool:
    return any(value.startswith(prefix) for prefix in PREFIXES) and " " not in value


def _from_corpus(conn: Connection, value: str, kind: str | None) -> list[str]:
    query = (
        select(t.entity_keys.c.entity)
        .select_from(t.entity_keys.join(t.entities, t.entities.c.id == t.entity_keys.c.entity))
        .where(t.entity_keys.c.key == alias_key(value))
    )
    if kind is not None:
        query = query.where(t.entities.c.type == kind)
    return sorted(set(conn.execute(query).scalars()))


def _from_knowledge_base(value: str, kind: str | None) -> list[str]:
    hits = sorted(_knowledge_base_keys(_extensions()).get(alias_key(value), ()))
    if kind is not None:
        hits = [h for h in hits if h.startswith(KIND_PREFIX[kind])]
    return hits


def _extensions() -> tuple[str, ...]:
    return tuple(settings.as_list(settings.get("kb")))


@lru_cache(maxsize=2)
def _knowledge_base_keys(extensions: tuple[str, ...]) -> dict[str, frozenset[str]]:
    """Return every name and acronym key of the knowledge base with the entities it names."""
    from communique.resources.kb import load_kb

    keys: dict[str, set[str]] = defaultdict(set)
    for alias in load_kb(extensions).aliases():
        if alias.kind in ("name", "short", "acronym"):
            keys[alias_key(alias.text)].add(alias.entity)
    return {key: frozenset(found) for key, found in keys.items()}


def names(conn: Connection, ids: list[str]) -> dict[str, dict[str, str | None]]:
    """Return the name, acronym and type of each stored entity in `ids`."""
    if not ids:
        return {}
    query = select(t.entities).where(t.entities.c.id.in_(sorted(set(ids))))
    return {
        row.id: {"name": row.name, "acronym": row.acronym, "type": row.type, "kind": row.kind}
        for row in conn.execute(query)
    }


def label(entity_id: str, known: dict[str, dict[str, str | None]]) -> str:
    """Return the short label of an entity: its acronym, else its name, else its id."""
    info = known.get(entity_id) or {}
    return info.get("acronym") or info.get("name") or entity_id

"""The knowledge store: the only package that speaks SQL.

SQLite by default (WAL, one writer), PostgreSQL for a shared server, both
through SQLAlchemy Core behind one narrow interface:

    store = open_store("communique.db")      # or sqlite:///..., postgresql://...
    store.write([Incoming(record, raw_hash, input_name)])
    store.get_record("doc:...")              # the record as it went in
    from communique.store import queries     # events, search, show, partners

Modules: engine (URLs, pragmas, coded errors), schema (tables), migrations,
writer (records in), clusters (cross-document merging), search (full-text
index), records (records out), lookup (names to ids), queries and items
(what users ask), flat (rows for tables and CSV).

SQLAlchemy is imported on first use, so `import communique` stays quick for
those who only extract.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from communique.pipeline.merge import MergeRules
    from communique.store.store import Store
    from communique.store.writer import BatchOutcome, Incoming, raw_hash

__all__ = ["BatchOutcome", "Incoming", "MergeRules", "Store", "open_store", "raw_hash"]

_LAZY = {
    "BatchOutcome": "communique.store.writer",
    "Incoming": "communique.store.writer",
    "raw_hash": "communique.store.writer",
    "Store": "communique.store.store",
    "MergeRules": "communique.pipeline.merge",
}


def open_store(
    url: str | None = None, *, create: bool = True, rules: MergeRules | None = None
) -> Store:
    """Open (and migrate) the store at `url`: a path, sqlite:///PATH or postgresql://...

    The default is the `db` setting (COMMUNIQUE_DB, else communique.db here).
    With `create=False` a missing SQLite file is an error (E303) instead of a new database.
    """
    from communique.pipeline.merge import DEFAULT_RULES
    from communique.store.store import open_store as open_

    return open_(url, create=create, rules=rules or DEFAULT_RULES)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

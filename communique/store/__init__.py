"""The knowledge store: the only package that speaks SQL.

SQLite by default (WAL, one writer), PostgreSQL for a shared server, both
through SQLAlchemy Core behind one narrow interface:

    store = open_store("communique.db")      # or sqlite:///..., postgresql://...
    store.write([Incoming(record, raw_hash, input_name)])
    store.get_record("doc:...")              # the record as it went in
    from communique.store import queries     # events, search, show, partners

Modules: engine (URLs, pragmas, coded errors), schema (tables), migrations,
writer (records in), clusters (cross-document merging), search (full-text
index), records (records out), queries (what users ask).
"""

from __future__ import annotations

from communique.pipeline.merge import MergeRules
from communique.store.store import Store, open_store
from communique.store.writer import BatchOutcome, Incoming, raw_hash

__all__ = ["BatchOutcome", "Incoming", "MergeRules", "Store", "open_store", "raw_hash"]

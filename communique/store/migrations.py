"""Versioned, transactional schema migrations, recorded in `schema_migrations`.

Each migration runs in its own transaction together with the row that records
it, so a migration is applied entirely or not at all. Opening a database
applies the pending ones; a database whose recorded version is newer than
this code knows raises E302, and a file that holds tables but no migration
record is somebody else's database (E301).

To change the schema, append a migration: never edit one that has shipped
(migration 1 creates the tables as `schema.py` declared them at version 1).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, Table, func, inspect, select, text

from communique.errors import CommuniqueError
from communique.store import schema
from communique.store.engine import is_sqlite

SQLITE_SEARCH = ("CREATE VIRTUAL TABLE search USING fts5(title, body, tokenize='trigram')",)
POSTGRES_SEARCH = (
    "CREATE TABLE search (doc BIGINT PRIMARY KEY REFERENCES documents(pk) ON DELETE CASCADE,"
    " title TEXT NOT NULL, body TEXT NOT NULL,"
    " tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', title || ' ' || body)) STORED)",
    "CREATE INDEX ix_search_tsv ON search USING gin (tsv)",
)
POSTGRES_TRIGRAM = "CREATE INDEX ix_search_trgm ON search USING gin (body gin_trgm_ops)"
# Migration 7: the index holds words (search.search_text), which FTS5 need only split.
SQLITE_WORD_SEARCH = (
    "CREATE VIRTUAL TABLE search USING fts5(title, body, tokenize='unicode61 remove_diacritics 0')"
)


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[Connection], None]


def _tables_since(version: int) -> list[Table]:
    return [
        table
        for table in schema.metadata.sorted_tables
        if table.info.get("since", 1) == version and table is not schema.schema_migrations
    ]


def _create_tables(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=_tables_since(1))


def _add_cluster_contexts(conn: Connection) -> None:
    from communique.store.clusters import rebuild_contexts

    schema.metadata.create_all(conn, tables=_tables_since(3))
    rebuild_contexts(conn)


def _create_search(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        for statement in SQLITE_SEARCH:
            conn.exec_driver_sql(statement)
        return
    for statement in POSTGRES_SEARCH:
        conn.exec_driver_sql(statement)
    if _enable_trigram(conn):
        conn.exec_driver_sql(POSTGRES_TRIGRAM)


def _enable_trigram(conn: Connection) -> bool:
    """Install pg_trgm where the server has it and we may; its absence is not an error."""
    savepoint = conn.begin_nested()
    try:
        conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        savepoint.commit()
    except Exception:  # no such extension or no right to create it: search works without
        savepoint.rollback()
    found = conn.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).first()
    return found is not None


def _add_cluster_doc_index(conn: Connection) -> None:
    index = next(i for i in schema.events.indexes if i.name == "ix_events_cluster_doc")
    index.create(conn, checkfirst=True)


def _add_cluster_documents_index(conn: Connection) -> None:
    # Lists sorted by how many documents report an event ("most reported first").
    index = next(i for i in schema.clusters.indexes if i.name == "ix_clusters_documents_date")
    index.create(conn, checkfirst=True)


def _add_merge_keys(conn: Connection) -> None:
    from communique.store.clusters import fill_merge_keys

    present = {c["name"] for c in inspect(conn).get_columns("participants")}
    for name in ("merge_type", "merge_from", "merge_until"):
        if name not in present:  # a database created at version 6 or later has them
            conn.exec_driver_sql(f"ALTER TABLE participants ADD COLUMN {name} TEXT")
    fill_merge_keys(conn)
    index = next(i for i in schema.participants.indexes if i.name == "ix_participants_merge")
    index.create(conn, checkfirst=True)


def _search_by_words(conn: Connection) -> None:
    from communique.store.search import index_all

    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("DROP TABLE search")
        conn.exec_driver_sql(SQLITE_WORD_SEARCH)
    else:
        conn.exec_driver_sql("DROP INDEX IF EXISTS ix_search_trgm")  # words need no substrings
        conn.exec_driver_sql("DELETE FROM search")
    index_all(conn)


def _cluster_date_indexes(conn: Connection) -> None:
    for old in ("ix_clusters_first_date", "ix_clusters_type_date"):
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {old}")
    for index in schema.clusters.indexes:
        if index.name in ("ix_clusters_dates", "ix_clusters_type_dates"):
            index.create(conn, checkfirst=True)


def _add_store_state(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=_tables_since(9))
    if conn.execute(select(schema.store_state.c.id)).first() is None:
        conn.execute(schema.store_state.insert().values(id=1, generation=0))


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "documents, entities, events, clusters and errors", _create_tables),
    Migration(2, "full-text search index", _create_search),
    Migration(3, "contexts of merged events", _add_cluster_contexts),
    Migration(4, "documents of merged events, from the index alone", _add_cluster_doc_index),
    Migration(5, "merged events by number of documents", _add_cluster_documents_index),
    Migration(6, "merge keys on participants: candidates from one index", _add_merge_keys),
    Migration(7, "search by words, stems and characters instead of trigrams", _search_by_words),
    Migration(8, "first and last dates of merged events in one index", _cluster_date_indexes),
    Migration(9, "a generation raised by every write, for remembered aggregates", _add_store_state),
)
LATEST = MIGRATIONS[-1].version


def current_version(conn: Connection) -> int:
    """Return the highest applied migration (0 for an empty database)."""
    names = set(inspect(conn).get_table_names())
    if schema.schema_migrations.name not in names:
        if names - {"sqlite_sequence"}:
            raise CommuniqueError("E301", "it has tables but no schema_migrations")
        return 0
    version = conn.execute(select(func.max(schema.schema_migrations.c.version))).scalar()
    return int(version or 0)


def migrate(engine: Engine) -> int:
    """Apply every pending migration, each in its own transaction; return the version reached."""
    with engine.connect() as conn:
        version = _checked_version(conn)
        conn.rollback()
    for migration in MIGRATIONS:
        if migration.version > version:
            version = _apply(engine, migration)
    return version


def _checked_version(conn: Connection) -> int:
    version = current_version(conn)
    if version > LATEST:
        raise CommuniqueError("E302", f"database is at version {version}, this code at {LATEST}")
    return version


def _apply(engine: Engine, migration: Migration) -> int:
    """Apply one migration unless another process did meanwhile; return the version reached."""
    with engine.connect().execution_options(immediate=True) as conn, conn.begin():
        if not is_sqlite(engine):
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(4242001)")
        schema.schema_migrations.create(conn, checkfirst=True)
        version = _checked_version(conn)
        if version >= migration.version:
            return version
        migration.apply(conn)
        conn.execute(
            schema.schema_migrations.insert().values(
                version=migration.version,
                description=migration.description,
                applied_at=datetime.now(UTC).isoformat(timespec="seconds"),
            )
        )
    return migration.version

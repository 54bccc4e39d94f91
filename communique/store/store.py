"""The `Store`: the one narrow interface to the database, the same on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, func, select, text
from sqlalchemy.engine import make_url

from communique.documents import Document
from communique.errors import CommuniqueError
from communique.pipeline.merge import DEFAULT_RULES, MergeRules
from communique.store import clusters, memo, migrations, records, writer
from communique.store import schema as t
from communique.store.engine import coded_errors, describe, is_sqlite, make_engine, resolve_url
from communique.store.memo import Memo

WRITER_LOCK = 4242002  # PostgreSQL advisory lock key held by the writing transaction
COUNTED = (
    t.documents,
    t.entities,
    t.doc_entities,
    t.mentions,
    t.events,
    t.participants,
    t.evidence,
    t.clusters,
    t.errors,
    t.inputs,
)


def open_store(
    url: str | None = None, *, create: bool = True, rules: MergeRules = DEFAULT_RULES
) -> Store:
    """Open (and migrate) the store at `url`: a path, sqlite:///PATH or postgresql://...

    The default is the `db` setting (COMMUNIQUE_DB, else communique.db here).
    With `create=False` a missing SQLite file is an error (E303) instead of a new database.
    """
    resolved = resolve_url(url)
    if not create and resolved.startswith("sqlite"):
        database = make_url(resolved).database or ""
        if database and not Path(database).exists():
            raise CommuniqueError("E303", f"no database at {database}: run `communique ingest`")
    engine = make_engine(resolved)
    try:
        with coded_errors(describe(resolved)):
            migrations.migrate(engine)
    except BaseException:
        engine.dispose()
        raise
    return Store(resolved, engine, rules)


class Store:
    """Documents, events, clusters and their indexes in one database; one writer at a time."""

    def __init__(self, url: str, engine: Engine, rules: MergeRules = DEFAULT_RULES) -> None:
        self.url = url
        self.engine = engine
        self.rules = rules
        self.memo = Memo()  # costly aggregates, until the next write

    @property
    def dialect(self) -> str:
        """Return "sqlite" or "postgresql"."""
        return str(self.engine.dialect.name)

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({describe(self.url)!r})"

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """Yield a connection in a read transaction; driver errors become coded errors."""
        with coded_errors(describe(self.url)), self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """Yield a connection in a write transaction, committed when the block ends cleanly."""
        with coded_errors(describe(self.url)), self.engine.connect() as conn:
            conn.execution_options(immediate=True)  # SQLite: BEGIN IMMEDIATE
            with conn.begin():
                if not is_sqlite(self.engine):  # one writer on PostgreSQL too
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITER_LOCK})")
                memo.advance(conn)
                yield conn

    def write(self, items: Iterable[writer.Incoming]) -> writer.BatchOutcome:
        """Store a batch of records in one transaction (each document all or nothing)."""
        with self.writing() as conn:
            return writer.write_batch(conn, items, self.rules)

    def add_record(self, record: dict[str, Any], *, raw: str | None = None) -> str:
        """Store one extraction record (a convenience over `write`); return its document id."""
        raw_text = raw if raw is not None else record.get("text", "")
        label = (record.get("source") or {}).get("path") or record.get("id", "")
        item = writer.Incoming(record, writer.raw_hash(raw_text), str(label), raw=raw_text)
        outcome = self.write([item])
        if outcome.errors:
            raise CommuniqueError("E300", f"record {record.get('id')} was not stored")
        return str(record["id"])

    def record_error(self, input_name: str, code: str, message: str) -> None:
        """Record that an input could not be read or extracted."""
        with self.writing() as conn:
            writer.record_error(conn, input_name, code, message)

    def known_inputs(self) -> set[str]:
        """Return the hashes of every raw input already stored (a rerun skips them)."""
        with self.reading() as conn:
            return set(conn.execute(select(t.inputs.c.raw_hash)).scalars())

    def get_record(self, doc_id: str) -> dict[str, Any]:
        """Return the extraction record of document `doc_id` (E306 when absent)."""
        with self.reading() as conn:
            return records.get_record(conn, doc_id)

    def has_document(self, doc_id: str) -> bool:
        """Tell whether document `doc_id` is stored."""
        with self.reading() as conn:
            return writer.document_pk(conn, doc_id) is not None

    def document_ids(self) -> list[str]:
        """Return the id of every stored document, in the order they were stored."""
        with self.reading() as conn:
            query = select(t.documents.c.id).order_by(t.documents.c.pk)
            return list(conn.execute(query).scalars())

    def delete_document(self, doc_id: str) -> None:
        """Delete a document and everything derived from it (E306 when absent)."""
        with self.writing() as conn:
            pk = writer.document_pk(conn, doc_id)
            if pk is None:
                raise CommuniqueError("E306", doc_id)
            writer.delete_document(conn, pk, self.rules)

    def source_documents(
        self, after: int = 0, limit: int = 100, stale_for: str | None = None
    ) -> list[tuple[int, str, str, Document]]:
        """Return up to `limit` stored documents after key `after`, as sources for the pipeline.

        Each item is (key, document id, raw hash, source document). With
        `stale_for`, only documents extracted by another pipeline version.
        """
        query = select(t.documents).where(t.documents.c.pk > after)
        if stale_for is not None:
            query = query.where(t.documents.c.pipeline_version != stale_for)
        query = query.order_by(t.documents.c.pk).limit(limit)
        with self.reading() as conn:
            rows = conn.execute(query).all()
        return [(r.pk, r.id, r.raw_hash, records.source_document(r)) for r in rows]

    def last_document_key(self) -> int:
        """Return the highest document key (documents stored later get higher keys)."""
        with self.reading() as conn:
            return int(conn.execute(select(func.max(t.documents.c.pk))).scalar() or 0)

    def recluster(self) -> int:
        """Rebuild every cluster (after changing the merge rules); return how many there are."""
        with self.writing() as conn:
            return clusters.recluster(conn, self.rules)

    def optimize(self) -> None:
        """Refresh the query planner's statistics where they are stale (after a large write).

        PostgreSQL's autovacuum would, but only minutes later: until then, after
        a bulk load, the planner takes the new tables for empty and scans them.
        """
        with self.writing() as conn:
            conn.exec_driver_sql("PRAGMA optimize" if is_sqlite(self.engine) else "ANALYZE")

    def counts(self) -> dict[str, int]:
        """Return the number of rows of the main tables."""
        with self.reading() as conn:
            return {
                table.name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
                for table in COUNTED
            }

    def version(self) -> int:
        """Return the schema version of the database."""
        with self.reading() as conn:
            return migrations.current_version(conn)

    def check(self) -> list[str]:
        """Return integrity problems (none in a healthy store): storage, keys and derived data."""
        with self.reading() as conn:
            problems = _storage_problems(conn) if is_sqlite(self.engine) else []
            for label, sql in CONSISTENCY_CHECKS:
                found = conn.execute(text(sql)).scalar_one()
                if found:
                    problems.append(f"{label}: {found}")
            return problems


def _storage_problems(conn: Connection) -> list[str]:
    result = [row[0] for row in conn.exec_driver_sql("PRAGMA integrity_check")]
    problems = [] if result == ["ok"] else [f"integrity_check: {r}" for r in result]
    bad_keys = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
    return problems + [f"foreign key: {row}" for row in bad_keys]


def _orphans(child: str, key: str, parent: str, parent_key: str, extra: str = "") -> str:
    """Return SQL counting rows of `child` whose `key` finds no row of `parent`."""
    return (
        f"SELECT count(*) FROM {child} x WHERE {extra}"
        f" NOT EXISTS (SELECT 1 FROM {parent} y WHERE y.{parent_key} = x.{key})"
    )


CONSISTENCY_CHECKS = (
    (
        "documents without a search entry",
        "SELECT (SELECT count(*) FROM documents) - (SELECT count(*) FROM search)",
    ),
    ("events of missing documents", _orphans("events", "doc", "documents", "pk")),
    (
        "events in missing clusters",
        _orphans("events", "cluster", "clusters", "id", "x.cluster IS NOT NULL AND"),
    ),
    ("clusters without events", _orphans("clusters", "id", "events", "cluster")),
    (
        "clusters whose event count is wrong",
        "SELECT count(*) FROM clusters c"
        " WHERE c.n_events <> (SELECT count(*) FROM events e WHERE e.cluster = c.id)",
    ),
    ("events without participants", _orphans("events", "pk", "participants", "event")),
    ("inputs of missing documents", _orphans("inputs", "doc", "documents", "pk")),
    ("mentions of missing documents", _orphans("mentions", "doc", "documents", "pk")),
)

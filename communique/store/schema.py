"""The tables, declared once with SQLAlchemy Core for SQLite and PostgreSQL alike.

Documents carry their cleaned text and the record fields no query needs (as
JSON text); everything queries filter on is a column with an index. Every
table a document owns refers to it by its integer key with ON DELETE
CASCADE, so deleting a document removes all of it in one statement.
Mention and evidence texts are slices of the document text: they are stored
only when they differ from the slice (never, for a well-formed record).

Clusters are the merged real-world events: an event row belongs to at most
one cluster; `cluster_participants` and `cluster_contexts` are the unions of
its events' parties and contexts, kept for the partnership, `--org` and
`--context` queries.

A table's `info["since"]` names the migration that creates it (default 1).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

# SQLite only autoincrements a column declared exactly INTEGER PRIMARY KEY.
KEY = BigInteger().with_variant(Integer(), "sqlite")


def _doc_ref() -> Column[int]:
    return Column("doc", KEY, ForeignKey("documents.pk", ondelete="CASCADE"), nullable=False)


def _event_ref() -> Column[int]:
    return Column("event", KEY, ForeignKey("events.pk", ondelete="CASCADE"), nullable=False)


schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("description", Text, nullable=False),
    Column("applied_at", Text, nullable=False),
)

store_state = Table(
    "store_state",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),  # one row, id 1
    Column("generation", BigInteger, nullable=False),  # raised by every write (memo.py)
    info={"since": 9},  # created by migration 9
)

documents = Table(
    "documents",
    metadata,
    Column("pk", KEY, primary_key=True, autoincrement=True),
    Column("id", Text, nullable=False, unique=True),
    Column("raw_hash", Text, nullable=False, index=True),
    Column("source_path", Text),
    Column("source_url", Text),
    Column("source_format", Text),
    Column("source_fetched_at", Text),
    Column("source_encoding", Text),
    Column("source_line", Integer),
    Column("external_id", Text),
    Column("title", Text),
    Column("language", Text, index=True),
    Column("published_date", Text, index=True),
    Column("published_source", Text),
    Column("published_precision", Text),
    Column("text", Text, nullable=False),
    Column("raw", Text),  # the text before cleaning, when it differs (for reprocess)
    Column("languages", Text, nullable=False),  # JSON
    Column("removed", Text, nullable=False),  # JSON
    Column("dates", Text, nullable=False),  # JSON
    Column("warnings", Text, nullable=False),  # JSON
    Column("hints", Text, nullable=False),  # JSON: source metadata the pipeline reads
    Column("source_warnings", Text, nullable=False),  # JSON: warnings a source gave
    Column("extra", Text, nullable=False),  # JSON: record fields this version does not know
    Column("record_version", Text, nullable=False),
    Column("pipeline_version", Text, nullable=False),
    Column("ingested_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
)

inputs = Table(
    "inputs",
    metadata,
    Column("raw_hash", Text, primary_key=True),
    Column("doc", KEY, ForeignKey("documents.pk", ondelete="CASCADE"), nullable=False, index=True),
    Column("input", Text),
)

entities = Table(
    "entities",
    metadata,
    Column("id", Text, primary_key=True),
    Column("type", Text, nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("acronym", Text),
    Column("kind", Text),
    Column("country", Text),
)

entity_keys = Table(
    "entity_keys",
    metadata,
    Column("key", Text, primary_key=True),
    Column("entity", Text, primary_key=True),
)

doc_entities = Table(
    "doc_entities",
    metadata,
    _doc_ref(),
    Column("ordinal", Integer, nullable=False),
    Column("entity", Text, nullable=False),
    Column("type", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("acronym", Text),
    Column("kind", Text),
    Column("country", Text),
    Column("roles", Text),  # JSON, people only
    Column("n_mentions", Integer, nullable=False),
    Index("ix_doc_entities_entity", "entity", "doc"),
    UniqueConstraint("doc", "ordinal"),
)

mentions = Table(
    "mentions",
    metadata,
    _doc_ref(),
    Column("entity_ordinal", Integer, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("char_start", Integer, nullable=False),
    Column("char_end", Integer, nullable=False),
    Column("text", Text),  # NULL: the slice of the document text
    Column("via", Text),
    UniqueConstraint("doc", "entity_ordinal", "seq"),
)

clusters = Table(
    "clusters",
    metadata,
    Column("id", Text, primary_key=True),
    Column("type", Text, nullable=False),
    Column("first_date", Text),
    Column("last_date", Text),
    Column("place_entity", Text),
    Column("place_name", Text),
    Column("place_country", Text, index=True),
    Column("n_events", Integer, nullable=False),
    Column("n_documents", Integer, nullable=False),
    Column("languages", Text, nullable=False),  # comma separated, sorted
    Column("confidence", Float, nullable=False),
    # Dates in the indexes whole (migration 8): a list counts its matches (`--since`,
    # `--type --since`) from the index alone while walking it in date order for the page.
    Index("ix_clusters_dates", "first_date", "last_date"),
    Index("ix_clusters_type_dates", "type", "first_date", "last_date"),
    Index("ix_clusters_documents_date", "n_documents", "first_date"),
)

cluster_participants = Table(
    "cluster_participants",
    metadata,
    Column("cluster", Text, ForeignKey("clusters.id", ondelete="CASCADE"), primary_key=True),
    Column("entity", Text, primary_key=True),
    Column("role", Text, nullable=False),
    Index("ix_cluster_participants_entity", "entity", "cluster"),
)

cluster_contexts = Table(
    "cluster_contexts",
    metadata,
    Column("cluster", Text, ForeignKey("clusters.id", ondelete="CASCADE"), primary_key=True),
    Column("context", Text, primary_key=True),
    Index("ix_cluster_contexts_context", "context", "cluster"),
    info={"since": 3},  # created by migration 3
)

events = Table(
    "events",
    metadata,
    Column("pk", KEY, primary_key=True, autoincrement=True),
    _doc_ref(),
    Column("ordinal", Integer, nullable=False),
    Column("id", Text, nullable=False, index=True),
    Column("type", Text, nullable=False),
    Column("mode", Text),
    Column("instrument", Text),
    Column("meeting", Text),
    Column("date_start", Text),
    Column("date_end", Text),
    Column("date_precision", Text),
    Column("date_source", Text),
    Column("date_until", Text),  # the last day the date covers (a month date: its last day)
    Column("has_place", Boolean, nullable=False),
    Column("place_entity", Text),
    Column("place_name", Text),
    Column("place_country", Text),
    Column("place_virtual", Boolean, nullable=False),
    Column("place_hybrid", Boolean, nullable=False),
    Column("future", Boolean, nullable=False),
    Column("historical", Boolean, nullable=False),
    Column("hypothetical", Boolean, nullable=False),
    Column("negated", Boolean, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("explain", Text),  # JSON or NULL
    Column("cluster", Text, ForeignKey("clusters.id", ondelete="SET NULL"), index=True),
    UniqueConstraint("doc", "ordinal"),
    Index("ix_events_type_date", "type", "date_start", "date_until"),
    Index("ix_events_cluster_doc", "cluster", "doc"),  # also made by migration 4
)

participants = Table(
    "participants",
    metadata,
    _event_ref(),
    Column("seq", Integer, nullable=False),
    Column("entity", Text, nullable=False),
    Column("role", Text, nullable=False),
    # Merge keys (migration 6), copied from the event so that finding the events an incoming
    # one may merge with reads this index alone: the event's type (NULL when it is never
    # merged: historical, hypothetical, negated) and the days it may fall on (all days when
    # undated). See clusters.candidate_clusters.
    Column("merge_type", Text),
    Column("merge_from", Text),
    Column("merge_until", Text),
    UniqueConstraint("event", "seq"),
    Index("ix_participants_entity", "entity", "event"),
    Index("ix_participants_merge", "entity", "merge_type", "merge_until", "merge_from", "event"),
)

event_people = Table(
    "event_people",
    metadata,
    _event_ref(),
    Column("seq", Integer, nullable=False),
    Column("entity", Text, nullable=False),
    UniqueConstraint("event", "seq"),
    Index("ix_event_people_entity", "entity", "event"),
)

event_contexts = Table(
    "event_contexts",
    metadata,
    _event_ref(),
    Column("seq", Integer, nullable=False),
    Column("context", Text, nullable=False),
    UniqueConstraint("event", "seq"),
    Index("ix_event_contexts_context", "context", "event"),
)

evidence = Table(
    "evidence",
    metadata,
    _event_ref(),
    Column("seq", Integer, nullable=False),
    Column("doc_id", Text, nullable=False),
    Column("char_start", Integer, nullable=False),
    Column("char_end", Integer, nullable=False),
    Column("text", Text),  # NULL: the slice of the document text
    UniqueConstraint("event", "seq"),
)

errors = Table(
    "errors",
    metadata,
    Column("pk", KEY, primary_key=True, autoincrement=True),
    Column("input", Text, nullable=False, index=True),
    Column("code", Text, nullable=False),
    Column("message", Text, nullable=False),
    Column("at", Text, nullable=False),
)

# Tables a document's derived data lives in, children before parents (for deletes).
DERIVED_BY_EVENT = (participants, event_people, event_contexts, evidence)

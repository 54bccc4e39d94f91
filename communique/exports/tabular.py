"""One row per merged event: CSV (RFC 4180, plain UTF-8) and Parquet (typed, lists as lists).

Both formats share `COLUMNS` and `event_row`; CSV joins a list column's
values with "; " where Parquet keeps a list of strings, and Parquet types
dates as dates and counts as integers.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from typing import Any, BinaryIO

from communique.exports.base import require, text_stream
from communique.store.export_queries import iter_export_events
from communique.store.queries import Filters
from communique.store.store import Store

# (column, kind): kind is "text", "date", "int", "float", "bool" or "list" (of text).
COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "text"),
    ("type", "text"),
    ("mode", "text"),
    ("instrument", "text"),
    ("meeting", "text"),
    ("date_start", "date"),
    ("date_end", "date"),
    ("date_precision", "text"),
    ("place", "text"),
    ("place_id", "text"),
    ("country", "text"),
    ("virtual", "bool"),
    ("participant_ids", "list"),
    ("participant_names", "list"),
    ("participant_roles", "list"),
    ("people_ids", "list"),
    ("people", "list"),
    ("contexts", "list"),
    ("flags", "list"),
    ("n_documents", "int"),
    ("documents", "list"),
    ("languages", "list"),
    ("confidence", "float"),
    ("evidence", "text"),
)
LIST_SEPARATOR = "; "
ROWS_PER_GROUP = 1000


def event_row(event: dict[str, Any]) -> dict[str, Any]:
    """Return the columns of a merged event from `iter_export_events` (lists stay lists)."""
    parties, people, place = event["participants"], event["people"], event["place"]
    first_evidence = next((e["text"] for e in event["evidence"] if e.get("text")), None)
    return {
        "id": event["id"],
        "type": event["type"],
        "mode": event["mode"],
        "instrument": event["instrument"],
        "meeting": event["meeting"],
        "date_start": event["date"]["first"],
        "date_end": event["date"]["last"],
        "date_precision": event["date"].get("precision"),
        "place": place.get("name"),
        "place_id": place.get("entity"),
        "country": place.get("country"),
        "virtual": bool(place.get("virtual")),
        "participant_ids": [p["id"] for p in parties],
        "participant_names": [p.get("name") or p["id"] for p in parties],
        "participant_roles": [p.get("role") or "participant" for p in parties],
        "people_ids": [p["id"] for p in people],
        "people": [p.get("name") or p["id"] for p in people],
        "contexts": list(event["contexts"]),
        "flags": list(event.get("flags", [])),
        "n_documents": event["n_documents"],
        "documents": list(event["documents"]),
        "languages": list(event["languages"]),
        "confidence": event["confidence"],
        "evidence": first_evidence,
    }


def csv_value(value: Any) -> str:
    """Return a column value as CSV text: lists joined, booleans as true/false, None empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)


@dataclass(frozen=True)
class CsvExporter:
    """CSV: a header, then one row per merged event."""

    name: str = "csv"
    suffix: str = ".csv"
    requires: tuple[str, ...] = ()

    def write(self, store: Store, filters: Filters, out: BinaryIO) -> int:
        """Write the header and a row per event; return the number of events."""
        names = [name for name, _ in COLUMNS]
        count = 0
        with text_stream(out) as text:
            writer = csv.writer(text, lineterminator="\r\n")  # RFC 4180 line ends
            writer.writerow(names)
            for event in iter_export_events(store, filters):
                row = event_row(event)
                writer.writerow([csv_value(row[name]) for name in names])
                count += 1
        return count


@dataclass(frozen=True)
class ParquetExporter:
    """Parquet through pyarrow: the CSV's columns, typed; written in row groups."""

    name: str = "parquet"
    suffix: str = ".parquet"
    requires: tuple[str, ...] = ("pyarrow", "pyarrow.parquet")

    def write(self, store: Store, filters: Filters, out: BinaryIO) -> int:
        """Write the events in row groups of ROWS_PER_GROUP; return the number of events."""
        pa = require("pyarrow", self.name)
        pq = require("pyarrow.parquet", self.name)
        schema = arrow_schema(pa)
        count, batch = 0, []
        with pq.ParquetWriter(out, schema) as writer:
            for event in iter_export_events(store, filters):
                batch.append(event_row(event))
                if len(batch) >= ROWS_PER_GROUP:
                    writer.write_table(_table(pa, schema, batch))
                    count, batch = count + len(batch), []
            if batch or not count:  # an empty export still holds the schema
                writer.write_table(_table(pa, schema, batch))
                count += len(batch)
        return count


def arrow_schema(pa: Any) -> Any:
    """Return the pyarrow schema of `COLUMNS`."""
    types = {
        "text": pa.string(),
        "date": pa.date32(),
        "int": pa.int64(),
        "float": pa.float64(),
        "bool": pa.bool_(),
        "list": pa.list_(pa.string()),
    }
    return pa.schema([pa.field(name, types[kind]) for name, kind in COLUMNS])


def _table(pa: Any, schema: Any, rows: list[dict[str, Any]]) -> Any:
    dates = [name for name, kind in COLUMNS if kind == "date"]
    columns = {
        name: [_date(row[name]) if name in dates else row[name] for row in rows]
        for name, _ in COLUMNS
    }
    return pa.table(columns, schema=schema)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


CSV = CsvExporter()
PARQUET = ParquetExporter()

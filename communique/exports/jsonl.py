"""JSON lines: one merged event per line with everything the store knows about it.

Each line is a `queries.events` description with the export details added by
`export_queries.add_details`: every report (one per document) with its own
date, place, parties in order, people, contexts, flags and all its evidence
spans (document, offsets, sentence), and the documents' titles and URLs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, BinaryIO

from communique.exports.base import text_stream
from communique.store.export_queries import iter_export_events
from communique.store.queries import Filters
from communique.store.store import Store


@dataclass(frozen=True)
class JsonlExporter:
    """JSON lines, UTF-8, every script written as itself (no \\u escapes)."""

    name: str = "jsonl"
    suffix: str = ".jsonl"
    requires: tuple[str, ...] = ()

    def record(self, event: dict[str, Any]) -> dict[str, Any]:
        """Return what one line holds for an event (the event itself; subclasses reshape it)."""
        return event

    def write(self, store: Store, filters: Filters, out: BinaryIO) -> int:
        """Write one JSON object per event; return the number of events."""
        count = 0
        with text_stream(out) as text:
            for event in iter_export_events(store, filters):
                line = json.dumps(self.record(event), ensure_ascii=False, separators=(",", ":"))
                text.write(line + "\n")
                count += 1
        return count


JSONL = JsonlExporter()

"""Exports: merged events as CSV, JSON lines, Parquet or PLOVER, and the cooperation network.

    from communique.exports import export
    from communique.store import open_store
    from communique.store.queries import Filters
    export(open_store("communique.db"), "plover", "events.jsonl", Filters(org="UNODC"))

Exporters read through store queries only (`communique.store.queries` and
`communique.store.export_queries`) and register in
`communique.registry.EXPORTERS`, the same way a third-party exporter does
(entry-point group ``communique.exporters``). Parquet needs pyarrow and the
network formats need networkx: the ``exports`` extra, imported on use.
"""

from __future__ import annotations

from communique.exports.base import Exporter, export, get_exporter, require

__all__ = ["Exporter", "export", "get_exporter", "require"]

"""Registries for sources, stages and exporters.

Built-ins register through the same entry-point groups a third-party package
would use (datasette's default plugins): pyproject declares them, and a
module list below keeps them available when the package is not installed.
"""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points
from typing import Any


class Registry:
    """Names mapped to plugin objects, loaded lazily from built-ins and entry points."""

    def __init__(self, group: str, builtins: dict[str, str]) -> None:
        self.group = group
        self._builtins = builtins  # name -> "module:attribute"
        self._items: dict[str, Any] = {}
        self._loaded = False

    def register(self, name: str, obj: Any) -> None:
        """Add or replace the plugin called `name`."""
        self._items[name] = obj

    def get(self, name: str) -> Any:
        """Return the plugin called `name` (KeyError when unknown)."""
        self._load()
        return self._items[name]

    def names(self) -> list[str]:
        self._load()
        return sorted(self._items)

    def items(self) -> list[tuple[str, Any]]:
        self._load()
        return sorted(self._items.items())

    def _load(self) -> None:
        if self._loaded:
            return
        specs = dict(self._builtins)
        for ep in entry_points(group=self.group):
            specs[ep.name] = ep.value
        for name, spec in specs.items():
            if name not in self._items:
                self._items[name] = _resolve(spec)
        self._loaded = True  # only once every plugin imported, so a real import error shows again


def _resolve(spec: str) -> Any:
    module_name, _, attribute = spec.partition(":")
    return getattr(importlib.import_module(module_name), attribute)


SOURCES = Registry(
    "communique.sources",
    {
        "text": "communique.sources.text:SOURCE",
        "html": "communique.sources.html:SOURCE",
        "jsonl": "communique.sources.jsonl:SOURCE",
    },
)

STAGES = Registry(
    "communique.stages",
    {
        "clean": "communique.pipeline.clean:CleanStage",
        "langid": "communique.pipeline.langid:LangIdStage",
        "dates": "communique.pipeline.dates:DatesStage",
        "entities": "communique.pipeline.entities:EntitiesStage",
        "events": "communique.pipeline.events:EventsStage",
        "contexts": "communique.pipeline.contexts:ContextsStage",
    },
)

EXPORTERS = Registry(
    "communique.exporters",
    {
        "csv": "communique.exports.tabular:CSV",
        "jsonl": "communique.exports.jsonl:JSONL",
        "parquet": "communique.exports.tabular:PARQUET",
        "plover": "communique.exports.plover:PLOVER",
        "graphml": "communique.exports.graph:GRAPHML",
        "gexf": "communique.exports.graph:GEXF",
    },
)

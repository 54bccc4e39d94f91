"""Settings declared once as data: the CLI, docs and the API read this table.

A setting's value comes from, in order: an explicit argument, the environment
variable ``COMMUNIQUE_<NAME>``, then its default.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

UN_LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    kind: type = str

    @property
    def env(self) -> str:
        return "COMMUNIQUE_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("max_bytes", 10_000_000, "inputs larger than this many bytes get error E104", int),
    Setting(
        "languages",
        ",".join((*UN_LANGUAGES, "de", "it", "pt", "tr")),
        "languages the language identifier may answer (ISO 639-1, comma separated)",
    ),
    Setting(
        "stages",
        "clean,langid,dates,entities,events,contexts",
        "pipeline stages in order; remove a name to switch a stage off",
    ),
    Setting(
        "date_strategies",
        "dateline,labelled,metadata,foot",
        "where the publication date is looked for, in order of trust",
    ),
    Setting("kb", "", "extra knowledge-base files (YAML) that add or override entries"),
    Setting("db", "communique.db", "database path or URL (sqlite:///..., postgresql://...)"),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str, override: Any = None) -> Any:
    """Return the value of setting `name`: override, environment, then default."""
    setting = _BY_NAME[name]
    if override is not None:
        return override
    raw = os.environ.get(setting.env)
    if raw is None:
        return setting.default
    return setting.kind(raw)


def as_list(value: str | Iterable[str] | None) -> list[str]:
    """Split a comma-separated setting into its items (None and "" give no items)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    return list(value)

"""Readable terminal rendering of extraction records (the `pretty` format and the demo)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

_console = Console(highlight=False)


def _names(record: dict[str, Any]) -> dict[str, str]:
    out = {}
    for e in record.get("entities", []):
        label = e.get("acronym") or e["name"]
        out[e["id"]] = label
    return out


def _source_label(record: dict[str, Any]) -> str:
    source = record.get("source", {})
    return str(source.get("path") or source.get("url") or record.get("id"))


def print_pretty(record: dict[str, Any], explain: bool = False) -> None:
    """Print one record as a short, readable block."""
    console = _console
    console.rule(f"[bold]{_source_label(record)}")
    if "error" in record:
        err = record["error"]
        console.print(f"[red]error {err['code']}[/red]: {err['message']}")
        return
    published = (record.get("published") or {}).get("date", "-")
    console.print(f"language [bold]{record.get('language')}[/bold]   published {published}")
    _print_entities(record)
    _print_events(record, explain)


def _print_entities(record: dict[str, Any]) -> None:
    by_type: dict[str, list[str]] = {}
    for e in record.get("entities", []):
        if e.get("mentions"):
            by_type.setdefault(e["type"], []).append(e.get("acronym") or e["name"])
    for kind in ("organization", "person", "country", "place"):
        if by_type.get(kind):
            _console.print(f"{kind + 's':14} " + ", ".join(sorted(set(by_type[kind]))))


def _print_events(record: dict[str, Any], explain: bool) -> None:
    events = record.get("events", [])
    if not events:
        _console.print("[dim]no events[/dim]")
        return
    names = _names(record)
    table = Table(show_lines=False, expand=False)
    for column in ("type", "mode", "participants", "date", "place", "contexts", "flags"):
        table.add_column(column)
    for ev in events:
        table.add_row(*_event_row(ev, names))
    _console.print(table)
    if explain:
        for ev in events:
            _console.print(f"[bold]{ev['id']}[/bold] {ev['type']}")
            for line in ev.get("explain") or []:
                _console.print(f"  - {line}")


def _event_row(ev: dict[str, Any], names: dict[str, str]) -> list[str]:
    parts = [
        names.get(p["entity"], p["entity"]) + ("*" if p["role"] == "actor" else "")
        for p in ev["participants"]
    ]
    date = ev.get("date") or {}
    when = date.get("start", "-") + (f"..{date['end']}" if date.get("end") else "")
    place = ev.get("place") or {}
    where = (
        "virtual" if place.get("virtual") else (place.get("name") or place.get("country") or "-")
    )
    flags = [f for f in ("future", "historical", "hypothetical", "negated") if ev.get(f)]
    return [
        ev["type"],
        ev.get("mode") or "-",
        ", ".join(parts),
        when,
        where,
        ", ".join(ev.get("contexts", [])),
        ", ".join(flags),
    ]


def print_summary_line(total: int, failed: int) -> None:
    """Print the closing line of a pretty run."""
    _console.rule(f"{total} document(s), {failed} failed")

"""Readable terminal rendering of extraction records (the `pretty` format and the demo)."""

from __future__ import annotations

from typing import Any

from rich.console import Console

_console = Console(highlight=False)


def _names(record: dict[str, Any]) -> dict[str, str]:
    return {e["id"]: e.get("acronym") or e["name"] for e in record.get("entities", [])}


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


PLURALS = {
    "organization": "organizations",
    "person": "people",
    "country": "countries",
    "place": "places",
}


def _print_entities(record: dict[str, Any]) -> None:
    by_type: dict[str, list[str]] = {}
    for e in record.get("entities", []):
        if any(m.get("via") is None for m in e.get("mentions", [])):
            by_type.setdefault(e["type"], []).append(e.get("acronym") or e["name"])
    for kind, label in PLURALS.items():
        if by_type.get(kind):
            _console.print(f"{label:14} " + ", ".join(sorted(set(by_type[kind]))), soft_wrap=False)


def _print_events(record: dict[str, Any], explain: bool) -> None:
    events = record.get("events", [])
    if not events:
        _console.print("[dim]no events[/dim]")
        return
    names = _names(record)
    for ev in events:
        _print_event(ev, names, explain)


def _print_event(ev: dict[str, Any], names: dict[str, str], explain: bool) -> None:
    parts = [
        names.get(p["entity"], p["entity"]) + ("*" if p["role"] == "actor" else "")
        for p in ev["participants"]
    ]
    date = ev.get("date") or {}
    when = date.get("start", "no date") + (f" to {date['end']}" if date.get("end") else "")
    place = ev.get("place") or {}
    where = (
        "online"
        if place.get("virtual")
        else (place.get("name") or place.get("country") or "no place")
    )
    flags = [f for f in ("future", "historical", "hypothetical", "negated") if ev.get(f)]
    head = f"[bold]{ev['type']}[/bold]" + (f" ({ev['mode']})" if ev.get("mode") else "")
    head += f"  {when}, {where}" + (f"  [yellow]{', '.join(flags)}[/yellow]" if flags else "")
    _console.print(head)
    _console.print(f"    participants  {', '.join(parts)}")
    people = [names.get(p["entity"], p["entity"]) for p in ev.get("people", [])]
    if people:
        _console.print(f"    people        {', '.join(people)}")
    if ev.get("contexts"):
        _console.print(f"    about         {', '.join(ev['contexts'])}")
    evidence = ev["evidence"][0]["text"]
    _console.print(f"    [dim]« {evidence[:160]}{'…' if len(evidence) > 160 else ''} »[/dim]")
    if explain:
        for line in ev.get("explain") or []:
            _console.print(f"    [cyan]why[/cyan] {line}")


def print_summary_line(total: int, failed: int) -> None:
    """Print the closing line of a pretty run."""
    _console.rule(f"{total} document(s), {failed} failed")

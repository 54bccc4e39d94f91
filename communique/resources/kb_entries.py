"""Normalizers for knowledge-base entries, shared by the build script and user extensions.

Each turns one YAML entry (data/README.md) into the shape stored in kb.json.
"""

from __future__ import annotations

from typing import Any


def unique(values: Any) -> list[str]:
    seen: dict[str, None] = {}
    for v in values or []:
        if v is None:
            continue
        text = str(v).strip()
        if text:
            seen.setdefault(text, None)
    return list(seen)


def per_lang(mapping: Any) -> dict[str, list[str]]:
    mapping = mapping or {}
    return {
        lang: unique(mapping.get(lang)) for lang in sorted(mapping) if unique(mapping.get(lang))
    }


def org_entry(entry: dict[str, Any]) -> dict[str, Any]:
    names = per_lang(entry.get("names"))
    acronyms = per_lang(entry.get("acronyms"))
    english = names.get("en") or next(iter(names.values()), [entry["id"]])
    return {
        "name": english[0],
        "acronym": acronyms["en"][0] if acronyms.get("en") else None,
        "kind": entry.get("kind"),
        "parent": entry.get("parent"),
        "hq": entry.get("hq"),
        "founded": entry.get("founded"),
        "website": entry.get("website"),
        "wikidata": entry.get("wikidata"),
        "names": names,
        "acronyms": acronyms,
        "short": per_lang(entry.get("short")),
        "ambiguous": unique(entry.get("ambiguous")),
        "file": entry.get("_file"),
    }


def person_entry(entry: dict[str, Any]) -> dict[str, Any]:
    names = per_lang(entry.get("names"))
    english = names.get("en") or next(iter(names.values()), [entry["id"]])
    positions = []
    for pos in entry.get("positions") or []:
        positions.append(
            {
                "title": pos.get("title"),
                "org": pos.get("org"),
                "start": iso_date(pos.get("start")),
                "end": iso_date(pos.get("end")),
            }
        )
    return {
        "name": english[0],
        "names": names,
        "surnames": per_lang(entry.get("surnames")),
        "positions": positions,
        "file": entry.get("_file"),
    }


def iso_date(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value)
    if len(text) == 4:
        return text
    return text[:10]


def city_entry(entry: dict[str, Any]) -> dict[str, Any]:
    names = per_lang(entry.get("names"))
    ambiguous = per_lang(entry.get("ambiguous_names"))
    return {
        "name": (names.get("en") or ambiguous.get("en") or [entry["id"]])[0],
        "country": entry.get("country"),
        "capital": bool(entry.get("capital")),
        "names": names,
        "ambiguous_names": ambiguous,
    }


def title_entry(entry: dict[str, Any]) -> dict[str, Any]:
    return {"rank": entry.get("rank", "other"), "names": per_lang(entry.get("names"))}


def blocker_entry(entry: dict[str, Any]) -> dict[str, Any]:
    return {"kind": entry.get("kind", "other"), "names": per_lang(entry.get("names"))}

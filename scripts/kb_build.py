"""Build the knowledge-base resource from data/kb/ plus CLDR country names (babel).

Output shape (communique/resources/kb.json):
    {"orgs": {id: {...}}, "people": {id: {...}}, "countries": {code: {...}},
     "cities": {id: {...}}, "titles": {id: {...}}, "blockers": [...]}
Every alias list is de-duplicated and kept in source order, so the build is
deterministic and a reviewer sees in the resource what the data says.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from communique.resources.kb_entries import (
    blocker_entry,
    city_entry,
    org_entry,
    per_lang,
    person_entry,
    title_entry,
    unique,
)

LANGS = ("ar", "en", "es", "fr", "ru", "zh")


def _load_list(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a YAML list")
    for entry in data:
        entry["_file"] = path.name
    return data


def _entries(folder: Path) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.yaml")) if folder.exists() else []:
        out.extend(_load_list(path))
    return out


def _countries(extras: list[dict[str, Any]]) -> dict[str, Any]:
    import pycountry
    from babel import Locale

    by_code = {e["code"]: e for e in extras}
    locales = {lang: Locale.parse(lang) for lang in LANGS}
    out: dict[str, Any] = {}
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        code = country.alpha_2
        extra = by_code.get(code, {})
        extra_names = extra.get("names") or {}
        ambiguous = per_lang(extra.get("ambiguous_names"))
        names = {
            lang: [
                n
                for n in unique(
                    [locales[lang].territories.get(code), *(extra_names.get(lang) or [])]
                )
                if n not in ambiguous.get(lang, [])
            ]
            for lang in LANGS
        }
        out[code] = {
            "name": names["en"][0] if names["en"] else country.name,
            "names": names,
            "ambiguous_names": ambiguous,
            "adjectives": per_lang(extra.get("adjectives")),
        }
    return out


def _keyed(entries: list[dict[str, Any]], make: Callable[[dict[str, Any]], Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for entry in entries:
        ident = entry.get("id")
        if not ident:
            raise ValueError(f"entry without id in {entry.get('_file')}: {entry}")
        if ident in out:
            raise ValueError(f"duplicate id {ident} ({entry.get('_file')})")
        out[ident] = make(entry)
    return dict(sorted(out.items()))


def build_kb(folder: Path) -> dict[str, Any]:
    """Return the knowledge base built from `folder` (data/kb), with its alias index."""
    kb = _entries_of(folder)
    return {**kb, **_alias_index(kb)}


def _alias_index(data: dict[str, Any]) -> dict[str, Any]:
    """Compute the matcher's keys once, at build time, so loading needs no text folding."""
    from communique.pipeline.matcher import build_index
    from communique.resources.kb import KnowledgeBase

    fields = ("orgs", "people", "countries", "cities", "titles", "blockers", "institutions")
    # The resource is written with sorted keys: compute the index on exactly what loading reads.
    data = json.loads(json.dumps({f: data[f] for f in fields}, sort_keys=True, ensure_ascii=False))
    texts = [a.text for a in KnowledgeBase(**data).aliases()]
    return {"index": build_index(texts), "index_aliases": texts}


def _entries_of(folder: Path) -> dict[str, Any]:
    places = folder / "places"
    return {
        "orgs": _keyed(_entries(folder / "organizations"), org_entry),
        "people": _keyed(_entries(folder / "people"), person_entry),
        "countries": _countries(_load_list(places / "countries.yaml")),
        "cities": _keyed(_load_list(places / "cities.yaml"), city_entry),
        "titles": _keyed(_load_list(folder / "titles.yaml"), title_entry),
        "blockers": [blocker_entry(b) for b in _load_list(folder / "non_organizations.yaml")],
        "institutions": _institutions(folder / "institutions.yaml"),
    }


def _institutions(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
    data = data or {}
    return {
        "org_nouns": per_lang(data.get("org_nouns")),
        "types": {
            t["id"]: {
                "name": t["name"],
                "names": per_lang(t.get("names")),
                "titles": list(t.get("titles") or []),
            }
            for t in data.get("institutions", [])
        },
    }

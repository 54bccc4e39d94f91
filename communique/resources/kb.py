"""The knowledge base: organizations, people, countries, cities and titles.

Loaded once per process from the built resource (``kb.json``) plus any user
extension files (setting ``kb`` / ``--kb``), which add or override entries by
id without editing the package.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from communique.errors import CommuniqueError
from communique.resources import load
from communique.resources.kb_entries import city_entry, org_entry, person_entry

LANGS = ("ar", "en", "es", "fr", "ru", "zh")


@dataclass(frozen=True)
class Alias:
    """One way of writing an entity: its text, what it is and in which language."""

    text: str
    entity: str  # org:..., person:..., country:XX, place:..., title:...
    kind: str  # name | acronym | short | surname | adjective | title | blocker
    lang: str
    ambiguous: bool = False


@dataclass
class KnowledgeBase:
    orgs: dict[str, Any]
    people: dict[str, Any]
    countries: dict[str, Any]
    cities: dict[str, Any]
    titles: dict[str, Any]
    blockers: list[dict[str, Any]] = field(default_factory=list)
    institutions: dict[str, Any] = field(default_factory=dict)
    # Automaton keys computed at build time, with the alias texts they were computed from.
    index: list[tuple[str, list[int]]] | None = field(default=None, repr=False)
    index_aliases: list[str] = field(default_factory=list, repr=False)
    _office_index: dict[tuple[str, str], list[tuple[str, dict[str, Any]]]] | None = field(
        default=None, repr=False
    )

    def entity(self, ident: str) -> dict[str, Any] | None:
        """Return the entry of any id (org:, person:, country:, place:, title:)."""
        prefix, _, rest = ident.partition(":")
        table = {
            "org": self.orgs,
            "person": self.people,
            "place": self.cities,
            "title": self.titles,
        }.get(prefix)
        if prefix == "country":
            return self.countries.get(rest.upper())
        if table is None:
            return None
        return table.get(ident if prefix != "title" else rest)

    def display_name(self, ident: str, lang: str = "en") -> str:
        """Return the entity's name in `lang` (English, then any, as fallback)."""
        entry = self.entity(ident) or {}
        names = entry.get("names", {})
        for choice in (lang, "en"):
            if names.get(choice):
                return str(names[choice][0])
        return str(entry.get("name", ident))

    def holders(self, title: str, org: str, on: str | None) -> list[str]:
        """Return ids of people who held `title` at `org` on date `on` (ISO, or None: any time)."""
        found = []
        for pid, pos in self._offices().get((title, org), []):
            if _covers(pos, on) and pid not in found:
                found.append(pid)
        return found

    def _offices(self) -> dict[tuple[str, str], list[tuple[str, dict[str, Any]]]]:
        """Return positions by (title, org), built on first use."""
        if self._office_index is None:
            index: dict[tuple[str, str], list[tuple[str, dict[str, Any]]]] = {}
            for pid, person in self.people.items():
                for pos in person["positions"]:
                    index.setdefault((pos["title"], pos["org"]), []).append((pid, pos))
            self._office_index = index
        return self._office_index

    def positions_on(self, person: str, on: str | None) -> list[dict[str, Any]]:
        """Return the positions `person` held on date `on` (all when `on` is None)."""
        entry = self.people.get(person) or {}
        return [p for p in entry.get("positions", []) if _covers(p, on)]

    def aliases(self) -> list[Alias]:
        """Return every alias of every entity, titles and blockers included."""
        return list(_iter_aliases(self))


def _covers(pos: dict[str, Any], on: str | None) -> bool:
    if on is None:
        return True
    start = pos.get("start") or "0000"
    end = pos.get("end") or "9999"
    return start[: len(on)] <= on and on[: len(end)] <= end if len(end) < 10 else start <= on <= end


def _iter_aliases(kb: KnowledgeBase) -> Any:
    for oid, org in kb.orgs.items():
        ambiguous = set(org.get("ambiguous", []))
        for kind in ("names", "short", "acronyms"):
            label = {"names": "name", "short": "short", "acronyms": "acronym"}[kind]
            for lang, values in org.get(kind, {}).items():
                for v in values:
                    yield Alias(v, oid, label, lang, v in ambiguous)
    for pid, person in kb.people.items():
        for lang, values in person.get("names", {}).items():
            for v in values:
                yield Alias(v, pid, "name", lang)
        for lang, values in person.get("surnames", {}).items():
            for v in values:
                yield Alias(v, pid, "surname", lang)
    for code, country in kb.countries.items():
        for lang, values in country.get("names", {}).items():
            for v in values:
                yield Alias(v, f"country:{code.lower()}", "name", lang)
        for lang, values in country.get("ambiguous_names", {}).items():
            for v in values:
                yield Alias(v, f"country:{code.lower()}", "name", lang, True)
        for lang, values in country.get("adjectives", {}).items():
            for v in values:
                yield Alias(v, f"country:{code.lower()}", "adjective", lang)
    for cid, city in kb.cities.items():
        for lang, values in city.get("names", {}).items():
            for v in values:
                yield Alias(v, cid, "name", lang)
        for lang, values in city.get("ambiguous_names", {}).items():
            for v in values:
                yield Alias(v, cid, "name", lang, True)
    for tid, title in kb.titles.items():
        for lang, values in title.get("names", {}).items():
            for v in values:
                yield Alias(v, f"title:{tid}", "title", lang)
    for tid, kind in kb.institutions.get("types", {}).items():
        for lang, values in kind.get("names", {}).items():
            for v in values:
                yield Alias(v, f"inst:{tid}", "institution", lang)
    for i, blocker in enumerate(kb.blockers):
        for lang, values in blocker.get("names", {}).items():
            for v in values:
                yield Alias(v, f"blocker:{i}", "blocker", lang)


@lru_cache(maxsize=8)
def load_kb(extensions: tuple[str, ...] = ()) -> KnowledgeBase:
    """Return the knowledge base with user extension files applied (cached per process)."""
    data = load("kb")
    kb = KnowledgeBase(
        orgs=dict(data["orgs"]),
        people=dict(data["people"]),
        countries=dict(data["countries"]),
        cities=dict(data["cities"]),
        titles=dict(data["titles"]),
        blockers=list(data.get("blockers", [])),
        institutions=dict(data.get("institutions", {})),
    )
    if not extensions and "index" in data:
        kb.index = [(key, positions) for key, positions in data["index"]]
        kb.index_aliases = data["index_aliases"]
    for path in extensions:
        _apply_extension(kb, Path(path))
    return kb


def _apply_extension(kb: KnowledgeBase, path: Path) -> None:
    """Merge a user YAML file: {organizations: [...], people: [...], cities: [...]} by id."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise CommuniqueError("E205", f"{path}: {exc}") from None
    if not isinstance(data, dict):
        raise CommuniqueError("E205", f"{path}: expected a mapping of lists")
    try:
        for entry in data.get("organizations", []):
            kb.orgs[entry["id"]] = org_entry(entry)
        for entry in data.get("people", []):
            kb.people[entry["id"]] = person_entry(entry)
        for entry in data.get("cities", []):
            kb.cities[entry["id"]] = city_entry(entry)
    except (KeyError, TypeError, AttributeError) as exc:
        raise CommuniqueError("E205", f"{path}: {exc!r}") from None

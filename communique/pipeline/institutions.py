"""Organizations the knowledge base cannot list: national bodies, defined acronyms, universities.

- A national institution is matched by type ("Ministry of Finance",
  "ministère des Affaires étrangères", "وزارة الخارجية", "外交部") and bound to
  the country named next to it ("Japan's Ministry of Finance", "Ministry of
  Finance of Japan"); it is named canonically in English with its country.
- "Full Name (ACR)" in Latin-script text defines an organization when the
  name is capitalized and headed by an organization noun (Institution,
  Office, Agency, ...): later uses of the acronym link to it.
- "University of X" / "Université de X" / "Universidad de X".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import regex

from communique.pipeline.matcher import Hit
from communique.pipeline.people import slug
from communique.resources.kb import Alias, KnowledgeBase

CAPITALIZED = r"\p{Lu}[\p{L}'’\-]+"
LINK_WORDS = r"(?:of|for|on|and|the|in|de|des|du|la|le|les|pour|del|y|et|para|d'|l')"
DEFINITION = regex.compile(
    rf"((?:{CAPITALIZED})(?:\s+(?:{LINK_WORDS}\s+)*(?:{CAPITALIZED}))*)\s*\(\s*(\p{{Lu}}[\p{{Lu}}\p{{Ll}}&]{{1,9}})\s*\)"
)
UNIVERSITY = regex.compile(
    rf"\b(?:University|Université|Universidad|Universidade|Universität) (?:of|de|del|du|de la) "
    rf"(?:{CAPITALIZED})(?: {CAPITALIZED})?"
)
COUNTRY_BEFORE = regex.compile(r"^(?:'s|’s)?\s*$")
COUNTRY_AFTER = regex.compile(
    r"^\s*(?:\([^)]{1,12}\)\s*)?(?:of|de|du|del|de la|des|of the|d')\s*(?:the\s+)?$", regex.I
)


@dataclass
class Local:
    """Organizations found in one document, by id, with what names them."""

    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)

    def add(self, ident: str, entry: dict[str, Any], hit: Hit) -> None:
        self.entries.setdefault(ident, entry)
        self.hits.append(hit)


def local_organizations(text: str, hits: list[Hit], kb: KnowledgeBase, lang: str | None) -> Local:
    """Return the document's organizations that come from institution types and definitions."""
    local = Local()
    countries = [h for h in hits if any(a.entity.startswith("country:") for a in h.aliases)]
    for hit in hits:
        inst = next((a for a in hit.aliases if a.kind == "institution"), None)
        if inst is not None:
            _add_institution(local, text, hit, inst, countries, kb)
    taken = [(h.start, h.end) for h in hits if not any(a.kind == "institution" for a in h.aliases)]
    taken += [(h.start, h.end) for h in local.hits]
    _add_definitions(local, text, taken, kb, lang)
    _add_universities(local, text, taken)
    return local


def _add_institution(
    local: Local, text: str, hit: Hit, inst: Alias, countries: list[Hit], kb: KnowledgeBase
) -> None:
    kind = inst.entity.split(":", 1)[1]
    base = kb.institutions["types"][kind]["name"]
    country = hit.country or _bound_country(text, hit, countries)
    if country:
        code = country.split(":", 1)[1]
        name = f"{base} of {kb.countries[code.upper()]['name']}"
        ident = f"org:{code}-{kind}"
    else:
        name, ident = base, f"org:{kind}"
    entry = {
        "name": name,
        "acronym": _acronym_after(text, hit.end),
        "kind": "national_institution",
        "type": kind,
    }
    local.add(
        ident,
        entry,
        Hit(hit.start, hit.end, hit.text, (Alias(hit.text, ident, "name", inst.lang),)),
    )


def bind_to_officials(
    local: Local, roles: dict[str, set[str]], kb: KnowledgeBase
) -> dict[str, str]:
    """Give a ministry named without its country the country of its minister in the text.

    "the Minister of Foreign Affairs of Italy ... at the Ministry of Foreign
    Affairs": the ministry is Italy's. `roles` maps a title to the countries
    whose holders of it the text names; returns old id -> new id.
    """
    renamed: dict[str, str] = {}
    for ident, entry in list(local.entries.items()):
        kind = entry.get("type")
        if entry.get("kind") != "national_institution" or ident != f"org:{kind}":
            continue
        titles = kb.institutions["types"][kind].get("titles", [])
        countries = {c for t in titles for c in roles.get(t, set())}
        if len(countries) != 1:
            continue
        code = next(iter(countries)).split(":", 1)[1]
        new = f"org:{code}-{kind}"
        base = kb.institutions["types"][kind]["name"]
        local.entries[new] = {**entry, "name": f"{base} of {kb.countries[code.upper()]['name']}"}
        renamed[ident] = new
    return renamed


def _bound_country(text: str, hit: Hit, countries: list[Hit]) -> str | None:
    for c in countries:
        entity = next(a.entity for a in c.aliases if a.entity.startswith("country:"))
        if c.end <= hit.start and COUNTRY_BEFORE.match(text[c.end : hit.start]):
            return entity
        if c.start >= hit.end and COUNTRY_AFTER.match(text[hit.end : c.start]):
            return entity
    return None


def _acronym_after(text: str, end: int) -> str | None:
    m = regex.match(r"\s*\((\p{Lu}{2,8})\)", text[end:])
    return m.group(1) if m else None


def _add_definitions(
    local: Local, text: str, taken: list[tuple[int, int]], kb: KnowledgeBase, lang: str | None
) -> None:
    nouns = {n.lower() for values in kb.institutions.get("org_nouns", {}).values() for n in values}
    for m in DEFINITION.finditer(text):
        acronym = m.group(2)
        offset = _name_spelling(m.group(1), acronym)
        if offset is None:
            continue
        start = m.start(1) + offset
        name = text[start : m.end(1)]
        if not _headed_by(name, nouns):
            continue
        ident = f"org:{slug(acronym)}"
        if _overlaps(start, m.end(1), taken) or ident in kb.orgs:
            continue
        entry = {"name": name, "acronym": acronym, "kind": None}
        local.add(
            ident, entry, Hit(start, m.end(1), name, (Alias(name, ident, "name", lang or "en"),))
        )
        for use in regex.finditer(
            rf"(?<![\p{{L}}\p{{N}}]){regex.escape(acronym)}(?![\p{{L}}\p{{N}}])", text
        ):
            if not _overlaps(use.start(), use.end(), taken):
                alias = Alias(acronym, ident, "acronym", "en")
                local.hits.append(Hit(use.start(), use.end(), acronym, (alias,)))


def _name_spelling(run: str, acronym: str) -> int | None:
    """Return where the shortest tail of `run` whose capitalized words spell `acronym` starts."""
    words = list(regex.finditer(r"\S+", run))
    letters = [c for c in acronym if c.isupper()]
    for i in range(len(words) - 1, -1, -1):
        tail = [w.group() for w in words[i:]]
        if [w[0] for w in tail if w[0].isupper()] == letters:
            return words[i].start()
    return None


def _headed_by(name: str, nouns: set[str]) -> bool:
    return any(word.lower().strip("'’") in nouns for word in name.split())


def _add_universities(local: Local, text: str, taken: list[tuple[int, int]]) -> None:
    for m in UNIVERSITY.finditer(text):
        if _overlaps(m.start(), m.end(), taken):
            continue
        name = m.group()
        ident = f"org:{slug(name)}"
        local.add(
            ident,
            {"name": name, "acronym": None, "kind": "university"},
            Hit(m.start(), m.end(), name, (Alias(name, ident, "name", "en"),)),
        )


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)

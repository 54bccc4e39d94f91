"""Knowledge-base tools for users: show an entry, search by name in any script, stats, check.

One implementation behind `communique kb ...` and, later, the API.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import regex

from communique.pipeline.matcher import alias_key, gazetteer
from communique.resources.kb import KnowledgeBase

LANGS = ("ar", "en", "es", "fr", "ru", "zh")
ORG_KINDS = frozenset(
    [
        "un_principal_organ",
        "un_subsidiary_organ",
        "un_fund_programme",
        "un_specialized_agency",
        "un_related_organization",
        "un_department",
        "un_office",
        "un_regional_commission",
        "un_research_institute",
        "un_peace_operation",
        "igo",
        "igo_organ",
        "financial_institution",
        "ngo",
        "hybrid",
        "national_institution",
    ]
)
ID_SHAPES = {
    "org": regex.compile(r"^org:[a-z0-9][a-z0-9-]*$"),
    "person": regex.compile(r"^person:[a-z0-9][a-z0-9-]*$"),
    "place": regex.compile(r"^place:[a-z]{2}:[a-z0-9][a-z0-9-]*$"),
}


def show(kb: KnowledgeBase, ident: str) -> dict[str, Any] | None:
    """Return everything the knowledge base holds about `ident`, positions resolved."""
    entry = kb.entity(ident)
    if entry is None:
        return None
    out = {"id": ident, **{k: v for k, v in entry.items() if k != "file"}}
    if ident.startswith("org:"):
        out["heads"] = [
            {"person": pid, "name": p["name"], **pos}
            for pid, p in kb.people.items()
            for pos in p["positions"]
            if pos["org"] == ident
        ]
        out["children"] = sorted(oid for oid, o in kb.orgs.items() if o.get("parent") == ident)
    return out


def search(kb: KnowledgeBase, name: str, limit: int = 20) -> list[dict[str, Any]]:
    """Return entities whose names or acronyms match `name` in any script, case or inflection."""
    key = alias_key(name)
    exact: list[str] = []
    partial: dict[str, int] = {}  # entity -> extra characters of its closest alias
    for alias in kb.aliases():
        if alias.kind in ("title", "blocker", "institution"):
            continue
        alias_k = alias_key(alias.text)
        if alias_k == key and alias.entity not in exact:
            exact.append(alias.entity)
        elif key and key in alias_k:
            extra = len(alias_k) - len(key)
            partial[alias.entity] = min(extra, partial.get(alias.entity, extra))
    ranked = sorted((e for e in partial if e not in exact), key=lambda e: (partial[e], e))
    found = exact + ranked
    return [{"id": e, "name": kb.display_name(e), "exact": e in exact} for e in found[:limit]]


def stats(kb: KnowledgeBase) -> dict[str, Any]:
    """Return counts by kind and the share of entries with names in each language."""
    orgs = list(kb.orgs.values())
    kinds: dict[str, int] = defaultdict(int)
    for org in orgs:
        kinds[str(org.get("kind"))] += 1
    return {
        "organizations": len(orgs),
        "organizations_by_kind": dict(sorted(kinds.items())),
        "organizations_with_all_six_languages": _share(
            orgs, lambda o: _has_all(o, ("names", "acronyms"))
        ),
        "organization_name_share": {
            lang: _share(orgs, lambda o, lang=lang: _has(o, lang, ("names", "acronyms")))
            for lang in LANGS
        },
        "people": len(kb.people),
        "people_with_terms": sum(
            1 for p in kb.people.values() if any(pos.get("start") for pos in p["positions"])
        ),
        "people_name_share": {
            lang: _share(list(kb.people.values()), lambda p, lang=lang: _has(p, lang, ("names",)))
            for lang in LANGS
        },
        "countries": len(kb.countries),
        "cities": len(kb.cities),
        "capitals": sum(1 for c in kb.cities.values() if c.get("capital")),
        "city_name_share": {
            lang: _share(
                list(kb.cities.values()),
                lambda c, lang=lang: _has(c, lang, ("names", "ambiguous_names")),
            )
            for lang in LANGS
        },
        "titles": len(kb.titles),
    }


def _has(entry: dict[str, Any], lang: str, fields: tuple[str, ...]) -> bool:
    return any(entry.get(f, {}).get(lang) for f in fields)


def _has_all(entry: dict[str, Any], fields: tuple[str, ...]) -> bool:
    return all(_has(entry, lang, fields) for lang in LANGS)


def _share(entries: list[dict[str, Any]], test: Any) -> float:
    return round(sum(1 for e in entries if test(e)) / len(entries), 3) if entries else 0.0


@dataclass
class CheckReport:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def check(kb: KnowledgeBase) -> CheckReport:
    """Return malformed entries and broken references (errors) and doubtful aliases (warnings)."""
    report = CheckReport()
    _check_ids(kb, report)
    _check_references(kb, report)
    _check_aliases(kb, report)
    _check_languages(kb, report)
    return report


def _check_ids(kb: KnowledgeBase, report: CheckReport) -> None:
    for table, prefix in ((kb.orgs, "org"), (kb.people, "person"), (kb.cities, "place")):
        for ident in table:
            if not ID_SHAPES[prefix].match(ident):
                report.errors.append(f"{ident}: malformed id")
    for oid, org in kb.orgs.items():
        if org.get("kind") not in ORG_KINDS:
            report.errors.append(f"{oid}: unknown kind {org.get('kind')!r}")
        if not org.get("names"):
            report.errors.append(f"{oid}: no names")
    for cid, city in kb.cities.items():
        if str(city.get("country", "")).upper() not in kb.countries:
            report.errors.append(f"{cid}: unknown country {city.get('country')!r}")


def _check_references(kb: KnowledgeBase, report: CheckReport) -> None:
    for oid, org in kb.orgs.items():
        if org.get("parent") and org["parent"] not in kb.orgs:
            report.errors.append(f"{oid}: parent {org['parent']} is not in the knowledge base")
        if org.get("hq") and org["hq"] not in kb.cities:
            report.errors.append(f"{oid}: headquarters {org['hq']} is not a known city")
    for pid, person in kb.people.items():
        for pos in person["positions"]:
            org = pos.get("org") or ""
            if org.startswith("org:") and org not in kb.orgs:
                report.errors.append(f"{pid}: position at unknown organization {org}")
            if org.startswith("country:") and org.split(":")[1].upper() not in kb.countries:
                report.errors.append(f"{pid}: position in unknown country {org}")
            if pos.get("title") not in kb.titles:
                report.errors.append(f"{pid}: unknown title {pos.get('title')!r}")
            if (
                pos.get("start")
                and pos.get("end")
                and str(pos["end"]) < str(pos["start"])[: len(str(pos["end"]))]
            ):
                report.errors.append(f"{pid}: position ends before it starts")


def _check_aliases(kb: KnowledgeBase, report: CheckReport) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    flagged: dict[str, bool] = defaultdict(bool)
    for alias in kb.aliases():
        if alias.entity.startswith(("org:", "person:")) and alias.kind != "surname":
            key = alias_key(alias.text)
            owners[key].add(alias.entity)
            flagged[key] = flagged[key] or alias.ambiguous
    for key, ents in sorted(owners.items()):
        if len(ents) < 2:
            continue
        line = f"alias {key!r} is shared by {', '.join(sorted(ents))}"
        if flagged[key]:
            report.warnings.append(line + " (marked ambiguous: context decides)")
        else:
            report.errors.append(line + ": mark it ambiguous or remove it from one entry")


def _check_languages(kb: KnowledgeBase, report: CheckReport) -> None:
    for oid, org in kb.orgs.items():
        missing = [lang for lang in LANGS if not _has(org, lang, ("names", "acronyms"))]
        if missing:
            report.warnings.append(f"{oid}: no name in {', '.join(missing)}")


def built_gazetteer_size(extensions: tuple[str, ...] = ()) -> int:
    """Return the number of alias keys the matcher holds (for stats and load benchmarks)."""
    return len(gazetteer(extensions).automaton)

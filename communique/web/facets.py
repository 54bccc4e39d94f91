"""What the filter forms ask for, read from the query string, and the choices they offer.

Pages are lenient where the API is strict: a filter value that cannot be
right (an unknown type, a malformed date) is dropped rather than answered
with an error page, and the form shows what was applied.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

import regex
from fastapi import Request

from communique.store import Store, views
from communique.store.queries import Filters
from communique.web.i18n import LANGS, Translator
from communique.web.render import Links

TYPES = ("CONSULT", "AGREE", "SUPPORT", "COOPERATE", "AID")
DATE = regex.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
SHOWN = ("org", "org2", "type", "context", "country", "doclang", "since", "until")
FACET_ORGS = 60


@dataclass(frozen=True)
class PageFilters:
    """The filters of a page as its query string gives them (`doclang`: `lang` is the UI's)."""

    q: str = ""
    org: str = ""
    org2: str = ""
    type: str = ""
    context: str = ""
    country: str = ""
    doclang: str = ""
    since: str = ""
    until: str = ""

    @classmethod
    def from_request(cls, request: Request) -> PageFilters:
        """Read the filters from the query string, dropping values that cannot be right."""
        raw = {f.name: (request.query_params.get(f.name) or "").strip()[:200] for f in fields(cls)}
        raw["type"] = raw["type"].upper() if raw["type"].upper() in TYPES else ""
        raw["doclang"] = raw["doclang"].lower() if raw["doclang"].lower() in LANGS else ""
        for key in ("since", "until"):
            raw[key] = raw[key] if DATE.match(raw[key]) else ""
        return cls(**raw)

    @property
    def active(self) -> bool:
        return any(getattr(self, name) for name in SHOWN)

    def query(self) -> Filters:
        """Return the store's filters."""
        return Filters(
            org=self.org or None,
            partner=self.org2 or None,
            type=self.type or None,
            context=self.context or None,
            country=self.country or None,
            lang=self.doclang or None,
            since=_full_date(self.since, start=True),
            until=_full_date(self.until, start=False),
        )

    def params(self, **changes: str) -> dict[str, str]:
        """Return the filters as query parameters, with `changes` applied."""
        return {k: v for k, v in asdict(replace(self, **changes)).items() if v}

    def chips(self, t: Translator, href: Links, path: str, names: dict[str, str]) -> list[Any]:
        """Return the applied filters, each with a link that removes it."""
        found = []
        for name in SHOWN:
            value = getattr(self, name)
            if value:
                shown = _shown_value(name, value, t, names)
                found.append(
                    {
                        "label": t(_LABELS[name]),
                        "value": shown,
                        "remove": href(path, **self.params(**{name: ""})),
                    }
                )
        return found


_LABELS = {
    "org": "facet.organization",
    "org2": "facet.partner",
    "type": "facet.type",
    "context": "facet.context",
    "country": "facet.country",
    "doclang": "facet.language",
    "since": "facet.since",
    "until": "facet.until",
}


def _shown_value(name: str, value: str, t: Translator, names: dict[str, str]) -> str:
    if name == "type":
        return t.label("type", value)
    if name == "context":
        return t.label("context", value)
    if name == "country" and len(value) == 2:
        return t.country(value)
    if name == "doclang":
        return t.language_name(value)
    if name in ("since", "until"):
        return t.date(value)
    return names.get(value, value)


def _full_date(value: str, start: bool) -> str | None:
    """Turn a year or month into the first (or last) day it covers."""
    if not value:
        return None
    if len(value) == 4:
        return f"{value}-01-01" if start else f"{value}-12-31"
    if len(value) == 7:
        return f"{value}-01" if start else f"{value}-31"
    return value


def choices(store: Store, t: Translator) -> dict[str, Any]:
    """Return what the filter forms offer: types, contexts, organizations, countries, languages."""
    orgs = views.entities(store, "", type="organization", lang=t.lang, limit=FACET_ORGS)
    countries = views.countries(store, lang=t.lang)
    contexts = [key.split(".", 1)[1] for key in _context_keys()]
    return {
        "types": [(code, t.label("type", code)) for code in TYPES],
        "contexts": sorted(((c, t.label("context", c)) for c in contexts), key=lambda x: x[1]),
        "orgs": [(o["id"], _org_label(o)) for o in orgs["items"]],
        "countries": sorted(
            ((c["country"], t.country(c["country"])) for c in countries), key=lambda x: x[1]
        ),
        "languages": [(code, t.language_name(code)) for code in LANGS],
    }


def _org_label(org: dict[str, Any]) -> str:
    name, acronym = org.get("name") or org["id"], org.get("acronym")
    return f"{name} ({acronym})" if acronym and acronym != name else name


def _context_keys() -> list[str]:
    from communique.web.i18n import messages

    return [key for key in messages("en") if key.startswith("context.")]


def names_of(choices_: dict[str, Any]) -> dict[str, str]:
    """Return the label of each organization the form offers, by id (for the applied filters)."""
    return dict(choices_["orgs"])

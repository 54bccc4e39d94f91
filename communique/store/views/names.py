"""Names in the reader's language, and the pieces every view shares.

The knowledge base knows organizations, people, countries and cities in six
languages; the corpus knows what documents called everything else. A
`Namer` asks the first, then the second, then falls back to the id.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Select, false, select

from communique import settings
from communique.resources.kb import KnowledgeBase, load_kb
from communique.store import lookup, queries
from communique.store import schema as t
from communique.store.queries import Filters

LANGS = ("ar", "en", "es", "fr", "ru", "zh")
C, CP, E, D = t.clusters, t.cluster_participants, t.events, t.documents
EVERYTHING = Filters()  # no filter: a frozen value, safe as a default argument


def knowledge_base() -> KnowledgeBase:
    """Return the knowledge base with the user's extensions (setting `kb`)."""
    return load_kb(tuple(settings.as_list(settings.get("kb"))))


@dataclass(frozen=True)
class Namer:
    """Names entities in one interface language: the knowledge base first, then the corpus."""

    lang: str
    kb: KnowledgeBase
    stored: dict[str, dict[str, Any]]

    @classmethod
    def load(cls, conn: Connection, lang: str, ids: Iterable[str]) -> Namer:
        """Return a namer knowing the stored names of `ids`."""
        wanted = [i for i in ids if i]
        return cls(lang if lang in LANGS else "en", knowledge_base(), lookup.names(conn, wanted))

    def name(self, ident: str | None) -> str | None:
        """Return the name of `ident` in the interface language."""
        if ident is None:
            return None
        if self.kb.entity(ident) is not None:
            return self.kb.display_name(ident, self.lang)
        return (self.stored.get(ident) or {}).get("name") or ident

    def acronym(self, ident: str) -> str | None:
        """Return the acronym of `ident` in the interface language, else its usual one."""
        entry = self.kb.entity(ident) or {}
        in_lang = (entry.get("acronyms") or {}).get(self.lang)
        if in_lang:
            return str(in_lang[0])
        return entry.get("acronym") or (self.stored.get(ident) or {}).get("acronym")

    def kind(self, ident: str) -> str | None:
        """Return the kind of an organization (igo, un_office...), when known."""
        entry = self.kb.entity(ident) or {}
        return entry.get("kind") or (self.stored.get(ident) or {}).get("kind")

    def ref(self, ident: str, **extra: Any) -> dict[str, Any]:
        """Return {"id", "name"} (and `extra`) for an entity."""
        return {"id": ident, "name": self.name(ident), **extra}


def matching(conn: Connection, filters: Filters) -> Select[Any] | None:
    """Return the query of the clusters that meet `filters` (None when nothing can match)."""
    resolved = queries.resolve_filters(conn, filters)
    if resolved.impossible:
        return None
    # One definition of what a filter means, shared with `communique events`.
    return queries._cluster_query(conn, resolved)


def matching_ids(conn: Connection, filters: Filters) -> Select[Any] | None:
    """Return the ids of the clusters meeting `filters` as a subquery, None for "every one"."""
    if filters == EVERYTHING:
        return None
    query = matching(conn, filters)
    if query is None:
        return select_nothing()
    return query.order_by(None).with_only_columns(C.c.id)


def select_nothing() -> Select[Any]:
    """Return a query of cluster ids that selects no row."""
    return select(C.c.id).where(false())


def most_common(values: Iterable[Any]) -> Any:
    """Return the most frequent non-empty value (None when there is none)."""
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None

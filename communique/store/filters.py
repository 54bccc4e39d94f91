"""Filters: what `events` and `search` keep, resolved to ids and turned into SQL conditions.

Organizations and people are named by id, name or acronym in any script
(`lookup.resolve`); a name that resolves to nothing matches nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, exists, func, literal, or_, select

from communique.store import lookup
from communique.store import schema as t


@dataclass(frozen=True)
class Filters:
    """What to keep: each given filter must hold (None means any)."""

    org: str | None = None
    partner: str | None = None  # a second organization that took part too
    person: str | None = None
    country: str | None = None  # ISO code or a country's name
    type: str | None = None
    context: str | None = None
    lang: str | None = None
    since: str | None = None  # YYYY-MM-DD
    until: str | None = None


NO_FILTERS = Filters()


@dataclass(frozen=True)
class Resolved:
    """Filters with names turned into entity ids (None: not filtered; []: nothing matches)."""

    filters: Filters
    org: list[str] | None
    partner: list[str] | None
    person: list[str] | None
    country: list[str] | None

    @property
    def impossible(self) -> bool:
        return any(ids == [] for ids in (self.org, self.partner, self.person, self.country))


def resolve_filters(conn: Connection, filters: Filters) -> Resolved:
    """Resolve the names in `filters` to entity ids."""

    def ids(value: str | None, kind: str) -> list[str] | None:
        return None if value is None else lookup.resolve(conn, value, kind)

    return Resolved(
        filters,
        ids(filters.org, "organization"),
        ids(filters.partner, "organization"),
        ids(filters.person, "person"),
        ids(filters.country, "country"),
    )


def cluster_query(conn: Connection, r: Resolved) -> Select[Any]:
    """Return the clusters that meet the filters, newest first."""
    c, f = t.clusters, r.filters
    query = select(c).order_by(c.c.first_date.desc().nulls_last(), c.c.id)
    cp, cc = t.cluster_participants, t.cluster_contexts
    total = approximate_rows(conn, t.events.c.pk)
    for ids in (r.org, r.partner):
        if ids is not None:
            query = query.where(member_of(conn, c.c.id, cp.c.cluster, cp.c.entity, ids, total))
    if f.context:
        tagged = member_of(conn, c.c.id, cc.c.cluster, cc.c.context, [f.context], total)
        query = query.where(tagged)
    if r.person is not None:
        people = select(t.events.c.cluster).join(t.event_people)
        query = query.where(c.c.id.in_(people.where(t.event_people.c.entity.in_(r.person))))
    if r.country is not None:
        codes = [i.split(":", 1)[1].upper() for i in r.country]
        parties = select(cp.c.cluster).where(cp.c.entity.in_(r.country))
        query = query.where(or_(c.c.place_country.in_(codes), c.c.id.in_(parties)))
    if f.type:
        query = query.where(c.c.type == f.type.upper())
    if f.lang:
        query = query.where((literal(",") + c.c.languages + ",").like(f"%,{f.lang.lower()},%"))
    if f.since:
        query = query.where(c.c.last_date >= f.since)
    if f.until:
        query = query.where(c.c.first_date <= f.until)
    return query


# A filter that holds for more than 1 row in DENSE is checked row by row along the
# date order (EXISTS, stopping at the limit); a rarer one is looked up in its index
# first (IN). Either way is fast where it is chosen and slow where it is not.
DENSE = 20


def member_of(
    conn: Connection, outer: Any, key: Any, value: Any, ids: list[str], total: int
) -> ColumnElement[bool]:
    """Return "`outer` is a `key` whose `value` is in `ids`", in the cheaper of two plans."""
    count = conn.execute(
        select(func.count()).select_from(value.table).where(value.in_(ids))
    ).scalar_one()
    if count * DENSE > total:
        return exists().where(key == outer, value.in_(ids))
    return outer.in_(select(key).where(value.in_(ids)))


def approximate_rows(conn: Connection, key: Any) -> int:
    """Return the highest key of a table: its row count, near enough and instantly."""
    return int(conn.execute(select(func.max(key))).scalar() or 0)


def document_filters(conn: Connection, query: Select[Any], r: Resolved) -> Select[Any]:
    """Return `query` (over documents) restricted by the filters."""
    d, de, e, f = t.documents, t.doc_entities, t.events, r.filters
    total = approximate_rows(conn, d.c.pk)
    for ids in (r.org, r.partner, r.person, r.country):
        if ids is not None:
            query = query.where(member_of(conn, d.c.pk, de.c.doc, de.c.entity, ids, total))
    if f.type:
        query = query.where(d.c.pk.in_(select(e.c.doc).where(e.c.type == f.type.upper())))
    if f.context:
        tagged = select(e.c.doc).join(t.event_contexts)
        query = query.where(d.c.pk.in_(tagged.where(t.event_contexts.c.context == f.context)))
    if f.lang:
        query = query.where(d.c.language == f.lang.lower())
    if f.since:
        query = query.where(d.c.published_date >= f.since)
    if f.until:
        query = query.where(d.c.published_date <= f.until)
    return query

"""Who works with whom: the cooperation graph, the organization matrix and events per country.

Nodes are organizations (participants whose id starts with "org:"; states
taking part are left to the map). Two organizations are linked by every
merged event both took part in; an edge counts events, not documents.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import Connection, Select, and_, func, select

from communique.errors import CommuniqueError
from communique.store import schema as t
from communique.store.queries import Filters
from communique.store.store import Store
from communique.store.views.names import CP, EVERYTHING, C, E, Namer, matching_ids

MATRIX_KEYS = ("type", "context")


def graph(
    store: Store,
    filters: Filters = EVERYTHING,
    lang: str = "en",
    min_weight: int = 1,
    limit: int = 150,
    max_edges: int | None = None,
) -> dict[str, Any]:
    """Return {"nodes", "edges", "edges_total"}: the `limit` busiest organizations' network.

    Edges need `min_weight` events; of those (`edges_total`), the `max_edges`
    strongest are kept, and the organizations they join.

    The counts are remembered until the store changes (`Store.memo`): every
    visitor of the network page asks for the same whole-store network.
    """
    with store.reading() as conn:
        busiest, pairs = store.memo.get(
            conn,
            ("graph", filters, limit),
            lambda: _network(conn, matching_ids(conn, filters), limit),
        )
        return _assemble(conn, busiest, pairs, lang, (min_weight, max_edges))


def build_graph(
    conn: Connection, ids: Select[Any] | None, lang: str, min_weight: int, limit: int
) -> dict[str, Any]:
    """Return the graph of the clusters `ids` selects (None: every cluster)."""
    busiest, pairs = _network(conn, ids, limit)
    return _assemble(conn, busiest, pairs, lang, (min_weight, None))


PairRow = tuple[str, str, str, int, str | None, str | None]


def _network(
    conn: Connection, ids: Select[Any] | None, limit: int
) -> tuple[dict[str, int], list[PairRow]]:
    """Return the busiest organizations and the rows of their pairs (language aside)."""
    busiest = top_organizations(conn, ids, limit)
    return busiest, [tuple(row) for row in _pair_rows(conn, ids, list(busiest))]


def _assemble(
    conn: Connection,
    busiest: dict[str, int],
    pairs: list[PairRow],
    lang: str,
    cut: tuple[int, int | None],
) -> dict[str, Any]:
    min_weight, max_edges = cut
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for source, target, kind, n, first, last in pairs:
        edge = edges.setdefault(
            (source, target),
            {"source": source, "target": target, "total": 0, "by_type": {}, "first": first},
        )
        edge["total"] += n
        edge["by_type"][kind] = n
        edge["first"] = min(filter(None, (edge["first"], first)), default=None)
        edge["last"] = max(filter(None, (edge.get("last"), last)), default=None)
    kept = [e for e in edges.values() if e["total"] >= min_weight]
    kept.sort(key=lambda e: (-e["total"], e["source"], e["target"]))
    total = len(kept)
    kept = kept[:max_edges] if max_edges is not None else kept
    linked = {end for e in kept for end in (e["source"], e["target"])}
    namer = Namer.load(conn, lang, linked)
    nodes = [
        {"id": org, "name": namer.name(org), "acronym": namer.acronym(org), "kind": namer.kind(org)}
        | {"events": n}
        for org, n in busiest.items()
        if org in linked
    ]
    return {"nodes": nodes, "edges": kept, "edges_total": total}


def _restrict(query: Select[Any], column: Any, ids: Select[Any] | None) -> Select[Any]:
    return query if ids is None else query.where(column.in_(ids))


def top_organizations(conn: Connection, ids: Select[Any] | None, limit: int) -> dict[str, int]:
    """Return the organizations taking part in the most clusters of `ids`, with their counts."""
    n = func.count()
    query = (
        select(CP.c.entity, n)
        .where(CP.c.entity.startswith("org:"))
        .group_by(CP.c.entity)
        .order_by(n.desc(), CP.c.entity)
        .limit(limit)
    )
    return {org: int(count) for org, count in conn.execute(_restrict(query, CP.c.cluster, ids))}


def _pairs(orgs: list[str]) -> tuple[Any, Any, Any]:
    a, b = CP.alias("a"), CP.alias("b")
    joined = a.join(b, and_(b.c.cluster == a.c.cluster, a.c.entity < b.c.entity))
    return a, b, joined.join(C, C.c.id == a.c.cluster)


def _pair_rows(conn: Connection, ids: Select[Any] | None, orgs: list[str]) -> list[Any]:
    """Return (a, b, type, events, first, last) for each pair of `orgs` and event type."""
    if not orgs:
        return []
    a, b, joined = _pairs(orgs)
    query = (
        select(
            *(a.c.entity, b.c.entity, C.c.type, func.count()),
            *(func.min(C.c.first_date), func.max(C.c.last_date)),
        )
        .select_from(joined)
        .where(a.c.entity.in_(orgs), b.c.entity.in_(orgs))
        .group_by(a.c.entity, b.c.entity, C.c.type)
    )
    return list(conn.execute(_restrict(query, a.c.cluster, ids)))


def _context_rows(conn: Connection, ids: Select[Any] | None, orgs: list[str]) -> list[Any]:
    """Return (a, b, context, events) for each pair of `orgs` and context."""
    if not orgs:
        return []
    a, b, joined = _pairs(orgs)
    x = t.event_contexts
    tagged = joined.join(E, E.c.cluster == a.c.cluster).join(x, x.c.event == E.c.pk)
    query = (
        select(a.c.entity, b.c.entity, a.c.cluster, x.c.context)
        .select_from(tagged)
        .where(a.c.entity.in_(orgs), b.c.entity.in_(orgs))
        .distinct()
    )
    counts: Counter[tuple[str, str, str]] = Counter(
        (source, target, context)
        for source, target, _, context in conn.execute(_restrict(query, a.c.cluster, ids))
    )
    return [(*key, n) for key, n in counts.items()]


def matrix(
    store: Store, filters: Filters = EVERYTHING, by: str = "type", lang: str = "en", limit: int = 25
) -> dict[str, Any]:
    """Return {"orgs", "cells"}: events of each pair of the `limit` busiest organizations.

    Each cell counts the pair's events in total and by event type or context;
    the matrix is symmetric and both (row, col) and (col, row) are listed.
    """
    if by not in MATRIX_KEYS:
        raise CommuniqueError("E400", f"by must be one of {', '.join(MATRIX_KEYS)}")
    with store.reading() as conn:
        busiest, totals, split = store.memo.get(
            conn, ("matrix", filters, by, limit), lambda: _cells(conn, filters, by, limit)
        )
        namer = Namer.load(conn, lang, list(busiest))
    cells = []
    for (source, target), total in sorted(totals.items()):
        by_key = dict(
            sorted(split.get((source, target), {}).items(), key=lambda kv: (-kv[1], kv[0]))
        )
        cells.append({"row": source, "col": target, "total": total, "by": by_key})
        cells.append({"row": target, "col": source, "total": total, "by": by_key})
    return {
        "orgs": [namer.ref(o, acronym=namer.acronym(o), events=n) for o, n in busiest.items()],
        "cells": cells,
    }


Pair = tuple[str, str]


def _cells(
    conn: Connection, filters: Filters, by: str, limit: int
) -> tuple[dict[str, int], Counter[Pair], dict[Pair, dict[str, int]]]:
    """Return the busiest organizations, each pair's events, and those by type or context."""
    ids = matching_ids(conn, filters)
    busiest = top_organizations(conn, ids, limit)
    orgs = list(busiest)
    totals: Counter[Pair] = Counter()
    split: dict[Pair, dict[str, int]] = defaultdict(dict)
    for source, target, kind, n, _first, _last in _pair_rows(conn, ids, orgs):
        totals[source, target] += n
        if by == "type":
            split[source, target][kind] = n
    if by == "context":
        for source, target, context, n in _context_rows(conn, ids, orgs):
            split[source, target][context] = n
    return busiest, totals, split


def countries(
    store: Store, filters: Filters = EVERYTHING, lang: str = "en"
) -> list[dict[str, Any]]:
    """Return the number of matching events per country where they took place, most first."""
    n = func.count()
    query = (
        select(C.c.place_country, n)
        .where(C.c.place_country.is_not(None))
        .group_by(C.c.place_country)
        .order_by(n.desc(), C.c.place_country)
    )
    with store.reading() as conn:
        rows = conn.execute(_restrict(query, C.c.id, matching_ids(conn, filters))).all()
        namer = Namer.load(conn, lang, [])
    return [
        {"country": code, "name": namer.name(f"country:{code.lower()}"), "events": int(count)}
        for code, count in rows
    ]

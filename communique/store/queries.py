"""What users ask of the store: events, full-text search, one item, partnerships.

One implementation behind the CLI and, later, the API, the web pages and the
exports. Every function takes a `Store` and returns plain JSON-ready dicts.
An "event" here is a cluster: one real-world event with every document,
language and piece of evidence that reports it.

Filters (`filters.Filters`, importable from here too) name organizations and
people by id, name or acronym in any script; one that names nothing matches
nothing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Select, and_, func, literal, select

from communique.errors import CommuniqueError
from communique.store import items, lookup
from communique.store import schema as t
from communique.store import search as fts
from communique.store.filters import (
    NO_FILTERS,
    Filters,
    cluster_query,
    document_filters,
    resolve_filters,
)
from communique.store.store import Store

__all__ = [
    "Filters",
    "events",
    "iter_events",
    "partners",
    "partnership",
    "search",
    "show",
]

# Moved to `filters`; the web views (store/views/names.py) still reach for the old name.
_cluster_query = cluster_query

DEFAULT_LIMIT = 50
PAGE = 500


def events(
    store: Store, filters: Filters = NO_FILTERS, limit: int | None = DEFAULT_LIMIT, offset: int = 0
) -> list[dict[str, Any]]:
    """Return merged events (clusters), newest first, with parties, documents and evidence."""
    with store.reading() as conn:
        resolved = resolve_filters(conn, filters)
        if resolved.impossible:
            return []
        query = cluster_query(conn, resolved).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        rows = conn.execute(query).all()
        return describe_clusters(conn, rows)


def iter_events(store: Store, filters: Filters = NO_FILTERS) -> Iterator[dict[str, Any]]:
    """Yield every matching event, page by page (for exports)."""
    offset = 0
    while True:
        page = events(store, filters, limit=PAGE, offset=offset)
        yield from page
        if len(page) < PAGE:
            return
        offset += PAGE


def describe_clusters(conn: Connection, rows: Sequence[Any]) -> list[dict[str, Any]]:
    """Return the full description of each cluster row: parties, people, documents, evidence."""
    if not rows:
        return []
    ids = [r.id for r in rows]
    members = _members(conn, ids)
    parties = _cluster_parties(conn, ids)
    known = lookup.names(
        conn,
        [p for ps in parties.values() for p, _ in ps]
        + [p for m in members.values() for x in m for p in x["people"]],
    )
    return [_describe(r, members.get(r.id, []), parties.get(r.id, []), known) for r in rows]


def _members(conn: Connection, cluster_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    e, d = t.events, t.documents
    query = (
        select(
            e.c.pk,
            e.c.cluster,
            e.c.id,
            e.c.mode,
            e.c.instrument,
            e.c.meeting,
            d.c.id.label("doc"),
            d.c.language,
            d.c.title,
            d.c.published_date,
            d.c.text,
        )
        .select_from(e.join(d, d.c.pk == e.c.doc))
        .where(e.c.cluster.in_(cluster_ids))
        .order_by(e.c.cluster, d.c.published_date, e.c.pk)
    )
    rows = conn.execute(query).all()
    pks = [r.pk for r in rows]
    people = _by_event(conn, t.event_people, "entity", pks)
    contexts = _by_event(conn, t.event_contexts, "context", pks)
    evidence = _first_evidence(conn, pks)
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        span = evidence.get(r.pk)
        found[r.cluster].append(
            {
                "event": r.id,
                "doc": r.doc,
                "language": r.language,
                "title": r.title,
                "published": r.published_date,
                "mode": r.mode,
                "instrument": r.instrument,
                "meeting": r.meeting,
                "people": people.get(r.pk, []),
                "contexts": contexts.get(r.pk, []),
                "evidence": r.text[span[0] : span[1]] if span else None,
            }
        )
    return found


def _by_event(conn: Connection, table: Any, column: str, pks: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    if pks:
        query = select(table.c.event, table.c[column]).where(table.c.event.in_(pks))
        for event_pk, value in conn.execute(query.order_by(table.c.event, table.c.seq)):
            found[event_pk].append(value)
    return found


def _first_evidence(conn: Connection, pks: list[int]) -> dict[int, tuple[int, int]]:
    if not pks:
        return {}
    ev = t.evidence
    query = select(ev.c.event, ev.c.char_start, ev.c.char_end).where(
        ev.c.event.in_(pks), ev.c.seq == 0
    )
    return {row.event: (row.char_start, row.char_end) for row in conn.execute(query)}


def _cluster_parties(conn: Connection, ids: list[str]) -> dict[str, list[tuple[str, str]]]:
    cp = t.cluster_participants
    query = select(cp.c.cluster, cp.c.entity, cp.c.role).where(cp.c.cluster.in_(ids))
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for cluster, entity, role in conn.execute(query.order_by(cp.c.cluster, cp.c.entity)):
        found[cluster].append((entity, role))
    return found


def _describe(
    row: Any,
    members: list[dict[str, Any]],
    parties: list[tuple[str, str]],
    known: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    people = list(dict.fromkeys(p for m in members for p in m["people"]))
    documents = list(dict.fromkeys(m["doc"] for m in members))
    return {
        "id": row.id,
        "type": row.type,
        "mode": _most_common(m["mode"] for m in members),
        "instrument": _most_common(m["instrument"] for m in members),
        "meeting": _most_common(m["meeting"] for m in members),
        "date": {"first": row.first_date, "last": row.last_date},
        "place": {"entity": row.place_entity, "name": row.place_name, "country": row.place_country},
        "participants": [_entity(e, known, role=role) for e, role in parties],
        "people": [_entity(p, known) for p in people],
        "contexts": sorted({c for m in members for c in m["contexts"]}),
        "languages": [x for x in row.languages.split(",") if x],
        "documents": documents,
        "n_documents": row.n_documents,
        "confidence": row.confidence,
        "evidence": [
            {"doc": m["doc"], "language": m["language"], "event": m["event"], "text": m["evidence"]}
            for m in members
        ],
    }


def _entity(ident: str, known: dict[str, dict[str, Any]], **extra: Any) -> dict[str, Any]:
    info = known.get(ident) or {}
    return {"id": ident, "name": info.get("name"), "acronym": info.get("acronym"), **extra}


def _most_common(values: Any) -> Any:
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None


def partners(store: Store, org: str, limit: int | None = DEFAULT_LIMIT) -> dict[str, Any]:
    """Return an organization's partners: per partner its events, first and last seen, types,
    contexts, documents and languages (E306 when `org` names nothing)."""
    with store.reading() as conn:
        ids = lookup.resolve(conn, org, "organization")
        if not ids:
            raise CommuniqueError("E306", org)
        rows = _partner_rows(conn, ids, limit)
        found = [row.partner for row in rows]
        details = _partner_details(conn, ids, found)
        known = lookup.names(conn, ids + found)
        return {
            "org": [_entity(i, known) for i in ids],
            "partners": [_partner(row, details, known) for row in rows],
        }


def _pair_join(ids: list[str]) -> Any:
    a, b = t.cluster_participants.alias("a"), t.cluster_participants.alias("b")
    joined = a.join(b, and_(b.c.cluster == a.c.cluster, b.c.entity.not_in(ids)))
    return a, b, joined.join(t.clusters, t.clusters.c.id == a.c.cluster)


def _partner_rows(conn: Connection, ids: list[str], limit: int | None) -> Sequence[Any]:
    a, b, joined = _pair_join(ids)
    c = t.clusters
    n_events = func.count(a.c.cluster.distinct())
    query = (
        select(
            b.c.entity.label("partner"),
            n_events.label("n_events"),
            func.min(c.c.first_date).label("first_seen"),
            func.max(c.c.last_date).label("last_seen"),
        )
        .select_from(joined)
        .where(a.c.entity.in_(ids))
        .group_by(b.c.entity)
        .order_by(n_events.desc(), b.c.entity)
    )
    if limit is not None:
        query = query.limit(limit)
    return conn.execute(query).all()


def _partner_details(
    conn: Connection, ids: list[str], found: list[str]
) -> dict[str, dict[str, Any]]:
    """Return per partner: event types, contexts, documents and languages of the shared events."""
    details: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"types": Counter(), "contexts": Counter(), "languages": set(), "documents": set()}
    )
    if not found:
        return details
    shared = _shared_clusters(conn, ids, found)
    clusters = sorted({row.cluster for row in shared})
    documents = _grouped(conn, t.events.c.cluster, t.events.c.doc, clusters)
    contexts = _grouped(conn, t.cluster_contexts.c.cluster, t.cluster_contexts.c.context, clusters)
    for row in shared:
        info = details[row.partner]
        info["types"][row.type] += 1
        info["languages"].update(x for x in row.languages.split(",") if x)
        info["documents"].update(documents.get(row.cluster, ()))
        info["contexts"].update(contexts.get(row.cluster, ()))
    return details


def _shared_clusters(conn: Connection, ids: list[str], found: list[str]) -> list[Shared]:
    """Return (partner, cluster, type, languages) of each event a partner shares with `ids`.

    Driven from the organization's own events by key, chunk by chunk (filtering
    partners here, not in SQL, keeps SQLite from starting at the partners' side:
    a partner as big as the UN would make a small organization scan all of its events).
    """
    cp, c = t.cluster_participants, t.clusters
    own = sorted(set(conn.execute(select(cp.c.cluster).where(cp.c.entity.in_(ids))).scalars()))
    wanted = set(found)
    pairs = []
    for chunk in _chunks(own):
        query = select(cp.c.entity, cp.c.cluster).where(cp.c.cluster.in_(chunk))
        pairs += [(e, k) for e, k in conn.execute(query) if e in wanted]
    info = {}
    for chunk in _chunks(sorted({k for _, k in pairs})):
        query = select(c.c.id, c.c.type, c.c.languages).where(c.c.id.in_(chunk))
        info.update({row.id: row for row in conn.execute(query)})
    return [
        Shared(partner, cluster, info[cluster].type, info[cluster].languages)
        for partner, cluster in pairs
    ]


@dataclass(frozen=True)
class Shared:
    partner: str
    cluster: str
    type: str
    languages: str


def _chunks(keys: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(keys), CHUNK):
        yield keys[start : start + CHUNK]


CHUNK = 5000  # keys per IN list


def _grouped(conn: Connection, key: Any, value: Any, keys: list[str]) -> dict[str, set[Any]]:
    """Return the distinct `value`s of each of `keys` (looked up in chunks)."""
    found: dict[str, set[Any]] = defaultdict(set)
    for chunk in _chunks(keys):
        for k, v in conn.execute(select(key, value).where(key.in_(chunk))):
            found[k].add(v)
    return found


def _partner(row: Any, details: dict[str, dict[str, Any]], known: dict[str, Any]) -> dict[str, Any]:
    info = details[row.partner]
    return {
        **_entity(row.partner, known),
        "type": (known.get(row.partner) or {}).get("type"),
        "n_events": row.n_events,
        "first_seen": row.first_seen,
        "last_seen": row.last_seen,
        "types": dict(info["types"].most_common()),
        "contexts": dict(info["contexts"].most_common()),
        "n_documents": len(info["documents"]),
        "languages": sorted(info["languages"]),
    }


def partnership(store: Store, org: str, other: str) -> dict[str, Any]:
    """Return the events two organizations took part in together, oldest first, with a summary."""
    found = events(store, Filters(org=org, partner=other), limit=None)
    found.sort(key=lambda e: (e["date"]["first"] is None, e["date"]["first"] or "", e["id"]))
    with store.reading() as conn:
        pair = lookup.resolve(conn, org, "organization") + lookup.resolve(
            conn, other, "organization"
        )
        known = lookup.names(conn, pair)
    dates = [e["date"]["first"] for e in found if e["date"]["first"]]
    return {
        "pair": [_entity(i, known) for i in pair],
        "n_events": len(found),
        "first_seen": min(dates) if dates else None,
        "last_seen": max((e["date"]["last"] for e in found if e["date"]["last"]), default=None),
        "types": dict(Counter(e["type"] for e in found).most_common()),
        "languages": sorted({lang for e in found for lang in e["languages"]}),
        "events": found,
    }


def search(
    store: Store, query: str = "", filters: Filters = NO_FILTERS, limit: int = DEFAULT_LIMIT
) -> list[dict[str, Any]]:
    """Return documents matching `query` in any language and script, best first, with snippets.

    With no query, the documents that meet the filters (e.g. every document
    mentioning `--org`), newest first, the snippet at the first mention.
    """
    terms = fts.parse_query(query)
    with store.reading() as conn:
        resolved = resolve_filters(conn, filters)
        if resolved.impossible or not (terms or any(vars(filters).values())):
            return []
        d = t.documents
        columns = [d.c.pk, d.c.id, d.c.title, d.c.language, d.c.published_date, d.c.text]
        columns += [d.c.source_path, d.c.source_url]
        query_ = fts.matching(conn, columns, terms) if terms else _newest_first(columns)
        rows = conn.execute(document_filters(conn, query_, resolved).limit(limit)).all()
        anchors = _first_mentions(conn, [r.pk for r in rows], resolved.org or [])
    return [_hit(r, terms, None if terms else anchors.get(r.pk)) for r in rows]


def _newest_first(columns: list[Any]) -> Select[Any]:
    d = t.documents
    unranked = select(*columns, literal(0.0).label("score"))
    return unranked.order_by(d.c.published_date.desc().nulls_last(), d.c.pk)


def _first_mentions(conn: Connection, pks: list[int], ids: list[str]) -> dict[int, tuple[int, int]]:
    if not pks or not ids:
        return {}
    m, de = t.mentions, t.doc_entities
    query = (
        select(m.c.doc, m.c.char_start, m.c.char_end)
        .select_from(m.join(de, and_(de.c.doc == m.c.doc, de.c.ordinal == m.c.entity_ordinal)))
        .where(m.c.doc.in_(pks), de.c.entity.in_(ids))
        .order_by(m.c.doc, m.c.char_start)
    )
    found: dict[int, tuple[int, int]] = {}
    for doc, start, end in conn.execute(query):
        found.setdefault(doc, (start, end))
    return found


def _hit(row: Any, terms: list[fts.Term], anchor: tuple[int, int] | None) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "language": row.language,
        "published": row.published_date,
        "source": row.source_url or row.source_path,
        "score": round(-float(row.score), 4) + 0.0,  # + 0.0: no "-0.0" for unranked hits
        "snippet": fts.snippet(row.text, terms, anchor),
    }


def show(store: Store, ident: str) -> dict[str, Any]:
    """Return one document, event, cluster or entity by id (or an entity by name); E306 if none."""
    with store.reading() as conn:
        if not ident.startswith("cl:"):
            return items.show(conn, ident)
        rows = conn.execute(select(t.clusters).where(t.clusters.c.id == ident)).all()
        if not rows:
            raise CommuniqueError("E306", ident)
        return {"kind": "cluster", **describe_clusters(conn, rows)[0]}

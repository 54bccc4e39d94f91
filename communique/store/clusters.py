"""Clusters: the real-world events that events from many documents report.

On ingest every event looks for a cluster whose every member it matches
(`communique.pipeline.merge.same_event`): complete linkage, so a chain of
near matches can never drag two distinct meetings into one. Candidates come
from SQL (same type, two shared parties, a date inside the window or
unknown); the decision is the pure function's. A cluster holds at most one
event per document: two events the extractor kept apart in one text are
two events. An undated event joins a cluster only when exactly one fits.
Historical, hypothetical and negated events are never clustered.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, and_, delete, func, or_, select, update

from communique.pipeline.merge import DEFAULT_RULES, MergeRules, same_event, similarity, window
from communique.store import dialects
from communique.store import schema as t

FLAGS = ("historical", "hypothetical", "negated")
MEMBER_COLUMNS = (
    t.events.c.pk,
    t.events.c.id,
    t.events.c.doc,
    t.events.c.cluster,
    t.events.c.type,
    t.events.c.date_start,
    t.events.c.date_end,
    t.events.c.date_precision,
    t.events.c.has_place,
    t.events.c.place_entity,
    t.events.c.place_name,
    t.events.c.place_country,
    t.events.c.place_virtual,
    t.events.c.place_hybrid,
)


def cluster_id(doc_id: str, event: dict[str, Any], event_pk: int) -> str:
    """Return the id of a cluster founded by `event` (stable for the same document and event)."""
    basis = f"{doc_id}|{event['id']}|{event_pk}"
    return "cl:" + hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]


def assign(
    conn: Connection,
    doc_pk: int,
    doc_id: str,
    event_pk: int,
    event: dict[str, Any],
    others: list[dict[str, Any]],
    rules: MergeRules = DEFAULT_RULES,
) -> str | None:
    """Put a stored event into the cluster it belongs to, founding one if none fits.

    `others` are the other events of its document (they corroborate undated ones).
    """
    if flagged(event):
        return None
    chosen = best_cluster(conn, doc_pk, event, [o for o in others if not flagged(o)], rules)
    if chosen is None:
        chosen = cluster_id(doc_id, event, event_pk)
        conn.execute(t.clusters.insert().values(_empty_cluster(chosen, event["type"])))
    conn.execute(update(t.events).where(t.events.c.pk == event_pk).values(cluster=chosen))
    refresh(conn, chosen)
    return chosen


def flagged(event: dict[str, Any]) -> bool:
    """Tell whether an event is historical, hypothetical or negated (never merged)."""
    return any(event.get(flag) for flag in FLAGS)


def best_cluster(
    conn: Connection,
    doc_pk: int,
    event: dict[str, Any],
    others: list[dict[str, Any]],
    rules: MergeRules = DEFAULT_RULES,
) -> str | None:
    """Return the cluster `event` should join, or None."""
    members = load_events(
        conn, t.events.c.cluster.in_(candidate_clusters(conn, doc_pk, event, rules))
    )
    siblings = _siblings(conn, members)
    by_cluster: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for member in members:
        by_cluster[member["cluster"]].append(member)
    fitting = []
    for cluster, group in sorted(by_cluster.items()):
        if all(
            m["doc"] != doc_pk and same_event(event, m, rules, others, siblings[m["pk"]])
            for m in group
        ):
            fitting.append((sum(similarity(event, m) for m in group) / len(group), cluster))
    if not fitting or (event.get("date") is None and len(fitting) > 1):
        return None
    return max(fitting)[1]


def _siblings(conn: Connection, members: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    """Return, for each member event, the other unflagged events of its document."""
    docs = sorted({m["doc"] for m in members})
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if not docs:
        return found
    everything = load_events(conn, t.events.c.doc.in_(docs))
    for member in members:
        found[member["pk"]] = [
            e for e in everything if e["doc"] == member["doc"] and e["pk"] != member["pk"]
        ]
    return found


def candidate_clusters(
    conn: Connection, doc_pk: int, event: dict[str, Any], rules: MergeRules
) -> list[str]:
    """Return clusters holding an event of the same type, two shared parties and a near date."""
    parties = sorted({p["entity"] for p in event.get("participants") or ()})
    if len(parties) < 2:
        return []
    e, p = t.events, t.participants
    query = (
        select(e.c.cluster)
        .select_from(e.join(p, p.c.event == e.c.pk))
        .where(e.c.type == event["type"], p.c.entity.in_(parties), e.c.doc != doc_pk)
        .where(e.c.cluster.is_not(None))
        .group_by(e.c.pk, e.c.cluster)
        .having(func.count(p.c.entity.distinct()) >= 2)
    )
    span = window(event.get("date"), rules.window_days)
    if span is not None:
        near = and_(e.c.date_start <= span[1], e.c.date_until >= span[0])
        query = query.where(or_(e.c.date_start.is_(None), near))
    return sorted({row[0] for row in conn.execute(query)})


def load_events(conn: Connection, where: Any) -> list[dict[str, Any]]:
    """Return the unflagged events `where` selects as record-like dicts for `same_event`."""
    query = select(*MEMBER_COLUMNS).where(where, *(t.events.c[f].is_(False) for f in FLAGS))
    rows = conn.execute(query.order_by(t.events.c.pk)).all()
    parties: dict[int, list[str]] = defaultdict(list)
    if rows:
        pairs = select(t.participants.c.event, t.participants.c.entity).where(
            t.participants.c.event.in_([r.pk for r in rows])
        )
        for event_pk, entity in conn.execute(pairs):
            parties[event_pk].append(entity)
    return [_member(row, parties[row.pk]) for row in rows]


def _member(row: Any, parties: list[str]) -> dict[str, Any]:
    date = None
    if row.date_start:
        date = {"start": row.date_start, "end": row.date_end, "precision": row.date_precision}
    place = None
    if row.has_place:
        place = {
            "entity": row.place_entity,
            "name": row.place_name,
            "country": row.place_country,
            "virtual": row.place_virtual,
            "hybrid": row.place_hybrid,
        }
    return {
        "pk": row.pk,
        "id": row.id,
        "doc": row.doc,
        "cluster": row.cluster,
        "type": row.type,
        "participants": [{"entity": e} for e in parties],
        "date": date,
        "place": place,
    }


def _empty_cluster(ident: str, event_type: str) -> dict[str, Any]:
    return {
        "id": ident,
        "type": event_type,
        "n_events": 0,
        "n_documents": 0,
        "languages": "",
        "confidence": 0.0,
    }


def clusters_of_document(conn: Connection, doc_pk: int) -> list[str]:
    """Return the clusters holding an event of document `doc_pk`."""
    query = select(t.events.c.cluster).where(
        t.events.c.doc == doc_pk, t.events.c.cluster.is_not(None)
    )
    return sorted({row[0] for row in conn.execute(query)})


def refresh(conn: Connection, cluster: str) -> None:
    """Recompute a cluster's summary and parties from its events; delete it when it has none."""
    e, d = t.events, t.documents
    rows = conn.execute(
        select(*MEMBER_COLUMNS, e.c.date_until, e.c.confidence, d.c.language)
        .select_from(e.join(d, d.c.pk == e.c.doc))
        .where(e.c.cluster == cluster)
        .order_by(e.c.pk)
    ).all()
    conn.execute(delete(t.cluster_participants).where(t.cluster_participants.c.cluster == cluster))
    if not rows:
        conn.execute(delete(t.clusters).where(t.clusters.c.id == cluster))
        return
    conn.execute(update(t.clusters).where(t.clusters.c.id == cluster).values(_summary(rows)))
    dialects.insert_ignore(
        conn, t.cluster_participants, _parties(conn, cluster), ["cluster", "entity"]
    )


def _summary(rows: Sequence[Any]) -> dict[str, Any]:
    starts = [r.date_start for r in rows if r.date_start]
    ends = [r.date_until for r in rows if r.date_until]
    cities = Counter(
        (r.place_entity, r.place_name, r.place_country) for r in rows if r.place_entity
    )
    countries = Counter(r.place_country for r in rows if r.place_country)
    place: tuple[Any, Any, Any] = (None, None, None)
    if cities:
        place = cities.most_common(1)[0][0]
    elif countries:
        place = (None, None, countries.most_common(1)[0][0])
    return {
        "type": rows[0].type,
        "first_date": min(starts) if starts else None,
        "last_date": max(ends) if ends else None,
        "place_entity": place[0],
        "place_name": place[1],
        "place_country": place[2],
        "n_events": len(rows),
        "n_documents": len({r.doc for r in rows}),
        "languages": ",".join(sorted({r.language for r in rows if r.language})),
        "confidence": max(r.confidence for r in rows),
    }


def _parties(conn: Connection, cluster: str) -> list[dict[str, Any]]:
    """Return the union of a cluster's parties; a party seen in two roles is a participant."""
    p, e = t.participants, t.events
    query = (
        select(p.c.entity, p.c.role)
        .select_from(p.join(e, e.c.pk == p.c.event))
        .where(e.c.cluster == cluster)
        .order_by(e.c.pk, p.c.seq)
    )
    roles: dict[str, str] = {}
    for entity, role in conn.execute(query):
        roles[entity] = role if roles.get(entity, role) == role else "participant"
    return [{"cluster": cluster, "entity": k, "role": v} for k, v in roles.items()]


def recluster(conn: Connection, rules: MergeRules = DEFAULT_RULES) -> int:
    """Rebuild every cluster from scratch, in the order documents were stored; return the count."""
    conn.execute(update(t.events).values(cluster=None))
    conn.execute(delete(t.cluster_participants))
    conn.execute(delete(t.clusters))
    documents = conn.execute(select(t.documents.c.pk, t.documents.c.id).order_by(t.documents.c.pk))
    for doc_pk, doc_id in documents.all():
        found = load_events(conn, t.events.c.doc == doc_pk)
        for event in found:
            others = [o for o in found if o["pk"] != event["pk"]]
            assign(conn, doc_pk, doc_id, event["pk"], event, others, rules)
    return int(conn.execute(select(func.count()).select_from(t.clusters)).scalar_one())

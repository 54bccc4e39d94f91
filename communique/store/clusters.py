"""Clusters: the real-world events that events from many documents report.

On ingest every event looks for a cluster whose every member it matches
(`communique.pipeline.merge.same_event`): complete linkage, so a chain of
near matches can never drag two distinct meetings into one. Candidates come
from SQL (same type, two shared parties, a date inside the window or
unknown); the decision is the pure function's. A cluster holds at most one
event per document: two events the extractor kept apart in one text are
two events. An undated event joins a cluster only when exactly one fits.
Historical, hypothetical and negated events are never clustered.

Statements are built once (this runs a dozen times per document stored).
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlalchemy import (
    Connection,
    Delete,
    Select,
    Update,
    bindparam,
    delete,
    func,
    select,
    update,
)

from communique.pipeline.merge import (
    DEFAULT_RULES,
    MergeRules,
    date_span,
    same_event,
    similarity,
    window,
)
from communique.store import dialects
from communique.store import schema as t

FLAGS = ("historical", "hypothetical", "negated")
E = t.events
MEMBER_COLUMNS = (
    E.c.pk,
    E.c.id,
    E.c.doc,
    E.c.cluster,
    E.c.type,
    E.c.date_start,
    E.c.date_end,
    E.c.date_precision,
    E.c.date_until,
    E.c.has_place,
    E.c.place_entity,
    E.c.place_name,
    E.c.place_country,
    E.c.place_virtual,
    E.c.place_hybrid,
    E.c.confidence,
)


def cluster_id(doc_id: str, event: dict[str, Any], event_pk: int) -> str:
    """Return the id of a cluster founded by `event` (stable for the same document and event)."""
    basis = f"{doc_id}|{event['id']}|{event_pk}"
    return "cl:" + hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]


def assign(
    conn: Connection,
    doc: tuple[int, str, str | None],
    event_pk: int,
    event: dict[str, Any],
    others: list[dict[str, Any]],
    rules: MergeRules = DEFAULT_RULES,
) -> str | None:
    """Put a stored event into the cluster it belongs to, founding one if none fits.

    `doc` is the document's (key, id, language); `others` are its other events
    (they corroborate undated ones).
    """
    if flagged(event):
        return None
    doc_pk, doc_id, language = doc
    chosen = best_cluster(conn, doc_pk, event, [o for o in others if not flagged(o)], rules)
    if chosen is None:
        chosen = cluster_id(doc_id, event, event_pk)
        _found_cluster(conn, chosen, event, language)
        conn.execute(_set_cluster(), {"event": event_pk, "chosen": chosen})
        return chosen
    conn.execute(_set_cluster(), {"event": event_pk, "chosen": chosen})
    refresh(conn, chosen)
    return chosen


def flagged(event: dict[str, Any]) -> bool:
    """Tell whether an event is historical, hypothetical or negated (never merged)."""
    return any(event.get(flag) for flag in FLAGS)


def _found_cluster(
    conn: Connection, ident: str, event: dict[str, Any], language: str | None
) -> None:
    """Insert a one-event cluster straight from the event (no need to read it back)."""
    span = date_span(event.get("date"))
    place = event.get("place") or {}
    conn.execute(
        t.clusters.insert(),
        {
            "id": ident,
            "type": event["type"],
            "first_date": span[0].isoformat() if span else None,
            "last_date": span[1].isoformat() if span else None,
            "place_entity": place.get("entity"),
            "place_name": place.get("name") if place.get("entity") else None,
            "place_country": place.get("country"),
            "n_events": 1,
            "n_documents": 1,
            "languages": language or "",
            "confidence": float(event.get("confidence", 0.5)),
        },
    )
    roles = _union_roles((p["entity"], p.get("role", "participant")) for p in event["participants"])
    dialects.insert_ignore(conn, t.cluster_participants, _party_rows(ident, roles), PARTY_KEY)
    contexts = [{"cluster": ident, "context": c} for c in sorted(set(event.get("contexts") or ()))]
    dialects.insert_ignore(conn, t.cluster_contexts, contexts, CONTEXT_KEY)


def best_cluster(
    conn: Connection,
    doc_pk: int,
    event: dict[str, Any],
    others: list[dict[str, Any]],
    rules: MergeRules = DEFAULT_RULES,
) -> str | None:
    """Return the cluster `event` should join, or None."""
    candidates = candidate_clusters(conn, doc_pk, event, rules)
    if not candidates:
        return None
    members = load_events(conn, _by_clusters(), {"ids": candidates})
    siblings = _siblings(conn, members) if others else {}
    by_cluster: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for member in members:
        by_cluster[member["cluster"]].append(member)
    fitting = []
    for cluster, group in sorted(by_cluster.items()):
        if all(
            m["doc"] != doc_pk and same_event(event, m, rules, others, siblings.get(m["pk"], []))
            for m in group
        ):
            fitting.append((sum(similarity(event, m) for m in group) / len(group), cluster))
    if not fitting or (event.get("date") is None and len(fitting) > 1):
        return None
    return max(fitting)[1]


def _siblings(conn: Connection, members: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    """Return, for each member event, the other unflagged events of its document."""
    docs = sorted({m["doc"] for m in members})
    everything = load_events(conn, _by_documents(), {"ids": docs}) if docs else []
    found: dict[int, list[dict[str, Any]]] = {}
    for member in members:
        found[member["pk"]] = [
            e for e in everything if e["doc"] == member["doc"] and e["pk"] != member["pk"]
        ]
    return found


# The days an undated event may fall on: all of them.
OPEN_FROM, OPEN_UNTIL = "0001-01-01", "9999-12-31"


def merge_keys(event_row: dict[str, Any]) -> dict[str, Any]:
    """Return the merge keys its participants rows carry, from an `events` row."""
    return {
        "merge_type": None if flagged(event_row) else event_row["type"],
        "merge_from": event_row.get("date_start") or OPEN_FROM,
        "merge_until": event_row.get("date_until") or OPEN_UNTIL,
    }


def fill_merge_keys(conn: Connection) -> None:
    """Set every participants row's merge keys from its event (migration 6)."""
    flags = " OR ".join(f"e.{flag}" for flag in FLAGS)
    conn.exec_driver_sql(
        "UPDATE participants SET"
        f" merge_type = (SELECT CASE WHEN {flags} THEN NULL ELSE e.type END"
        "   FROM events e WHERE e.pk = participants.event),"
        f" merge_from = COALESCE((SELECT e.date_start FROM events e"
        f"   WHERE e.pk = participants.event), '{OPEN_FROM}'),"
        f" merge_until = COALESCE((SELECT e.date_until FROM events e"
        f"   WHERE e.pk = participants.event), '{OPEN_UNTIL}')"
    )


def candidate_clusters(
    conn: Connection, doc_pk: int, event: dict[str, Any], rules: MergeRules
) -> list[str]:
    """Return clusters holding an event of the same type, two shared parties and a near date.

    The parties, type and dates are read from the participants merge index
    alone; only events sharing two parties are then looked up.
    """
    parties = sorted({p["entity"] for p in event.get("participants") or ()})
    if len(parties) < 2:
        return []
    span = window(event.get("date"), rules.window_days)
    low, high = span or (OPEN_FROM, OPEN_UNTIL)
    params = {"type": event["type"], "parties": parties, "doc": doc_pk, "low": low, "high": high}
    return sorted({row[0] for row in conn.execute(_candidates(), params)})


@cache
def _candidates() -> Select[Any]:
    p = t.participants
    sharing_two = (
        select(p.c.event)
        .where(p.c.entity.in_(bindparam("parties", expanding=True)))
        .where(p.c.merge_type == bindparam("type"))
        .where(p.c.merge_until >= bindparam("low"), p.c.merge_from <= bindparam("high"))
        .group_by(p.c.event)
        .having(func.count(p.c.entity.distinct()) >= 2)
    )
    return select(E.c.cluster).where(
        E.c.pk.in_(sharing_two), E.c.doc != bindparam("doc"), E.c.cluster.is_not(None)
    )


@cache
def _by_clusters() -> Any:
    return E.c.cluster.in_(bindparam("ids", expanding=True))


@cache
def _by_documents() -> Any:
    return E.c.doc.in_(bindparam("ids", expanding=True))


@cache
def _events_where(where: Any) -> Select[Any]:
    unflagged = [E.c[f].is_(False) for f in FLAGS]
    return select(*MEMBER_COLUMNS).where(where, *unflagged).order_by(E.c.pk)


@cache
def _parties_of_events() -> Select[Any]:
    p = t.participants
    return (
        select(p.c.event, p.c.entity, p.c.role)
        .where(p.c.event.in_(bindparam("ids", expanding=True)))
        .order_by(p.c.event, p.c.seq)
    )


def load_events(conn: Connection, where: Any, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the unflagged events `where` selects as record-like dicts for `same_event`."""
    rows = conn.execute(_events_where(where), params).all()
    parties: dict[int, list[tuple[str, str]]] = defaultdict(list)
    if rows:
        for event_pk, entity, role in conn.execute(
            _parties_of_events(), {"ids": [r.pk for r in rows]}
        ):
            parties[event_pk].append((entity, role))
    return [_member(row, parties[row.pk]) for row in rows]


def _member(row: Any, parties: list[tuple[str, str]]) -> dict[str, Any]:
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
        "participants": [{"entity": e, "role": r} for e, r in parties],
        "date": date,
        "place": place,
        "confidence": row.confidence,
    }


@cache
def _set_cluster() -> Update:
    return update(E).where(E.c.pk == bindparam("event")).values(cluster=bindparam("chosen"))


def clusters_of_document(conn: Connection, doc_pk: int) -> list[str]:
    """Return the clusters holding an event of document `doc_pk`."""
    query = select(E.c.cluster).where(E.c.doc == doc_pk, E.c.cluster.is_not(None))
    return sorted({row[0] for row in conn.execute(query)})


@cache
def _cluster_rows() -> Select[Any]:
    d = t.documents
    return (
        select(*MEMBER_COLUMNS, d.c.language)
        .select_from(E.join(d, d.c.pk == E.c.doc))
        .where(E.c.cluster == bindparam("cluster"))
        .order_by(E.c.pk)
    )


@cache
def _cluster_parties() -> Select[Any]:
    p = t.participants
    return (
        select(p.c.entity, p.c.role)
        .select_from(p.join(E, E.c.pk == p.c.event))
        .where(E.c.cluster == bindparam("cluster"))
        .order_by(E.c.pk, p.c.seq)
    )


@cache
def _forget_contexts() -> Delete:
    cc = t.cluster_contexts
    return delete(cc).where(cc.c.cluster == bindparam("cluster"))


@cache
def _forget_parties() -> Delete:
    cp = t.cluster_participants
    return delete(cp).where(cp.c.cluster == bindparam("cluster"))


def refresh(conn: Connection, cluster: str) -> None:
    """Recompute a cluster's summary and parties from its events; delete it when it has none."""
    rows = conn.execute(_cluster_rows(), {"cluster": cluster}).all()
    conn.execute(_forget_parties(), {"cluster": cluster})
    conn.execute(_forget_contexts(), {"cluster": cluster})
    if not rows:
        conn.execute(delete(t.clusters).where(t.clusters.c.id == cluster))
        return
    conn.execute(update(t.clusters).where(t.clusters.c.id == cluster).values(_summary(rows)))
    roles = _union_roles(conn.execute(_cluster_parties(), {"cluster": cluster}))
    dialects.insert_ignore(conn, t.cluster_participants, _party_rows(cluster, roles), PARTY_KEY)
    contexts = conn.execute(_cluster_contexts(), {"cluster": cluster}).scalars()
    tagged = [{"cluster": cluster, "context": c} for c in sorted(set(contexts))]
    dialects.insert_ignore(conn, t.cluster_contexts, tagged, CONTEXT_KEY)


PARTY_KEY = ("cluster", "entity")
CONTEXT_KEY = ("cluster", "context")


@cache
def _cluster_contexts() -> Select[Any]:
    x = t.event_contexts
    return (
        select(x.c.context)
        .select_from(x.join(E, E.c.pk == x.c.event))
        .where(E.c.cluster == bindparam("cluster"))
    )


def _union_roles(pairs: Any) -> dict[str, str]:
    """Return each party's role; a party seen in two roles is a participant."""
    roles: dict[str, str] = {}
    for entity, role in pairs:
        roles[entity] = role if roles.get(entity, role) == role else "participant"
    return roles


def _party_rows(cluster: str, roles: dict[str, str]) -> list[dict[str, Any]]:
    return [{"cluster": cluster, "entity": k, "role": v} for k, v in roles.items()]


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


def recluster(conn: Connection, rules: MergeRules = DEFAULT_RULES) -> int:
    """Rebuild every cluster from scratch, in the order documents were stored; return the count."""
    conn.execute(update(E).values(cluster=None))
    conn.execute(delete(t.cluster_contexts))
    conn.execute(delete(t.cluster_participants))
    conn.execute(delete(t.clusters))
    d = t.documents
    documents = conn.execute(select(d.c.pk, d.c.id, d.c.language).order_by(d.c.pk)).all()
    for doc_pk, doc_id, language in documents:
        found = load_events(conn, _by_documents(), {"ids": [doc_pk]})
        for event in found:
            others = [o for o in found if o["pk"] != event["pk"]]
            assign(conn, (doc_pk, doc_id, language), event["pk"], event, others, rules)
    rebuild_contexts(conn)  # the events read back above carry no contexts
    return int(conn.execute(select(func.count()).select_from(t.clusters)).scalar_one())


def rebuild_contexts(conn: Connection) -> None:
    """Fill `cluster_contexts` afresh from the clustered events' contexts."""
    conn.execute(delete(t.cluster_contexts))
    conn.exec_driver_sql(
        "INSERT INTO cluster_contexts (cluster, context)"
        " SELECT DISTINCT e.cluster, x.context FROM events e"
        " JOIN event_contexts x ON x.event = e.pk WHERE e.cluster IS NOT NULL"
    )

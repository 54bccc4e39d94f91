"""Events as the pages and the API show them: summaries in lists, one event, one document."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Select, and_, func, select

from communique.errors import CommuniqueError
from communique.store import schema as t
from communique.store.queries import Filters
from communique.store.store import Store
from communique.store.views.names import CP, EVERYTHING, C, D, E, Namer, matching, most_common

ROLE_ORDER = {"actor": 0, "participant": 1, "recipient": 2}
SORTS = ("date", "-date", "documents", "-documents")
FLAG_COLUMNS = ("future", "historical", "hypothetical", "negated", "place_virtual", "place_hybrid")


def _sorted(query: Select[Any], sort: str) -> Select[Any]:
    if sort not in SORTS:
        raise CommuniqueError("E400", f"sort must be one of {', '.join(SORTS)}")
    column = C.c.first_date if sort.endswith("date") else C.c.n_documents
    order = column.desc() if sort.startswith("-") else column.asc()
    return query.order_by(None).order_by(order.nulls_last(), C.c.first_date.desc(), C.c.id)


def events(
    store: Store,
    filters: Filters = EVERYTHING,
    lang: str = "en",
    limit: int = 50,
    offset: int = 0,
    sort: str = "-date",
) -> dict[str, Any]:
    """Return {"total", "items"}: one page of event summaries meeting `filters`."""
    with store.reading() as conn:
        query = matching(conn, filters)
        if query is None:
            return {"total": 0, "items": []}
        counted = query.order_by(None).subquery()
        total = conn.execute(select(func.count()).select_from(counted)).scalar_one()
        rows = conn.execute(_sorted(query, sort).limit(limit).offset(offset)).all()
        return {"total": int(total), "items": summaries(conn, rows, lang)}


def summaries(conn: Connection, rows: Sequence[Any], lang: str = "en") -> list[dict[str, Any]]:
    """Return the event summary of each cluster row, in the order given."""
    if not rows:
        return []
    pieces = _Pieces.load(conn, rows, lang)
    return [pieces.summary(row) for row in rows]


@dataclass(frozen=True)
class _Pieces:
    """What the summaries of one page of clusters are made of, fetched in a few queries."""

    members: dict[str, list[Any]]
    parties: dict[str, list[Any]]
    people: dict[str, list[Any]]
    contexts: dict[str, list[Any]]
    texts: dict[int, str]
    namer: Namer

    @classmethod
    def load(cls, conn: Connection, rows: Sequence[Any], lang: str) -> _Pieces:
        ids = [r.id for r in rows]
        parties = _grouped(
            conn, select(CP.c.cluster, CP.c.entity, CP.c.role).where(CP.c.cluster.in_(ids))
        )
        people = _by_cluster(conn, t.event_people, "entity", ids)
        known = [e for found in parties.values() for e, _ in found]
        known += [p for found in people.values() for (p,) in found]
        namer = Namer.load(conn, lang, known + [r.place_entity for r in rows])
        members = _members(conn, ids)
        shown = [_pick(members.get(i, []), namer.lang) for i in ids]
        texts = _evidence_texts(conn, [m.pk for m in shown if m is not None])
        contexts = _by_cluster(conn, t.event_contexts, "context", ids)
        return cls(members, parties, people, contexts, texts, namer)

    def summary(self, row: Any) -> dict[str, Any]:
        """Return the summary of one cluster row."""
        members, namer = self.members.get(row.id, []), self.namer
        shown = _pick(members, namer.lang)
        parties = sorted(
            self.parties.get(row.id, []),
            key=lambda p: (ROLE_ORDER.get(p[1], 9), namer.name(p[0]) or ""),
        )
        people = dict.fromkeys(p for (p,) in self.people.get(row.id, []))
        return {
            "id": row.id,
            "type": row.type,
            "mode": most_common(m.mode for m in members),
            "date": _date(row, members),
            "place": _place(row, namer),
            "participants": [namer.ref(e, acronym=namer.acronym(e), role=r) for e, r in parties],
            "people": [namer.ref(p) for p in people],
            "contexts": sorted({c for (c,) in self.contexts.get(row.id, [])}),
            "languages": [x for x in row.languages.split(",") if x],
            "documents": row.n_documents,
            "text": self.texts.get(shown.pk) if shown is not None else None,
            "lang": shown.language if shown is not None else None,
        }


def _date(row: Any, members: list[Any]) -> dict[str, Any] | None:
    if not row.first_date:
        return None
    precision = most_common(m.date_precision for m in members)
    return {"start": row.first_date, "end": row.last_date, "precision": precision}


def _place(row: Any, namer: Namer) -> dict[str, Any] | None:
    if not (row.place_entity or row.place_name or row.place_country):
        return None
    name = namer.name(row.place_entity) if row.place_entity else row.place_name
    return {"id": row.place_entity, "name": name, "country": row.place_country}


def _pick(members: list[Any], lang: str) -> Any:
    """Return the member whose evidence a list shows: one in the reader's language if any."""
    for member in members:
        if member.language == lang:
            return member
    return members[0] if members else None


def _members(conn: Connection, ids: list[str]) -> dict[str, list[Any]]:
    query = (
        select(
            *(E.c.pk, E.c.cluster, E.c.id, E.c.mode, E.c.instrument, E.c.meeting),
            *(E.c.date_precision, *(E.c[f] for f in FLAG_COLUMNS)),
            *(D.c.id.label("doc"), D.c.language, D.c.title, D.c.source_url, D.c.published_date),
        )
        .select_from(E.join(D, D.c.pk == E.c.doc))
        .where(E.c.cluster.in_(ids))
        .order_by(E.c.cluster, D.c.published_date.nulls_last(), E.c.pk)
    )
    found: dict[str, list[Any]] = defaultdict(list)
    for row in conn.execute(query):
        found[row.cluster].append(row)
    return found


def _grouped(conn: Connection, query: Select[Any]) -> dict[str, list[Any]]:
    """Group the rows of `query` by their first column."""
    found: dict[str, list[Any]] = defaultdict(list)
    for key, *rest in conn.execute(query):
        found[key].append(tuple(rest))
    return found


def _by_cluster(conn: Connection, table: Any, column: str, ids: list[str]) -> dict[str, list[Any]]:
    query = (
        select(E.c.cluster, table.c[column])
        .select_from(table.join(E, E.c.pk == table.c.event))
        .where(E.c.cluster.in_(ids))
        .order_by(E.c.cluster, E.c.pk, table.c.seq)
    )
    return _grouped(conn, query)


def _evidence_text() -> Any:
    ev = t.evidence
    span = func.substr(D.c.text, ev.c.char_start + 1, ev.c.char_end - ev.c.char_start)
    return func.coalesce(ev.c.text, span)


def _evidence_texts(conn: Connection, pks: list[int]) -> dict[int, str]:
    """Return the first evidence sentence of each event, cut from its document in SQL."""
    if not pks:
        return {}
    ev = t.evidence
    query = (
        select(ev.c.event, _evidence_text())
        .select_from(ev.join(E, E.c.pk == ev.c.event).join(D, D.c.pk == E.c.doc))
        .where(ev.c.event.in_(pks), ev.c.seq == 0)
    )
    return {event: text for event, text in conn.execute(query)}


# --- one event, one document ----------------------------------------------------------------


def event_detail(store: Store, ident: str, lang: str = "en") -> dict[str, Any]:
    """Return a merged event (cl:, or the ev: id of one of its reports) with all its evidence."""
    with store.reading() as conn:
        cluster = _cluster_of(conn, ident)
        row = conn.execute(select(C).where(C.c.id == cluster)).first()
        if row is None:
            raise CommuniqueError("E306", ident)
        summary = summaries(conn, [row], lang)[0]
        members = _members(conn, [cluster]).get(cluster, [])
        return {
            **summary,
            "flags": {
                f.removeprefix("place_"): any(m._mapping[f] for m in members) for f in FLAG_COLUMNS
            },
            "instrument": most_common(m.instrument for m in members),
            "meeting": most_common(m.meeting for m in members),
            "evidence": _all_evidence(conn, cluster),
            "members": list(dict.fromkeys(m.id for m in members)),
            "sources": _sources(members),
        }


def _cluster_of(conn: Connection, ident: str) -> str:
    if not ident.startswith("ev:"):
        return ident
    found = conn.execute(
        select(E.c.cluster).where(E.c.id == ident, E.c.cluster.is_not(None)).limit(1)
    ).scalar()
    if found is None:
        raise CommuniqueError("E306", ident)
    return str(found)


def _all_evidence(conn: Connection, cluster: str) -> list[dict[str, Any]]:
    ev = t.evidence
    query = (
        select(
            *(D.c.id, D.c.title, D.c.source_url, D.c.language),
            *(
                ev.c.char_start,
                ev.c.char_end,
                _evidence_text().label("text"),
                E.c.id.label("event"),
            ),
        )
        .select_from(ev.join(E, E.c.pk == ev.c.event).join(D, D.c.pk == E.c.doc))
        .where(E.c.cluster == cluster)
        .order_by(D.c.published_date.nulls_last(), E.c.pk, ev.c.seq)
    )
    return [
        {
            "doc": r.id,
            "doc_title": r.title,
            "doc_url": r.source_url,
            "lang": r.language,
            "start": r.char_start,
            "end": r.char_end,
            "text": r.text,
            "event": r.event,
        }
        for r in conn.execute(query)
    ]


def _sources(members: list[Any]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for m in members:
        seen.setdefault(
            m.doc,
            {
                "id": m.doc,
                "title": m.title,
                "url": m.source_url,
                "lang": m.language,
                "published": m.published_date,
            },
        )
    return list(seen.values())


def document_view(store: Store, doc_id: str, lang: str = "en") -> dict[str, Any]:
    """Return a document's cleaned text with its mention and evidence spans and its events."""
    with store.reading() as conn:
        row = conn.execute(select(D).where(D.c.id == doc_id)).first()
        if row is None:
            raise CommuniqueError("E306", doc_id)
        mentions = _mentions(conn, row.pk)
        evidence = _document_evidence(conn, row.pk)
        namer = Namer.load(conn, lang, {m[2] for m in mentions})
        clusters = list(dict.fromkeys(e["event"] for e in evidence if e["event"]))
        cluster_rows = conn.execute(select(C).where(C.c.id.in_(clusters))).all()
        by_id = {r.id: r for r in cluster_rows}
        return {
            "id": row.id,
            "title": row.title,
            "url": row.source_url,
            "language": row.language,
            "published": row.published_date,
            "text": row.text,
            "mentions": [
                {"start": s, "end": e, "entity": ident, "type": kind, "name": namer.name(ident)}
                for s, e, ident, kind in mentions
            ],
            "evidence": evidence,
            "events": summaries(conn, [by_id[c] for c in clusters if c in by_id], lang),
        }


def _mentions(conn: Connection, doc_pk: int) -> list[tuple[int, int, str, str]]:
    m, de = t.mentions, t.doc_entities
    query = (
        select(m.c.char_start, m.c.char_end, de.c.entity, de.c.type)
        .select_from(m.join(de, and_(de.c.doc == m.c.doc, de.c.ordinal == m.c.entity_ordinal)))
        .where(m.c.doc == doc_pk)
        .order_by(m.c.char_start, m.c.char_end)
    )
    return [tuple(r) for r in conn.execute(query)]


def _document_evidence(conn: Connection, doc_pk: int) -> list[dict[str, Any]]:
    ev = t.evidence
    query = (
        select(ev.c.char_start, ev.c.char_end, E.c.cluster, E.c.id, E.c.type)
        .select_from(ev.join(E, E.c.pk == ev.c.event))
        .where(E.c.doc == doc_pk)
        .order_by(ev.c.char_start, E.c.pk)
    )
    return [
        {"start": s, "end": e, "event": cluster, "member": ident, "type": kind}
        for s, e, cluster, ident, kind in conn.execute(query)
    ]

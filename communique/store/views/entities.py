"""Entities: finding them by a name in any script, and an organization's (or anyone's) profile.

Finding: a name, acronym or id is folded the way the gazetteer folds
(`alias_key`) and compared with the names the corpus used (`entity_keys`)
and with the knowledge base's names in six languages; only entities the
store holds are returned, exact matches first, then the closest partial ones.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Select, func, select, union

from communique import settings
from communique.errors import CommuniqueError
from communique.pipeline.matcher import alias_key
from communique.resources.kb import KnowledgeBase, load_kb
from communique.store import schema as t
from communique.store.store import Store
from communique.store.views.events import summaries
from communique.store.views.names import CP, LANGS, C, E, Namer, knowledge_base
from communique.store.views.network import build_graph

ENTITY_TYPES = ("organization", "person", "place", "country")
SEARCHED_ALIASES = ("name", "short", "acronym", "surname")
MAX_CANDIDATES = 2000
PROFILE_EVENTS = 20
PROFILE_PARTNERS = 30
PROFILE_GRAPH = 40


@lru_cache(maxsize=2)
def _kb_keys(extensions: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Return (folded name, entity id) for every name of the knowledge base (built once)."""
    kb = load_kb(extensions)
    keys = {(alias_key(a.text), a.entity) for a in kb.aliases() if a.kind in SEARCHED_ALIASES}
    return tuple(sorted(keys))


def _kb_matches(key: str) -> dict[str, int]:
    """Return entity -> extra characters of its closest name containing `key` (0: exact)."""
    found: dict[str, int] = {}
    for name, entity in _kb_keys(tuple(settings.as_list(settings.get("kb")))):
        if key in name:
            extra = len(name) - len(key)
            found[entity] = min(extra, found.get(entity, extra))
    return found


def _stored_matches(conn: Connection, key: str) -> dict[str, int]:
    k = t.entity_keys
    query = select(k.c.entity, func.min(func.length(k.c.key) - len(key))).group_by(k.c.entity)
    query = query.where(k.c.key.contains(key, autoescape=True)).limit(MAX_CANDIDATES)
    return {entity: int(extra) for entity, extra in conn.execute(query)}


def _is_id(value: str) -> bool:
    return " " not in value and value.split(":", 1)[0] in ("org", "person", "place", "country")


def _candidates(conn: Connection, q: str, kind: str | None) -> dict[str, int]:
    """Return the stored entities `q` names, each with how far its closest name is from `q`."""
    if _is_id(q.strip()):  # an id names itself
        found = {q.strip(): 0}
    else:
        key = alias_key(q)
        if not key:
            return {}
        found = _kb_matches(key)
        for entity, extra in _stored_matches(conn, key).items():
            found[entity] = min(extra, found.get(entity, extra))
    ents = t.entities
    query = select(ents.c.id).where(ents.c.id.in_(sorted(found)[:MAX_CANDIDATES]))
    if kind is not None:
        query = query.where(ents.c.type == kind)
    return {ident: found[ident] for ident in conn.execute(query).scalars()}


def _counts(conn: Connection, ids: list[str]) -> tuple[dict[str, int], dict[str, int]]:
    """Return the number of documents and of events naming each of `ids`."""
    de = t.doc_entities
    docs = select(de.c.entity, func.count()).where(de.c.entity.in_(ids)).group_by(de.c.entity)
    events = select(CP.c.entity, func.count()).where(CP.c.entity.in_(ids)).group_by(CP.c.entity)
    return dict(conn.execute(docs).all()), dict(conn.execute(events).all())


def entities(
    store: Store,
    q: str = "",
    type: str | None = None,  # the contract's name for the entity type
    lang: str = "en",
    limit: int = 20,
    offset: int = 0,
) -> dict[str, Any]:
    """Return {"total", "items"}: stored entities named by `q` in any script (all when empty)."""
    if type is not None and type not in ENTITY_TYPES:
        raise CommuniqueError("E400", f"type must be one of {', '.join(ENTITY_TYPES)}")
    with store.reading() as conn:
        if q.strip():
            found = _candidates(conn, q, type)
            counts = _counts(conn, list(found))
            ranked = sorted(found, key=lambda i: (found[i] > 0, -counts[0].get(i, 0), found[i], i))
            page, total = ranked[offset : offset + limit], len(ranked)
        else:
            page, total = _busiest(conn, type, limit, offset)
            counts = _counts(conn, page)
        namer = Namer.load(conn, lang, page)
    items = [
        {"id": i, "type": (namer.stored.get(i) or {}).get("type"), "name": namer.name(i)}
        | {"acronym": namer.acronym(i), "kind": namer.kind(i)}
        | {"documents": counts[0].get(i, 0), "events": counts[1].get(i, 0)}
        for i in page
    ]
    return {"total": total, "items": items}


def _busiest(conn: Connection, kind: str | None, limit: int, offset: int) -> tuple[list[str], int]:
    """Return one page of the stored entities of `kind`, most documents first, and their total."""
    de, ents = t.doc_entities, t.entities
    n = func.count()
    query = select(de.c.entity).group_by(de.c.entity).order_by(n.desc(), de.c.entity)
    total = select(func.count()).select_from(ents)
    if kind is not None:
        query, total = query.where(de.c.type == kind), total.where(ents.c.type == kind)
    page = list(conn.execute(query.limit(limit).offset(offset)).scalars())
    return page, int(conn.execute(total).scalar_one())


def clusters_of(ident: str) -> Select[Any]:
    """Return the ids of the merged events an entity took part in, was present at or hosted."""
    if ident.startswith("person:"):
        people = t.event_people
        return (
            select(E.c.cluster)
            .select_from(people.join(E, E.c.pk == people.c.event))
            .where(people.c.entity == ident, E.c.cluster.is_not(None))
        )
    parties = select(CP.c.cluster).where(CP.c.entity == ident)
    if ident.startswith("country:"):
        hosted = select(C.c.id).where(C.c.place_country == ident.split(":", 1)[1].upper())
        return select(union(parties, hosted).subquery().c[0])
    if ident.startswith("place:"):
        return select(C.c.id).where(C.c.place_entity == ident)
    return parties


def entity_profile(store: Store, ident: str, lang: str = "en") -> dict[str, Any]:
    """Return an entity's names in six languages, heads, partners, timeline, contexts, events."""
    kb = knowledge_base()
    with store.reading() as conn:
        namer = Namer.load(conn, lang, [ident])
        entry = kb.entity(ident)
        if ident not in namer.stored and entry is None:
            raise CommuniqueError("E306", ident)
        ids = clusters_of(ident)
        latest = conn.execute(
            select(C)
            .where(C.c.id.in_(ids))
            .order_by(C.c.first_date.desc().nulls_last(), C.c.id)
            .limit(PROFILE_EVENTS)
        ).all()
        counts = _counts(conn, [ident])
        return {
            **_identity(ident, entry or {}, namer, kb),
            "documents": counts[0].get(ident, 0),
            "events_total": int(
                conn.execute(select(func.count()).select_from(ids.subquery())).scalar_one()
            ),
            "partners": _partners(conn, ident, ids, lang),
            "per_month": per_month(conn, ids),
            "contexts": _contexts(conn, ids),
            "events": summaries(conn, latest, lang),
            "graph": build_graph(conn, ids, lang, 1, PROFILE_GRAPH),
        }


def _identity(ident: str, entry: dict[str, Any], namer: Namer, kb: KnowledgeBase) -> dict[str, Any]:
    stored = namer.stored.get(ident) or {}
    parent = entry.get("parent")
    return {
        "id": ident,
        "type": stored.get("type") or _type_of(ident),
        "name": namer.name(ident),
        "acronym": namer.acronym(ident),
        "kind": namer.kind(ident),
        "parent": namer.ref(parent) if parent else None,
        "names": {lang: list((entry.get("names") or {}).get(lang, [])) for lang in LANGS},
        "acronyms": {lang: list((entry.get("acronyms") or {}).get(lang, [])) for lang in LANGS},
        "heads": _heads(ident, namer, kb),
        "positions": _positions(ident, namer, kb),
    }


def _type_of(ident: str) -> str | None:
    return dict(zip(("org", "person", "place", "country"), ENTITY_TYPES, strict=True)).get(
        ident.split(":", 1)[0]
    )


def _title(kb: KnowledgeBase, title: str, lang: str) -> str:
    names = (kb.titles.get(title) or {}).get("names") or {}
    for choice in (lang, "en"):
        if names.get(choice):
            return str(names[choice][0])
    return title.replace("_", " ")


def _heads(org: str, namer: Namer, kb: KnowledgeBase) -> list[dict[str, Any]]:
    """Return who held which office at `org` (from the knowledge base), latest first."""
    found = [
        {"person": pid, "name": namer.name(pid), "title": _title(kb, pos["title"], namer.lang)}
        | {"rank": (kb.titles.get(pos["title"]) or {}).get("rank")}
        | {"start": pos.get("start"), "end": pos.get("end")}
        for pid, person in kb.people.items()
        for pos in person.get("positions", [])
        if pos.get("org") == org
    ]
    return sorted(found, key=lambda h: (h["end"] is None, h["start"] or ""), reverse=True)


def _positions(person: str, namer: Namer, kb: KnowledgeBase) -> list[dict[str, Any]]:
    """Return the offices a person held (from the knowledge base)."""
    return [
        {"org": pos.get("org"), "org_name": namer.name(pos.get("org"))}
        | {"title": _title(kb, pos["title"], namer.lang)}
        | {"start": pos.get("start"), "end": pos.get("end")}
        for pos in (kb.people.get(person) or {}).get("positions", [])
    ]


def _partners(conn: Connection, ident: str, ids: Select[Any], lang: str) -> list[dict[str, Any]]:
    n = func.count(CP.c.cluster.distinct())
    query = (
        select(CP.c.entity, n)
        .where(CP.c.cluster.in_(ids), CP.c.entity != ident, CP.c.entity.startswith("org:"))
        .group_by(CP.c.entity)
        .order_by(n.desc(), CP.c.entity)
        .limit(PROFILE_PARTNERS)
    )
    rows = conn.execute(query).all()
    namer = Namer.load(conn, lang, [r[0] for r in rows])
    return [namer.ref(p, acronym=namer.acronym(p), events=int(count)) for p, count in rows]


def per_month(conn: Connection, ids: Select[Any] | None) -> list[dict[str, Any]]:
    """Return the number of merged events per month (by first date) among `ids` (None: all)."""
    month = func.substr(C.c.first_date, 1, 7)
    query = select(month, func.count()).where(C.c.first_date.is_not(None))
    if ids is not None:
        query = query.where(C.c.id.in_(ids))
    query = query.group_by(month).order_by(month)
    return [{"month": m, "events": int(n)} for m, n in conn.execute(query)]


def _contexts(conn: Connection, ids: Select[Any]) -> list[dict[str, Any]]:
    x = t.event_contexts
    n = func.count(E.c.cluster.distinct())
    query = (
        select(x.c.context, n)
        .select_from(x.join(E, E.c.pk == x.c.event))
        .where(E.c.cluster.in_(ids))
        .group_by(x.c.context)
        .order_by(n.desc(), x.c.context)
    )
    return [{"context": c, "events": int(count)} for c, count in conn.execute(query)]

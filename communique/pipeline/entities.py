"""The entities stage: organizations, people, countries and places, linked to stable ids.

Gazetteer hits (matcher.py) are resolved to one entity each: where an alias
belongs to several entities (IDB is two banks; ICC a court and a chamber of
commerce) the one whose other names, parent, children or seat the document
also mentions wins. People come from people.py with their roles. A bare
title ("the Secretary-General") is linked to its holder at the document's
date when the text names the organization, as a mention with ``via: title``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, ClassVar

from communique import settings
from communique.documents import Document, Entity, Mention, Role
from communique.pipeline import Stage
from communique.pipeline.institutions import Local, bind_to_officials, local_organizations
from communique.pipeline.matcher import Hit, gazetteer
from communique.pipeline.people import (
    PersonFinding,
    anchor_after_title,
    holder,
    latin_name,
    org_of,
    role_after,
    role_before,
    slug,
    title_hits,
    title_id,
    unknown_names,
)
from communique.resources.kb import Alias, KnowledgeBase

TYPE_ORDER = ("blocker", "org", "country", "place", "person", "title")
TITLE_NEAR = 40  # characters between a surname and the title that licenses it


@dataclass
class Resolved:
    """A hit resolved to one entity."""

    hit: Hit
    entity: str
    alias: Alias


@dataclass
class Found:
    """Everything the entities stage learned about one document."""

    resolved: list[Resolved] = field(default_factory=list)
    people: list[PersonFinding] = field(default_factory=list)
    titles: list[Hit] = field(default_factory=list)


class EntitiesStage(Stage):
    name: ClassVar[str] = "entities"
    requires: ClassVar[tuple[str, ...]] = ("text", "language", "published")
    assigns: ClassVar[tuple[str, ...]] = ("entities",)

    def __call__(self, doc: Document) -> Document:
        extensions = tuple(settings.as_list(settings.get("kb", self.options.get("kb"))))
        gaz = gazetteer(extensions)
        hits = gaz.find(doc.text)
        local = local_organizations(doc.text, hits, gaz.kb, doc.language)
        hits = sorted(
            [h for h in hits if not any(a.kind == "institution" for a in h.aliases)] + local.hits,
            key=lambda h: h.start,
        )
        on = reference_date(doc)
        found = resolve(hits, gaz.kb, doc.text, on)
        _bind_institutions(found, local, gaz.kb)
        doc.entities = build_entities(found, gaz.kb, on, local.entries)
        doc.annotations["entities"] = found
        doc.annotations["kb"] = extensions
        doc.annotations["local_entities"] = local.entries
        return doc


def _bind_institutions(found: Found, local: Local, kb: KnowledgeBase) -> None:
    roles: dict[str, set[str]] = defaultdict(set)
    for p in found.people:
        if p.title and p.org and p.org.startswith("country:"):
            roles[p.title].add(p.org)
    renamed = bind_to_officials(local, roles, kb)
    for r in found.resolved:
        if r.entity in renamed:
            r.entity = renamed[r.entity]


def reference_date(doc: Document) -> str | None:
    """Return the date that decides who held an office: publication, else the first full date."""
    if doc.published:
        return doc.published.date
    for mention in doc.dates:
        if mention.value and mention.precision == "day" and not mention.relative:
            return mention.value
    return None


def resolve(hits: list[Hit], kb: KnowledgeBase, text: str, on: str | None) -> Found:
    """Resolve every hit to one entity; find people and their roles."""
    certain = {a.entity for h in hits if len({a.entity for a in h.aliases}) == 1 for a in h.aliases}
    found = Found(titles=title_hits(hits))
    candidates = []
    for hit in hits:
        choice = _choose(hit, kb, certain)
        if choice is not None:
            candidates.append(Resolved(hit, choice.entity, choice))
    people_hits = [r for r in candidates if r.entity.startswith("person:")]
    found.resolved = [
        r for r in candidates if not r.entity.startswith(("person:", "title:", "blocker:"))
    ]
    found.people = _people(text, hits, people_hits, kb, on)
    return found


def _choose(hit: Hit, kb: KnowledgeBase, certain: set[str]) -> Alias | None:
    kinds = sorted({a.entity.split(":", 1)[0] for a in hit.aliases}, key=_type_rank)
    best_type = kinds[0]
    options = [a for a in hit.aliases if a.entity.startswith(best_type + ":")]
    entities = {a.entity for a in options}
    if len(entities) == 1:
        return options[0]
    scored = sorted(entities, key=lambda e: -_context_score(e, kb, certain))
    if _context_score(scored[0], kb, certain) == _context_score(scored[1], kb, certain):
        # The text does not say which: the body whose own acronym it is (IDB: the
        # Inter-American bank; IsDB's is IsDB), else no link rather than a wrong one.
        owners = [e for e in scored if (kb.orgs.get(e) or {}).get("acronym") == hit.text]
        if len(owners) != 1:
            return None
        scored = owners
    return next(a for a in options if a.entity == scored[0])


def _type_rank(kind: str) -> int:
    return TYPE_ORDER.index(kind) if kind in TYPE_ORDER else len(TYPE_ORDER)


def _context_score(entity: str, kb: KnowledgeBase, certain: set[str]) -> int:
    entry = kb.entity(entity) or {}
    score = 5 if entity in certain else 0
    related = {entry.get("parent"), entry.get("hq")}
    related |= {oid for oid, org in kb.orgs.items() if org.get("parent") == entity}
    score += 2 * len(related & certain)
    hq = kb.cities.get(entry.get("hq") or "") or {}
    if hq.get("country") and f"country:{hq['country'].lower()}" in certain:
        score += 1
    return score


def _people(
    text: str, hits: list[Hit], people_hits: list[Resolved], kb: KnowledgeBase, on: str | None
) -> list[PersonFinding]:
    full_named = {r.entity for r in people_hits if r.alias.kind == "name"}
    people = []
    for r in people_hits:
        title, org = role_before(text, r.hit.start, hits)
        if title is None:
            title, org = role_after(text, r.hit.end, hits)
        if r.alias.kind == "surname" and r.entity not in full_named and title is None:
            continue  # a bare surname is only trusted once the person is named or titled
        people.append(PersonFinding(r.hit.start, r.hit.end, r.hit.text, r.entity, title, org))
    people += unknown_names(text, hits, people)
    people += _bare_titles(text, hits, people, kb, on)
    return people


def _bare_titles(
    text: str, hits: list[Hit], people: list[PersonFinding], kb: KnowledgeBase, on: str | None
) -> list[PersonFinding]:
    """Link a title that names nobody to its holder.

    "the Secretary-General of the United Nations" (title and organization) is
    the office holder on the document's date; a bare "the Secretary-General"
    is the one person the text has already named with that title.
    """
    named_spans = [(p.start, p.end) for p in people]
    titled: dict[str, set[str]] = defaultdict(set)
    for p in people:
        if p.title and p.entity:
            titled[p.title].add(p.entity)
    out = []
    for t in title_hits(hits):
        if any(0 <= s - t.end <= TITLE_NEAR or s <= t.start < e for s, e in named_spans):
            continue
        anchor = anchor_after_title(text, t, hits)
        org = next((org_of(h) for h in hits if t.end <= h.start < anchor and org_of(h)), None)
        how = "title"  # the holder of the office the text names
        if org is not None:
            person = holder(kb, title_id(t), org, on) if on else None
        else:
            known = titled.get(title_id(t), set())
            person = next(iter(known)) if len(known) == 1 else None
            org = _role_org(people, person, title_id(t))
            how = "coreference"  # "the Secretary-General" again: the one named before
        if person:
            finding = PersonFinding(
                t.start, anchor, text[t.start : t.end], person, title_id(t), org, True
            )
            finding.via = how
            out.append(finding)
    return out


def _role_org(people: list[PersonFinding], person: str | None, title: str) -> str | None:
    return next((p.org for p in people if p.entity == person and p.title == title and p.org), None)


def build_entities(
    found: Found, kb: KnowledgeBase, on: str | None, local: dict[str, dict[str, Any]] | None = None
) -> list[Entity]:
    """Turn resolved hits and people into the record's entities, in order of first mention."""
    mentions: dict[str, list[Mention]] = defaultdict(list)
    roles: dict[str, list[Role]] = defaultdict(list)
    for r in found.resolved:
        mentions[r.entity].append(Mention(r.hit.start, r.hit.end, r.hit.text))
    for p in found.people:
        ident = p.entity or _unknown_person_id(p)
        via = p.via if p.via_title else None
        end = p.end if not p.via_title else p.start + len(p.text)
        mentions[ident].append(Mention(p.start, end, p.text, via))
        if p.title and Role(p.title, p.org) not in roles[ident]:
            roles[ident].append(Role(p.title, p.org))
    entities = [
        entity_from_kb(ident, kb, ms, on, roles.get(ident, []), local, set(mentions))
        for ident, ms in mentions.items()
    ]
    return sorted(entities, key=lambda e: (min(m.start for m in e.mentions), e.id))


def _unknown_person_id(p: PersonFinding) -> str:
    return "person:" + slug(latin_name(p.text))


def entity_from_kb(
    ident: str,
    kb: KnowledgeBase,
    mentions: list[Mention],
    on: str | None,
    roles: list[Role] | None = None,
    local: dict[str, dict[str, Any]] | None = None,
    mentioned: set[str] | None = None,
) -> Entity:
    """Return the record entity of `ident`, named and typed from the knowledge base."""
    mentions = sorted(mentions, key=lambda m: m.start)
    roles = list(roles or [])
    prefix = ident.split(":", 1)[0]
    entry: dict[str, Any] = kb.entity(ident) or (local or {}).get(ident) or {}
    if prefix == "org":
        return Entity(
            ident,
            "organization",
            entry.get("name", ident),
            mentions,
            entry.get("acronym"),
            entry.get("kind"),
        )
    if prefix == "country":
        return Entity(
            ident,
            "country",
            entry.get("name", ident),
            mentions,
            country=ident.split(":")[1].upper(),
        )
    if prefix == "place":
        return Entity(
            ident, "place", entry.get("name", ident), mentions, country=entry.get("country")
        )
    if not roles and entry:
        positions = kb.positions_on(ident, on)
        if on is None and mentioned is not None:
            # Undated: of all the posts the person ever held, keep those the text points to.
            positions = [p for p in positions if p["org"] in mentioned]
        roles = [Role(p["title"], p["org"]) for p in positions]
    named = [m.text for m in mentions if m.via is None] or [m.text for m in mentions] or [ident]
    name = entry.get("name") or latin_name(named[0])
    return Entity(ident, "person", name, mentions, roles=roles)

"""Document, Span, Entity and Event records: pure data with a JSON round trip.

Every offset is a Python string index into ``Document.text`` (the cleaned
text), so ``text[start:end] == span.text`` holds for every span.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from typing import Any

SCHEMA_VERSION = "1"


@dataclass
class Span:
    start: int
    end: int
    text: str


@dataclass
class Removal:
    """A piece of site chrome taken out by cleaning.

    ``start``/``end`` index the text as read from the source (before
    cleaning), since the removed text is by definition not in the cleaned one.
    """

    start: int
    end: int
    reason: str
    text: str


@dataclass
class DateMention:
    """A date expression found in the text, with its resolved value."""

    start: int
    end: int
    text: str
    value: str | None  # YYYY-MM-DD of the first day; None when it cannot be resolved
    precision: str  # day | month | year
    end_value: str | None = None  # last day of a range
    relative: bool = False


@dataclass
class Published:
    date: str  # YYYY-MM-DD
    source: str  # text | metadata | jsonl
    precision: str = "day"
    start: int | None = None
    end: int | None = None


@dataclass
class SourceInfo:
    path: str | None = None
    url: str | None = None
    format: str = "text"
    fetched_at: str | None = None
    encoding: str | None = None
    line: int | None = None  # line number inside a JSONL file


@dataclass
class LanguageShare:
    lang: str
    chars: int


@dataclass
class Mention:
    start: int
    end: int
    text: str
    via: str | None = None  # "title" when a bare title ("the Secretary-General") names the person


@dataclass
class Role:
    title: str
    org: str | None = None


@dataclass
class Entity:
    id: str
    type: str  # organization | person | place | country
    name: str
    mentions: list[Mention] = field(default_factory=list)
    acronym: str | None = None
    kind: str | None = None
    country: str | None = None
    roles: list[Role] = field(default_factory=list)


@dataclass
class Participant:
    entity: str
    role: str = "participant"  # actor | recipient | participant


@dataclass
class PersonRef:
    entity: str


@dataclass
class EventDate:
    start: str
    end: str | None
    precision: str
    source: str  # text | published


@dataclass
class Place:
    entity: str | None = None
    name: str | None = None
    country: str | None = None
    virtual: bool = False
    hybrid: bool = False


@dataclass
class Evidence:
    doc: str
    start: int
    end: int
    text: str


@dataclass
class Event:
    id: str
    type: str
    mode: str | None = None
    instrument: str | None = None
    meeting: str | None = None
    participants: list[Participant] = field(default_factory=list)
    people: list[PersonRef] = field(default_factory=list)
    date: EventDate | None = None
    place: Place | None = None
    contexts: list[str] = field(default_factory=list)
    future: bool = False
    historical: bool = False
    hypothetical: bool = False
    negated: bool = False
    confidence: float = 0.5
    evidence: list[Evidence] = field(default_factory=list)
    explain: list[str] | None = None


@dataclass
class Document:
    """One input document on its way through the pipeline."""

    raw: str
    source: SourceInfo = field(default_factory=SourceInfo)
    title: str | None = None
    text: str = ""
    removed: list[Removal] = field(default_factory=list)
    language: str | None = None
    languages: list[LanguageShare] = field(default_factory=list)
    published: Published | None = None
    dates: list[DateMention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: dict[str, str] | None = None
    external_id: str | None = None  # an id the source gave (JSONL `id`)
    hints: dict[str, Any] = field(default_factory=dict)  # source metadata (published, lang)
    # Working notes stages leave for later stages (gazetteer hits, sentences); not in the record.
    annotations: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        """Return the stable id: a hash of the cleaned text (the raw one before cleaning)."""
        basis = self.text or self.raw
        return "doc:" + hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]

    def to_record(self) -> dict[str, Any]:
        """Return the extraction record of shared/spec/output.md."""
        record: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "id": self.id,
            "source": _drop_none(asdict(self.source)),
            "title": self.title,
            "language": self.language,
            "languages": [asdict(x) for x in self.languages],
            "published": _published_record(self.published),
            "text": self.text,
            "removed": [asdict(r) for r in self.removed],
            "dates": [asdict(d) for d in self.dates],
            "entities": [_entity_record(e) for e in self.entities],
            "events": [_event_record(e) for e in self.events],
            "warnings": list(self.warnings),
        }
        if self.external_id is not None:
            record["external_id"] = self.external_id
        if self.error is not None:
            record["error"] = dict(self.error)
        return record

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Document:
        """Rebuild a document from its record (the inverse of `to_record`)."""
        pub = record.get("published")
        doc = cls(
            raw=record.get("text", ""),
            source=SourceInfo(**record.get("source", {})),
            title=record.get("title"),
            text=record.get("text", ""),
            removed=[Removal(**r) for r in record.get("removed", [])],
            language=record.get("language"),
            languages=[LanguageShare(**x) for x in record.get("languages", [])],
            published=Published(**pub) if pub else None,
            dates=[DateMention(**d) for d in record.get("dates", [])],
            entities=[_entity_from(e) for e in record.get("entities", [])],
            events=[_event_from(e) for e in record.get("events", [])],
            warnings=list(record.get("warnings", [])),
            error=record.get("error"),
            external_id=record.get("external_id"),
        )
        return doc


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    keep = {"path", "url", "format", "fetched_at"}
    return {k: v for k, v in d.items() if v is not None or k in keep}


def _published_record(p: Published | None) -> dict[str, Any] | None:
    if p is None:
        return None
    out: dict[str, Any] = {"date": p.date, "source": p.source}
    if p.precision != "day":
        out["precision"] = p.precision
    return out


def _entity_record(e: Entity) -> dict[str, Any]:
    out: dict[str, Any] = {"id": e.id, "type": e.type, "name": e.name}
    if e.type == "organization":
        out["acronym"] = e.acronym
        out["kind"] = e.kind
    if e.type in ("place", "country"):
        out["country"] = e.country
    if e.type == "person":
        out["roles"] = [asdict(r) for r in e.roles]
    out["mentions"] = [_mention_record(m) for m in e.mentions]
    return out


def _mention_record(m: Mention) -> dict[str, Any]:
    out: dict[str, Any] = {"start": m.start, "end": m.end, "text": m.text}
    if m.via is not None:
        out["via"] = m.via
    return out


def _entity_from(d: dict[str, Any]) -> Entity:
    names = {f.name for f in fields(Entity)}
    kwargs = {k: v for k, v in d.items() if k in names}
    kwargs["mentions"] = [Mention(**m) for m in d.get("mentions", [])]
    kwargs["roles"] = [Role(**r) for r in d.get("roles", [])]
    return Entity(**kwargs)


def _event_record(e: Event) -> dict[str, Any]:
    out = asdict(e)
    if e.place is not None:
        out["place"] = _place_record(e.place)
    if e.explain is None:
        out.pop("explain")
    return out


def _place_record(p: Place) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if p.entity or p.name:
        out.update({"entity": p.entity, "name": p.name, "country": p.country})
    elif p.country:
        out["country"] = p.country
    if p.virtual:
        out["virtual"] = True
    if p.hybrid:
        out["hybrid"] = True
    return out


def _event_from(d: dict[str, Any]) -> Event:
    names = {f.name for f in fields(Event)}
    kwargs = {k: v for k, v in d.items() if k in names}
    kwargs["participants"] = [Participant(**p) for p in d.get("participants", [])]
    kwargs["people"] = [PersonRef(**p) for p in d.get("people", [])]
    kwargs["date"] = EventDate(**d["date"]) if d.get("date") else None
    kwargs["place"] = Place(**d["place"]) if d.get("place") else None
    kwargs["evidence"] = [Evidence(**x) for x in d.get("evidence", [])]
    return Event(**kwargs)

"""Response and request models: the shapes the OpenAPI document promises.

They mirror what `communique.store.views` and `queries.search` return; the
API validates every response against them, so a drift fails loudly in tests.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Lang = Literal["ar", "en", "es", "fr", "ru", "zh"]
Sort = Literal["date", "-date", "documents", "-documents"]
EntityType = Literal["organization", "person", "place", "country"]
MatrixKey = Literal["type", "context"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorDetail(Model):
    code: str = Field(description="A catalogue code: E3xx store, E4xx API (see docs/api.md).")
    message: str


class ErrorBody(Model):
    error: ErrorDetail


class Ref(Model):
    id: str
    name: str | None


class Party(Ref):
    acronym: str | None
    role: str = Field(description="actor, recipient or participant")


class DateRange(Model):
    start: str
    end: str | None
    precision: str | None = Field(description="day, month, year... (the reports' most common)")


class Place(Model):
    id: str | None
    name: str | None
    country: str | None = Field(description="ISO 3166 alpha-2 code")


class EventSummary(Model):
    id: str = Field(description="The merged event's id (cl:...)")
    type: str = Field(description="CONSULT, AGREE, SUPPORT, COOPERATE or AID")
    mode: str | None
    date: DateRange | None
    place: Place | None
    participants: list[Party]
    people: list[Ref]
    contexts: list[str]
    languages: list[str] = Field(description="Languages of the documents that report it")
    documents: int = Field(description="How many documents report it")
    text: str | None = Field(description="An evidence sentence, in the reader's language if any")
    lang: str | None = Field(description="The language of `text`")


class Page(Model):
    total: int
    limit: int
    offset: int


class EventPage(Page):
    items: list[EventSummary]


class Evidence(Model):
    doc: str
    doc_title: str | None
    doc_url: str | None
    lang: str | None
    start: int = Field(description="Character offset in the document's cleaned text")
    end: int
    text: str
    event: str = Field(description="The id of the document-level event (ev:...)")


class Source(Model):
    id: str
    title: str | None
    url: str | None
    lang: str | None
    published: str | None


class EventDetail(EventSummary):
    flags: dict[str, bool]
    instrument: str | None
    meeting: str | None
    evidence: list[Evidence]
    members: list[str] = Field(description="Ids of the document-level events merged here")
    sources: list[Source]


class EntityItem(Model):
    id: str
    type: str | None
    name: str | None
    acronym: str | None
    kind: str | None
    documents: int
    events: int


class EntityPage(Page):
    items: list[EntityItem]


class Head(Model):
    person: str
    name: str | None
    title: str
    rank: str | None
    start: str | None
    end: str | None


class Position(Model):
    org: str | None
    org_name: str | None
    title: str
    start: str | None
    end: str | None


class Partner(Ref):
    acronym: str | None
    events: int


class MonthCount(Model):
    month: str = Field(description="YYYY-MM")
    events: int


class ContextCount(Model):
    context: str
    events: int


class Node(Model):
    id: str
    name: str | None
    acronym: str | None
    kind: str | None
    events: int


class Edge(Model):
    source: str
    target: str
    total: int
    by_type: dict[str, int]
    first: str | None
    last: str | None


class Graph(Model):
    nodes: list[Node]
    edges: list[Edge]
    edges_total: int = Field(
        description="Edges with min_weight events, before max_edges kept the strongest"
    )


class EntityProfile(Model):
    id: str
    type: str | None
    name: str | None
    acronym: str | None
    kind: str | None
    parent: Ref | None
    names: dict[str, list[str]] = Field(description="Names in the six languages")
    acronyms: dict[str, list[str]]
    heads: list[Head] = Field(description="Who held which office there (knowledge base)")
    positions: list[Position] = Field(description="For a person: the offices held")
    documents: int
    events_total: int
    partners: list[Partner]
    per_month: list[MonthCount]
    contexts: list[ContextCount]
    events: list[EventSummary] = Field(description="The latest events")
    graph: Graph


class Mention(Model):
    start: int
    end: int
    entity: str
    type: str
    name: str | None


class DocumentEvidence(Model):
    start: int
    end: int
    event: str | None = Field(description="The merged event (None: historical, negated...)")
    member: str = Field(description="The document-level event (ev:...)")
    type: str


class DocumentView(Model):
    id: str
    title: str | None
    url: str | None
    language: str | None
    published: str | None
    text: str = Field(description="The cleaned text every offset refers to")
    mentions: list[Mention]
    evidence: list[DocumentEvidence]
    events: list[EventSummary]


class Snippet(Model):
    text: str
    highlight: list[int] | None = Field(description="[start, end] of the match in `text`")


class SearchHit(Model):
    id: str
    title: str | None
    language: str | None
    published: str | None
    source: str | None
    score: float
    snippet: Snippet


class SearchPage(Model):
    items: list[SearchHit]
    limit: int
    offset: int
    more: bool = Field(description="Whether another page follows")


class MatrixOrg(Ref):
    acronym: str | None
    events: int


class MatrixCell(Model):
    row: str
    col: str
    total: int
    by: dict[str, int]


class Matrix(Model):
    orgs: list[MatrixOrg]
    cells: list[MatrixCell]


class CountryCount(Model):
    country: str
    name: str | None
    events: int


class Stats(Model):
    documents: int
    events: int = Field(description="Document-level events (reports)")
    clusters: int = Field(description="Merged (real-world) events")
    organizations: int
    people: int
    countries: int = Field(description="Countries where events took place")
    languages: dict[str, int]
    latest: list[EventSummary]
    per_month: list[MonthCount]


class SettingOut(Model):
    name: str
    value: str | int | None
    default: str | int | None
    env: str
    help: str


class IngestRequest(Model):
    text: str | None = Field(default=None, description="Plain text of the document")
    html: str | None = Field(default=None, description="An HTML page (its main text is used)")
    url: str | None = None
    title: str | None = None
    published: str | None = Field(default=None, description="YYYY-MM-DD")
    lang: Lang | None = Field(default=None, description="The document's language, if known")


class IngestResult(Model):
    id: str
    status: Literal["stored", "duplicate"]
    events: list[str] = Field(description="Ids of the merged events it reports")

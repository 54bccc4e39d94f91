"""The reading pages: overview, search, event lists, one event, one document.

Routes are thin: read through `communique.store.views` and `queries`, shape
for the template, render. Handlers are plain functions, so FastAPI runs
them in its thread pool and a slow query never blocks the event loop.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from communique.errors import CommuniqueError
from communique.store import queries, views
from communique.web import charts, facets, text
from communique.web.i18n import Translator, direction
from communique.web.render import language_of, page, store_of

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 25
SEARCH_HITS = 30
SEARCH_ENTITIES = 8
SEARCH_EVENTS = 10
EVIDENCE_DOCUMENTS = 20  # documents an event page opens to show evidence in context


def not_found(request: Request, exc: CommuniqueError) -> HTMLResponse:
    """Render the error page: 404 for an unknown id, 400 for a request that cannot be answered."""
    status = 404 if exc.code == "E306" else 400
    return page(request, "error.html", None, status_code=status, code=exc.code)


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    """Counts, latest events, events per month."""
    overview = views.stats(store_of(request), lang=language_of(request))
    return page(
        request,
        "home.html",
        "home",
        stats=overview,
        chart=charts.bar_chart(overview["per_month"]),
        top_language=max(overview["languages"].values(), default=0),
    )


@router.get("/search", response_class=HTMLResponse)
def search(request: Request) -> HTMLResponse:
    """Search documents and names across languages, with facets."""
    store, t = store_of(request), Translator(language_of(request))
    chosen = facets.PageFilters.from_request(request)
    offered = facets.choices(store, t)
    found_entities: list[dict[str, Any]] = []
    hits: list[dict[str, Any]] = []
    if chosen.q:
        found_entities = views.entities(store, chosen.q, lang=t.lang, limit=SEARCH_ENTITIES)[
            "items"
        ]
    if chosen.q or chosen.active:
        hits = queries.search(store, chosen.q, chosen.query(), limit=SEARCH_HITS)
    matching, matching_params = _matching_events(store, chosen, found_entities, t.lang)
    return page(
        request,
        "search.html",
        "search",
        filters=chosen,
        offered=offered,
        chips=chosen.chips(t, _links(request), "/search", facets.names_of(offered)),
        entities=found_entities,
        hits=[{**hit, "pieces": text.snippet_pieces(hit["snippet"])} for hit in hits],
        hit_languages=Counter(hit["language"] for hit in hits),
        matching=matching,
        matching_params=matching_params,
    )


@router.get("/events", response_class=HTMLResponse)
def events(request: Request) -> HTMLResponse:
    """Merged events meeting the filters, newest first, a page at a time."""
    store, t = store_of(request), Translator(language_of(request))
    chosen = facets.PageFilters.from_request(request)
    offset = _offset(request)
    found = views.events(store, chosen.query(), lang=t.lang, limit=PAGE_SIZE, offset=offset)
    offered = facets.choices(store, t)
    return page(
        request,
        "events.html",
        "events",
        filters=chosen,
        offered=offered,
        chips=chosen.chips(t, _links(request), "/events", facets.names_of(offered)),
        found=found,
        offset=offset,
        page_size=PAGE_SIZE,
    )


@router.get("/events/{ident}", response_class=HTMLResponse)
def event(request: Request, ident: str) -> HTMLResponse:
    """Who, when, where, what about, and every sentence that says so, in its document."""
    store, lang = store_of(request), language_of(request)
    try:
        detail = views.event_detail(store, ident, lang=lang)
    except CommuniqueError as exc:
        return not_found(request, exc)
    documents = _documents(store, detail["evidence"], lang)
    evidence = [_in_context(e, documents) for e in detail["evidence"]]
    return page(request, "event.html", "events", event=detail, evidence=evidence)


@router.get("/documents/{ident}", response_class=HTMLResponse)
def document(request: Request, ident: str) -> HTMLResponse:
    """A document with its entities and event sentences highlighted, in its own direction."""
    try:
        doc = views.document_view(store_of(request), ident, lang=language_of(request))
    except CommuniqueError as exc:
        return not_found(request, exc)
    return page(
        request,
        "document.html",
        None,
        doc=doc,
        pieces=text.pieces(doc["text"], doc["mentions"], doc["evidence"]),
        named=_named(doc["mentions"]),
        text_dir=direction(doc["language"]),
    )


def _matching_events(
    store: Any, chosen: facets.PageFilters, named: list[dict[str, Any]], lang: str
) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """Return the events the filters select, and their filters for the events page.

    A query that names an organization selects that organization's events.
    """
    if not chosen.org and any(e.get("type") == "organization" for e in named):
        chosen = replace(chosen, org=chosen.q)
    elif not chosen.active:
        return None, {}
    found = views.events(store, chosen.query(), lang=lang, limit=SEARCH_EVENTS)
    return found, chosen.params(q="")


def _links(request: Request) -> Any:
    from communique.web.render import Links

    return Links(language_of(request))


def _offset(request: Request) -> int:
    raw = request.query_params.get("offset") or "0"
    return max(0, int(raw)) if raw.isdigit() else 0


def _documents(store: Any, evidence: list[dict[str, Any]], lang: str) -> dict[str, Any]:
    """Return the documents the evidence comes from (the first few), by id."""
    wanted = list(dict.fromkeys(e["doc"] for e in evidence))[:EVIDENCE_DOCUMENTS]
    found = {}
    for doc_id in wanted:
        try:
            found[doc_id] = views.document_view(store, doc_id, lang=lang)
        except CommuniqueError:  # removed since the event was read: show the sentence alone
            continue
    return found


def _in_context(evidence: dict[str, Any], documents: dict[str, Any]) -> dict[str, Any]:
    """Return an evidence sentence with the paragraph of its document around it."""
    doc = documents.get(evidence["doc"])
    if doc is None or evidence.get("start") is None:
        shown = {
            "before": False,
            "after": False,
            "pieces": [text.Piece(evidence["text"] or "", match=True)],
        }
    else:
        shown = text.excerpt(doc["text"], evidence["start"], evidence["end"], doc["mentions"])
    return {**evidence, "excerpt": shown, "dir": direction(evidence.get("lang"))}


def _named(mentions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return each entity a document names once, with how often, most named first."""
    counts = Counter(m["entity"] for m in mentions)
    first = {m["entity"]: m for m in reversed(mentions)}
    return [{**first[ident], "count": n} for ident, n in counts.most_common()]

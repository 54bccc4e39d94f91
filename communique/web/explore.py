"""The exploring pages: an organization's profile, the network, the matrix, the map."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from communique.errors import CommuniqueError
from communique.store import views
from communique.web import charts, facets
from communique.web.i18n import LANGS, Translator, direction
from communique.web.pages import not_found
from communique.web.render import Links, entity_path, language_of, page, store_of
from communique.web.worldmap import world_map

router = APIRouter(include_in_schema=False)
GRAPH_NODES = 150
GRAPH_EDGES = 400  # beyond a few hundred lines a drawing shows nothing but its density
MATRIX_ORGS = 25
MATRIX_KEYS = ("type", "context")
MATRIX_PAIRS = 12


@router.get("/entities/{ident}", response_class=HTMLResponse)
def entity(request: Request, ident: str) -> HTMLResponse:
    """An organization (or person, place, country): names, heads, partners, timeline, network."""
    lang = language_of(request)
    try:
        profile = views.entity_profile(store_of(request), ident, lang=lang)
    except CommuniqueError as exc:
        return not_found(request, exc)
    profile["heads"] = _latest_first(profile["heads"])
    names = [
        {
            "lang": code,
            "dir": direction(code),
            "names": profile["names"].get(code, []),
            "acronyms": profile["acronyms"].get(code, []),
        }
        for code in LANGS
    ]
    return page(
        request,
        "entity.html",
        None,
        profile=profile,
        names=[n for n in names if n["names"] or n["acronyms"]],
        chart=charts.bar_chart(profile["per_month"]),
        graph=_cytoscape(profile["graph"], Links(lang), focus=ident),
        top_context=max((c["events"] for c in profile["contexts"]), default=0),
    )


@router.get("/network", response_class=HTMLResponse)
def network(request: Request) -> HTMLResponse:
    """Organizations as nodes, cooperation as edges, for a period, a type and a context."""
    store, t = store_of(request), Translator(language_of(request))
    chosen = facets.PageFilters.from_request(request)
    weight = _positive(request.query_params.get("min"), 1)
    found = views.graph(
        store,
        chosen.query(),
        lang=t.lang,
        min_weight=weight,
        limit=GRAPH_NODES,
        max_edges=GRAPH_EDGES,
    )
    offered = facets.choices(store, t)
    return page(
        request,
        "network.html",
        "network",
        filters=chosen,
        offered=offered,
        chips=chosen.chips(t, Links(t.lang), "/network", facets.names_of(offered)),
        min_weight=weight,
        found=found,
        graph=_cytoscape(found, Links(t.lang)),
    )


@router.get("/matrix", response_class=HTMLResponse)
def matrix(request: Request) -> HTMLResponse:
    """Organization by organization: how many events each pair took part in together."""
    store, t = store_of(request), Translator(language_of(request))
    chosen = facets.PageFilters.from_request(request)
    asked = request.query_params.get("by") or ""
    by = asked if asked in MATRIX_KEYS else "type"
    found = views.matrix(store, chosen.query(), by=by, lang=t.lang, limit=MATRIX_ORGS)
    offered = facets.choices(store, t)
    return page(
        request,
        "matrix.html",
        "matrix",
        filters=chosen,
        offered=offered,
        chips=chosen.chips(t, Links(t.lang), "/matrix", facets.names_of(offered)),
        by=by,
        orgs=found["orgs"],
        rows=_grid(found, t, by),
        pairs=_pairs(found, t, by),
    )


@router.get("/map", response_class=HTMLResponse)
def world(request: Request) -> HTMLResponse:
    """Events per country on a world map."""
    store, t = store_of(request), Translator(language_of(request))
    chosen = facets.PageFilters.from_request(request)
    counts = {
        c["country"]: c["events"] for c in views.countries(store, chosen.query(), lang=t.lang)
    }
    top = max(counts.values(), default=0)
    drawing = world_map()
    shapes = [
        {
            "iso": c.iso,
            "path": c.path,
            "events": counts.get(c.iso or "", 0),
            "level": charts.heat(counts.get(c.iso or "", 0), top),
            "x": round(c.center[0], 1),
            "y": round(c.center[1], 1),
            "r": charts.bubble(counts.get(c.iso or "", 0), top),
        }
        for c in drawing.countries
    ]
    offered = facets.choices(store, t)
    listed = sorted(counts.items(), key=lambda kv: (-kv[1], t.country(kv[0])))
    return page(
        request,
        "map.html",
        "map",
        filters=chosen,
        offered=offered,
        chips=chosen.chips(t, Links(t.lang), "/map", facets.names_of(offered)),
        drawing=drawing,
        shapes=shapes,
        listed=[{"country": c, "events": n, "level": charts.heat(n, top)} for c, n in listed],
        levels=_legend(top),
    )


def _latest_first(heads: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return heads of office with the present holders first, then latest start first."""
    by_start = sorted(heads, key=lambda h: str(h.get("start") or ""), reverse=True)
    return sorted(by_start, key=lambda h: h.get("end") is not None)


def _positive(raw: str | None, default: int) -> int:
    return max(1, int(raw)) if raw and raw.isdigit() else default


def _cytoscape(graph: dict[str, Any], href: Links, focus: str | None = None) -> dict[str, Any]:
    """Return the graph as the network script reads it: nodes with labels and page links."""
    nodes = [
        {
            "id": n["id"],
            "label": n.get("acronym") or n.get("name") or n["id"],
            "name": n.get("name") or n["id"],
            "events": n.get("events", 0),
            "family": _family(n.get("kind")),
            "focus": n["id"] == focus,
            "href": href(entity_path(n["id"])),
        }
        for n in graph["nodes"]
    ]
    edges = [
        {
            "source": e["source"],
            "target": e["target"],
            "weight": e["total"],
            "href": href("/events", org=e["source"], org2=e["target"]),
        }
        for e in graph["edges"]
    ]
    return {"nodes": nodes, "edges": edges}


def _family(kind: str | None) -> str:
    """Return the colour family of an organization kind: UN system, other IGO, national, other."""
    if not kind:
        return "other"
    if kind.startswith("un_"):
        return "un"
    if kind in ("igo", "igo_organ", "financial_institution", "hybrid"):
        return "igo"
    return "national" if kind == "national_institution" else "other"


def _grid(found: dict[str, Any], t: Translator, by: str) -> list[dict[str, Any]]:
    """Return the matrix rows: each cell with its count, heat level, link and breakdown."""
    cells = {(c["row"], c["col"]): c for c in found["cells"]}
    top = max((c["total"] for c in found["cells"]), default=0)
    href = Links(t.lang)
    prefix = "type" if by == "type" else "context"
    rows = []
    for a in found["orgs"]:
        row = []
        for b in found["orgs"]:
            cell = cells.get((a["id"], b["id"]))
            total = cell["total"] if cell else 0
            detail = ", ".join(
                f"{t.label(prefix, k)}: {v}" for k, v in (cell or {}).get("by", {}).items()
            )
            row.append(
                {
                    "self": a["id"] == b["id"],
                    "total": total,
                    "level": charts.heat(total, top),
                    "href": href("/events", org=a["id"], org2=b["id"]) if total else None,
                    "title": t("matrix.pair", a=_short(a), b=_short(b), n=total)
                    + (f" — {detail}" if detail else ""),
                }
            )
        rows.append({"org": a, "cells": row})
    return rows


def _pairs(found: dict[str, Any], t: Translator, by: str) -> list[dict[str, Any]]:
    """Return the busiest pairs of the matrix, each once, with its breakdown and events link."""
    names = {o["id"]: o for o in found["orgs"]}
    href = Links(t.lang)
    prefix = "type" if by == "type" else "context"
    cells = [c for c in found["cells"] if c["row"] < c["col"]]
    cells.sort(key=lambda c: (-c["total"], c["row"], c["col"]))
    return [
        {
            "a": names[c["row"]],
            "b": names[c["col"]],
            "total": c["total"],
            "by": [(t.label(prefix, k), v) for k, v in c["by"].items()],
            "href": href("/events", org=c["row"], org2=c["col"]),
        }
        for c in cells[:MATRIX_PAIRS]
        if c["row"] in names and c["col"] in names
    ]


def _short(org: dict[str, Any]) -> str:
    return str(org.get("acronym") or org.get("name") or org["id"])


def _legend(top: int) -> list[dict[str, Any]]:
    """Return the map legend: each level with the smallest count it shows."""
    if not top:
        return []
    found: dict[int, int] = {}
    for level in range(1, charts.LEVELS + 1):
        smallest = int(top * ((level - 1) / charts.LEVELS) ** 2) + 1
        if smallest <= top and charts.heat(smallest, top) == level:
            found.setdefault(level, smallest)
    return [{"level": level, "from": n} for level, n in sorted(found.items())]

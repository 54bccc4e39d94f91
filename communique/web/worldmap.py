"""The world map: country shapes from the vendored world-atlas TopoJSON, drawn as SVG paths.

Shapes are decoded and projected once per process (Natural Earth I, the
projection d3-geo calls naturalEarth1) so a map page is a server-rendered
SVG: no script, and every country is an ordinary link. world-atlas names
countries by numeric ISO 3166 code; pycountry turns them into the alpha-2
codes the store uses.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import pycountry

ATLAS = ("static", "vendor", "world-atlas", "countries-110m.json")
WIDTH = 960.0
LEFT_OUT = frozenset({"010"})  # Antarctica: a third of the map and never a venue
MIN_STEP = 0.6  # drop points closer than this many pixels to the previous one


@dataclass(frozen=True)
class Country:
    """One country's outline, ready for an SVG <path d="...">."""

    numeric: str
    iso: str | None
    path: str
    center: tuple[float, float]  # where a marker goes: the centroid of its largest piece


@dataclass(frozen=True)
class WorldMap:
    """Every country's outline and the size of the drawing."""

    width: float
    height: float
    countries: tuple[Country, ...]


def natural_earth(lon: float, lat: float) -> tuple[float, float]:
    """Project degrees with Natural Earth I (Šavrič et al. 2011), in radians-sized units."""
    lam, phi = math.radians(lon), math.radians(lat)
    phi2 = phi * phi
    phi4 = phi2 * phi2
    x = lam * (
        0.8707 - 0.131979 * phi2 + phi4 * (-0.013791 + phi4 * (0.003971 * phi2 - 0.001529 * phi4))
    )
    y = phi * (
        1.007226 + phi2 * (0.015085 + phi4 * (-0.044475 + 0.028874 * phi2 - 0.005916 * phi4))
    )
    return x, y


@lru_cache(maxsize=1)
def world_map() -> WorldMap:
    """Return the projected outlines of every country (cached per process)."""
    topology = json.loads(resources.files("communique.web").joinpath(*ATLAS).read_text("utf-8"))
    arcs = decode_arcs(topology)
    shapes = [g for g in topology["objects"]["countries"]["geometries"] if g.get("arcs")]
    shapes = [g for g in shapes if str(g.get("id")) not in LEFT_OUT]
    projected = [(str(g.get("id", "")), _polygons(g, arcs)) for g in shapes]
    ys = [y for _, polys in projected for ring in polys for _, y in ring]
    left, right = natural_earth(-180, 0)[0], natural_earth(180, 0)[0]
    top = max(ys)
    scale = WIDTH / (right - left)
    height = round((top - min(ys)) * scale, 1)

    def to_svg(point: tuple[float, float]) -> tuple[float, float]:
        return (point[0] - left) * scale, (top - point[1]) * scale

    countries = tuple(
        Country(numeric, iso_alpha2(numeric), _path(polys, to_svg), to_svg(_center(polys)))
        for numeric, polys in projected
    )
    return WorldMap(WIDTH, height, countries)


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Return the arcs of a quantized TopoJSON topology as lists of (lon, lat)."""
    transform = topology.get("transform")
    decoded = []
    for arc in topology["arcs"]:
        if transform is None:
            decoded.append([(float(p[0]), float(p[1])) for p in arc])
            continue
        (kx, ky), (dx, dy) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for step in arc:
            x, y = x + step[0], y + step[1]
            points.append((x * kx + dx, y * ky + dy))
        decoded.append(points)
    return decoded


def _ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """Join a ring's arcs; a negative index (~i) means arc i reversed."""
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return [natural_earth(lon, lat) for lon, lat in unwrap(points)]


def unwrap(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Keep a ring that crosses the antimeridian (Russia, Fiji) in one piece.

    Longitudes continue past 180 instead of jumping to -180; the drawing
    clips what falls off the edge, where a jump would streak across the map.
    """
    found: list[tuple[float, float]] = []
    shift = 0.0
    for lon, lat in points:
        if found:
            step = lon + shift - found[-1][0]
            shift -= 360.0 * round(step / 360.0)
        found.append((lon + shift, lat))
    return found


def _polygons(geometry: dict[str, Any], arcs: list[Any]) -> list[list[tuple[float, float]]]:
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    return [_ring(ring, arcs) for polygon in polygons for ring in polygon]


def _center(rings: list[list[tuple[float, float]]]) -> tuple[float, float]:
    """Return the centroid of the largest ring (the mainland, not an island far away)."""
    best, best_area = (0.0, 0.0), -1.0
    for ring in rings:
        area, cx, cy = 0.0, 0.0, 0.0
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
            cross = x0 * y1 - x1 * y0
            area += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        if abs(area) > best_area and area:
            best_area, best = abs(area), (cx / (3 * area), cy / (3 * area))
    return best


def _path(rings: list[list[tuple[float, float]]], to_svg: Any) -> str:
    """Return SVG path data for the rings, dropping points too close to draw apart."""
    parts = []
    for ring in rings:
        kept: list[tuple[float, float]] = []
        for point in map(to_svg, ring):
            if not kept or math.dist(point, kept[-1]) >= MIN_STEP:
                kept.append(point)
        if len(kept) >= 3:
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in kept) + "Z")
    return "".join(parts)


def iso_alpha2(numeric: str) -> str | None:
    """Return the alpha-2 code of a numeric ISO 3166 code (None for unrecognized territories)."""
    if not numeric:
        return None
    found = pycountry.countries.get(numeric=numeric.zfill(3))
    return found.alpha_2 if found else None

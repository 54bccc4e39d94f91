"""Charts drawn on the server as SVG geometry: bars per month and intensity levels.

The Content-Security-Policy forbids inline styles, so colours are classes
(`heat-0` ... `heat-5`) the stylesheet defines, and sizes are SVG attributes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

LEVELS = 5
CHART_WIDTH = 720.0
CHART_HEIGHT = 160.0
AXIS = 22.0  # room under the bars for month labels
MAX_LABELS = 7
MAX_BAR = 36.0  # a few months of data still look like a timeline, not blocks


@dataclass(frozen=True)
class Bar:
    """One month's bar: its geometry, its month and its count."""

    x: float
    y: float
    width: float
    height: float
    month: str
    events: int
    label: bool  # whether the axis names this month


@dataclass(frozen=True)
class BarChart:
    """A bar chart's bars and size, ready for the template."""

    bars: tuple[Bar, ...]
    width: float
    height: float
    top: int  # the largest count (the top of the scale)


def months_between(first: str, last: str) -> list[str]:
    """Return every month from `first` to `last` (YYYY-MM), both included."""
    year, month = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    found = []
    while (year, month) <= end:
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def bar_chart(per_month: list[dict[str, Any]]) -> BarChart | None:
    """Return bars for [{"month", "events"}], months without events drawn empty."""
    counts = {row["month"]: int(row["events"]) for row in per_month if row.get("month")}
    if not counts:
        return None
    months = months_between(min(counts), max(counts))
    top = max(counts.values())
    slot = CHART_WIDTH / len(months)
    width = round(min(MAX_BAR, slot - min(4.0, slot * 0.2)), 1)
    every = max(1, math.ceil(len(months) / MAX_LABELS))
    usable = CHART_HEIGHT - AXIS
    bars = []
    for i, month in enumerate(months):
        n = counts.get(month, 0)
        height = round(usable * n / top, 1) if n else 0.0
        bars.append(
            Bar(
                x=round(i * slot + (slot - width) / 2, 1),
                y=round(usable - height, 1),
                width=width,
                height=height,
                month=month,
                events=n,
                label=i % every == 0,
            )
        )
    return BarChart(tuple(bars), CHART_WIDTH, CHART_HEIGHT, top)


def heat(value: int | float, top: int | float) -> int:
    """Return the intensity level (0 for none, 1..5) of `value` on a square-root scale to `top`."""
    if not value or not top:
        return 0
    return max(1, min(LEVELS, math.ceil(LEVELS * math.sqrt(value / top))))


def bubble(value: int | float, top: int | float) -> float:
    """Return a map marker's radius: its area grows with `value`, so small countries show."""
    if not value or not top:
        return 0.0
    return round(3.0 + 7.0 * math.sqrt(value / top), 1)

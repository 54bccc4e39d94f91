"""Cross-document merging: tell whether two events are the same real-world event.

Pure functions over the events of extraction records (shared/spec/output.md),
no storage: the store calls them on ingest to put events from different
documents and languages into one cluster. Two events are the same when they
have the same type, overlapping participants, dates within a window and
compatible places. Anything that contradicts (a different type, disjoint
parties, dates a month apart, two different cities) keeps them apart: a
missed merge costs a duplicate row, a wrong merge silently loses an event.

A missing date is compatible with any date, but it is also missing evidence:
two reports of a meeting between the same parties in the same city could be
years apart. So when either date is unknown, the two events must share their
city, and their documents must corroborate each other: another event of one
document must be the same as another event of the other (the meeting *and*
the agreement reached at it). Reports that agree on two things are reports of
the same occasion; a lone undated event stays on its own.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

WINDOW_DAYS = 3
MIN_JACCARD = 0.5


@dataclass(frozen=True)
class MergeRules:
    """How close two events must be to merge (defaults: 3 days, Jaccard 0.5)."""

    window_days: int = WINDOW_DAYS
    min_jaccard: float = MIN_JACCARD


DEFAULT_RULES = MergeRules()


def same_event(
    a: dict[str, Any],
    b: dict[str, Any],
    rules: MergeRules = DEFAULT_RULES,
    a_others: Sequence[dict[str, Any]] = (),
    b_others: Sequence[dict[str, Any]] = (),
) -> bool:
    """Tell whether events `a` and `b` (record dicts) report the same real-world event.

    `a_others` and `b_others` are the other events of their documents; they
    matter only when a date is unknown (see the module's docstring).
    """
    if not compatible(a, b, rules):
        return False
    if date_span(a.get("date")) and date_span(b.get("date")):
        return True
    return same_city(a, b) and corroborated(a_others, b_others, rules)


def compatible(a: dict[str, Any], b: dict[str, Any], rules: MergeRules = DEFAULT_RULES) -> bool:
    """Tell whether nothing in type, parties, dates or place tells `a` and `b` apart."""
    return (
        a.get("type") == b.get("type")
        and participants_overlap(a, b, rules.min_jaccard)
        and dates_compatible(a.get("date"), b.get("date"), rules.window_days)
        and places_compatible(a.get("place"), b.get("place"))
    )


def corroborated(
    a_others: Sequence[dict[str, Any]],
    b_others: Sequence[dict[str, Any]],
    rules: MergeRules = DEFAULT_RULES,
) -> bool:
    """Tell whether another event of one document is the same as another of the other."""
    return any(
        compatible(x, y, rules) and (_both_dated(x, y) or same_city(x, y))
        for x in a_others
        for y in b_others
    )


def _both_dated(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return date_span(a.get("date")) is not None and date_span(b.get("date")) is not None


def same_city(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Tell whether both events name the same city (not merely no conflicting one)."""
    city = (a.get("place") or {}).get("entity")
    return bool(city) and city == (b.get("place") or {}).get("entity")


def similarity(a: dict[str, Any], b: dict[str, Any]) -> float:
    """Score how alike two compatible events are (0..3): parties, date and place agreement."""
    score = jaccard(parties(a), parties(b))
    da, db = date_span(a.get("date")), date_span(b.get("date"))
    if da and db:
        score += 1.0 / (1 + gap_days(da, db))
    pa, pb = a.get("place") or {}, b.get("place") or {}
    if pa.get("entity") and pa.get("entity") == pb.get("entity"):
        score += 1.0
    elif pa.get("country") and pa.get("country") == pb.get("country"):
        score += 0.5
    return score


def parties(event: dict[str, Any]) -> frozenset[str]:
    """Return the entity ids of an event's participants."""
    return frozenset(p["entity"] for p in event.get("participants") or ())


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Return |a & b| / |a | b| (0 for two empty sets)."""
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def participants_overlap(a: dict[str, Any], b: dict[str, Any], min_jaccard: float) -> bool:
    """Tell whether the parties overlap enough: Jaccard >= min_jaccard, or one set holds the other.

    The subset rule lets a report naming only two of three signatories join the
    full event; it needs two shared parties, since one shared party (say the UN)
    says nothing.
    """
    pa, pb = parties(a), parties(b)
    shared = pa & pb
    if len(shared) < 2:
        return False
    return jaccard(pa, pb) >= min_jaccard or pa <= pb or pb <= pa


def dates_compatible(a: dict[str, Any] | None, b: dict[str, Any] | None, window_days: int) -> bool:
    """Tell whether two event dates are within `window_days` of each other, or one is unknown."""
    da, db = date_span(a), date_span(b)
    if da is None or db is None:
        return True
    return gap_days(da, db) <= window_days


def date_span(value: dict[str, Any] | None) -> tuple[date, date] | None:
    """Return the first and last day an event date covers (a month date covers the month)."""
    if not value or not value.get("start"):
        return None
    try:
        first = date.fromisoformat(value["start"])
        last = date.fromisoformat(value["end"]) if value.get("end") else _last_day(first, value)
    except ValueError:
        return None
    return (first, max(first, last))


def _last_day(first: date, value: dict[str, Any]) -> date:
    precision = value.get("precision") or "day"
    if precision == "month":
        return first.replace(day=monthrange(first.year, first.month)[1])
    if precision == "year":
        return date(first.year, 12, 31)
    return first


def gap_days(a: tuple[date, date], b: tuple[date, date]) -> int:
    """Return the number of days between two spans (0 when they overlap)."""
    if a[1] < b[0]:
        return (b[0] - a[1]).days
    if b[1] < a[0]:
        return (a[0] - b[1]).days
    return 0


def places_compatible(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    """Tell whether two places can be the same: same city or country, or unknown on one side."""
    a, b = a or {}, b or {}
    if (_online_only(a) and _physical(b)) or (_online_only(b) and _physical(a)):
        return False
    if a.get("country") and b.get("country") and a["country"] != b["country"]:
        return False
    return not (a.get("entity") and b.get("entity") and a["entity"] != b["entity"])


def _online_only(place: dict[str, Any]) -> bool:
    return bool(place.get("virtual")) and not place.get("hybrid")


def _physical(place: dict[str, Any]) -> bool:
    return bool(place.get("entity") or place.get("name")) and not place.get("virtual")


def window(value: dict[str, Any] | None, days: int) -> tuple[str, str] | None:
    """Return the ISO day range an event date may merge within (None for an unknown date)."""
    span = date_span(value)
    if span is None:
        return None
    delta = timedelta(days=days)
    return ((span[0] - delta).isoformat(), (span[1] + delta).isoformat())

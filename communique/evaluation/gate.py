"""The quality gate: per-metric floors pinned in eval/baseline.json.

Layout of the baseline, one entry per evaluation set (the eval directory's
name)::

    {"seeds": {"overall": {"event_f1": 0.9, ...},
               "per_language": {"fr": {"event_f1": 0.85, ...}, ...}},
     "dev": {...}}

`check` reports every figure below its floor. `raise_floors` pins the
measured figures as the new floors; lowering a floor is an explicit act
(``allow_lower=True``, ``--allow-lower`` on the command line), so a regression
cannot slip in by re-pinning.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from pathlib import Path
from typing import Any

from communique.errors import CommuniqueError
from communique.evaluation.scoring import EvalReport

GATED_METRICS = (
    "lang_acc",
    "pub_acc",
    "org_f1",
    "people_f1",
    "event_f1",
    "participant_f1",
    "date_acc",
    "country_acc",
    "context_f1",
)
# Floats summed in a different order may differ in the last bits.
EPSILON = 1e-9
# Where the floors live in a source checkout (the CLI may pass another path).
DEFAULT_BASELINE = Path(__file__).resolve().parents[2] / "eval" / "baseline.json"

Baseline = dict[str, Any]


@dataclass(frozen=True)
class Failure:
    """One figure below its pinned floor."""

    set_name: str
    scope: str  # "overall" or a language code
    metric: str
    floor: float
    measured: float | None  # None: no longer measured (counts as 0.0)

    def __str__(self) -> str:
        shown = "not measured" if self.measured is None else f"{self.measured:.3f}"
        return f"{self.set_name}/{self.scope} {self.metric}: {shown} < floor {self.floor:.3f}"


def load_baseline(path: Path = DEFAULT_BASELINE) -> Baseline:
    """Read the floors file; a missing file means no floors yet ({})."""
    if not path.is_file():
        return {}
    data: Baseline = json.loads(path.read_text(encoding="utf-8"))
    return data


def save_baseline(baseline: Mapping[str, Any], path: Path = DEFAULT_BASELINE) -> None:
    """Write the floors file with sorted keys, so a change reads well in a diff."""
    text = json.dumps(baseline, indent=2, sort_keys=True, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")


def measured_figures(report: EvalReport) -> dict[str, dict[str, float | None]]:
    """Return the gated metrics of each scope ("overall", then each language)."""
    figures = {}
    for scope, scores in report.scopes():
        metrics = scores.metrics()
        figures[scope] = {name: metrics[name] for name in GATED_METRICS}
    return figures


def check(
    report: EvalReport, baseline: Mapping[str, Any], set_name: str | None = None
) -> list[Failure]:
    """Return every figure of `report` below its floor for `set_name` (default: report.name).

    A set with no entry in the baseline has no floors, so nothing can fail; a
    metric that is no longer measured counts as 0.0 against its floor.
    """
    name = set_name or report.name
    figures = measured_figures(report)
    failures = []
    for scope, floors in _scopes(baseline.get(name) or {}).items():
        measured = figures.get(scope, {})
        for metric, floor in sorted(floors.items()):
            value = measured.get(metric)
            if (value or 0.0) < float(floor) - EPSILON:
                failures.append(Failure(name, scope, metric, float(floor), value))
    return failures


def raise_floors(
    report: EvalReport,
    baseline: Mapping[str, Any],
    set_name: str | None = None,
    allow_lower: bool = False,
) -> Baseline:
    """Return a new baseline whose floors for `set_name` are the measured figures.

    Figures are rounded down to 3 decimals. Where that would lower an existing
    floor (or drop one no longer measured), raise CommuniqueError E212 unless
    `allow_lower`. `baseline` itself is left unchanged.
    """
    name = set_name or report.name
    new = copy.deepcopy(dict(baseline))
    entry = new.setdefault(name, {})
    lowered: list[str] = []
    for scope, values in measured_figures(report).items():
        floors = _scope_floors(entry, scope)
        for metric, value in values.items():
            lowered.extend(_pin(floors, metric, value, f"{name}/{scope}"))
        if scope != "overall" and not floors:
            del entry["per_language"][scope]  # a language with no documents in this set
    if lowered and not allow_lower:
        raise CommuniqueError("E212", "; ".join(lowered))
    return new


def round_down(value: float) -> float:
    """Round `value` down to 3 decimals (0.6667 -> 0.666), exactly."""
    return float(Decimal(repr(value)).quantize(Decimal("0.001"), rounding=ROUND_DOWN))


def _pin(floors: dict[str, float], metric: str, value: float | None, where: str) -> list[str]:
    """Set one floor to the measured value; return a note when that lowers it."""
    old = floors.get(metric)
    if value is None:
        if old is not None and old > EPSILON:
            del floors[metric]
            return [f"{where} {metric} {old:.3f} -> not measured"]
        return []
    new_floor = round_down(value)
    floors[metric] = new_floor
    if old is not None and new_floor < old - EPSILON:
        return [f"{where} {metric} {old:.3f} -> {new_floor:.3f}"]
    return []


def _scopes(entry: Mapping[str, Any]) -> dict[str, Mapping[str, float]]:
    """Flatten a set's floors into {"overall": {...}, "fr": {...}, ...}."""
    scopes: dict[str, Mapping[str, float]] = {"overall": entry.get("overall") or {}}
    scopes.update(entry.get("per_language") or {})
    return scopes


def _scope_floors(entry: dict[str, Any], scope: str) -> dict[str, float]:
    """Return the (created if needed) floors dict of one scope of a set."""
    if scope == "overall":
        floors: dict[str, float] = entry.setdefault("overall", {})
        return floors
    languages: dict[str, dict[str, float]] = entry.setdefault("per_language", {})
    return languages.setdefault(scope, {})

"""Extraction quality: scoring against gold, the evaluation runner and the quality gate.

run_eval(directory, gold_dir=None, *, pipeline=None, workers=1) -> EvalReport
format_table(report) -> str, format_details(report) -> str, report.to_json() -> str
check(report, baseline, set_name=None) -> list[Failure]
raise_floors(report, baseline, set_name=None, allow_lower=False) -> baseline
load_baseline(path) / save_baseline(baseline, path)   eval/baseline.json by default
"""

from __future__ import annotations

from communique.evaluation.gate import (
    DEFAULT_BASELINE,
    GATED_METRICS,
    Failure,
    check,
    load_baseline,
    raise_floors,
    save_baseline,
)
from communique.evaluation.runner import format_details, format_table, load_gold, run_eval
from communique.evaluation.scoring import EvalReport, fold, score_document, score_records

__all__ = [
    "DEFAULT_BASELINE",
    "GATED_METRICS",
    "EvalReport",
    "Failure",
    "check",
    "fold",
    "format_details",
    "format_table",
    "load_baseline",
    "load_gold",
    "raise_floors",
    "run_eval",
    "save_baseline",
    "score_document",
    "score_records",
]

"""Run the extractor over an evaluation set and score it against gold.

An evaluation set is a directory of ``*.txt`` documents, each with its gold
annotation ``<stem>.json`` beside it (or in a separate gold directory), as in
shared/eval/{seeds,dev}. `run_eval` returns an `EvalReport`; `format_table`
and `format_details` turn it into text for the command line.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from functools import lru_cache, partial
from multiprocessing import Pool
from pathlib import Path
from typing import Any

from communique.documents import Document
from communique.errors import CommuniqueError
from communique.evaluation.scoring import DocScore, EvalReport, Scores, score_records
from communique.pipeline import Pipeline

Record = dict[str, Any]
# A built Pipeline, or any callable that turns a source document into a finished one.
Extractor = Callable[[Document], Document]


def run_eval(
    directory: Path,
    gold_dir: Path | None = None,
    *,
    pipeline: Extractor | None = None,
    workers: int = 1,
) -> EvalReport:
    """Extract every ``*.txt`` in `directory` (sorted) and score it against its gold.

    Gold is ``<stem>.json`` in `gold_dir`, or beside the text when `gold_dir` is
    None. `pipeline` defaults to ``Pipeline.from_names()``; `workers` > 1 runs
    extraction in that many processes. The report is named after the directory
    (the key of its floors in eval/baseline.json). Raises CommuniqueError E100
    when there is no text to score and E210 when a gold file is missing or
    malformed.
    """
    directory = Path(directory)
    texts = sorted(directory.glob("*.txt"))
    if not texts:
        raise CommuniqueError("E100", f"no *.txt documents in {directory}")
    golds = [load_gold(Path(gold_dir or directory) / f"{t.stem}.json") for t in texts]
    records = extract_records(texts, pipeline=pipeline, workers=workers)
    pairs = [
        (record, {**gold, "doc": t.stem})
        for t, record, gold in zip(texts, records, golds, strict=True)
    ]
    return score_records(directory.name, pairs)


def load_gold(path: Path) -> dict[str, Any]:
    """Read and check one gold file (shared/spec/gold.md); raise E210 when it is unusable."""
    if not path.is_file():
        raise CommuniqueError("E210", f"{path} not found")
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CommuniqueError("E210", f"{path}: {exc}") from None
    problem = gold_problem(gold)
    if problem:
        raise CommuniqueError("E210", f"{path}: {problem}")
    return dict(gold)


def gold_problem(gold: Any) -> str | None:
    """Return what makes a gold annotation unusable, or None when it is fine."""
    if not isinstance(gold, dict):
        return "not a JSON object"
    if not isinstance(gold.get("lang"), str):
        return "'lang' must be a language code"
    for key in ("organizations", "people"):
        if not _strings(gold.get(key, [])):
            return f"'{key}' must be a list of names"
    events = gold.get("events")
    if not isinstance(events, list):
        return "'events' must be a list"
    for i, event in enumerate(events):
        if not isinstance(event, dict) or not isinstance(event.get("type"), str):
            return f"event {i} has no 'type'"
        if not _strings(event.get("participants")) or not _strings(event.get("people", [])):
            return f"event {i}: 'participants' and 'people' must be lists of names"
    return None


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def extract_records(
    paths: Sequence[Path], *, pipeline: Extractor | None = None, workers: int = 1
) -> list[Record]:
    """Return the extraction record of every file, in order, using `workers` processes."""
    names = [str(p) for p in paths]
    if workers <= 1:
        chosen = pipeline if pipeline is not None else Pipeline.from_names()
        return [extract_file(name, chosen) for name in names]
    chunksize = max(1, len(names) // (workers * 4))
    with Pool(workers) as pool:
        return pool.map(partial(extract_file, pipeline=pipeline), names, chunksize=chunksize)


def extract_file(path: str, pipeline: Extractor | None = None) -> Record:
    """Read one file through the sources and return its record (`pipeline` default: cached)."""
    chosen = pipeline if pipeline is not None else default_pipeline()
    document = read_document(path)
    if document is None:
        error = CommuniqueError("E101", path).as_record()
        return {"id": None, "language": None, "entities": [], "events": [], "error": error}
    return chosen(document).to_record()


def read_document(path: str) -> Document | None:
    """Return the first document the sources read from `path` (None when there is none)."""
    from communique.sources import iter_documents

    return next(iter(iter_documents([path])), None)


@lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    """Return this process's pipeline built from the settings (one per worker process)."""
    return Pipeline.from_names()


COLUMNS = (
    ("lang acc", "lang_acc"),
    ("pub acc", "pub_acc"),
    ("org P", "org_p"),
    ("org R", "org_r"),
    ("org F1", "org_f1"),
    ("people F1", "people_f1"),
    ("event P", "event_p"),
    ("event R", "event_r"),
    ("event F1", "event_f1"),
    ("part F1", "participant_f1"),
    ("date acc", "date_acc"),
    ("country acc", "country_acc"),
    ("city acc", "city_acc"),
    ("ctx F1", "context_f1"),
)


def format_table(report: EvalReport) -> str:
    """Return the report as an aligned text table: one row per language with documents, then all.

    "events g/p/m" counts gold, predicted and matched events; "-" marks a
    figure with nothing to measure (no gold items, no matched events).
    """
    header = ["lang", "docs", *(title for title, _ in COLUMNS), "events g/p/m"]
    rows = [_row(lang, s) for lang, s in report.per_language.items() if s.docs]
    rows.append(_row("all", report.overall))
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [f"{report.name}: {report.overall.docs} documents"]
    for row in [header, *rows]:
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells))
    return "\n".join(lines)


def _row(label: str, scores: Scores) -> list[str]:
    metrics = scores.metrics()
    counts = scores.counts()
    events = f"{counts['gold_events']}/{counts['predicted_events']}/{counts['matched_events']}"
    figures = [_figure(metrics[key]) for _, key in COLUMNS]
    return [label, str(scores.docs), *figures, events]


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def format_details(report: EvalReport) -> str:
    """Return per-document findings: missed and spurious events, entities, attribute errors."""
    lines = []
    for doc in report.documents:
        findings = _findings(doc)
        status = "ok" if not findings else f"{len(findings)} finding(s)"
        lang = doc.lang if doc.lang_ok else f"{doc.lang}, predicted {doc.predicted_lang}"
        lines.append(f"{doc.doc} [{lang}] {status}")
        lines.extend(f"  {finding}" for finding in findings)
    return "\n".join(lines)


def _findings(doc: DocScore) -> list[str]:
    """List what one document got wrong, one line each."""
    found = [f"error {doc.error}"] if doc.error else []
    if not doc.pub_ok:
        found.append(f"published {doc.predicted_published} != gold {doc.gold_published}")
    labels = (
        ("missed_events", "missed event"),
        ("spurious_events", "spurious event"),
        ("missed_orgs", "missed organization"),
        ("spurious_orgs", "spurious organization"),
        ("missed_people", "missed person"),
        ("spurious_people", "spurious person"),
    )
    for key, label in labels:
        found.extend(f"{label}: {item}" for item in getattr(doc, key))
    for match in doc.matches:
        if match.diffs:
            found.append(
                f"matched {match.type} (gold #{match.gold_index}): {'; '.join(match.diffs)}"
            )
    return found

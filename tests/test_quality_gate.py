"""The quality gate: the eval sets scored against the floors pinned in eval/baseline.json.

The gold sets live outside the repository (``../shared/eval`` by default,
``COMMUNIQUE_EVAL_DIR`` to point elsewhere); without them the gate is skipped.
The rest of the file tests the gate's own rules on hand-made records.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from communique.documents import Document, SourceInfo
from communique.errors import CommuniqueError
from communique.evaluation import gate, runner
from communique.evaluation.gate import check, load_baseline, raise_floors, round_down
from communique.evaluation.scoring import EvalReport, score_records

REPO = Path(__file__).resolve().parents[1]
EVAL_DIR = Path(os.environ.get("COMMUNIQUE_EVAL_DIR", REPO.parent / "shared" / "eval"))


@pytest.mark.parametrize("set_name", ["seeds", "dev"])
def test_extraction_quality_holds_its_floors(set_name: str) -> None:
    directory = EVAL_DIR / set_name
    if not directory.is_dir():
        pytest.skip("../shared/eval not found: quality gate skipped")
    baseline = load_baseline(REPO / "eval" / "baseline.json")
    assert set_name in baseline, f"eval/baseline.json pins no floors for {set_name}"
    report = runner.run_eval(directory)
    errors = [f"{d.doc}: {d.error}" for d in report.documents if d.error]
    assert not errors, "documents failed to extract:\n" + "\n".join(errors)
    failures = check(report, baseline, set_name)
    assert not failures, "\n".join([*map(str, failures), runner.format_table(report)])


# --- the gate's rules, on a small hand-made set --------------------------------------------

NAMED = [{"start": 0, "end": 1, "text": "x"}]  # the text names the entity
UN = {
    "id": "org:un",
    "type": "organization",
    "name": "United Nations",
    "acronym": "UN",
    "mentions": NAMED,
}
AU = {
    "id": "org:au",
    "type": "organization",
    "name": "African Union",
    "acronym": "AU",
    "mentions": NAMED,
}
OSCE = {
    "id": "org:osce",
    "type": "organization",
    "name": "OSCE",
    "acronym": "OSCE",
    "mentions": NAMED,
}


def consult(*participants: str) -> dict[str, Any]:
    refs = [{"entity": p, "role": "participant"} for p in participants]
    flags = {"future": False, "historical": False, "hypothetical": False, "negated": False}
    evidence = [{"doc": "doc:0000000000000000", "start": 0, "end": 1, "text": "x"}]
    return {
        "id": "ev:0000000000000001",
        "type": "CONSULT",
        "participants": refs,
        "people": [],
        "contexts": [],
        "date": None,
        "place": None,
        "confidence": 0.5,
        "evidence": evidence,
        **flags,
    }


def gold_doc(lang: str) -> dict[str, Any]:
    event = {"type": "CONSULT", "participants": ["UN", "AU|African Union"], "people": []}
    return {"lang": lang, "organizations": ["UN", "AU"], "people": [], "events": [event]}


def small_report(name: str = "dev") -> EvalReport:
    """Three documents: French perfect, English without AU (J = 1/2), Russian all wrong."""
    records = [
        {"language": "fr", "entities": [UN, AU], "events": [consult("org:un", "org:au")]},
        {"language": "en", "entities": [UN], "events": [consult("org:un")]},
        {"language": "ru", "entities": [UN, AU, OSCE], "events": [consult("org:osce")]},
    ]
    golds = [gold_doc("fr"), gold_doc("en"), gold_doc("ru")]
    return score_records(name, zip(records, golds, strict=True))


def test_raising_pins_the_measured_figures_rounded_down() -> None:
    report = small_report()
    new = raise_floors(report, {})
    overall = new["dev"]["overall"]
    # No person in gold or prediction: people F1 is not measured, so it gets no floor.
    assert set(overall) == set(gate.GATED_METRICS) - {"people_f1"}
    assert overall["event_f1"] == 0.666  # 2 matched, 1 spurious, 1 missed: 4/6
    assert overall["org_f1"] == 0.833  # 5 TP, 1 FP, 1 FN: 10/12
    assert overall["participant_f1"] == 0.833  # mean of 1.0 (fr) and 2/3 (en)
    assert new["dev"]["per_language"]["fr"]["event_f1"] == 1.0
    assert "es" not in new["dev"]["per_language"]  # no documents, nothing pinned
    assert check(report, new) == []


@pytest.mark.parametrize(
    ("value", "floor"), [(2 / 3, 0.666), (0.29, 0.29), (0.9999, 0.999), (1.0, 1.0), (0.0, 0.0)]
)
def test_round_down(value: float, floor: float) -> None:
    assert round_down(value) == floor


def test_raising_higher_floors_needs_no_flag_and_keeps_the_input() -> None:
    old = {"dev": {"overall": {"event_f1": 0.5}, "per_language": {"fr": {"lang_acc": 0.9}}}}
    new = raise_floors(small_report(), old)
    assert new["dev"]["overall"]["event_f1"] == 0.666
    assert new["dev"]["per_language"]["fr"]["lang_acc"] == 1.0
    assert old["dev"]["overall"] == {"event_f1": 0.5}


def test_lowering_a_floor_is_refused_with_e212() -> None:
    old = {"dev": {"overall": {"event_f1": 0.9}}}
    with pytest.raises(CommuniqueError) as raised:
        raise_floors(small_report(), old)
    assert raised.value.code == "E212"
    assert "dev/overall event_f1 0.900 -> 0.666" in raised.value.detail


def test_lowering_a_floor_is_allowed_when_asked() -> None:
    old = {"dev": {"overall": {"event_f1": 0.9}}, "seeds": {"overall": {"org_f1": 1.0}}}
    new = raise_floors(small_report(), old, allow_lower=True)
    assert new["dev"]["overall"]["event_f1"] == 0.666
    assert new["seeds"] == old["seeds"]  # other sets are untouched


def test_a_floor_no_longer_measured_counts_as_lowered() -> None:
    old = {"dev": {"per_language": {"zh": {"event_f1": 0.5}}}}
    with pytest.raises(CommuniqueError) as raised:
        raise_floors(small_report(), old)
    assert raised.value.code == "E212"
    new = raise_floors(small_report(), old, allow_lower=True)
    assert "zh" not in new["dev"]["per_language"]


def test_check_reports_each_figure_below_its_floor() -> None:
    baseline = {
        "dev": {
            "overall": {"event_f1": 0.7, "lang_acc": 1.0},
            "per_language": {"en": {"participant_f1": 0.9}, "zh": {"event_f1": 0.1}},
        }
    }
    failures = check(small_report(), baseline, "dev")
    found = {(f.scope, f.metric) for f in failures}
    assert found == {("overall", "event_f1"), ("en", "participant_f1"), ("zh", "event_f1")}
    zh = next(f for f in failures if f.scope == "zh")
    assert zh.measured is None and "not measured" in str(zh)


def test_check_tolerates_float_noise_and_ignores_other_sets() -> None:
    measured = small_report().overall.metrics()["event_f1"]
    assert measured is not None
    baseline = {"dev": {"overall": {"event_f1": measured + 1e-12}}, "seeds": {"overall": {}}}
    assert check(small_report(), baseline) == []
    assert check(small_report(), {"seeds": {"overall": {"lang_acc": 1.0}}}) == []


def test_baseline_round_trips_through_its_file(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    assert gate.load_baseline(path) == {}
    new = raise_floors(small_report(), {})
    gate.save_baseline(new, path)
    assert gate.load_baseline(path) == new
    assert path.read_text(encoding="utf-8").endswith("}\n")


def test_the_pinned_baseline_gates_only_known_metrics() -> None:
    baseline = load_baseline(REPO / "eval" / "baseline.json")
    for entry in baseline.values():
        scopes = [entry["overall"], *entry.get("per_language", {}).values()]
        for floors in scopes:
            assert set(floors) <= set(gate.GATED_METRICS)
            assert all(0.0 <= value <= 1.0 for value in floors.values())


# --- the runner, with a stand-in pipeline --------------------------------------------------


class RecordInText:
    """A stand-in pipeline: each test document's text is the record it should produce."""

    def __call__(self, doc: Document) -> Document:
        return Document.from_record(json.loads(doc.raw))


def read_plainly(path: str) -> Document:
    text = Path(path).read_text(encoding="utf-8")
    return Document(raw=text, source=SourceInfo(path=path))


def write_case(directory: Path, stem: str, rec: dict[str, Any], gld: dict[str, Any]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{stem}.txt").write_text(json.dumps(rec), encoding="utf-8")
    (directory / f"{stem}.json").write_text(json.dumps(gld), encoding="utf-8")


def full_record(lang: str, entities: list[dict[str, Any]], events: list[dict[str, Any]]) -> dict:
    source = {"path": None, "url": None, "format": "text", "fetched_at": None}
    return {
        "schema_version": "1",
        "id": "doc:0000000000000000",
        "source": source,
        "title": None,
        "language": lang,
        "languages": [],
        "published": None,
        "text": "x",
        "removed": [],
        "entities": entities,
        "events": events,
        "warnings": [],
    }


@pytest.fixture
def eval_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(runner, "read_document", read_plainly)
    directory = tmp_path / "mini"
    write_case(
        directory,
        "a-fr",
        full_record("fr", [UN, AU], [consult("org:un", "org:au")]),
        gold_doc("fr"),
    )
    write_case(directory, "b-zh", full_record("en", [UN], []), gold_doc("zh"))
    return directory


def test_run_eval_scores_each_text_against_its_gold(eval_set: Path) -> None:
    report = runner.run_eval(eval_set, pipeline=RecordInText())
    assert report.name == "mini"
    assert [d.doc for d in report.documents] == ["a-fr", "b-zh"]
    assert report.per_language["fr"].metrics()["event_f1"] == 1.0
    assert report.per_language["zh"].metrics()["lang_acc"] == 0.0
    assert report.documents[1].missed_events == ["CONSULT [UN, AU] no date"]


def test_run_eval_reads_gold_from_another_directory(eval_set: Path, tmp_path: Path) -> None:
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    for path in eval_set.glob("*.json"):
        path.rename(gold_dir / path.name)
    report = runner.run_eval(eval_set, gold_dir, pipeline=RecordInText())
    assert report.overall.docs == 2


def test_table_and_details_show_each_language_and_finding(eval_set: Path) -> None:
    report = runner.run_eval(eval_set, pipeline=RecordInText())
    table = runner.format_table(report).splitlines()
    assert table[0] == "mini: 2 documents"
    assert [line.split()[0] for line in table[2:]] == ["fr", "zh", "all"]
    assert "event F1" in table[1] and "ctx F1" in table[1]
    details = runner.format_details(report)
    assert "a-fr [fr] ok" in details
    assert "b-zh [zh, predicted en]" in details
    assert "missed event: CONSULT [UN, AU] no date" in details


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "Expecting property name"),
        ("[]", "not a JSON object"),
        ('{"events": []}', "'lang'"),
        ('{"lang": "fr"}', "'events' must be a list"),
        ('{"lang": "fr", "events": [{"participants": []}]}', "event 0 has no 'type'"),
        ('{"lang": "fr", "organizations": "WCO", "events": []}', "'organizations'"),
    ],
)
def test_malformed_gold_is_e210(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "x.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommuniqueError) as raised:
        runner.load_gold(path)
    assert raised.value.code == "E210" and problem in raised.value.detail


def test_missing_gold_and_empty_directories_are_errors(tmp_path: Path) -> None:
    with pytest.raises(CommuniqueError) as raised:
        runner.run_eval(tmp_path, pipeline=RecordInText())
    assert raised.value.code == "E100"
    (tmp_path / "lonely.txt").write_text("{}", encoding="utf-8")
    with pytest.raises(CommuniqueError) as raised:
        runner.run_eval(tmp_path, pipeline=RecordInText())
    assert raised.value.code == "E210" and "lonely.json" in raised.value.detail

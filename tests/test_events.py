"""Event coding, tested with tables of our own sentences in six languages.

Each row of tests/tables/events/<lang>.yaml is a short text and what must be
extracted from it. Adding a language or a case adds rows, not code. A row:

    - text: "..."
      published: 2024-05-02          # optional publication hint
      events:                        # the reported (unflagged) events, exactly
        - type: CONSULT
          participants: [org:un, org:wco]   # exactly these (order free)
          mode: visit                       # optional checks from here on
          date: 2021-06-28
          place: place:us:new-york          # or a country code: FR, or "virtual"
          people: [person:antonio-guterres]
          contexts: [health]                # must be among the event's contexts
          instrument: mou
      flagged: [historical]          # optional: some event carries each of these flags
      entities: [org:un]             # optional: must be among the record's entities
      not_entities: [org:au]         # optional: must not be
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import communique

TABLES = Path(__file__).parent / "tables" / "events"


def _rows() -> list[Any]:
    rows = []
    for path in sorted(TABLES.glob("*.yaml")):
        for i, row in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")) or []):
            rows.append(pytest.param(row, id=f"{path.stem}-{i:02d}"))
    return rows


def _reported(record: dict[str, Any]) -> list[dict[str, Any]]:
    flags = ("historical", "hypothetical", "negated")
    return [e for e in record["events"] if not any(e[f] for f in flags)]


def _matches(expected: dict[str, Any], event: dict[str, Any]) -> bool:
    if event["type"] != expected["type"]:
        return False
    return {p["entity"] for p in event["participants"]} == set(expected["participants"])


@pytest.mark.parametrize("row", _rows())
def test_event_table(row: dict[str, Any]) -> None:
    options = {"published": str(row["published"])} if row.get("published") else {}
    record = communique.extract(row["text"], **options)
    reported = _reported(record)
    summary = [(e["type"], sorted(p["entity"] for p in e["participants"])) for e in reported]
    assert len(reported) == len(row.get("events", [])), summary
    for expected in row.get("events", []):
        found = [e for e in reported if _matches(expected, e)]
        assert found, (
            f"missing {expected['type']} {sorted(expected['participants'])}; got {summary}"
        )
        _check_details(expected, found[0])
    for flag in row.get("flagged", []):
        assert any(e[flag] for e in record["events"]), f"no event flagged {flag}"
    ids = {e["id"] for e in record["entities"]}
    assert set(row.get("entities", [])) <= ids, sorted(ids)
    assert not set(row.get("not_entities", [])) & ids, sorted(ids)


def _check_details(expected: dict[str, Any], event: dict[str, Any]) -> None:
    if "mode" in expected:
        assert event["mode"] == expected["mode"]
    if "instrument" in expected:
        assert event["instrument"] == expected["instrument"]
    if "date" in expected:
        assert event["date"] and event["date"]["start"] == str(expected["date"]), event["date"]
    if "place" in expected:
        _check_place(expected["place"], event["place"])
    if "people" in expected:
        assert set(expected["people"]) <= {p["entity"] for p in event["people"]}, event["people"]
    if "contexts" in expected:
        assert set(expected["contexts"]) <= set(event["contexts"]), event["contexts"]
    if expected.get("future"):
        assert event["future"]


def _check_place(expected: str, place: dict[str, Any] | None) -> None:
    assert place, "no place"
    if expected == "virtual":
        assert place.get("virtual") or place.get("hybrid")
    elif expected.startswith("place:"):
        assert place.get("entity") == expected, place
    else:
        assert place.get("country") == expected, place


EXPLAINED = {
    "en": "On 9 July 2018 the Secretary-General of the United Nations met the Chairperson of the African Union Commission in Addis Ababa.",
    "fr": "Le 9 juillet 2018, l'ONU et l'Union africaine ont signé un mémorandum d'accord à Genève.",
    "es": "El 9 de julio de 2018 la OEA y la ONU firmaron un memorando de entendimiento en Lima.",
    "ru": "9 июля 2018 года ООН и ШОС подписали меморандум о сотрудничестве в Москве.",
    "ar": "وقعت الأمم المتحدة ومنظمة التعاون الإسلامي مذكرة تفاهم في جدة يوم 9 يوليو 2018.",
    "zh": "2018年7月9日,联合国与上海合作组织在北京签署了谅解备忘录。",
}


@pytest.mark.parametrize("lang", sorted(EXPLAINED))
def test_explain_says_which_trigger_fired_and_why_each_choice(lang: str) -> None:
    record = communique.extract(EXPLAINED[lang], explain=True)
    reported = _reported(record)
    assert reported, record["events"]
    lines = reported[0]["explain"]
    assert any(line.startswith("trigger ") and f"data/events/{lang}.yaml" in line for line in lines)
    assert any(line.startswith("date 2018-07-09") for line in lines)
    assert any(line.startswith("place ") for line in lines)
    assert sum(line.startswith("participant ") for line in lines) >= 2


def test_without_explain_records_carry_no_explanations() -> None:
    record = communique.extract(EXPLAINED["en"])
    assert all("explain" not in event for event in record["events"])

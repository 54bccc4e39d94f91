"""Shared test setup.

Every record any test produces is validated against the JSON Schema that
ships with the package, and its spans are checked against its text: the
record contract holds for everything the suite sees, not for a sample.
"""

from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from communique.documents import Document

REPO = Path(__file__).resolve().parent.parent
EVAL_DIR = Path(os.environ.get("COMMUNIQUE_EVAL_DIR", REPO.parent / "shared" / "eval"))

_schema = json.loads(
    resources.files("communique.schema").joinpath("record.schema.json").read_text(encoding="utf-8")
)
VALIDATOR = Draft202012Validator(_schema)


def check_record(record: dict[str, Any]) -> None:
    """Assert that `record` follows the schema and that every span matches the text."""
    errors = sorted(VALIDATOR.iter_errors(record), key=lambda e: list(e.path))
    assert not errors, f"record breaks the schema: {errors[0].message} at {list(errors[0].path)}"
    text = record["text"]
    for entity in record["entities"]:
        for m in entity["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"], (entity["id"], m)
    for event in record["events"]:
        ids = {e["id"] for e in record["entities"]}
        assert all(p["entity"] in ids for p in event["participants"]), event["id"]
        assert all(p["entity"] in ids for p in event["people"]), event["id"]
        for ev in event["evidence"]:
            assert text[ev["start"] : ev["end"]] == ev["text"], event["id"]
    for d in record.get("dates", []):
        assert text[d["start"] : d["end"]] == d["text"], d


@pytest.fixture(autouse=True)
def _validate_every_record(monkeypatch: pytest.MonkeyPatch) -> None:
    original = Document.to_record

    def checked(self: Document) -> dict[str, Any]:
        record = original(self)
        check_record(record)
        return record

    monkeypatch.setattr(Document, "to_record", checked)


def eval_set(name: str) -> Path:
    """Return the folder of an evaluation set, or skip the test when ../shared/eval is absent."""
    folder = EVAL_DIR / name
    if not folder.is_dir():
        pytest.skip(
            f"{folder} not found: evaluation documents live in ../shared/eval beside the repo"
        )
    return folder

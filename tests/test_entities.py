"""Entity linking, tested with a table of our own sentences in six languages (tables/entities.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import communique

TABLES = Path(__file__).parent / "tables"
ROWS = [
    row
    for name in ("entities.yaml", "ambiguous.yaml")
    for row in yaml.safe_load((TABLES / name).read_text(encoding="utf-8"))
]


@pytest.mark.parametrize("row", ROWS, ids=[r["text"][:40] for r in ROWS])
def test_entity_table(row: dict[str, Any]) -> None:
    record = communique.extract(row["text"])
    found = {e["id"] for e in record["entities"] if e["mentions"]}
    assert set(row.get("has", [])) <= found, sorted(found)
    assert not set(row.get("not", [])) & found, sorted(found)


PEOPLE = [
    (
        "Le Secrétaire général de l’OMD, Kunio Mikuriya, a rencontré M. Guterres.",
        "person:kunio-mikuriya",
        "secretary_general",
        "org:wco",
    ),
    (
        "UNODC Executive Director Yury Fedotov visited Lyon.",
        "person:yury-fedotov",
        "executive_director",
        "org:unodc",
    ),
    (
        "Yury Fedotov, Executive Director of UNODC, visited Lyon.",
        "person:yury-fedotov",
        "executive_director",
        "org:unodc",
    ),
    (
        "Both were chaired by Dr. Jane Doerty Quill, the President of the Supreme Audit Institution (SAI) of Ghana.",
        "person:jane-doerty-quill",
        "president",
        "org:gh-sai",
    ),
    (
        "El secretario general de la OEA, Marcelo Quintanar Ruiz, llegó a Lima.",
        "person:marcelo-quintanar-ruiz",
        "secretary_general",
        "org:oas",
    ),
]


@pytest.mark.parametrize(("text", "person", "title", "org"), PEOPLE)
def test_people_get_the_role_the_text_gives(text: str, person: str, title: str, org: str) -> None:
    record = communique.extract(text)
    entity = next((e for e in record["entities"] if e["id"] == person), None)
    assert entity is not None, [e["id"] for e in record["entities"]]
    assert {"title": title, "org": org} in entity["roles"]


def test_a_bare_title_links_to_the_holder_at_the_document_date() -> None:
    text = "The Secretary-General of the United Nations opened the session."
    early = communique.extract(text, published="2012-05-01")
    late = communique.extract(text, published="2022-05-01")
    linked_early = {
        e["id"] for e in early["entities"] if any(m.get("via") == "title" for m in e["mentions"])
    }
    linked_late = {
        e["id"] for e in late["entities"] if any(m.get("via") == "title" for m in e["mentions"])
    }
    assert "person:ban-ki-moon" in linked_early
    assert "person:antonio-guterres" in linked_late

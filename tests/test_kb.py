"""The knowledge base and its user tools: search in any script, stats, check, extensions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import communique
from communique.cli import main
from communique.errors import CommuniqueError
from communique.kbtools import check, search, stats
from communique.resources.kb import load_kb

SEARCHES = [
    ("UNODC", "org:unodc"),
    ("ONUDC", "org:unodc"),
    ("Управление ООН по наркотикам и преступности", "org:unodc"),
    ("联合国毒品和犯罪问题办公室", "org:unodc"),
    ("مكتب الأمم المتحدة المعني بالمخدرات والجريمة", "org:unodc"),
    ("Oficina de las Naciones Unidas contra la Droga y el Delito", "org:unodc"),
    ("OMD", "org:wco"),
    ("世界海关组织", "org:wco"),
    ("Всемирной таможенной организации", "org:wco"),
    ("منظمة التعاون الإسلامي", "org:oic"),
    ("Addis-Abeba", "place:et:addis-ababa"),
    ("Женева", "place:ch:geneva"),
]


@pytest.mark.parametrize(("name", "ident"), SEARCHES)
def test_search_finds_an_entity_by_any_name_in_any_script(name: str, ident: str) -> None:
    assert search(load_kb(), name)[0]["id"] == ident


def test_stats_meet_the_coverage_the_product_promises() -> None:
    figures = stats(load_kb())
    assert figures["organizations"] >= 450
    assert figures["organizations_with_all_six_languages"] >= 0.9
    assert figures["people_with_terms"] >= 600
    assert figures["countries"] >= 249
    assert figures["cities"] >= 450


def test_the_shipped_knowledge_base_passes_its_own_check() -> None:
    report = check(load_kb())
    assert report.errors == []


def test_check_finds_broken_references_and_shared_aliases(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        """organizations:
  - id: org:test-one
    kind: igo
    parent: org:no-such-parent
    names: {en: [Test Organization Alpha]}
  - id: org:test-two
    kind: galaxy
    names: {en: [Test Organization Alpha]}
""",
        encoding="utf-8",
    )
    report = check(load_kb((str(bad),)))
    text = "\n".join(report.errors)
    assert "org:no-such-parent" in text
    assert "unknown kind 'galaxy'" in text
    assert "shared by org:test-one, org:test-two" in text


def test_an_extension_file_adds_an_organization_extraction_then_finds(tmp_path: Path) -> None:
    ext = tmp_path / "mine.yaml"
    ext.write_text(
        """organizations:
  - id: org:zqx
    kind: igo
    acronyms: {en: [ZQX], fr: [OZQ]}
    names: {en: [Zanzibar Quay Exchange], fr: [Bourse du quai de Zanzibar]}
""",
        encoding="utf-8",
    )
    record = communique.extract("La OZQ et l'ONU ont signé un mémorandum d'accord.", kb=str(ext))
    assert "org:zqx" in {e["id"] for e in record["entities"]}
    result = CliRunner().invoke(main, ["kb", "--kb", str(ext), "show", "org:zqx"])
    assert result.exit_code == 0
    assert json.loads(result.output)["name"] == "Zanzibar Quay Exchange"


def test_a_malformed_extension_is_a_coded_error(tmp_path: Path) -> None:
    ext = tmp_path / "broken.yaml"
    ext.write_text("organizations: [{names: {en: [No Id]}}]\n", encoding="utf-8")
    with pytest.raises(CommuniqueError) as err:
        load_kb((str(ext),))
    assert err.value.code == "E205"


def test_cli_stats_json_and_check_exit_status() -> None:
    result = CliRunner().invoke(main, ["kb", "stats", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.output)["organizations"] > 0
    assert CliRunner().invoke(main, ["kb", "check"]).exit_code == 0

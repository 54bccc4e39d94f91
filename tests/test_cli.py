"""The command line: formats, exit codes, errors and the documented examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from communique.cli import main

TEXT = "Le 9 juillet 2018, le Secrétaire général de l'ONU a rencontré le Secrétaire général d'INTERPOL à Lyon."


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_text("联合国秘书长会见国际刑警组织秘书长。", encoding="utf-8")
    return tmp_path


def test_extract_jsonl_prints_one_record_per_document_in_input_order(corpus: Path) -> None:
    result = CliRunner().invoke(main, ["extract", str(corpus / "a.txt"), str(corpus / "b.txt")])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert [r["language"] for r in records] == ["fr", "zh"]


def test_extract_json_is_one_array(corpus: Path) -> None:
    result = CliRunner().invoke(main, ["extract", str(corpus), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)) == 2


def test_extract_pretty_is_readable(corpus: Path) -> None:
    result = CliRunner().invoke(main, ["extract", str(corpus / "a.txt"), "--format", "pretty"])
    assert result.exit_code == 0, result.output
    assert "language fr" in result.output
    assert "1 document(s), 0 failed" in result.output


def test_exit_status_is_non_zero_only_when_every_input_failed(corpus: Path) -> None:
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    some = CliRunner().invoke(main, ["extract", str(corpus / "a.txt"), str(corpus / "empty.txt")])
    assert some.exit_code == 0
    assert json.loads(some.output.splitlines()[1])["error"]["code"] == "E101"
    every = CliRunner().invoke(
        main, ["extract", str(corpus / "empty.txt"), str(corpus / "missing.txt")]
    )
    assert every.exit_code == 1
    codes = [json.loads(line)["error"]["code"] for line in every.output.splitlines()]
    assert codes == ["E101", "E100"]


def test_unknown_stage_prints_the_code_and_a_hint(corpus: Path) -> None:
    result = CliRunner().invoke(main, ["extract", str(corpus), "--stages", "clean,nope"])
    assert result.exit_code == 2
    assert "E202" in result.output


def test_standard_input_is_read_with_a_dash() -> None:
    result = CliRunner().invoke(main, ["extract", "-"], input=TEXT.encode("utf-8"))
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["language"] == "fr"


@pytest.mark.parametrize("command", ["extract", "eval", "stages", "settings"])
def test_every_command_help_ends_with_a_real_example(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert "communique " in result.output.split("Example:")[1]


def test_settings_lists_every_setting_with_its_variable() -> None:
    from communique.settings import SETTINGS

    result = CliRunner().invoke(main, ["settings"])
    for setting in SETTINGS:
        assert setting.env in result.output

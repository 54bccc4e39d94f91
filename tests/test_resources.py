"""Resources are built from data/ deterministically: rebuilding gives the committed files."""

from __future__ import annotations

from pathlib import Path

from scripts.build_resources import OUT, build


def test_rebuilding_resources_gives_the_committed_files(tmp_path: Path) -> None:
    written = build(tmp_path)
    assert written, "no resources were built"
    for path in written:
        committed = OUT / path.relative_to(tmp_path)
        assert committed.exists(), f"{committed} is not committed: run scripts/build_resources.py"
        assert committed.read_bytes() == path.read_bytes(), (
            f"{committed} is stale: run scripts/build_resources.py"
        )


def test_building_twice_is_byte_identical(tmp_path: Path) -> None:
    first = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in build(tmp_path / "a")}
    second = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in build(tmp_path / "b")}
    assert first == second

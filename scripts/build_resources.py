#!/usr/bin/env python3
"""Build communique/resources/ from the reviewable sources under data/.

Deterministic: the same data/ gives byte-identical resources (sorted keys,
fixed separators), so a test can rebuild into a temporary folder and compare.

Every ``data/<path>.yaml`` becomes ``communique/resources/<path>.json``;
kinds that need more than a format change (the knowledge base, which adds
CLDR country names from babel) have a builder in BUILDERS.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
OUT = ROOT / "communique" / "resources"

sys.path.insert(0, str(ROOT))

Builder = Callable[[Path], dict[str, Any]]


def _kb_builder(data: Path) -> dict[str, Any]:
    from scripts.kb_build import build_kb

    return {"kb": build_kb(data)}


# Folders under data/ handled by a builder (name -> outputs) instead of a plain copy.
BUILDERS: dict[str, Builder] = {"kb": _kb_builder}


def dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def build(out: Path = OUT, data: Path = DATA) -> list[Path]:
    """Write every resource into `out`; return the files written."""
    written = []
    for path in sorted(data.rglob("*.yaml")):
        rel = path.relative_to(data)
        if rel.parts[0] in BUILDERS:
            continue
        target = out / rel.with_suffix(".json")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(dump(yaml.safe_load(path.read_text(encoding="utf-8"))), encoding="utf-8")
        written.append(target)
    for folder, builder in BUILDERS.items():
        if not (data / folder).exists():
            continue
        for name, value in builder(data / folder).items():
            target = out / f"{name}.json"
            target.write_text(dump(value), encoding="utf-8")
            written.append(target)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="output folder")
    args = parser.parse_args()
    files = build(args.out)
    print(f"built {len(files)} resources into {args.out}")


if __name__ == "__main__":
    main()

"""Generated resources (built from data/ by scripts/build_resources.py) and cached loaders.

Resources are JSON files under this package, named by their path below
``data/`` without the extension: ``load("dates/fr")`` reads
``resources/dates/fr.json``. Loading is lazy and cached per process.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources as importlib_resources
from typing import Any

from communique.errors import CommuniqueError


@cache
def load(name: str) -> Any:
    """Return the parsed resource `name` (e.g. "dates/fr"), cached."""
    path = importlib_resources.files("communique.resources").joinpath(*f"{name}.json".split("/"))
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CommuniqueError("E204", name) from None


def exists(name: str) -> bool:
    """Tell whether resource `name` was built."""
    path = importlib_resources.files("communique.resources").joinpath(*f"{name}.json".split("/"))
    return path.is_file()

"""Communiqué: cooperation events between international organizations, in six languages.

Public API:
    extract(text_or_path, **options) -> dict   the extraction record of one document
    extract_all(paths, **options) -> Iterator[dict]
    Pipeline                                    build and run the stages yourself
    open_store(url=None) -> Store               the knowledge store (SQLite or PostgreSQL)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from os import PathLike
from pathlib import Path
from typing import Any

from communique.pipeline import Pipeline
from communique.store import open_store

__version__ = "0.1.0"
__all__ = ["Pipeline", "__version__", "extract", "extract_all", "open_store"]


def extract(text_or_path: str | PathLike[str], **options: Any) -> dict[str, Any]:
    """Extract the record of one document given as text or as a path to a file.

    A `str` that names an existing file is read as that file; anything else is
    taken as the document's text. Options: `stages` (names), `languages`,
    `explain`, `published` (a YYYY-MM-DD hint when the text carries none).
    """
    from communique import sources

    pipeline = _pipeline(options)
    if _is_path(text_or_path):
        docs = list(sources.iter_documents([str(text_or_path)]))
        doc = docs[0]
    else:
        doc = sources.document_from_text(str(text_or_path))
    if options.get("published") and not doc.hints.get("published"):
        doc.hints["published"] = options["published"]
        doc.hints["published_source"] = "metadata"
    return pipeline(doc).to_record()


def extract_all(paths: Sequence[str], **options: Any) -> Iterator[dict[str, Any]]:
    """Yield the record of every document in `paths` (files, folders, globs, "-")."""
    from communique import sources

    pipeline = _pipeline(options)
    for doc in sources.iter_documents(paths, max_bytes=options.get("max_bytes")):
        yield pipeline(doc).to_record()


def _pipeline(options: dict[str, Any]) -> Pipeline:
    stage_options = {k: v for k, v in options.items() if k in ("languages", "explain", "kb")}
    return Pipeline.from_names(options.get("stages"), **stage_options)


def _is_path(value: str | PathLike[str]) -> bool:
    if isinstance(value, PathLike):
        return True
    if "\n" in value or len(value) > 4096:
        return False
    try:
        return Path(value).is_file()
    except OSError:
        return False

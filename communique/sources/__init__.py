"""Sources: paths, folders, globs, bytes and standard input turned into Documents.

Each format is a plugin registered in `communique.registry.SOURCES` (the
built-in text, HTML and JSONL ones too): an object with `name`, `extensions`,
`format` and `read(data, info)`. A file's source is chosen by its extension
through the registry, so a third-party format is picked up the same way.

Nothing here raises on a bad input: every problem becomes a Document whose
`error` holds a coded record (E1xx), and the run goes on with the next input.
"""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any, BinaryIO, Protocol

from communique import settings
from communique.documents import Document, SourceInfo
from communique.errors import CommuniqueError
from communique.registry import SOURCES
from communique.sources.text import bom_encoding, clean_text

__all__ = [
    "Source",
    "document_from_text",
    "error_document",
    "expand_input",
    "iter_documents",
    "read_bytes",
    "sniff_format",
    "source_for_format",
    "source_for_path",
]

STDIN_PATH = "<stdin>"
GLOB_CHARS = frozenset("*?[")
SNIFF_SAMPLE = 1024


class Source(Protocol):
    """What a source plugin provides (the built-ins and third-party ones alike)."""

    @property
    def name(self) -> str: ...

    @property
    def extensions(self) -> tuple[str, ...]: ...

    @property
    def format(self) -> str: ...

    def read(self, data: bytes, info: SourceInfo) -> Iterator[Document]: ...


def iter_documents(
    inputs: Sequence[str], *, max_bytes: int | None = None, stdin: BinaryIO | None = None
) -> Iterator[Document]:
    """Yield the documents of every input: paths, folders, globs and "-" for standard input."""
    limit = _limit(max_bytes)
    for item in map(os.fspath, inputs):  # pathlib paths are welcome too
        if item == "-":
            yield from _read_stdin(stdin if stdin is not None else sys.stdin.buffer, limit)
            continue
        paths = expand_input(item)
        if not paths:
            yield error_document("E100", item, SourceInfo(path=item))
        for path in paths:
            yield from read_path(path, max_bytes=limit)


def read_bytes(
    data: bytes,
    *,
    path: str | None = None,
    fmt: str | None = None,
    max_bytes: int | None = None,
) -> list[Document]:
    """Read in-memory bytes by `fmt` (source name or format), `path`'s extension, or sniffing."""
    info = SourceInfo(path=path)
    if len(data) > _limit(max_bytes):
        return [error_document("E104", f"{len(data)} bytes", info)]
    if fmt is not None:
        source = source_for_format(fmt)
    elif path is not None:
        source = source_for_path(path)
    else:
        source = source_for_format(sniff_format(data))
    if source is None:
        return [error_document("E105", fmt or path or "", info)]
    return list(run_source(source, data, info))


def document_from_text(text: str, **source_fields: Any) -> Document:
    """Wrap a string (already decoded) as a document, as the Python API's `extract("...")` does."""
    info = SourceInfo(**{"format": "text", **source_fields})
    raw = clean_text(text).removeprefix("\ufeff")
    if not raw.strip():
        return error_document("E101", "", info)
    return Document(raw=raw, source=info)


def read_path(path: str, *, max_bytes: int | None = None) -> Iterator[Document]:
    """Yield the documents of one file, or the one error document explaining why not."""
    info = SourceInfo(path=path)
    source = source_for_path(path)
    if source is None:
        yield error_document("E105", path, info)
        return
    try:
        data = _read_file(path, _limit(max_bytes))
    except CommuniqueError as exc:
        yield error_document(exc.code, exc.detail, info)
        return
    yield from run_source(source, data, info)


def _read_file(path: str, limit: int) -> bytes:
    """Return a file's bytes; raise E100, E104 or E109 (a too large file is never read whole)."""
    try:
        if os.stat(path).st_size > limit:
            raise CommuniqueError("E104", f"{path} is over {limit} bytes")
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise CommuniqueError("E100", path) from None
    except OSError as exc:
        raise CommuniqueError("E109", f"{path}: {exc.strerror or exc}") from None
    if len(data) > limit:  # the file grew, or is a pipe whose size stat cannot tell
        raise CommuniqueError("E104", f"{path} is over {limit} bytes")
    return data


def _read_stdin(stream: BinaryIO, limit: int) -> Iterator[Document]:
    info = SourceInfo(path=STDIN_PATH)
    try:
        data = stream.read(limit + 1)
    except OSError as exc:
        yield error_document("E109", f"standard input: {exc}", info)
        return
    if len(data) > limit:
        yield error_document("E104", f"standard input is over {limit} bytes", info)
        return
    source = source_for_format(sniff_format(data))
    if source is None:
        yield error_document("E105", "standard input", info)
        return
    yield from run_source(source, data, info)


def run_source(source: Source, data: bytes, info: SourceInfo) -> Iterator[Document]:
    """Yield what `source` reads from `data`, turning any failure into an error document."""
    name = getattr(source, "name", type(source).__name__)
    info = replace(info, format=getattr(source, "format", info.format))
    if not data.strip():
        yield error_document("E101", "", info)
        return
    try:
        for doc in source.read(data, info):
            yield _finish(doc, info)
    except CommuniqueError as exc:
        yield error_document(exc.code, exc.detail, info)
    except Exception as exc:  # a plugin's bug must not stop the run
        yield error_document("E110", f"{name}: {exc!r}", info)


def _finish(doc: Any, info: SourceInfo) -> Document:
    """Hold every source to the same contract: NFC text, "\\n" line breaks, a path."""
    if not isinstance(doc, Document):
        raise TypeError(f"read() yielded {type(doc).__name__}, not a Document")
    if doc.error is None:
        doc.raw = clean_text(doc.raw)
    if doc.title is not None:
        doc.title = clean_text(doc.title)
    if doc.source.path is None and info.path is not None:
        doc.source = replace(doc.source, path=info.path)
    return doc


def error_document(code: str, detail: str, info: SourceInfo) -> Document:
    """Return the record of an input that could not be read: no text, a coded error."""
    return Document(raw="", source=info, error=CommuniqueError(code, detail).as_record())


def expand_input(item: str) -> list[str]:
    """Return the files an input names: itself, a folder's or a glob's supported files (sorted)."""
    if GLOB_CHARS.intersection(item):
        found: set[str] = set()
        for match in glob.glob(item, recursive=True):
            if os.path.isdir(match):
                found.update(_walk(match))
            elif os.path.isfile(match) and source_for_path(match) is not None:
                found.add(match)
        return sorted(found)
    if os.path.isdir(item):
        return _walk(item)
    return [item] if os.path.exists(item) else []


def _walk(folder: str) -> list[str]:
    """Return the supported files under `folder`, recursively, skipping hidden ones."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if not name.startswith(".") and source_for_path(name) is not None:
                found.append(os.path.join(root, name))
    return sorted(found)


def source_for_path(path: str) -> Source | None:
    """Return the registered source whose extension ends `path` (the longest one wins)."""
    name = os.path.basename(path).lower()
    best, best_length = None, 0
    for _, source in SOURCES.items():
        for extension in getattr(source, "extensions", ()):
            suffix = "." + extension.lower().lstrip(".")
            if name.endswith(suffix) and len(name) > len(suffix) and len(suffix) > best_length:
                best, best_length = source, len(suffix)
    return best


def source_for_format(fmt: str) -> Source | None:
    """Return the source registered under the name `fmt`, else the first whose format is `fmt`."""
    try:
        return SOURCES.get(fmt)
    except KeyError:
        pass
    for _, source in SOURCES.items():
        if getattr(source, "format", None) == fmt:
            return source
    return None


def sniff_format(data: bytes) -> str:
    """Guess the format of unnamed bytes: "jsonl" on "{", "html" on "<", else "text"."""
    head = data[:SNIFF_SAMPLE]
    encoding = bom_encoding(head) or "latin-1"
    start = head.decode(encoding, errors="ignore").lstrip("\ufeff \t\r\n\f\v")
    if start.startswith("{"):
        return "jsonl"
    if start.startswith("<"):
        return "html"
    return "text"


def _limit(max_bytes: int | None) -> int:
    return int(settings.get("max_bytes", max_bytes))

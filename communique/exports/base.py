"""What an exporter is, how one is found, and writing its output safely.

An exporter is any object with a `name`, a file `suffix`, the optional
modules it `requires`, and `write(store, filters, out) -> int` that writes
to a binary stream and returns how many items it wrote. Files are written
under a temporary name and renamed at the end, so a failed export never
leaves half a file where a good one was.
"""

from __future__ import annotations

import importlib
import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import BinaryIO, Protocol, TextIO

from communique.errors import CommuniqueError
from communique.store.export_queries import NO_FILTERS
from communique.store.queries import Filters
from communique.store.store import Store


class Exporter(Protocol):
    """Writes the merged events that meet some filters in one format."""

    name: str
    suffix: str  # the usual file extension, with its dot
    requires: tuple[str, ...]  # optional modules imported on use (a missing one is E310)

    def write(self, store: Store, filters: Filters, out: BinaryIO) -> int:
        """Write to `out`; return the number of items (events, or nodes and edges) written."""
        ...


def get_exporter(name: str) -> Exporter:
    """Return the exporter registered as `name` (E311 when there is none)."""
    from communique.registry import EXPORTERS

    try:
        exporter: Exporter = EXPORTERS.get(name)
    except KeyError:
        known = ", ".join(EXPORTERS.names())
        raise CommuniqueError("E311", f"{name!r}: choose one of {known}") from None
    return exporter


def require(module: str, fmt: str = "") -> ModuleType:
    """Import an optional module, or raise E310 naming the extra that provides it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        what = f"{fmt} export needs {module}" if fmt else f"{module} is not installed"
        raise CommuniqueError("E310", what) from None


def export(
    store: Store,
    fmt: str,
    out: str | os.PathLike[str] | BinaryIO | None = None,
    filters: Filters = NO_FILTERS,
) -> int:
    """Export the events meeting `filters` as `fmt` to a path, a binary stream or stdout (None)."""
    exporter = get_exporter(fmt)
    for module in exporter.requires:
        require(module, fmt)
    if out is None or out == "-":
        return exporter.write(store, filters, sys.stdout.buffer)
    if isinstance(out, str | os.PathLike):
        with atomic_file(Path(out)) as stream:
            return exporter.write(store, filters, stream)
    return exporter.write(store, filters, out)


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """Yield a binary file that replaces `path` only when the block ends cleanly (E312)."""
    # A name of our own next to the target (same file system, so the rename is atomic);
    # open() rather than mkstemp so the file gets the usual permissions (umask).
    temporary = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        with open(temporary, "wb") as stream:
            yield stream
        os.replace(temporary, path)
    except OSError as exc:
        raise CommuniqueError("E312", f"{path}: {exc.strerror or exc}") from None
    finally:
        if temporary.exists():
            temporary.unlink()


@contextmanager
def text_stream(out: BinaryIO) -> Iterator[TextIO]:
    """Yield a UTF-8 text view of a binary stream, flushed and detached (left open) at the end."""
    wrapper = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        yield wrapper
        wrapper.flush()
    finally:
        wrapper.detach()

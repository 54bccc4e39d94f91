"""Planning: inputs on disk (or stored documents) turned into chunks of work.

The planner runs in the writer's process and does only I/O and hashing: it
reads each file's bytes, hashes them, and skips what the store already holds
(so a rerun extracts nothing twice). A JSONL file is split into its lines,
each its own input, so a large file spreads over the workers and a rerun
resumes mid-file.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import BinaryIO

from communique import settings, sources
from communique.batch.work import Chunk, WorkItem
from communique.errors import CommuniqueError
from communique.store import Incoming, Store

UNSPLITTABLE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE)


class _FileDone:
    """Marks the end of one input file in the plan (for the progress bar)."""


FILE_DONE = _FileDone()
Step = WorkItem | Incoming | _FileDone | None


def failure(label: str, code: str, detail: str = "") -> Incoming:
    """Return the record of an input that could not be read, for the errors table."""
    error = CommuniqueError(code, detail).as_record()
    return Incoming(record={"id": None, "error": error}, raw_hash="", input=label)


def plan_inputs(
    paths: Sequence[str],
    known: set[str],
    *,
    max_bytes: int | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[Step]:
    """Yield a work item per new input, a failure per unreadable one, None per known one.

    `FILE_DONE` follows the steps of each input file (for the progress bar).
    """
    limit = int(settings.get("max_bytes", max_bytes))
    for name in map(os.fspath, paths):
        if name == "-":
            data = _read_stdin(stdin, limit)
            yield from _plan_bytes(sources.STDIN_PATH, data, known, sources.sniff_format(data))
            yield FILE_DONE
            continue
        files = sources.expand_input(name)
        if not files:
            yield failure(name, "E100", name)
            yield FILE_DONE
        for path in files:
            yield from _plan_file(path, known, limit)
            yield FILE_DONE


def _plan_file(path: str, known: set[str], limit: int) -> Iterator[Step]:
    if sources.source_for_path(path) is None:
        yield failure(path, "E105", path)
        return
    try:
        data = _read(path, limit)
    except CommuniqueError as exc:
        yield failure(path, exc.code, exc.detail)
        return
    yield from _plan_bytes(path, data, known, None)


def _plan_bytes(path: str, data: bytes, known: set[str], fmt: str | None) -> Iterator[Step]:
    """Plan one input's bytes: `fmt` for standard input (sniffed), None to go by the extension."""
    if (fmt or _extension_format(path)) == "jsonl" and _splittable(data):
        yield from _plan_lines(path, data, known)
        return
    digest = hashlib.sha256(data).hexdigest()
    yield None if digest in known else WorkItem(path, digest, path=path, data=data, fmt=fmt)


def _extension_format(path: str) -> str | None:
    source = sources.source_for_path(path)
    return getattr(source, "format", None) if source is not None else None


def _plan_lines(path: str, data: bytes, known: set[str]) -> Iterator[Step]:
    for number, line in enumerate(data.split(b"\n"), start=1):
        if not line.strip():
            continue
        digest = hashlib.sha256(line).hexdigest()
        if digest in known:
            yield None
            continue
        yield WorkItem(f"{path}:{number}", digest, path=path, data=line, fmt="jsonl", line=number)


def _splittable(data: bytes) -> bool:
    """Tell whether JSONL bytes can be cut at newlines (not UTF-16/32)."""
    return not data.startswith(UNSPLITTABLE_BOMS)


def _read(path: str, limit: int) -> bytes:
    try:
        if os.stat(path).st_size > limit:
            raise CommuniqueError("E104", f"{path} is over {limit} bytes")
        with open(path, "rb") as handle:
            return handle.read(limit + 1)
    except FileNotFoundError:
        raise CommuniqueError("E100", path) from None
    except OSError as exc:
        raise CommuniqueError("E109", f"{path}: {exc.strerror or exc}") from None


def _read_stdin(stream: BinaryIO | None, limit: int) -> bytes:
    return (stream if stream is not None else sys.stdin.buffer).read(limit + 1)


def chunked(plan: Iterable[Step], size: int, first: int | None = None) -> Iterator[Chunk]:
    """Group a plan into chunks of about `size` inputs each, starting at `first` and doubling.

    Why the ramp: the number of documents is unknown until the plan is read
    (a JSONL file holds any number), so small first chunks keep every worker
    busy on a small corpus, and large later ones keep commits few on a big one.
    """
    target = max(1, min(size, first or size))
    chunk = Chunk()
    for step in plan:
        if isinstance(step, _FileDone):
            chunk.files_done += 1
            continue
        if isinstance(step, WorkItem):
            chunk.items.append(step)
        elif isinstance(step, Incoming):
            chunk.ready.append(step)
        else:
            chunk.skipped += 1
        if chunk.size >= target:
            yield chunk
            chunk = Chunk()
            target = min(size, target * 2)
    if chunk.size or chunk.files_done:
        yield chunk


def plan_stored(store: Store, size: int, stale_for: str | None = None) -> Iterator[Chunk]:
    """Yield chunks of the documents stored now, to extract again, each replacing itself.

    Documents stored after the start (a re-extraction whose text changed gets
    a new key) are not visited twice.
    """
    last = store.last_document_key()
    after = 0
    while True:
        batch = [row for row in store.source_documents(after, size, stale_for) if row[0] <= last]
        if not batch:
            return
        after = batch[-1][0]
        items = [
            WorkItem(doc_id, raw_hash, document=doc, replaces=doc_id)
            for _, doc_id, raw_hash, doc in batch
        ]
        yield Chunk(items=items, files_done=len(items))

"""The unit of work: extract a chunk of inputs into records, in any process.

`extract_chunk` is a plain, picklable function of picklable arguments: it
runs in the calling process, in a multiprocessing worker or on a Dask worker
alike. Each process builds its pipeline once (cached per options). Nothing
here touches the database: the writer is elsewhere, and single.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources as importlib_resources
from pathlib import Path

from communique import __version__, settings, sources
from communique.documents import Document
from communique.pipeline import Pipeline
from communique.store import Incoming


@dataclass(frozen=True)
class PipelineOptions:
    """How to build the pipeline (hashable, so each process builds it once)."""

    stages: str | None = None
    languages: str | None = None
    kb: tuple[str, ...] = ()
    max_bytes: int | None = None


DEFAULT_OPTIONS = PipelineOptions()


@dataclass(frozen=True)
class WorkItem:
    """One input to extract: bytes read by the planner, or a stored document to reprocess."""

    label: str  # names the input in errors: a path, path:line or <stdin>
    raw_hash: str
    path: str | None = None
    data: bytes | None = None
    fmt: str | None = None
    line: int | None = None  # a JSONL line read on its own
    document: Document | None = None
    replaces: str | None = None  # reprocess: the stored document's id


@dataclass
class Chunk:
    """A batch for one worker call and one write transaction."""

    items: list[WorkItem] = field(default_factory=list)
    ready: list[Incoming] = field(default_factory=list)  # failures found while planning
    skipped: int = 0  # inputs already stored
    files_done: int = 0  # input files this chunk completes

    @property
    def size(self) -> int:
        return len(self.items) + len(self.ready) + self.skipped


@dataclass
class ChunkResult:
    incoming: list[Incoming]
    skipped: int
    files_done: int


def run_chunk(chunk: Chunk, options: PipelineOptions) -> ChunkResult:
    """Extract a chunk's items and pass its planning results through (what workers run)."""
    extracted = extract_chunk(chunk.items, options) if chunk.items else []
    return ChunkResult(chunk.ready + extracted, chunk.skipped, chunk.files_done)


def extract_chunk(items: list[WorkItem], options: PipelineOptions) -> list[Incoming]:
    """Return the records of every document in `items`, errors included, in input order."""
    pipeline = build_pipeline(options)
    version = pipeline_version(options)
    out = []
    for item in items:
        for doc, raw_hash in read_item(item, options):
            out.append(extract_one(pipeline, doc, item, raw_hash, version))
    return out


def read_item(item: WorkItem, options: PipelineOptions) -> list[tuple[Document, str]]:
    """Return the documents of an item with the raw hash each is stored under."""
    if item.document is not None:
        return [(replace(item.document), item.raw_hash)]
    docs = sources.read_bytes(
        item.data or b"", path=item.path, fmt=item.fmt, max_bytes=options.max_bytes
    )
    if item.line is not None:
        for doc in docs:
            doc.source = replace(doc.source, line=item.line)
    if len(docs) == 1:
        return [(docs[0], item.raw_hash)]
    # Several documents in one input (an unsplit JSONL file): a hash each, never the input's.
    return [(doc, _sub_hash(item.raw_hash, i)) for i, doc in enumerate(docs)]


def _sub_hash(raw_hash: str, index: int) -> str:
    return hashlib.sha256(f"{raw_hash}:{index}".encode()).hexdigest()


def extract_one(
    pipeline: Pipeline, doc: Document, item: WorkItem, raw_hash: str, version: str
) -> Incoming:
    """Run the pipeline on one document and wrap its record for the writer."""
    raw, hints, warnings = doc.raw, dict(doc.hints), list(doc.warnings)
    record = pipeline(doc).to_record()
    label = item.label
    if item.document is None and doc.source.line is not None and item.line is None:
        label = f"{item.label}:{doc.source.line}"
    return Incoming(
        record=record,
        raw_hash=raw_hash,
        input=label,
        raw=raw,
        hints=hints,
        source_warnings=warnings,
        pipeline_version=version,
        replaces=item.replaces,
    )


@lru_cache(maxsize=4)
def build_pipeline(options: PipelineOptions) -> Pipeline:
    """Return the pipeline for `options`, built once per process."""
    extra: dict[str, str] = {}
    if options.languages:
        extra["languages"] = options.languages
    if options.kb:
        extra["kb"] = ",".join(options.kb)
    return Pipeline.from_names(options.stages, **extra)


@lru_cache(maxsize=4)
def pipeline_version(options: PipelineOptions) -> str:
    """Return a version naming the code, stages and knowledge: it changes on any upgrade."""
    digest = hashlib.sha256()
    root = importlib_resources.files("communique.resources")
    for path in sorted(Path(str(root)).rglob("*.json")):
        digest.update(path.read_bytes())
    for extension in options.kb or tuple(settings.as_list(settings.get("kb"))):
        digest.update(Path(extension).read_bytes())
    stages = ",".join(build_pipeline(options).names)
    return f"{__version__}+{digest.hexdigest()[:12]}:{stages}"

"""Running chunks: workers extract, the calling process alone writes, batch by batch.

Extraction runs in worker processes (or in-process with one worker); results
come back in plan order and each chunk is written in one transaction, with a
savepoint per document. Why per batch and not per document: one commit per
batch is what makes SQLite fast (a commit is a WAL sync), and a kill loses
at most the batches not yet committed, which a rerun redoes since their
inputs are not marked as stored. A Dask executor would only need `submit`.
"""

from __future__ import annotations

import multiprocessing
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Protocol

from communique import sources
from communique.batch.plan import chunked, plan_inputs, plan_stored
from communique.batch.work import (
    DEFAULT_OPTIONS,
    Chunk,
    ChunkResult,
    PipelineOptions,
    pipeline_version,
    run_chunk,
)
from communique.store import BatchOutcome, Store

DEFAULT_BATCH_SIZE = 64


@dataclass
class Summary:
    """Running totals of a run, for the progress bar and the final report."""

    stored: int = 0
    replaced: int = 0
    duplicates: int = 0
    skipped: int = 0
    errors: int = 0
    files_done: int = 0
    files_total: int | None = None
    started: float = field(default_factory=time.monotonic)

    @property
    def documents(self) -> int:
        """Return the documents written, replaced or found already stored in this run."""
        return self.stored + self.replaced + self.duplicates

    @property
    def rate(self) -> float:
        """Return documents extracted per second since the start."""
        elapsed = time.monotonic() - self.started
        return self.documents / elapsed if elapsed > 0 else 0.0

    def add(self, outcome: BatchOutcome, result: ChunkResult) -> None:
        """Count a written chunk."""
        self.stored += outcome.stored
        self.replaced += outcome.replaced
        self.duplicates += outcome.duplicates
        self.errors += outcome.errors
        self.skipped += result.skipped
        self.files_done += result.files_done


ProgressCallback = Callable[[Summary], None]


class Executor(Protocol):
    def submit(self, chunk: Chunk) -> Callable[[], ChunkResult]: ...

    def close(self, cancel: bool) -> None: ...


class InProcess:
    """Extract in the calling process (one worker, tests, debugging)."""

    def __init__(self, options: PipelineOptions) -> None:
        self.options = options

    def submit(self, chunk: Chunk) -> Callable[[], ChunkResult]:
        result = run_chunk(chunk, self.options)
        return lambda: result

    def close(self, cancel: bool) -> None:
        """Nothing to release."""


class Processes:
    """Extract in a pool of worker processes, each with its own pipeline."""

    def __init__(self, workers: int, options: PipelineOptions) -> None:
        self.workers = workers
        self.options = options
        self.pool: Any = None  # started on the first chunk with work (a rerun may have none)

    def submit(self, chunk: Chunk) -> Callable[[], ChunkResult]:
        if not chunk.items:
            result = run_chunk(chunk, self.options)
            return lambda: result
        if self.pool is None:
            # forkserver: children start clean, never inheriting the writer's database
            # handles or a progress-bar thread mid-lock.
            methods = multiprocessing.get_all_start_methods()
            method = "forkserver" if "forkserver" in methods else "spawn"
            context = multiprocessing.get_context(method)
            self.pool = context.Pool(self.workers, initializer=_ignore_interrupts)
        return self.pool.apply_async(run_chunk, (chunk, self.options)).get

    def close(self, cancel: bool) -> None:
        """Stop the workers: at once when cancelled, else after their last task."""
        if self.pool is None:
            return
        if cancel:
            self.pool.terminate()
        else:
            self.pool.close()
        self.pool.join()


def _ignore_interrupts() -> None:
    # Ctrl-C reaches every process of the terminal's group; the writer alone handles it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def make_executor(workers: int, options: PipelineOptions) -> Executor:
    """Return the in-process executor for one worker, else a process pool."""
    return InProcess(options) if workers <= 1 else Processes(workers, options)


def ordered_results(
    executor: Executor, chunks: Iterable[Chunk], depth: int
) -> Iterator[ChunkResult]:
    """Yield results in chunk order, keeping at most `depth` chunks in flight (bounded memory)."""
    pending: deque[Callable[[], ChunkResult]] = deque()
    for chunk in chunks:
        pending.append(executor.submit(chunk))
        if len(pending) >= depth:
            yield pending.popleft()()
    while pending:
        yield pending.popleft()()


def run(
    store: Store,
    chunks: Iterable[Chunk],
    *,
    workers: int = 1,
    options: PipelineOptions = DEFAULT_OPTIONS,
    on_progress: ProgressCallback | None = None,
    summary: Summary | None = None,
) -> Summary:
    """Extract every chunk and write each one in one transaction; return the totals."""
    summary = summary or Summary()
    executor = make_executor(workers, options)
    finished = False
    try:
        for result in ordered_results(executor, chunks, depth=max(2, 2 * workers)):
            summary.add(store.write(result.incoming), result)
            if on_progress is not None:
                on_progress(summary)
        finished = True
    finally:
        executor.close(cancel=not finished)
    store.optimize()
    return summary


def ingest(
    paths: Sequence[str],
    store: Store,
    *,
    workers: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    options: PipelineOptions = DEFAULT_OPTIONS,
    on_progress: ProgressCallback | None = None,
    stdin: BinaryIO | None = None,
) -> Summary:
    """Extract and store every document in `paths`, skipping inputs already stored."""
    summary = Summary(files_total=count_files(paths))
    known = store.known_inputs()
    plan = plan_inputs(paths, known, max_bytes=options.max_bytes, stdin=stdin)
    chunks = chunked(plan, max(1, batch_size), first=1 if workers > 1 else None)
    return run(
        store, chunks, workers=workers, options=options, on_progress=on_progress, summary=summary
    )


def reprocess(
    store: Store,
    *,
    workers: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    options: PipelineOptions = DEFAULT_OPTIONS,
    stale_only: bool = False,
    on_progress: ProgressCallback | None = None,
) -> Summary:
    """Extract every stored document again and replace its derived data (each atomically)."""
    stale_for = pipeline_version(options) if stale_only else None
    chunks = plan_stored(store, batch_size, stale_for)
    return run(store, chunks, workers=workers, options=options, on_progress=on_progress)


def count_files(paths: Sequence[str]) -> int:
    """Return how many input files `paths` name (a missing one and stdin count as one)."""
    return sum(1 if p == "-" else max(1, len(sources.expand_input(p))) for p in paths)


def describe(summary: Summary) -> dict[str, Any]:
    """Return the totals as a dict (for the CLI's final line and JSON output)."""
    return {
        "stored": summary.stored,
        "replaced": summary.replaced,
        "duplicates": summary.duplicates,
        "skipped": summary.skipped,
        "errors": summary.errors,
        "docs_per_second": round(summary.rate, 1),
    }

"""Batch runs: sources -> pipeline -> store, in chunks, with one writer.

    from communique.batch import ingest, reprocess
    summary = ingest(["corpus/"], store, workers=4)

`work.extract_chunk` is the unit of work (picklable, no database), `plan`
turns inputs into chunks, `runner` runs them on local processes; a Dask
executor needs only a `submit(chunk)` method (see `runner.Executor`).
"""

from __future__ import annotations

from communique.batch.runner import DEFAULT_BATCH_SIZE, Summary, describe, ingest, reprocess
from communique.batch.work import PipelineOptions, extract_chunk

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "PipelineOptions",
    "Summary",
    "describe",
    "extract_chunk",
    "ingest",
    "reprocess",
]

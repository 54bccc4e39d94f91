"""A progress bar for batch runs: input files done, documents, docs/s and errors."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from communique.batch.runner import ProgressCallback, Summary


@contextmanager
def progress_bar(total: int | None, disabled: bool = False) -> Iterator[ProgressCallback]:
    """Yield a callback that shows a run's `Summary` on standard error while the block runs."""
    columns = (
        BarColumn(),
        TextColumn("{task.completed}/{task.total} inputs"),
        TextColumn("{task.fields[docs]} docs"),
        TextColumn("{task.fields[rate]:.1f} docs/s"),
        TextColumn("{task.fields[errors]} errors"),
        TimeElapsedColumn(),
    )
    console = Console(stderr=True)
    with Progress(*columns, console=console, disable=disabled, transient=False) as progress:
        task = progress.add_task("ingest", total=total, docs=0, rate=0.0, errors=0)

        def update(summary: Summary) -> None:
            progress.update(
                task,
                completed=summary.files_done,
                docs=summary.documents,
                rate=summary.rate,
                errors=summary.errors,
            )

        yield update

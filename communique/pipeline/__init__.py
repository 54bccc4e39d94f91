"""The pipeline: named stages, each a callable Document -> Document.

A stage declares what it requires and what it assigns; `Pipeline` checks the
order when it is built (spaCy's way), so a misordered setting fails early
with E201 instead of producing quietly wrong records.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from communique import settings
from communique.documents import Document
from communique.errors import CommuniqueError
from communique.registry import STAGES

# What a source fills in before any stage runs.
SOURCE_ASSIGNS = ("raw", "source", "title", "hints")


class Stage:
    """Base class for pipeline stages. Subclasses hold only picklable options."""

    name: ClassVar[str] = "stage"
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ()

    def __init__(self, **options: Any) -> None:
        self.options = options

    def __call__(self, doc: Document) -> Document:  # pragma: no cover - abstract
        raise NotImplementedError


class Pipeline:
    """An ordered list of stages that turns a source document into a record."""

    def __init__(self, stages: Iterable[Stage]) -> None:
        self.stages = list(stages)
        check_order(self.stages)

    @classmethod
    def from_names(cls, names: Iterable[str] | None = None, **options: Any) -> Pipeline:
        """Build the pipeline from stage names (default: the `stages` setting)."""
        chosen = settings.as_list(names if names is not None else settings.get("stages"))
        stages = []
        for name in chosen:
            try:
                factory = STAGES.get(name)
            except KeyError:
                raise CommuniqueError("E202", name) from None
            stages.append(factory(**options))
        return cls(stages)

    def __call__(self, doc: Document) -> Document:
        """Run every stage on `doc`; a failing stage turns into an E200 error on the record."""
        if doc.error is not None:
            return doc
        for stage in self.stages:
            try:
                doc = stage(doc)
            except CommuniqueError as exc:
                doc.error = exc.as_record()
                return doc
            except Exception as exc:  # one bad document never stops a batch
                doc.error = CommuniqueError("E200", f"{stage.name}: {exc!r}").as_record()
                return doc
        return doc

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]


def check_order(stages: list[Stage]) -> None:
    """Raise E201 when a stage requires something no earlier stage assigns."""
    available = set(SOURCE_ASSIGNS)
    for stage in stages:
        missing = [r for r in stage.requires if r not in available]
        if missing:
            raise CommuniqueError("E201", f"{stage.name} needs {', '.join(missing)}")
        available.update(stage.assigns)

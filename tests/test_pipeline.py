"""Building and running the pipeline: order checks, unknown stages, failing stages."""

from __future__ import annotations

from typing import ClassVar

import pytest

from communique.documents import Document, SourceInfo
from communique.errors import CommuniqueError
from communique.pipeline import Pipeline, Stage
from communique.registry import STAGES


def test_default_pipeline_has_every_stage_in_order() -> None:
    assert Pipeline.from_names().names == [
        "clean",
        "langid",
        "dates",
        "entities",
        "events",
        "contexts",
    ]


def test_misordered_stages_fail_early_with_e201() -> None:
    with pytest.raises(CommuniqueError) as err:
        Pipeline.from_names(["langid", "clean"])
    assert err.value.code == "E201"


def test_unknown_stage_is_e202() -> None:
    with pytest.raises(CommuniqueError) as err:
        Pipeline.from_names(["clean", "no-such-stage"])
    assert err.value.code == "E202"


def test_switching_a_stage_off_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMMUNIQUE_STAGES", "clean,langid")
    pipeline = Pipeline.from_names()
    doc = pipeline(Document(raw="The United Nations met INTERPOL in Lyon.", source=SourceInfo()))
    assert pipeline.names == ["clean", "langid"]
    assert doc.language == "en"
    assert doc.entities == [] and doc.events == []


class Exploding(Stage):
    name: ClassVar[str] = "exploding"
    requires: ClassVar[tuple[str, ...]] = ("text",)
    assigns: ClassVar[tuple[str, ...]] = ()

    def __call__(self, doc: Document) -> Document:
        raise RuntimeError("boom")


def test_a_failing_stage_becomes_a_coded_error_and_the_batch_goes_on() -> None:
    STAGES.register("exploding", Exploding)
    pipeline = Pipeline.from_names(["clean", "exploding"])
    bad = pipeline(Document(raw="some text"))
    good = Pipeline.from_names(["clean"])(Document(raw="other text"))
    assert bad.error is not None and bad.error["code"] == "E200"
    assert "exploding" in bad.error["message"]
    assert good.error is None and good.text == "other text"


def test_stages_are_picklable() -> None:
    import pickle

    pipeline = Pipeline.from_names()
    clone = pickle.loads(pickle.dumps(pipeline))
    assert clone.names == pipeline.names

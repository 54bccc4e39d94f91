"""Ingest and reprocess: idempotent, durable, and killed for real half-way.

The corpora are written here from templates (short reports of our own in
several languages), never copied from the evaluation documents.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from communique import batch, extract
from communique.batch import PipelineOptions, Summary
from communique.batch.plan import chunked
from communique.store import open_store
from tests.store_support import OTHERS, SAME_MEETING

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    """Six reports of one meeting, a JSONL file with two reports and a broken line, a binary file."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for lang, text in SAME_MEETING.items():
        (folder / f"{lang}.txt").write_text(text, encoding="utf-8")
    lines = [
        json.dumps({"id": "a", "text": OTHERS["en-health"], "published": "2022-02-03"}),
        "{not json",
        json.dumps({"id": "b", "text": OTHERS["fr-agreement"], "lang": "fr"}, ensure_ascii=False),
    ]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02\x03binary\x00" * 50)
    return folder


def _errors(store: Any) -> list[tuple[str, str]]:
    from sqlalchemy import text

    with store.reading() as conn:
        rows = conn.execute(text("SELECT input, code FROM errors ORDER BY input")).all()
    return [(Path(i).name, c) for i, c in rows]


def test_ingest_stores_documents_and_records_failures(corpus: Path, tmp_path: Path) -> None:
    missing = str(tmp_path / "nowhere.txt")
    with open_store(str(tmp_path / "c.db")) as store:
        summary = batch.ingest([str(corpus), missing], store, batch_size=3)
        errors = _errors(store)
        assert store.check() == []
        counts = store.counts()
    assert (summary.stored, summary.errors) == (8, 3)
    assert errors == [("broken.txt", "E102"), ("feed.jsonl:2", "E106"), ("nowhere.txt", "E100")]
    assert counts["documents"] == 8 and counts["inputs"] == 8


def test_a_rerun_extracts_nothing_already_stored(corpus: Path, tmp_path: Path) -> None:
    with open_store(str(tmp_path / "c.db")) as store:
        batch.ingest([str(corpus)], store)
        again = batch.ingest([str(corpus)], store)
        with (corpus / "feed.jsonl").open("a", encoding="utf-8") as feed:
            feed.write(json.dumps({"text": OTHERS["en-later"]}) + "\n")
        third = batch.ingest([str(corpus)], store)
        counts = store.counts()
    assert (again.stored, again.skipped, again.errors) == (0, 8, 2)
    assert (third.stored, third.skipped) == (1, 8)
    assert counts["documents"] == 9 and counts["errors"] == 2


def test_standard_input_is_read_line_by_line_when_it_is_jsonl(tmp_path: Path) -> None:
    lines = [json.dumps({"text": OTHERS[k]}, ensure_ascii=False) for k in ("en-later", "en-health")]
    data = io.BytesIO(("\n".join(lines) + "\n").encode("utf-8"))
    with open_store(str(tmp_path / "c.db")) as store:
        summary = batch.ingest(["-"], store, stdin=data)
        sources = [store.get_record(i)["source"] for i in store.document_ids()]
    assert summary.stored == 2
    assert [(s["path"], s["line"]) for s in sources] == [("<stdin>", 1), ("<stdin>", 2)]


def test_the_same_text_in_two_files_is_stored_once(corpus: Path, tmp_path: Path) -> None:
    (corpus / "copy-of-ar.txt").write_text(SAME_MEETING["ar"] + "\n\n", encoding="utf-8")
    with open_store(str(tmp_path / "c.db")) as store:
        summary = batch.ingest([str(corpus)], store)
        assert store.counts()["documents"] == 8
    assert (summary.stored, summary.duplicates) == (8, 1)


def test_a_stored_document_equals_its_extraction(corpus: Path, tmp_path: Path) -> None:
    path = str(corpus / "zh.txt")
    with open_store(str(tmp_path / "c.db")) as store:
        batch.ingest([path], store)
        record = extract(path)
        assert store.get_record(record["id"]) == record


def test_reprocess_replaces_derived_data_without_duplicates(corpus: Path, tmp_path: Path) -> None:
    without_contexts = PipelineOptions(stages="clean,langid,dates,entities,events")
    with open_store(str(tmp_path / "c.db")) as store:
        batch.ingest([str(corpus)], store, options=without_contexts)
        before = store.counts()
        first = store.get_record(extract(str(corpus / "ru.txt"))["id"])
        summary = batch.reprocess(store, batch_size=3)
        stale = batch.reprocess(store, stale_only=True)
        after = store.counts()
        record = extract(str(corpus / "ru.txt"))
        assert store.get_record(record["id"]) == record
        assert store.check() == []
    assert not any(e["contexts"] for e in first["events"])
    assert any(e["contexts"] for e in record["events"])
    assert (summary.replaced, stale.replaced) == (8, 0)
    same = ("documents", "events", "participants", "clusters", "inputs", "mentions")
    assert {k: after[k] for k in same} == {k: before[k] for k in same}


def test_an_interrupted_run_keeps_its_committed_batches(corpus: Path, tmp_path: Path) -> None:
    seen: list[int] = []

    def interrupt(summary: Summary) -> None:
        seen.append(summary.documents)
        if summary.documents >= 2:
            raise KeyboardInterrupt  # what Ctrl-C raises between two batches

    with open_store(str(tmp_path / "c.db")) as store:
        with pytest.raises(KeyboardInterrupt):
            batch.ingest([str(corpus)], store, batch_size=2, on_progress=interrupt)
        kept = store.counts()["documents"]
        rest = batch.ingest([str(corpus)], store)
        assert store.counts()["documents"] == 8
        assert store.check() == []
    assert 2 <= kept == seen[-1] < 8
    assert (rest.stored, rest.skipped) == (8 - kept, kept)


@pytest.mark.parametrize(
    ("steps", "first", "sizes"),
    [
        (200, 1, [1, 2, 4, 8, 16, 32, 64, 64, 9]),  # several workers: a ramp, then full batches
        (200, None, [64, 64, 64, 8]),  # one worker: full batches at once
        (3, 1, [1, 2]),
    ],
)
def test_chunks_start_small_and_grow_to_the_batch_size(
    steps: int, first: int | None, sizes: list[int]
) -> None:
    """One JSONL file of many lines must not become a commit per document, nor one chunk."""
    plan = [None] * steps  # inputs already stored: the cheapest steps
    assert [c.size for c in chunked(plan, 64, first=first)] == sizes


def test_one_jsonl_file_spreads_over_workers_in_growing_batches(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "id": f"n{i}",
                "text": TEMPLATES["en"].format(
                    day=i % 28 + 1,
                    month="May",
                    year=1980 + i,
                    a="UNICEF",
                    b="INTERPOL",
                    city="Lyon",
                ),
            }
        )
        for i in range(40)
    ]
    source = tmp_path / "news.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    written: list[int] = []
    with open_store(str(tmp_path / "j.db")) as store:
        summary = batch.ingest(
            [str(source)],
            store,
            workers=2,
            batch_size=16,
            on_progress=lambda s: written.append(s.documents),
        )
        assert store.counts()["documents"] == 40
    assert summary.stored == 40
    batches = [b - a for a, b in zip([0, *written], written, strict=False)]
    assert batches == [1, 2, 4, 8, 16, 9]


# --- a real process, killed with SIGKILL half-way ---------------------------------------------

ORGS = {
    "en": [
        "the United Nations Office on Drugs and Crime",
        "the International Organization for Migration",
        "the World Health Organization",
        "the World Customs Organization",
        "INTERPOL",
        "UNICEF",
    ],
    "fr": [
        "l'Office des Nations Unies contre la drogue et le crime",
        "l'Organisation internationale pour les migrations",
        "l'Organisation mondiale de la Santé",
        "l'Organisation mondiale des douanes",
        "INTERPOL",
        "l'UNICEF",
    ],
}
CITIES = {"en": ["Vienna", "Geneva", "Brussels", "Lyon"], "fr": ["Vienne", "Genève", "Bruxelles"]}
MONTHS = {
    "en": ["January", "March", "May", "July", "September", "November"],
    "fr": ["janvier", "mars", "mai", "juillet", "septembre", "novembre"],
}
TEMPLATES = {
    "en": "On {day} {month} {year} {a} and {b} signed a memorandum of understanding in {city}.",
    "fr": "Le {day} {month} {year}, {a} et {b} ont signé un mémorandum d'accord à {city}.",
}


def generated_corpus(folder: Path, count: int) -> list[Path]:
    """Write `count` distinct short reports in English and French from templates."""
    folder.mkdir()
    paths = []
    for i in range(count):
        lang = "en" if i % 2 else "fr"
        orgs = ORGS[lang]
        a, b = orgs[i % len(orgs)], orgs[(i // len(orgs) + i + 1) % len(orgs)]
        if a == b:
            b = orgs[(orgs.index(a) + 1) % len(orgs)]
        text = TEMPLATES[lang].format(
            day=1 + i % 28,
            month=MONTHS[lang][i // 28 % 6],
            year=2000 + i // 168,
            a=a,
            b=b,
            city=CITIES[lang][i % len(CITIES[lang])],
        )
        path = folder / f"{i:04d}-{lang}.txt"
        path.write_text(text[0].upper() + text[1:], encoding="utf-8")
        paths.append(path)
    return paths


def _ingest_command(folder: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "communique.cli", "ingest", str(folder), "--db", str(db)]


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.Error:  # not created yet
        return 0


def test_an_ingest_killed_with_sigkill_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    paths = generated_corpus(tmp_path / "generated", 400)
    db = tmp_path / "killed.db"
    options = ["--workers", "2", "--batch-size", "5", "--quiet"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    log = tmp_path / "stderr.txt"
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            _ingest_command(tmp_path / "generated", db) + options,
            env=env,
            start_new_session=True,  # its own process group: the kill takes the workers too
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
        deadline = time.monotonic() + 120
        while _stored(db) < 40 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    with open_store(str(db)) as store:
        stored_at_kill = store.counts()["documents"]
        assert 0 < stored_at_kill < len(paths), log.read_text(errors="replace")[-2000:]
        assert store.check() == []
        checked = 0
        for path in paths:  # the stored documents are complete
            record = extract(str(path))
            if store.has_document(record["id"]):
                assert store.get_record(record["id"]) == record
                checked += 1
            if checked == 10:
                break

    rerun = subprocess.run(
        [*_ingest_command(tmp_path / "generated", db), "--workers", "1", "--quiet"],
        env=env,
        capture_output=True,
    )
    assert rerun.returncode == 0, rerun.stderr.decode()
    with open_store(str(db)) as store:
        counts = store.counts()
        known = store.known_inputs()
        assert store.check() == []
    assert counts["documents"] == counts["inputs"] == len(paths)
    assert {hashlib.sha256(p.read_bytes()).hexdigest() for p in paths} == known
    assert f"skipped {stored_at_kill}" in rerun.stdout.decode()

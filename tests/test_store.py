"""The store: migrations, record round trip, idempotence, deletion, and coded errors.

Runs on SQLite and on PostgreSQL (see tests/store_support.py).
"""

from __future__ import annotations

import contextlib
import copy
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, inspect, text

from communique.errors import CommuniqueError
from communique.store import Incoming, memo, open_store, queries, raw_hash, views
from communique.store.migrations import LATEST, MIGRATIONS, SQLITE_SEARCH
from tests.store_support import OTHERS, SAME_MEETING, records_of
from tests.store_support import postgres_database as postgres_database  # pytest fixtures
from tests.store_support import store_url_fixture as store_url_fixture

LANGS = sorted(SAME_MEETING)


@pytest.fixture(scope="module")
def records() -> dict[str, dict[str, Any]]:
    return records_of(SAME_MEETING, published="2023-03-15")


def incoming(record: dict[str, Any], raw: str | None = None, label: str = "") -> Incoming:
    raw_text = raw if raw is not None else record["text"]
    return Incoming(record, raw_hash(raw_text), label or record["id"], raw=raw_text)


def test_opening_applies_every_migration_once_and_records_it(store_url: str) -> None:
    with open_store(store_url) as store:
        assert store.version() == LATEST
    with open_store(store_url) as store, store.reading() as conn:
        rows = conn.execute(text("SELECT version, description FROM schema_migrations")).all()
    assert [(m.version, m.description) for m in MIGRATIONS] == sorted(rows)


MERGE_COLUMNS = ("merge_type", "merge_from", "merge_until")


def _downgrade_to_version_5(store: Any) -> None:
    """Make the database what version 5 left: no merge keys on participants."""
    with store.writing() as conn:
        conn.exec_driver_sql("DROP INDEX ix_participants_merge")
        for column in MERGE_COLUMNS:
            conn.exec_driver_sql(f"ALTER TABLE participants DROP COLUMN {column}")
        conn.exec_driver_sql("DELETE FROM schema_migrations WHERE version >= 6")


def _merge_keys(store: Any) -> list[tuple[Any, ...]]:
    with store.reading() as conn:
        query = "SELECT event, seq, merge_type, merge_from, merge_until FROM participants"
        return sorted(tuple(row) for row in conn.exec_driver_sql(query))


def test_migration_6_gives_an_older_database_its_merge_keys(
    store_url: str, records: dict[str, dict[str, Any]]
) -> None:
    with open_store(store_url) as store:
        store.write([incoming(records["en"])])
        written = _merge_keys(store)
        _downgrade_to_version_5(store)
    with open_store(store_url) as store:  # opening migrates
        assert store.version() == LATEST
        assert _merge_keys(store) == written
        assert {row[2:] for row in written} == {("CONSULT", "2023-03-14", "2023-03-14")}
        store.write([incoming(records["fr"])])  # merges through the migrated keys
        with store.reading() as conn:
            clusters = conn.exec_driver_sql("SELECT count(*), max(n_documents) FROM clusters")
            assert tuple(clusters.one()) == (1, 2)


def test_migration_7_indexes_an_older_database_by_words(
    store_url: str, records: dict[str, dict[str, Any]]
) -> None:
    with open_store(store_url) as store:
        store.write([incoming(records[lang]) for lang in LANGS])
        with store.writing() as conn:  # what version 6 left: the trigram index
            if store.dialect == "sqlite":
                conn.exec_driver_sql("DROP TABLE search")
                conn.exec_driver_sql(SQLITE_SEARCH[0])
            conn.exec_driver_sql("DELETE FROM search")
            conn.exec_driver_sql("DELETE FROM schema_migrations WHERE version >= 7")
    with open_store(store_url) as store:
        assert store.version() == LATEST
        found = {hit["language"] for hit in queries.search(store, "INTERPOL")}
        assert found == set(LANGS) - {"ar", "zh", "ru"}  # the others write it in their script
        assert [hit["language"] for hit in queries.search(store, "Интерпол")] == ["ru"]
        assert store.check() == []


def test_migration_8_puts_both_dates_of_merged_events_in_their_indexes(store_url: str) -> None:
    with open_store(store_url) as store, store.writing() as conn:  # what version 7 left
        for name in ("ix_clusters_dates", "ix_clusters_type_dates"):
            conn.exec_driver_sql(f"DROP INDEX {name}")
        conn.exec_driver_sql("CREATE INDEX ix_clusters_first_date ON clusters (first_date)")
        conn.exec_driver_sql("CREATE INDEX ix_clusters_type_date ON clusters (type, first_date)")
        conn.exec_driver_sql("DELETE FROM schema_migrations WHERE version >= 8")
    with open_store(store_url) as store, store.reading() as conn:
        indexes = {i["name"]: i["column_names"] for i in inspect(conn).get_indexes("clusters")}
    assert indexes["ix_clusters_dates"] == ["first_date", "last_date"]
    assert indexes["ix_clusters_type_dates"] == ["type", "first_date", "last_date"]
    assert not {"ix_clusters_first_date", "ix_clusters_type_date"} & set(indexes)


def test_every_write_raises_the_generation_and_remembered_results_follow_it(
    store_url: str, records: dict[str, dict[str, Any]]
) -> None:
    calls: list[int] = []

    def count_documents() -> int:
        calls.append(1)
        return int(store.counts()["documents"])

    with open_store(store_url) as store:
        with store.reading() as conn:
            before = memo.generation(conn)
            assert store.memo.get(conn, "n", count_documents) == 0
            assert store.memo.get(conn, "n", count_documents) == 0  # remembered
        store.write([incoming(records["en"])])
        with store.reading() as conn:
            assert memo.generation(conn) > before
            assert store.memo.get(conn, "n", count_documents) == 1  # computed again
    assert len(calls) == 2


def test_the_network_and_matrix_show_a_new_document_at_once(
    store_url: str, records: dict[str, dict[str, Any]]
) -> None:
    with open_store(store_url) as store:
        store.write([incoming(records["en"])])
        first = views.graph(store)
        assert views.graph(store, lang="fr") == views.graph(store, lang="fr")
        assert {e["source"] for e in first["edges"]} | {e["target"] for e in first["edges"]} == {
            "org:unodc",
            "org:interpol",
        }
        assert len(views.matrix(store)["cells"]) == 2
        health = records_of({"health": OTHERS["en-health"]})["health"]
        store.write([incoming(health)])  # another pair: WHO and UNICEF
        second = views.graph(store)
        assert len(second["edges"]) == len(first["edges"]) + 1
        assert len(views.matrix(store)["cells"]) == 4


def test_optimizing_gathers_planner_statistics_on_postgresql(
    store_url: str, records: dict[str, dict[str, Any]]
) -> None:
    with open_store(store_url) as store:
        store.write([incoming(records[lang]) for lang in LANGS])
        store.optimize()  # what every ingest ends with
        if store.dialect != "postgresql":
            return  # SQLite's PRAGMA optimize decides for itself what to analyze
        with store.reading() as conn:
            analyzed = conn.exec_driver_sql(
                "SELECT count(*) FROM pg_stat_user_tables"
                " WHERE relname IN ('events', 'participants') AND last_analyze IS NOT NULL"
                " AND schemaname = current_schema()"
            ).scalar_one()
    assert analyzed == 2


@pytest.mark.parametrize("lang", LANGS)
def test_record_comes_back_as_it_went_in(
    store_url: str, records: dict[str, dict[str, Any]], lang: str
) -> None:
    record = records[lang]
    assert record["events"], f"the {lang} sentence should give an event"
    with open_store(store_url) as store:
        store.write([incoming(record)])
        assert store.get_record(record["id"]) == record
        assert store.check() == []


def test_the_same_text_twice_is_stored_once(
    store_url: str, records: dict[str, dict[str, Any]]
) -> None:
    record = records["fr"]
    with open_store(store_url) as store:
        first = store.write([incoming(record, label="a.txt")])
        # Another input (other bytes, say a different header) that cleans to the same text.
        second = store.write([incoming(record, raw="Accueil\n" + record["text"], label="b.txt")])
        counts = store.counts()
        known = store.known_inputs()
    assert (first.stored, second.stored, second.duplicates) == (1, 0, 1)
    assert counts["documents"] == 1
    assert counts["events"] == len(record["events"])
    assert {raw_hash(record["text"]), raw_hash("Accueil\n" + record["text"])} <= known


def test_a_failed_input_is_recorded_and_cleared_when_it_succeeds(
    store_url: str, records: dict[str, dict[str, Any]]
) -> None:
    failed = {"id": None, "error": {"code": "E103", "message": "input could not be decoded"}}
    with open_store(store_url) as store:
        outcome = store.write([Incoming(failed, "", "corpus/zh.txt")])
        assert (outcome.errors, store.counts()["errors"]) == (1, 1)
        store.write([incoming(records["zh"], label="corpus/zh.txt")])
        assert store.counts()["errors"] == 0


def _no_type(record: dict[str, Any]) -> None:
    del record["events"][0]["type"]  # a key the writer needs


def _no_party(record: dict[str, Any]) -> None:
    record["events"][0]["participants"][0]["entity"] = None  # NOT NULL in participants


@pytest.mark.parametrize("breakage", [_no_type, _no_party])
def test_a_record_the_database_refuses_fails_alone(
    store_url: str, records: dict[str, dict[str, Any]], breakage: Any
) -> None:
    broken = copy.deepcopy(records["es"])
    breakage(broken)
    batch = [incoming(records["en"]), incoming(broken, label="broken"), incoming(records["fr"])]
    with open_store(store_url) as store:
        outcome = store.write(batch)
        counts = store.counts()
        assert not store.has_document(broken["id"])
        assert store.check() == []
        with store.reading() as conn:
            errors = conn.exec_driver_sql("SELECT input, code FROM errors").all()
            searchable = conn.exec_driver_sql("SELECT count(*) FROM search").scalar_one()
        known = store.known_inputs()
    assert (outcome.stored, outcome.errors) == (2, 1)
    assert outcome.ids == [records["en"]["id"], records["fr"]["id"]]
    assert [tuple(e) for e in errors] == [("broken", "E300")]
    assert counts["documents"] == searchable == counts["inputs"] == 2
    assert raw_hash(broken["text"]) not in known


def test_deleting_a_document_removes_all_it_owns(
    store_url: str, records: dict[str, dict[str, Any]]
) -> None:
    with open_store(store_url) as store:
        store.write([incoming(records[lang]) for lang in LANGS])
        for lang in LANGS:
            store.delete_document(records[lang]["id"])
        counts = store.counts()
        assert store.check() == []
    owned = ("documents", "doc_entities", "mentions", "events", "participants", "clusters")
    assert {name: counts[name] for name in owned} == dict.fromkeys(owned, 0)


def test_an_unknown_id_is_error_e306(store_url: str) -> None:
    with open_store(store_url) as store, pytest.raises(CommuniqueError) as caught:
        store.get_record("doc:0000000000000000")
    assert caught.value.code == "E306"


def test_a_newer_database_is_refused(store_url: str) -> None:
    with open_store(store_url) as store, store.writing() as conn:
        conn.execute(
            text("INSERT INTO schema_migrations VALUES (:v, 'from the future', '2099-01-01')"),
            {"v": LATEST + 1},
        )
    with pytest.raises(CommuniqueError) as caught:
        open_store(store_url)
    assert caught.value.code == "E302"


# --- SQLite files that cannot be used -------------------------------------------------------


def test_a_file_of_junk_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not SQLite at all\x00\x01\x02" * 200)
    with pytest.raises(CommuniqueError) as caught:
        open_store(str(path))
    assert caught.value.code == "E301"


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    with pytest.raises(CommuniqueError) as caught:
        open_store(str(path))
    assert caught.value.code == "E301"


def test_a_path_that_cannot_be_created_is_e303(tmp_path: Path) -> None:
    # The tests run as root, who may write anywhere: a path under a regular file
    # fails for everyone, as a read-only folder would for a normal user.
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(CommuniqueError) as caught:
        open_store(str(blocker / "communique.db"))
    assert caught.value.code == "E303"


def test_a_missing_database_is_not_created_for_a_query(tmp_path: Path) -> None:
    with pytest.raises(CommuniqueError) as caught:
        open_store(str(tmp_path / "typo.db"), create=False)
    assert caught.value.code == "E303"
    assert not (tmp_path / "typo.db").exists()


def test_a_full_disk_stops_the_batch_and_leaves_no_partial_document(
    tmp_path: Path, records: dict[str, dict[str, Any]]
) -> None:
    path = tmp_path / "full.db"
    with open_store(str(path)) as store:
        store.write([incoming(records["en"])])
        store.engine.dispose()
        with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as raw:
            raw.execute("VACUUM")  # no free pages left to fill (migrations drop tables)
            pages = raw.execute("PRAGMA page_count").fetchone()[0]
        # Allow the file no more pages than it has: the next write fails with SQLITE_FULL.
        event.listen(
            store.engine,
            "connect",
            lambda conn, _: conn.execute(f"PRAGMA max_page_count={pages}"),
        )
        others = [incoming(records[lang]) for lang in LANGS if lang != "en"]
        long = copy.deepcopy(records["fr"])  # sure to need new pages: 40 KB of new words
        long["id"], long["text"] = "doc:long", long["text"] + " ".join(map(str, range(8000)))
        with pytest.raises(CommuniqueError) as caught:
            store.write([*others, incoming(long)])
    assert caught.value.code == "E304"
    with open_store(str(path)) as store:
        assert store.counts()["documents"] == 1
        assert store.check() == []
        assert store.get_record(records["en"]["id"]) == records["en"]


def test_an_unsupported_url_is_e308() -> None:
    with pytest.raises(CommuniqueError) as caught:
        open_store("mysql://localhost/communique")
    assert caught.value.code == "E308"


def test_an_unreachable_postgresql_server_is_e305() -> None:
    pytest.importorskip("psycopg")
    with pytest.raises(CommuniqueError) as caught:
        open_store("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")
    assert caught.value.code == "E305"


# --- property: any record the pipeline could write comes back unchanged ----------------------

DAYS = st.dates().map(lambda d: d.isoformat())
SHORT = st.text(max_size=30)
OPTIONAL = st.none() | SHORT


@st.composite
def varied_records(draw: Any, bases: list[dict[str, Any]]) -> dict[str, Any]:
    """Return a real record with every optional field drawn anew."""
    record = copy.deepcopy(draw(st.sampled_from(bases)))
    record["title"] = draw(OPTIONAL)
    record["source"] = {
        "path": draw(OPTIONAL),
        "url": draw(OPTIONAL),
        "format": draw(st.sampled_from(["text", "html", "jsonl"])),
        "fetched_at": draw(st.none() | DAYS),
        **draw(st.sampled_from([{}, {"encoding": "utf-8"}, {"line": 7}])),
    }
    record["published"] = draw(
        st.none()
        | st.fixed_dictionaries({"date": DAYS, "source": st.sampled_from(["text", "jsonl"])})
        | st.fixed_dictionaries(
            {"date": DAYS, "source": st.just("metadata"), "precision": st.just("month")}
        )
    )
    record["warnings"] = draw(st.lists(SHORT, max_size=3))
    record["removed"] = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "start": st.integers(0, 99),
                    "end": st.integers(0, 99),
                    "reason": SHORT,
                    "text": SHORT,
                }
            ),
            max_size=2,
        )
    )
    if draw(st.booleans()):
        record["external_id"] = draw(SHORT)
    if draw(st.booleans()):
        record["x_added_later"] = {"a": [1, "b", None]}
    for entity in record["entities"]:
        if entity["type"] == "organization":
            entity["acronym"] = draw(OPTIONAL)
    for ev in record["events"]:
        _vary_event(draw, ev)
    return record


def _vary_event(draw: Any, ev: dict[str, Any]) -> None:
    for flag in ("future", "historical", "hypothetical", "negated"):
        ev[flag] = draw(st.booleans())
    ev["confidence"] = draw(st.floats(0, 1))
    ev["mode"] = draw(st.none() | st.sampled_from(["visit", "phone", "multilateral"]))
    ev["meeting"] = draw(OPTIONAL)
    ev["date"] = draw(
        st.none()
        | st.fixed_dictionaries(
            {
                "start": DAYS,
                "end": st.none() | DAYS,
                "precision": st.sampled_from(["day", "month", "year"]),
                "source": st.sampled_from(["text", "published"]),
            }
        )
    )
    ev["place"] = draw(
        st.sampled_from(
            [
                ev["place"],
                None,
                {"virtual": True},
                {"country": "AT"},
                {"country": "AT", "hybrid": True},
            ]
        )
    )
    if draw(st.booleans()):
        ev["explain"] = draw(st.lists(SHORT, max_size=2))
    ev["contexts"] = draw(st.permutations(ev["contexts"]))


@pytest.mark.parametrize("lang", ["ar", "zh"])  # one base per run keeps examples quick
def test_any_record_round_trips_through_sqlite(
    records: dict[str, dict[str, Any]], lang: str
) -> None:
    with tempfile.TemporaryDirectory() as folder, open_store(f"{folder}/p.db") as store:
        bases = [records[lang], records["en"]]

        @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(varied_records(bases))
        def round_trip(record: dict[str, Any]) -> None:
            store.write([incoming(record)])
            try:
                assert store.get_record(record["id"]) == record
            finally:
                store.delete_document(record["id"])

        round_trip()
        assert store.counts()["documents"] == 0

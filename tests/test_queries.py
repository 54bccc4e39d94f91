"""Queries: events with filters, search in every script, show, partners, and their commands.

The store holds our own short reports: one meeting in six languages, the same
pair a month later, an agreement and a health meeting. Runs on SQLite and
PostgreSQL (see tests/store_support.py); the command-line tests on SQLite.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from communique.cli import main
from communique.errors import CommuniqueError
from communique.pipeline.normalize import fold_string
from communique.store import Incoming, Store, open_store, queries, raw_hash
from communique.store import search as fts
from communique.store.queries import Filters
from tests.store_support import OTHERS, SAME_MEETING, records_of
from tests.store_support import postgres_database as postgres_database  # pytest fixtures
from tests.store_support import store_url_fixture as store_url_fixture


@pytest.fixture(scope="module")
def records() -> dict[str, dict[str, Any]]:
    return records_of({**SAME_MEETING, **OTHERS})


@pytest.fixture()
def store(store_url: str, records: dict[str, dict[str, Any]]) -> Iterator[Store]:
    with open_store(store_url) as opened:
        opened.write(
            [Incoming(r, raw_hash(r["text"]), f"{key}.txt") for key, r in sorted(records.items())]
        )
        yield opened


def dates(found: list[dict[str, Any]]) -> list[str | None]:
    return [e["date"]["first"] for e in found]


# --- events ----------------------------------------------------------------------------------

UNODC_NAMES = [
    "org:unodc",
    "UNODC",
    "ONUDC",
    "unodc",
    "УНП ООН",
    "Управления ООН по наркотикам и преступности",  # not in the corpus: the knowledge base knows it
    "联合国毒品和犯罪问题办公室",
    "مكتب الأمم المتحدة المعني بالمخدرات والجريمة",
    "Oficina de las Naciones Unidas contra la Droga y el Delito",
]


@pytest.mark.parametrize("name", UNODC_NAMES)
def test_an_organization_is_found_by_any_of_its_names(store: Store, name: str) -> None:
    found = queries.events(store, Filters(org=name))
    assert dates(found) == ["2023-04-20", "2023-03-14"], name


FILTERS = [
    (Filters(), ["2023-04-20", "2023-03-14", "2022-02-02", "2021-06-05"]),
    (Filters(type="support"), ["2021-06-05"]),
    (Filters(lang="zh"), ["2023-03-14"]),
    (Filters(lang="fr"), ["2023-03-14", "2021-06-05"]),
    (Filters(since="2023-01-01"), ["2023-04-20", "2023-03-14"]),
    (Filters(until="2022-12-31"), ["2022-02-02", "2021-06-05"]),
    (Filters(since="2023-04-01", until="2023-04-30"), ["2023-04-20"]),
    (Filters(country="AT"), ["2023-03-14"]),
    (Filters(country="FR"), ["2023-04-20"]),
    (Filters(context="health"), ["2022-02-02"]),
    (Filters(person="Ghada Waly"), ["2023-04-20", "2023-03-14"]),
    (Filters(org="IOM", partner="OMD"), ["2021-06-05"]),
    (Filters(org="UNODC", partner="WHO"), []),
    (Filters(org="no such organization"), []),
]


@pytest.mark.parametrize(("filters", "expected"), FILTERS, ids=[str(f[0]) for f in FILTERS])
def test_events_filters(store: Store, filters: Filters, expected: list[str]) -> None:
    assert dates(queries.events(store, filters)) == expected


def test_a_merged_event_has_every_language_document_and_evidence(store: Store) -> None:
    (meeting,) = queries.events(store, Filters(lang="ar"))
    assert meeting["languages"] == sorted(SAME_MEETING)
    assert meeting["n_documents"] == len(meeting["documents"]) == 6
    assert {p["id"] for p in meeting["participants"]} == {"org:unodc", "org:interpol"}
    assert meeting["place"]["entity"] == "place:at:vienna"
    assert {"illegal_drugs", "trafficking"} <= set(meeting["contexts"])
    assert all(e["text"] for e in meeting["evidence"])


def test_iterating_over_events_pages_through_all(store: Store) -> None:
    assert len(list(queries.iter_events(store))) == 4


# --- search ----------------------------------------------------------------------------------

SEARCHES = [
    ("毒品", "zh"),  # a two-character Chinese word
    ("国际刑警组织", "zh"),
    ("維也納", "zh"),  # traditional characters find the simplified text
    ("الامم المتحدة", "ar"),  # no hamza: the text writes الأمم
    ("للإنتربول", "ar"),
    ("наркотик", "ru"),  # the text says наркотиками
    ("сотрудничество", "ru"),  # searched as its stem: the text says сотрудничестве
    ("memorandum d'accord", "fr"),  # no accent: the text writes mémorandum
    ('"contra la Droga"', "es"),
    ("vaccination", "en"),
]


@pytest.mark.parametrize(("query", "lang"), SEARCHES)
def test_search_finds_words_in_every_script(store: Store, query: str, lang: str) -> None:
    hits = queries.search(store, query)
    assert hits, query
    assert hits[0]["language"] == lang
    snippet = hits[0]["snippet"]
    start, end = snippet["highlight"]
    assert fold_string(snippet["text"][start:end]).replace("'", " ") != ""
    first_word = fold_string(query.strip('"').split()[0])
    assert first_word[:3] in fold_string(snippet["text"][start:end])


# Each pair: how a query may write a name, and how a text may; both must index alike.
SAME_WORDS = [
    ("ar", "الأمم المتحدة", "للأمم المتحدة"),  # the article with a fused preposition
    ("ar", "الإنتربول", "وبالإنتربول"),
    ("ar", "الامم", "والأمم"),
    ("ru", "Организация Объединённых Наций", "Организации Объединенных Наций"),
    ("ru", "сотрудничество", "сотрудничеством"),
    ("zh", "聯合國", "联合国"),
    ("fr", "Organisation mondiale de la Santé", "ORGANISATION MONDIALE DE LA SANTE"),
    ("es", "Oficina de las Naciones Unidas", "oficina de las naciones unidas"),
    ("en", "co-operation", "co operation"),
]


@pytest.mark.parametrize(("lang", "query", "written"), SAME_WORDS)
def test_query_and_text_index_as_the_same_words(lang: str, query: str, written: str) -> None:
    assert fts.search_text(query) == fts.search_text(written), lang


def test_chinese_is_indexed_one_character_a_word() -> None:
    assert fts.search_text("联合国毒品") == "联 合 国 毒 品"
    assert fts.fts_query(fts.parse_query("毒品")) == '"毒 品"'  # a phrase: no prefix


def test_only_the_last_word_of_three_letters_or_more_is_a_prefix() -> None:
    assert fts.fts_query(fts.parse_query("migra")) == '"migra"*'
    assert fts.fts_query(fts.parse_query('un "drug traff"')) == '"un" AND "drug traff"*'


def test_a_prefix_finds_longer_words_and_a_short_word_only_itself(store: Store) -> None:
    assert {h["language"] for h in queries.search(store, "vaccinat")} == {"en"}
    assert queries.search(store, "vacc inat") == []  # two words, neither is in the text
    assert queries.search(store, "nt") == []  # not the end of "agreement", say


def test_search_words_must_all_occur(store: Store) -> None:
    assert {h["language"] for h in queries.search(store, "INTERPOL Vienna")} == {"en"}
    assert queries.search(store, "INTERPOL vaccination") == []


def test_search_with_filters(store: Store) -> None:
    assert {h["language"] for h in queries.search(store, "INTERPOL", Filters(lang="fr"))} == {"fr"}
    assert queries.search(store, "INTERPOL", Filters(type="SUPPORT")) == []


def test_organization_search_finds_every_language_and_script(store: Store) -> None:
    hits = queries.search(store, "", Filters(org="ONUDC"))
    assert {h["language"] for h in hits} == set(SAME_MEETING)
    assert len(hits) == 7
    for hit in hits:  # the snippet is at the organization's first mention
        assert hit["snippet"]["highlight"] is not None


def test_an_empty_search_returns_nothing(store: Store) -> None:
    assert queries.search(store, "") == []


# --- show and partners -----------------------------------------------------------------------


def test_show_a_document_an_event_a_merged_event_and_an_entity(
    store: Store, records: dict[str, dict[str, Any]]
) -> None:
    document = queries.show(store, records["ru"]["id"])
    assert document["kind"] == "document" and document["language"] == "ru"
    event = queries.show(store, records["ru"]["events"][0]["id"])
    assert event["events"][0]["doc"] == records["ru"]["id"]
    merged = queries.show(store, event["events"][0]["cluster"])
    assert merged["kind"] == "cluster" and merged["n_documents"] == 6
    entity = queries.show(store, "ИНТЕРПОЛ")
    assert entity["id"] == "org:interpol"
    assert set(entity["languages"]) == set(SAME_MEETING)
    assert (entity["n_events"], entity["first_seen"], entity["last_seen"]) == (
        2,
        "2023-03-14",
        "2023-04-20",
    )


@pytest.mark.parametrize("ident", ["doc:0123456789abcdef", "ev:0123456789abcdef", "cl:x", "Nobody"])
def test_show_an_unknown_id_is_e306(store: Store, ident: str) -> None:
    with pytest.raises(CommuniqueError) as caught:
        queries.show(store, ident)
    assert caught.value.code == "E306"


def test_partners_of_an_organization(store: Store) -> None:
    found = queries.partners(store, "UNODC")
    (interpol,) = found["partners"]
    assert interpol["id"] == "org:interpol"
    assert (interpol["n_events"], interpol["first_seen"], interpol["last_seen"]) == (
        2,
        "2023-03-14",
        "2023-04-20",
    )
    assert interpol["types"] == {"CONSULT": 2}
    assert interpol["languages"] == sorted(SAME_MEETING)
    assert interpol["n_documents"] == 7
    assert {"illegal_drugs", "trafficking"} <= set(interpol["contexts"])


def test_a_partnership_over_time(store: Store) -> None:
    pair = queries.partnership(store, "Интерпол", "UNODC")
    assert dates(pair["events"]) == ["2023-03-14", "2023-04-20"]
    assert (pair["first_seen"], pair["last_seen"], pair["n_events"]) == (
        "2023-03-14",
        "2023-04-20",
        2,
    )


def test_partners_of_an_unknown_organization_is_e306(store: Store) -> None:
    with pytest.raises(CommuniqueError) as caught:
        queries.partners(store, "no such organization")
    assert caught.value.code == "E306"


# --- the commands ----------------------------------------------------------------------------


@pytest.fixture()
def database(tmp_path: Path) -> str:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for key, text in {**SAME_MEETING, **OTHERS}.items():
        (folder / f"{key}.txt").write_text(text, encoding="utf-8")
    db = str(tmp_path / "cli.db")
    result = CliRunner().invoke(main, ["ingest", str(folder), "--db", db, "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "stored 9" in result.output
    return db


def test_events_command_in_three_formats(database: str) -> None:
    runner = CliRunner()
    as_csv = runner.invoke(main, ["events", "--db", database, "--org", "ONUDC", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(as_csv.output)))
    assert [r["date"] for r in rows] == ["2023-04-20", "2023-03-14"]
    as_json = runner.invoke(
        main, ["events", "--db", database, "--type", "SUPPORT", "--format", "json"]
    )
    assert [e["type"] for e in json.loads(as_json.output)] == ["SUPPORT"]
    table = runner.invoke(main, ["events", "--db", database, "--lang", "zh"])
    assert "INTERPOL; UNODC" in table.output and "1 row(s)" in table.output


def test_search_show_and_partners_commands(database: str) -> None:
    runner = CliRunner()
    search = runner.invoke(main, ["search", "毒品", "--db", database, "--format", "json"])
    assert json.loads(search.output)[0]["language"] == "zh"
    shown = runner.invoke(main, ["show", "UNICEF", "--db", database])
    assert json.loads(shown.output)["id"] == "org:unicef"
    partners = runner.invoke(main, ["partners", "WHO", "--db", database, "--format", "csv"])
    assert next(iter(csv.DictReader(io.StringIO(partners.output))))["partner"] == "UNICEF"
    pair = runner.invoke(main, ["partners", "UNODC", "--with", "INTERPOL", "--db", database])
    assert "2 row(s)" in pair.output


def test_a_query_on_a_missing_database_says_what_to_do(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["events", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "E303" in result.output and "communique ingest" in result.output


def test_reprocess_command(database: str) -> None:
    result = CliRunner().invoke(main, ["reprocess", "--db", database, "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "replaced 9" in result.output
    merged = CliRunner().invoke(main, ["reprocess", "--db", database, "--merge-only"])
    assert "4 merged events" in merged.output

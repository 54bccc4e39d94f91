"""Exports: every format written from a small store in six languages, read back and checked.

The documents are our own: one meeting reported in English and French, one
agreement in Spanish and Russian, one visit in Arabic and Chinese, a grant
in English, and a text with no event. Each format is read back with its own
reader (csv, json, pyarrow, networkx) and checked for ids, counts, names and
filters, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from communique.cli import main
from communique.errors import CommuniqueError
from communique.exports import export
from communique.exports.plover import QUAD_CODES, actor_code, sides
from communique.exports.tabular import COLUMNS
from communique.registry import EXPORTERS
from communique.store import Store, open_store
from communique.store.queries import Filters
from tests.store_support import postgres_database as postgres_database  # pytest fixtures
from tests.store_support import store_url_fixture as store_url_fixture

# key: (language, published, text)
DOCUMENTS = {
    "en-meeting": (
        "en",
        "2022-05-10",
        "On 9 May 2022 the Director General of the International Organization for Migration "
        "met the Executive Director of the United Nations Office on Drugs and Crime in Vienna "
        "to discuss cooperation against migrant smuggling.",
    ),
    "fr-meeting": (
        "fr",
        "2022-05-11",
        "Le 9 mai 2022, le Directeur général de l'Organisation internationale pour les "
        "migrations a rencontré la Directrice exécutive de l'Office des Nations Unies contre la "
        "drogue et le crime à Vienne pour discuter de la lutte contre le trafic de migrants.",
    ),
    "es-mou": (
        "es",
        "2021-10-04",
        "El 3 de octubre de 2021, la Organización Mundial de la Salud y el Fondo de las Naciones "
        "Unidas para la Infancia firmaron un memorando de entendimiento en Ginebra sobre la "
        "vacunación infantil.",
    ),
    "ru-mou": (
        "ru",
        "2021-10-05",
        "3 октября 2021 года Всемирная организация здравоохранения и ЮНИСЕФ подписали в Женеве "
        "меморандум о взаимопонимании в области вакцинации детей.",
    ),
    "ar-visit": (
        "ar",
        "2023-01-13",
        "استقبل الأمين العام للإنتربول الأمين العام للمنظمة العالمية للجمارك في ليون يوم 12 "
        "يناير 2023 لبحث التعاون في مكافحة التهريب.",
    ),
    "zh-visit": (
        "zh",
        "2023-01-14",
        "2023年1月12日，国际刑警组织秘书长在里昂会见了世界海关组织秘书长，讨论打击走私的合作。",
    ),
    "en-grant": (
        "en",
        "2022-06-21",
        "On 20 June 2022 the European Union granted EUR 5 million to the World Food Programme "
        "for emergency food assistance in Somalia.",
    ),
    "en-weather": ("en", "2022-07-01", "The weather in Geneva was sunny and the lake was calm."),
}

# The merged events the documents make: (participants, type, first date, languages).
EXPECTED = {
    ("org:iom", "org:unodc"): ("CONSULT", "2022-05-09", ["en", "fr"]),
    ("org:unicef", "org:who"): ("SUPPORT", "2021-10-03", ["es", "ru"]),
    ("org:interpol", "org:wco"): ("CONSULT", "2023-01-12", ["ar", "zh"]),
    ("org:eu", "org:wfp"): ("AID", "2022-06-20", ["en"]),
}
LANGS = ("ar", "en", "es", "fr", "ru", "zh")
FORMATS = ("csv", "jsonl", "parquet", "plover", "graphml", "gexf")


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    """Extract the documents once, from a JSON-lines file with titles and URLs."""
    from communique import extract_all

    path = tmp_path_factory.mktemp("exports") / "documents.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for key, (lang, published, text) in DOCUMENTS.items():
            line = {"id": key, "lang": lang, "published": published, "text": text}
            line.update(title=f"Report {key}", url=f"https://example.org/{key}")
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    return list(extract_all([str(path)]))


@pytest.fixture()
def store(store_url: str, records: list[dict[str, Any]]) -> Iterator[Store]:
    with open_store(store_url) as opened:
        for record in records:
            opened.add_record(record)
        yield opened


def exported(store: Store, fmt: str, tmp_path: Path, filters: Filters | None = None) -> Path:
    path = tmp_path / f"out.{fmt}"
    export(store, fmt, path, filters or Filters())
    return path


def pairs_of(events: list[dict[str, Any]]) -> set[tuple[str, ...]]:
    return {tuple(sorted(p["id"] for p in e["participants"])) for e in events}


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_every_format_is_registered_under_its_name() -> None:
    assert set(FORMATS) <= set(EXPORTERS.names())
    for name in FORMATS:
        assert EXPORTERS.get(name).name == name


def test_csv_has_one_readable_row_per_event(store: Store, tmp_path: Path) -> None:
    path = exported(store, "csv", tmp_path)
    raw = path.read_bytes()
    assert raw.startswith(b"id,type,mode,")  # plain UTF-8: no byte-order mark
    assert b"\r\n" in raw  # RFC 4180 line ends
    rows = read_csv(path)
    assert [name for name, _ in COLUMNS] == list(rows[0])
    found = {tuple(sorted(r["participant_ids"].split("; "))): r for r in rows}
    assert set(found) == set(EXPECTED)
    for pair, (kind, first, languages) in EXPECTED.items():
        row = found[pair]
        assert (row["type"], row["date_start"], row["languages"]) == (
            kind,
            first,
            "; ".join(languages),
        )
        assert row["n_documents"] == str(len(languages))
        assert row["evidence"] and row["id"].startswith("cl:")
    meeting = found[("org:iom", "org:unodc")]
    assert "United Nations Office on Drugs and Crime" in meeting["participant_names"]
    assert (meeting["place"], meeting["country"]) == ("Vienna", "AT")
    assert meeting["date_precision"] == "day"


def test_jsonl_holds_every_report_and_evidence_span(store: Store, tmp_path: Path) -> None:
    events = read_lines(exported(store, "jsonl", tmp_path))
    assert pairs_of(events) == set(EXPECTED)
    for event in events:
        assert len(event["reports"]) == len(event["sources"]) == event["n_documents"]
        for source in event["sources"]:
            key = source["title"].removeprefix("Report ")
            assert source["url"] == f"https://example.org/{key}"
            assert source["language"] == DOCUMENTS[key][0]
        for report in event["reports"]:
            text = store.get_record(report["doc"])["text"]
            assert report["evidence"]
            for span in report["evidence"]:
                assert text[span["start"] : span["end"]] == span["text"]


def test_parquet_has_the_csv_columns_typed(store: Store, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(exported(store, "parquet", tmp_path))
    assert table.column_names == [name for name, _ in COLUMNS]
    assert table.schema.field("participant_ids").type == pa.list_(pa.string())
    assert table.schema.field("date_start").type == pa.date32()
    assert table.schema.field("n_documents").type == pa.int64()
    rows = {tuple(sorted(r["participant_ids"])): r for r in table.to_pylist()}
    assert set(rows) == set(EXPECTED)
    for pair, (kind, first, languages) in EXPECTED.items():
        assert rows[pair]["type"] == kind
        assert rows[pair]["date_start"].isoformat() == first
        assert rows[pair]["languages"] == languages


PLOVER_FIELDS = (
    *("id", "date", "source", "actor", "recipient", "event", "mode", "context"),
    *("event_loc", "event_text", "cite_info", "date_precision", "language", "languages"),
    "communique",
)


def test_plover_records_have_the_manual_fields_well_formed(store: Store, tmp_path: Path) -> None:
    records = read_lines(exported(store, "plover", tmp_path))
    assert len(records) == len(EXPECTED)
    for record in records:
        assert set(PLOVER_FIELDS) <= set(record)
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", record["date"])
        assert record["event"][0] in QUAD_CODES
        assert record["quad_code"] == QUAD_CODES[record["event"][0]]
        assert record["source"] == record["actor"] and len(record["recipient"]) == 1
        parties = [a["identifier_id"] for a in record["actor"] + record["recipient"]]
        assert tuple(sorted(parties)) in EXPECTED
        assert all(a["identifier_text"] and a["code"] for a in record["actor"])
        assert record["event_text"] and all(record["event_text"])
        assert all(c["url"].startswith("https://example.org/") for c in record["cite_info"])
        assert record["communique"]["id"] == record["id"]
        assert sorted(record["languages"]) == EXPECTED[tuple(sorted(parties))][2]


def test_plover_location_has_country_codes(store: Store, tmp_path: Path) -> None:
    records = read_lines(exported(store, "plover", tmp_path, Filters(org="org:unodc")))
    location = records[0]["event_loc"]
    assert location["name"] == "Vienna"
    assert (location["country code"], location["cc3"]) == ("AT", "AUT")


def party(ident: str, role: str = "participant", kind: str | None = "igo") -> dict[str, Any]:
    return {"id": ident, "name": ident.upper(), "role": role, "kind": kind}


@pytest.mark.parametrize(
    ("parties", "source", "recipient"),
    [
        ([party("org:a"), party("org:b")], ["org:a"], ["org:b"]),
        ([party("org:a", "recipient"), party("org:b", "actor")], ["org:b"], ["org:a"]),
        ([party("org:a"), party("org:b"), party("org:c")], ["org:a", "org:c"], ["org:b"]),
        ([party("org:a"), party("org:b", "recipient")], ["org:a"], ["org:b"]),
        ([party("org:a", "actor")], ["org:a"], []),
    ],
)
def test_plover_sides_follow_roles_else_the_first_two(
    parties: list[dict[str, Any]], source: list[str], recipient: list[str]
) -> None:
    found_source, found_recipient = sides(parties)
    assert [a["identifier_id"] for a in found_source] == source
    assert [a["identifier_id"] for a in found_recipient] == recipient


@pytest.mark.parametrize(
    ("entity", "code"),
    [
        ({"id": "org:who", "kind": "un_specialized_agency"}, ("IGO", None)),
        ({"id": "org:x", "kind": "ngo"}, ("NGO", None)),
        ({"id": "org:y", "kind": "national_institution", "country": "KE"}, ("KEN", "GOV")),
        ({"id": "country:kz", "kind": None}, ("KAZ", None)),
    ],
)
def test_plover_actor_codes(entity: dict[str, Any], code: tuple[str | None, str | None]) -> None:
    assert actor_code(entity) == code


def read_graph(path: Path, fmt: str) -> Any:
    import networkx as nx

    return nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_nodes_carry_six_names_and_edges_count_types(
    store: Store, tmp_path: Path, fmt: str
) -> None:
    graph = read_graph(exported(store, fmt, tmp_path), fmt)
    assert set(graph.nodes) == {org for pair in EXPECTED for org in pair}
    assert {tuple(sorted(edge)) for edge in graph.edges} == set(EXPECTED)
    wco = graph.nodes["org:wco"]
    assert (wco["name"], wco["kind"]) == ("World Customs Organization", "igo")
    assert wco["name_zh"] == "世界海关组织" and wco["name_ru"] == "Всемирная таможенная организация"
    assert all(wco[f"name_{lang}"] for lang in LANGS)
    for pair, (kind, first, _) in EXPECTED.items():
        edge = graph.edges[pair]
        assert edge[kind] == 1 and edge["total"] == 1
        assert sum(edge[t] for t in ("CONSULT", "AGREE", "SUPPORT", "COOPERATE", "AID")) == 1
        assert edge["first_date"] == first == edge["last_date"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(org="ONUDC"), {("org:iom", "org:unodc")}),
        (Filters(org="世界海关组织"), {("org:interpol", "org:wco")}),
        (Filters(lang="ru"), {("org:unicef", "org:who")}),
        (Filters(type="AID"), {("org:eu", "org:wfp")}),
        (Filters(country="AT"), {("org:iom", "org:unodc")}),
        (Filters(context="health"), {("org:unicef", "org:who")}),
        (Filters(since="2022-06-01"), {("org:interpol", "org:wco"), ("org:eu", "org:wfp")}),
        (Filters(until="2021-12-31"), {("org:unicef", "org:who")}),
        (Filters(org="org:nobody"), set()),
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet", "plover", "graphml"])
def test_filters_apply_to_every_format(
    store: Store, tmp_path: Path, fmt: str, filters: Filters, expected: set[tuple[str, str]]
) -> None:
    path = exported(store, fmt, tmp_path, filters)
    assert exported_pairs(path, fmt) == expected


def exported_pairs(path: Path, fmt: str) -> set[tuple[str, ...]]:
    if fmt == "csv":
        return {tuple(sorted(r["participant_ids"].split("; "))) for r in read_csv(path)}
    if fmt == "jsonl":
        return pairs_of(read_lines(path))
    if fmt == "plover":
        return {tuple(sorted(_ids(r))) for r in read_lines(path)}
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return {tuple(sorted(r)) for r in pq.read_table(path).column("participant_ids").to_pylist()}
    return {tuple(sorted(edge)) for edge in read_graph(path, fmt).edges}


def _ids(record: dict[str, Any]) -> list[str]:
    return [p["id"] for p in record["communique"]["participants"]]


@pytest.mark.parametrize(("fmt", "module"), [("parquet", "pyarrow"), ("graphml", "networkx")])
def test_a_missing_extra_is_e310_and_writes_nothing(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, module: str
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # makes `import module` raise ImportError
    folder = tmp_path / "exports"
    folder.mkdir()
    with pytest.raises(CommuniqueError) as caught:
        export(store, fmt, folder / f"out.{fmt}")
    assert caught.value.code == "E310"
    assert "pip install 'communique[exports]'" in caught.value.hint
    assert list(folder.iterdir()) == []


def test_an_unknown_format_is_e311(store: Store, tmp_path: Path) -> None:
    with pytest.raises(CommuniqueError) as caught:
        export(store, "xlsx", tmp_path / "out.xlsx")
    assert caught.value.code == "E311"
    assert "plover" in caught.value.detail


def test_an_unwritable_place_is_e312(store: Store, tmp_path: Path) -> None:
    with pytest.raises(CommuniqueError) as caught:
        export(store, "csv", tmp_path / "missing-folder" / "out.csv")
    assert caught.value.code == "E312"


def test_a_stream_receives_the_export(store: Store) -> None:
    buffer = io.BytesIO()
    assert export(store, "plover", buffer, Filters(lang="zh")) == 1
    assert json.loads(buffer.getvalue())["languages"] == ["ar", "zh"]


@pytest.fixture()
def database(tmp_path: Path, records: list[dict[str, Any]]) -> str:
    path = str(tmp_path / "cli.db")
    with open_store(path) as opened:
        for record in records:
            opened.add_record(record)
    return path


def test_export_command_writes_a_file_with_filters(database: str, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    args = ["export", "--format", "plover", "--out", str(out), "--db", database, "--org", "IOM"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    records = read_lines(out)
    assert [r["event"] for r in records] == [["CONSULT"]]
    assert "1 item(s) exported as plover" in result.output


def test_export_command_prints_csv_to_standard_output(database: str) -> None:
    result = CliRunner().invoke(main, ["export", "--format", "csv", "--db", database])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("id,type,mode,")
    assert "Всемирная" not in result.output  # names are the stored canonical (English) ones
    assert "World Health Organization" in result.output


def test_export_command_names_the_missing_extra(
    database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "networkx", None)
    args = ["export", "--format", "gexf", "--out", str(tmp_path / "n.gexf"), "--db", database]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "E310" in result.output and "communique[exports]" in result.output


def test_export_help_ends_with_a_real_example() -> None:
    result = CliRunner().invoke(main, ["export", "--help"])
    assert result.exit_code == 0
    assert "communique export --format" in result.output.split("Example:")[1]


def test_a_failed_export_keeps_the_previous_file(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from communique.exports import tabular
    from communique.store.export_queries import iter_export_events

    def failing(store: Store, filters: Filters) -> Iterator[dict[str, Any]]:
        yield next(iter(iter_export_events(store, filters)))
        raise CommuniqueError("E307", "the database went busy mid-export")

    target = tmp_path / "events.csv"
    target.write_text("the previous export\n", encoding="utf-8")
    monkeypatch.setattr(tabular, "iter_export_events", failing)
    with pytest.raises(CommuniqueError):
        export(store, "csv", target)
    assert target.read_text(encoding="utf-8") == "the previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir() if "events" in p.name) == ["events.csv"]

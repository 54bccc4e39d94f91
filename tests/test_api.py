"""The JSON API: every endpoint over a store built from our own reports, errors, security, ingest.

The store holds one meeting reported in six languages, a later meeting of
the same pair, an agreement, health meetings (one report carries hostile
HTML and script), and reports in Arabic, Chinese, Spanish, Russian and
French. The read-only cases run on SQLite and on PostgreSQL (see
tests/store_support.py); errors, ingest and the command on SQLite.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from communique import settings
from communique.api import create_app
from communique.api.middleware import CONTENT_SECURITY_POLICY
from communique.cli import http_ingest, main
from communique.store import Incoming, open_store, raw_hash
from tests.store_support import OTHERS, SAME_MEETING, _admin, records_of
from tests.store_support import postgres_database as postgres_database  # pytest fixture

API = "/api/v1"
HOSTILE = "<script>alert(1)</script>"
HOSTILE_IMG = "<img src=x onerror=alert(1)>"

# Our own reports, one or more per language; "en-hostile" carries markup that must stay data.
REPORTS = {
    "en-hostile": "On 10 May 2023 the Director-General of the World Health Organization met the "
    "Executive Director of UNICEF in Geneva to discuss child vaccination. "
    f"{HOSTILE} {HOSTILE_IMG}",
    "zh-un": "2022年9月5日，联合国秘书长在纽约会见了世界卫生组织总干事，双方讨论了全球卫生合作。",
    "ar-un": "التقى الأمين العام للأمم المتحدة المدير العام لمنظمة الصحة العالمية في جنيف يوم 12 "
    "أكتوبر 2022 لبحث التعاون في مجال الصحة.",
    "es-fao": "El 8 de noviembre de 2021, la Organización de las Naciones Unidas para la "
    "Alimentación y la Agricultura y el Programa Mundial de Alimentos firmaron un memorando de "
    "entendimiento en Roma sobre seguridad alimentaria.",
    "ru-iom": "15 июня 2020 года Международная организация по миграции и Управление Верховного "
    "комиссара ООН по делам беженцев провели в Женеве консультации по вопросам миграции.",
    "fr-unesco": "Le 3 février 2024, l'UNESCO et l'Union africaine ont signé à Addis-Abeba un "
    "accord de coopération dans le domaine de l'éducation.",
}


@pytest.fixture(scope="module")
def records() -> dict[str, dict[str, Any]]:
    return records_of({**SAME_MEETING, **OTHERS, **REPORTS})


def _fill(url: str, records: dict[str, dict[str, Any]]) -> None:
    with open_store(url) as store:
        store.write(
            [Incoming(r, raw_hash(r["text"]), f"{key}.txt") for key, r in sorted(records.items())]
        )


@pytest.fixture(scope="module")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory, records: dict[str, Any]) -> str:
    url = str(tmp_path_factory.mktemp("api") / "api.db")
    _fill(url, records)
    return url


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def client(
    request: pytest.FixtureRequest, sqlite_url: str, records: dict[str, Any]
) -> Iterator[TestClient]:
    """A read-only app over the fixture store, on each backend."""
    if request.param == "sqlite":
        with TestClient(create_app(sqlite_url)) as opened:
            yield opened
        return
    database = request.getfixturevalue("postgres_database")
    schema = f"api_{uuid.uuid4().hex[:10]}"
    _admin(database, f"CREATE SCHEMA {schema}")
    url = f"{database}?options=-csearch_path%3D{schema},public"
    _fill(url, records)
    try:
        with TestClient(create_app(url)) as opened:
            yield opened
    finally:
        _admin(database, f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(scope="module")
def lite(sqlite_url: str) -> Iterator[TestClient]:
    """The read-only app on SQLite (for errors, which do not depend on the backend)."""
    with TestClient(create_app(sqlite_url)) as opened:
        yield opened


def get(client: TestClient, path: str, status: int = 200, **params: Any) -> Any:
    response = client.get(API + path, params=params)
    assert response.status_code == status, response.text
    return response.json()


def event_with(client: TestClient, org: str, **params: Any) -> dict[str, Any]:
    found = get(client, "/events", org=org, **params)["items"]
    assert found, org
    return found[0]


def doc_id_of(records: dict[str, Any], key: str) -> str:
    return str(records[key]["id"])


# --- security: headers and hostile text -------------------------------------------------------

EVERY_KIND_OF_RESPONSE = [
    "/events",
    "/events/cl:missing",
    "/events?limit=0",
    "/entities?q=UNODC",
    "/search?q=alert",
    "/graph",
    "/matrix",
    "/countries",
    "/stats",
    "/settings",
    "/openapi.json",
    "/docs",
    "/no-such-endpoint",
]


@pytest.mark.parametrize("path", EVERY_KIND_OF_RESPONSE)
def test_every_response_carries_the_security_headers(lite: TestClient, path: str) -> None:
    response = lite.get(API + path)
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_hostile_text_comes_back_as_data_never_markup(
    client: TestClient, records: dict[str, Any]
) -> None:
    doc = doc_id_of(records, "en-hostile")
    response = client.get(f"{API}/documents/{doc}")
    assert response.headers["content-type"].startswith("application/json")
    assert b"<" not in response.content and b">" not in response.content
    assert "\\u003cscript\\u003e" in response.text
    text = response.json()["text"]
    assert HOSTILE in text and HOSTILE_IMG in text


def test_hostile_text_in_search_snippets_is_escaped(client: TestClient) -> None:
    response = client.get(f"{API}/search", params={"q": "onerror"})
    assert response.status_code == 200
    assert b"<img" not in response.content
    hits = response.json()["items"]
    assert hits and "<img src=x onerror" in hits[0]["snippet"]["text"]


def test_the_reference_page_escapes_and_loads_nothing_from_outside(lite: TestClient) -> None:
    page = lite.get(f"{API}/docs")
    assert page.headers["content-type"].startswith("text/html")
    assert "/api/v1/events" in page.text and "<script" not in page.text
    assert "http://" not in page.text and "https://" not in page.text
    assert lite.get(f"{API}/docs.css").headers["content-type"].startswith("text/css")


# --- events ------------------------------------------------------------------------------------


def test_events_list_every_merged_event_newest_first(client: TestClient) -> None:
    page = get(client, "/events")
    assert page["total"] == len(page["items"]) == 10
    assert (page["limit"], page["offset"]) == (50, 0)
    starts = [e["date"]["start"] for e in page["items"]]
    assert starts == sorted(starts, reverse=True)


def test_events_paginate_without_overlap(client: TestClient) -> None:
    everything = [e["id"] for e in get(client, "/events")["items"]]
    first = get(client, "/events", limit=4)["items"]
    second = get(client, "/events", limit=4, offset=4)["items"]
    last = get(client, "/events", limit=4, offset=8)
    assert [e["id"] for e in first + second + last["items"]] == everything
    assert last["total"] == 10 and len(last["items"]) == 2


@pytest.mark.parametrize(
    ("sort", "key", "reverse"),
    [
        ("date", lambda e: e["date"]["start"], False),
        ("-date", lambda e: e["date"]["start"], True),
        ("documents", lambda e: e["documents"], False),
        ("-documents", lambda e: e["documents"], True),
    ],
)
def test_events_sort(client: TestClient, sort: str, key: Any, reverse: bool) -> None:
    items = get(client, "/events", sort=sort)["items"]
    assert [key(e) for e in items] == sorted((key(e) for e in items), reverse=reverse)


def test_the_meeting_reported_in_six_languages_is_one_event(client: TestClient) -> None:
    top = get(client, "/events", sort="-documents", limit=1)["items"][0]
    assert top["documents"] == 6
    assert top["languages"] == ["ar", "en", "es", "fr", "ru", "zh"]
    assert {p["id"] for p in top["participants"]} == {"org:unodc", "org:interpol"}
    assert top["place"] == {"id": "place:at:vienna", "name": "Vienna", "country": "AT"}
    assert top["date"] == {"start": "2023-03-14", "end": "2023-03-14", "precision": "day"}


@pytest.mark.parametrize(
    "org", ["org:unodc", "UNODC", "ONUDC", "УНП ООН", "联合国毒品和犯罪问题办公室"]
)
def test_events_filter_by_organization_in_any_script(client: TestClient, org: str) -> None:
    found = get(client, "/events", org=org)["items"]
    assert [e["date"]["start"] for e in found] == ["2023-04-20", "2023-03-14"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"type": "SUPPORT"}, 3),
        ({"type": "support"}, 3),
        ({"context": "migration"}, 1),
        ({"doc_lang": "es"}, 2),
        ({"country": "CH"}, 4),
        ({"country": "Suisse"}, 4),
        ({"since": "2023"}, 4),
        ({"until": "2021"}, 3),
        ({"since": "2022-01", "until": "2022-12"}, 3),
        ({"org": "WHO", "partner": "UNICEF"}, 2),
        ({"org": "org:who", "type": "CONSULT", "since": "2023-01-01"}, 1),
        ({"org": "no such organization anywhere"}, 0),
    ],
)
def test_events_filters(client: TestClient, params: dict[str, str], expected: int) -> None:
    page = get(client, "/events", **params)
    assert page["total"] == len(page["items"]) == expected


@pytest.mark.parametrize(
    ("lang", "un", "who"),
    [
        ("zh", "联合国", "世界卫生组织"),
        ("ar", "الأمم المتحدة", "منظمة الصحة العالمية"),
        ("ru", "Организация Объединенных Наций", "Всемирная организация здравоохранения"),
        ("fr", "Organisation des Nations Unies", "Organisation mondiale de la Santé"),
        ("en", "United Nations", "World Health Organization"),
    ],
)
def test_names_come_in_the_interface_language(
    client: TestClient, lang: str, un: str, who: str
) -> None:
    event = event_with(client, "org:un", lang=lang)
    names = {p["id"]: p["name"] for p in event["participants"]}
    assert names == {"org:un": un, "org:who": who}


def test_a_list_shows_evidence_in_the_readers_language_when_there_is_some(
    client: TestClient,
) -> None:
    for lang in ("ar", "zh", "ru", "fr"):
        event = event_with(
            client, "org:interpol", lang=lang, since="2023-03-01", until="2023-03-31"
        )
        assert event["lang"] == lang and event["text"]


def test_event_detail_gives_every_evidence_sentence_as_a_slice_of_its_document(
    client: TestClient,
) -> None:
    top = get(client, "/events", sort="-documents", limit=1)["items"][0]
    detail = get(client, f"/events/{top['id']}", lang="es")
    assert len(detail["evidence"]) == 6 == len(detail["sources"]) == len(detail["members"])
    assert {e["lang"] for e in detail["evidence"]} == {"ar", "en", "es", "fr", "ru", "zh"}
    for evidence in detail["evidence"]:
        text = get(client, f"/documents/{evidence['doc']}")["text"]
        assert text[evidence["start"] : evidence["end"]] == evidence["text"]
    assert detail["flags"]["future"] is False
    assert detail["place"]["name"] == "Viena"


def test_event_detail_accepts_the_id_of_one_report(client: TestClient) -> None:
    top = get(client, "/events", sort="-documents", limit=1)["items"][0]
    member = get(client, f"/events/{top['id']}")["members"][0]
    assert get(client, f"/events/{member}")["id"] == top["id"]


# --- entities ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "q",
    [
        "UNODC",
        "ONUDC",
        "УНП ООН",
        "联合国毒品和犯罪问题办公室",
        "مكتب الأمم المتحدة المعني بالمخدرات",
        "org:unodc",
    ],
)
def test_entities_found_by_name_in_any_script(client: TestClient, q: str) -> None:
    found = get(client, "/entities", q=q)
    assert found["items"][0]["id"] == "org:unodc"
    assert found["items"][0]["documents"] == 7 and found["items"][0]["events"] == 2


def test_entities_partial_names_and_types(client: TestClient) -> None:
    orgs = get(client, "/entities", q="nations", type="organization")["items"]
    assert {"org:un", "org:unodc"} <= {e["id"] for e in orgs}
    assert all(e["type"] == "organization" for e in orgs)
    assert get(client, "/entities", q="nations", type="person")["items"] == []


def test_entities_without_a_query_list_the_busiest_first(client: TestClient) -> None:
    page = get(client, "/entities", type="organization", limit=3)
    counts = [e["documents"] for e in page["items"]]
    assert len(counts) == 3 and counts == sorted(counts, reverse=True)
    assert page["total"] > 3
    second = get(client, "/entities", type="organization", limit=3, offset=3)["items"]
    assert not {e["id"] for e in second} & {e["id"] for e in page["items"]}


def test_entity_profile(client: TestClient) -> None:
    profile = get(client, "/entities/org:unodc", lang="ru")
    assert (
        profile["name"] == "Управление Организации Объединенных Наций по наркотикам и преступности"
    )
    assert set(profile["names"]) == {"ar", "en", "es", "fr", "ru", "zh"}
    assert all(profile["names"].values())
    assert profile["parent"]["id"] == "org:un-secretariat"
    assert "person:ghada-waly" in {h["person"] for h in profile["heads"]}
    assert [(p["id"], p["events"]) for p in profile["partners"]] == [("org:interpol", 2)]
    assert profile["per_month"] == [
        {"month": "2023-03", "events": 1},
        {"month": "2023-04", "events": 1},
    ]
    assert profile["events_total"] == 2 and len(profile["events"]) == 2
    assert {n["id"] for n in profile["graph"]["nodes"]} == {"org:unodc", "org:interpol"}


def test_profiles_of_a_person_a_country_and_a_city(client: TestClient) -> None:
    assert get(client, "/entities/country:ch")["events_total"] == 4
    assert get(client, "/entities/place:at:vienna", lang="zh")["name"] == "维也纳"
    person = get(client, "/entities/person:ghada-waly")
    assert person["positions"] and person["positions"][0]["org"] == "org:unodc"


# --- documents and search ----------------------------------------------------------------------


def test_document_view_spans_point_into_the_text(
    client: TestClient, records: dict[str, Any]
) -> None:
    view = get(client, f"/documents/{doc_id_of(records, 'zh')}", lang="en")
    text = view["text"]
    assert view["language"] == "zh"
    names = {m["entity"]: text[m["start"] : m["end"]] for m in view["mentions"]}
    assert names["org:unodc"] == "联合国毒品和犯罪问题办公室"
    assert view["evidence"] and all(
        0 <= e["start"] < e["end"] <= len(text) for e in view["evidence"]
    )
    assert [e["documents"] for e in view["events"]] == [6]


@pytest.mark.parametrize(
    ("q", "lang"),
    [
        ("Интерпол", "ru"),
        ("维也纳", "zh"),
        ("فيينا", "ar"),
        ("Viena", "es"),
        ('"drug trafficking"', "en"),
    ],
)
def test_search_finds_documents_in_every_script(client: TestClient, q: str, lang: str) -> None:
    hits = get(client, "/search", q=q)["items"]
    assert lang in {h["language"] for h in hits}
    assert all(h["snippet"]["text"] for h in hits)


def test_search_filters_and_pages(client: TestClient) -> None:
    everything = get(client, "/search", org="UNODC", limit=500)
    assert len(everything["items"]) == 7 and not everything["more"]
    first = get(client, "/search", org="UNODC", limit=3)
    assert first["more"] and len(first["items"]) == 3
    rest = get(client, "/search", org="UNODC", limit=5, offset=3)
    ids = [h["id"] for h in first["items"] + rest["items"]]
    assert ids == [h["id"] for h in everything["items"]]
    assert {h["language"] for h in get(client, "/search", org="UNODC", doc_lang="fr")["items"]} == {
        "fr"
    }


# --- graph, matrix, map, stats, settings ---------------------------------------------------------


def test_graph(client: TestClient) -> None:
    graph = get(client, "/graph", lang="zh")
    edges = {(e["source"], e["target"]): e for e in graph["edges"]}
    pair = edges[("org:interpol", "org:unodc")]
    assert pair["total"] == 2 and pair["by_type"] == {"CONSULT": 2}
    assert (pair["first"], pair["last"]) == ("2023-03-14", "2023-04-20")
    nodes = {n["id"]: n for n in graph["nodes"]}
    assert nodes["org:un"]["name"] == "联合国"
    assert {end for e in graph["edges"] for end in (e["source"], e["target"])} == set(nodes)
    heavy = get(client, "/graph", min_weight=2)
    assert {(e["source"], e["target"]) for e in heavy["edges"]} == {
        ("org:interpol", "org:unodc"),
        ("org:unicef", "org:who"),
        ("org:un", "org:who"),
    }
    assert get(client, "/graph", type="SUPPORT")["edges"] and all(
        set(e["by_type"]) == {"SUPPORT"} for e in get(client, "/graph", type="SUPPORT")["edges"]
    )
    assert heavy["edges_total"] == 3


def test_graph_keeps_the_strongest_edges_and_says_how_many_there_were(client: TestClient) -> None:
    everything = get(client, "/graph")
    cut = get(client, "/graph", max_edges=2)
    assert cut["edges_total"] == everything["edges_total"] == len(everything["edges"]) > 2
    assert cut["edges"] == everything["edges"][:2]  # strongest first
    assert {n["id"] for n in cut["nodes"]} == {
        end for e in cut["edges"] for end in (e["source"], e["target"])
    }


@pytest.mark.parametrize(("by", "key"), [("type", "CONSULT"), ("context", "health")])
def test_matrix_is_symmetric_and_split(client: TestClient, by: str, key: str) -> None:
    matrix = get(client, "/matrix", by=by)
    cells = {(c["row"], c["col"]): c for c in matrix["cells"]}
    assert all(
        cells[c["col"], c["row"]] == {**c, "row": c["col"], "col": c["row"]} for c in cells.values()
    )
    who_unicef = cells["org:who", "org:unicef"]
    assert who_unicef["total"] == 2 and who_unicef["by"][key] == 2
    assert {o["id"] for o in matrix["orgs"]} >= {"org:who", "org:unicef", "org:unodc"}


def test_countries_for_the_map(client: TestClient) -> None:
    counts = {c["country"]: c["events"] for c in get(client, "/countries")}
    assert counts["CH"] == 4 and counts["AT"] == 1
    found = get(client, "/countries", org="UNODC", lang="fr")
    assert found == [
        {"country": "AT", "name": "Autriche", "events": 1},
        {"country": "FR", "name": "France", "events": 1},
    ]


def test_stats(client: TestClient) -> None:
    stats = get(client, "/stats", lang="ar")
    assert stats["documents"] == 15 and stats["clusters"] == 10
    assert stats["languages"] == {"ar": 2, "en": 4, "es": 2, "fr": 3, "ru": 2, "zh": 2}
    assert len(stats["latest"]) == 10 and stats["latest"][0]["date"]["start"] == "2024-02-03"
    assert sum(m["events"] for m in stats["per_month"]) == 10
    assert stats["latest"][0]["place"]["name"] == "أديس أبابا"


def test_settings_lists_the_settings_table(client: TestClient) -> None:
    found = get(client, "/settings")
    assert [s["name"] for s in found] == [s.name for s in settings.SETTINGS]
    assert all("password" not in str(s["value"]) for s in found)


# --- errors ------------------------------------------------------------------------------------


def assert_error(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code and body["error"]["message"]


@pytest.mark.parametrize(
    "path",
    [
        "/events/cl:0000000000000000",
        "/events/ev:missing",
        "/entities/org:nothing",
        "/documents/doc:nope",
    ],
)
def test_unknown_ids_are_404_e306(lite: TestClient, path: str) -> None:
    assert_error(lite.get(API + path), 404, "E306")


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/events", {"limit": 0}),
        ("/events", {"limit": 501}),
        ("/events", {"offset": -1}),
        ("/events", {"sort": "name"}),
        ("/events", {"lang": "de"}),
        ("/events", {"doc_lang": "xx"}),
        ("/events", {"since": "2020-13-01"}),
        ("/events", {"until": "yesterday"}),
        ("/events", {"type": "MEET AND GREET"}),
        ("/events", {"org": "x" * 201}),
        ("/events", {"org": "a\x00b"}),
        ("/entities", {"type": "ship"}),
        ("/matrix", {"by": "colour"}),
        ("/graph", {"min_weight": 0}),
        ("/search", {"q": "q" * 501}),
    ],
)
def test_bad_parameters_are_422_e400(lite: TestClient, path: str, params: dict[str, Any]) -> None:
    assert_error(lite.get(API + path, params=params), 422, "E400")


def test_unknown_endpoints_and_methods(lite: TestClient) -> None:
    assert_error(lite.get(f"{API}/nothing-here"), 404, "E404")
    assert_error(lite.delete(f"{API}/events"), 405, "E405")


# --- ingest over HTTP ----------------------------------------------------------------------------

NEW_REPORT = {
    "text": "On 7 March 2024 the Director-General of the International Labour Organization met "
    "the Executive Director of UNICEF in Geneva to discuss child labour.",
    "url": "https://example.org/press/7",
    "published": "2024-03-08",
}


@pytest.fixture()
def writable(tmp_path: Path, records: dict[str, Any]) -> Iterator[TestClient]:
    url = str(tmp_path / "writable.db")
    _fill(url, {"en": records["en"]})
    app = create_app(url, allow_ingest=True, token="s3cret", max_upload=4000, ingest=http_ingest)
    with TestClient(app) as opened:
        yield opened


BEARER = {"Authorization": "Bearer s3cret"}


def test_ingest_is_off_by_default(lite: TestClient) -> None:
    assert_error(lite.post(f"{API}/documents", json=NEW_REPORT, headers=BEARER), 403, "E403")


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "s3cret"}]
)
def test_ingest_needs_the_token(writable: TestClient, headers: dict[str, str]) -> None:
    response = writable.post(f"{API}/documents", json=NEW_REPORT, headers=headers)
    assert_error(response, 401, "E401")
    assert get(writable, "/stats")["documents"] == 1


def test_ingest_stores_a_document_with_its_events(writable: TestClient) -> None:
    response = writable.post(f"{API}/documents", json=NEW_REPORT, headers=BEARER)
    assert response.status_code == 201, response.text
    stored = response.json()
    assert stored["status"] == "stored" and len(stored["events"]) == 1
    event = get(writable, f"/events/{stored['events'][0]}")
    assert {p["id"] for p in event["participants"]} == {"org:ilo", "org:unicef"}
    assert event["sources"][0]["url"] == NEW_REPORT["url"]
    again = writable.post(f"{API}/documents", json=NEW_REPORT, headers=BEARER)
    assert again.status_code == 200 and again.json() == {**stored, "status": "duplicate"}
    assert get(writable, "/stats")["documents"] == 2


def test_ingest_of_html_keeps_its_script_as_text(writable: TestClient) -> None:
    page = (
        "<html><head><title>ILO and UNICEF</title></head><body><article><p>"
        + NEW_REPORT["text"].replace(
            "child labour", "child labour &lt;script&gt;alert(1)&lt;/script&gt;"
        )
        + "</p><script>alert(2)</script></article></body></html>"
    )
    response = writable.post(f"{API}/documents", json={"html": page}, headers=BEARER)
    assert response.status_code == 201, response.text
    view = writable.get(f"{API}/documents/{response.json()['id']}")
    assert b"<script" not in view.content
    assert "alert(2)" not in view.json()["text"]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"text": "x" * 5000}, 413, "E413"),
        ({"title": "no text"}, 422, "E107"),
        ({"text": "  "}, 422, "E107"),
        ({"text": "fine", "colour": "red"}, 422, "E400"),
        ({"text": "fine", "lang": "xx"}, 422, "E400"),
    ],
)
def test_ingest_refuses_bad_bodies(
    writable: TestClient, body: dict[str, Any], status: int, code: str
) -> None:
    assert_error(writable.post(f"{API}/documents", json=body, headers=BEARER), status, code)


def test_ingest_refuses_a_body_larger_than_its_declared_length(writable: TestClient) -> None:
    def chunks() -> Iterator[bytes]:  # no Content-Length: the body arrives in pieces
        yield b'{"text": "'
        for _ in range(10):
            yield b"y" * 1000
        yield b'"}'

    response = writable.post(
        f"{API}/documents",
        content=chunks(),
        headers={**BEARER, "Content-Type": "application/json"},
    )
    assert_error(response, 413, "E413")


def test_ingest_needs_a_token_and_a_function() -> None:
    with pytest.raises(ValueError, match="token"):
        create_app(":memory:", allow_ingest=True)


# --- OpenAPI and the command ------------------------------------------------------------------


def test_openapi_documents_every_endpoint(lite: TestClient) -> None:
    spec = lite.get(f"{API}/openapi.json").json()
    paths = {(m.upper(), p) for p, ops in spec["paths"].items() for m in ops}
    expected = [
        ("GET", "/events"),
        ("GET", "/events/{ident}"),
        ("GET", "/entities"),
        ("GET", "/entities/{ident}"),
        ("GET", "/documents/{ident}"),
        ("POST", "/documents"),
        ("GET", "/search"),
        ("GET", "/graph"),
        ("GET", "/matrix"),
        ("GET", "/countries"),
        ("GET", "/stats"),
        ("GET", "/settings"),
    ]
    assert {(m, API + p) for m, p in expected} <= paths
    for ops in spec["paths"].values():
        for op in ops.values():
            assert op.get("description"), op["operationId"]
            for status, answer in op["responses"].items():
                if status.startswith("4"):
                    assert answer["content"]["application/json"]["schema"] == {
                        "$ref": "#/components/schemas/ErrorBody"
                    }


def test_serve_help_ends_with_an_example_and_a_missing_database_fails_cleanly(
    tmp_path: Path,
) -> None:
    runner = CliRunner()
    helped = runner.invoke(main, ["serve", "--help"])
    assert helped.exit_code == 0 and "communique serve --db" in helped.output
    missing = runner.invoke(main, ["serve", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 2 and "E303" in missing.output
    no_token = runner.invoke(main, ["serve", "--db", str(tmp_path / "x.db"), "--allow-ingest"])
    assert no_token.exit_code == 2 and "--token" in no_token.output


def test_json_bodies_round_trip_through_the_escaping(lite: TestClient) -> None:
    raw = lite.get(f"{API}/events", params={"limit": 1}).content
    assert json.loads(raw) == lite.get(f"{API}/events", params={"limit": 1}).json()

"""The explorer's pages, rendered on the server: every page in six languages, escaped, strict.

The store holds our own reports in six languages and one hostile document
(script and markup in its text and title), ingested through the library.
Pages are fetched through the API's app (`create_app`), so the security
headers are the ones users get.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from communique.api import create_app
from communique.store import open_store, queries, views
from communique.store.queries import Filters
from communique.web import charts, explore, i18n, text, worldmap
from tests.web_support import HOSTILE_PAYLOADS, HOSTILE_TITLE, build_store

LANGS = ("en", "fr", "es", "ar", "ru", "zh")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_store(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as opened:
        yield opened


@pytest.fixture(scope="module")
def ids(db: str) -> dict[str, str]:
    """Ids the pages are opened with: an UNODC event, the hostile document and its event."""
    with open_store(db) as store:
        unodc = views.events(store, Filters(org="org:unodc"), limit=1)["items"][0]["id"]
        hostile = queries.search(store, "vaccination onerror", limit=1)[0]["id"]
        hostile_event = views.document_view(store, hostile)["events"][0]["id"]
        arabic = queries.search(store, "", Filters(lang="ar", org="org:iom"), limit=1)[0]["id"]
    return {"event": unodc, "hostile": hostile, "hostile_event": hostile_event, "arabic": arabic}


def pages(ids: dict[str, str]) -> dict[str, str]:
    return {
        "home": "/",
        "search": "/search?q=UNODC",
        "search-filtered": "/search?q=INTERPOL&doclang=fr&type=CONSULT&since=2023-01-01",
        "events": "/events",
        "events-filtered": "/events?org=org:unodc&org2=org:interpol&context=illegal_drugs",
        "event": f"/events/{ids['event']}",
        "entity": "/entities/org:unodc",
        "person": "/entities/person:ghada-waly",
        "network": "/network?type=CONSULT",
        "matrix": "/matrix?by=context",
        "map": "/map",
        "document": f"/documents/{ids['arabic']}",
        "hostile-document": f"/documents/{ids['hostile']}",
    }


def get(client: TestClient, path: str, lang: str = "en") -> Any:
    joiner = "&" if "?" in path else "?"
    return client.get(f"{path}{joiner}lang={lang}")


def found(pattern: str, body: str) -> str:
    """Return the first group of `pattern` in `body`, failing when it is not there."""
    match = re.search(pattern, body, re.S)
    assert match is not None, pattern
    return match.group(1)


# --- every page, every language ----------------------------------------------------------


class Markup(HTMLParser):
    """Collects what the Content-Security-Policy cares about in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.inline_scripts: list[str] = []
        self.styles: list[str] = []
        self.handlers: list[str] = []
        self.root: dict[str, str | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.root = found
        if tag == "script" and not found.get("src") and found.get("type") != "application/json":
            self.inline_scripts.append(str(found))
        if tag == "style" or "style" in found:
            self.styles.append(f"<{tag} {found}>")
        self.handlers += [f"<{tag} {k}>" for k in found if k.startswith("on")]


def markup(html: str) -> Markup:
    parsed = Markup()
    parsed.feed(html)
    return parsed


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_renders_in_every_interface_language(
    client: TestClient, ids: dict[str, str], lang: str
) -> None:
    for name, path in pages(ids).items():
        response = get(client, path, lang)
        assert response.status_code == 200, (name, lang, response.text[:500])
        assert response.headers["content-type"].startswith("text/html"), name
        assert response.headers["content-language"] == lang, name
        root = markup(response.text).root
        assert root.get("lang") == lang, name
        assert root.get("dir") == ("rtl" if lang == "ar" else "ltr"), name


def test_no_page_has_inline_script_style_or_handlers_and_all_send_the_csp(
    client: TestClient, ids: dict[str, str]
) -> None:
    for name, path in pages(ids).items():
        response = get(client, path)
        csp = response.headers.get("content-security-policy", "")
        assert "script-src 'self'" in csp and "style-src 'self'" in csp, name
        assert "unsafe-inline" not in csp, name
        found = markup(response.text)
        assert found.inline_scripts == [], (name, found.inline_scripts)
        assert found.styles == [], (name, found.styles)
        assert found.handlers == [], (name, found.handlers)
        assert "http://" not in response.text.replace("http://127", ""), name


HOSTILE_PAGES = ["hostile-document", "hostile-event", "search-hostile", "home"]


@pytest.mark.parametrize("which", HOSTILE_PAGES)
def test_the_hostile_document_is_shown_as_text_never_as_markup(
    client: TestClient, ids: dict[str, str], which: str
) -> None:
    path = {
        "hostile-document": f"/documents/{ids['hostile']}",
        "hostile-event": f"/events/{ids['hostile_event']}",
        "search-hostile": "/search?q=vaccination",
        "home": "/",
    }[which]
    body = get(client, path).text
    for payload in HOSTILE_PAYLOADS:
        assert payload not in body, (which, payload)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body or "&lt;script&gt;" in body
    assert "<img src=x" not in body and "<svg onload" not in body
    assert not re.search(r"<script>\s*alert", body)


def test_the_hostile_title_is_escaped_on_the_document_page(
    client: TestClient, ids: dict[str, str]
) -> None:
    body = get(client, f"/documents/{ids['hostile']}").text
    assert HOSTILE_TITLE not in body
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in body


# --- what each page answers ----------------------------------------------------------------

UNODC_NAMES = [
    ("en", "United Nations Office on Drugs and Crime"),
    ("fr", "Office des Nations Unies contre la drogue et le crime"),
    ("es", "Oficina de las Naciones Unidas contra la Droga y el Delito"),
    ("ar", "مكتب الأمم المتحدة المعني بالمخدرات والجريمة"),
    ("ru", "Управление Организации Объединенных Наций по наркотикам и преступности"),
    ("zh", "联合国毒品和犯罪问题办公室"),
]


@pytest.mark.parametrize(("lang", "name"), UNODC_NAMES)
def test_names_are_shown_in_the_interface_language(
    client: TestClient, lang: str, name: str
) -> None:
    body = get(client, "/entities/org:unodc", lang).text
    title = re.search(r"<h1>(.*?)<", body, re.S)
    assert title is not None and title.group(1).strip() == name


def test_the_organization_page_answers_who_it_met_when_and_about_what(client: TestClient) -> None:
    body = get(client, "/entities/org:unodc").text
    assert "/events?org=org%3Aunodc&amp;org2=org%3Ainterpol" in body  # partners open the pair
    assert "International Criminal Police Organization" in body
    assert "Ghada Waly" in body  # heads over time
    assert "trafficking and smuggling" in body  # contexts
    graph = json.loads(found(r'id="graph-data">(.*?)</script>', body))
    assert {"org:unodc", "org:interpol", "org:iom"} <= {n["id"] for n in graph["nodes"]}
    assert next(n for n in graph["nodes"] if n["id"] == "org:unodc")["focus"] is True


def test_the_event_page_shows_every_evidence_sentence_in_its_document_and_direction(
    client: TestClient, ids: dict[str, str]
) -> None:
    body = get(client, f"/events/{ids['event']}").text
    assert body.count('class="evidence-item"') >= 1
    assert '<mark class="match">' in body or 'class="match mention' in body
    assert "https://press.example.org/" in body  # the source address
    with_arabic = get(client, "/events?org=org:unodc&doclang=ar").text
    event = found(r'href="/events/(cl:[0-9a-f]+)\?lang=en">', with_arabic)
    arabic_page = get(client, f"/events/{event}").text
    assert re.search(r'<p class="excerpt" lang="ar" dir="rtl">', arabic_page)


def test_the_document_page_highlights_entities_and_event_sentences(
    client: TestClient, ids: dict[str, str]
) -> None:
    body = get(client, f"/documents/{ids['arabic']}").text
    assert '<div class="doc-text" lang="ar" dir="rtl">' in body
    assert (
        'class="evidence mention mention-organization"' in body or '<mark class="evidence"' in body
    )
    assert 'href="/entities/org:iom?lang=en"' in body


FILTERED = [
    ("/events?type=SUPPORT", "type-support", "type-consult"),
    ("/events?type=consult&context=health", "type-consult", "type-support"),
]


@pytest.mark.parametrize(("path", "present", "absent"), FILTERED)
def test_filters_keep_only_what_they_name(
    client: TestClient, path: str, present: str, absent: str
) -> None:
    body = get(client, path).text
    assert present in body and absent not in body


def test_search_facets_keep_only_documents_in_the_chosen_language(client: TestClient) -> None:
    body = get(client, "/search?q=&type=SUPPORT&doclang=es").text
    languages = re.findall(r'<a class="hit-title" href="[^"]+" lang="(\w+)"', body)
    assert languages and set(languages) == {"es"}


def test_impossible_filter_values_are_dropped_not_failed(client: TestClient) -> None:
    response = get(client, "/events?type=BOGUS&since=yesterday&doclang=xx&offset=-3")
    assert response.status_code == 200
    assert 'class="chip"' not in response.text


def test_the_matrix_cells_open_the_pairs_events(client: TestClient) -> None:
    body = get(client, "/matrix").text
    assert re.search(
        r'<td class="heat-[1-5]"><a href="/events\?org=org%3A\w+&amp;org2=org%3A', body
    )
    response = get(client, "/events?org=org:iom&org2=org:unodc")
    assert response.text.count('class="event-card"') == 1


@pytest.mark.parametrize(("lang", "words"), [("en", "strongest"), ("ar", "أقوى"), ("zh", "最强")])
def test_the_network_draws_the_strongest_links_and_says_so(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, lang: str, words: str
) -> None:
    assert "data-edges-cut" not in get(client, "/network", lang).text  # all links fit
    monkeypatch.setattr(explore, "GRAPH_EDGES", 2)
    body = get(client, "/network", lang).text
    note = found(r"<p class=\"muted\" data-edges-cut>([^<]+)</p>", body)
    assert words in note and "2" in note
    drawn = json.loads(
        found(r'<script type="application/json" id="graph-data">(.+?)</script>', body)
    )
    assert len(drawn["edges"]) == 2


def test_the_map_shades_and_links_the_countries_with_events(client: TestClient) -> None:
    body = get(client, "/map").text
    assert body.count('class="country heat-') > 150
    assert re.search(
        r'href="/events\?country=AT&amp;lang=en"><path class="country heat-[1-5]"', body
    )


def test_unknown_ids_give_the_not_found_page(client: TestClient) -> None:
    for path in ("/events/cl:0000", "/documents/doc:0000", "/entities/org:nothing-here"):
        response = get(client, path, "fr")
        assert response.status_code == 404, path
        assert "Introuvable" in response.text


def test_the_static_assets_and_their_licenses_ship_with_the_package(client: TestClient) -> None:
    for path in (
        "/static/app.css",
        "/static/app.js",
        "/static/network.js",
        "/static/vendor/cytoscape/cytoscape.min.js",
        "/static/favicon.svg",
    ):
        assert client.get(path).status_code == 200, path
    vendor = Path(i18n.__file__).parent / "static" / "vendor"
    assert (vendor / "cytoscape" / "LICENSE").is_file()
    assert (vendor / "world-atlas" / "LICENSE").is_file()
    assert "cytoscape" in (vendor / "VERSIONS.md").read_text(encoding="utf-8")


# --- the pieces --------------------------------------------------------------------------


def test_every_language_file_has_the_english_keys_and_placeholders() -> None:
    english = i18n.messages("en")
    for lang in i18n.LANGS:
        found = i18n.messages(lang)
        assert set(found) == set(english), lang
        for key, value in english.items():
            assert set(re.findall(r"{\w+}", found[key])) == set(re.findall(r"{\w+}", value)), (
                lang,
                key,
            )


DATES = [
    ("en", "2023-03-14", None, "March 14, 2023"),
    ("fr", "2023-03-14", None, "14 mars 2023"),
    ("es", "2023-03", None, "mar 2023"),
    ("ar", "2023-03-14", None, "14 مارس 2023"),
    ("ru", "2023", None, "2023"),
    ("zh", "2023-03-14", "month", "2023年3月"),
]


@pytest.mark.parametrize(("lang", "value", "precision", "shown"), DATES)
def test_dates_are_written_the_way_each_language_writes_them(
    lang: str, value: str, precision: str | None, shown: str
) -> None:
    assert i18n.Translator(lang).date(value, precision) == shown


NEGOTIATED = [
    ("ar", None, "ar"),
    ("ZH", None, "zh"),
    ("xx", "ru-RU,ru;q=0.9", "ru"),
    (None, "de-DE,es;q=0.8", "es"),
    (None, None, "en"),
]


@pytest.mark.parametrize(("requested", "header", "chosen"), NEGOTIATED)
def test_the_interface_language_comes_from_the_query_then_the_browser(
    requested: str | None, header: str | None, chosen: str
) -> None:
    assert i18n.negotiate(requested, header) == chosen


spans = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=8)


@given(body=st.text(max_size=60), raw_mentions=spans, raw_evidence=spans)
def test_pieces_always_join_back_into_the_text(
    body: str, raw_mentions: list[tuple[int, int]], raw_evidence: list[tuple[int, int]]
) -> None:
    def as_spans(raw: list[tuple[int, int]], key: str) -> list[dict[str, Any]]:
        return [
            {"start": min(a, b), "end": max(a, b), key: f"x{i}", "type": "organization"}
            for i, (a, b) in enumerate(raw)
        ]

    cut = text.pieces(body, as_spans(raw_mentions, "entity"), as_spans(raw_evidence, "event"))
    assert "".join(p.text for p in cut) == body


def test_a_piece_knows_the_mention_and_the_evidence_that_cover_it() -> None:
    body = "Le 5 juin, l'OIM et l'OMD ont signé. Fin."
    cut = text.pieces(
        body,
        [{"start": 13, "end": 16, "entity": "org:iom", "type": "organization"}],
        [{"start": 0, "end": 36, "event": "cl:1"}],
    )
    assert [(p.text, p.entity, p.event) for p in cut] == [
        ("Le 5 juin, l'", None, "cl:1"),
        ("OIM", "org:iom", "cl:1"),
        (" et l'OMD ont signé.", None, "cl:1"),
        (" Fin.", None, None),
    ]
    assert cut[0].anchor == "at-0"


def test_an_excerpt_is_the_paragraph_around_its_sentence() -> None:
    body = "Titre\nPremière phrase. La phrase qui compte. Dernière.\nAutre paragraphe."
    start = body.index("La phrase")
    shown = text.excerpt(body, start, start + len("La phrase qui compte."))
    assert (
        "".join(p.text for p in shown["pieces"])
        == "Première phrase. La phrase qui compte. Dernière."
    )
    assert [p.text for p in shown["pieces"] if p.match] == ["La phrase qui compte."]
    assert shown["before"] and shown["after"]


def test_the_bar_chart_draws_months_without_events_as_empty() -> None:
    chart = charts.bar_chart([{"month": "2022-11", "events": 2}, {"month": "2023-02", "events": 4}])
    assert chart is not None
    assert [(b.month, b.events) for b in chart.bars] == [
        ("2022-11", 2),
        ("2022-12", 0),
        ("2023-01", 0),
        ("2023-02", 4),
    ]
    assert chart.bars[3].height == 2 * chart.bars[0].height


@pytest.mark.parametrize(("value", "level"), [(0, 0), (1, 1), (25, 3), (64, 4), (100, 5)])
def test_heat_levels_grow_with_the_square_root(value: int, level: int) -> None:
    assert charts.heat(value, 100) == level


def test_the_world_map_has_every_country_once_and_crosses_the_antimeridian_whole() -> None:
    drawing = worldmap.world_map()
    codes = [c.iso for c in drawing.countries if c.iso]
    assert len(codes) == len(set(codes)) > 160
    assert {"FR", "RU", "FJ", "CN", "BR", "AU"} <= set(codes)
    assert worldmap.iso_alpha2("250") == "FR"
    assert worldmap.unwrap([(179.0, 0.0), (-179.0, 1.0)]) == [(179.0, 0.0), (181.0, 1.0)]
    russia = next(c for c in drawing.countries if c.iso == "RU")
    assert 0 < russia.center[0] < drawing.width

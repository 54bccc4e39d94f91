"""The explorer in a real browser: Debian's chromium driven by Playwright against uvicorn.

Every page opens in English and Arabic without a console error or a page
error (and is saved to test-artifacts/screenshots/<page>-<lang>.png); the
filters, the language menu, the network graph, the matrix and the map work
by clicking; the hostile document's scripts never run.

The browser is the system's (/usr/bin/chromium, or COMMUNIQUE_CHROMIUM):
Playwright never downloads one here. Without it these tests skip, except
under CI=true, where they fail.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.web_support import HOSTILE_PAYLOADS, build_store

CHROMIUM = Path(os.environ.get("COMMUNIQUE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"
VIEWPORT = {"width": 1280, "height": 1000}
STARTUP_SECONDS = 20.0


def _require_browser() -> None:
    """Skip when there is no chromium (fail under CI=true, where it must be installed)."""
    missing = None
    if not CHROMIUM.exists():
        missing = f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = "the playwright package is missing: pip install -e '.[test]'"
    if missing is None:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(missing + "; under CI=true the browser tests must run")
    pytest.skip(missing)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve a store built from our fixtures with uvicorn on a free loopback port."""
    _require_browser()
    import uvicorn

    from communique.api import create_app

    app = create_app(build_store(tmp_path_factory.mktemp("browser")))
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_SECONDS
    while not running.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=STARTUP_SECONDS)


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Any]:
    """Launch the system chromium once for the module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Watched:
    """A browser page that records console errors, page errors and dialogs (alerts)."""

    page: Any
    base: str
    problems: list[str] = field(default_factory=list)

    def open(self, path: str) -> Any:
        """Go to `path` on the server and wait until the page has settled."""
        response = self.page.goto(self.base + path, wait_until="networkidle")
        assert response is not None and response.status == 200, (path, response and response.status)
        return response

    def check(self) -> None:
        """Fail on anything the page complained about."""
        assert not self.problems, "\n".join(self.problems)


@pytest.fixture()
def watched(browser: Any, server: str) -> Iterator[Watched]:
    """A fresh browser page whose console errors, page errors and dialogs fail the test."""
    context = browser.new_context(viewport=VIEWPORT, locale="en-US")
    page = context.new_page()
    found = Watched(page, server)

    def on_console(message: Any) -> None:
        if message.type == "error":
            found.problems.append(f"console error on {page.url}: {message.text}")

    def on_dialog(dialog: Any) -> None:
        found.problems.append(f"a script opened a dialog on {page.url}: {dialog.message!r}")
        dialog.dismiss()

    page.on("console", on_console)
    page.on("pageerror", lambda exc: found.problems.append(f"page error on {page.url}: {exc}"))
    page.on("dialog", on_dialog)
    yield found
    context.close()


def _first_href(watched: Watched, path: str, selector: str) -> str:
    """Open `path` and return the address of the first link matching `selector`, sans query."""
    watched.open(path)
    href = watched.page.locator(selector).first.get_attribute("href")
    assert href, (path, selector)
    return str(href).split("?")[0].split("#")[0]


def _pages(watched: Watched, lang: str) -> dict[str, str]:
    """Return every page to visit, ids found by following the site's own links."""
    event = _first_href(watched, "/events?org=org:unodc&doclang=zh", ".event-card a.more")
    document = _first_href(watched, f"/search?doclang={lang}&org=org:unodc", "a.hit-title")
    return {
        "home": "/",
        "search": "/search?q=UNODC",
        "events": "/events",
        "event": event,
        "entity": "/entities/org:unodc",
        "network": "/network",
        "matrix": "/matrix",
        "map": "/map",
        "document": document,
    }


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_page_opens_cleanly_and_is_saved_as_a_screenshot(watched: Watched, lang: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, path in _pages(watched, lang).items():
        joiner = "&" if "?" in path else "?"
        watched.open(f"{path}{joiner}lang={lang}")
        html = watched.page.locator("html")
        assert html.get_attribute("lang") == lang, name
        assert html.get_attribute("dir") == ("rtl" if lang == "ar" else "ltr"), name
        if name in ("network", "entity"):
            watched.page.wait_for_selector("#graph[data-ready='true']", timeout=10_000)
        watched.page.screenshot(path=str(SHOTS / f"{name}-{lang}.png"), full_page=True)
    watched.check()


def test_search_facets_narrow_the_results(watched: Watched) -> None:
    page = watched.page
    watched.open("/search?q=INTERPOL")
    all_hits = page.locator("li.hit").count()
    page.select_option("select[name=doclang]", "fr")
    page.wait_for_url(re.compile(r"doclang=fr"))
    titles = page.locator("a.hit-title")
    assert 0 < titles.count() < all_hits
    assert {titles.nth(i).get_attribute("lang") for i in range(titles.count())} == {"fr"}
    page.locator(".chip").first.click()
    page.wait_for_url(lambda url: "doclang" not in url)
    assert page.locator("li.hit").count() == all_hits
    page.select_option("select[name=context]", "illegal_drugs")
    page.wait_for_url(re.compile(r"context=illegal_drugs"))
    cards = page.locator(".event-card")
    assert cards.count() >= 1  # INTERPOL's events about drugs, beside the documents
    for i in range(cards.count()):
        assert "INTERPOL" in cards.nth(i).inner_text()
        assert cards.nth(i).locator(".tag", has_text="drugs").count() == 1
    watched.check()


def _click_node(watched: Watched, node: str) -> None:
    """Click a node of the graph where cytoscape drew it (the page publishes its position)."""
    page = watched.page
    page.wait_for_selector("#graph[data-ready='true']", timeout=10_000)
    page.locator("#graph").scroll_into_view_if_needed()
    item = page.locator(f"[data-node='{node}']")
    x, y = float(item.get_attribute("data-x") or 0), float(item.get_attribute("data-y") or 0)
    scroll = page.evaluate("[window.scrollX, window.scrollY]")
    page.mouse.click(x - scroll[0], y - scroll[1])


def test_network_filters_and_a_click_on_a_node_opens_its_page(watched: Watched) -> None:
    page = watched.page
    watched.open("/network")
    page.wait_for_selector("#graph[data-ready='true']", timeout=10_000)
    everyone = page.locator("[data-node]").count()
    page.select_option("select[name=type]", "SUPPORT")
    page.wait_for_url(re.compile(r"type=SUPPORT"))
    nodes = {
        page.locator("[data-node]").nth(i).get_attribute("data-node")
        for i in range(page.locator("[data-node]").count())
    }
    assert "org:iom" in nodes and "org:interpol" not in nodes
    assert len(nodes) < everyone
    _click_node(watched, "org:iom")
    page.wait_for_url(re.compile(r"/entities/org:iom"))
    assert "IOM" in page.locator("h1").inner_text()
    watched.check()


def test_the_language_menu_switches_direction_and_names(watched: Watched) -> None:
    page = watched.page
    watched.open("/entities/org:unodc")
    page.locator("details.langmenu summary").click()
    page.locator("details.langmenu a[hreflang=ar]").click()
    page.wait_for_url(re.compile(r"lang=ar"))
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "مكتب الأمم المتحدة المعني بالمخدرات والجريمة" in page.locator("h1").inner_text()
    page.locator("details.langmenu summary").click()
    page.locator("details.langmenu a[hreflang=zh]").click()
    page.wait_for_url(re.compile(r"lang=zh"))
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert "联合国毒品和犯罪问题办公室" in page.locator("h1").inner_text()
    assert "事件" in page.locator("nav.mainnav").inner_text()
    watched.check()


def test_a_matrix_cell_opens_the_pairs_events(watched: Watched) -> None:
    page = watched.page
    watched.open("/matrix")
    page.locator("table.matrix td a").first.click()
    page.wait_for_url(re.compile(r"/events\?.*org=.*org2="))
    assert page.locator(".event-card").count() >= 1
    watched.check()


def test_a_country_on_the_map_opens_its_events(watched: Watched) -> None:
    page = watched.page
    watched.open("/map")
    page.locator("svg.worldmap a[href*='country=AT'] circle").click()
    page.wait_for_url(re.compile(r"country=AT"))
    assert page.locator(".event-card").count() >= 1
    watched.check()


def test_the_hostile_documents_scripts_never_run(watched: Watched) -> None:
    page = watched.page
    watched.open("/search?q=vaccination")
    document = page.locator("a.hit-title", has_text="<script>").first
    assert "<script>" in document.inner_text()
    document.click()
    page.wait_for_load_state("networkidle")
    body = page.locator(".doc-text").inner_text()
    assert all(payload in body for payload in HOSTILE_PAYLOADS)
    assert page.locator("img[src='x'], svg[onload], main script").count() == 0
    page.locator(".event-card a.more").first.click()
    page.wait_for_load_state("networkidle")
    assert "<img src=x onerror=alert(1)>" in page.locator(".evidence-list").inner_text()
    assert page.locator("img[src='x'], svg[onload]").count() == 0
    watched.check()

"""Rendering pages: the Jinja2 environment, links that keep the language, the page context."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from communique.store import Store
from communique.web import charts
from communique.web.i18n import LANGS, Translator, autonym, direction, negotiate

HERE = Path(__file__).resolve().parent
NAV = (
    ("home", "/"),
    ("search", "/search"),
    ("events", "/events"),
    ("network", "/network"),
    ("matrix", "/matrix"),
    ("map", "/map"),
)


def entity_path(ident: str) -> str:
    """Return the page address of an entity."""
    return "/entities/" + quote(ident, safe=":")


def safe_url(url: str | None) -> str | None:
    """Return a source URL fit for a link (http or https only), else None."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def item_path(kind: str, ident: str) -> str:
    """Return the page address of an event or a document."""
    return f"/{kind}/" + quote(ident, safe=":")


@lru_cache(maxsize=1)
def templates() -> Jinja2Templates:
    """Return the page templates; autoescape is on for every template, whatever its name."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        heat=charts.heat,
        direction=direction,
        entity_path=entity_path,
        item_path=item_path,
        safe_url=safe_url,
    )
    return Jinja2Templates(env=env)


def store_of(request: Request) -> Store:
    """Return the store the application serves (set by `create_app` as app.state.store)."""
    store: Store = request.app.state.store
    return store


def language_of(request: Request) -> str:
    """Return the interface language of a request: `?lang=`, else the browser's, else English."""
    return negotiate(request.query_params.get("lang"), request.headers.get("accept-language"))


@dataclass(frozen=True)
class Links:
    """Builds page addresses that keep the interface language."""

    lang: str

    def __call__(self, path: str, **params: Any) -> str:
        """Return `path` with `params` (empty values left out) and the language as query."""
        pairs = [(k, v) for k, v in params.items() if v not in (None, "", [])]
        expanded = [(k, x) for k, v in pairs for x in (v if isinstance(v, list) else [v])]
        return f"{path}?{urlencode([*expanded, ('lang', self.lang)])}"


def language_menu(request: Request, current: str) -> list[dict[str, Any]]:
    """Return the language menu: the same page in each language."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return [
        {
            "code": code,
            "name": autonym(code),
            "dir": direction(code),
            "href": f"{request.url.path}?{urlencode([*kept, ('lang', code)])}",
            "current": code == current,
        }
        for code in LANGS
    ]


def page(
    request: Request, template: str, nav: str | None, status_code: int = 200, **context: Any
) -> HTMLResponse:
    """Render a page template with what every page needs (strings, links, language menu)."""
    lang = language_of(request)
    response: HTMLResponse = templates().TemplateResponse(
        request,
        template,
        {
            "t": Translator(lang),
            "href": Links(lang),
            "lang": lang,
            "languages": language_menu(request, lang),
            "nav": nav,
            "nav_items": NAV,
            **context,
        },
        status_code=status_code,
    )
    response.headers["Content-Language"] = lang
    return response

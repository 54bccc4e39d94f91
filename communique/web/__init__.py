"""The web explorer: server-rendered pages over the store's read queries.

`mount_web(app)` adds the pages and their static assets to a FastAPI
application (the API's `create_app` calls it). Pages read the store the
application serves from ``app.state.store``. Every asset ships in the
package (templates/, static/, i18n/): nothing loads from the internet, and
the pages carry no inline script or style, so a strict Content-Security-
Policy holds.

Modules: render (templates, links, page context), i18n (six interface
languages), facets (filters from the query string), text (highlighting
untrusted text safely), charts and worldmap (SVG drawn on the server),
pages and explore (the routes).
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from communique.web.render import HERE

__all__ = ["mount_web"]


def mount_web(app: FastAPI) -> None:
    """Add the explorer's pages and its /static assets to `app`."""
    from communique.web import explore, pages

    app.include_router(pages.router)
    app.include_router(explore.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

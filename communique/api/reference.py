"""The API reference page at /api/v1/docs, rendered on the server from the OpenAPI document.

FastAPI's Swagger UI loads its scripts from a CDN and runs inline code: both
are refused by our Content-Security-Policy and by the rule that nothing loads
from the internet. This page needs neither: plain HTML, every value escaped,
one stylesheet served by the app.
"""

from __future__ import annotations

from html import escape
from typing import Any

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, PlainTextResponse

STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       color: #1d2733; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.15rem; margin-top: 2rem; border-top: 1px solid #dde3ea;
       padding-top: 1rem; }
code { background: #f1f4f8; padding: 0 .25rem; border-radius: 3px; }
.method { font-weight: 700; color: #0b5cad; margin-right: .5rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
td, th { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #eef1f5;
         vertical-align: top; }
"""


def render(spec: dict[str, Any]) -> str:
    """Return the HTML reference of an OpenAPI document."""
    info = spec.get("info", {})
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{escape(info.get('title', 'API'))}</title>",
        "<link rel='stylesheet' href='/api/v1/docs.css'></head><body>",
        f"<h1>{escape(info.get('title', 'API'))} {escape(str(info.get('version', '')))}</h1>",
        "<p>Machine-readable: <a href='/api/v1/openapi.json'>openapi.json</a>.</p>",
    ]
    for path, operations in spec.get("paths", {}).items():
        for method, op in operations.items():
            parts.append(_operation(method, path, op))
    parts.append("</body></html>")
    return "".join(parts)


def _operation(method: str, path: str, op: dict[str, Any]) -> str:
    rows = "".join(
        f"<tr><td><code>{escape(p['name'])}</code></td><td>{escape(p.get('in', ''))}</td>"
        f"<td>{escape(_type(p.get('schema', {})))}</td>"
        f"<td>{escape(p.get('description', ''))}</td></tr>"
        for p in op.get("parameters", [])
    )
    table = f"<table><tr><th>name</th><th>in</th><th>type</th><th></th></tr>{rows}</table>"
    statuses = ", ".join(escape(str(s)) for s in op.get("responses", {}))
    return (
        f"<h2><span class='method'>{escape(method.upper())}</span><code>{escape(path)}</code></h2>"
        f"<p>{escape(op.get('summary', ''))}. {escape(op.get('description', ''))}</p>"
        + (table if rows else "")
        + f"<p>Responses: {statuses}</p>"
    )


def _type(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        return " | ".join(_type(s) for s in schema["anyOf"])
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    return str(schema.get("type", ""))


def install(app: FastAPI) -> None:
    """Serve the reference page and its stylesheet."""

    @app.get("/api/v1/docs", include_in_schema=False, response_class=HTMLResponse)
    def reference() -> HTMLResponse:
        return HTMLResponse(render(app.openapi()))

    @app.get("/api/v1/docs.css", include_in_schema=False)
    def reference_style() -> PlainTextResponse:
        return PlainTextResponse(STYLE, media_type="text/css")

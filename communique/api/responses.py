"""JSON responses that stay inert even if a browser is tricked into reading them as HTML.

`<`, `>` and `&` can only occur inside JSON strings, so writing them as
\\u003c, \\u003e and \\u0026 changes no value while leaving no markup in the
body: document text with <script> in it is data, never code.
"""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse

ESCAPES = ((b"<", b"\\u003c"), (b">", b"\\u003e"), (b"&", b"\\u0026"))


class SafeJSONResponse(JSONResponse):
    """JSONResponse with HTML's special characters escaped."""

    def render(self, content: Any) -> bytes:
        body = super().render(content)
        for char, escaped in ESCAPES:
            body = body.replace(char, escaped)
        return body

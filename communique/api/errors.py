"""One JSON error shape for every failure: {"error": {"code": "E...", "message": "..."}}.

Coded errors keep their catalogue code; FastAPI's validation errors become
E400 (HTTP 422), unknown routes E404 and wrong methods E405. The HTTP status
follows from the code.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException

from communique.api.responses import SafeJSONResponse as JSONResponse
from communique.api.schemas import ErrorBody
from communique.errors import CommuniqueError

STATUS = {
    "E306": 404,
    "E400": 400,
    "E401": 401,
    "E403": 403,
    "E404": 404,
    "E405": 405,
    "E413": 413,
    "E303": 503,
    "E305": 503,
    "E307": 503,
}
HTTP_CODES = {401: "E401", 403: "E403", 404: "E404", 405: "E405", 413: "E413"}


def status_of(code: str) -> int:
    """Return the HTTP status of a coded error: a bad input (E1xx) is the client's, 422."""
    if code in STATUS:
        return STATUS[code]
    return 422 if code.startswith("E1") else 500


def error_response(code: str, message: str, status: int | None = None) -> JSONResponse:
    """Return the one error shape with the status the code calls for."""
    headers = {"WWW-Authenticate": "Bearer"} if code == "E401" else None
    body = {"error": {"code": code, "message": message}}
    return JSONResponse(body, status_code=status or status_of(code), headers=headers)


def _coded(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, CommuniqueError)
    return error_response(exc.code, exc.message)


def _validation(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return error_response("E400", describe_validation(exc.errors()), status=422)


def _http(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    code = HTTP_CODES.get(exc.status_code, "E400")
    detail = exc.detail if isinstance(exc.detail, str) else ""
    message = CommuniqueError(code, "" if detail in ("Not Found", "Method Not Allowed") else detail)
    return error_response(code, message.message, status=exc.status_code)


def describe_validation(errors: Any) -> str:
    """Return one line naming each invalid field and what is wrong with it."""
    parts = []
    for error in list(errors)[:5]:
        where = ".".join(str(p) for p in error.get("loc", ()) if p != "body") or "request"
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    return "bad API request: " + "; ".join(parts)


def install(app: FastAPI) -> None:
    """Register the handlers that turn every failure into the one error shape."""
    app.add_exception_handler(CommuniqueError, _coded)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(HTTPException, _http)


DESCRIPTIONS = {
    400: "Bad request (E400)",
    401: "Missing or wrong bearer token (E401)",
    403: "Ingest over HTTP is off (E403)",
    404: "No such id (E306)",
    413: "Upload larger than the limit (E413)",
    422: "Invalid parameters (E400)",
    503: "Database unavailable or busy (E303, E305, E307)",
}


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """Return the OpenAPI description of the error responses a route may give."""
    return {s: {"model": ErrorBody, "description": DESCRIPTIONS[s]} for s in statuses}

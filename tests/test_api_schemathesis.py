"""Schemathesis against the API's own OpenAPI document: generated requests never get a 5xx.

The app runs in-process (ASGI, no network) over a small store built from our
own reports, with ingest switched on so POST /documents is exercised too.
Every operation gets a bounded number of generated requests; besides "no
server error", each response must match the schema the OpenAPI promises.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.routing import APIRoute
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from communique.api import PREFIX, create_app
from communique.api.routes import ROUTERS
from communique.cli import http_ingest
from communique.store import Incoming, open_store, raw_hash
from tests.store_support import OTHERS, SAME_MEETING, records_of

TOKEN = "schemathesis-token"
CHECKS = [
    schemathesis.checks.not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Any:
    url = str(Path(tmp_path_factory.mktemp("schemathesis")) / "api.db")
    with open_store(url) as store:
        records = records_of({"en": SAME_MEETING["en"], "zh": SAME_MEETING["zh"], **OTHERS})
        store.write([Incoming(r, raw_hash(r["text"]), f"{k}.txt") for k, r in records.items()])
    app = create_app(url, allow_ingest=True, token=TOKEN, max_upload=20_000, ingest=http_ingest)
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)


def _operations() -> list[tuple[str, str]]:
    """Return (method, path) of every API operation, read from the routers (no app needed)."""
    return sorted(
        (method, route.path)
        for router in ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute)
        for method in route.methods
    )


# Schemathesis' own pytest loader (`from_fixture`) does not run on pytest 9 yet, so each
# operation gets a Hypothesis test of its own over the operation's strategy.
@pytest.mark.parametrize(("method", "path"), _operations())
def test_no_server_error_and_responses_match_the_schema(
    api_schema: Any, method: str, path: str
) -> None:
    operation = api_schema[PREFIX + path][method]
    headers = {"Authorization": f"Bearer {TOKEN}"} if method == "POST" else None

    @given(case=operation.as_strategy())
    @settings(
        max_examples=30,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def generated(case: Any) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    generated()

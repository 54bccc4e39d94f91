"""POST /documents: extract a document and store it (only with --allow-ingest and the token).

The API never imports sources, pipeline or batch (docs/spec style: it reads
through the store). The work is done by an `ingest` function the `serve`
command hands to `create_app`, where source -> pipeline -> store may be chained.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from communique.api.deps import IngestDep, StoreDep
from communique.api.errors import responses
from communique.api.schemas import IngestRequest, IngestResult
from communique.errors import CommuniqueError

router = APIRouter(tags=["ingest"])
ALREADY_STORED: dict[int | str, dict[str, Any]] = {
    200: {"model": IngestResult, "description": "Already stored (the same text)"}
}


@router.post(
    "/documents",
    response_model=IngestResult,
    status_code=201,
    responses={**ALREADY_STORED, **responses(401, 403, 413, 422)},
)
def post_document(
    payload: IngestRequest, store: StoreDep, ingest: IngestDep, response: Response
) -> dict[str, Any]:
    """Extract a document given as text or HTML and store it (201; 200 if already stored)."""
    if not (payload.text or "").strip() and not (payload.html or "").strip():
        raise CommuniqueError("E107", "give a non-empty 'text' or 'html'")
    result = ingest(store, payload.model_dump(exclude_none=True))
    if result.get("status") == "duplicate":
        response.status_code = 200
    return result

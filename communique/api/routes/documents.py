"""GET /documents/{id}: a stored document's text with its mention and evidence spans."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from communique.api.deps import LangDep, StoreDep
from communique.api.errors import responses
from communique.api.schemas import DocumentView
from communique.store import views

router = APIRouter(tags=["documents"])


@router.get("/documents/{ident}", response_model=DocumentView, responses=responses(404, 422))
def get_document(
    store: StoreDep,
    ident: Annotated[str, Path(description="A document id (doc:...)")],
    lang: LangDep = "en",
) -> dict[str, Any]:
    """Show a document's cleaned text, the entities it mentions and its events' evidence."""
    return views.document_view(store, ident, lang)

"""Dependencies shared by the routes: the store, filters, paging, language, the ingest gate."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from communique.api.schemas import Lang
from communique.errors import CommuniqueError
from communique.store import Store
from communique.store.queries import Filters

MAX_LIMIT = 500
MAX_OFFSET = 1_000_000
# Free text: printable only (a NUL byte is not text, and PostgreSQL refuses it).
TEXT = r"^[^\x00-\x1f\x7f]*$"
DAY = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"

IngestFunction = Callable[[Store, dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class ApiConfig:
    """What the server was started with (kept on `app.state.config`)."""

    allow_ingest: bool = False
    token: str | None = None
    max_upload: int = 2_000_000
    ingest: IngestFunction | None = None


def get_store(request: Request) -> Store:
    """Return the store the app serves."""
    store: Store = request.app.state.store
    return store


def get_config(request: Request) -> ApiConfig:
    """Return the server's configuration."""
    config: ApiConfig = request.app.state.config
    return config


StoreDep = Annotated[Store, Depends(get_store)]
LangDep = Annotated[
    Lang, Query(description="Interface language: names are given in it where they are known")
]


@dataclass(frozen=True)
class Paging:
    limit: int
    offset: int


def paging(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page")] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip")] = 0,
) -> Paging:
    """Read `limit` and `offset`."""
    return Paging(limit, offset)


PagingDep = Annotated[Paging, Depends(paging)]


def _text(description: str, max_length: int = 200) -> Any:
    return Query(description=description, max_length=max_length, pattern=TEXT)


def end_of(day: str | None) -> str | None:
    """Return the last day a YYYY, YYYY-MM or YYYY-MM-DD `until` covers (as a comparable string)."""
    if day is None or len(day) == 10:
        return day
    return day + ("-12-31" if len(day) == 4 else "-31")


def event_filters(
    org: Annotated[
        str | None, _text("An organization: id (org:unodc), name or acronym in any script")
    ] = None,
    partner: Annotated[str | None, _text("A second organization that took part too")] = None,
    person: Annotated[str | None, _text("A person: id or name")] = None,
    country: Annotated[str | None, _text("A country: ISO code (FR) or name")] = None,
    type: Annotated[  # the CLI's name for it
        str | None,
        Query(
            description="Event type: CONSULT, AGREE, SUPPORT, COOPERATE or AID",
            pattern=r"^[A-Za-z_]{1,20}$",
        ),
    ] = None,
    context: Annotated[
        str | None,
        Query(
            description="A context: health, migration, trafficking...", pattern=r"^[a-z_]{1,40}$"
        ),
    ] = None,
    doc_lang: Annotated[
        Lang | None, Query(description="Only events reported in this document language")
    ] = None,
    since: Annotated[
        str | None, Query(description="From this day (YYYY, YYYY-MM or YYYY-MM-DD)", pattern=DAY)
    ] = None,
    until: Annotated[
        str | None, Query(description="Up to this day (YYYY, YYYY-MM or YYYY-MM-DD)", pattern=DAY)
    ] = None,
) -> Filters:
    """Read the filters of `communique events` from the query string."""
    return Filters(
        org=org or None,
        partner=partner or None,
        person=person or None,
        country=country or None,
        type=type or None,
        context=context or None,
        lang=doc_lang,
        since=since,
        until=end_of(until),
    )


FiltersDep = Annotated[Filters, Depends(event_filters)]
_bearer = HTTPBearer(auto_error=False, description="The token given to --token")


def ingest_gate(
    config: Annotated[ApiConfig, Depends(get_config)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> IngestFunction:
    """Return the ingest function when ingest is on and the bearer token matches (E403, E401)."""
    if not config.allow_ingest or config.ingest is None or not config.token:
        raise CommuniqueError("E403")
    given = credentials.credentials if credentials is not None else ""
    if not hmac.compare_digest(given.encode(), config.token.encode()):
        raise CommuniqueError("E401")
    return config.ingest


IngestDep = Annotated[IngestFunction, Depends(ingest_gate)]

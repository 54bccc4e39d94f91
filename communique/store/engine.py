"""Database URLs, engines and the translation of driver errors into coded ones.

SQLite runs in WAL mode with foreign keys on and a busy timeout; every
transaction is opened by us (``BEGIN``, or ``BEGIN IMMEDIATE`` for a writer)
rather than by the sqlite3 module, so savepoints and DDL are transactional.
PostgreSQL goes through psycopg 3, imported only when a postgresql:// URL is
opened.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import make_url

from communique import settings
from communique.errors import CommuniqueError

BUSY_TIMEOUT_MS = 10_000
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",  # WAL + NORMAL survives a killed process; fsync per checkpoint
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
)


def resolve_url(url: str | None = None) -> str:
    """Return the SQLAlchemy URL for a path, sqlite:/// URL or postgresql:// URL (default: `db`)."""
    value = str(settings.get("db", url))
    if "://" not in value:
        return "sqlite:///" + str(Path(value).expanduser().absolute())
    scheme = value.split("://", 1)[0].lower()
    if scheme in ("sqlite", "sqlite+pysqlite"):
        return value
    if scheme in ("postgresql", "postgres", "postgresql+psycopg"):
        return "postgresql+psycopg://" + value.split("://", 1)[1]
    raise CommuniqueError("E308", value)


def make_engine(url: str) -> Engine:
    """Create the engine for a resolved URL, with SQLite's pragmas and transaction handling."""
    if url.startswith("sqlite"):
        _check_sqlite_path(url)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    try:
        import psycopg  # noqa: F401  (only to name the missing extra)
    except ImportError:
        raise CommuniqueError("E309", url.split("@")[-1]) from None
    return create_engine(url, pool_pre_ping=True)


def _check_sqlite_path(url: str) -> None:
    """Raise E303 when the database's folder is missing or is not a folder."""
    database = make_url(url).database
    if not database or database == ":memory:":
        return
    folder = Path(database).parent
    if not folder.is_dir():
        raise CommuniqueError("E303", f"{folder} is not a folder")
    if Path(database).is_dir():
        raise CommuniqueError("E303", f"{database} is a folder")


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (see _sqlite_begin)
    cursor = dbapi_connection.cursor()
    try:
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()


def _sqlite_begin(connection: Any) -> None:
    # A writer takes the lock up front: a deferred BEGIN that later needs to write
    # can fail with "database is locked" without waiting on the busy timeout.
    immediate = connection.get_execution_options().get("immediate", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextmanager
def coded_errors(what: str = "") -> Iterator[None]:
    """Turn driver errors raised inside the block into coded CommuniqueErrors (E30x)."""
    try:
        yield
    except CommuniqueError:
        raise
    except exc.DBAPIError as error:
        raise translate(error, what) from error
    except OSError as error:
        raise CommuniqueError("E303", f"{what}: {error}".strip(": ")) from error


def translate(error: exc.DBAPIError, what: str = "") -> CommuniqueError:
    """Return the coded error for a driver error."""
    original = error.orig
    text = str(original).strip().splitlines()[0] if original is not None else str(error)
    detail = f"{what}: {text}" if what else text
    return CommuniqueError(_code_for(original, text.lower()), detail)


def _code_for(original: BaseException | None, text: str) -> str:
    sqlstate = getattr(original, "sqlstate", None) or ""
    if isinstance(original, sqlite3.Error):
        return _sqlite_code(text)
    if sqlstate.startswith("53"):  # insufficient resources: disk full, out of memory
        return "E304"
    if sqlstate == "42501":
        return "E303"
    if sqlstate.startswith("08") or "connection" in text or "could not connect" in text:
        return "E305"
    return "E300"


def _sqlite_code(text: str) -> str:
    if "not a database" in text or "malformed" in text or "file is encrypted" in text:
        return "E301"
    if "full" in text:
        return "E304"
    if "locked" in text or "busy" in text:
        return "E307"
    if "readonly" in text or "unable to open" in text or "permission" in text:
        return "E303"
    if "disk i/o" in text:
        return "E303"
    return "E300"


def is_sqlite(engine: Engine) -> bool:
    """Tell whether `engine` speaks SQLite (else PostgreSQL)."""
    return engine.dialect.name == "sqlite"


def describe(url: str) -> str:
    """Return `url` without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except exc.ArgumentError:
        return url
    except Exception:  # pragma: no cover - a URL SQLAlchemy cannot parse at all
        return os.path.basename(url)

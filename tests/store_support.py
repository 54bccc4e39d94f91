"""Shared fixtures of the store tests: a fresh database on each backend, and a small corpus.

`store_url` runs a test on SQLite and on PostgreSQL. The PostgreSQL server is
COMMUNIQUE_TEST_POSTGRES (default postgresql://postgres@127.0.0.1:5432/test):
the session creates a database of its own there, each test a schema in it,
and both are dropped afterwards. Without a reachable server the PostgreSQL
runs skip, except under CI=true, where they fail.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

POSTGRES = os.environ.get("COMMUNIQUE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")

# One meeting (14 March 2023, Vienna, UNODC and INTERPOL) reported in six languages.
SAME_MEETING = {
    "en": "On 14 March 2023 the Executive Director of the United Nations Office on Drugs and Crime "
    "met the Secretary General of INTERPOL in Vienna to discuss cooperation against drug "
    "trafficking.",
    "fr": "Le 14 mars 2023, la Directrice exécutive de l'Office des Nations Unies contre la drogue "
    "et le crime a rencontré le Secrétaire général d'INTERPOL à Vienne pour discuter de la "
    "coopération contre le trafic de drogue.",
    "es": "El 14 de marzo de 2023, la Directora Ejecutiva de la Oficina de las Naciones Unidas "
    "contra la Droga y el Delito se reunió con el Secretario General de INTERPOL en Viena para "
    "hablar de la cooperación contra el tráfico de drogas.",
    "ru": "14 марта 2023 года УНП ООН и Интерпол провели переговоры в Вене о сотрудничестве в "
    "борьбе с наркотиками.",
    "ar": "التقت المديرة التنفيذية لمكتب الأمم المتحدة المعني بالمخدرات والجريمة الأمين العام "
    "للإنتربول في فيينا يوم 14 مارس 2023 لبحث التعاون في مكافحة الاتجار بالمخدرات.",
    "zh": "2023年3月14日，联合国毒品和犯罪问题办公室执行主任在维也纳会见了国际刑警组织秘书长，"
    "讨论打击毒品贩运的合作。",
}

# Other events: the same pair a month later, another pair, an agreement.
OTHERS = {
    "en-later": "On 20 April 2023 the Executive Director of the United Nations Office on Drugs "
    "and Crime met the Secretary General of INTERPOL in Lyon.",
    "fr-agreement": "Le 5 juin 2021, l'Organisation internationale pour les migrations et "
    "l'Organisation mondiale des douanes ont signé un mémorandum d'accord à Bruxelles.",
    "en-health": "On 2 February 2022 the Director-General of the World Health Organization met "
    "the Executive Director of UNICEF in Geneva to discuss vaccination campaigns.",
}


def _server_url() -> str:
    """Return the PostgreSQL test server's URL, or skip (fail under CI=true) when unreachable."""
    try:
        import psycopg

        psycopg.connect(POSTGRES, connect_timeout=3, autocommit=True).close()
    except Exception as exc:  # any failure to connect means "no server here"
        message = f"PostgreSQL at {POSTGRES} is not reachable ({exc.__class__.__name__}: {exc})"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + "; under CI=true the PostgreSQL tests must run")
        pytest.skip(message)
    return POSTGRES


def _admin(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(statement)


def _with_database(url: str, name: str) -> str:
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}"


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """Create a database for this test session on the PostgreSQL server; drop it at the end."""
    server = _server_url()
    name = f"communique_test_{uuid.uuid4().hex[:10]}"
    _admin(server, f'CREATE DATABASE "{name}"')
    url = _with_database(server, name)
    with contextlib.suppress(Exception):  # search works without pg_trgm, if not installed
        _admin(url, "CREATE EXTENSION IF NOT EXISTS pg_trgm")
    yield url
    _admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"], name="store_url")
def store_url_fixture(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Yield the URL of a fresh, empty database on each backend."""
    if request.param == "sqlite":
        yield str(tmp_path / "store.db")
        return
    database = request.getfixturevalue("postgres_database")
    schema = f"t_{uuid.uuid4().hex[:10]}"
    _admin(database, f"CREATE SCHEMA {schema}")
    yield f"{database}?options=-csearch_path%3D{schema},public"
    _admin(database, f"DROP SCHEMA {schema} CASCADE")


def records_of(texts: dict[str, str], published: str | None = None) -> dict[str, dict[str, Any]]:
    """Extract the record of each text (keyed like `texts`), with the shared pipeline."""
    from communique import extract

    options = {"published": published} if published else {}
    return {key: extract(text, **options) for key, text in texts.items()}

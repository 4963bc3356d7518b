"""Store fixtures: every ``store`` test runs on SQLite and on PostgreSQL.

Without a PostgreSQL server the PostgreSQL runs are skipped with a notice (and a line
in the terminal summary); with EVENTWIRE_REQUIRE_POSTGRES=1 (CI) they fail instead.
"""
from __future__ import annotations

import os

import pytest

from eventwire.store.testing import postgres_available, temp_store

_PG_DOWN = postgres_available()
REQUIRE_PG = os.environ.get("EVENTWIRE_REQUIRE_POSTGRES") == "1"


def pytest_terminal_summary(terminalreporter):
    if _PG_DOWN and not REQUIRE_PG:
        terminalreporter.write_line(
            f"NOTICE: PostgreSQL store tests were skipped (no server: {_PG_DOWN}). "
            "Start PostgreSQL on 127.0.0.1:5432 or set EVENTWIRE_TEST_POSTGRES to run them.",
            yellow=True)


def need_postgres() -> None:
    if _PG_DOWN:
        if REQUIRE_PG:
            pytest.fail(f"EVENTWIRE_REQUIRE_POSTGRES=1 but no PostgreSQL server answers: {_PG_DOWN}")
        pytest.skip(f"no PostgreSQL server answers ({_PG_DOWN})")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request) -> str:
    if request.param == "postgresql":
        need_postgres()
    return request.param


@pytest.fixture
def store(backend):
    with temp_store(backend) as s:
        yield s

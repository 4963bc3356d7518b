"""Store fixtures: every ``store`` test runs on SQLite and on PostgreSQL.

Without a PostgreSQL server the PostgreSQL runs are skipped with a notice (and a line
in the terminal summary); with EVENTWIRE_REQUIRE_POSTGRES=1 (CI) they fail instead.
"""
from __future__ import annotations

import pytest

from eventwire.store.testing import temp_store
from requirements import need_postgres, postgres_down, required   # one check for every area


def pytest_terminal_summary(terminalreporter):
    if postgres_down() and not required("postgres"):
        terminalreporter.write_line(
            f"NOTICE: PostgreSQL store tests were skipped (no server: {postgres_down()}). "
            "Start PostgreSQL on 127.0.0.1:5432 or set EVENTWIRE_TEST_POSTGRES to run them.",
            yellow=True)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request) -> str:
    if request.param == "postgresql":
        need_postgres()
    return request.param


@pytest.fixture
def store(backend):
    with temp_store(backend) as s:
        yield s

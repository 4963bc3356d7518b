from __future__ import annotations

import os

import pytest

from eventwire.store.testing import postgres_available, temp_store

_PG_DOWN = postgres_available()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request):
    if request.param == "postgresql" and _PG_DOWN:
        if os.environ.get("EVENTWIRE_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"EVENTWIRE_REQUIRE_POSTGRES=1 but no PostgreSQL server answers: {_PG_DOWN}")
        pytest.skip(f"no PostgreSQL server answers ({_PG_DOWN})")
    with temp_store(request.param) as s:
        yield s


@pytest.fixture
def sqlite_store():
    with temp_store("sqlite") as s:
        yield s

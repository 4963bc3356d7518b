from __future__ import annotations

import pytest

from eventwire.store.testing import temp_store
from requirements import need_postgres


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request):
    if request.param == "postgresql":
        need_postgres()
    with temp_store(request.param) as s:
        yield s


@pytest.fixture
def sqlite_store():
    with temp_store("sqlite") as s:
        yield s

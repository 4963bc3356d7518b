"""What a test needs that a fresh clone may lack, and the one place that decides whether its
absence skips the test (a one-line notice naming what is missing) or fails it (CI).

- the shared evaluation data (``$EVENTWIRE_SHARED``, else ``../shared`` beside the repo):
  ``EVENTWIRE_REQUIRE_SHARED=1`` makes its absence a failure;
- Debian's Chromium for the browser tests: ``EVENTWIRE_REQUIRE_CHROMIUM=1``;
- a PostgreSQL server (``$EVENTWIRE_TEST_POSTGRES``): ``EVENTWIRE_REQUIRE_POSTGRES=1``.

``.ci/run`` sets all three. Tests use it as ``from requirements import need_shared``
(pytest puts ``tests/`` on the import path for ``tests/conftest.py``).
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import NoReturn, Optional

import pytest

REQUIRE = {"shared": "EVENTWIRE_REQUIRE_SHARED", "chromium": "EVENTWIRE_REQUIRE_CHROMIUM",
           "postgres": "EVENTWIRE_REQUIRE_POSTGRES"}


def required(kind: str) -> bool:
    """Whether this run must have ``kind`` ("shared", "chromium", "postgres")."""
    return os.environ.get(REQUIRE[kind]) == "1"


def missing(kind: str, why: str) -> NoReturn:
    """Skip the calling test with ``why`` (one line), or fail it when ``kind`` is required."""
    if required(kind):
        pytest.fail(f"{REQUIRE[kind]}=1 but {why}", pytrace=False)
    pytest.skip(why)


def need_shared(path: Path, what: str = "shared data") -> Path:
    """``path`` (under the shared folder) if it exists; else skip/fail naming what is missing."""
    path = Path(path)
    if not path.exists():
        missing("shared", f"{what} not found at {path} (set EVENTWIRE_SHARED)")
    return path


@lru_cache(maxsize=None)
def postgres_down() -> Optional[str]:
    """None when the test PostgreSQL server answers, else why not (asked once a session)."""
    from eventwire.store.testing import postgres_available
    return postgres_available()


def need_postgres() -> None:
    down = postgres_down()
    if down:
        missing("postgres", f"no PostgreSQL server answers ({down})")


def need_chromium(path: Path) -> Path:
    path = Path(path)
    if not path.exists():
        missing("chromium", f"browser tests need Debian chromium at {path} (make setup installs it as root)")
    return path

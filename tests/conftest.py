"""Session fixtures shared by every area's tests."""
from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.evaluate.paths import shared_dir   # $EVENTWIRE_SHARED, else ../shared beside the repo


SEED_PATH = shared_dir() / "seed" / "karachi-consulate-attack.txt"
SEED_PUBLISHED = "2018-11-27"


@pytest.fixture(scope="session")
def shared() -> Path:
    return shared_dir()


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED_PATH.exists():
        pytest.skip(f"seed article not found at {SEED_PATH} (set EVENTWIRE_SHARED)")
    return SEED_PATH


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED_PATH.exists():
        pytest.skip(f"seed article not found at {SEED_PATH} (set EVENTWIRE_SHARED)")
    return SEED_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def pipeline():
    from eventwire.pipeline import Pipeline
    return Pipeline.default()


@pytest.fixture(scope="session")
def seed_record(seed_text):
    """The seed's full extraction record (dict), computed once per test session."""
    import eventwire
    return eventwire.extract(seed_text, published=SEED_PUBLISHED)

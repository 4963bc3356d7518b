"""Session fixtures shared by every area's tests."""
from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.evaluate.paths import shared_dir   # $EVENTWIRE_SHARED, else ../shared beside the repo
from requirements import need_shared              # skip with a notice, or fail in CI (.ci/run)


SEED_PATH = shared_dir() / "seed" / "karachi-consulate-attack.txt"
SEED_PUBLISHED = "2018-11-27"


@pytest.fixture(scope="session")
def shared() -> Path:
    return shared_dir()


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return need_shared(SEED_PATH, "seed article")


@pytest.fixture(scope="session")
def seed_text() -> str:
    return need_shared(SEED_PATH, "seed article").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def pipeline():
    from eventwire.pipeline import Pipeline
    return Pipeline.default()


@pytest.fixture(scope="session")
def seed_record(seed_text):
    """The seed's full extraction record (dict), computed once per test session."""
    import eventwire
    return eventwire.extract(seed_text, published=SEED_PUBLISHED)

"""Fixtures for the readers' tests."""
from __future__ import annotations

import pytest

from ingest_samples import BODY, PAGE


@pytest.fixture
def page() -> str:
    return PAGE


@pytest.fixture
def body() -> str:
    return BODY

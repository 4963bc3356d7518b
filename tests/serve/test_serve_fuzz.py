"""Property test: whatever parameters a client sends, the API never answers 5xx.

Schemathesis reads /openapi.json and generates requests (valid and invalid) for every
operation; each must end in a 2xx/4xx answer.
"""
from __future__ import annotations

import re

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error


@pytest.fixture(scope="module")
def api_schema(api_db):
    from eventwire.serve import create_app
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(api_db))


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case):
    response = case.call()
    case.validate_response(response, checks=[not_a_server_error])
    if response.status_code == 422:
        assert re.match(r"\[E2(01|1\d)\] ", response.json()["error"])

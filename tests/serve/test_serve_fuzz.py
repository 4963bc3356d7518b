"""Property test: whatever parameters a client sends, the API never answers 5xx.

Schemathesis reads /openapi.json and generates requests (valid and invalid) for every
operation; each must end in a 2xx/4xx answer.
"""
from __future__ import annotations

import re

import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error


@pytest.fixture(scope="module")
def api_schema(api_db):
    from eventwire.serve import create_app
    # the fuzzing phase only: the coverage phase tries every value of every enum (~500
    # countries) and takes minutes; test_schema_contract.py checks the whole contract
    config = SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": False},
                                                      "stateful": {"enabled": False}}})
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(api_db), config=config)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case):
    response = case.call()
    case.validate_response(response, checks=[not_a_server_error])
    if response.status_code == 422:
        assert re.match(r"\[E2(01|1\d)\] ", response.json()["error"])

"""The API is true to its published schema (/openapi.json), checked by schemathesis.

Requests generated from the schema — valid ones (positive) and ones that break it
(negative) — go to the app in-process (ASGI) over the fused synthetic store; every
answer runs through all of schemathesis's default checks: no 5xx, only documented
status codes and content types, bodies that validate against the schema (422 bodies
included), schema-valid requests accepted and schema-invalid ones refused.

The one rule a schema cannot state (``since`` after ``until``: 422 E212) is left out of
the generated valid requests; it has its own test in test_serve_api.py.

Cases: ``EVENTWIRE_SCHEMA_CASES`` in all (default 240, spread over the operations and
both modes). The long run reported in docs/web.md:
    EVENTWIRE_SCHEMA_CASES=2400 .venv/bin/pytest -q tests/serve/test_schema_contract.py -s
"""
from __future__ import annotations

import os
import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.generation import GenerationMode

from schema_hooks import since_after_until

CASES = int(os.environ.get("EVENTWIRE_SCHEMA_CASES", "240"))


@pytest.fixture(scope="module")
def api_schema(api_db):
    from eventwire.serve import create_app
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(api_db))


def _operations(schema):
    out = []
    for result in schema.get_all_operations():
        op = result.ok()
        out.append(op)
    return out


def test_schema_lists_every_status_the_server_answers(api_schema):
    spec = api_schema.raw_schema
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            codes = set(op["responses"])
            assert "503" in codes, (path, method)
            if not (op.get("parameters") or op.get("requestBody")):
                continue
            assert "422" in codes, (path, method)
            assert op["responses"]["422"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")
            if "{" in path:
                assert "404" in codes, path
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    assert "413" in spec["paths"]["/api/articles"]["post"]["responses"]


def run_cases(operations, mode, per_op: int, keep=None) -> tuple[int, list[str]]:
    """Generate ``per_op`` cases per operation in ``mode``, call the app, run every default
    check; returns (cases run, failures). ``keep(case)`` drops generated cases it refuses."""
    failures, ran = [], 0
    for op in operations:
        strategy = op.as_strategy(generation_mode=mode)
        if keep is not None:
            strategy = strategy.filter(keep)
        seen: list = []

        @given(strategy)
        @settings(max_examples=per_op, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        def run(case):
            seen.append(1)
            response = case.call()
            try:
                case.validate_response(response)
                if response.status_code == 422:       # one catalogued line, never the request back
                    error = response.json()["error"]
                    assert re.match(r"\[E2(01|1\d)\] ", error) and "\n" not in error, error
                    assert len(response.content) < 8000, len(response.content)
            except (Exception, BaseExceptionGroup) as e:       # schemathesis raises a FailureGroup
                failures.append(f"{op.label}: {case.as_curl_command()}\n{str(e)[:800]}")

        try:
            run()
        except (Exception, BaseExceptionGroup) as e:   # a generation problem is a failure too
            failures.append(f"{op.label}: {type(e).__name__}: {str(e)[:400]}")
        ran += len(seen)
    return ran, failures


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
def test_generated_requests_meet_the_schema(api_schema, mode):
    operations = _operations(api_schema)
    if mode is GenerationMode.NEGATIVE:     # nothing to break in a request without parameters
        operations = [op for op in operations
                      if op.definition.raw.get("parameters") or op.definition.raw.get("requestBody")]
    per_op = max(2, CASES // (2 * len(operations)))
    keep = (lambda case: not since_after_until(case.query)) if mode is GenerationMode.POSITIVE else None
    ran, failures = run_cases(operations, mode, per_op, keep)
    print(f"\nschemathesis: {ran} {mode.value} cases over {len(operations)} operations, "
          f"{len(failures)} failures")
    assert ran >= len(operations)
    assert not failures, "\n\n".join(failures[:10])


def test_the_checks_can_fail(api_schema):
    """Without the since/until rule left out, valid-looking requests get 422: the harness sees it."""
    (op,) = [o for o in _operations(api_schema) if o.label == "GET /api/timeline"]
    ran, failures = run_cases([op], GenerationMode.POSITIVE, 60,
                              keep=lambda case: since_after_until(case.query))
    assert ran and failures and all("E212" in f or "accepted" in f for f in failures)

"""schemathesis hooks for a CLI run against `eventwire serve` (docs/web.md):

    PYTHONPATH=tests/serve SCHEMATHESIS_HOOKS=schema_hooks .venv/bin/schemathesis run …

Valid (positive) cases with ``since`` after ``until`` are dropped: the one rule the schema
cannot state (the server answers 422 E212; test_serve_api.py tests it).
"""
from __future__ import annotations

import os

import schemathesis

from eventwire.serve.params import BadParameter, check_date


def since_after_until(query) -> bool:
    """True when the query holds two well-formed dates with since after until."""
    query = query or {}
    since, until = query.get("since"), query.get("until")
    if not isinstance(since, str) or not isinstance(until, str):
        return False
    try:
        a, b = check_date("since", since), check_date("until", until, end=True)
    except BadParameter:
        return False
    return bool(a and b and a > b)


def filter_case(context, case) -> bool:
    meta = getattr(case, "meta", None)
    positive = meta is not None and meta.generation.mode.is_positive
    return not (positive and since_after_until(case.query))


# A hook is global once registered: only the CLI run that names this module gets it (the
# test suite imports the predicate and applies it where it wants).
if os.environ.get("SCHEMATHESIS_HOOKS", "").split(".")[-1] == "schema_hooks":
    schemathesis.hook(filter_case)

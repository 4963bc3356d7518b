"""The one helper that turns a missing prerequisite into a skip, or into a failure in CI."""
from __future__ import annotations

import pytest

from requirements import REQUIRE, missing, need_shared


@pytest.mark.parametrize("kind", sorted(REQUIRE))
def test_missing_skips_unless_required(kind, monkeypatch):
    monkeypatch.delenv(REQUIRE[kind], raising=False)
    with pytest.raises(pytest.skip.Exception, match="the thing is missing"):
        missing(kind, "the thing is missing")
    monkeypatch.setenv(REQUIRE[kind], "1")
    with pytest.raises(pytest.fail.Exception, match=f"{REQUIRE[kind]}=1 but the thing is missing"):
        missing(kind, "the thing is missing")


def test_need_shared_names_the_missing_path(tmp_path, monkeypatch):
    monkeypatch.delenv("EVENTWIRE_REQUIRE_SHARED", raising=False)
    assert need_shared(tmp_path) == tmp_path
    with pytest.raises(pytest.skip.Exception, match=r"MUC-4 dev not found at .*nope"):
        need_shared(tmp_path / "nope", "MUC-4 dev")


def test_ci_requires_everything():
    from pathlib import Path
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    for var in REQUIRE.values():
        assert f"{var}=1" in ci, var

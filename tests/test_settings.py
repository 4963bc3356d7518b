"""One frozen Settings object: read-only, variants by replace, every setting documented."""
import re
from pathlib import Path

import pytest

from eventwire.errors import DataError, UsageError
from eventwire.settings import Settings

DOCS = Path(__file__).resolve().parents[1] / "docs" / "settings.md"


def test_settings_are_read_only_and_variants_leave_the_original_alone():
    s = Settings.load()
    assert s.events.role_threshold == 0.25 and s.pipeline.extractor == "incidents"
    with pytest.raises(AttributeError):
        s.events.role_threshold = 0.3
    with pytest.raises(TypeError):
        s.events.role_threshold_by_role["PerpInd"] = 0.9
    v = s.replace("events", role_threshold=0.4, role_fallback={"Victim": 0.1})
    assert v.events.role_threshold == 0.4 and v.events.role_fallback["Victim"] == 0.1
    assert Settings.load().events.role_threshold == 0.25 and v != s
    assert v.events.count_window == s.events.count_window


def test_a_misspelt_setting_is_refused():
    with pytest.raises(UsageError) as e:
        Settings.load().replace("events", role_treshold=0.4)
    assert "role_treshold" in str(e.value) and "role_threshold" in str(e.value)


def test_missing_or_broken_settings_file(tmp_path):
    with pytest.raises(DataError) as e:
        Settings.load(tmp_path / "none.toml")
    assert str(e.value).startswith("[E503]") and e.value.exit_code == 5
    bad = tmp_path / "bad.toml"
    bad.write_text("[events\nx = 1\n")
    with pytest.raises(DataError) as e:
        Settings.load(bad)
    assert str(e.value).startswith("[E504]")


def test_every_setting_is_documented():
    """docs/settings.md names every [section] and key of the shipped file (as `section.key`)."""
    text = DOCS.read_text(encoding="utf-8")
    documented = set(re.findall(r"`([a-z0-9_]+\.[a-z0-9_]+)`", text))
    shipped = {f"{sec}.{key}" for sec, values in Settings.load().sections.items() for key in values}
    assert shipped - documented == set(), "undocumented settings"
    assert documented - shipped == set(), "documented settings that do not exist"

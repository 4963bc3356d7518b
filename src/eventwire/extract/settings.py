"""Event-extraction thresholds, read from the shipped ``resources/events/settings.toml``."""
from __future__ import annotations

import tomllib
from pathlib import Path

SETTINGS_FILE = Path(__file__).resolve().parent.parent / "resources" / "events" / "settings.toml"

with SETTINGS_FILE.open("rb") as _f:
    SETTINGS: dict = tomllib.load(_f)

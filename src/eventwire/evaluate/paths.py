"""Where the shared evaluation data lives: $EVENTWIRE_SHARED, else ../shared beside the repo."""
from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]


def shared_dir() -> Path:
    env = os.environ.get("EVENTWIRE_SHARED")
    return Path(env) if env else REPO_ROOT.parent / "shared"


def shared_data() -> Path:
    return shared_dir() / "data"

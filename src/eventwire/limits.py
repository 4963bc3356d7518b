"""Budgets for any input (``resources/limits.toml``): document parts, the per-document size
budget, the parser's sentence cap and the decompression caps of archives (docs/scaling.md)."""
from __future__ import annotations

import tomllib
from pathlib import Path

LIMITS_FILE = Path(__file__).resolve().parent / "resources" / "limits.toml"

with LIMITS_FILE.open("rb") as _f:
    LIMITS: dict = tomllib.load(_f)

PART_CHARS: int = LIMITS["document"]["part_chars"]
MAX_CHARS: int = LIMITS["document"]["max_chars"]
CHARS_PER_SECOND: int = LIMITS["document"]["chars_per_second"]
MAX_SENTENCE_TOKENS: int = LIMITS["parse"]["max_sentence_tokens"]
ARCHIVE_MIN_MB: float = LIMITS["archive"]["archive_min_mb"]
ARCHIVE_MAX_RATIO: float = LIMITS["archive"]["archive_max_ratio"]
MAX_LINE_BYTES: int = LIMITS["archive"]["max_line_bytes"]

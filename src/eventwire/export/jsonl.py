"""JSON Lines: one incident per line, with its fused fields and every source's report."""
from __future__ import annotations

import json
from typing import IO

from .common import iter_incidents


def write(store, out: IO[str], **filters) -> int:
    n = 0
    for inc in iter_incidents(store, **filters):
        out.write(json.dumps(inc, ensure_ascii=False, default=str) + "\n")
        n += 1
    return n

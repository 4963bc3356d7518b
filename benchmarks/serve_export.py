"""Time and memory of a streamed export: `/api/events.csv` over 10,000 synthetic events.

    .venv/bin/python benchmarks/serve_export.py [--db /tmp/serve_export.db]

Builds 100 articles × 100 events (tests/serve/serve_data.py, through Store.add_extraction)
once, then streams the export through the app and prints rows, bytes, seconds and the
process's peak RSS before and after.
"""
from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "serve"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default="/tmp/serve_export.db")
    args = ap.parse_args()
    from fastapi.testclient import TestClient
    from serve_data import synthetic_extraction

    from eventwire.serve import create_app
    from eventwire.store import Store
    if not os.path.exists(args.db):
        with Store(args.db) as store:
            rng = random.Random(3)
            for i in range(100):
                store.add_extraction(synthetic_extraction(i, 100, rng=rng))
    c = TestClient(create_app(args.db))
    total = c.get("/api/events", params={"limit": 1}).json()["total"]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    lines = size = 0
    with c.stream("GET", "/api/events.csv") as r:
        for chunk in r.iter_bytes():
            size += len(chunk)
            lines += chunk.count(b"\n")
    seconds = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"events total={total} csv rows={lines - 1} bytes={size:,} time={seconds:.1f} s "
          f"peak RSS {before / 1024:.0f} MB -> {after / 1024:.0f} MB")


if __name__ == "__main__":
    main()

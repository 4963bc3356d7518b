"""Per-batch fusion cost as one week fills up (issue 15: "per-batch fusion time stays
near-linear at 20k events in one week").

The feed is ``store.testing.attack_feed``: distinct attacks, all in one week and one country
(fusion's worst case: every report falls in the same (family, week, country) block). It is
stored and fused 1,000 articles (= events) at a time, as an ingest that fuses after each
batch does; each 1k batch's ``Store.fuse()`` is timed (wall clock, and this process's CPU time, which
other work on a shared machine disturbs less), with the reports it read from the
store and the candidates it scored.

    .venv/bin/python benchmarks/fusion_week.py [--events 20000] [--at 1000,5000,10000,20000]
        [--db-url postgresql://…] [--dump FILE] [--profile FILE]   # cProfile of the last batch

The last line is the ratio of the last 1k batch's time to the first's (1.0: each batch costs
the same however much of the week is stored; it grew with what was stored before).
"""
from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from eventwire.store.testing import attack_feed  # noqa: E402
from fusion_scale import _store, dump  # noqa: E402

BATCH = 1000


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=20_000)
    ap.add_argument("--at", default="1000,5000,10000,20000", help="report the batch ending at these sizes")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--db-url", default=None, help="PostgreSQL URL (default: a temporary SQLite file)")
    ap.add_argument("--dump", default=None, help="write the fused output to FILE")
    ap.add_argument("--profile", default=None, help="write cProfile stats of the last batch to FILE")
    args = ap.parse_args(argv)
    at = {int(x) for x in args.at.split(",")}
    feed = attack_feed(args.events, seed=args.seed)
    rows = []
    with _store(args.db_url) as store:
        for i in range(0, len(feed), BATCH):
            for ex in feed[i:i + BATCH]:
                store.add_extraction(ex)
            prof = cProfile.Profile() if args.profile and i + BATCH >= len(feed) else None
            t0, c0 = time.perf_counter(), time.process_time()
            if prof:
                prof.enable()
            done = store.fuse()
            if prof:
                prof.disable()
            seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
            stored = i + len(feed[i:i + BATCH])
            rows.append((stored, seconds, done, cpu))
            if stored in at or stored == len(feed):
                print(f"events stored {stored:>6}  batch of {done['events']:>5} fused in {seconds:6.2f} s (cpu {cpu:6.2f} s)  "
                      f"reports read {done.get('reports_read', 0):>7}  candidates scored {done.get('candidates_scored', 0):>8}  "
                      f"crowded out {done.get('crowded_out', 0):>8}  new incidents {done['incidents_new']:>5}",
                      flush=True)
            if prof:
                prof.dump_stats(args.profile)
                pstats.Stats(prof).sort_stats("tottime").print_stats(15)
        incidents = store.stats()["incidents"]
        if args.dump:
            with open(args.dump, "w", encoding="utf-8") as fh:
                for rec in dump(store):
                    fh.write(json.dumps(rec, sort_keys=True) + "\n")
    first, last = rows[0], rows[-1]
    print(f"incidents {incidents} from {len(feed)} events")
    print(f"reports read per batch, last/first: {last[2].get('reports_read')}/{first[2].get('reports_read')}")
    print(f"per-batch time ratio, batch ending at {last[0]} / batch ending at {first[0]}: "
          f"{last[1] / first[1]:.2f} (cpu time {last[3] / first[3]:.2f})")


if __name__ == "__main__":
    main()

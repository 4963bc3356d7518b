"""Cores (and worker memory) needed for N articles a day, from measured per-core speed.

    .venv/bin/python benchmarks/dask_speedup.py --json benchmarks/results/speedup.json
    .venv/bin/python benchmarks/worker_memory.py --json benchmarks/results/memory.json
    .venv/bin/python benchmarks/projection.py                  # reads the two files above
    .venv/bin/python benchmarks/projection.py --per-day 1000000 --utilization 0.7

Nothing here is guessed: the per-core rate is the measured throughput of the single-worker run
(one process, one thread, one core) and of the two-worker run divided by two; memory is the
largest peak RSS per worker measured. The projection assumes what the runner does: workers
share nothing but the store, so throughput adds up per core (the two-worker run is the
evidence for that at this scale). Articles of another length scale the rate by their words.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--speedup", type=Path, default=RESULTS / "speedup.json")
    ap.add_argument("--memory", type=Path, default=RESULTS / "memory.json")
    ap.add_argument("--per-day", type=int, default=1_000_000, help="articles a day to keep up with")
    ap.add_argument("--utilization", type=float, default=0.7,
                    help="share of each core's time to plan for (headroom for bursts and retries)")
    ap.add_argument("--words", type=int, default=None,
                    help="average words per article to plan for (default: as measured)")
    args = ap.parse_args(argv)
    if not args.speedup.exists():
        print(f"no measurements at {args.speedup}: run benchmarks/dask_speedup.py --json {args.speedup} first")
        return 2
    speed = json.loads(args.speedup.read_text())
    one, two = speed["runs"][0], speed["runs"][1]
    words_per_article = speed["words"] / one["articles"]
    plan_words = args.words or words_per_article
    needed = args.per_day / 86_400   # articles per second, around the clock

    print(f"measured ({speed.get('measured_at', '?')}, stage {one['stage']}, {one['articles']} articles "
          f"of {words_per_article:.0f} words on average):")
    rates = {
        "1 worker": one["articles_per_second"],
        "2 workers, per core": two["articles_per_second"] / 2,
    }
    for label, rate in rates.items():
        print(f"  {label}: {rate:.2f} articles/s = {rate * words_per_article:.0f} words/s "
              f"= {rate * 86_400:,.0f} articles/day per core")
    cpu_rate = one.get("articles_per_worker_cpu_second")
    if cpu_rate:
        print(f"  per CPU-second actually received (1 worker): {cpu_rate:.2f} articles")

    peak_mb = None
    if args.memory.exists():
        mem = json.loads(args.memory.read_text())
        if mem.get("checkpoints"):
            peak_mb = max(max(row["peak_rss_mb"].values()) for row in mem["checkpoints"])
            print(f"  peak RSS per worker: {peak_mb:.0f} MB (stage {mem['stage']}, "
                  f"{mem['measured']} articles streamed)")

    print(f"\n{args.per_day:,} articles/day = {needed:.2f} articles/s; planning each core at "
          f"{args.utilization:.0%} busy, articles of {plan_words:.0f} words:")
    for label, rate in rates.items():
        rate_planned = rate * words_per_article / plan_words
        cores = math.ceil(needed / (rate_planned * args.utilization))
        memory = f", {cores * peak_mb / 1024:.1f} GB of worker memory" if peak_mb else ""
        print(f"  from the {label} rate: {cores} cores{memory}")
    worst = min(rates.values()) * words_per_article / plan_words
    print(f"cores needed for {args.per_day:,} articles/day: {math.ceil(needed / (worst * args.utilization))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

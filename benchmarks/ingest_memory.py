"""MUC-4 train+dev (1500 articles) through `eventwire ingest`: speed, flat memory, idempotence.

Runs the real CLI in a subprocess (progress bar on stderr) and samples the resident memory
of it and its worker processes every 0.2 s:

1. a fresh database, the first N articles (default 200): peak RSS;
2. a fresh database, all articles: peak RSS and new articles/s;
3. the same command again: must add nothing;
4. with --kill: a fresh database killed with SIGKILL after K stored articles, then re-run:
   every article must end up stored exactly once.

    .venv/bin/python benchmarks/ingest_memory.py [--small 200] [--workers 2] [--kill 300]

The MUC-4 records are rewritten to a temporary JSONL ({"text", "source", "url"}); nothing
from the shared data is kept.
"""
from __future__ import annotations

import argparse
import json
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent


from eventwire.evaluate.paths import shared_dir  # noqa: E402  ($EVENTWIRE_SHARED, else ../shared)


def write_muc(out: Path, limit: int | None = None) -> int:
    n = 0
    with open(out, "w", encoding="utf-8") as fh:
        for split in ("train", "dev"):
            for line in (shared_dir() / "data" / "muc4" / f"{split}.jsonl").open(encoding="utf-8"):
                if limit is not None and n >= limit:
                    return n
                doc = json.loads(line)
                fh.write(json.dumps({"text": doc["doctext"], "source": "MUC-4",
                                     "url": f"muc4:{doc['docid']}"}) + "\n")
                n += 1
    return n


def stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("select count(*) from articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def run_ingest(src: Path, db: Path, workers: int, kill_after: int | None = None) -> dict:
    cmd = [str(Path(sys.executable).parent / "eventwire"), "ingest", str(src), "--db", str(db),
           "--workers", str(workers), "--progress"]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    parent = psutil.Process(proc.pid)
    peak_total = peak_parent = peak_worker = 0
    killed = False
    while proc.poll() is None:
        try:
            procs = [parent] + parent.children(recursive=True)
            rss = {p.pid: p.memory_info().rss for p in procs}
        except psutil.Error:
            rss = {}
        if rss:
            peak_total = max(peak_total, sum(rss.values()))
            peak_parent = max(peak_parent, rss.get(parent.pid, 0))
            workers_rss = [v for k, v in rss.items() if k != parent.pid]
            peak_worker = max([peak_worker] + workers_rss)
        if kill_after is not None and stored(db) >= kill_after:
            for p in [parent] + parent.children(recursive=True):
                try:
                    p.send_signal(signal.SIGKILL)
                except psutil.Error:
                    pass
            killed = True
        time.sleep(0.2)
    out = proc.stdout.read()
    return {"seconds": time.perf_counter() - started, "rc": proc.returncode, "stdout": out,
            "killed": killed, "peak_total_mb": peak_total / 2**20,
            "peak_parent_mb": peak_parent / 2**20, "peak_worker_mb": peak_worker / 2**20}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--small", type=int, default=200)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--kill", type=int, default=None, help="also kill a run after this many articles")
    ap.add_argument("--kill-of", type=int, default=None,
                    help="run the kill test on the first N articles only")
    ap.add_argument("--only-kill", action="store_true", help="skip steps 1-3")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        results = {}
        if args.only_kill:
            args.skip_small = True
        if not args.skip_small:
            small = tmp / "small.jsonl"
            n_small = write_muc(small, args.small)
            r = run_ingest(small, tmp / "small.db", args.workers)
            results["small"] = r
            print(f"{n_small} articles: {r['seconds']:.0f} s, peak RSS total {r['peak_total_mb']:.0f} MB "
                  f"(parent {r['peak_parent_mb']:.0f} MB, largest worker {r['peak_worker_mb']:.0f} MB)")
            print("   " + r["stdout"].strip().replace("\n", "\n   "))
        full = tmp / "full.jsonl"
        n_full = write_muc(full)
        if args.only_kill:
            return kill_test(args, tmp)
        r = run_ingest(full, tmp / "full.db", args.workers)
        n_stored = stored(tmp / "full.db")
        print(f"{n_full} articles: {r['seconds']:.0f} s ({n_stored / r['seconds']:.2f} articles/s "
              f"end to end, {args.workers} workers), peak RSS total {r['peak_total_mb']:.0f} MB "
              f"(parent {r['peak_parent_mb']:.0f} MB, largest worker {r['peak_worker_mb']:.0f} MB)")
        print("   " + r["stdout"].strip().replace("\n", "\n   "))
        again = run_ingest(full, tmp / "full.db", args.workers)
        print(f"re-run: {again['seconds']:.0f} s, articles stored before {n_stored}, after "
              f"{stored(tmp / 'full.db')}")
        print("   " + again["stdout"].strip().replace("\n", "\n   "))
        if args.kill:
            kill_test(args, tmp)


def kill_test(args, tmp: Path) -> None:
    src = tmp / "kill.jsonl"
    n = write_muc(src, args.kill_of)
    db = tmp / "killed.db"
    run_ingest(src, db, args.workers, kill_after=args.kill)
    at_kill = stored(db)
    resumed = run_ingest(src, db, args.workers)
    with sqlite3.connect(db) as conn:
        total, distinct = conn.execute("select count(*), count(distinct id) from articles").fetchone()
        unfused = conn.execute("select count(*) from articles where fused_at is null").fetchone()[0]
    print(f"{n} articles, killed (SIGKILL, parent and workers) with {at_kill} stored; the re-run "
          f"leaves {total} rows, {distinct} distinct, {unfused} unfused")
    print("   " + resumed["stdout"].strip().replace("\n", "\n   "))


if __name__ == "__main__":
    main()

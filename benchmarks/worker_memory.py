"""Memory per Dask worker over a long stream of synthetic articles.

    .venv/bin/python benchmarks/worker_memory.py                          # 50k articles, full pipeline
    .venv/bin/python benchmarks/worker_memory.py --articles 5000 --checkpoints 1000,5000
    .venv/bin/python benchmarks/worker_memory.py --stage spacy --max-seconds 1200

Articles are recombined sentences of the shared corpora, made one at a time at run time
(``corpora.synthetic_articles``, fixed seed): nothing is written to disk and the client never
holds the stream. Two single-threaded workers process it in partitions. A thread samples each
worker's RSS with psutil every 0.2 s; at each checkpoint the script prints, per worker, the
peak sampled RSS so far and the kernel's own high-water mark (VmHWM). The last line compares
the peak at the first and the last checkpoint reached. ``--max-seconds`` stops the stream early
and says how many articles were actually measured.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpora import synthetic_articles  # noqa: E402
from probe import RssSampler, peak_rss_kernel, worker_processes  # noqa: E402

from eventwire.runner import dask_runner  # noqa: E402

STAGES = {"pipeline": (dask_runner.DEFAULT_PIPELINE, dask_runner.extract_partition),
          "spacy": ("spacy", dask_runner.nlp_only_partition)}
MB = 1024 * 1024


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=50_000)
    ap.add_argument("--checkpoints", default="5000,50000",
                    help="article counts at which to report (comma-separated)")
    ap.add_argument("--stage", choices=sorted(STAGES), default="pipeline")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--partition-size", type=int, default=16)
    ap.add_argument("--seed", type=int, default=20181127)
    ap.add_argument("--min-sentences", type=int, default=8)
    ap.add_argument("--max-sentences", type=int, default=22)
    ap.add_argument("--max-seconds", type=float, default=None,
                    help="stop the stream after this long (the report says how far it got)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    checkpoints = sorted({int(x) for x in args.checkpoints.split(",")} | {args.articles})
    checkpoints = [c for c in checkpoints if c <= args.articles]

    from distributed import Client
    resource, task = STAGES[args.stage]
    print(f"stream: {args.articles} synthetic articles ({args.min_sentences}-{args.max_sentences} "
          f"sentences each, seed {args.seed}); stage: {args.stage}; {args.workers} workers x 1 thread; "
          f"load average {os.getloadavg()[0]:.2f}", flush=True)
    rows = []
    with dask_runner.local_cluster(args.workers) as cluster, Client(cluster) as client:
        client.register_plugin(dask_runner.LoadOnce(resource))
        procs = worker_processes(client)
        names = {addr: f"w{i}" for i, addr in enumerate(sorted(procs))}
        after_load = {addr: p.memory_info().rss for addr, p in procs.items()}
        print("after model load: " + ", ".join(f"{names[a]} {after_load[a] / MB:.0f} MB" for a in sorted(procs)),
              flush=True)
        stream = synthetic_articles(args.articles, seed=args.seed, min_sentences=args.min_sentences,
                                    max_sentences=args.max_sentences)
        done, next_cp, start = 0, 0, time.perf_counter()
        stopped_early = False
        with RssSampler(procs) as sampler:
            for chunk, result in dask_runner.map_partitions(client, stream, task,
                                                            partition_size=args.partition_size):
                if isinstance(result, BaseException):
                    print(f"partition failed: {result!r}", flush=True)
                done += len(chunk)
                elapsed = time.perf_counter() - start
                over_time = args.max_seconds is not None and elapsed > args.max_seconds
                if done // 1000 != (done - len(chunk)) // 1000:   # a heartbeat: stalls show
                    print(f"{done:>7} articles, {elapsed:7.0f} s, {done / elapsed:.1f} articles/s",
                          flush=True)
                if next_cp < len(checkpoints) and (done >= checkpoints[next_cp] or over_time):
                    sampler.sample()
                    row = {"articles": done, "seconds": round(elapsed, 1),
                           "peak_rss_mb": {names[a]: round(v / MB, 1) for a, v in sampler.peak.items()},
                           "vmhwm_mb": {names[a]: round((peak_rss_kernel(p) or 0) / MB, 1)
                                        for a, p in procs.items()},
                           "rss_now_mb": {names[a]: round(p.memory_info().rss / MB, 1)
                                          for a, p in procs.items()},
                           "load_1min": round(os.getloadavg()[0], 2)}
                    rows.append(row)
                    print(f"{done:>7} articles, {elapsed:7.0f} s: peak RSS "
                          + ", ".join(f"{w} {row['peak_rss_mb'][w]:.0f} MB (VmHWM {row['vmhwm_mb'][w]:.0f})"
                                      for w in sorted(row["peak_rss_mb"]))
                          + f"; load {row['load_1min']:.2f}", flush=True)
                    while next_cp < len(checkpoints) and done >= checkpoints[next_cp]:
                        next_cp += 1
                if over_time:
                    stopped_early = True
                    print(f"stopped after {elapsed:.0f} s (--max-seconds) at {done} articles", flush=True)
                    break
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"stage": args.stage, "workers": args.workers,
                                         "requested": args.articles, "measured": done,
                                         "stopped_early": stopped_early,
                                         "sentences": [args.min_sentences, args.max_sentences],
                                         "after_model_load_mb": {names[a]: round(v / MB, 1)
                                                                 for a, v in after_load.items()},
                                         "checkpoints": rows}, indent=2) + "\n")
    if len(rows) >= 2:
        first, last = rows[0], rows[-1]
        growth = max(last["peak_rss_mb"][w] / first["peak_rss_mb"][w] - 1 for w in first["peak_rss_mb"])
        print(f"peak RSS per worker at {first['articles']} vs {last['articles']} articles: "
              f"{max(first['peak_rss_mb'].values()):.0f} MB vs {max(last['peak_rss_mb'].values()):.0f} MB, "
              f"largest growth {growth * 100:+.1f}% ({'flat within 15%' if growth <= 0.15 else 'NOT flat'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

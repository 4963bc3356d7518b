"""Throughput of the full eventwire pipeline against a bare spaCy `nlp.pipe`, in one run.

Both run over the same documents (the MUC-4 dev texts and the seed article), in the same
process, one after the other, each after a warm-up; the last line is

    ratio <eventwire articles/s ÷ bare spaCy articles/s>

(wall-clock time); the line before it is the same ratio in process CPU time, which a burst of
load from other processes on a shared machine disturbs less. Each side's line also gives the
system part of its CPU time and its page faults (of its best run): the C heap handing spaCy's
freed arrays back to the kernel between batches and faulting them in again shows there (it cost
eventwire ~0.7 s a run before ``run_many`` parsed one stream; docs/scaling.md, "Throughput").

Usage: python benchmarks/throughput.py [--limit N] [--repeat R]
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time

from eventwire.evaluate.paths import shared_dir
SHARED = shared_dir()


def documents(limit: int | None) -> list[tuple[str, str | None]]:
    docs = []
    with open(SHARED / "data" / "muc4" / "dev.jsonl", encoding="utf-8") as fh:
        for line in fh:
            docs.append((json.loads(line)["doctext"], None))
    docs = docs[:limit] if limit else docs
    seed = SHARED / "seed" / "karachi-consulate-attack.txt"
    if seed.exists():
        docs.append((seed.read_text(encoding="utf-8"), "2018-11-27"))
    return docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="first N MUC-4 dev documents only")
    ap.add_argument("--repeat", type=int, default=2, help="time each side R times (alternating), keep the best")
    args = ap.parse_args()

    import spacy

    from eventwire.ingest import read_bytes
    from eventwire.nlp.pipeline import MODEL_NAME
    from eventwire.pipeline import Pipeline

    docs = documents(args.limit)
    articles = [read_bytes(text.encode("utf-8"), where=f"doc{i}", published=pub, language="any")
                for i, (text, pub) in enumerate(docs)]
    bare = spacy.load(MODEL_NAME)
    pipe = Pipeline.default()
    # warm-up: model caches, gazetteer, lazy imports
    list(bare.pipe([a.text for a in articles[:5]]))
    list(pipe.run_many(articles[:5]))

    def timed(fn) -> tuple[float, float, float, int]:
        """Wall and CPU seconds of ``fn()``, the system part of the CPU time, page faults."""
        r0 = resource.getrusage(resource.RUSAGE_SELF)
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        t, c = time.perf_counter() - t0, time.process_time() - c0
        r1 = resource.getrusage(resource.RUSAGE_SELF)
        return t, c, r1.ru_stime - r0.ru_stime, r1.ru_minflt - r0.ru_minflt

    # Alternate the two sides and keep each one's best time, so that a burst of load from
    # other processes on a shared machine does not land on one side only.
    t_bare = t_full = float("inf")
    c_bare = c_full = (float("inf"), 0.0, 0)
    for _ in range(args.repeat):
        t, *c = timed(lambda: sum(1 for _ in bare.pipe([a.text for a in articles], batch_size=32)))
        t_bare, c_bare = min(t_bare, t), min(c_bare, tuple(c))
        t, *c = timed(lambda: sum(1 for _ in pipe.run_many(articles, batch_size=32)))
        t_full, c_full = min(t_full, t), min(c_full, tuple(c))
    n = len(articles)
    print(f"documents        {n} (MUC-4 dev{' first ' + str(args.limit) if args.limit else ''} + seed)")
    for name, t, (c, sys_s, faults) in (("bare spaCy", t_bare, c_bare), ("eventwire", t_full, c_full)):
        print(f"{name:16s} {n / t:8.2f} articles/s  ({t:.1f} s, {c:.1f} s CPU of which {sys_s:.2f} s "
              f"system, {faults} page faults)")
    c_bare, c_full = c_bare[0], c_full[0]
    print(f"cpu ratio {c_bare / c_full:.3f}")
    print(f"ratio {t_bare / t_full:.3f}")


if __name__ == "__main__":
    sys.exit(main())

"""Does an optimisation change any output? Dump every record of a fixed corpus, or compare.

The corpus: the MUC-4 dev texts, the seed article, the WikiEvents dev texts (from the shared
data), and the test corpora tests/corpus/articles.jsonl and tests/corpus/heldout/articles.jsonl.
Each article goes through ``Pipeline.default().run_many`` (the path the throughput benchmark
times) and its record (``Extraction.to_dict()``) is written as one JSON line, keys sorted.

    python benchmarks/identity.py --dump /tmp/before.jsonl     # with the code before a change
    python benchmarks/identity.py --check /tmp/before.jsonl    # after it: lists the records that differ

``--check`` exits 1 when any record differs and prints the first differing key path of each.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def articles() -> list[tuple[str, object]]:
    from eventwire.evaluate.paths import shared_dir
    from eventwire.evaluate.wikievents import _rebuild_text
    from eventwire.ingest import read_bytes
    from eventwire.model import Article

    shared = shared_dir()
    out: list[tuple[str, object]] = []
    with open(shared / "data" / "muc4" / "dev.jsonl", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            out.append((f"muc4/{d['docid']}", read_bytes(d["doctext"].encode("utf-8"), where=d["docid"],
                                                         language="any")))
    seed = shared / "seed" / "karachi-consulate-attack.txt"
    if seed.exists():
        out.append(("seed", read_bytes(seed.read_bytes(), where="seed", published="2018-11-27",
                                       language="any")))
    with open(shared / "data" / "wikievents" / "dev.jsonl", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            out.append((f"wikievents/{d['doc_id']}", Article(text=_rebuild_text(d)[0])))
    for name in ("articles.jsonl", "heldout/articles.jsonl"):
        with open(REPO / "tests" / "corpus" / name, encoding="utf-8") as fh:
            for i, line in enumerate(fh):
                d = json.loads(line)
                out.append((f"corpus/{name}:{i}", Article(
                    text=d["text"], title=d.get("title"), published=d.get("published"),
                    source=d.get("source"), url=d.get("url"))))
    return out


def records() -> list[dict]:
    from eventwire.pipeline import Pipeline

    named = articles()
    pipe = Pipeline.default()
    return [{"name": name, "record": ex.to_dict()}
            for (name, _), ex in zip(named, pipe.run_many([a for _, a in named], batch_size=32))]


def _first_difference(a, b, path: str = "") -> str:
    if type(a) is not type(b):
        return f"{path}: {type(a).__name__} vs {type(b).__name__}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{path}.{k}: only on one side"
            if a[k] != b[k]:
                return _first_difference(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} vs {len(b)} items"
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return _first_difference(x, y, f"{path}[{i}]")
    return f"{path}: {a!r} vs {b!r}"[:300]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--dump", help="write the records here")
    g.add_argument("--check", help="compare the records with this earlier dump")
    args = ap.parse_args()
    # one canonical JSON text per record: the comparison is of what a user would read
    now = [json.loads(json.dumps(r, sort_keys=True, ensure_ascii=False)) for r in records()]
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as fh:
            for r in now:
                fh.write(json.dumps(r, sort_keys=True, ensure_ascii=False) + "\n")
        print(f"{len(now)} records written to {args.dump}")
        return 0
    with open(args.check, encoding="utf-8") as fh:
        before = [json.loads(line) for line in fh]
    if len(before) != len(now):
        print(f"{len(before)} records before, {len(now)} now")
        return 1
    bad = [(b["name"], _first_difference(b["record"], n["record"])) for b, n in zip(before, now) if b != n]
    for name, where in bad:
        print(f"differs: {name} {where}")
    print(f"{len(now) - len(bad)} of {len(now)} records identical")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

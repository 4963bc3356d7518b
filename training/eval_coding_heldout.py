"""The sub-event classifier on held-out descriptions, coded end to end as `eventwire code` codes
them (spaCy parse, actor typing, classifier, codebook). Neither file is ever trained on
(train_coding.py does not read them); both were written for issue 13 by the coding helper with
new wording, countries and actors:

- training/data/coding/heldout.tsv (189): written before looking at any error; its errors were
  then read once (they showed the codebook's protest rule was wrong), so it is a dev set now;
- training/data/coding/heldout2.tsv (200): written before any change to the classifier was made,
  longer and more news-like; only its score is read (``--file 2``), never its errors.

    .venv/bin/python training/eval_coding_heldout.py [--file 1|2] [--table] [--wrong]
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "training"))

from train_coding import prf_table  # noqa: E402

from eventwire.extract.coding import code_texts  # noqa: E402
from eventwire.extract.coding.taxonomy import SUB_EVENT_TYPES  # noqa: E402

HELDOUT = REPO / "training" / "data" / "coding" / "heldout.tsv"
HELDOUT2 = REPO / "training" / "data" / "coding" / "heldout2.tsv"


def load(path: Path = HELDOUT) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [(r["text"], r["label"]) for r in csv.DictReader(f, delimiter="\t")]


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file", default="1", choices=["1", "2"])
    ap.add_argument("--table", action="store_true")
    ap.add_argument("--wrong", action="store_true")
    args = ap.parse_args(argv)
    data = load(HELDOUT if args.file == "1" else HELDOUT2)
    gold = [lab for _, lab in data]
    pred = [c.acled_sub_event_type for c in code_texts([t for t, _ in data])]
    rows, wf1, acc = prf_table(gold, pred, list(SUB_EVENT_TYPES))
    if args.table:
        print("| sub-event type | P | R | F1 | n |\n|---|---|---|---|---|")
        for lab, p, r, f, n in rows:
            print(f"| {lab} | {100*p:.1f} | {100*r:.1f} | {100*f:.1f} | {n} |")
    hit = sum(1 for lab, p, r, f, n in rows if r > 0)
    print(f"held-out descriptions: weighted F1 {wf1:.1f}, accuracy {acc:.1f} ({len(data)}); "
          f"types predicted right at least once: {hit}/{len(rows)}")
    if args.wrong:
        for (t, g), p in zip(data, pred):
            if g != p:
                print(f"  {g} -> {p} | {t}")


if __name__ == "__main__":
    main()

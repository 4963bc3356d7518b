"""ACLED sub-event type on real news: the share of the incidents found whose sub-event type is
right (the gold's or one of its ``acled_alt``), on the incidents dev set (WikiEvents dev + SATP
train rows 1-60, ``../shared/data/incidents``; never trained on).

    .venv/bin/python training/eval_coding_news.py                 # extract (cached), code, score
    .venv/bin/python training/eval_coding_news.py --wrong         # also list the wrong ones
    .venv/bin/python training/eval_coding_news.py --old-table /tmp/old_codes.py   # before: the
        # fixed table of 12 coarse types (git show 1a141b9~1:src/eventwire/extract/codes.py)

The pipeline's events are cached in /tmp (``--cache``) so a new coding model is scored in
seconds: only the ``codes`` step is re-run on the cached events.
"""
from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from eventwire.evaluate import incidents as inc  # noqa: E402
from eventwire.extract.coding import code_event  # noqa: E402


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--extractor", default=None, help="extractor to run (default: the settings' choice)")
    ap.add_argument("--cache", type=Path, default=None, help="default: /tmp/eventwire-coding-news-NAME.pkl")
    ap.add_argument("--wrong", action="store_true")
    ap.add_argument("--fresh", action="store_true",
                    help="run the pipeline again (no cache) and score the codes it gave, which read "
                         "the article's parse (the dead it names); without it the cached events are "
                         "re-coded from their own fields")
    ap.add_argument("--old-table", type=Path, default=None, metavar="CODES_PY",
                    help="code with an older codes.py instead (e.g. `git show 1a141b9~1:src/eventwire/"
                         "extract/codes.py`, imports made absolute): the before number")
    args = ap.parse_args(argv)
    texts = inc.load_dev()
    args.cache = args.cache or Path(f"/tmp/eventwire-coding-news-{args.extractor or 'default'}.pkl")
    if args.cache.exists() and not args.fresh:
        events = pickle.loads(args.cache.read_bytes())
    else:
        events = [list(evs) for evs in inc.pipeline_extract(args.extractor)([t.article for t in texts])]
        args.cache.write_bytes(pickle.dumps(events))
    code = code_event
    if args.old_table:
        import importlib.util
        spec = importlib.util.spec_from_file_location("old_codes", args.old_table)
        old = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(old)
        code = old.codes_for
    found = right = 0
    wrong = []
    for gold, evs in zip(texts, events):
        for ev in evs:
            if not args.fresh:
                ev.codes = code(ev)
        violent = [e for e in evs if inc.is_incident(e)]
        preds = [inc.predicted_values(e) for e in violent]
        for i, j in inc.match(preds, gold.incidents):
            g = gold.incidents[j]
            if not g.get("acled_sub_event_type"):
                continue
            found += 1
            ok = preds[i].acled_sub in {g["acled_sub_event_type"], *(g.get("acled_alt") or [])}
            right += ok
            if not ok:
                wrong.append((gold.id, g.get("label"), g["acled_sub_event_type"], preds[i].acled_sub,
                              violent[i].type, violent[i].trigger.text))
    print(f"ACLED sub-event type right for {right}/{found} incidents found = {100 * right / max(found, 1):.1f}%")
    if args.wrong:
        for w in wrong:
            print("  ", " | ".join(str(x) for x in w))


if __name__ == "__main__":
    main()

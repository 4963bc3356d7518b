"""Train the ACLED sub-event classifier and write it to src/eventwire/resources/coding/.

    .venv/bin/python training/train_coding.py --cv 5 --table --l2 0.3   # cross-validation by template
    .venv/bin/python training/train_coding.py --all --l2 0.3  # the shipped models: every template
    .venv/bin/python training/train_coding.py                 # train split only, dev report

Data (nothing from any benchmark): the team-written templates in training/data/coding/,
expanded by ``coding_data.py``; dev = every fifth template of each type (wording never seen in
training). Prints per-type P/R/F1 and weighted F1 on dev (the table in docs/coding.md).
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "training"))

from coding_data import actor_phrases, descriptions, site_phrases, weak_satp  # noqa: E402
from eventwire.evaluate.paths import shared_data  # noqa: E402
from eventwire.extract.coding import actors as actors_mod  # noqa: E402
from eventwire.extract.coding.classifier import classify, model_path  # noqa: E402
from eventwire.extract.coding.features import N_FEATURES, text_features  # noqa: E402
from eventwire.extract.coding.taxonomy import SUB_EVENT_TYPES  # noqa: E402
from eventwire.extract.linear import LinearModel  # noqa: E402


def train_actor_model(out: Path, l2: float) -> None:
    pairs = actor_phrases()
    X = [actors_mod.phrase_features(p) for p, _ in pairs]
    y = np.array([i for _, i in pairs])
    model = LinearModel.fit(X, y, actors_mod.ACTOR_LABELS, actors_mod.ACTOR_N_FEATURES, l2=l2, max_iter=300)
    model.save(out)
    actors_mod.ACTOR_MODEL_PATH = out
    actors_mod.load_actor_model.cache_clear()
    actors_mod.type_actor.cache_clear()
    print(f"actor model: {len(pairs)} phrases -> {out}", file=sys.stderr)


def train_site_model(out: Path, l2: float = 0.1) -> None:
    pairs = site_phrases()
    X = [actors_mod.site_features(p) for p, _ in pairs]
    y = np.array([i for _, i in pairs])
    LinearModel.fit(X, y, actors_mod.SITE_LABELS, actors_mod.ACTOR_N_FEATURES, l2=l2, max_iter=300).save(out)
    actors_mod.SITE_MODEL_PATH = out
    actors_mod.load_site_model.cache_clear()
    actors_mod.civilian_site.cache_clear()
    print(f"target-site model: {len(pairs)} phrases -> {out}", file=sys.stderr)


EXTRAS_CACHE = Path("/tmp/eventwire-coding-extras.pkl")   # parses are the slow part


def actor_extras(texts):
    """The actor-type features of each text (spaCy parse + actor model), cached by text."""
    import hashlib
    import pickle
    from eventwire.nlp import load_nlp
    cache = pickle.loads(EXTRAS_CACHE.read_bytes()) if EXTRAS_CACHE.exists() else {}
    model_key = hashlib.sha1(Path(actors_mod.ACTOR_MODEL_PATH).read_bytes()).hexdigest()[:12]
    keys = [model_key + hashlib.sha1(t.encode()).hexdigest() for t in texts]
    todo = [i for i, k in enumerate(keys) if k not in cache]
    if todo:
        nlp = load_nlp()
        for i, doc in zip(todo, nlp.pipe((texts[i] for i in todo), batch_size=64)):
            cache[keys[i]] = actors_mod.actor_features(actors_mod.description_actors(doc[:]))
        EXTRAS_CACHE.write_bytes(pickle.dumps(cache))
    return [cache[k] for k in keys]


PARSE_CACHE = Path("/tmp/eventwire-coding-parse.pkl")


def parse_extras(texts):
    """The dependency-parse features of each text (features.parse_features), cached by text."""
    import hashlib
    import pickle
    from eventwire.extract.coding.features import parse_features
    from eventwire.nlp import load_nlp
    cache = pickle.loads(PARSE_CACHE.read_bytes()) if PARSE_CACHE.exists() else {}
    keys = ["p1" + hashlib.sha1(t.encode()).hexdigest() for t in texts]
    todo = [i for i, k in enumerate(keys) if k not in cache]
    if todo:
        nlp = load_nlp()
        for i, doc in zip(todo, nlp.pipe((texts[i] for i in todo), batch_size=64)):
            cache[keys[i]] = parse_features([doc[:]])
        PARSE_CACHE.write_bytes(pickle.dumps(cache))
    return [cache[k] for k in keys]


def all_extras(texts, actors: bool = True, parse: bool = True):
    a = actor_extras(texts) if actors else [[] for _ in texts]
    p = parse_extras(texts) if parse else [[] for _ in texts]
    return [x + y for x, y in zip(a, p)]


def prf_table(gold, pred, labels):
    rows, wsum, n = [], 0.0, len(gold)
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred) if g == p == lab)
        npred = sum(1 for p in pred if p == lab)
        ngold = sum(1 for g in gold if g == lab)
        p = tp / npred if npred else 0.0
        r = tp / ngold if ngold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        rows.append((lab, p, r, f, ngold))
        wsum += f * ngold
    acc = sum(g == p for g, p in zip(gold, pred)) / n
    return rows, 100 * wsum / n, 100 * acc


def cross_validate(args) -> None:
    from coding_data import folded
    import tempfile
    data = folded(folds=args.cv, seed=args.seed)
    weak = [] if args.no_weak else weak_satp(shared_data() / "satp" / "train.tsv")
    data += [(t, l, -1) for t, l in weak]                   # fold -1: always in training
    labels = list(SUB_EVENT_TYPES)
    index = {lab: i for i, lab in enumerate(labels)}
    train_actor_model(Path(tempfile.mkdtemp()) / "actors.npz", l2=0.5)
    texts = [t for t, _, _ in data]
    extras = all_extras(texts, not args.no_actors, not args.no_parse)
    feats = [text_features(t, x) for t, x in zip(texts, extras)]
    for l2 in [float(x) for x in (args.l2s or str(args.l2)).split(",")]:
        gold, pred = [], []
        for k in range(args.cv):
            tr = [i for i, (_, _, f) in enumerate(data) if f != k]
            te = [i for i, (_, _, f) in enumerate(data) if f == k]
            model = LinearModel.fit([feats[i] for i in tr], np.array([index[data[i][1]] for i in tr]),
                                    labels, N_FEATURES, l2=l2, max_iter=400)
            P = model.predict_proba([feats[i] for i in te])
            gold += [data[i][1] for i in te]
            pred += [labels[j] for j in P.argmax(axis=1)]
        rows, wf1, acc = prf_table(gold, pred, labels)
        if args.table:
            print("| sub-event type | P | R | F1 | n |\n|---|---|---|---|---|")
            for lab, p, r, f, n in rows:
                print(f"| {lab} | {100*p:.1f} | {100*r:.1f} | {100*f:.1f} | {n} |")
        worst = sorted(rows, key=lambda r: r[3])[:6]
        print(f"cv{args.cv} l2={l2} actors={not args.no_actors} parse={not args.no_parse}: weighted F1 {wf1:.1f}, accuracy {acc:.1f}; "
              f"weakest: " + ", ".join(f"{r[0]} {100*r[3]:.0f}" for r in worst), flush=True)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-type", type=int, default=120)
    ap.add_argument("--l2", type=float, default=0.3)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--out", type=Path, default=model_path())
    ap.add_argument("--all", action="store_true", help="train on dev templates too (no dev report)")
    ap.add_argument("--no-weak", action="store_true", help="leave the SATP weak labels out")
    ap.add_argument("--no-actors", action="store_true", help="leave the actor-type features out")
    ap.add_argument("--no-parse", action="store_true", help="leave the dependency-parse features out")
    ap.add_argument("--actor-out", type=Path, default=actors_mod.RESOURCES / "actors.npz")
    ap.add_argument("--site-out", type=Path, default=actors_mod.RESOURCES / "sites.npz")
    ap.add_argument("--sites-only", action="store_true", help="train only the target-site model")
    ap.add_argument("--cv", type=int, default=0, metavar="K",
                    help="K-fold cross-validation by template (no model written); prints the mean")
    ap.add_argument("--table", action="store_true", help="with --cv: print the per-type table")
    ap.add_argument("--l2s", default="", help="with --cv: comma-separated l2 values to compare")
    args = ap.parse_args(argv)
    if args.cv:
        return cross_validate(args)
    if args.sites_only:
        return train_site_model(args.site_out)

    train, dev = descriptions(per_type=args.per_type, seed=args.seed)
    if args.all:                     # every template, the same descriptions --cv scores (parses cached)
        from coding_data import folded
        train = [(t, lab) for t, lab, _ in folded(seed=args.seed)]
    weak = [] if args.no_weak else weak_satp(shared_data() / "satp" / "train.tsv")
    print(f"{len(weak)} weak labels from SATP train rows 61+", file=sys.stderr)
    train = train + weak
    labels = list(SUB_EVENT_TYPES)
    index = {lab: i for i, lab in enumerate(labels)}
    y = np.array([index[l] for _, l in train])
    train_actor_model(args.actor_out, l2=0.5)
    train_site_model(args.site_out)
    texts = [t for t, _ in train]
    extras = all_extras(texts, not args.no_actors, not args.no_parse)
    X = [text_features(t, x) for t, x in zip(texts, extras)]
    print(f"{len(train)} training descriptions, {len(dev)} dev; {Counter(l for _, l in train).most_common(1)}",
          file=sys.stderr)
    model = LinearModel.fit(X, y, labels, N_FEATURES, l2=args.l2, max_iter=400)
    model.save(args.out)
    print(f"wrote {args.out}", file=sys.stderr)
    if args.all:
        return
    model = LinearModel.load(args.out)                   # score what ships (float16 weights)
    dev_texts = [t for t, _ in dev]
    dev_extras = all_extras(dev_texts, not args.no_actors, not args.no_parse)
    pred = [classify(t, x, model).sub_event_type for t, x in zip(dev_texts, dev_extras)]
    rows, wf1, acc = prf_table([l for _, l in dev], pred, labels)
    print("| sub-event type | P | R | F1 | n |\n|---|---|---|---|---|")
    for lab, p, r, f, n in rows:
        print(f"| {lab} | {100*p:.1f} | {100*r:.1f} | {100*f:.1f} | {n} |")
    print(f"\ndev weighted F1 {wf1:.1f}, accuracy {acc:.1f} ({len(dev)} descriptions)")


if __name__ == "__main__":
    main()

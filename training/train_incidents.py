"""Train the document-level incident model (``src/eventwire/resources/incidents/report.npz``).

    .venv/bin/python training/train_incidents.py            # CV report + the committed model
    .venv/bin/python training/train_incidents.py --no-save  # only the cross-validated report

Data: the hand-coded incident gold in ``../shared/data/incidents`` (WikiEvents dev 20 docs,
SATP train rows 1-60; 80 texts, 88 incidents). Each text's candidates (the rule extractor's
events that carry an ACLED type) are matched one to one to the gold incidents the way
``eventwire evaluate incidents`` matches them, earlier candidates winning ties; a matched
candidate is a positive (an incident reported in its own right, and its first telling), every
other candidate a negative (background, generic, planned, a later mention, not violent).

Because the labels come from the set we measure on, the report is **cross-validated**: K folds
of texts (WikiEvents and SATP spread over all folds), each fold's probabilities from a model
trained on the other folds, then the full extractor (keep, coreference, slots) is run with
those held-out probabilities and scored. The dev numbers printed (and quoted in
docs/incidents.md) are those out-of-fold numbers. The committed model is then fit on all 80
texts with the same settings. Deterministic: L-BFGS from zeros, no sampling.
"""
from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from eventwire.evaluate import incidents as scorer  # noqa: E402
from eventwire.extract import document  # noqa: E402
from eventwire.extract.document.features import N_FEATURES, featurize  # noqa: E402
from eventwire.extract.linear import LinearModel  # noqa: E402


def analyse(texts):
    from eventwire.nlp.pipeline import analyze, load_nlp, parse_many
    nlp = load_nlp()
    docs = parse_many([t.article.text for t in texts], nlp, batch_size=16)
    return [analyze(t.article, nlp, doc=d) for t, d in zip(texts, docs)]


def labels_for(records, gold_incidents) -> list[int]:
    """1 for the candidate matched to a gold incident (earliest wins ties), else 0."""
    preds = [scorer.predicted_values(e) for e in records]
    y = [0] * len(records)
    if not preds or not gold_incidents:
        return y
    from scipy.optimize import linear_sum_assignment
    score = np.zeros((len(preds), len(gold_incidents)))
    for i, p in enumerate(preds):
        for j, g in enumerate(gold_incidents):
            agreed = {f for f in scorer._WEIGHTS if scorer._agree(f, p, g)}
            if agreed & scorer._ANCHORS:
                score[i, j] = sum(scorer._WEIGHTS[f] for f in agreed) + 0.01 * (len(preds) - i) / len(preds)
    rows, cols = linear_sum_assignment(-score)
    for i, j in zip(rows, cols):
        if score[i, j] > 0:
            y[i] = 1
    return y


def build(texts, analyses):
    """Per text: the candidate events, their feature rows and labels."""
    out = []
    for t, a in zip(texts, analyses):
        events = document.candidates(a)
        records = [e for e in events if document.is_record(e)]
        rows = [featurize(e, i, records, a) for i, e in enumerate(records)]
        out.append({"events": events, "rows": rows, "y": labels_for(records, t.incidents)})
    return out


def fit(data, l2: float) -> LinearModel:
    rows = [r for d in data for r in d["rows"]]
    y = np.array([v for d in data for v in d["y"]])
    return LinearModel.fit(rows, y, ["report"], N_FEATURES, l2=l2)


def folds_of(texts, k: int) -> list[int]:
    """Round-robin within each source, so every fold holds WikiEvents and SATP texts."""
    out, seen = [], {}
    for t in texts:
        src = t.id.split("-")[0] if t.id.startswith("satp") else "wiki"
        out.append(seen.get(src, 0) % k)
        seen[src] = seen.get(src, 0) + 1
    return out


def run(texts, analyses, data, probs_by_text, bar):
    """Score the full extractor with given probabilities (on fresh copies of the candidates)."""
    scores = scorer.IncidentScores()
    for t, a, d, probs in zip(texts, analyses, data, probs_by_text):
        events = document.decide(copy.deepcopy(d["events"]), probs, bar, a)
        scorer.score_text(t, events, scores)
    return scores


def reliability(probs, y, edges=(0.0, 0.2, 0.4, 0.6, 0.8, 1.0001)) -> str:
    lines = ["| confidence | records | incidents (matched) | observed |", "|---|---|---|---|"]
    probs, y = np.asarray(probs), np.asarray(y)
    for lo, hi in zip(edges, edges[1:]):
        m = (probs >= lo) & (probs < hi)
        if m.sum():
            lines.append(f"| {lo:.1f}–{min(hi, 1.0):.1f} | {int(m.sum())} | {int(y[m].sum())} | {y[m].mean():.2f} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--l2", type=float, default=3.0)
    ap.add_argument("--threshold", type=float, default=None,
                    help="keep threshold (default: resources/incidents/settings.toml)")
    ap.add_argument("--sweep", action="store_true", help="also print CV scores over thresholds")
    ap.add_argument("--no-save", action="store_true")
    ap.add_argument("--out", type=Path, default=document.MODEL_FILE)
    args = ap.parse_args(argv)
    bar = args.threshold if args.threshold is not None else document.default_settings()["keep_threshold"]

    texts = scorer.load_dev()
    analyses = analyse(texts)
    data = build(texts, analyses)
    n = sum(len(d["y"]) for d in data)
    print(f"{len(texts)} texts, {n} candidates, {sum(sum(d['y']) for d in data)} positives")

    rules = scorer.IncidentScores()
    for t, d in zip(texts, data):
        scorer.score_text(t, d["events"], rules)
    print(scorer.format_scores(rules, "rules (the candidates as they are)"))

    fold = folds_of(texts, args.folds)
    oof: list[list[float]] = [[] for _ in texts]
    for k in range(args.folds):
        model = fit([d for d, f in zip(data, fold) if f != k], args.l2)
        for i, (d, f) in enumerate(zip(data, fold)):
            if f == k:
                oof[i] = [float(p) for p in model.predict_proba(d["rows"])[:, 0]] if d["rows"] else []
    cv = run(texts, analyses, data, oof, bar)
    print(scorer.format_scores(cv, f"incidents, {args.folds}-fold cross-validated (threshold {bar})"))
    if args.sweep:
        for b in (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6):
            s = run(texts, analyses, data, oof, b)
            inc = s.fields["incident"]
            print(f"threshold {b:.2f}: incident P {100 * inc.precision:.1f} R {100 * inc.recall:.1f} "
                  f"F1 {100 * inc.f1:.1f}, overall {s.overall:.1f}")
    print("\nReliability of the cross-validated confidences (candidates):")
    print(reliability([p for ps in oof for p in ps], [v for d in data for v in d["y"]]))

    if not args.no_save:
        model = fit(data, args.l2)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        model.save(args.out)
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

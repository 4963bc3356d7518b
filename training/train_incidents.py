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
from eventwire.extract.document import perpetrators  # noqa: E402
from eventwire.extract.document.features import N_FEATURES, featurize  # noqa: E402
from eventwire.extract.linear import LinearModel  # noqa: E402
from eventwire.settings import Settings  # noqa: E402


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


def muc4_data(n: int, cache: Path | None):
    """MUC-4 train documents 1..n: candidates labelled by the gold templates (a candidate whose
    template maps to a gold template of its type, the one sharing most role fillers and the
    earliest among ties, is a positive; documents without templates hold only negatives).
    ``cache``: the parsed documents (a spaCy DocBin) kept between runs; the rest is recomputed."""
    from spacy.tokens import DocBin
    from eventwire.evaluate import muc4
    from eventwire.evaluate.paths import shared_data
    from eventwire.model import Article
    from eventwire.nlp.pipeline import analyze, load_nlp, parse_many
    docs = muc4.read_jsonl(shared_data() / "muc4" / "train.jsonl")[:n]
    articles = [Article(text=d["doctext"]) for d in docs]
    nlp = load_nlp()
    parsed = None
    if cache is not None and cache.exists():
        parsed = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if len(parsed) < n or any(p.text != a.text for p, a in zip(parsed, articles)):
            parsed = None
    if parsed is None:
        parsed = list(parse_many([a.text for a in articles], nlp, batch_size=32))
        if cache is not None:
            DocBin(store_user_data=True, docs=parsed).to_disk(cache)
    data = []
    for d, art, doc in zip(docs, articles, parsed):
        a = analyze(art, nlp, doc=doc)
        records = [e for e in document.candidates(a) if document.is_record(e)]
        rows = [featurize(e, i, records, a) for i, e in enumerate(records)]
        data.append({"rows": rows, "y": muc4_labels(records, d["templates"])})
    return data


def muc4_labels(records, templates) -> list[int]:
    from scipy.optimize import linear_sum_assignment
    from eventwire.evaluate import muc4
    y = [0] * len(records)
    if not records or not templates:
        return y
    score = np.zeros((len(records), len(templates)))
    for i, ev in enumerate(records):
        mine = muc4.events_to_templates([ev], min_confidence=0.0)
        if not mine:
            continue
        t = mine[0]
        for j, g in enumerate(templates):
            if t["incident_type"] not in g["incident_type"]:
                continue
            hits = 0
            for role in muc4.ROLES:
                gold = {muc4.normalize(m[0]) for ent in g.get(role, []) for m in ent}
                hits += sum(1 for ent in t[role] if muc4.normalize(ent[0][0]) in gold)
            score[i, j] = 1 + hits + 0.01 * (len(records) - i) / len(records)
    rows, cols = linear_sum_assignment(-score)
    for i, j in zip(rows, cols):
        if score[i, j] > 0:
            y[i] = 1
    return y


def fit(data, l2: float, extra=(), extra_weight: float = 1.0) -> LinearModel:
    """Logistic regression on the coded texts' candidates plus ``extra`` (MUC-4) candidates; a
    MUC-4 row weighs ``extra_weight`` of a coded-text row (the coded rows are repeated
    ``round(1 / extra_weight)`` times)."""
    rows = [r for d in data for r in d["rows"]]
    y = [v for d in data for v in d["y"]]
    reps = max(1, round(1 / extra_weight)) if extra else 1
    rows, y = rows * reps, y * reps
    rows += [r for d in extra for r in d["rows"]]
    y += [v for d in extra for v in d["y"]]
    return LinearModel.fit(rows, np.array(y), ["report"], N_FEATURES, l2=l2)


def folds_of(texts, k: int) -> list[int]:
    """Round-robin within each source, so every fold holds WikiEvents and SATP texts."""
    out, seen = [], {}
    for t in texts:
        src = t.id.split("-")[0] if t.id.startswith("satp") else "wiki"
        out.append(seen.get(src, 0) % k)
        seen[src] = seen.get(src, 0) + 1
    return out


def run(texts, analyses, data, probs_by_text, bar, perp_models):
    """Score the full extractor with given probabilities (on fresh copies of the candidates) and
    one perpetrator model per text."""
    from eventwire.extract.steps import finish_events
    from eventwire.settings import Settings
    settings = Settings.load()
    scores = scorer.IncidentScores()
    for t, a, d, probs, pm in zip(texts, analyses, data, probs_by_text, perp_models):
        events = document.decide(copy.deepcopy(d["events"]), probs, bar, a, perpetrator_model=pm)
        scorer.score_text(t, finish_events(events, a, settings), scores)   # as the pipeline does
    return scores


def perpetrator_rows(texts, analyses, data, probs_by_text, bar, which):
    """Candidates of the perpetrator ranker from the records matched to gold incidents: a name is
    a positive when it is one of the incident's named perpetrators."""
    rows, y = [], []
    for i in which:
        t, a = texts[i], analyses[i]
        kept = [e for e in document.decide(copy.deepcopy(data[i]["events"]), probs_by_text[i], bar, a,
                                           perpetrator_model=None) if document.is_record(e)]
        for pi, gj in scorer.match([scorer.predicted_values(e) for e in kept], t.incidents):
            wanted = [x["name"] for x in t.incidents[gj].get("perpetrators") or [] if x.get("named")]
            ev = kept[pi]
            for ent, s, e in perpetrators.candidates(ev, a):
                rows.append(perpetrators.featurize(ev, ent, s, e, a))
                y.append(int(any(scorer.same_perpetrator(ent.name, w) for w in wanted)))
    return rows, y


def fit_perpetrators(rows, y, l2: float) -> LinearModel:
    return LinearModel.fit(rows, np.array(y), ["perpetrator"], perpetrators.N_FEATURES, l2=l2)


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
                    help="keep threshold (default: [incidents] keep_threshold in resources/settings.toml)")
    ap.add_argument("--sweep", action="store_true", help="also print CV scores over thresholds")
    ap.add_argument("--muc4", type=int, default=1300,
                    help="also learn from the first N MUC-4 train documents (0: none)")
    ap.add_argument("--muc4-weight", type=float, default=0.2,
                    help="weight of a MUC-4 candidate relative to a coded-text candidate")
    ap.add_argument("--cache", type=Path, default=None,
                    help="keep the parsed MUC-4 candidates here (a pickle) between runs")
    ap.add_argument("--oof", type=Path, default=None,
                    help="read the out-of-fold probabilities from this JSON file if it exists "
                         "(slot and coreference changes, same candidates), else write them there")
    ap.add_argument("--no-perpetrators", action="store_true", help="leave out the perpetrator ranker")
    ap.add_argument("--no-save", action="store_true")
    ap.add_argument("--out", type=Path, default=document.MODEL_FILE)
    args = ap.parse_args(argv)
    bar = args.threshold if args.threshold is not None else Settings.load().incidents.keep_threshold

    texts = scorer.load_dev()
    analyses = analyse(texts)
    data = build(texts, analyses)
    n = sum(len(d["y"]) for d in data)
    print(f"{len(texts)} texts, {n} candidates, {sum(sum(d['y']) for d in data)} positives")

    import json
    reuse = args.oof is not None and args.oof.exists()
    extra = muc4_data(args.muc4, args.cache) if args.muc4 and not (reuse and args.no_save) else []
    if extra:
        print(f"MUC-4 train: {len(extra)} documents, {sum(len(d['y']) for d in extra)} candidates, "
              f"{sum(sum(d['y']) for d in extra)} positives")

    rules = scorer.IncidentScores()
    for t, d in zip(texts, data):
        scorer.score_text(t, d["events"], rules)
    print(scorer.format_scores(rules, "rules (the candidates as they are)"))

    fold = folds_of(texts, args.folds)
    oof: list[list[float]] = [[] for _ in texts]
    if reuse:
        oof = json.loads(args.oof.read_text())
    for k in range(0 if reuse else args.folds):
        model = fit([d for d, f in zip(data, fold) if f != k], args.l2, extra, args.muc4_weight)
        for i, (d, f) in enumerate(zip(data, fold)):
            if f == k:
                oof[i] = [float(p) for p in model.predict_proba(d["rows"])[:, 0]] if d["rows"] else []
    if args.oof is not None and not reuse:
        args.oof.write_text(json.dumps(oof))
    # the perpetrator ranker, cross-validated over the same folds
    perp_models = [None] * len(texts)
    if not args.no_perpetrators:
        for k in range(args.folds):
            train_idx = [i for i, f in enumerate(fold) if f != k]
            pm = fit_perpetrators(*perpetrator_rows(texts, analyses, data, oof, bar, train_idx), args.l2)
            for i, f in enumerate(fold):
                if f == k:
                    perp_models[i] = pm
    cv = run(texts, analyses, data, oof, bar, perp_models)
    print(scorer.format_scores(cv, f"incidents, {args.folds}-fold cross-validated (threshold {bar})"))
    if args.sweep:
        for b in (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6):
            s = run(texts, analyses, data, oof, b, perp_models)
            inc = s.fields["incident"]
            print(f"threshold {b:.2f}: incident P {100 * inc.precision:.1f} R {100 * inc.recall:.1f} "
                  f"F1 {100 * inc.f1:.1f}, overall {s.overall:.1f}")
    print("\nReliability of the cross-validated confidences (candidates):")
    print(reliability([p for ps in oof for p in ps], [v for d in data for v in d["y"]]))

    if not args.no_save:
        model = fit(data, args.l2, extra, args.muc4_weight)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        model.save(args.out)
        print(f"wrote {args.out}")
        pm = fit_perpetrators(*perpetrator_rows(texts, analyses, data, oof, bar, range(len(texts))), args.l2)
        pm.save(args.out.parent / "perpetrators.npz")
        print(f"wrote {args.out.parent / 'perpetrators.npz'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Pairwise precision/recall of a dedup against gold clusters.

Every pair of articles is a decision: the same incident or not. Precision is the share of
predicted same-incident pairs that gold agrees with, recall the share of gold pairs found.
An article may sit in several predicted clusters (it reports more than one event); a pair
is predicted "same" when the two articles share any cluster.
"""
from __future__ import annotations

from itertools import combinations
from typing import Hashable, Iterable, Mapping


def _pairs(clusters: Iterable[Iterable[Hashable]]) -> set[frozenset]:
    out: set[frozenset] = set()
    for members in clusters:
        for a, b in combinations(sorted(set(members), key=str), 2):
            out.add(frozenset((a, b)))
    return out


def pairwise_scores(gold: Mapping[Hashable, Hashable],
                    predicted: Iterable[Iterable[Hashable]]) -> dict[str, float]:
    """``gold``: article → gold incident; ``predicted``: clusters of articles (only articles
    present in ``gold`` count)."""
    by_incident: dict[Hashable, list] = {}
    for article, incident in gold.items():
        by_incident.setdefault(incident, []).append(article)
    gold_pairs = _pairs(by_incident.values())
    pred_pairs = _pairs([m for m in (set(c) & set(gold) for c in predicted) if len(m) > 1])
    tp = len(gold_pairs & pred_pairs)
    precision = tp / len(pred_pairs) if pred_pairs else 1.0
    recall = tp / len(gold_pairs) if gold_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "true_pairs": tp,
            "predicted_pairs": len(pred_pairs), "gold_pairs": len(gold_pairs)}

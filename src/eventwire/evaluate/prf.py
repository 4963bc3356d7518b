"""Precision/recall counts shared by the scorers.

Precision and recall keep their own numerators: when one prediction can match several gold
items (or none, while a gold item is matched by several predictions), "correct predictions" and
"gold items found" differ.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Counts:
    p_num: int = 0      # predicted slots that are correct
    p_den: int = 0      # predicted slots
    r_num: int = 0      # gold slots that were found
    r_den: int = 0      # gold slots

    def add(self, other: "Counts") -> None:
        self.p_num += other.p_num
        self.p_den += other.p_den
        self.r_num += other.r_num
        self.r_den += other.r_den

    @property
    def precision(self) -> float:
        return self.p_num / self.p_den if self.p_den else 0.0

    @property
    def recall(self) -> float:
        return self.r_num / self.r_den if self.r_den else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add_counts(self, predicted: int, gold: int, right_predicted: int, right_gold: int | None = None) -> None:
        """Add one item's counts (``right_gold`` defaults to ``right_predicted``)."""
        self.p_den += predicted
        self.r_den += gold
        self.p_num += right_predicted
        self.r_num += right_predicted if right_gold is None else right_gold

"""A small multinomial logistic model over hashed sparse features (numpy + scipy only).

Fast enough to score every noun phrase of an article in a few milliseconds, and small enough to
ship in the package (weights stored as float16). ``fit`` is used by ``training/``; the runtime
only loads and scores.
"""
from __future__ import annotations

from itertools import chain
from pathlib import Path
from typing import Sequence

import numpy as np
from scipy import sparse
from scipy.optimize import minimize


def to_matrix(rows: Sequence[Sequence[int]], n_features: int) -> sparse.csr_matrix:
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(r) for r in rows])
    indices = np.fromiter((i for r in rows for i in r), dtype=np.int32, count=int(indptr[-1]))
    data = np.ones(len(indices), dtype=np.float32)
    m = sparse.csr_matrix((data, indices, indptr), shape=(len(rows), n_features))
    m.sum_duplicates()
    return m


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


class LinearModel:
    def __init__(self, weights: np.ndarray, labels: Sequence[str], multilabel: bool = False):
        self.weights = np.asarray(weights, dtype=np.float32)     # (n_features, n_labels)
        self.labels = list(labels)
        # multilabel: one independent logistic output per label (sigmoid), else softmax
        self.multilabel = multilabel or len(self.labels) == 1

    @property
    def n_features(self) -> int:
        return self.weights.shape[0]

    def predict_proba(self, rows: Sequence[Sequence[int]]) -> np.ndarray:
        if not rows:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        # summing weight rows directly beats building a sparse matrix for small inputs: one
        # gather of every row's weights, then each row's block summed (the very sums of
        # ``weights[r].sum(axis=0)``: same block, same layout, same summation order)
        lengths = [len(r) for r in rows]
        flat = np.fromiter(chain.from_iterable(rows), dtype=np.intp, count=sum(lengths))
        gathered = self.weights[flat]
        zero = np.zeros(self.weights.shape[1], dtype=self.weights.dtype)
        z = np.empty((len(rows), self.weights.shape[1]), dtype=self.weights.dtype)
        a = 0
        for k, n in enumerate(lengths):
            z[k] = gathered[a:a + n].sum(axis=0) if n else zero
            a += n
        if self.multilabel:
            return 1.0 / (1.0 + np.exp(-z))
        return _softmax(z)

    @classmethod
    def fit(cls, rows, y: np.ndarray, labels: Sequence[str], n_features: int, l2: float = 1.0,
            max_iter: int = 300, class_weight: np.ndarray | None = None) -> "LinearModel":
        """Softmax regression (or logistic, for one label) by L-BFGS with an L2 penalty."""
        X = to_matrix(rows, n_features)
        n, k = X.shape[0], len(labels)
        binary = k == 1
        Y = y.reshape(-1, 1).astype(np.float64) if binary else np.eye(k)[y]
        sw = np.ones(n) if class_weight is None else class_weight[y]

        def loss(wflat):
            W = wflat.reshape(n_features, k)
            Z = X @ W
            if binary:
                P = 1.0 / (1.0 + np.exp(-Z))
                ll = -(sw[:, None] * (Y * np.log(P + 1e-12) + (1 - Y) * np.log(1 - P + 1e-12))).sum()
            else:
                P = _softmax(Z)
                ll = -(sw * np.log((P * Y).sum(axis=1) + 1e-12)).sum()
            G = X.T @ (sw[:, None] * (P - Y))
            return ll + 0.5 * l2 * (W * W).sum(), (np.asarray(G) + l2 * W).ravel()

        res = minimize(loss, np.zeros(n_features * k), jac=True, method="L-BFGS-B",
                       options={"maxiter": max_iter})
        return cls(res.x.reshape(n_features, k), labels)

    def save(self, path: str | Path) -> None:
        np.savez_compressed(path, weights=self.weights.astype(np.float16),
                            labels=np.array(self.labels), multilabel=np.array(self.multilabel))

    @classmethod
    def load(cls, path: str | Path) -> "LinearModel":
        with np.load(path) as z:
            return cls(z["weights"].astype(np.float32), [str(x) for x in z["labels"]],
                       bool(z["multilabel"]) if "multilabel" in z else False)

    @classmethod
    def stack(cls, models: Sequence["LinearModel"]) -> "LinearModel":
        """Independent one-label models side by side as one multilabel model."""
        return cls(np.hstack([m.weights for m in models]), [m.labels[0] for m in models], True)

"""The learned sub-event classifier: softmax over ACLED's 25 sub-event types.

Trained by ``training/train_coding.py`` on the team-written ACLED-style descriptions (and weak
labels from real texts); shipped as ``resources/coding/subevent.npz``. Scoring is a sum of
weight rows, so a description costs microseconds. The evidence is the stretch of words that
gives the winning type most of its score.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Iterable, Optional, Sequence

import numpy as np

from ...errors import DataError, Errors
from ..linear import LinearModel
from .features import N_FEATURES, hashed, token_features

MODEL_FILE = "subevent.npz"


@dataclass
class Typing:
    sub_event_type: str
    confidence: float
    evidence: tuple[int, int]                       # character span in the text scored
    ranked: list[tuple[str, float]]                 # every type with its probability, best first


RESOURCES = Path(__file__).resolve().parents[2] / "resources" / "coding"


def model_path() -> Path:
    return RESOURCES / MODEL_FILE


@lru_cache(maxsize=1)
def load_model() -> LinearModel:
    path = model_path()
    try:
        model = LinearModel.load(path)
    except (FileNotFoundError, OSError, KeyError, ValueError) as e:
        raise DataError(Errors.E510.format(path=str(path), detail=type(e).__name__)) from e
    if model.n_features != N_FEATURES:
        raise DataError(Errors.E510.format(path=str(path), detail=f"{model.n_features} features, expected {N_FEATURES}"))
    return model


def classify(text: str, extra: Iterable[str] = (), model: Optional[LinearModel] = None,
             offset: int = 0) -> Typing:
    if model is None:
        # the pipeline codes an event up to three times (the incident extractor's candidates,
        # its decision, the pipeline's codes step): the same words give the same typing
        t = _classify_shipped(text, tuple(extra), load_model(), offset)
        return replace(t, ranked=list(t.ranked))
    return _classify(text, extra, model, offset)


@lru_cache(maxsize=256)
def _classify_shipped(text: str, extra: tuple[str, ...], model: LinearModel, offset: int) -> Typing:
    return _classify(text, extra, model, offset)


def _classify(text: str, extra: Iterable[str], model: LinearModel, offset: int) -> Typing:
    per_token = token_features(text)
    rows = [f for fs, _, _ in per_token for f in fs] + hashed(extra) + hashed(["bias"])
    probs = model.predict_proba([rows])[0]
    order = np.argsort(-probs)
    best = int(order[0])
    return Typing(model.labels[best], float(probs[best]),
                  _evidence(model, per_token, best, text, offset),
                  [(model.labels[i], float(probs[i])) for i in order])


def _evidence(model: LinearModel, per_token, label: int, text: str, offset: int) -> tuple[int, int]:
    """The window of up to five tokens with the largest summed weight for ``label``."""
    if not per_token:
        return (offset, offset + len(text))
    w = model.weights[:, label]
    scores = _token_scores(w, [fs for fs, _, _ in per_token])
    width = min(5, len(scores))
    sums = np.convolve(scores, np.ones(width), mode="valid")
    i = int(np.argmax(sums))
    return (offset + per_token[i][1], offset + per_token[i + width - 1][2])


def _token_scores(w: np.ndarray, rows: list[list[int]]) -> np.ndarray:
    """``[float(w[fs].sum()) if fs else 0.0 for fs in rows]`` in a few array operations. A
    token has at most three features (word, stem, bigram), and numpy sums three float32 values
    left to right, so adding the first, second and third weights of every row in turn gives the
    same bits; a longer row takes the per-row sum."""
    lengths = np.fromiter(map(len, rows), dtype=np.intp, count=len(rows))
    if not len(rows) or lengths.max() > 3:
        return np.array([float(w[fs].sum()) if fs else 0.0 for fs in rows])
    vals = w[np.fromiter(chain.from_iterable(rows), dtype=np.intp, count=int(lengths.sum()))]
    first = np.cumsum(lengths) - lengths
    scores = np.zeros(len(rows), dtype=w.dtype)
    has = lengths > 0
    scores[has] = vals[first[has]]
    for k in (1, 2):
        has = lengths > k
        scores[has] += vals[first[has] + k]
    return scores.astype(np.float64)


def classify_many(texts: Sequence[str], extras: Sequence[Iterable[str]] | None = None) -> list[Typing]:
    model = load_model()
    extras = extras or [()] * len(texts)
    return [classify(t, x, model) for t, x in zip(texts, extras)]

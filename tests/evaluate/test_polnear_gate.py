"""Quality gate: quote and speaker scores on a fixed slice of PolNeAR dev must not drop.

Runs the pipeline's own code path (nlp.analyze + extract_quotes) over the first 25
annotation files of dev (sorted by name, ≈18.6k words) to stay within the test budget.
Measured when pinned: speaker F1 87.0, content F1 89.9 on this slice; full dev 86.0 / 89.2,
train 86.7 / 89.6 (`eventwire evaluate polnear --dir ../shared/data/polnear/dev`).
"""
from __future__ import annotations

import pytest

from requirements import need_shared   # skip with a notice, or fail in CI

from eventwire.evaluate.polnear import default_polnear_dir, evaluate_polnear

SLICE = 25
FLOORS = {"speaker_f1": 0.85, "content_f1": 0.88, "speaker_accuracy": 0.94}


@pytest.fixture(scope="module")
def dev_slice_score():
    directory = default_polnear_dir("dev")
    need_shared(directory / "attributions", "PolNeAR dev")
    return evaluate_polnear(directory, limit=SLICE)


@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_polnear_dev_slice_floor(dev_slice_score, metric):
    value = getattr(dev_slice_score, metric)
    assert value >= FLOORS[metric], f"{metric} {value:.3f} fell below the floor {FLOORS[metric]}"


def test_polnear_dev_slice_size(dev_slice_score):
    assert dev_slice_score.documents == SLICE and dev_slice_score.gold > 250

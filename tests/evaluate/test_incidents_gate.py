"""Quality gate: every incident of the coded dev texts (../shared/data/incidents).

Floors sit a little under what `eventwire evaluate incidents` measures for the default
extractor (see docs/incidents.md for the tables); the scorer is tested on hand-made data in
test_incidents_scorer.py, so the gate cannot pass by a broken scorer.
"""
import pytest

from eventwire.evaluate import incidents
from eventwire.evaluate.paths import shared_data

# measured 2026-12-01 with the `rules` extractor: incident F1 55.1 (P 40.8, R 85.2), overall 42.2
FLOORS = {"incident": 52.0, "acled_type": 42.0, "place": 50.0, "country": 51.0, "killed": 35.0,
          "injured": 45.0, "perpetrator": 31.0}
OVERALL_FLOOR = 40.0


@pytest.fixture(scope="module")
def dev_scores():
    base = shared_data()
    for need in (base / "incidents" / "satp-train.gold.jsonl", base / "wikievents" / "dev.jsonl",
                 base / "satp" / "train.tsv"):
        if not need.exists():
            pytest.skip(f"incident dev data not found at {need}")
    return incidents.evaluate_incidents(incidents.load_dev())


def test_dev_floors(dev_scores):
    assert dev_scores.texts == 80
    assert dev_scores.fields["incident"].r_den == 88
    for name, floor in FLOORS.items():
        assert 100 * dev_scores.fields[name].f1 >= floor, (name, dev_scores.to_dict()["fields"][name])
    assert dev_scores.overall >= OVERALL_FLOOR

"""The WikiEvents entity scorer on hand-made cases, and the dev-set floors (quality gate)."""
import pytest

from requirements import need_shared   # skip with a notice, or fail in CI

from eventwire.evaluate.entities import EntityScores, is_named, score_document


def test_scorer_by_hand():
    gold = [(0, 5, "PER"), (10, 15, "GPE"), (20, 30, "ORG")]
    pred = [(0, 5, "PER"),        # exact, typed
            (10, 15, "ORG"),      # exact span, wrong type
            (21, 30, "ORG"),      # overlaps only
            (40, 45, "GPE")]      # spurious
    places = [(10, 15), (40, 45)]
    s = EntityScores()
    score_document(gold, pred, places, s)
    assert (s.exact_typed.tp, s.exact_typed.n_pred, s.exact_typed.n_gold) == (1, 4, 3)
    assert s.exact_untyped.tp == 2
    assert s.overlap_untyped.tp == 3
    assert s.exact_typed.p == pytest.approx(0.25) and s.exact_typed.r == pytest.approx(1 / 3)
    # one gold GPE, geocoded; two places, one on a gold mention
    assert (s.place_coverage.tp, s.place_coverage.n_gold) == (1, 1)
    assert (s.place_precision.tp, s.place_precision.n_pred) == (1, 2)


def test_named_mentions():
    assert is_named("Vyacheslav Gladkikh") and is_named("Islamic State of Iraq")
    assert not is_named("general") and not is_named("who") and not is_named("General")


@pytest.mark.slow
def test_wikievents_dev_floors(shared):
    from eventwire.evaluate.entities import evaluate_entities
    path = need_shared(shared / "data" / "wikievents" / "dev.jsonl", "WikiEvents dev")
    s = evaluate_entities(path)
    # measured: exact typed F1 68.1, overlap untyped F1 87.0, places on gold mentions 93.7%
    assert s.exact_typed.f1 >= 0.66
    assert s.overlap_untyped.f1 >= 0.85
    assert s.place_precision.p >= 0.90

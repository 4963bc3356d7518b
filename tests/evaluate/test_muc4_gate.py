"""Quality gate (as trafilatura's eval_gate): MUC-4 dev scores must not drop below pinned floors.

The floors sit just under the figures measured with the committed models and settings
(docs/events.md has the full tables). The gate runs the whole pipeline over the first
``GATE_DOCS`` dev documents — a fixed, deterministic subset, so that it fits the test budget.
"""
import pytest

from requirements import need_shared   # skip with a notice, or fail in CI

from eventwire.evaluate import muc4

GATE_DOCS = 100
# measured 2026-11-29 with the committed models and settings (per-role bars PerpInd/Target 0.1,
# bare incidents merged) on dev[:100]: template 43.63, CEAF-REE 46.67
# (the whole dev set: template 42.04, CEAF-REE 44.35)
FLOOR_TEMPLATE_F1 = 43.5
# 2026-12-01: dates without a year ("9 march" in undated copy: '--03-09') now exist and split a
# few MUC-4 incidents by day: dev[:100] CEAF-REE 46.67 -> 46.23, template still over 43.5 (whole
# dev set: template 42.01 -> 42.18, CEAF-REE 44.30 -> 44.15), for dates of undated texts (incident
# dev date F1 6.8 -> 56.4, docs/incidents.md)
FLOOR_DOC_LEVEL_F1 = 46.0


@pytest.fixture(scope="module")
def dev_subset(shared):
    path = need_shared(shared / "data" / "muc4" / "dev.jsonl", "MUC-4 dev set")
    docs = muc4.read_jsonl(path)[:GATE_DOCS]
    return docs, muc4.predict(docs)


@pytest.mark.slow
def test_template_f1_floor(dev_subset):
    docs, predictions = dev_subset
    f1 = 100 * muc4.score_templates(predictions, docs).micro.f1
    assert f1 >= FLOOR_TEMPLATE_F1, f"MUC-4 dev[:{GATE_DOCS}] template F1 {f1:.2f} < {FLOOR_TEMPLATE_F1}"


@pytest.mark.slow
def test_doc_level_f1_floor(dev_subset):
    docs, predictions = dev_subset
    f1 = 100 * muc4.score_document_level(predictions, docs).micro.f1
    assert f1 >= FLOOR_DOC_LEVEL_F1, f"MUC-4 dev[:{GATE_DOCS}] CEAF-REE F1 {f1:.2f} < {FLOOR_DOC_LEVEL_F1}"


@pytest.mark.slow
def test_predictions_are_in_the_gold_format(dev_subset):
    docs, predictions = dev_subset
    assert set(predictions) == {d["docid"] for d in docs}
    for templates in predictions.values():
        for t in templates:
            assert t["incident_type"] in muc4.INCIDENT_TYPES
            for role in muc4.ROLES:
                for entity in t[role]:
                    assert entity and all(isinstance(m, str) and isinstance(o, int) for m, o in entity)

"""Fusion over the team's corpus (tests/corpus), each article's event built from its gold
annotation, so these tests measure fusion and not the extractors."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from eventwire.evaluate.dedup import pairwise_scores

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("fusion_bench", ROOT / "benchmarks" / "fusion.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)

# Floors, not targets: the measured scores are printed by benchmarks/fusion.py.
MIN_PRECISION = 0.95
MIN_RECALL = 0.90


def _load(store, names=None):
    gold = {g["name"]: g for g in bench.load_gold()}
    articles = bench.load_articles()
    for name, article in articles.items():
        if names is None or name in names:
            store.add_extraction(bench.gold_extraction(gold[name], article))
    return gold, articles


def _scores(store, gold, articles):
    gold_map = {articles[n].id: g["incident"] for n, g in gold.items() if n in articles}
    return pairwise_scores(gold_map, bench.clusters(store))


def test_corpus_is_big_enough_and_varied():
    gold = bench.load_gold()
    assert len([g for g in gold if "url" in g]) >= 30
    incidents = {}
    for g in gold:
        incidents.setdefault(g["incident"], []).append(g)
    multi = [v for v in incidents.values() if len(v) >= 3]
    assert len(multi) >= 6
    # several sources with differing counts for the same incident
    assert sum(len({g["killed"] for g in v if g.get("killed") is not None}) > 1 for v in multi) >= 5


def test_dedup_on_gold_facts(store):
    gold, articles = _load(store)
    store.fuse()
    s = _scores(store, gold, articles)
    assert s["precision"] >= MIN_PRECISION and s["recall"] >= MIN_RECALL, s


def test_ranges_and_each_source_figure_are_kept(sqlite_store):
    gold, articles = _load(sqlite_store)
    sqlite_store.fuse()
    (inc,) = sqlite_store.incidents(near=(24.86, 67.01, 20), since="2018-11-23", until="2018-11-23",
                                    type="violence")
    figures = sorted(s["killed_best"] for s in inc["sources"] if s["killed_best"] is not None)
    want = sorted(g["killed"] for g in gold.values()
                  if g["incident"] == "karachi-consulate-2018" and g.get("killed") is not None)
    assert figures == want                       # nothing overwritten
    assert (inc["killed_low"], inc["killed_high"]) == (min(want), max(want))
    assert inc["killed_low"] <= inc["killed_best"] <= inc["killed_high"]
    assert inc["n_sources"] == sum(g["incident"] == "karachi-consulate-2018" for g in gold.values()
                                   if g["name"] in articles)


def test_actor_forms_are_merged(sqlite_store):
    _load(sqlite_store)
    sqlite_store.fuse()
    bla = sqlite_store.actor("BLA")
    assert bla["name"] == "Baloch Liberation Army"
    assert {"BLA", "Baluch Liberation Army"} <= set(bla["aliases"])
    # the same actor found under each form, with the consulate and stock exchange attacks
    assert sqlite_store.actor("Baluch Liberation Army")["id"] == bla["id"]
    assert len(bla["incidents"]) == 2
    assert sqlite_store.actor("LeJ")["name"] == "Lashkar-e-Jhangvi"
    assert sqlite_store.actor("IS")["name"] == "Islamic State"


def test_incremental_fusion_equals_fusing_at_once(store):
    gold = {g["name"]: g for g in bench.load_gold()}
    names = sorted(gold)
    _load(store, set(names[::2]))
    store.fuse()
    _, articles = _load(store, set(names[1::2]))
    assert store.stats()["unfused_events"] > 0
    store.fuse()
    incremental = sorted(sorted(c) for c in bench.clusters(store))
    store.refuse()
    again = sorted(sorted(c) for c in bench.clusters(store))
    assert incremental == again
    s = _scores(store, gold, articles)
    assert s["precision"] >= MIN_PRECISION and s["recall"] >= MIN_RECALL, s

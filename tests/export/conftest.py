from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from eventwire.store.testing import temp_store

ROOT = Path(__file__).resolve().parents[2]


def _bench():
    spec = importlib.util.spec_from_file_location("fusion_bench", ROOT / "benchmarks" / "fusion.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def corpus_store():
    """The team's corpus, each article's event from its gold annotation, fused."""
    bench = _bench()
    gold = {g["name"]: g for g in bench.load_gold()}
    with temp_store("sqlite") as store:
        for name, article in bench.load_articles().items():
            store.add_extraction(bench.gold_extraction(gold[name], article))
        store.fuse()
        yield store

"""The incident index is kept between batches (issue 15): a batch reads from the store only
the (family, week) blocks it needs and does not hold yet, so its work depends on the batch,
not on how much of its week is already stored; and it decides what an index read afresh
for every batch decides."""
from __future__ import annotations

import pytest

from eventwire.store.fusion import FusionCache, fuse_batch
from eventwire.store.testing import attack_feed, temp_store
from requirements import need_postgres
from test_fuse_blocking import fused, synthetic

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def _backend(name: str) -> str:
    if name == "postgresql":
        need_postgres()
    return name


def _fuse_in_batches(store, feed, per_batch: int, **kw) -> list[dict]:
    """Store the feed ``per_batch`` articles at a time, fusing after each; each batch's stats."""
    out = []
    for i in range(0, len(feed), per_batch):
        for ex in feed[i:i + per_batch]:
            store.add_extraction(ex)
        out.append(store.write(fuse_batch, limit=per_batch, **kw))
    return out


@pytest.mark.parametrize("backend", BACKENDS)
def test_per_batch_reads_do_not_grow_with_the_week_stored(backend):
    feed = attack_feed(800, seed=5)           # one week, one country
    with temp_store(_backend(backend)) as store:
        batches = _fuse_in_batches(store, feed, 100)
        assert all(b["articles"] == 100 for b in batches)
        # the first batch finds the week empty; every later one holds it already: no stored
        # report is read again, however many the week has (700 before the last batch)
        assert [b["reports_read"] for b in batches] == [0] * len(batches)
        assert sum(b["incidents_new"] for b in batches) > 400

        # a process without the index (another Store, or after another writer fused) reads
        # the week once, then holds it
        from eventwire.store import Store
        with Store(store.url, schema=store.schema) as other:
            more = attack_feed(200, seed=6)
            first = _fuse_in_batches(other, more[:100], 100)[0]
            second = _fuse_in_batches(other, more[100:], 100)[0]
        assert first["reports_read"] == 800
        assert second["reports_read"] == 0


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_kept_index_decides_as_an_index_read_for_each_batch(backend):
    corpus = synthetic(300, seed=9)
    results = []
    for keep in (True, False):
        with temp_store(_backend(backend)) as store:
            for ex in corpus:
                store.add_extraction(ex)
            reads = 0
            while True:
                done = store.write(fuse_batch, limit=20, **({} if keep else {"cache": FusionCache()}))
                if not done["articles"]:
                    break
                reads += done["reports_read"]
            results.append((fused(store), reads))
    (kept, kept_reads), (fresh, fresh_reads) = results
    assert kept == fresh
    # the fresh index reads its blocks every batch, the kept one each block once
    assert kept_reads < fresh_reads / 2, (kept_reads, fresh_reads)


def test_a_dropped_index_is_read_again(tmp_path):
    """Another writer's batch changes the fusion token: the kept index is not used."""
    from eventwire.store import Store
    path = str(tmp_path / "x.db")
    feed = attack_feed(300, seed=8)
    with Store(path) as one, Store(path) as two:
        assert _fuse_in_batches(one, feed[:100], 100)[0]["reports_read"] == 0
        two_read = _fuse_in_batches(two, feed[100:200], 100)[0]["reports_read"]
        again = _fuse_in_batches(one, feed[200:], 100)[0]["reports_read"]
    assert two_read == 100           # two read what one stored
    assert again == 200              # one's index is stale: it reads the week (both batches)


def test_an_index_past_its_size_is_dropped_and_read_again(monkeypatch):
    """Memory stays bounded: past MAX_CACHED_INCIDENTS the index is not kept, the next batch
    reads its blocks from the store, and the decisions are the same."""
    from eventwire.store import fusion
    feed = attack_feed(300, seed=4)
    results = []
    for cap in (fusion.MAX_CACHED_INCIDENTS, 50):
        monkeypatch.setattr(fusion, "MAX_CACHED_INCIDENTS", cap)
        with temp_store() as store:
            reads = [b["reports_read"] for b in _fuse_in_batches(store, feed, 100)]
            results.append((fused(store), reads))
    (kept, kept_reads), (dropped, dropped_reads) = results
    assert kept == dropped
    assert kept_reads == [0, 0, 0]
    assert dropped_reads[0] == 0 and dropped_reads[1] == 100 and dropped_reads[2] == 200

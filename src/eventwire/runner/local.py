"""The ingest job on one machine: paths → articles → pipeline (worker processes) → store → fuse.

    from eventwire.runner.local import ingest
    report = ingest(["news/", "feed.xml"], "eventwire.db", workers=2)
    print(report.summary())

- Idempotent and resumable: articles are identified by content hash; those the store
  already holds are skipped before any NLP runs, and each article is committed in its
  own transaction, so a run killed at any point loses at most the articles in flight and
  the next run picks up the rest (fusion then covers everything not yet fused).
- Parallel: ``workers`` processes each load the pipeline once and take batches of
  articles; at most ``2 × workers`` batches are in flight, so memory stays flat however
  long the input is. The parent is the single writer (safe for SQLite).
- Never stops at a bad document: read and pipeline failures are counted and listed.
"""
from __future__ import annotations

import importlib
import multiprocessing as mp
import os
import signal
import sys
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, NamedTuple, Optional, Union

from ..errors import Errors, UsageError
from ..model import Article, Extraction

DEFAULT_BATCH = 16
PipelineFactory = Union[str, Callable[[], Any]]
DEFAULT_PIPELINE = "eventwire.pipeline:Pipeline.default"


@dataclass
class Failure:
    where: str
    code: Optional[str]
    error: str


@dataclass
class IngestReport:
    read: int = 0                 # articles read from the inputs
    stored: int = 0               # newly stored by this run
    skipped: int = 0              # already in the store (or repeated in the input)
    failures: list[Failure] = field(default_factory=list)
    events: int = 0               # events in the newly stored articles
    quotes: int = 0
    relations: int = 0
    seconds: float = 0.0
    fused: dict[str, int] = field(default_factory=dict)
    totals: dict[str, Any] = field(default_factory=dict)   # store.stats() after the run

    @property
    def rate(self) -> float:
        return self.stored / self.seconds if self.seconds else 0.0

    def summary(self) -> str:
        t = self.totals
        lines = [
            f"Read {self.read} articles in {self.seconds:.1f} s ({self.rate:.1f} new articles/s): "
            f"{self.stored} stored, {self.skipped} already stored, {len(self.failures)} failed.",
            f"New: {self.events} events, {self.quotes} quotes, {self.relations} relations; "
            f"fusion: {self.fused.get('incidents_new', 0)} new incidents, "
            f"{self.fused.get('actors_new', 0)} new actors.",
        ]
        if t:
            lines.append(f"Database: {t['articles']} articles, {t['events']} events in "
                         f"{t['incidents']} incidents ({t['incidents_multi_source']} with several "
                         f"sources), {t['actors']} actors, {t['quotes']} quotes.")
        for f in self.failures[:10]:
            lines.append(f"  failed: {f.error}")
        if len(self.failures) > 10:
            lines.append(f"  … and {len(self.failures) - 10} more failures")
        return "\n".join(lines)


def load_factory(factory: PipelineFactory) -> Callable[[], Any]:
    """``"pkg.module:attr.attr"`` → the callable it names (picklable across processes)."""
    if callable(factory):
        return factory
    module, _, attr = factory.partition(":")
    try:
        obj: Any = importlib.import_module(module)
        for part in filter(None, attr.split(".")):
            obj = getattr(obj, part)
    except (ImportError, AttributeError, ValueError) as e:
        raise UsageError(Errors.E201.format(value=factory, what="pipeline factory",
                                            hint="give module:attribute, e.g. "
                                                 "eventwire.pipeline:Pipeline.default")) from e
    if not callable(obj):
        raise UsageError(Errors.E201.format(value=factory, what="pipeline factory",
                                            hint="it must name something callable"))
    return obj


# ------------------------------------------------------------------ worker side
_PIPELINE = None
WATCHDOG_SECONDS = 0.5          # how often a worker checks that its parent is alive


class Outcome(NamedTuple):
    """One article's result: its extraction, or why it failed (``code``: a catalogue code
    such as "E150", or "pipeline" for an exception the pipeline raised)."""
    article: Article
    extraction: Optional[Extraction]
    error: Optional[str] = None
    code: Optional[str] = None


def end_with_parent(parent_pid: Optional[int] = None, *, interval: float = WATCHDOG_SECONDS) -> None:
    """Make this (worker) process end when its parent does, also on SIGKILL of the parent.

    Two guards: on Linux the kernel sends SIGKILL when the parent goes (``PR_SET_PDEATHSIG``,
    effective even while this process is busy inside C code), and everywhere a daemon thread
    checks every ``interval`` seconds that the parent still is ``parent_pid`` (an orphan is
    re-parented, so ``getppid`` changes) and exits when it is not."""
    parent_pid = os.getppid() if parent_pid is None else parent_pid
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)      # PR_SET_PDEATHSIG
        except (OSError, AttributeError):               # pragma: no cover - no libc prctl
            pass
    if os.getppid() != parent_pid:                       # the parent died before we got here
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(interval)
            if os.getppid() != parent_pid:
                os._exit(1)
    threading.Thread(target=watch, name="eventwire-parent-watchdog", daemon=True).start()


def init_worker(factory: PipelineFactory, parent_pid: Optional[int] = None) -> None:
    """Worker-process initializer: one compute thread, end with the parent, load the pipeline."""
    global _PIPELINE
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    end_with_parent(parent_pid)
    _PIPELINE = load_factory(factory)()


def process_batch(articles: list[Article], pipeline=None) -> list[Outcome]:
    """Run the pipeline over a batch; an article that breaks it fails alone. ``pipeline``:
    the one to use (default: the worker's, built by ``init_worker``)."""
    pipe = pipeline or _PIPELINE
    try:
        return [Outcome(a, ex) for a, ex in zip(articles, pipe.run_many(articles))]
    except Exception:
        out = []
        for a in articles:
            try:
                out.append(Outcome(a, pipe.run(a)))
            except Exception as e:  # one bad article must not stop the batch
                out.append(Outcome(a, None, f"{type(e).__name__}: {e}", "pipeline"))
        return out


def worker_died(article: Article, detail: str) -> Outcome:
    """The outcome of an article whose worker process died under it (E150)."""
    where = article.origin or article.url or article.id
    return Outcome(article, None, Errors.E150.format(where=where, detail=detail), "E150")


# ------------------------------------------------------------------ parent side
def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class _Pool:
    """A process pool that remembers its worker processes, to say how one ended."""

    def __init__(self, workers: int, factory: PipelineFactory) -> None:
        # spawn: the parent runs a progress-bar thread, and forking a threaded process is unsafe
        self.executor = ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("spawn"),
                                            initializer=init_worker, initargs=(factory, os.getpid()))
        self.procs: dict[int, Any] = {}

    def submit(self, *args) -> Future:
        future = self.executor.submit(*args)
        self.procs.update(getattr(self.executor, "_processes", None) or {})
        return future

    def shutdown(self, wait: bool = True) -> None:
        self.executor.shutdown(wait=wait, cancel_futures=True)

    def how_workers_died(self) -> str:
        """"killed by SIGKILL", "exit code 1", … (for the E150 message)."""
        codes = []
        for proc in self.procs.values():
            code = None
            for _ in range(20):         # the executor's own thread may be reaping it right now
                proc.join(0.1)
                code = proc.exitcode
                if code is not None:
                    break
            if not code:
                continue
            if code < 0:
                try:
                    codes.append(f"killed by {signal.Signals(-code).name}")
                except ValueError:
                    codes.append(f"killed by signal {-code}")
            else:
                codes.append(f"exit code {code}")
        return ", ".join(sorted(set(codes))) or "terminated abruptly"


def _results(batches: Iterator[list[Article]], workers: int, factory: PipelineFactory
             ) -> Iterator[list[Outcome]]:
    if workers <= 1:
        pipe = None
        for batch in batches:
            pipe = pipe or load_factory(factory)()      # no model load when nothing is new
            yield process_batch(batch, pipe)
        return
    pool = _Pool(workers, factory)
    pending: dict[Future, list[Article]] = {}
    try:
        def drain(until: int) -> Iterator[list[Outcome]]:
            nonlocal pool
            while len(pending) > until:
                done, _ = wait(set(pending), return_when=FIRST_COMPLETED)
                broken: list[list[Article]] = []
                for fut in sorted(done, key=id):
                    batch = pending.pop(fut)
                    try:
                        yield fut.result()
                    except BrokenProcessPool:
                        broken.append(batch)
                if not broken:
                    continue
                # A worker died (out of memory, killed): the pool is gone and every batch in
                # flight with it. Re-run those articles one at a time in a fresh pool, so that
                # the one that kills its worker again is the only one reported (E150).
                broken += list(pending.values())
                pending.clear()
                pool.shutdown(wait=False)
                pool = _Pool(workers, factory)
                for batch in broken:
                    for article in batch:
                        try:
                            yield pool.submit(process_batch, [article]).result()
                        except BrokenProcessPool:
                            yield [worker_died(article, pool.how_workers_died())]
                            pool.shutdown(wait=False)
                            pool = _Pool(workers, factory)

        for batch in batches:
            pending[pool.submit(process_batch, batch)] = batch
            yield from drain(2 * workers - 1)
        yield from drain(0)
    finally:
        pool.shutdown()


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def fresh_articles(items: Iterable[Any], store, report: IngestReport, bar, batch: int) -> Iterator[Article]:
    """Articles not yet stored, each once (resuming an ingest is cheap); read failures recorded
    in ``report`` as they pass. Shared by the local and the Dask runner."""
    from ..ingest import ReadFailure
    seen: set[str] = set()
    for chunk in _batches(items, batch):
        candidates = []
        for item in chunk:
            if isinstance(item, ReadFailure):
                report.failures.append(Failure(item.where, item.code, item.error))
                bar.advance(failed=True)
                continue
            report.read += 1
            if item.id in seen:          # the same article twice in the input
                report.skipped += 1
                bar.advance()
                continue
            seen.add(item.id)
            candidates.append(item)
        known = store.has_articles(a.id for a in candidates) if candidates else set()
        for article in candidates:
            if article.id in known:
                report.skipped += 1
                bar.advance()
            else:
                yield article


def finish(report: IngestReport, store, bar: "ProgressBar", *, fuse: bool, started: float) -> IngestReport:
    """The end of every ingest, local or on Dask: fuse what is new, time it, count the store."""
    if fuse:
        bar.status("fusing actors and incidents")
        report.fused = store.fuse()
    report.seconds = time.perf_counter() - started
    report.totals = store.stats()
    return report


def ingest(paths, db: Optional[str] = None, *, store=None, workers: Optional[int] = None,
           batch_size: int = DEFAULT_BATCH, language: str = "en", recursive: bool = True,
           fuse: bool = True, progress: bool = False,
           pipeline: PipelineFactory = DEFAULT_PIPELINE,
           articles: Optional[Iterable] = None) -> IngestReport:
    """Ingest every article under ``paths`` into the store at ``db`` (or ``store``).

    ``articles`` replaces reading ``paths`` (any iterable of Article / ReadFailure).
    ``pipeline`` names a zero-argument factory ("module:attr") run once per worker.
    """
    from ..ingest import iter_articles
    from ..store import Store

    workers = default_workers() if workers is None else workers
    if workers < 1:
        raise UsageError(Errors.E201.format(value=workers, what="number of workers",
                                            hint="use 1 or more"))
    load_factory(pipeline)          # a bad name fails here, not inside every worker
    own_store = store is None
    store = store or Store(db)
    report = IngestReport()
    started = time.perf_counter()
    source = articles if articles is not None else iter_articles(paths, recursive=recursive,
                                                                 language=language)
    bar = ProgressBar(progress)

    try:
        with bar:
            if articles is None:
                bar.count_in_background(paths, recursive)
            for results in _results(_batches(fresh_articles(source, store, report, bar, 64), batch_size),
                                   workers, pipeline):
                for article, ex, error, code in results:
                    if ex is None:
                        where = article.origin or article.id
                        message = error if code and code != "pipeline" else f"{where}: {error}"
                        report.failures.append(Failure(where, code or "pipeline", message))
                        bar.advance(failed=True)
                        continue
                    if store.add_extraction(ex):
                        report.stored += 1
                        report.events += len(ex.events)
                        report.quotes += len(ex.quotes)
                        report.relations += len(ex.relations)
                    else:
                        report.skipped += 1     # another writer stored it meanwhile
                    bar.advance()
            return finish(report, store, bar, fuse=fuse, started=started)
    finally:
        if own_store:
            store.close()


class ProgressBar:
    """A rich progress line on stderr: articles done, failures, articles/s."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.done = self.failed = 0
        self.started = time.perf_counter()
        self._progress = None

    def __enter__(self) -> "ProgressBar":
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
            self._progress = Progress(
                SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(),
                TextColumn("{task.completed} articles"), TextColumn("{task.fields[rate]:.1f} articles/s"),
                TextColumn("{task.fields[failed]} failed"), TimeElapsedColumn(),
                console=Console(stderr=True), transient=False)
            self._progress.__enter__()
            self._task = self._progress.add_task("ingesting", total=None, rate=0.0, failed=0)
        return self

    def advance(self, failed: bool = False) -> None:
        self.done += 1
        self.failed += failed
        if self._progress is not None:
            elapsed = max(1e-6, time.perf_counter() - self.started)
            self._progress.update(self._task, completed=self.done, rate=self.done / elapsed,
                                  failed=self.failed)

    def status(self, text: str) -> None:
        if self._progress is not None:
            self._progress.update(self._task, description=text)

    def set_total(self, total: Optional[int]) -> None:
        if self._progress is not None and total:
            self._progress.update(self._task, total=total)

    def count_in_background(self, paths, recursive: bool) -> None:
        """Give the bar a total from ``ingest.count_articles``, counted in a thread so the
        ingest starts at once (a big JSONL file takes a while to count)."""
        if self._progress is None or paths is None:
            return
        from ..ingest import count_articles

        def count() -> None:
            try:
                self.set_total(count_articles(paths, recursive=recursive))
            except Exception:   # noqa: BLE001 - a total is a nicety; the ingest goes on without
                pass
        threading.Thread(target=count, name="eventwire-count", daemon=True).start()

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            self._progress.__exit__(*exc)

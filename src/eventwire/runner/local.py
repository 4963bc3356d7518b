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
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Optional, Union

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


def _init_worker(factory: PipelineFactory) -> None:
    global _PIPELINE
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    _PIPELINE = load_factory(factory)()


def _process(articles: list[Article], pipeline=None) -> list[tuple[Article, Optional[Extraction], Optional[str]]]:
    """Run the pipeline over a batch; an article that breaks it fails alone."""
    pipe = pipeline or _PIPELINE
    try:
        return [(a, ex, None) for a, ex in zip(articles, pipe.run_many(articles))]
    except Exception:
        out = []
        for a in articles:
            try:
                out.append((a, pipe.run(a), None))
            except Exception as e:  # one bad article must not stop the batch
                out.append((a, None, f"{type(e).__name__}: {e}"))
        return out


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


def _results(batches: Iterator[list[Article]], workers: int, factory: PipelineFactory
             ) -> Iterator[list[tuple[Article, Optional[Extraction], Optional[str]]]]:
    if workers <= 1:
        pipe = None
        for batch in batches:
            pipe = pipe or load_factory(factory)()      # no model load when nothing is new
            yield _process(batch, pipe)
        return
    # spawn: the parent runs a progress-bar thread, and forking a threaded process is unsafe
    ctx = mp.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker,
                             initargs=(factory,)) as pool:
        pending: set[Future] = set()
        for batch in batches:
            pending.add(pool.submit(_process, batch))
            while len(pending) >= 2 * workers:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    yield fut.result()
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                yield fut.result()


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


def finish(report: IngestReport, store, bar: "_Bar", *, fuse: bool, started: float) -> IngestReport:
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
    bar = _Bar(progress)

    try:
        with bar:
            if articles is None:
                bar.count_in_background(paths, recursive)
            for results in _results(_batches(fresh_articles(source, store, report, bar, 64), batch_size),
                                   workers, pipeline):
                for article, ex, error in results:
                    if ex is None:
                        report.failures.append(Failure(article.origin or article.id, "pipeline",
                                                       f"{article.origin or article.id}: {error}"))
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


class _Bar:
    """A rich progress line on stderr: articles done, failures, articles/s."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.done = self.failed = 0
        self.started = time.perf_counter()
        self._progress = None

    def __enter__(self) -> "_Bar":
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

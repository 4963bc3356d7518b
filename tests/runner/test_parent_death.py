"""Worker processes end with their parent (also on SIGKILL), and a worker that dies is that
document's failure (E150), never a silent stop of the batch."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from eventwire.runner.local import ingest

FAKE = "eventwire.store.testing:KeywordPipeline"


def _jsonl(path: Path, texts: list[str]) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for i, text in enumerate(texts):
            fh.write(json.dumps({"text": text, "title": f"Report {i}", "published": "2019-01-02",
                                 "source": "Wire"}) + "\n")
    return path


def _descendants(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _alive(procs: list[psutil.Process]) -> list[psutil.Process]:
    out = []
    for p in procs:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                out.append(p)
        except psutil.NoSuchProcess:
            pass
    return out


@pytest.mark.parametrize("runner,sig", [("local", signal.SIGKILL), ("local", signal.SIGTERM),
                                        ("dask", signal.SIGKILL)])
def test_workers_end_within_10_s_of_the_parents_death(tmp_path, runner, sig):
    src = _jsonl(tmp_path / "a.jsonl", [f"Report {i}: gunmen attack a post, number {i}." for i in range(400)])
    db = str(tmp_path / "x.db")
    cmd = [sys.executable, "-c", "from eventwire.cli import main; main()", "ingest", str(src), "--db", db,
           "--workers", "2", "--batch-size", "2", "--pipeline", FAKE, "--no-progress"]
    if runner == "dask":
        cmd += ["--cluster", "local"]
    env = dict(os.environ, EVENTWIRE_TEST_DELAY="0.05")
    parent = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        workers: list[psutil.Process] = []
        deadline = time.monotonic() + 90
        # wait for both workers (and the resource tracker) to be up and working
        while time.monotonic() < deadline and parent.poll() is None:
            workers = _descendants(parent.pid)
            if len(workers) >= 2 and Path(db).exists() and Path(db).stat().st_size > 0:
                break
            time.sleep(0.2)
        assert parent.poll() is None, "the ingest ended before it could be killed"
        workers = _descendants(parent.pid)
        assert len(workers) >= 2, workers
        os.kill(parent.pid, sig)
        parent.wait(10)
        gone_by = time.monotonic() + 10
        while _alive(workers) and time.monotonic() < gone_by:
            time.sleep(0.1)
        left = _alive(workers)
        assert not left, f"still running 10 s after the parent's {sig.name}: {[p.cmdline() for p in left]}"
    finally:
        if parent.poll() is None:
            parent.kill()
        for p in _alive(_descendants(parent.pid)):
            p.kill()


def test_a_worker_that_dies_is_that_documents_failure(tmp_path):
    texts = [f"Report {i}: gunmen attack a post, number {i}." for i in range(7)]
    texts.insert(3, "Report X: KILL-WORKER attack on the worker.")
    src = _jsonl(tmp_path / "a.jsonl", texts)
    report = ingest([src], str(tmp_path / "x.db"), workers=2, batch_size=2, pipeline=FAKE)
    assert report.stored == 7, report.summary()
    assert [f.code for f in report.failures] == ["E150"], report.summary()
    failure = report.failures[0]
    assert failure.where == f"{src}:4"
    assert failure.error.startswith(f"[E150] {src}:4: the worker process died")
    assert "SIGKILL" in failure.error and "\n" not in failure.error
    assert "E150" in report.summary()


def test_the_dask_runner_uses_the_local_runners_public_functions():
    """No private helper of runner.local is imported by the Dask runner."""
    import ast
    from eventwire.runner import dask_runner
    tree = ast.parse(Path(dask_runner.__file__).read_text(encoding="utf-8"))
    names = [a.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
             and node.module in ("local", "eventwire.runner.local") for a in node.names]
    assert names and not [n for n in names if n.startswith("_")], names

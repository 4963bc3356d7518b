from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from eventwire.errors import UsageError
from eventwire.runner.local import ingest
from eventwire.store import Store

FAKE = "eventwire.store.testing:KeywordPipeline"


def write_jsonl(path: Path, n: int, *, start: int = 0, extra: list[str] = ()) -> Path:
    with open(path, "w") as fh:
        for i in range(start, start + n):
            fh.write(json.dumps({"text": f"Report {i}: gunmen attack a checkpoint, number {i}.",
                                 "title": f"Report {i}", "published": "2019-01-0%d" % (1 + i % 9),
                                 "source": "Wire"}) + "\n")
        for line in extra:
            fh.write(line + "\n")
    return path


def test_ingest_is_idempotent(tmp_path):
    src = write_jsonl(tmp_path / "a.jsonl", 20)
    db = str(tmp_path / "x.db")
    first = ingest([src], db, workers=1, pipeline=FAKE)
    assert (first.read, first.stored, first.skipped, len(first.failures)) == (20, 20, 0, 0)
    assert first.events == 20 and first.totals["articles"] == 20
    assert first.fused["articles"] == 20
    again = ingest([src], db, workers=1, pipeline=FAKE)
    assert (again.stored, again.skipped) == (0, 20)
    assert again.totals["articles"] == 20 and again.totals["events"] == 20
    assert "0 stored, 20 already stored" in again.summary()


def test_failures_are_counted_and_the_rest_goes_on(tmp_path):
    src = write_jsonl(tmp_path / "a.jsonl", 5, extra=[
        "{not json", json.dumps({"text": "FAIL-PIPELINE attack", "published": "2019-01-01"}),
        json.dumps({"title": "no text"})])
    report = ingest([src, tmp_path / "missing.txt"], str(tmp_path / "x.db"), workers=1, pipeline=FAKE)
    assert report.stored == 5
    codes = sorted(f.code or "" for f in report.failures)
    assert codes == ["E107", "E108", "E112", "pipeline"]
    assert "failed: " in report.summary()


def test_duplicates_inside_one_input_are_stored_once(tmp_path):
    src = write_jsonl(tmp_path / "a.jsonl", 3)
    dup = tmp_path / "b.jsonl"
    dup.write_text(src.read_text())
    report = ingest([src, dup], str(tmp_path / "x.db"), workers=1, pipeline=FAKE)
    assert (report.read, report.stored, report.skipped) == (6, 3, 3)


def test_worker_processes(tmp_path):
    src = write_jsonl(tmp_path / "a.jsonl", 24)
    report = ingest([src], str(tmp_path / "x.db"), workers=2, batch_size=4, pipeline=FAKE)
    assert report.stored == 24 and not report.failures


def test_bad_pipeline_name_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match=r"\[E201\] 'nope:x' is not a valid pipeline factory"):
        ingest([tmp_path], str(tmp_path / "x.db"), pipeline="nope:x")
    with pytest.raises(UsageError, match=r"\[E201\]"):
        ingest([tmp_path], str(tmp_path / "x.db"), workers=0, pipeline=FAKE)


def _ingest_cmd(src, db, workers=1):
    return [sys.executable, "-c", "from eventwire.cli import main; main()", "ingest", str(src), "--db", db,
            "--workers", str(workers), "--batch-size", "2", "--pipeline", FAKE, "--no-progress"]


def _count(db: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("select count(*) from articles").fetchone()[0]


def test_killed_ingest_resumes_and_stores_each_article_once(tmp_path):
    src = write_jsonl(tmp_path / "a.jsonl", 40)
    db = str(tmp_path / "x.db")
    env = dict(os.environ, EVENTWIRE_TEST_DELAY="0.05")
    proc = subprocess.Popen(_ingest_cmd(src, db), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    while time.time() < deadline:
        time.sleep(0.2)
        if Path(db).exists():
            try:
                if _count(db) >= 5:
                    break
            except sqlite3.OperationalError:
                pass
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    partial = _count(db)
    assert 5 <= partial < 40
    done = subprocess.run(_ingest_cmd(src, db), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"{40 - partial} stored, {partial} already stored" in done.stdout
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*), count(distinct id) from articles").fetchone() == (40, 40)
        assert conn.execute("select count(*) from events").fetchone()[0] == 40
        # fusion caught up with the articles stored before the kill
        assert conn.execute("select count(*) from articles where fused_at is null").fetchone()[0] == 0


def test_two_ingests_into_one_sqlite_file(tmp_path):
    a = write_jsonl(tmp_path / "a.jsonl", 30)
    b = write_jsonl(tmp_path / "b.jsonl", 30, start=15)     # 15 articles in common
    db = str(tmp_path / "x.db")
    Store(db).close()                                     # both find the schema in place
    env = dict(os.environ, EVENTWIRE_TEST_DELAY="0.01")
    procs = [subprocess.Popen(_ingest_cmd(src, db), env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for src in (a, b)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    with Store(db, readonly=True) as s:
        stats = s.stats()
    assert stats["articles"] == 45 and stats["events"] == 45 and stats["unfused_events"] == 0


def test_progress_bar_gets_its_total_from_a_background_count(tmp_path):
    import time as _time
    from eventwire.runner.local import ProgressBar
    for i in range(3):
        (tmp_path / f"a{i}.txt").write_text(f"Report {i}\n\nA bomb exploded.\n", encoding="utf-8")
    with ProgressBar(True) as bar:
        assert bar._progress.tasks[0].total is None            # the bar starts at once
        bar.count_in_background(tmp_path, recursive=True)
        for _ in range(200):                                    # wait for the thread, not a clock
            if bar._progress.tasks[0].total is not None:
                break
            _time.sleep(0.01)
        assert bar._progress.tasks[0].total == 3
    with ProgressBar(False) as quiet:
        quiet.count_in_background(tmp_path, recursive=True)   # no bar, no thread, no error

"""Crash safety: SIGKILL an ingest at random points, re-run it, and nothing is lost or doubled.

Kill points are counted in the run's own work (its N-th SQL statement, its k-th article), not in
wall-clock time, so the test kills at the same places however fast or loaded the machine is.

The ingest runs in a forked child (imports done once in the parent, so each kill lands in the
ingest's own work, not in Python start-up) with the fast stand-in pipeline of light_pipeline.py
(the store and runner are under test, not the model). Randomness is seeded: the same kill points
every run. The second test runs two real `eventwire ingest` processes at once on one database.
"""
from __future__ import annotations

import json
import multiprocessing as mp
import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
KILLS = 20
SEED = 20181127
ARTICLES_PER_ROUND = 6

_PLACES = ["Quetta", "Karachi", "Peshawar", "Kabul", "Lahore", "Mogadishu", "Maiduguri", "Baghdad"]
_ACTORS = ["Baloch Liberation Army", "Tehrik Taliban", "Islamic State", "Al Shabaab", "Boko Haram"]


def _article(rnd: random.Random, n: int) -> tuple[str, str]:
    place, actor = rnd.choice(_PLACES), rnd.choice(_ACTORS)
    killed, hurt = rnd.randint(1, 60), rnd.randint(0, 90)
    title = f"Blast in {place} kills {killed} (report {n})"
    body = (f"A bomb exploded near a market in {place} on Tuesday and killed {killed} people, "
            f"police said. Another {hurt} people were wounded in the attack. The {actor} said "
            f"it carried out the bombing. “We will find those responsible,” said Inspector "
            f"General Khan. Report number {n}.")
    return title, body


def _add_round(corpus: Path, rnd: random.Random, round_no: int, counter: list[int]) -> None:
    """A new batch of inputs: text files, a JSON Lines file, and a repeat of an older article."""
    # Newest round first in the sorted walk, so a run reaches new work (writes) quickly.
    folder = corpus / f"round{99 - round_no:02d}"
    folder.mkdir(parents=True)
    lines = []
    for i in range(ARTICLES_PER_ROUND):
        counter[0] += 1
        title, body = _article(rnd, counter[0])
        if i % 3 == 2:
            lines.append(json.dumps({"title": title, "text": body, "published": "2018-11-27"}))
        else:
            (folder / f"a{i:02d}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    (folder / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    if round_no:          # the same article again under another name: stored once
        older = sorted((corpus / "round99").glob("*.txt"))[round_no % 4]
        (folder / "repeat.txt").write_bytes(older.read_bytes())


def _ingest_args(corpus: Path, db: Path) -> list[str]:
    return ["ingest", str(corpus), "--db", str(db), "--workers", "1", "--no-progress",
            "--pipeline", "light_pipeline:make"]


def _child(corpus: str, db: str, kill_at_statement: int = 0, kill_at_article: int = 0,
           statements=None) -> None:
    """One ingest run; it SIGKILLs itself just before its N-th SQL statement or its k-th article.

    Kill points counted in the run's own work, not in wall-clock time, land in the same places on
    a fast laptop and a loaded CI machine: inside a write transaction, between articles, during
    fusion. ``statements`` (a shared counter) records how many statements a full run issued.
    """
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    seen = [0]

    @event.listens_for(Engine, "before_cursor_execute")
    def _tick(*_args):
        seen[0] += 1
        if statements is not None:
            statements.value = seen[0]
        if seen[0] == kill_at_statement:
            os.kill(os.getpid(), signal.SIGKILL)

    if kill_at_article:
        import light_pipeline
        plain_run, handed = light_pipeline.LightPipeline.run, [0]

        def run(self, article):
            handed[0] += 1
            if handed[0] == kill_at_article:
                os.kill(os.getpid(), signal.SIGKILL)
            return plain_run(self, article)
        light_pipeline.LightPipeline.run = run

    from eventwire.cli import main
    main(_ingest_args(Path(corpus), Path(db)), prog_name="eventwire")


def _count(db: Path, sql: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchone()[0]


def _expected(corpus: Path) -> dict[str, tuple[int, int]]:
    """Article id → (events, quotes) the light pipeline gives it, from reading the corpus."""
    from eventwire.ingest import ReadFailure, iter_articles
    from light_pipeline import make
    pipe = make()
    out = {}
    for item in iter_articles(corpus):
        assert not isinstance(item, ReadFailure), item.error
        ex = pipe.run(item)
        out[item.id] = (len(ex.events), len(ex.quotes))
    return out


def check_database(db: Path, expected: dict[str, tuple[int, int]]) -> None:
    """Every article exactly once, each with all its rows, fused once; SQLite integrity ok."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        ids = [r[0] for r in conn.execute("SELECT id FROM articles")]
        assert len(ids) == len(set(ids)) and set(ids) == set(expected)
        for article_id, n_events, n_quotes in conn.execute(
                "SELECT a.id, (SELECT COUNT(*) FROM events e WHERE e.article_id = a.id), "
                "(SELECT COUNT(*) FROM quotes q WHERE q.article_id = a.id) FROM articles a"):
            assert (n_events, n_quotes) == expected[article_id], article_id   # all or nothing
        assert conn.execute("SELECT COUNT(*) FROM articles WHERE fused_at IS NULL").fetchone()[0] == 0
        # each event is in exactly one incident; incidents count their sources right
        assert conn.execute("SELECT COUNT(*) FROM events").fetchone()[0] == \
            conn.execute("SELECT COUNT(*) FROM event_sources").fetchone()[0]
        assert conn.execute(
            "SELECT COUNT(*) FROM incidents i WHERE n_sources != (SELECT COUNT(DISTINCT article_id) "
            "FROM event_sources s WHERE s.incident_id = i.id)").fetchone()[0] == 0


@pytest.fixture(scope="module", autouse=True)
def light_pipeline_importable():
    sys.path.insert(0, str(HERE))
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH")]))
    yield


def test_sigkill_at_random_points_then_resume(tmp_path):
    # Load everything the child needs before forking, so the kill lands in the ingest's work.
    import eventwire.cli  # noqa: F401
    import eventwire.runner.local  # noqa: F401
    import eventwire.store  # noqa: F401
    from eventwire.ingest.language import detect_language
    detect_language("warm up the seeded language detector with enough English text " * 4)

    rnd = random.Random(SEED)
    corpus, db = tmp_path / "corpus", tmp_path / "kill.db"
    counter = [0]
    ctx = mp.get_context("fork")

    def run(**kill) -> int:
        child = ctx.Process(target=_child, args=(str(corpus), str(db)), kwargs=kill)
        child.start()
        child.join(120)
        assert child.exitcode is not None, "an ingest run hung"
        return child.exitcode

    _add_round(corpus, rnd, 0, counter)
    assert run() == 0                                  # creates the database
    _add_round(corpus, rnd, 1, counter)
    statements = ctx.Value("l", 0)
    assert run(statements=statements) == 0             # how many statements one round's ingest takes
    per_round = statements.value
    assert per_round > 10

    kills = mid_write = rounds = 0
    while kills < KILLS and rounds < 3 * KILLS:
        rounds += 1
        _add_round(corpus, rnd, rounds + 1, counter)   # new work, so every run has writes to do
        before = _count(db, "SELECT COUNT(*) FROM articles")
        if rounds % 3:     # anywhere among the run's statements: reading state, writing, fusing
            code = run(kill_at_statement=rnd.randint(1, per_round))
        else:              # between articles, while the pipeline works
            code = run(kill_at_article=rnd.randint(1, ARTICLES_PER_ROUND))
        if code == -signal.SIGKILL:
            kills += 1
            mid_write += before < _count(db, "SELECT COUNT(*) FROM articles")
        else:
            assert code == 0
    assert kills == KILLS

    assert run() == 0                                  # the resume run
    check_database(db, _expected(corpus))
    print(f"\ncrash safety: {kills} SIGKILLs in {rounds} rounds ({mid_write} after some articles "
          f"of the run were stored), {_count(db, 'SELECT COUNT(*) FROM articles')} articles "
          f"stored once each, integrity ok")


def test_two_ingests_at_once_into_one_database(tmp_path):
    """Two `eventwire ingest` processes over overlapping inputs, same SQLite file, same time."""
    rnd = random.Random(SEED + 1)
    corpus, db = tmp_path / "corpus", tmp_path / "both.db"
    counter = [0]
    for r in range(4):
        _add_round(corpus, rnd, r, counter)
    cmd = [sys.executable, "-c", "from eventwire.cli import main; main()"]
    env = dict(os.environ)
    procs = [subprocess.Popen(cmd + _ingest_args(corpus, db), env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True),
             subprocess.Popen(cmd + _ingest_args(corpus / "round98", db), env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True),
             subprocess.Popen(cmd + _ingest_args(corpus, db), env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)]
    outputs = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, outputs):
        assert p.returncode == 0, err
        assert "locked" not in err.lower() and "Traceback" not in err
    check_database(db, _expected(corpus))
    stored = [int(out.split(" stored,")[0].rsplit(" ", 1)[1]) for out, _ in outputs]
    assert sum(stored) == len(_expected(corpus))   # each article stored by exactly one writer

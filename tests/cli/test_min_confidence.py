"""--min-confidence on `events` and `export`: only incidents with a report that confident."""
import csv
import io
import json

from click.testing import CliRunner

from eventwire.cli import main
from eventwire.store import Store
from eventwire.store.testing import event, make_extraction


def _db(tmp_path):
    db = str(tmp_path / "c.db")
    store = Store(db)
    for text, place, conf in (("Gunmen attacked a bank in Quetta on Monday.", ("Quetta", "PK", 30.2, 67.0), 0.9),
                              ("A bomb exploded at a market in Peshawar on Tuesday.", ("Peshawar", "PK", 34.0, 71.6), 0.2)):
        trigger = "attacked" if "attacked" in text else "exploded"
        ex = make_extraction(text, published="2024-03-06",
                             events=[event("attack" if trigger == "attacked" else "bombing", trigger=trigger,
                                           date="2024-03-04", place=place)])
        ex.events[0].confidence = conf
        store.add_extraction(ex)
    store.fuse()
    store.close()
    return db


def test_events_and_export_keep_only_confident_incidents(tmp_path):
    db = _db(tmp_path)
    runner = CliRunner()
    every = json.loads(runner.invoke(main, ["events", "--db", db, "--format", "json"]).output)
    sure = json.loads(runner.invoke(main, ["events", "--db", db, "--format", "json",
                                           "--min-confidence", "0.5"]).output)
    assert len(every) == 2 and [r["place"] for r in sure] == ["Quetta"]
    reports = json.loads(runner.invoke(main, ["events", "--db", db, "--format", "json", "--reports",
                                              "--min-confidence", "0.5"]).output)
    assert len(reports) == 1
    out = runner.invoke(main, ["export", "--db", db, "--format", "acled", "--out", "-", "--min-confidence", "0.5"])
    assert out.exit_code == 0
    assert len(list(csv.DictReader(io.StringIO(out.output)))) == 1
    bad = runner.invoke(main, ["events", "--db", db, "--min-confidence", "2"])
    assert bad.exit_code == 2

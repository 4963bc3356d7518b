from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli import main

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus" / "articles.jsonl"
FAKE = "eventwire.store.testing:KeywordPipeline"
COMMANDS = ["ingest", "fuse", "events", "actor", "quotes", "stats", "export"]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("cli") / "corpus.db")
    result = CliRunner().invoke(main, ["ingest", str(CORPUS), "--db", path, "--workers", "1",
                                       "--pipeline", FAKE, "--no-progress"])
    assert result.exit_code == 0, result.output
    return path


def cli(*args):
    return CliRunner().invoke(main, list(args))


def test_ingest_summary_and_rerun(db):
    again = cli("ingest", str(CORPUS), "--db", db, "--workers", "1", "--pipeline", FAKE)
    assert again.exit_code == 0
    assert re.search(r"Read 31 articles in .* 0 stored, 31 already stored, 0 failed\.", again.output)
    assert "Database: 31 articles" in again.output


def test_ingest_failures_exit_1(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "a bomb went off", "published": "2019-01-01"}\n{broken\n')
    r = cli("ingest", str(bad), "--db", str(tmp_path / "x.db"), "--workers", "1", "--pipeline", FAKE)
    assert r.exit_code == 1
    assert "1 stored, 0 already stored, 1 failed." in r.output
    assert "failed: [E107]" in r.output


def test_events_table_json_csv(db):
    table = cli("events", "--db", db, "--type", "bombing", "--limit", "3")
    assert table.exit_code == 0
    header = table.output.splitlines()[0].split()
    assert header[:4] == ["id", "date", "type", "place"]
    assert len(table.output.splitlines()) == 2 + 3
    rows = json.loads(cli("events", "--db", db, "--format", "json", "--limit", "1000").output)
    assert rows and all("sources" in r for r in rows)
    stats = json.loads(cli("stats", "--db", db, "--format", "json").output)
    # every report is a source of exactly one incident
    assert sum(len(r["sources"]) for r in rows) == stats["events"] > 0
    out = cli("events", "--db", db, "--format", "csv", "--reports", "--since", "2019", "--until", "2019").output
    reports = list(csv.DictReader(io.StringIO(out)))
    assert reports and all(r["date"].startswith("2019") for r in reports)


def test_events_filters_narrow(db):
    def count(*args):
        return len(json.loads(cli("events", "--db", db, "--format", "json", "--reports",
                                  "--limit", "1000", *args).output))
    everything = count()
    assert count("--near", "24.86,67.01,10") == everything     # the test pipeline puts all in Karachi
    assert count("--near", "0,0,10") == 0
    assert count("--since", "2020-01-01") < everything
    assert count("--country", "IN") == 0
    assert count("--q", "Hazarganji") == 2          # two reports name the market


@pytest.mark.parametrize("args,message", [
    (["--near", "24.8,67"], "[E201] '24.8,67' is not a valid --near: give LAT,LON,KM, e.g. 24.86,67.01,50"),
    (["--near", "100,0,5"], "[E201] '100,0,5' is not a valid --near"),
    (["--since", "yesterday"], "[E201] 'yesterday' is not a valid --since: use YYYY-MM-DD"),
    (["--until", "2019-02-30"], "[E201] '2019-02-30' is not a valid --until: use a real date"),
])
def test_bad_filters_are_usage_errors(db, args, message):
    r = cli("events", "--db", db, *args)
    assert r.exit_code == 2
    assert r.output.startswith("Error: " + message)
    assert "Traceback" not in r.output


def test_missing_database_is_one_line(tmp_path):
    r = cli("stats", "--db", str(tmp_path / "nope.db"))
    assert r.exit_code == 4
    assert r.output.count("\n") == 1 and "[E401]" in r.output and "run `eventwire ingest" in r.output


def test_stats_actor_quotes(db, tmp_path):
    stats = json.loads(cli("stats", "--db", db, "--format", "json").output)
    assert stats["articles"] == 31 and 0 < stats["incidents"] <= stats["events"]
    assert cli("stats", "--db", db).output.startswith("articles                31")
    r = cli("actor", "Nobody At All", "--db", db)
    assert r.exit_code == 4 and r.output.startswith("Error: [E403] no actor called 'Nobody At All'")
    assert cli("quotes", "--db", db).exit_code == 0


def test_actor_dossier_and_quotes_with_real_records(tmp_path):
    from eventwire.store import Store
    from eventwire.store.testing import event, make_extraction
    path = str(tmp_path / "d.db")
    with Store(path) as s:
        s.add_extraction(make_extraction(
            "The BLA attacked. \"We did it,\" said Jeeyand Baloch, spokesman of the BLA.",
            published="2018-11-23", source="Dawn", entities=[("Jeeyand Baloch", "PERSON")],
            events=[event("attack", date="2018-11-23", place=("Karachi", "PK", 24.86, 67.01),
                          perpetrators=["BLA"])],
            quotes=[("We did it", "Jeeyand Baloch")],
            relations=[("spokesperson_of", "Jeeyand Baloch", "BLA")]))
        s.add_extraction(make_extraction(
            "Baloch Liberation Army fighters stormed the consulate in Karachi.",
            published="2018-11-24", source="AP",
            events=[event("attack", trigger="stormed", date="2018-11-23",
                          place=("Karachi", "PK", 24.86, 67.01), perpetrators=["Baloch Liberation Army"])]))
        s.fuse()
    r = cli("actor", "bla", "--db", path)
    assert r.exit_code == 0
    lines = r.output.splitlines()
    assert lines[0] == "Baloch Liberation Army (organization, ORG)"
    assert lines[1] == "  also called: BLA"
    assert lines[2] == "  seen in 2 articles, first 2018-11-23, last 2018-11-24"
    assert "    Jeeyand Baloch —spokesperson_of→ Baloch Liberation Army" in lines
    q = cli("quotes", "--db", path, "--speaker", "Jeeyand", "--format", "json")
    assert [x["text"] for x in json.loads(q.output)] == ["We did it"]


def test_export_command(db, tmp_path):
    out = tmp_path / "x.geojson"
    r = cli("export", "--db", db, "--format", "geojson", "--out", str(out))
    assert r.exit_code == 0 and re.search(r"Wrote \d+ incidents to .*x\.geojson \(geojson\)\.", r.output)
    assert json.loads(out.read_text())["type"] == "FeatureCollection"
    r = cli("export", "--db", db, "--format", "acled", "--out", "-", "--country", "PK")
    assert r.exit_code == 0 and r.output.startswith("event_id_cnty,event_date,")


def test_fuse_command(db):
    r = cli("fuse", "--db", db)
    assert r.exit_code == 0 and r.output.startswith("Fused 0 articles")


def test_every_command_is_documented_with_an_example():
    doc = (ROOT / "docs" / "corpus.md").read_text()
    for name in COMMANDS:
        assert f"eventwire {name}" in doc, name
        assert "Example:" in main.commands[name].help, name


def test_events_before_fusion_say_so(tmp_path):
    src = tmp_path / "a.jsonl"
    src.write_text('{"text": "A bomb went off in the market.", "published": "2019-01-01"}\n')
    path = str(tmp_path / "x.db")
    assert cli("ingest", str(src), "--db", path, "--workers", "1", "--pipeline", FAKE,
               "--no-fuse").exit_code == 0
    r = CliRunner().invoke(main, ["events", "--db", path])
    assert r.exit_code == 0 and "(none)" in r.stdout
    assert "not fused into incidents yet; run `eventwire fuse`" in r.stderr
    assert "bombing" in cli("events", "--db", path, "--reports").output


def test_ingest_published_dates_a_plain_text_and_refuses_a_non_date(tmp_path):
    from click.testing import CliRunner

    from eventwire.cli import main
    from eventwire.store import Store
    art = tmp_path / "report.txt"
    art.write_text("Gunmen attacked a police post in Quetta on Friday, killing three officers.\n",
                   encoding="utf-8")
    db = str(tmp_path / "d.db")
    res = CliRunner().invoke(main, ["ingest", str(art), "--db", db, "--no-progress",
                                    "--published", "2019-04-15"])
    assert res.exit_code == 0, res.output
    with Store(db) as store:
        assert [a["published"] for a in store.articles(limit=10)] == ["2019-04-15"]
        events = store.events(limit=10)
        assert any(e["date"] == "2019-04-12" for e in events), events   # the Friday before
    bad = CliRunner().invoke(main, ["ingest", str(art), "--db", str(tmp_path / "e.db"),
                                    "--published", "2019-13-45"])
    assert bad.exit_code != 0 and "E115" in bad.output

"""`eventwire code`: ACLED codes of short descriptions (TSV, JSONL, stdin) and one-line errors."""
from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from eventwire.cli import main

# written for this test
LINES = [
    "a1\tOn 4 May 2021, students protested in Nairobi against fee increases; police fired tear "
    "gas to disperse them.",
    "a2\tOn 9 June 2022, a mob lynched a man accused of stealing a goat in Kano (Kano).",
]


def run(args, stdin):
    return CliRunner().invoke(main, ["code", *args], input=stdin)


def test_tsv_from_stdin_with_a_bad_line():
    stdin = "\n".join([LINES[0], "no tab on this line", LINES[1]]) + "\n"
    r = run(["-"], stdin)
    assert r.exit_code == 1                                # one line failed, the rest went on
    assert r.stderr.strip() == ("Error: [E140] <stdin>:2: the line has no tab: give `id<TAB>text`, "
                                "or a JSON line {\"id\": ..., \"text\": ...}.")
    rows = list(csv.DictReader(io.StringIO(r.stdout), delimiter="\t"))
    assert r.stdout.split("\t", 1)[0] == "id"
    assert [x["id"] for x in rows] == ["a1", "a2"]
    assert rows[0]["acled_sub_event_type"] == "Protest with intervention"
    assert (rows[0]["inter1"], rows[0]["inter2"], rows[0]["interaction"]) == ("6", "1", "16")
    assert rows[1]["acled_event_type"] == "Riots" and rows[1]["acled_sub_event_type"] == "Mob violence"
    text = LINES[0].split("\t", 1)[1]
    s, e = int(rows[0]["evidence_start"]), int(rows[0]["evidence_end"])
    assert text[s:e] == rows[0]["evidence"] and 0 < float(rows[0]["confidence"]) <= 1


def test_jsonl_file(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": 7, "text": "On 2 March 2020, Russian warplanes carried out "
                                "airstrikes on Maarrat al-Numan (Idlib). 6 fatalities."}) + "\n"
                    + json.dumps({"id": 8}) + "\n", encoding="utf-8")
    r = run([str(path), "--format", "jsonl"], "")
    assert r.exit_code == 1 and "[E142]" in r.stderr and ":2:" in r.stderr
    out = [json.loads(x) for x in r.stdout.splitlines()]
    assert len(out) == 1 and out[0]["id"] == "7"
    assert out[0]["acled_sub_event_type"] == "Air/drone strike"
    assert out[0]["acled_event_type"] == "Explosions/Remote violence" and out[0]["cameo"] == "195"
    assert {"plover_type", "plover_mode", "gtd_attack_type", "civilian_targeting"} <= set(out[0])


def test_missing_file():
    r = run(["/nonexistent/descriptions.tsv"], "")
    assert r.exit_code == 3 and r.stderr.startswith("Error: [E112]")

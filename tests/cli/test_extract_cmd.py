"""`eventwire extract`: the seed's record, and one-line errors for bad input."""
import json

import pytest
from click.testing import CliRunner

from eventwire.cli import main


@pytest.fixture(scope="module")
def seed_cli_record(seed_path):
    result = CliRunner().invoke(main, ["extract", str(seed_path), "--published", "2018-11-27"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_seed_record_shape(seed_cli_record):
    rec = seed_cli_record
    assert set(rec) >= {"article", "entities", "events", "quotes", "relations", "dates", "places"}
    assert rec["article"]["title"].startswith("Pakistan will crack down")
    assert rec["article"]["published"] == "2018-11-27"
    text = rec["article"]["text"]
    for e in rec["entities"]:
        assert {"id", "name", "type", "mentions", "attributes"} <= set(e)
        for m in e["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"]


@pytest.mark.parametrize("name,precision,lat,lon", [
    ("Karachi", "city", 24.86, 67.01), ("Dalbandin", "city", 28.89, 64.41),
    ("Balochistan", "admin1", None, None), ("Sindh", "admin1", None, None),
    ("Pakistan", "country", None, None), ("China", "country", None, None)])
def test_seed_places(seed_cli_record, name, precision, lat, lon):
    places = [p for p in seed_cli_record["places"] if p["name"] == name]
    assert places, name
    p = places[0]
    assert p["precision"] == precision
    if lat is not None:
        assert abs(p["lat"] - lat) <= 0.5 and abs(p["lon"] - lon) <= 0.5


def test_seed_dates(seed_cli_record):
    got = {(d["value"], d["precision"]) for d in seed_cli_record["dates"]}
    assert {("2018-11-27", "day"), ("2018-11-23", "day"), ("2018-08", "month")} <= got


def test_seed_entities(seed_cli_record):
    ents = {e["name"]: e for e in seed_cli_record["entities"]}
    assert "Chinese Foreign Ministry spokesman" in ents["Geng Shuang"]["attributes"]["roles"]
    assert "BLA" in ents["Baloch Liberation Army"]["aliases"]
    for name in ("Balochistan Liberation Front", "Jeehand Baloch", "Rehan Baloch", "Aslam Baloch",
                 "Allah Nazar", "United Nations Security Council"):
        assert name in ents, name


def test_stdin_and_html(tmp_path):
    html = ("<html><head><title>Blast in Quetta</title></head><body><article><h1>Blast in Quetta</h1>"
            "<p>A bomb exploded near a police station in Quetta on Monday, killing four people, "
            "officials said. The attack was the third in the city this month, police said.</p>"
            "</article></body></html>")
    result = CliRunner().invoke(main, ["extract", "-", "--published", "2019-04-10", "--compact"], input=html)
    assert result.exit_code == 0, result.output
    rec = json.loads(result.output)
    assert "Quetta" in rec["article"]["text"] and "<p>" not in rec["article"]["text"]
    assert any(p["name"] == "Quetta" and p["country_code"] == "PK" for p in rec["places"])
    assert any(d["value"] == "2019-04-08" for d in rec["dates"])


@pytest.mark.parametrize("content,code", [
    (b"", "E101"),
    (b"   \n\t  \n", "E101"),
    (b"\x00\x01\x02binary\x00\xff" * 100, "E102"),
    (b"caf\xe9 attack in Karachi\n", "E103"),
    (b"<html><body><nav><a href='/'>Home</a></nav><footer>(c) 2020</footer></body></html>", "E105"),
])
def test_bad_input_one_line_error(tmp_path, content, code):
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    result = CliRunner().invoke(main, ["extract", str(path)])
    assert result.exit_code == 3
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: [{code}] {path}")
    assert "Traceback" not in result.output


def test_oversized_input_is_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"The attack happened in Karachi on Friday. " * 500_000)   # ≈ 21 MB
    result = CliRunner().invoke(main, ["extract", str(path)])
    assert result.exit_code == 3
    assert result.output.startswith(f"Error: [E104] {path}")
    assert len(result.output.strip().splitlines()) == 1


def test_missing_file():
    result = CliRunner().invoke(main, ["extract", "/nonexistent/article.txt"])
    assert result.exit_code == 3
    assert "[E112]" in result.output and "does not exist" in result.output


def test_lenient_reads_invalid_utf8(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("A bomb exploded in Quetta on Monday, killing four people. The café was hit.\n".encode("latin-1"))
    strict = CliRunner().invoke(main, ["extract", str(path)])
    assert strict.exit_code == 3 and "[E103]" in strict.output
    lenient = CliRunner().invoke(main, ["extract", str(path), "--lenient", "--compact"])
    assert lenient.exit_code == 0, lenient.output
    assert "caf\ufffd" in json.loads(lenient.output)["article"]["text"]


def test_multi_article_file_points_to_ingest(tmp_path):
    path = tmp_path / "dump.jsonl"
    path.write_text('{"text": "A bomb exploded in Quetta."}\n{"text": "Gunmen attacked Kabul."}\n')
    result = CliRunner().invoke(main, ["extract", str(path)])
    assert result.exit_code == 3
    assert result.output.startswith(f"Error: [E119] {path}") and "eventwire ingest" in result.output


def test_every_evidence_span_names_its_sentence(seed_cli_record):
    sentences = seed_cli_record["sentences"]
    for e in seed_cli_record["events"]:
        for m in [e["trigger"], *e["evidence"], *e["killed"]["evidence"], *e["injured"]["evidence"]]:
            s = sentences[m["sentence"]]
            assert s["start"] <= m["start"] < s["end"]

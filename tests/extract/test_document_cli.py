"""`eventwire extract --extractor incidents --min-confidence` on a text written for this test."""
import json

from click.testing import CliRunner

from eventwire.cli import main

TEXT = ("Gunmen attacked a police post in Kandahar on Monday, killing three officers. "
        "The attack was the third this month. Police said they were working to find the attackers.")


def test_min_confidence_keeps_only_confident_events(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    runner = CliRunner()
    every = runner.invoke(main, ["extract", str(path), "--published", "2024-03-06", "--extractor", "incidents"])
    assert every.exit_code == 0, every.output
    events = json.loads(every.output)["events"]
    assert events
    bar = max(e["confidence"] for e in events)
    some = runner.invoke(main, ["extract", str(path), "--published", "2024-03-06", "--extractor", "incidents",
                                "--min-confidence", str(bar)])
    kept = json.loads(some.output)["events"]
    assert kept and all(e["confidence"] >= bar for e in kept) and len(kept) <= len(events)
    bad = runner.invoke(main, ["extract", str(path), "--min-confidence", "2"])
    assert bad.exit_code == 2

"""`eventwire evaluate polnear` end to end on a tiny hand-made PolNeAR folder."""
from __future__ import annotations

import json

from click.testing import CliRunner

from eventwire.cli import main

TEXT = "Talks stall.\n\n“We will not sign,” the minister said.\n\nThe deal is dead, officials said.\n"


def _folder(tmp_path):
    src = TEXT.index("the minister")
    content = TEXT.index("We will")
    officials = TEXT.index("officials")
    dead = TEXT.index("The deal")
    ann = "\n".join([
        f"T1\tSource {src} {src + 12}\tthe minister",
        f"T2\tCue {src + 13} {src + 17}\tsaid",
        f"T3\tContent {content} {content + 17}\tWe will not sign,",
        f"T4\tAttribution {src + 13} {src + 17}\tsaid",
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        f"T5\tSource {officials} {officials + 9}\tofficials",
        f"T6\tCue {officials + 10} {officials + 14}\tsaid",
        f"T7\tContent {dead} {dead + 16}\tThe deal is dead",
        f"T8\tAttribution {officials + 10} {officials + 14}\tsaid",
        "E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5",
    ]) + "\n"
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "paper_2016-01-01_talks.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "attributions" / "paper_2016-01-01_talks_ab12.ann").write_text(ann, encoding="utf-8")
    return tmp_path


def test_polnear_command_scores_a_folder(tmp_path):
    result = CliRunner().invoke(main, ["evaluate", "polnear", "--dir", str(_folder(tmp_path)), "--json"])
    assert result.exit_code == 0, result.output
    score = json.loads(result.output)
    assert (score["gold"], score["predicted"], score["matched"], score["speaker_right"]) == (2, 2, 2, 2)
    assert score["speaker_f1"] == 1.0


def test_polnear_command_prints_the_three_lines(tmp_path):
    result = CliRunner().invoke(main, ["evaluate", "polnear", "--dir", str(_folder(tmp_path))])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1].startswith("content  P 100.0  R 100.0  F1 100.0")
    assert "speaker  accuracy on matched 100.0" in lines[2]


def test_polnear_command_missing_folder(tmp_path):
    result = CliRunner().invoke(main, ["evaluate", "polnear", "--dir", str(tmp_path / "nowhere")])
    assert result.exit_code == 5
    assert "[E502] evaluation data not found at" in result.output

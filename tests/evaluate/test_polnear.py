"""The PolNeAR scorer on hand-worked cases (no model needed)."""
from __future__ import annotations

import pytest

from eventwire.errors import DataError
from eventwire.evaluate.polnear import (GoldAttribution, Prediction, content_matches,
                                        is_saying_cue, load_polnear, parse_ann, score_document)

ANN = """T1\tSource 0 5\tSmith
T2\tCue 6 10\tsaid
T3\tContent 11 31\tthat taxes will rise
T4\tAttribution 6 10\tsaid
E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1
T5\tContent 33 40;50 60\tpart one part two
T6\tCue 41 46\tfound
T7\tSource 47 49\tit
T8\tAttribution 41 46\tfound
E2\tAttribution:T8 Cue:T6 Source:T7 Content:T5
T9\tAttribution-no-source 70 74\tsaid
T10\tCue 70 74\tsaid
T11\tContent 75 90\tsomething else
E3\tAttribution-no-source:T9 Content:T11 Cue:T10
T12\tDiscard 95 99\tjunk
"""


def test_parse_ann_reads_roles_fragments_and_scope():
    gold = parse_ann(ANN)
    assert [(g.cue, g.content, g.source, g.in_scope) for g in gold] == [
        ("said", [(11, 31)], [(0, 5)], True),
        ("found", [(33, 40), (50, 60)], [(47, 49)], False),   # not a cue of saying
        ("said", [(75, 90)], [], False),                      # no Source to score a speaker on
    ]


@pytest.mark.parametrize("cue,expected", [
    ("said", True), ("has said", True), ("According to", True), ("said in a statement", True),
    ("told", True), ("Added", True), ("found", False), ("shows", False), (":", False), ("wants", False),
])
def test_saying_cues(cue, expected):
    assert is_saying_cue(cue) is expected


def test_content_match_is_half_of_the_shorter():
    gold = [(10, 30)]                              # 20 chars
    assert content_matches((20, 100), gold)        # overlap 10 = half of 20
    assert not content_matches((21, 100), gold)    # overlap 9 < 10
    assert content_matches((12, 16), gold)         # shorter is the prediction: 4 of 4
    assert not content_matches((30, 40), gold)     # touching is not overlapping
    assert not content_matches((15, 15), gold)     # empty prediction never matches


def test_content_match_with_fragments_hand_worked():
    gold = [(10, 12), (13, 20)]                    # 9 chars in two fragments
    assert not content_matches((0, 14), gold)      # overlap 2+1=3, shorter=9 -> 6 < 9
    assert content_matches((0, 16), gold)          # overlap 2+3=5 -> 10 >= 9


def test_score_document_hand_worked():
    gold = [GoldAttribution("said", [(100, 200)], [(80, 90)]),
            GoldAttribution("told", [(300, 400)], [(410, 420)]),
            GoldAttribution("found", [(500, 600)], [(490, 495)], in_scope=False),
            GoldAttribution("said", [(700, 800)], [(690, 695)])]
    preds = [Prediction(110, 190, (85, 88)),       # matches gold 0, speaker right
             Prediction(300, 360, (0, 5)),         # matches gold 1, speaker wrong
             Prediction(520, 580, (490, 492)),     # matches out-of-scope gold 2 -> set aside
             Prediction(900, 950, (890, 895)),     # matches nothing -> false positive
             Prediction(120, 180, (85, 88))]       # second match for gold 0 -> false positive
    s = score_document(gold, preds)
    assert (s.gold, s.predicted, s.matched, s.speaker_right, s.set_aside) == (3, 4, 2, 1, 1)
    assert s.content_precision == pytest.approx(2 / 4)
    assert s.content_recall == pytest.approx(2 / 3)
    assert s.content_f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    assert s.speaker_accuracy == pytest.approx(1 / 2)
    assert s.speaker_precision == pytest.approx(1 / 4)
    assert s.speaker_recall == pytest.approx(1 / 3)
    strict = score_document(gold, preds, strict=True)
    assert (strict.predicted, strict.set_aside) == (5, 0)


def test_one_to_one_prefers_the_larger_overlap():
    gold = [GoldAttribution("said", [(0, 100)], [(200, 205)]),
            GoldAttribution("said", [(90, 150)], [(210, 215)])]
    # the prediction overlaps gold 0 by 10 (of 10, the shorter) and gold 1 by 0 -> gold 0
    s = score_document(gold, [Prediction(90, 100, (210, 212))])
    assert (s.matched, s.speaker_right) == (1, 0)
    # overlaps gold 0 by 10 and gold 1 by 40: the larger wins, and its speaker is right
    s = score_document(gold, [Prediction(90, 140, (210, 212))])
    assert (s.matched, s.speaker_right) == (1, 1)


def test_missing_speaker_is_never_right():
    gold = [GoldAttribution("said", [(0, 10)], [(20, 25)])]
    s = score_document(gold, [Prediction(0, 10, None)])
    assert (s.matched, s.speaker_right) == (1, 0)


def test_load_polnear_pairs_annotations_with_texts(tmp_path):
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "paper_2016-01-01_story.txt").write_text("x" * 120)
    (tmp_path / "attributions" / "paper_2016-01-01_story_ab12.ann").write_text(ANN)
    (tmp_path / "attributions" / "paper_2016-01-01_story_cd34.ann").write_text(ANN)
    docs = load_polnear(tmp_path)
    assert [d.name for d in docs] == ["paper_2016-01-01_story_ab12", "paper_2016-01-01_story_cd34"]
    assert docs[0].text_path == tmp_path / "text" / "paper_2016-01-01_story.txt"


def test_load_polnear_missing_folder_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match=r"\[E502\]"):
        load_polnear(tmp_path / "nowhere")


def test_interrupted_prediction_scores_its_parts():
    # gold: “A,” he said. “B.” as one attribution of two fragments
    gold = [GoldAttribution("said", [(1, 11), (30, 50)], [(14, 16)])]
    whole = Prediction(1, 50, (14, 16))                          # the extent: 49 chars
    parts = Prediction(1, 50, (14, 16), parts=[(1, 11), (30, 50)])
    assert content_matches(whole.content, gold[0].content)       # 30 of the shorter 30
    assert content_matches(parts.content, gold[0].content)
    # a stretch between the parts does not count as overlap
    assert not content_matches([(11, 30)], gold[0].content)
    s = score_document(gold, [parts])
    assert (s.matched, s.speaker_right) == (1, 1)

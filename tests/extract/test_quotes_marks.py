"""The quote-mark scanner: any marks, unbalanced marks, paragraphs (no model needed)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.extract.quotes import quoted_spans


def words(text: str) -> list[str]:
    return [text[q.start:q.end] for q in quoted_spans(text)]


def test_curly_straight_single_and_guillemets():
    text = ('“Curly one,” he said. "Straight two," she said. ‘Single three,’ they said. '
            '«Guillemet four» and „low five“ too.')
    assert words(text) == ["Curly one,", "Straight two,", "Single three,", "Guillemet four", "low five"]


def test_apostrophes_do_not_open_or_close_single_quotes():
    text = "BLA’s chief said their ‘fight against Pakistan and China’s occupation will continue’. It's over."
    assert words(text) == ["fight against Pakistan and China’s occupation will continue"]


def test_straight_apostrophes_are_not_quotes():
    assert words("The group's leader didn't say. In the '90s rock 'n roll wasn't a quote.") == []


def test_quote_continues_into_a_paragraph_that_opens_with_a_mark():
    text = "“First paragraph of the statement.\n“Second paragraph ends it,” he said.\nNext."
    (q,) = quoted_spans(text)
    assert text[q.start:q.end] == "First paragraph of the statement.\n“Second paragraph ends it,"
    assert q.closed


def test_unclosed_quote_stops_at_the_paragraph_end():
    text = "He said “this never closes.\nThe rest of the article is not a quote.\n“But this is,” she said."
    spans = quoted_spans(text)
    assert words(text) == ["this never closes.", "But this is,"]
    assert not spans[0].closed and spans[1].closed


def test_unclosed_quote_at_the_end_of_the_text():
    (q,) = quoted_spans("Last words: “and then")
    assert (q.closed, "Last words: “and then"[q.start:q.end]) == (False, "and then")


def test_nested_quotes_stay_inside_the_outer_quote():
    text = "“He called it ‘a disgrace’ and ‘a shame’,” she said. ‘Then “this” one’ too."
    assert words(text) == ["He called it ‘a disgrace’ and ‘a shame’,", "Then “this” one"]


def test_nested_double_curly_quotes_balance():
    assert words("“Outer “inner” outer,” he said.") == ["Outer “inner” outer,"]


def test_single_quote_left_open_does_not_hide_a_later_double_quote():
    text = "The ‘so-called plan. Later “a real quote” appeared."
    assert words(text) == ["a real quote"]


def test_empty_and_punctuation_only_quotes_are_dropped():
    assert words('He said "" and “…” and “ ” then') == []


def test_inch_marks_and_stray_closers_are_ignored():
    assert words('A 5" screen” and a stray ” mark') == []


MARKS = "“”‘’\"'«»„\n .,aZ’s"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=MARKS, max_size=300))
def test_scanner_never_crashes_and_spans_are_sane(text):
    spans = quoted_spans(text)
    last_end = -1
    for q in spans:
        assert 0 <= q.open_at < q.start < q.end <= len(text)
        assert q.start >= last_end                       # ordered, never overlapping
        last_end = q.end
        inner = text[q.start:q.end]
        # a quote crosses a paragraph only when the next paragraph opens with its mark
        for k, ch in enumerate(inner):
            if ch == "\n":
                rest = inner[k:].lstrip()
                assert rest[:1] == q.mark


def test_curly_opener_with_a_straight_closer():
    text = '“We’re going to build a wall," he said. "It’s going to be built.”'
    assert words(text) == ["We’re going to build a wall,", "It’s going to be built."]


def test_straight_quote_nested_in_curly_quote_waits_for_the_curly_closer():
    assert words('“He said "no" to me,” she said.') == ['He said "no" to me,']


def test_double_apostrophes_are_double_quotes():
    text = "''We need Chapter 9,'' said Ms. Acosta. ''Give us the tool.'' It's the '90s."
    assert words(text) == ["We need Chapter 9,", "Give us the tool."]

"""Property-based tests (hypothesis) over the text-level extractors that need no spaCy model.

Derandomized, with fixed example counts, so CI runs the same cases every time; the counts
are the ``max_examples`` below (reported in docs/bad-input.md).
"""
from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from eventwire.extract.quotes import quoted_spans
from eventwire.nlp.dates import MONTHS, WEEKDAYS, normalize

CASES = settings(derandomize=True, deadline=None, max_examples=400,
                 suppress_health_check=[HealthCheck.too_slow])

published_dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
month_names = st.sampled_from(sorted(MONTHS))
weekday_names = st.sampled_from(sorted(WEEKDAYS))
# Words date expressions are built from, plus noise, so the generator finds real expressions.
date_words = st.one_of(month_names, weekday_names,
                       st.integers(0, 40).map(str), st.integers(1890, 2110).map(str),
                       st.sampled_from(["on", "last", "next", "this", "in", "early", "late", "mid",
                                        "ago", "days", "weeks", "months", "years", "day", "week",
                                        "month", "year", "yesterday", "today", "the", "of", ",",
                                        "/", "-", ".", "earlier this year in", "since", "a"]),
                       st.text(max_size=6))
expressions = st.lists(date_words, min_size=1, max_size=6).map(" ".join)


def _check_value(value: str, precision: str) -> None:
    if precision in ("day", "week"):
        dt.date.fromisoformat(value)
    elif precision == "month":
        assert re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value), value
    elif precision == "year":
        assert re.fullmatch(r"\d{4}", value), value
    elif precision == "day-no-year":          # "on April 21" with no publication date
        assert re.fullmatch(r"--(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])", value), value
    else:
        raise AssertionError(f"unknown precision {precision!r}")


@CASES
@given(expressions, st.one_of(st.none(), published_dates.map(dt.date.isoformat)))
def test_normalize_never_raises_and_values_match_precision(expression, published):
    result = normalize(expression, published)
    if result is not None:
        value, precision, confidence = result
        _check_value(value, precision)
        assert 0.0 <= confidence <= 1.0


@pytest.mark.parametrize("expression,published", [
    ("99999999 days ago", "2018-11-27"),     # hostile text: past the calendar's first day
    ("next Friday", "9999-12-31"),           # past its last day
    ("3000 years ago", "2018-11-27"),        # year 0 and before are not ISO years
    ("5000 months ago", "2018-11-27"),
])
def test_normalize_out_of_calendar_offsets(expression, published):
    result = normalize(expression, published)
    if result is not None:
        _check_value(*result[:2])


@CASES
@given(published_dates, weekday_names)
def test_on_weekday_is_the_latest_such_day_on_or_before_publication(base, weekday):
    value, precision, _ = normalize(f"on {weekday}", base.isoformat())
    day = dt.date.fromisoformat(value)
    assert precision == "day"
    assert day.weekday() == WEEKDAYS[weekday] and base - dt.timedelta(days=6) <= day <= base


@CASES
@given(published_dates, st.integers(1, 60))
def test_days_ago(base, n):
    value, precision, _ = normalize(f"{n} days ago", base.isoformat())
    assert (value, precision) == ((base - dt.timedelta(days=n)).isoformat(), "day")


@CASES
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)), published_dates,
       st.sampled_from(["{d} {month} {y}", "{month} {d}, {y}", "{d}th of {month} {y}"]))
def test_explicit_full_dates_are_exact(day, base, form):
    month = dt.date(2000, day.month, 1).strftime("%B")
    expr = form.format(d=day.day, month=month, y=day.year)
    assert normalize(expr, base.isoformat())[:2] == (day.isoformat(), "day")


# --- quotes ---------------------------------------------------------------------------------
QUOTE_MARKS = "“”„«»‹›‘’\"'「」"
quote_text = st.lists(st.sampled_from(list(QUOTE_MARKS) + list("ab .,\n") + ["China’s", " said "]),
                      max_size=120).map("".join)
mixed_text = st.text(max_size=400)


def _check_spans(text: str) -> None:
    spans = quoted_spans(text)
    prev_end = -1
    for q in spans:
        assert 0 <= q.open_at and q.open_at + len(q.mark) <= q.start <= q.end <= len(text)
        assert text.startswith(q.mark, q.open_at)          # marks may be two characters: ''
        assert text[q.start:q.end].strip() == text[q.start:q.end] and text[q.start:q.end]
        if q.close_at is not None:
            assert q.end <= q.close_at < len(text) and text[q.close_at] in QUOTE_MARKS
            assert q.outer_end <= len(text)
        assert q.open_at >= prev_end, "quoted spans overlap"
        prev_end = q.outer_end


@CASES
@given(quote_text)
@example("“" * 50)
@example("“He said the attack would not go unpunished.\n\nOfficials agreed.")
@example("'a " * 250)
@example("‘a" * 400 + " end")
def test_quoted_spans_inside_text_and_disjoint(text):
    _check_spans(text)


@CASES
@given(mixed_text)
def test_quoted_spans_any_unicode(text):
    _check_spans(text)


# --- numbers (casualty counts) ----------------------------------------------------------------
from eventwire.extract.casualties import parse_number  # noqa: E402

_UNIT_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
               "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TEN_WORDS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def _words(n: int) -> str:
    """English words for 0 <= n < 1,000,000 ("three thousand two hundred and one")."""
    if n < 20:
        return _UNIT_WORDS[n]
    if n < 100:
        return _TEN_WORDS[n // 10] + ("" if n % 10 == 0 else "-" + _UNIT_WORDS[n % 10])
    if n < 1000:
        rest = n % 100
        return _UNIT_WORDS[n // 100] + " hundred" + ("" if rest == 0 else " and " + _words(rest))
    rest = n % 1000
    return _words(n // 1000) + " thousand" + ("" if rest == 0 else " " + _words(rest))


@CASES
@given(st.integers(0, 10 ** 9))
def test_parse_number_digits(n):
    assert parse_number(str(n)) == (n, n, n)
    assert parse_number(f"{n:,}") == (n, n, n)


@CASES
@given(st.integers(0, 999_999))
@example(3200)
def test_parse_number_words(n):
    assert parse_number(_words(n)) == (n, n, n), _words(n)


@CASES
@given(st.one_of(st.text(max_size=40),
                 st.lists(st.sampled_from(_UNIT_WORDS + _TEN_WORDS[2:] + ["hundred", "thousand", "and",
                                                                          "a", "dozens", "-", ","]),
                          max_size=8).map(" ".join),
                 st.integers(0, 10 ** 400).map(str)))
@example("9" * 400)
def test_parse_number_never_raises_and_is_ordered(words):
    result = parse_number(words)
    if result is not None:
        low, best, high = result
        assert 0 <= low <= best <= high

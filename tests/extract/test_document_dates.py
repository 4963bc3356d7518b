"""Dates in texts with no publication date keep month and day (issue 12)."""
from eventwire.nlp.dates import normalize


def test_month_day_without_a_publication_date_keeps_the_day_with_the_year_unknown():
    assert normalize("on April 21", None) == ("--04-21", "day-no-year", 0.8)
    assert normalize("21 March", None)[:2] == ("--03-21", "day-no-year")
    assert normalize("February 29", None)[0] == "--02-29"
    assert normalize("February 30", None) is None


def test_with_a_publication_date_or_a_year_the_day_is_resolved():
    assert normalize("on April 21", "2020-05-01")[:2] == ("2020-04-21", "day")
    assert normalize("April 21, 2013", None)[:2] == ("2013-04-21", "day")

import pytest

from eventwire.nlp.dates import normalize

BASE = "2018-11-27"   # a Tuesday


@pytest.mark.parametrize("expr,value,precision", [
    ("on Tuesday", "2018-11-27", "day"),
    ("last Tuesday", "2018-11-20", "day"),
    ("Saturday night", "2018-11-24", "day"),
    ("Friday 23 November", "2018-11-23", "day"),
    ("Nov. 23", "2018-11-23", "day"),
    ("November 23, 2018", "2018-11-23", "day"),
    ("23rd of November 2018", "2018-11-23", "day"),
    ("2018-11-23", "2018-11-23", "day"),
    ("23/11/2018", "2018-11-23", "day"),
    ("Earlier this year in August", "2018-08", "month"),
    ("in December", "2017-12", "month"),
    ("next month", None, None),
    ("last month", "2018-10", "month"),
    ("March 2015", "2015-03", "month"),
    ("mid-August", "2018-08", "month"),
    ("yesterday", "2018-11-26", "day"),
    ("three days ago", "2018-11-24", "day"),
    ("last year", "2017", "year"),
    ("in 2014", "2014", "year"),
    ("since 2009", "2009", "year"),
    ("the 1990s", None, None),
    ("two years", None, None),
])
def test_normalize_against_publication_date(expr, value, precision):
    got = normalize(expr, BASE)
    if value is None and expr != "next month":
        assert got is None
    elif expr == "next month":
        assert got is not None and got[0] == "2018-12"
    else:
        assert got is not None, expr
        assert got[:2] == (value, precision)


def test_day_before_publication_year_boundary():
    # "December 30" read in a January article is last year's.
    assert normalize("December 30", "2019-01-03")[:2] == ("2018-12-30", "day")


def test_contradicting_weekday_lowers_confidence():
    good = normalize("Friday 23 November", BASE)
    bad = normalize("Monday 23 November", BASE)
    assert good[0] == bad[0] == "2018-11-23"
    assert bad[2] < good[2]


def test_no_publication_date_keeps_absolute_dates_only():
    assert normalize("on Tuesday", None) is None
    assert normalize("November 23, 2018", None)[:2] == ("2018-11-23", "day")


@pytest.mark.parametrize("expression", ["0640", "at 0300", "0930 gmt", "2300"])
def test_clock_times_are_not_years(expression):
    assert normalize(expression, "1990-01-01") is None


def test_plain_years_still_are():
    assert normalize("in 1989", "1990-01-01") == ("1989", "year", 1.0)


@pytest.mark.parametrize("expr, published, value", [
    ("at the weekend", "2017-10-16", "2017-10-14"),      # a Monday's story: the Saturday before
    ("over the weekend", "2017-10-14", "2017-10-14"),    # published on the Saturday itself
    ("last weekend", "2017-10-18", "2017-10-14"),
])
def test_the_weekend_is_the_saturday_and_sunday_before(expr, published, value):
    assert normalize(expr, published)[:2] == (value, "range")

"""Which of a sentence's dates dates the event (team-written sentences)."""
from eventwire.model import Article
from eventwire.pipeline import Pipeline


def _date(text, published):
    events = [e for e in Pipeline.default().run(Article(text=text, id="t", published=published)).events
              if e.type in ("attack", "bombing", "kidnapping", "armed_clash", "suicide_attack")]
    return events[0].date.value if events else None


def test_a_day_that_comes_after_the_attack_does_not_date_it():
    """"were missing on Saturday after gunmen stormed …": Saturday dates the missing."""
    text = ("Dozens of pupils were missing on Saturday after gunmen stormed a boarding school in "
            "Kankara late on Friday, police said.")
    assert _date(text, "2020-12-12") == "2020-12-11"


def test_an_admission_dates_the_admission_not_the_attack():
    text = ("The interior minister admitted on Thursday that mistakes were made. The gunman killed "
            "four people in the city centre on Monday evening.")
    assert _date(text, "2020-11-05") != "2020-11-05"


def test_the_weekend_of_a_mondays_story():
    text = "More than 300 people were killed in the truck bombing at a crowded junction at the weekend, officials said on Monday."
    assert _date(text, "2017-10-16") == "2017-10-14"

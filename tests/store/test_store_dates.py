"""Dates of every precision the nlp layer makes are stored on both backends."""
from eventwire.store.testing import event, make_extraction


def test_a_month_and_day_without_a_year_is_stored(store):
    # "on April 21" in a text with no publication date: '--04-21', precision day-no-year
    # (11 characters: PostgreSQL refused it while the column was VARCHAR(10))
    ex = make_extraction("Gunmen attacked a police post on April 21.",
                         events=[event("attack", trigger="attacked", date="--04-21", precision="day-no-year")])
    assert store.add_extraction(ex) is True
    store.fuse()
    rows = store.events(limit=5)
    assert [(r["date"], r["date_precision"]) for r in rows] == [("--04-21", "day-no-year")]

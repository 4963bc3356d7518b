"""Fusion is bounded: a block of one week and one country cannot swallow unrelated incidents
(distinct places, victims or tolls keep them apart), and a report is scored only against the
incidents it shares an anchor with."""
from __future__ import annotations

import pytest

from eventwire.dates import date_span
from eventwire.fuse.events import EventKey, IncidentIndex, pair_score
from eventwire.store.testing import attack_feed, temp_store


def _keys(feed) -> list[EventKey]:
    """The feed's reports as fusion sees them (actors numbered by name)."""
    ids: dict[str, int] = {}
    out = []
    for ex in feed:
        e, loc = ex.events[0], ex.events[0].location
        start, end = date_span(e.date.value, e.date.precision)
        out.append(EventKey(
            id=f"{ex.article.id}:{e.id}", article_id=ex.article.id, family="violence", type=e.type,
            date_start=start, date_end=end, dated=True, country_code=loc.country_code, place=loc.name,
            admin1=loc.admin1, geo_precision=loc.precision, lat=loc.lat, lon=loc.lon,
            perpetrators={ids.setdefault(a.name, len(ids) + 1) for a in e.perpetrators},
            others={ids.setdefault(a.name, len(ids) + 1) for a in e.victims}, killed=e.killed.best))
    return out


def _fuse(keys: list[EventKey], *, count: bool = False, bound: int | None = None,
          counted: slice = slice(None)) -> tuple[dict[int, int], int]:
    """Incident sizes; with ``count``, also how many candidates the ``counted`` reports were
    scored against. ``bound``: the index's ``weak_anchor_max`` (None: the shipped setting)."""
    index, sizes, scored = IncidentIndex(weak_anchor_max=bound), {}, 0
    counting = set(range(len(keys))[counted])
    for n, key in enumerate(keys):
        if count and n in counting:
            scored += len(index.candidates(key))
        incident, _ = index.match(key)
        if incident is None:
            incident = len(sizes)
        sizes[incident] = sizes.get(incident, 0) + 1
        index.add(incident, key)
    return sizes, scored


def key(**kw) -> EventKey:
    base = dict(id="x", article_id="a", family="violence", type="attack", date_start="2021-03-02",
                date_end="2021-03-02", dated=True, country_code="PK", geo_precision="city")
    base.update(kw)
    return EventKey(**base)


def test_distinct_places_victims_and_tolls_keep_reports_apart():
    group = {7}
    # two towns of different names, one not on the map, the same group and day: two attacks
    assert pair_score(key(place="Town A", perpetrators=group, lat=30.1, lon=67.0),
                      key(article_id="b", place="Town B", perpetrators=group)) is None
    # two provinces
    assert pair_score(key(place="Province 1", admin1="Province 1", geo_precision="admin1", perpetrators=group),
                      key(article_id="b", place="Province 2", admin1="Province 2", geo_precision="admin1",
                          perpetrators=group)) is None
    # the country only, the same group: other tolls, other victims or two days apart part them
    country = dict(place="Pakistan", geo_precision="country", perpetrators=group)
    assert pair_score(key(killed=3, **country), key(article_id="b", killed=3, **country)) >= 3
    assert pair_score(key(killed=3, **country), key(article_id="b", killed=9, **country)) is None
    assert pair_score(key(killed=20, **country), key(article_id="b", killed=26, **country)) >= 3  # drift
    assert pair_score(key(others={1}, **country), key(article_id="b", others={2}, **country)) is None
    assert pair_score(key(**country), key(article_id="b", date_start="2021-03-05", date_end="2021-03-05",
                                          **country)) is None
    # within one town the tolls grow as reports come in: still one incident
    town = dict(place="Quetta", lat=30.18, lon=66.97)
    assert pair_score(key(killed=16, **town), key(article_id="b", killed=21, others={3}, **town)) >= 3


@pytest.mark.parametrize("bound", [0, None])      # no bound on crowded anchors; the shipped one
def test_a_10000_attack_feed_is_not_swallowed(bound):
    sizes, _ = _fuse(_keys(attack_feed(10_000)), bound=bound)
    assert len(sizes) > 1_000, len(sizes)
    # the largest: reports of one group the same days, placed only in the country, tolls that
    # agree (measured 45 of 10,000; before this change one incident took them all)
    assert max(sizes.values()) < 100, max(sizes.values())


def test_a_report_is_scored_against_its_anchors_not_the_block():
    keys = _keys(attack_feed(2_000))
    sizes, scored = _fuse(keys, count=True, bound=0)
    # 2,000 attacks in one week and country: each report meets a few dozen incidents that share
    # an anchor with it, not the ~1,300 of the block
    assert scored / len(keys) < 60, scored / len(keys)
    assert len(sizes) > 1_000


def test_the_candidates_of_a_report_do_not_grow_with_its_week():
    """Issue 15: with the bound on crowded weak anchors, the last 1,000 reports of a week of
    10,000 attacks meet about as many incidents as the first 1,000 (without it: 94 a report
    against 7, docs/fusion.md)."""
    keys = _keys(attack_feed(10_000))
    _, first = _fuse(keys[:1_000], count=True)
    _, last = _fuse(keys, count=True, counted=slice(9_000, None))
    assert first / 1_000 < 10, first / 1_000
    assert last / 1_000 < 3 * first / 1_000, (first / 1_000, last / 1_000)    # measured 5.6, 11.6
    _, unbounded = _fuse(keys, count=True, bound=0, counted=slice(9_000, None))
    assert unbounded > 5 * last, (unbounded, last)


def test_a_weak_anchor_shared_by_a_crowd_ties_a_report_to_none_of_them():
    """A report placed only in the country, naming a group, matches one of the group's attacks
    of that day (perpetrator 2 + day 2 + country 0.5); when more than ``weak_anchor_max`` of
    them share that anchor, nothing tells which one it is about, and it joins none."""
    bound = 5
    report = key(id="r", article_id="r", place="Pakistan", geo_precision="country", perpetrators={7})
    for n_attacks, joins in ((bound, True), (bound + 1, False)):
        index = IncidentIndex(weak_anchor_max=bound)
        for i in range(n_attacks):   # towns the gazetteer lacks, each its own attack
            index.add(i, key(id=f"t{i}", article_id=f"a{i}", place=f"Town {i}", perpetrators={7}))
        assert len(index.members) == n_attacks
        incident, score = index.match(report)
        assert (incident is not None) == joins, (n_attacks, incident, score)
        assert index.crowded_out == (0 if joins else n_attacks)
        # the reference scan leaves them out too, and a town in common is no weak anchor
        assert index.match(report, exhaustive=True) == (incident, score)
        town = key(id="s", article_id="s", place="Town 0", perpetrators={7})
        assert index.match(town)[0] == 0


def test_the_store_keeps_a_feed_of_distinct_attacks_apart():
    feed = attack_feed(1_000, seed=3)
    with temp_store() as store:
        for ex in feed:
            store.add_extraction(ex)
        store.fuse()
        stats = store.stats()
        largest = store.read(lambda c: c.exec_driver_sql("select max(n_sources) from incidents").scalar())
    assert stats["incidents"] > 600, stats
    assert largest <= 10, largest

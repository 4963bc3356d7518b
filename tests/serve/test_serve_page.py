"""The web page in real headless Chromium, over the seed + 30-article corpus read by the pipeline.

Screenshots of every page go to test-artifacts/serve/.
"""
from __future__ import annotations

import re

import httpx
import pytest
from serve_data import ARTIFACTS, SQL_TITLE, XSS_TEXT_PIECES

pytestmark = pytest.mark.browser

READY_MS = 60_000   # generous: CI machines are shared and slow at times


def goto(page, hash_route: str) -> None:
    """Open a route of the page and wait until the app says the view finished loading."""
    page.goto(page.base + "/" + hash_route)
    page.wait_for_selector(f'body[data-ready="{hash_route}"]', state="attached", timeout=READY_MS)


def navigate(page, hash_route: str) -> None:
    page.evaluate("h => { location.hash = h; }", hash_route)
    page.wait_for_selector(f'body[data-ready="{hash_route}"]', state="attached", timeout=READY_MS)


def test_filter_by_bla_shows_the_karachi_marker(page):
    goto(page, "#/")
    page.fill("#f-actor", "BLA")
    page.click("#f-apply")
    page.wait_for_selector('body[data-ready="#/?actor=BLA"]', state="attached", timeout=READY_MS)
    rows = page.locator("#events-table tbody tr[data-event]")
    assert rows.count() >= 1, "no event for actor BLA"
    markers = page.locator("path.incident-marker, .incident-cluster")
    assert markers.count() >= 1
    karachi = page.locator('path.incident-marker[data-place*="Karachi"]')
    if karachi.count() == 0:
        # incidents at one place are clustered (issue 16): a click on the cluster spreads them out
        page.locator('.incident-cluster:has([data-places*="Karachi"])').first.click()
        karachi.first.wait_for(state="attached", timeout=READY_MS)
    assert karachi.count() >= 1, [markers.nth(i).get_attribute("data-place") for i in range(markers.count())]
    # the world outline is drawn from world-atlas: the map needs no tile server
    assert page.locator(".leaflet-overlay-pane path:not(.incident-marker)").count() > 50
    assert page.locator(".leaflet-tile").count() == 0
    # the timeline has bars
    assert page.locator("#timeline rect.bar").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "events-bla.png"), full_page=True)
    karachi.first.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=READY_MS)
    assert "Karachi" in popup.inner_text()
    page.wait_for_function("() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'")
    page.screenshot(path=str(ARTIFACTS / "events-bla-popup.png"))
    # the popup opens the incident: the fused record and each report of it
    incident = popup.locator(".popup-open a")
    href = incident.get_attribute("href")
    incident_id = int(href.rsplit("/", 1)[1])
    incident.click()
    page.wait_for_selector(f'body[data-ready="{href}"]', state="attached", timeout=READY_MS)
    assert "Karachi" in page.locator("#incident-title").inner_text()
    reports = page.locator("#incident-events tbody tr")
    api = httpx.get(page.base + f"/api/incidents/{incident_id}").json()
    assert reports.count() == len(api["events"]) >= 2       # the corpus reports it several times
    page.screenshot(path=str(ARTIFACTS / "incident-karachi.png"), full_page=True)


def test_killed_count_links_to_its_highlighted_evidence(page):
    goto(page, "#/?actor=BLA")
    killed_links = page.locator('#events-table tbody td.num a.ev')
    assert killed_links.count() >= 1, "no killed/injured count with evidence in the BLA events"
    href = killed_links.first.get_attribute("href")
    assert re.match(r"^#/article/[0-9a-f]+\?span=\d+-\d+$", href), href
    killed_links.first.click()
    page.wait_for_selector(f'body[data-ready="{href}"]', state="attached", timeout=READY_MS)
    start, end = (int(x) for x in href.split("span=")[1].split("-"))
    focus = page.locator("#article-text mark.focus")
    assert focus.count() >= 1
    # the focused pieces are exactly the linked span, and it is the count's evidence
    assert int(focus.first.get_attribute("data-start")) == start
    assert int(focus.last.get_attribute("data-end")) == end
    labels = focus.first.get_attribute("data-labels").split()
    assert "killed" in labels or "injured" in labels
    assert focus.first.is_visible()
    # legend names every kind highlighted, killed among them
    legend = page.locator("#legend").inner_text()
    assert "killed" in legend and "perpetrator" in legend
    page.screenshot(path=str(ARTIFACTS / "article-evidence.png"))


def test_seed_article_highlights_the_killed_count(page):
    goto(page, "#/articles")
    stored = httpx.get(page.base + "/api/stats").json()["articles"]
    assert page.locator("#articles-table tbody tr").count() == min(50, stored)
    page.screenshot(path=str(ARTIFACTS / "articles.png"), full_page=True)
    link = page.get_by_role("link", name=re.compile("consulate attack- China"))
    href = link.first.get_attribute("href")
    link.first.click()
    page.wait_for_selector(f'body[data-ready="{href}"]', state="attached", timeout=READY_MS)
    killed = page.locator('#article-text mark[data-labels~="killed"]')
    assert killed.count() >= 1, "no killed-count evidence highlighted in the seed article"
    texts = killed.all_inner_texts()
    assert any(re.search(r"\d|one|two|three|four|five|six|seven|eight|nine|ten|dozen", t, re.I) for t in texts), texts
    # each extracted event's fields in the side panel link to spans that exist in the text
    for href in page.locator("#article-events a.ev").evaluate_all("els => els.map(e => e.getAttribute('href'))"):
        span = href.split("span=")[1]
        assert page.locator(f"#span-{span}").count() == 1, href
    page.screenshot(path=str(ARTIFACTS / "article-seed.png"), full_page=True)


def test_actor_page_shows_aliases_ties_events_and_quotes(page):
    goto(page, "#/actors?q=liberation")
    names = page.locator("#actors-table tbody td:first-child a").all_inner_texts()
    api = httpx.get(page.base + "/api/actors", params={"q": "liberation"}).json()["items"]
    assert names and names == [a["name"] for a in api]
    page.screenshot(path=str(ARTIFACTS / "actors.png"), full_page=True)
    goto(page, "#/actor/BLA")
    name = page.locator("#actor-name").inner_text()
    assert name and "not" not in name.lower()
    assert page.locator("#actor-error").is_hidden()
    assert page.locator("#actor-events tbody tr").count() >= 1
    assert page.locator("#actor-graph svg").count() == 1
    page.screenshot(path=str(ARTIFACTS / "actor-bla.png"), full_page=True)
    # a speaker's dossier lists their quotes
    goto(page, "#/quotes")
    speakers = page.locator("#quotes-list .quote-meta a[href^='#/actor/']")
    assert speakers.count() >= 1
    page.screenshot(path=str(ARTIFACTS / "quotes.png"), full_page=True)
    href = speakers.first.get_attribute("href")
    speakers.first.click()
    page.wait_for_selector(f'body[data-ready="{href}"]', state="attached", timeout=READY_MS)
    assert page.locator("#actor-quotes blockquote").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "actor-speaker.png"), full_page=True)


def test_actor_types_on_the_list_and_the_dossier(page):
    """The fused actor's ACLED type (issue 13): in the list, filtered by the form, and in the
    dossier with its confidence and votes."""
    typed = httpx.get(page.base + "/api/actors/BLA").json()["typing"]
    assert typed and typed["inter"] == 2
    goto(page, "#/actor/BLA")
    line = page.locator("#actor-typing").inner_text()
    assert line.startswith("2 Rebel groups") and f"of {typed['mentions']} mention" in line
    goto(page, "#/actors")
    page.select_option("#a-inter", "2")
    page.locator("#actor-search button[type=submit]").click()
    page.wait_for_selector('body[data-ready^="#/actors?"]', state="attached", timeout=READY_MS)
    types = page.locator("#actors-table tbody td.actor-type").all_inner_texts()
    api = httpx.get(page.base + "/api/actors", params={"inter": "2"}).json()["items"]
    assert types and len(types) == len(api) and all(t.startswith("2 Rebel groups") for t in types)
    page.screenshot(path=str(ARTIFACTS / "actors-rebels.png"), full_page=True)


def test_hostile_article_renders_as_text_and_runs_nothing(page):
    goto(page, "#/?q=Militants")
    assert page.locator("#events-table tbody tr[data-event]").count() >= 1
    body = page.locator("body").inner_text()
    assert XSS_TEXT_PIECES["script"] + " Front" in body           # the name, shown as text
    page.screenshot(path=str(ARTIFACTS / "hostile-events.png"), full_page=True)
    # open the hostile article from the table
    link = page.locator("#events-table td.source a", has_text=SQL_TITLE[:20]).first
    href = link.get_attribute("href")
    link.click()
    page.wait_for_selector(f'body[data-ready="{href}"]', state="attached", timeout=READY_MS)
    assert page.locator("#article-title").inner_text().startswith(SQL_TITLE)
    text = page.locator("#article-text").inner_text()
    for payload in ("script", "img", "js", "svg", "speaker"):
        assert XSS_TEXT_PIECES[payload] in text
    assert "javascript:" in page.locator("#article-meta").inner_text()   # the url, as text
    page.screenshot(path=str(ARTIFACTS / "hostile-article.png"), full_page=True)
    # its actor's dossier and the quotes list carry the payloads too
    navigate(page, "#/quotes")
    navigate(page, "#/actors")
    goto(page, "#/actor/" + page.evaluate("encodeURIComponent", XSS_TEXT_PIECES["script"] + " Front"))
    assert page.locator("#actor-name").inner_text() == XSS_TEXT_PIECES["script"] + " Front"
    assert page.locator("#actor-events tbody tr").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "hostile-actor.png"), full_page=True)
    # nothing ran, nothing was parsed into markup
    assert page.evaluate("typeof window.__xss") == "undefined"
    found = page.evaluate("""() => ({
        inlineScripts: [...document.scripts].filter(s => !s.src).length,
        handlers: [...document.querySelectorAll('*')].filter(e =>
            [...e.attributes].some(a => a.name.startsWith('on'))).length,
        imgs: document.querySelectorAll('img[src="x"], svg[onload], b[onmouseover]').length,
        jsLinks: [...document.querySelectorAll('a[href]')].filter(a =>
            a.getAttribute('href').trim().toLowerCase().startsWith('javascript')).length,
    })""")
    assert found == {"inlineScripts": 0, "handlers": 0, "imgs": 0, "jsLinks": 0}


def test_sql_fragments_in_search_are_just_words(page):
    goto(page, "#/")
    total_before = page.locator("#events-count").inner_text()
    page.fill("#f-q", "'; DROP TABLE events; --")
    page.click("#f-apply")
    page.wait_for_function("() => document.body.dataset.ready.includes('DROP')", timeout=READY_MS)
    assert page.locator("#events-error").is_hidden()
    page.click("#f-reset")
    page.wait_for_selector('body[data-ready="#/"]', state="attached", timeout=READY_MS)
    page.wait_for_function("t => document.querySelector('#events-count').textContent === t",
                           arg=total_before, timeout=READY_MS)
    assert page.locator("#events-count").inner_text() == total_before


def test_bad_filter_shows_the_api_message(page):
    goto(page, "#/?since=2019-02-30")
    error = page.locator("#events-error")
    assert error.is_visible()
    assert "[E201]" in error.inner_text() and "since" in error.inner_text()

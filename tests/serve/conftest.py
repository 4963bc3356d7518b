"""Fixtures for the HTTP API and page tests: databases built through the store's write
API, a live server on a free loopback port, and headless Debian Chromium."""
from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from serve_data import ARTIFACTS, REPO, hostile_extraction, serving, synthetic_extraction  # noqa: E402

CORPUS = REPO / "tests" / "corpus" / "articles.jsonl"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync"]
SEED_PUBLISHED = "2018-11-27"


@pytest.fixture(scope="session")
def api_db(tmp_path_factory) -> str:
    """40 synthetic articles × 8 events, fused, plus one hostile article."""
    from eventwire.store import Store
    path = str(tmp_path_factory.mktemp("serve") / "api.db")
    with Store(path) as store:
        rng = random.Random(11)
        for i in range(40):
            store.add_extraction(synthetic_extraction(i, 8, rng=rng))
        store.add_extraction(hostile_extraction())
        store.fuse()
    return path


@pytest.fixture(scope="session")
def client(api_db):
    from fastapi.testclient import TestClient
    from eventwire.serve import create_app
    return TestClient(create_app(api_db))


@pytest.fixture(scope="session")
def big_db(tmp_path_factory) -> str:
    """10,000 events (100 articles × 100) written through Store.add_extraction.

    Not fused: fusing 10k events takes minutes today (reported to the store's owner), and
    the events API, its paging and filters do not depend on fusion.
    """
    from eventwire.store import Store
    path = str(tmp_path_factory.mktemp("serve") / "big.db")
    with Store(path) as store:
        rng = random.Random(3)
        for i in range(100):
            store.add_extraction(synthetic_extraction(i, 100, rng=rng))
    return path


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory, seed_text) -> str:
    """The seed and the 30-article test corpus through the real pipeline, plus hostile articles."""
    from eventwire.model import Article
    from eventwire.pipeline import Pipeline
    from eventwire.store import Store
    from serve_data import SQL_TITLE, XSS_TEXT_PIECES

    articles = [Article(text=seed_text, title=seed_text.strip().splitlines()[0],
                        published=SEED_PUBLISHED, source="seed")]
    if CORPUS.exists():
        for line in CORPUS.read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                articles.append(Article(text=d["text"], title=d.get("title"), published=d.get("published"),
                                        source=d.get("source"), url=d.get("url")))
    # the hostile text also goes through the real pipeline, not only as a hand-built record
    articles.append(Article(text="Gunmen of the " + XSS_TEXT_PIECES["script"] + " group attacked a police "
                                 "post in Sukkur on Monday, killing two officers " + XSS_TEXT_PIECES["img"]
                                 + ". " + XSS_TEXT_PIECES["js"],
                            title=SQL_TITLE, published="2020-05-04", source="hostile"))
    path = str(tmp_path_factory.mktemp("serve") / "corpus.db")
    with Store(path) as store:
        for ex in Pipeline.default().run_many(articles):
            store.add_extraction(ex)
        store.add_extraction(hostile_extraction())
        store.fuse()
    return path


@pytest.fixture(scope="session")
def live_server(corpus_db):
    """The app served by uvicorn on 127.0.0.1 in a thread; yields its base URL."""
    with serving(corpus_db) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from requirements import need_chromium     # skip with a notice, or fail in CI (.ci/run)
    need_chromium(CHROMIUM)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True,
                              timeout=120_000)
        yield b
        b.close()


class PageWatch:
    """What a page did that it must not: dialogs, CSP violations, script errors, off-machine requests."""

    def __init__(self) -> None:
        self.dialogs: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.remote_requests: list[str] = []


@pytest.fixture
def page(browser, live_server):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.set_default_timeout(60_000)     # a loaded 2-core machine can be slow; never a hang
    watch = PageWatch()

    def on_dialog(dialog):
        watch.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_route(route):
        url = route.request.url
        if url.startswith(live_server) or url.startswith("data:"):
            route.continue_()
        else:
            watch.remote_requests.append(url)
            route.abort()

    pg.on("dialog", on_dialog)
    pg.on("console", lambda m: m.type == "error" and watch.console_errors.append(m.text))
    pg.on("pageerror", lambda e: watch.page_errors.append(str(e)))
    context.route("**/*", on_route)
    pg.watch = watch
    pg.base = live_server
    yield pg
    context.close()
    assert not watch.dialogs, f"a dialog opened (script ran): {watch.dialogs}"
    assert not watch.page_errors, f"script errors on the page: {watch.page_errors}"
    csp = [m for m in watch.console_errors if "Content Security Policy" in m]
    assert not csp, f"CSP violations: {csp}"
    assert not watch.remote_requests, f"the page tried to reach other hosts: {watch.remote_requests}"

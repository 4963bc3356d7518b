"""How long the web page takes to show the incidents view on a 10,000-event store.

    .venv/bin/python benchmarks/page_ready.py [--articles 200 --events 50 --loads 4 --width 1400 --static DIR]

Builds the synthetic store of tests/serve/serve_data.py (200 articles × 50 events, fused) in a
temporary folder, serves it on 127.0.0.1, opens "#/" in headless Debian Chromium (a fresh
browser context per load: a cold load each time) and prints the seconds from navigation to
the first table's rows and to ``body[data-ready="#/"]`` (both tables, every incident on the
clustered map, the timeline), and what the map and timeline drew.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "serve"))

CHROMIUM = "/usr/bin/chromium"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--events", type=int, default=50, help="events per article")
    ap.add_argument("--loads", type=int, default=4)
    ap.add_argument("--width", type=int, default=1400)
    ap.add_argument("--phone", action="store_true",
                    help="also open every view at 390 px and print the page's width (scrollWidth)")
    ap.add_argument("--static", type=Path, default=None,
                    help="serve the page from this folder instead (e.g. an older version: "
                         "git archive 753a49a~1 src/eventwire/serve/static | tar -x -C /tmp/old)")
    args = ap.parse_args()

    import uvicorn
    from playwright.sync_api import sync_playwright
    from serve_data import build_store, free_port

    import eventwire.serve.app as serve_app
    from eventwire.serve import create_app

    if args.static:
        serve_app.STATIC_DIR = args.static

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        store = build_store(str(Path(tmp) / "page.db"), args.articles, args.events)
        stats = store.stats()
        print(f"store: {stats['events']:,} events, {stats['incidents']:,} incidents "
              f"(built in {time.perf_counter() - t0:.1f} s)")
        port = free_port()
        server = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=port,
                                               log_level="warning"))
        threading.Thread(target=server.run, daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        times, tables = [], []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                        args=["--headless", "--no-sandbox", "--disable-gpu"])
            for k in range(args.loads):
                context = browser.new_context(viewport={"width": args.width, "height": 1000})
                page = context.new_page()
                start = time.perf_counter()
                page.goto(base + "/#/")
                page.wait_for_selector("#incidents-table tbody tr, #events-table tbody tr", state="attached", timeout=180_000)
                tables.append(time.perf_counter() - start)
                page.wait_for_selector('body[data-ready="#/"]', state="attached", timeout=180_000)
                times.append(time.perf_counter() - start)
                if k == 0:
                    drawn = page.evaluate("""() => ({
                        note: document.querySelector('#map-note').textContent,
                        clusters: document.querySelectorAll('.incident-cluster').length,
                        markers: document.querySelectorAll('.incident-marker').length,
                        bucket: document.querySelector('#timeline svg')?.dataset.bucket,
                        bars: document.querySelectorAll('#timeline rect.bar').length})""")
                    print(f"map: {drawn['note']} ({drawn['clusters']} clusters, {drawn['markers']} single markers "
                          f"at the first zoom); timeline: {drawn['bars']} {drawn['bucket']} buckets")
                context.close()
            if args.phone:
                print("width at 390 px: " + ", ".join(f"{k} {v}" for k, v in phone_widths(browser, base).items()))
            browser.close()
        server.should_exit = True
        print("first table shown after: " + ", ".join(f"{t:.2f}" for t in tables) +
              f" s; median {statistics.median(tables):.2f} s")
        print("ready (map drawn) after: " + ", ".join(f"{t:.2f}" for t in times) + f" s; median {statistics.median(times):.2f} s")


def phone_widths(browser, base: str) -> dict:
    import httpx
    inc = httpx.get(base + "/api/incidents", params={"limit": 1}).json()["items"][0]
    actor = httpx.get(base + "/api/actors", params={"limit": 1}).json()["items"][0]["name"]
    routes = {"incidents": "#/", "incident": f"#/incident/{inc['id']}", "actors": "#/actors",
              "actor": "#/actor/" + httpx.URL("/" + actor).raw_path.decode()[1:], "quotes": "#/quotes",
              "articles": "#/articles", "article": f"#/article/{inc['articles'][0]['id']}"}
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    out = {}
    for name, route in routes.items():
        page.goto(base + "/" + route)
        page.wait_for_function("r => document.body.dataset.ready === r || document.body.dataset.ready === decodeURI(r)",
                               arg=route, timeout=180_000)
        out[name] = page.evaluate("() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
    context.close()
    return out


if __name__ == "__main__":
    main()

"""Reading http(s) URLs, against a local http.server on 127.0.0.1 (no network needed)."""
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from eventwire.errors import InputError
from eventwire.ingest import ReadFailure, iter_articles, read_file
from ingest_samples import BODY, PAGE, TITLE, rss

ROUTES = {
    "/article.html": (200, "text/html; charset=utf-8", PAGE.encode()),
    "/latin1.html": (200, "text/html; charset=iso-8859-1",
                     PAGE.replace("police said", "police said in Peshawar-Café").encode("latin-1")),
    "/feed": (200, "application/rss+xml", rss([{"title": TITLE, "description": BODY}])),
    "/plain.txt": (200, "text/plain", f"{TITLE}\n\n{BODY}".encode()),
    "/nav.html": (200, "text/html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>"),
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        status, ctype, body = ROUTES.get(self.path, (404, "text/plain", b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):     # keep test output quiet
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_url_html_page(server):
    a = read_file(f"{server}/article.html")
    assert a.title == TITLE and a.text.startswith("A bomb exploded")
    assert a.url == f"{server}/article.html"      # where it was fetched from, not the canonical link
    assert a.origin == f"{server}/article.html"


def test_url_charset_from_header(server):
    (a,) = list(iter_articles(f"{server}/latin1.html"))
    assert "Peshawar-Café" in a.text


def test_url_plain_text_and_feed(server):
    items = list(iter_articles([f"{server}/plain.txt", f"{server}/feed"]))
    assert [x.title for x in items] == [TITLE, TITLE]
    assert items[1].source == "Test Wire"


@pytest.mark.parametrize("path,code", [("/missing", "E117"), ("/nav.html", "E105")])
def test_url_failures_are_reported(server, path, code):
    (failure,) = list(iter_articles(f"{server}{path}"))
    assert isinstance(failure, ReadFailure) and failure.code == code
    assert failure.where == f"{server}{path}"


def test_unreachable_host():
    # Port 9 on localhost (discard) is closed here: connection refused, at once.
    (failure,) = list(iter_articles("http://127.0.0.1:9/x", timeout=2))
    assert failure.code == "E117" and "127.0.0.1:9" in failure.error


def test_read_file_refuses_a_feed_url(server):
    with pytest.raises(InputError) as e:
        read_file(f"{server}/feed")
    assert e.value.code == "E119"

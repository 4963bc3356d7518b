"""Sample articles, feeds and WARCs for the readers' tests (built in memory, never big files)."""
from __future__ import annotations

import io

BODY = ("A bomb exploded in a busy market in Quetta on Tuesday, killing five people and "
        "injuring twelve others, police said. No group claimed responsibility for the attack, "
        "which came a day after a similar blast in the city. Officials said the death toll "
        "could rise as several of the wounded were in critical condition.")
TITLE = "Bomb kills five in Quetta market"

PAGE = f"""<!DOCTYPE html>
<html><head><title>{TITLE}</title>
<meta property="og:site_name" content="Daily Wire Test">
<meta name="date" content="2018-11-27">
<link rel="canonical" href="https://news.example.org/quetta-bomb"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>{TITLE}</h1>
<p>A bomb exploded in a busy market in Quetta on Tuesday, killing five people and injuring
twelve others, police said.</p>
<p>No group claimed responsibility for the attack, which came a day after a similar blast in
the city. Officials said the death toll could rise as several of the wounded were in critical
condition.</p></article>
<footer>Copyright 2018</footer></body></html>"""

GERMAN = ("Bei einem Bombenanschlag auf einem belebten Markt in Quetta sind am Dienstag fünf "
          "Menschen getötet und zwölf weitere verletzt worden, teilte die Polizei mit. Keine "
          "Gruppe bekannte sich zunächst zu dem Anschlag, der sich einen Tag nach einer "
          "ähnlichen Explosion in der Stadt ereignete.")


def rss(items: list[dict], *, close: bool = True) -> bytes:
    parts = ['<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
             "<title>Test Wire</title><link>https://wire.example.org/</link>"]
    for it in items:
        parts.append("<item>")
        for key, value in it.items():
            parts.append(f"<{key}>{value}</{key}>")
        parts.append("</item>")
    if close:
        parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")


def warc_bytes(pages: list[tuple[str, bytes, str]], *, gzip: bool = True) -> bytes:
    """A WARC holding one response record per (url, body, content type)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip)
    for url, body, ctype in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                      http_headers=headers))
    return out.getvalue()



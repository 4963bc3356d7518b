"""HTML → article text and metadata.

Whole pages go through trafilatura (main text without navigation, ads and comments,
plus title/date/url/site name). Feed entries carry HTML *fragments*, which trafilatura
would discard as too short, so they are flattened to text directly.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from ..errors import Errors, InputError

_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|article|div|p|section|main|span|h[1-6]|table|ul|script|style|link|!--)\b",
    re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"</?(?:p|div|br|a|span|b|i|em|strong|h[1-6]|li|ul|table|article|section)\b[^>]*>",
                  re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """A page or fragment starts with a tag; prose that merely mentions "<p>" does not."""
    head = text[:4096]
    if _HTML_START.match(head):
        return True
    # Fragments that start with text but are clearly marked up ("Text <p>more</p>…").
    return head.lstrip().startswith("<") and len(_TAG.findall(head)) >= 2


@dataclass
class Page:
    text: str
    title: Optional[str] = None
    published: Optional[str] = None
    url: Optional[str] = None
    source: Optional[str] = None


# trafilatura falls back to whatever text a page has, menus included; an article has at
# least one line that reads as a sentence: this many words and a full stop.
PROSE_MIN_WORDS = 6
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?:\s|$)")


def has_prose(text: str) -> bool:
    return any(len(line.split()) >= PROSE_MIN_WORDS and _SENTENCE_END.search(line)
               for line in text.split("\n"))


def _paragraphs(lines: str) -> str:
    """One paragraph per line → blank-line separated paragraphs (what sentence splitting expects)."""
    paras = [p.strip() for p in lines.split("\n")]
    return "\n\n".join(p for p in paras if p)


def extract_page(html: str, *, where: str) -> Page:
    """Main text and metadata of a whole HTML page; E105 when there is no article in it."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                          include_tables=False, include_images=False)
    except Exception as e:   # trafilatura/lxml raise assorted errors on hostile markup
        raise InputError(Errors.E105.format(where=where) + f" ({type(e).__name__})") from e
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not has_prose(text):
        raise InputError(Errors.E105.format(where=where))
    title = (doc.title or "").strip() or None
    body = _paragraphs(text)
    # trafilatura keeps the <h1> as the first line; the title lives in Article.title instead.
    if title:
        first, _, rest = body.partition("\n\n")
        if first.strip() == title and rest.strip():
            body = rest
    return Page(text=body, title=title, published=doc.date or None, url=doc.url or None,
                source=doc.sitename or doc.hostname or None)


_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
          "article", "section", "pre", "ul", "ol", "table", "header", "footer"}


def fragment_text(html: str) -> str:
    """Plain text of an HTML fragment (a feed entry's summary): block elements → paragraphs."""
    from html.parser import HTMLParser

    parts: list[str] = []
    skip = 0

    class _Flatten(HTMLParser):
        def handle_starttag(self, tag, attrs):
            nonlocal skip
            if tag in ("script", "style", "noscript"):
                skip += 1
            elif tag in _BLOCK:
                parts.append("\n")

        def handle_endtag(self, tag):
            nonlocal skip
            if tag in ("script", "style", "noscript"):
                skip = max(0, skip - 1)
            elif tag in _BLOCK:
                parts.append("\n")

        def handle_data(self, data):
            if not skip:
                parts.append(data)

    parser = _Flatten(convert_charrefs=True)
    parser.feed(html)
    parser.close()
    text = re.sub(r"[ \t\r\f\v]+", " ", "".join(parts))
    return _paragraphs(text)

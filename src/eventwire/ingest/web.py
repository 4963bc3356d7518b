"""http(s) URLs: fetch with urllib (timeout, size cap), then read as a page or a feed."""
from __future__ import annotations

import socket
import urllib.error
import urllib.request
from typing import Iterator, Union

from .. import __version__
from ..errors import Errors, EventwireError, InputError
from ..model import Article
from .feeds import iter_feed, looks_like_feed
from .reader import MAX_CHARS, MAX_MB, ReadFailure, read_bytes
from .warc import _charset

TIMEOUT_S = 20.0


def is_url(value) -> bool:
    return isinstance(value, str) and value.lower().startswith(("http://", "https://"))


def fetch(url: str, *, timeout: float = TIMEOUT_S, max_mb: float = MAX_MB) -> tuple[bytes, str]:
    """GET ``url`` → (body, content type); E117 on any network or HTTP failure."""
    request = urllib.request.Request(url, headers={"User-Agent": f"eventwire/{__version__}"})
    limit = int(max_mb * 1024 * 1024)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(limit + 1)
            ctype = response.headers.get("Content-Type") or ""
    except urllib.error.HTTPError as e:
        raise InputError(Errors.E117.format(where=url, detail=f"HTTP {e.code} {e.reason}")) from e
    except urllib.error.URLError as e:
        raise InputError(Errors.E117.format(where=url, detail=str(e.reason))) from e
    except (socket.timeout, TimeoutError) as e:
        raise InputError(Errors.E117.format(where=url, detail=f"no answer in {timeout:g} s")) from e
    except (OSError, ValueError) as e:     # connection reset, bad URL, http.client errors
        raise InputError(Errors.E117.format(where=url, detail=str(e) or type(e).__name__)) from e
    if len(body) > limit:
        raise InputError(Errors.E104.format(where=url, size=f"> {max_mb:g}", limit=f"{max_mb:g}"))
    return body, ctype


def iter_url(url: str, *, language: str = "en", max_mb: float = MAX_MB,
             timeout: float = TIMEOUT_S, max_chars: int = MAX_CHARS) -> Iterator[Union[Article, ReadFailure]]:
    try:
        body, ctype = fetch(url, timeout=timeout, max_mb=max_mb)
        kind = ctype.split(";")[0].strip().lower()
        if kind in ("application/rss+xml", "application/atom+xml") or looks_like_feed(body):
            yield from iter_feed(body, where=url, language=language, max_mb=max_mb,
                                 max_chars=max_chars)
            return
        charset = _charset(ctype)
        yield read_bytes(body, where=url, url=url, language=language, max_mb=max_mb,
                         html=True if "html" in kind else None, max_chars=max_chars,
                         encoding=None if charset in (None, "utf-8", "utf8") else charset)
    except EventwireError as e:
        yield ReadFailure.from_error(url, e)

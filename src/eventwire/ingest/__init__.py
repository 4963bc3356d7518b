"""Readers: files, folders, JSONL, RSS/Atom feeds, WARC archives and URLs → ``model.Article``.

Single articles::

    from eventwire.ingest import read_file, read_bytes
    article = read_file("report.html", published="2018-11-27")      # raises InputError E101–E119

Many articles (a batch never stops at a bad document; it yields a ``ReadFailure``)::

    from eventwire.ingest import iter_articles, ReadFailure
    for item in iter_articles(["news/", "feed.xml", "dump.jsonl"]):
        if isinstance(item, ReadFailure):
            print(item.error)          # "[E107] dump.jsonl:12: invalid JSON (...). Fix or remove the line."
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator, Optional, Union

from ..errors import Errors, EventwireError, InputError
from ..model import Article
from .feeds import iter_feed, looks_like_feed
from .jsonl import iter_jsonl
from .reader import MAX_CHARS, MAX_MB, ReadFailure, read_bytes, read_text
from .warc import iter_warc
from .web import TIMEOUT_S, fetch, is_url, iter_url

TEXT_SUFFIXES = (".txt", ".text", ".md")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
FEED_SUFFIXES = (".xml", ".rss", ".atom")
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + FEED_SUFFIXES + (".jsonl", ".warc", ".warc.gz")


def file_kind(path: Path) -> Optional[str]:
    """"text" | "html" | "jsonl" | "feed" | "warc" by suffix; None for other files."""
    name = path.name.lower()
    if name.endswith((".warc", ".warc.gz")):
        return "warc"
    if name.endswith(".jsonl") or name.endswith(".ndjson"):
        return "jsonl"
    if name.endswith(FEED_SUFFIXES):
        return "feed"
    if name.endswith(HTML_SUFFIXES):
        return "html"
    if name.endswith(TEXT_SUFFIXES):
        return "text"
    return None


def _missing(where) -> InputError:
    return InputError(Errors.E112.format(where=where))


def safe_name(path) -> str:
    """``path`` as printable, storable text: bytes of a name that are not UTF-8 (which Python
    keeps as lone surrogates) are written as ``\\xNN``."""
    return os.fsencode(str(path)).decode("utf-8", "backslashreplace")


def _check_name(path) -> None:
    """E123 for a file name that is not valid UTF-8 (it could not be stored or printed)."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(Errors.E123.format(where=safe_name(path))) from None


# A file that changes while it is read is read again this many times, then refused (E125).
READ_ATTEMPTS = 3


def _read_stable(path: Path) -> bytes:
    """The file's bytes, read again when its size or modification time changed meanwhile (a
    file still being written), so a truncated copy is never returned; E125 if it keeps changing."""
    detail = ""
    for _ in range(READ_ATTEMPTS):
        before = path.stat()
        data = path.read_bytes()
        after = path.stat()
        if (before.st_size, before.st_mtime_ns) == (after.st_size, after.st_mtime_ns) \
                and len(data) == after.st_size:
            return data
        detail = (f"{len(data):,} bytes read, {after.st_size:,} bytes now"
                  if len(data) != after.st_size else "modified during the read")
    raise InputError(Errors.E125.format(where=path, detail=detail))


def read_file(path, *, title: Optional[str] = None, published=None, source: Optional[str] = None,
              url: Optional[str] = None, max_mb: float = MAX_MB, language: str = "en",
              html: Optional[bool] = None, encoding: Optional[str] = None,
              errors: str = "strict", max_chars: int = MAX_CHARS) -> Article:
    """One article from a text or HTML file (or an http(s) URL); InputError when unreadable.

    Files of other suffixes are sniffed (text or HTML; binaries are E102). JSONL, feeds and
    WARC archives hold many articles: E119 points to ``iter_articles``.
    """
    opts = dict(title=title, published=published, source=source, url=url, max_mb=max_mb,
                language=language, html=html, encoding=encoding, errors=errors,
                max_chars=max_chars)
    if is_url(str(path)):
        body, ctype = fetch(str(path), max_mb=max_mb)
        if looks_like_feed(body):
            raise InputError(Errors.E119.format(where=path, kind="feed"))
        opts["url"] = url or str(path)
        if html is None and "html" in ctype.lower():
            opts["html"] = True
        return read_bytes(body, where=str(path), **opts)
    path = Path(path)
    _check_name(path)
    if not path.exists():
        raise _missing(path)
    if path.is_dir():
        raise InputError(Errors.E119.format(where=path, kind="folder"))
    kind = file_kind(path)
    if kind in ("jsonl", "feed", "warc"):
        raise InputError(Errors.E119.format(where=path, kind={"jsonl": "JSON Lines file",
                                                              "feed": "feed",
                                                              "warc": "WARC archive"}[kind]))
    if kind == "html" and html is None:
        opts["html"] = True
    size = path.stat().st_size
    if max_mb and size > max_mb * 1024 * 1024:   # don't read a 2 GB file to learn it's too big
        raise InputError(Errors.E104.format(where=path, size=f"{size / 1048576:.1f}",
                                            limit=f"{max_mb:g}"))
    try:
        data = _read_stable(path)
    except OSError as e:
        raise InputError(Errors.E112.format(where=path) + f" ({e.strerror})") from e
    return read_bytes(data, where=str(path), **opts)


def _unreadable(folder, e: OSError) -> ReadFailure:
    where = safe_name(getattr(e, "filename", None) or folder)
    return ReadFailure.from_error(where, InputError(Errors.E124.format(
        where=where, detail=e.strerror or type(e).__name__)))


def _walk(folder: Path, recursive: bool) -> Iterator[Union[Path, ReadFailure]]:
    """Supported files under ``folder``, sorted so every run visits them in the same order;
    a folder that cannot be listed is one ReadFailure (E124) and the walk goes on."""
    if recursive:
        failed: list[OSError] = []
        for root, dirs, files in os.walk(folder, onerror=failed.append):
            while failed:
                yield _unreadable(root, failed.pop(0))
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                p = Path(root) / name
                if not name.startswith(".") and file_kind(p):
                    yield p
        while failed:
            yield _unreadable(folder, failed.pop(0))
    else:
        try:
            entries = sorted(folder.iterdir())
        except OSError as e:
            yield _unreadable(folder, e)
            return
        for p in entries:
            if p.is_file() and not p.name.startswith(".") and file_kind(p):
                yield p


def _iter_path(path: Path, opts: dict) -> Iterator[Union[Article, ReadFailure]]:
    kind = file_kind(path)
    language, max_mb, max_chars = opts["language"], opts["max_mb"], opts["max_chars"]
    try:
        _check_name(path)
        if kind == "jsonl":
            yield from iter_jsonl(path, language=language, max_mb=max_mb, max_chars=max_chars)
        elif kind == "warc":
            yield from iter_warc(path, language=language, max_mb=max_mb, max_chars=max_chars)
        elif kind == "feed":
            data = _read_stable(path)
            yield from iter_feed(data, where=str(path), language=language, max_mb=max_mb,
                                 max_chars=max_chars)
        else:
            yield read_file(path, **{k: v for k, v in opts.items() if k != "timeout"})
    except EventwireError as e:
        yield ReadFailure.from_error(safe_name(path), e)
    except OSError as e:     # unreadable file, vanished mid-walk
        yield ReadFailure.from_error(safe_name(path), InputError(
            Errors.E112.format(where=safe_name(path)) + f" ({e.strerror or e})"))


def count_articles(paths, *, recursive: bool = True) -> Optional[int]:
    """How many articles ``iter_articles(paths)`` will yield, cheaply, for a progress total.

    Text and HTML files count one each; a JSONL file counts its non-blank lines (read in
    binary chunks, not parsed). Feeds, WARC files and URLs cannot be counted without reading
    them, so any of those makes the answer None (unknown). A missing path counts one (its
    failure is reported as one item).
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    total = 0
    for item in paths:
        if is_url(str(item)):
            return None
        path = Path(item)
        files = _walk(path, recursive) if path.is_dir() else [path]
        for p in files:
            if isinstance(p, ReadFailure):
                total += 1
                continue
            kind = file_kind(p) if path.is_dir() or p.exists() else "text"
            if kind in ("feed", "warc"):
                return None
            if kind == "jsonl":
                try:
                    total += _count_lines(p)
                except OSError:
                    total += 1
            else:
                total += 1
    return total


def _count_lines(path: Path) -> int:
    """Non-blank lines of a file, reading 1 MB at a time."""
    n, last = 0, b"\n"
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            lines = (last + chunk).split(b"\n")
            last = lines.pop()
            n += sum(1 for line in lines if line.strip())
    return n + (1 if last.strip() else 0)


def iter_articles(paths, *, recursive: bool = True, language: str = "en", max_mb: float = MAX_MB,
                  encoding: Optional[str] = None, errors: str = "strict",
                  timeout: float = TIMEOUT_S,
                  max_chars: int = MAX_CHARS) -> Iterator[Union[Article, ReadFailure]]:
    """Every article in ``paths`` (files, folders, http(s) URLs; one value or a list).

    Never raises for bad input: each unreadable document yields a ``ReadFailure``
    (where, code, error) and reading goes on.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    opts = dict(language=language, max_mb=max_mb, encoding=encoding, errors=errors,
                timeout=timeout, max_chars=max_chars)
    for item in paths:
        if is_url(str(item)):
            yield from iter_url(str(item), language=language, max_mb=max_mb, timeout=timeout,
                                max_chars=max_chars)
            continue
        path = Path(item)
        if not path.exists():
            yield ReadFailure.from_error(safe_name(path), _missing(safe_name(path)))
        elif path.is_dir():
            for p in _walk(path, recursive):
                if isinstance(p, ReadFailure):
                    yield p
                else:
                    yield from _iter_path(p, opts)
        else:
            yield from _iter_path(path, opts)


__all__ = ["read_file", "read_bytes", "read_text", "iter_articles", "count_articles", "ReadFailure", "MAX_MB", "MAX_CHARS",
           "SUPPORTED_SUFFIXES", "file_kind"]

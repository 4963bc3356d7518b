"""JSON Lines: one article per line ({"text"|"html", "title", "published", "url", "source"}).

Streams the file line by line (memory stays flat on big dumps); a broken line becomes a
``ReadFailure`` naming ``file:line`` and reading goes on with the next line.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator, Union

from ..errors import Errors, EventwireError, InputError
from ..model import Article
from .reader import MAX_CHARS, MAX_MB, ReadFailure, read_text

_STRING_FIELDS = ("text", "html", "title", "url", "source", "published", "language")


def article_from_record(record, *, where: str, language: str = "en",
                        max_mb: float = MAX_MB, max_chars: int = MAX_CHARS) -> Article:
    if not isinstance(record, dict):
        raise InputError(Errors.E109.format(where=where, field="(line)",
                                            detail=type(record).__name__, expected="a JSON object"))
    for name in _STRING_FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise InputError(Errors.E109.format(where=where, field=name,
                                                detail=type(value).__name__, expected="a string"))
    text, html = record.get("text"), record.get("html")
    if text is None and html is None:
        raise InputError(Errors.E108.format(where=where))
    body, is_html = (text, None) if text is not None else (html, True)
    return read_text(body, where=where, title=record.get("title"),
                     published=record.get("published") or record.get("date"),
                     source=record.get("source"), url=record.get("url"),
                     language=record.get("language") if language != "any" and record.get("language")
                     else language, html=is_html, max_mb=max_mb, max_chars=max_chars)


def iter_jsonl(path: Path, *, language: str = "en", max_mb: float = MAX_MB,
               max_line_mb: float | None = None,
               max_chars: int = MAX_CHARS) -> Iterator[Union[Article, ReadFailure]]:
    limit = int((max_line_mb or max_mb) * 1024 * 1024)
    with open(path, "rb") as f:
        for lineno, raw in enumerate(f, 1):
            where = f"{path}:{lineno}"
            try:
                if len(raw) > limit:
                    raise InputError(Errors.E116.format(where=where, size=len(raw), limit=limit))
                if not raw.strip():
                    continue
                try:
                    line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
                except UnicodeDecodeError as e:
                    raise InputError(Errors.E103.format(where=where, pos=e.start)) from e
                try:
                    record = json.loads(line)
                except (json.JSONDecodeError, RecursionError) as e:
                    detail = (f"{e.msg}, column {e.colno}" if isinstance(e, json.JSONDecodeError)
                              else "nested too deeply")
                    raise InputError(Errors.E107.format(where=where, detail=detail)) from e
                yield article_from_record(record, where=where, language=language, max_mb=max_mb,
                                          max_chars=max_chars)
            except EventwireError as e:
                yield ReadFailure.from_error(where, e)

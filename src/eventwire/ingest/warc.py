"""WARC web archives (warcio): every HTML response becomes an article.

A damaged or truncated archive yields what was read before the damage, then one
``ReadFailure`` (E111).
"""
from __future__ import annotations

import os
import zlib
from pathlib import Path
from typing import Iterator, Union

from ..errors import Errors, EventwireError, InputError
from ..model import Article
from .reader import MAX_MB, ReadFailure, read_bytes


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ").lower()
    return None


def iter_warc(path: Path, *, language: str = "en",
              max_mb: float = MAX_MB) -> Iterator[Union[Article, ReadFailure]]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    n = 0
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as f:
            records = ArchiveIterator(f)
            for record in records:
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                status = record.http_headers.get_statuscode()
                ctype = record.http_headers.get_header("Content-Type") or ""
                if status != "200" or "html" not in ctype.lower():
                    continue
                n += 1
                url = record.rec_headers.get_header("WARC-Target-URI")
                where = f"{path}#record{n}"
                data = record.content_stream().read()
                try:
                    charset = _charset(ctype)
                    yield read_bytes(data, where=where, url=url, language=language, html=True,
                                     encoding=None if charset in (None, "utf-8", "utf8") else charset,
                                     errors="replace", max_mb=max_mb)
                except EventwireError as e:
                    yield ReadFailure.from_error(where, e)
            # warcio stops quietly at a truncated gzip member or record: compare offsets.
            if records.offset < size:
                raise EOFError(f"{size - records.offset} bytes at offset {records.offset} "
                               "are not a complete record")
    except (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError) as e:
        detail = str(e).splitlines()[0][:120] if str(e) else type(e).__name__
        yield ReadFailure.from_error(str(path), InputError(Errors.E111.format(
            where=path, detail=f"{detail}; {n} pages read")))

"""WARC web archives (warcio): every HTML response becomes an article.

A damaged or truncated archive yields what was read before the damage, then one
``ReadFailure`` (E111).
"""
from __future__ import annotations

import os
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

    class _QuietIterator(ArchiveIterator):
        INC_RECORD = ""      # warcio prints damage warnings to stderr; we report them as E111

    n = n_records = 0
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as f:
            records = _QuietIterator(f)
            for record in records:
                n_records += 1
                if record.format != "warc":      # warcio reads any text as an old ARC record
                    raise ValueError(f"record {n_records} has no WARC/1.x header")
                wanted = (record.rec_type == "response" and record.http_headers is not None
                          and record.http_headers.get_statuscode() == "200"
                          and "html" in (record.http_headers.get_header("Content-Type") or "").lower())
                data = record.content_stream().read() if wanted else record.raw_stream.read()
                if record.raw_stream.limit > 0:     # fewer bytes than its Content-Length
                    raise EOFError(f"record {n_records} is cut short by {record.raw_stream.limit} bytes")
                if not wanted:
                    continue
                n += 1
                ctype = record.http_headers.get_header("Content-Type") or ""
                url = record.rec_headers.get_header("WARC-Target-URI")
                where = f"{path}#record{n_records}"
                try:
                    charset = _charset(ctype)
                    yield read_bytes(data, where=where, url=url, language=language, html=True,
                                     encoding=None if charset in (None, "utf-8", "utf8") else charset,
                                     errors="replace", max_mb=max_mb)
                except EventwireError as e:
                    yield ReadFailure.from_error(where, e)
            if records.err_count:
                raise ValueError(f"{records.err_count} records have a wrong Content-Length")
            # warcio stops quietly at a truncated gzip member or record: compare offsets.
            if records.offset < size:
                raise EOFError(f"{size - records.offset} bytes at offset {records.offset} "
                               "are not a complete record")
    # warcio reports damage with many exception types (even AttributeError on a cut header).
    except Exception as e:  # noqa: BLE001
        detail = str(e).splitlines()[0][:120] if str(e) else type(e).__name__
        yield ReadFailure.from_error(str(path), InputError(Errors.E111.format(
            where=path, detail=f"{detail}; {n} pages read")))

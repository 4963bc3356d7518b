"""WARC web archives (warcio): every HTML response becomes an article.

A damaged or truncated archive yields what was read before the damage, then one
``ReadFailure`` (E111).
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Iterator, Union

from ..errors import Errors, EventwireError, InputError
from ..limits import ARCHIVE_MAX_RATIO, ARCHIVE_MIN_MB, MAX_LINE_BYTES
from ..model import Article
from .reader import MAX_CHARS, MAX_MB, ReadFailure, read_bytes

_BLOCK = 1 << 16          # records are read and skipped in blocks of this many bytes


class ArchiveTooBig(Exception):
    """The archive decompressed past its cap (``archive_cap``)."""


def archive_cap(size_on_disk: int) -> int:
    """Decompressed bytes an archive of this size may yield (limits.toml, [archive])."""
    return int(max(ARCHIVE_MIN_MB * 1048576, ARCHIVE_MAX_RATIO * size_on_disk))


def _capped_reader(stream, cap: int):
    """warcio's reader over ``stream``, counting every decompressed byte (ArchiveTooBig past
    ``cap``) and reading no line longer than MAX_LINE_BYTES (a record of zeros has none)."""
    from warcio.bufferedreaders import DecompressingBufferedReader

    class _Capped(DecompressingBufferedReader):
        total = 0

        def _process_read(self, data):
            super()._process_read(data)
            if self.buff is not None:
                self.total += self.buff_size
                if self.total > cap:
                    raise ArchiveTooBig(self.total)

        def readline(self, length=None):
            return super().readline(MAX_LINE_BYTES if not length or length > MAX_LINE_BYTES else length)

    # 4 KB of compressed input at a time: zlib inflates at most ~1000 times, so one block of a
    # bomb is at most ~4 MB in memory (warcio's default of 16 KB made it 16 MB, held twice)
    return _Capped(stream, block_size=4096)


def _read_capped(stream, limit: int) -> bytes | None:
    """Up to ``limit`` bytes of ``stream`` in blocks; None (the rest left unread) if there are more."""
    buf = bytearray()
    while True:
        block = stream.read(min(_BLOCK, limit + 1 - len(buf)))
        if not block:
            return bytes(buf)
        buf += block
        if len(buf) > limit:
            return None


def _drain(stream) -> None:
    """Read to the end of a record without keeping it."""
    while stream.read(_BLOCK):
        pass


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ").lower()
    return None


def iter_warc(path: Path, *, language: str = "en", max_mb: float = MAX_MB,
              max_chars: int = MAX_CHARS) -> Iterator[Union[Article, ReadFailure]]:
    """Every HTML page of the archive. Read as a stream: a record decompressing to more than
    ``max_mb`` is skipped without being held (E121), an archive decompressing past
    ``archive_cap`` stops there (E122), and every other record is still read."""
    from warcio.archiveiterator import ArchiveIterator

    class _QuietIterator(ArchiveIterator):
        INC_RECORD = ""      # warcio prints damage warnings to stderr; we report them as E111

    n = n_records = 0
    limit = int(max_mb * 1024 * 1024) if max_mb else 1 << 62
    size = cap = 0
    try:
        size = os.path.getsize(path)
        cap = archive_cap(size)
        with open(path, "rb") as f:
            records = _QuietIterator(f)
            records.reader = _capped_reader(records.fh, cap)
            for record in records:
                n_records += 1
                if record.format != "warc":      # warcio reads any text as an old ARC record
                    raise ValueError(f"record {n_records} has no WARC/1.x header")
                wanted = (record.rec_type == "response" and record.http_headers is not None
                          and record.http_headers.get_statuscode() == "200"
                          and "html" in (record.http_headers.get_header("Content-Type") or "").lower())
                data = _read_capped(record.content_stream(), limit) if wanted else None
                _drain(record.raw_stream)            # the rest (or all) of the record, unkept
                if record.raw_stream.limit > 0:     # fewer bytes than its Content-Length
                    raise EOFError(f"record {n_records} is cut short by {record.raw_stream.limit} bytes")
                if not wanted:
                    continue
                n += 1
                ctype = record.http_headers.get_header("Content-Type") or ""
                url = record.rec_headers.get_header("WARC-Target-URI")
                where = f"{path}#record{n_records}"
                if data is None:
                    yield ReadFailure.from_error(where, InputError(Errors.E121.format(
                        where=where, limit=f"{max_mb:g}")))
                    continue
                try:
                    charset = _charset(ctype)
                    yield read_bytes(data, where=where, url=url, language=language, html=True,
                                     encoding=None if charset in (None, "utf-8", "utf8") else charset,
                                     errors="replace", max_mb=max_mb, max_chars=max_chars)
                except EventwireError as e:
                    yield ReadFailure.from_error(where, e)
            if records.err_count:
                raise ValueError(f"{records.err_count} records have a wrong Content-Length")
            # warcio stops quietly at a truncated gzip member or record: compare offsets.
            if records.offset < size:
                raise EOFError(f"{size - records.offset} bytes at offset {records.offset} "
                               "are not a complete record")
    except ArchiveTooBig:
        yield ReadFailure.from_error(str(path), InputError(Errors.E122.format(
            where=path, limit=f"{cap / 1048576:.0f}", ratio=f"{cap / max(size, 1):.0f}",
            size=f"{size / 1048576:.1f}", n=n)))
    # warcio reports damage with many exception types (even AttributeError on a cut header).
    except Exception as e:  # noqa: BLE001
        message = str(e)[:1000]                 # warcio quotes the whole bad line (up to 1 MB)
        detail = message.splitlines()[0] if message.strip() else type(e).__name__
        detail = re.sub(r"(?:\\x[0-9a-f]{2}){4,}", "…", detail)[:120]     # a line of binary junk
        yield ReadFailure.from_error(str(path), InputError(Errors.E111.format(
            where=path, detail=f"{detail}; {n} pages read")))

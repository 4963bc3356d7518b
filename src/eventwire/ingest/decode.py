"""Bytes → text: byte-order marks, strict UTF-8, and telling binary files from text.

Readers call ``decode_bytes``; it either returns ``str`` or raises an ``InputError``
with a catalogue code (E102 binary, E103 invalid UTF-8).
"""
from __future__ import annotations

import codecs
import unicodedata

from ..errors import Errors, InputError

# Checked longest-first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Formats people drop into a news folder by mistake; named so the error says what it is.
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or .docx/.xlsx/.epub)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an MS Office document"),
    (b"\x7fELF", "an executable"),
    (b"BZh", None),   # bzip2 only with its block marker, checked below
    (b"SQLite format 3\x00", "an SQLite database"),
)

# Share of control characters (other than tab/newline/form feed) above which text is junk.
CONTROL_RATIO = 0.05
# Share of undecodable bytes above which invalid UTF-8 is binary rather than a mis-encoded text.
INVALID_RATIO = 0.10
_SNIFF = 8192


def _magic(data: bytes) -> str | None:
    for mark, name in _MAGIC:
        if data.startswith(mark):
            if name is None:   # "BZh" is also an English word start; bzip2 has a digit + pi marker
                if data[3:4].isdigit() and data[4:10] == b"1AY&SY":
                    return "bzip2-compressed data"
                continue
            return name
    return None


def control_ratio(text: str) -> float:
    sample = text[:_SNIFF]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample
              if ch not in "\t\n\r\f\v" and unicodedata.category(ch) == "Cc")
    return bad / len(sample)


def decode_bytes(data: bytes, *, where: str, encoding: str | None = None,
                 errors: str = "strict") -> str:
    """Decode ``data`` to text.

    ``encoding`` forces a codec (e.g. the charset an HTTP server announced); otherwise a
    byte-order mark decides, and UTF-8 is the default. ``errors="replace"`` is the lenient
    mode: invalid bytes become U+FFFD instead of raising E103.
    """
    codec = None
    for mark, name in _BOMS:
        if data.startswith(mark):
            codec, data = name, data[len(mark):]
            break
    if codec is None:
        what = _magic(data)
        if what:
            raise InputError(Errors.E102.format(where=where, detail=what))
        # NUL bytes never occur in UTF-8 text but do in UTF-16 without a BOM and in binaries.
        nul = data.find(b"\x00", 0, _SNIFF)
        if nul >= 0:
            raise InputError(Errors.E102.format(where=where, detail=f"NUL byte at offset {nul}"))
        codec = encoding or "utf-8"
    try:
        text = data.decode(codec, errors=errors)
    except UnicodeDecodeError as e:
        sample = data[:_SNIFF].decode(codec, errors="replace")
        if sample.count("\ufffd") > INVALID_RATIO * max(len(sample), 1):
            raise InputError(Errors.E102.format(
                where=where, detail="most bytes are not text in any Unicode encoding")) from e
        raise InputError(Errors.E103.format(where=where, pos=e.start)) from e
    except LookupError as e:
        raise InputError(Errors.E103.format(where=where, pos=0)
                         + f" (unknown encoding '{codec}')") from e
    ratio = control_ratio(text)
    if ratio > CONTROL_RATIO:
        raise InputError(Errors.E102.format(
            where=where, detail=f"{ratio:.0%} control characters"))
    return text


# Mojibake: UTF-8 bytes once read as Windows-1252 ("â€™" for "’", "Ã©" for "é").
_MOJIBAKE_MARKS = ("â€", "Ã©", "Ã¨", "Ã¡", "Ã³", "Ã±", "Ã¼", "Ã¶", "Ã¤", "Ã", "Â ", "Â\xa0")


def _sloppy_cp1252_bytes(text: str) -> bytes:
    """Windows-1252 encoding, with its five undefined bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D)
    passed through as Latin-1: that is how mojibake of "”" (E2 80 9D) usually arrives."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) > 0xFF:
                raise
            out.append(ord(ch))
    return bytes(out)


def repair_mojibake(text: str) -> str:
    """Undo one round of UTF-8-read-as-cp1252 when that is clearly what happened.

    The repair is kept only if it round-trips exactly and removes the telltale
    sequences, so correct text (even text that mentions "Ã") is left alone.
    """
    marks = sum(text.count(m) for m in _MOJIBAKE_MARKS[:2])
    if marks < 2 and "Ã" not in text:
        return text
    try:
        fixed = _sloppy_cp1252_bytes(text).decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text
    before = sum(text.count(m) for m in _MOJIBAKE_MARKS)
    after = sum(fixed.count(m) for m in _MOJIBAKE_MARKS)
    return fixed if after < before else text

"""Hostile and changing inputs: decompression bombs, file names that are not UTF-8, unreadable
folders, files rewritten while read, documents over the per-document budget. Each is one
document's catalogued failure; the rest of the archive and of the batch is read."""
from __future__ import annotations

import gzip
import io
import os
import tracemalloc
from pathlib import Path

import pytest

from eventwire.errors import InputError
from eventwire.ingest import ReadFailure, iter_articles, read_file, read_text
from eventwire.ingest import warc as warc_reader
from ingest_samples import BODY, PAGE

MB = 1024 * 1024


class _Zeros(io.RawIOBase):
    """``n`` zero bytes, produced as they are read (the bomb is never in memory here either)."""

    def __init__(self, n: int) -> None:
        self.left = n

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        k = min(len(b), self.left)
        b[:k] = bytes(k)
        self.left -= k
        return k


def _bomb_warc(path: Path, zeros: int) -> None:
    """A page, a record whose payload is ``zeros`` zero bytes (gzip: ~1000 times smaller on
    disk), and another page."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    with open(path, "wb") as out:
        w = WARCWriter(out, gzip=True)

        def record(url, payload, length=None):
            hh = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(url, "response", payload=payload, http_headers=hh,
                                                length=length))
        record("https://news.example.org/a", io.BytesIO(PAGE.encode()))
        record("https://bomb.example.org/", io.BufferedReader(_Zeros(zeros), MB), length=zeros + len(head))
        record("https://news.example.org/b", io.BytesIO(PAGE.replace("Quetta", "Peshawar").encode()))


def _read_all(paths, **opts):
    """Items read, and the peak of Python memory while reading them (after a warm-up page)."""
    read_text(PAGE, where="<warm-up>", html=True)       # trafilatura's imports and caches
    tracemalloc.start()
    try:
        items = list(iter_articles(paths, **opts))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return items, peak


def test_warc_bomb_record_is_skipped_without_being_held_and_the_archive_goes_on(tmp_path):
    path = tmp_path / "bomb.warc.gz"
    _bomb_warc(path, 100 * MB)
    assert path.stat().st_size < MB                     # 100 MB of zeros in ~100 KB
    items, peak = _read_all([path], max_mb=1)
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["Article", "ReadFailure", "Article"]
    assert items[1].code == "E121" and items[1].where.endswith("#record2")
    assert "\n" not in items[1].error and "Raise --max-mb" in items[1].error
    assert "Peshawar" in items[2].text                   # the record after the bomb is read
    assert peak < 40 * MB, f"peak {peak / MB:.1f} MB: the bomb was held in memory"


def test_archive_past_its_decompression_cap_stops_with_e122(tmp_path, monkeypatch):
    path = tmp_path / "bomb.warc.gz"
    _bomb_warc(path, 100 * MB)
    monkeypatch.setattr(warc_reader, "ARCHIVE_MIN_MB", 16)     # cap: 16 MB for this small file
    items, peak = _read_all([path], max_mb=100)
    assert [type(i).__name__ for i in items] == ["Article", "ReadFailure"]
    assert items[1].code == "E122" and "1 pages read" in items[1].error
    assert peak < 40 * MB, f"peak {peak / MB:.1f} MB"


def test_gzip_of_zeros_named_warc_is_refused_as_damaged_without_a_giant_line(tmp_path):
    path = tmp_path / "zeros.warc.gz"
    with gzip.open(path, "wb") as f:
        block = bytes(MB)
        for _ in range(100):
            f.write(block)
    good = tmp_path / "good.txt"
    good.write_text("Bomb kills five\n\n" + BODY, encoding="utf-8")
    items, peak = _read_all([path, good])
    assert [type(i).__name__ for i in items] == ["ReadFailure", "Article"]
    assert items[0].code == "E111"
    assert peak < 40 * MB, f"peak {peak / MB:.1f} MB: the line of 100 MB of zeros was held"


@pytest.mark.skipif(os.name != "posix", reason="byte file names are a POSIX matter")
def test_a_file_name_that_is_not_utf8_is_that_files_failure_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a-good.txt").write_text("Bomb kills five\n\n" + BODY, encoding="utf-8")
    bad = os.path.join(os.fsencode(folder), b"caf\xe9-report.txt")
    with open(bad, "wb") as f:
        f.write(BODY.encode())
    (folder / "z-good.txt").write_text("Blast in Peshawar\n\n" + BODY.replace("Quetta", "Peshawar"),
                                       encoding="utf-8")
    items = list(iter_articles([folder]))
    assert [type(i).__name__ for i in items] == ["Article", "ReadFailure", "Article"]
    failure = items[1]
    assert failure.code == "E123"
    assert "caf\\xe9-report.txt" in failure.where and "caf\\xe9" in failure.error
    failure.error.encode("utf-8")                      # printable and storable as it is
    failure.where.encode("utf-8")


@pytest.mark.skipif(os.name != "posix", reason="byte file names are a POSIX matter")
def test_the_ingest_of_a_folder_with_a_non_utf8_name_stores_the_others(tmp_path):
    from eventwire.runner.local import ingest

    folder = tmp_path / "news"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"\xff\xfe.txt"), "wb") as f:
        f.write(BODY.encode())
    (folder / "good.txt").write_text("Bomb kills five\n\n" + BODY, encoding="utf-8")
    report = ingest([str(folder)], str(tmp_path / "x.db"), workers=1, fuse=False,
                    pipeline="eventwire.store.testing:KeywordPipeline")
    assert report.stored == 1
    assert [f.code for f in report.failures] == ["E123"]
    report.summary().encode("utf-8")


def test_an_unreadable_subfolder_is_listed_as_a_failure(tmp_path, monkeypatch):
    folder = tmp_path / "news"
    (folder / "locked").mkdir(parents=True)
    (folder / "locked" / "x.txt").write_text(BODY, encoding="utf-8")
    (folder / "good.txt").write_text("Bomb kills five\n\n" + BODY, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path="."):
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)         # as root, chmod 000 would not stop us
    items = list(iter_articles([folder]))
    kinds = sorted(type(i).__name__ for i in items)
    assert kinds == ["Article", "ReadFailure"]
    failure = next(i for i in items if isinstance(i, ReadFailure))
    assert failure.code == "E124" and "locked" in failure.where and "Permission denied" in failure.error


def test_a_file_that_grows_while_read_is_read_again_not_stored_truncated(tmp_path, monkeypatch):
    path = tmp_path / "live.txt"
    half = "Bomb kills five\n\n" + BODY
    path.write_text(half, encoding="utf-8")
    real = Path.read_bytes
    calls = []

    def read_bytes(self):
        data = real(self)
        if self == path and not calls:                  # the writer appends during the first read
            calls.append(1)
            with open(path, "a", encoding="utf-8") as f:
                f.write("\n\nLater, officials said the toll rose to nine.")
        return data

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    article = read_file(path)
    assert article.text.endswith("the toll rose to nine.")


def test_a_file_that_keeps_changing_is_refused_with_e125(tmp_path, monkeypatch):
    path = tmp_path / "live.txt"
    path.write_text("Bomb kills five\n\n" + BODY, encoding="utf-8")
    real = Path.read_bytes

    def read_bytes(self):
        data = real(self)
        with open(self, "a", encoding="utf-8") as f:
            f.write(" More.")
        return data

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    with pytest.raises(InputError) as e:
        read_file(path)
    assert e.value.code == "E125" and "not stored" in str(e.value)


def test_a_document_over_the_character_budget_is_refused_and_the_batch_goes_on(tmp_path):
    big = tmp_path / "a-big.txt"
    big.write_text("Big dump\n\n" + (BODY + "\n\n") * 40, encoding="utf-8")
    good = tmp_path / "b-good.txt"
    good.write_text("Bomb kills five\n\n" + BODY, encoding="utf-8")
    items = list(iter_articles([big, good], max_chars=5000))
    assert [type(i).__name__ for i in items] == ["ReadFailure", "Article"]
    msg = items[0].error
    assert items[0].code == "E120"
    assert msg.startswith(f"[E120] {big}: ") and msg.endswith("split it or raise --max-chars.")
    with pytest.raises(InputError):
        read_text(BODY * 40, where="<text>", max_chars=5000)
    assert read_text(BODY * 40, where="<text>", max_chars=0).text   # 0: no budget


def test_extract_and_ingest_refuse_over_max_chars_with_one_line(tmp_path):
    from click.testing import CliRunner

    from eventwire.cli import main

    big = tmp_path / "big.txt"
    big.write_text("Big dump\n\n" + (BODY + "\n\n") * 10, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(big), "--max-chars", "1000"])
    assert result.exit_code == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: [E120]") and "--max-chars" in lines[0]
    good = tmp_path / "good.txt"
    good.write_text("Bomb kills five\n\n" + BODY, encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", str(big), str(good), "--db", str(tmp_path / "x.db"),
                                       "--workers", "1", "--no-fuse", "--max-chars", "1000",
                                       "--pipeline", "eventwire.store.testing:KeywordPipeline"])
    assert result.exit_code == 1, result.output
    assert "1 stored" in result.output and "[E120]" in result.output

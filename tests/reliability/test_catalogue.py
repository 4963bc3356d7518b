"""Every file-level row of the bad-input catalogue, through the readers and `eventwire extract`."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from bad_inputs import ARTICLE, BODY, CASES, PAGE, by_id, markdown_table
from eventwire.cli import main
from eventwire.errors import InputError
from eventwire.ingest import ReadFailure, file_kind, iter_articles, read_file

REPO = Path(__file__).resolve().parents[2]
FILE_CASES = [c for c in CASES if c.level == "file" and c.make]
BATCH_CASES = [c for c in CASES if c.level == "batch" and c.make]


def _write(tmp_path: Path, case) -> Path:
    name, data = case.make()
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("case", FILE_CASES, ids=lambda c: c.id)
def test_file_case_reader(tmp_path, case):
    path = _write(tmp_path, case)
    opts = case.opts or {}
    if case.code:
        with pytest.raises(InputError) as e:
            read_file(path, **opts)
        message = str(e.value)
        assert e.value.code == case.code, message
        assert "\n" not in message and message.startswith(f"[{case.code}] {path}")
        assert e.value.exit_code == int(case.exit)
    else:
        article = read_file(path, **opts)
        assert article.text.strip() and article.origin == str(path)
        assert "\ufeff" not in article.text and "\r" not in article.text


@pytest.mark.parametrize("case", [c for c in FILE_CASES if c.code], ids=lambda c: c.id)
def test_file_case_cli_one_line_and_exit_code(tmp_path, case):
    """Refused inputs never reach the NLP: one line on stderr, the documented exit code."""
    path = _write(tmp_path, case)
    args = ["extract", str(path)]
    for key, value in (case.opts or {}).items():
        args += [f"--{key.replace('_', '-')}", str(value)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == int(case.exit), result.output
    err = result.stderr.strip()
    assert err.startswith(f"Error: [{case.code}] ") and "\n" not in err, err
    assert "Traceback" not in result.output
    assert result.stdout == ""


@pytest.mark.parametrize("case", BATCH_CASES, ids=lambda c: c.id)
def test_batch_case_reports_and_goes_on(tmp_path, case):
    path = _write(tmp_path, case)
    items = list(iter_articles(path))
    failures = [x for x in items if isinstance(x, ReadFailure)]
    articles = [x for x in items if not isinstance(x, ReadFailure)]
    assert case.code in [f.code for f in failures], failures
    for f in failures:
        assert "\n" not in f.error and f.error.startswith(f"[{f.code}] {f.where}")
        assert f.where.startswith(str(path))
    # Every case with a good record next to the bad one still yields that record.
    name, data = case.make()
    if BODY.encode() in data and case.id not in ("billion-laughs",):
        assert articles, f"{case.id}: the good records were lost"
    if case.id == "billion-laughs":
        assert all(len(a.title or "") < 100 for a in articles)   # no entity expansion


def test_jsonl_failures_name_the_line(tmp_path):
    path = _write(tmp_path, by_id("jsonl-broken-line"))
    (failure,) = [x for x in iter_articles(path) if isinstance(x, ReadFailure)]
    assert failure.where == f"{path}:2"


def test_warc_truncated_keeps_pages_before_the_cut(tmp_path):
    path = _write(tmp_path, by_id("warc-truncated"))
    items = list(iter_articles(path))
    assert [type(x).__name__ for x in items] == ["Article", "Article", "ReadFailure"]


def test_missing_path(tmp_path):
    (failure,) = list(iter_articles(tmp_path / "gone.txt"))
    assert failure.code == by_id("missing").code
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "gone.txt")])
    assert result.exit_code == 3 and result.stderr.startswith("Error: [E112]")


def test_url_unreachable():
    (failure,) = list(iter_articles("http://127.0.0.1:9/article.html", timeout=2))
    assert failure.code == by_id("url-unreachable").code


def test_folder_junk_skipped(tmp_path):
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(100))
    (tmp_path / "report.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b.html").write_text(PAGE)
    items = list(iter_articles(tmp_path))
    assert [type(x).__name__ for x in items] == ["Article", "Article"]


def test_a_batch_of_every_bad_file_goes_on_and_lists_each_failure(tmp_path):
    """All catalogue files in one folder plus two good articles: nothing stops the batch."""
    expected = {}
    for i, case in enumerate(FILE_CASES + BATCH_CASES):
        if case.opts or case.id in ("50mb", "20mb"):
            continue          # needs options / big: covered above
        folder = tmp_path / f"{i:02d}-{case.id}"
        folder.mkdir()
        path = _write(folder, case)
        if case.code and file_kind(path):      # folders skip files of unsupported types
            expected[case.id] = (case.code, str(path))
    (tmp_path / "zz-good.txt").write_text(ARTICLE)
    (tmp_path / "zz-good.html").write_text(PAGE)
    items = list(iter_articles(tmp_path))
    failures = [x for x in items if isinstance(x, ReadFailure)]
    for case_id, (code, where) in expected.items():
        assert any(f.code == code and f.where.startswith(where) for f in failures), case_id
    origins = [x.origin for x in items if not isinstance(x, ReadFailure)]
    assert str(tmp_path / "zz-good.txt") in origins and str(tmp_path / "zz-good.html") in origins


def test_docs_carry_the_catalogue():
    doc = (REPO / "docs" / "bad-input.md").read_text(encoding="utf-8")
    assert markdown_table() in doc, "regenerate: python tests/reliability/bad_inputs.py"
    assert len(CASES) >= 30


def test_ingest_batch_goes_on_lists_failures_and_exits_1(tmp_path):
    """`eventwire ingest` over every bad catalogue file plus good ones: all good ones stored,
    the failures listed at the end, exit code 1."""
    corpus = tmp_path / "corpus"
    n_bad = 0
    for i, case in enumerate(FILE_CASES + BATCH_CASES):
        if case.opts or case.id in ("50mb", "20mb") or not case.code:
            continue
        folder = corpus / f"{i:02d}"
        folder.mkdir(parents=True)
        n_bad += file_kind(_write(folder, case)) is not None
    (corpus / "good.txt").write_text(ARTICLE)
    (corpus / "good.html").write_text(PAGE.replace("five", "six"))
    db = tmp_path / "batch.db"
    result = CliRunner().invoke(main, ["ingest", str(corpus), "--db", str(db), "--workers", "1",
                                       "--no-progress", "--pipeline", "light_pipeline:make"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    failed_lines = [line for line in result.stdout.splitlines() if line.strip().startswith("failed: [E")]
    assert len(failed_lines) >= min(n_bad, 10)
    from eventwire.store import Store
    with Store(str(db)) as store:
        assert store.stats()["articles"] >= 3        # both good files and the good JSONL/feed/WARC records

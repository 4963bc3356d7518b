"""Word lists as data, through one accessor."""
import pytest

from eventwire import lexicon
from eventwire.errors import DataError


def test_every_lexicon_file_loads_and_is_not_empty():
    assert lexicon.names()
    for name in lexicon.names():
        path = lexicon.LEXICON_DIR / name
        if path.with_suffix(".txt").exists():
            assert lexicon.words(name), name
        if path.with_suffix(".toml").exists():
            assert lexicon.table(name), name


def test_comments_and_blank_lines_are_not_entries(tmp_path, monkeypatch):
    monkeypatch.setattr(lexicon, "LEXICON_DIR", tmp_path)
    (tmp_path / "demo.txt").write_text("# a comment\nsay\n\n  tell   # trailing\nroadside bomb\n")
    lexicon.entries.cache_clear(); lexicon.words.cache_clear()
    try:
        assert lexicon.entries("demo") == ("say", "tell", "roadside bomb")
        with pytest.raises(DataError) as e:
            lexicon.words("absent")
        assert str(e.value).startswith("[E503] the lexicon file") and e.value.exit_code == 5
    finally:
        lexicon.entries.cache_clear(); lexicon.words.cache_clear()

"""Word lists, maps and patterns as data: ``resources/lexicon/``, read through one accessor.

    from eventwire import lexicon
    lexicon.words("speech_verbs")          # frozenset of the lines of speech_verbs.txt
    lexicon.words("events/person_nouns")   # files may sit in a folder per area
    lexicon.table("event_families")        # read-only mapping from event_families.toml
    lexicon.pattern("dateline")            # compiled regex from patterns.toml
    lexicon.patterns("dates")              # an ordered group of them

Like PETRARCH2's dictionary files, the vocabulary the rules use lives in plain files a coder can
read and change without touching code: ``NAME.txt`` holds one entry per line (``#`` starts a
comment; entries may contain spaces), ``NAME.toml`` holds maps and tables. A missing or unreadable
file is a catalogued error (exit 5), never a silent empty list. Each file is read once per process.
"""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from .errors import DataError, Errors
from .settings import frozen

LEXICON_DIR = Path(__file__).resolve().parent / "resources" / "lexicon"


def _path(name: str, suffix: str) -> Path:
    path = LEXICON_DIR / f"{name}{suffix}"
    if not path.is_file():
        raise DataError(Errors.E503.format(what="lexicon file", path=path))
    return path


@lru_cache(maxsize=None)
def entries(name: str) -> tuple[str, ...]:
    """The entries of ``NAME.txt`` in file order (for lists whose order matters)."""
    path = _path(name, ".txt")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise DataError(Errors.E504.format(what="lexicon file", path=path, detail=e)) from e
    out = []
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return tuple(out)


@lru_cache(maxsize=None)
def words(name: str) -> frozenset[str]:
    """The entries of ``NAME.txt`` as a set."""
    return frozenset(entries(name))


@lru_cache(maxsize=None)
def table(name: str) -> Mapping[str, Any]:
    """``NAME.toml`` as a read-only mapping (arrays become tuples)."""
    path = _path(name, ".toml")
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise DataError(Errors.E504.format(what="lexicon file", path=path, detail=e)) from e
    return frozen(data)


_PART = re.compile(r"<<(\w+)(:anon)?>>")


def _expand(source: str, parts: Mapping[str, str]) -> str:
    def part(m: re.Match) -> str:
        text = parts[m.group(1)]
        return re.sub(r"\(\?P<\w+>", "(?:", text) if m.group(2) else text
    return _PART.sub(part, source)


@lru_cache(maxsize=None)
def pattern(name: str) -> re.Pattern:
    """The regular expression ``name`` of ``patterns.toml`` ("dates.iso", "dateline"), compiled,
    with its ``<<part>>`` references expanded."""
    entry: Any = table("patterns")
    for key in name.split("."):
        entry = entry.get(key) if isinstance(entry, Mapping) else None
    if not isinstance(entry, Mapping) or "regex" not in entry:
        raise DataError(Errors.E503.format(what=f"pattern '{name}' in lexicon file",
                                           path=LEXICON_DIR / "patterns.toml"))
    flags = re.I if "i" in entry.get("flags", "") else 0
    return re.compile(_expand(entry["regex"], table("patterns")["parts"]), flags)


def patterns(group: str) -> list[tuple[str, re.Pattern]]:
    """The patterns of a group of ``patterns.toml`` in file order: ``[(name, regex), …]``."""
    return [(key, pattern(f"{group}.{key}")) for key in table("patterns")[group]]


def names() -> list[str]:
    """Every lexicon file's name: its path under ``resources/lexicon/`` without the suffix."""
    return sorted({p.relative_to(LEXICON_DIR).with_suffix("").as_posix()
                   for p in LEXICON_DIR.rglob("*") if p.suffix in (".txt", ".toml")})

"""The dateline that opens a wire story: "KABUL (Reuters) -", "JALALABAD, Afghanistan, Aug. 18 --".

It says where and when the story was filed, not where or when anything happened: its date is
the reporting date, its words are no actor ("MEXICO CITY" is not who attacked), and its city is
only a last resort for an event that names no place of its own.
"""
from __future__ import annotations

from typing import Optional

from .. import lexicon

# "KABUL (Reuters) -", "JALALABAD, Afghanistan, Aug. 18 --" (resources/lexicon/patterns.toml)
_DATELINE = lexicon.pattern("dateline")


def find_dateline(text: str) -> Optional[tuple[int, int, str]]:
    """``(start, end, city)`` of the dateline at the start of ``text``, or None."""
    m = _DATELINE.match(text)
    if m is None or len(m.group("city").replace(" ", "")) < 3:
        return None
    return m.start("city"), m.end(), m.group("city")

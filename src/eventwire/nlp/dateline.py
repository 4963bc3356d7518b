"""The dateline that opens a wire story: "KABUL (Reuters) -", "JALALABAD, Afghanistan, Aug. 18 --".

It says where and when the story was filed, not where or when anything happened: its date is
the reporting date, its words are no actor ("MEXICO CITY" is not who attacked), and its city is
only a last resort for an event that names no place of its own.
"""
from __future__ import annotations

import re
from typing import Optional

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATELINE = re.compile(
    r"^\s*(?P<city>[A-Z][A-Z'’.\-]+(?: [A-Z][A-Z'’.\-]+){0,3})"        # KABUL, NEW DELHI
    r"(?:,\s*[A-Z][A-Za-z.'’\-]+(?: [A-Z][A-Za-z.'’\-]+){0,3})?"          # , Afghanistan
    rf"(?:,\s*{_MONTH}\s+\d{{1,2}})?"                                     # , Aug. 18
    r"\s*(?:\([^)\n]{1,40}\))?"                                           # (Reuters)
    r"\s*(?:--|—|–|-)\s+")                                                # -- / -


def find_dateline(text: str) -> Optional[tuple[int, int, str]]:
    """``(start, end, city)`` of the dateline at the start of ``text``, or None."""
    m = _DATELINE.match(text)
    if m is None or len(m.group("city").replace(" ", "")) < 3:
        return None
    return m.start("city"), m.end(), m.group("city")

"""One case detector: ordinary mixed-case text, or case-less copy (MUC-4's lower case, a wire's
upper case). spaCy's tagger, parser and NER guess on case-less text, so the extractors and the
place resolver lean on other evidence there."""
from __future__ import annotations

from typing import Optional

from ..settings import Settings


def is_cased(text: str, settings: Optional[Settings] = None) -> bool:
    """True when the share of upper-case letters in the first ``case_sample_chars`` characters
    lies within ``[cased_min_upper, cased_max_upper]`` (``[nlp]`` settings)."""
    s = (settings or Settings.load()).nlp
    letters = [c for c in text[:s.case_sample_chars] if c.isalpha()]
    if not letters:
        return False
    upper = sum(c.isupper() for c in letters) / len(letters)
    return s.cased_min_upper <= upper <= s.cased_max_upper

"""One case detector: ordinary mixed-case text, or case-less copy (MUC-4's lower case, a wire's
upper case). spaCy's tagger, parser and NER guess on case-less text, so the extractors and the
place resolver lean on other evidence there."""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

from ..settings import Settings


def is_cased(text: str, settings: Optional[Settings] = None) -> bool:
    """True when the share of upper-case letters in the first ``case_sample_chars`` characters
    lies within ``[cased_min_upper, cased_max_upper]`` (``[nlp]`` settings)."""
    s = (settings or Settings.load()).nlp
    return _is_cased(text[:s.case_sample_chars], s.cased_min_upper, s.cased_max_upper)


@lru_cache(maxsize=64)
def _is_cased(sample: str, min_upper: float, max_upper: float) -> bool:
    # remembered per sample: the nlp layer and every extractor ask it of the same article text
    # (about six times an article, more with many events)
    letters = list(filter(str.isalpha, sample))
    if not letters:
        return False
    upper = sum(map(str.isupper, letters)) / len(letters)
    return min_upper <= upper <= max_upper

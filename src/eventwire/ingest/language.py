"""Which language an article is in (langdetect, seeded so runs repeat exactly)."""
from __future__ import annotations

import threading

# Below this many letters langdetect guesses too often (headlines, captions): no verdict.
MIN_LETTERS = 120
# Detection reads this much text; more adds time, not accuracy.
SAMPLE_CHARS = 3000
# A verdict needs this probability; otherwise the text is mixed or too odd to call.
MIN_PROBABILITY = 0.80

_lock = threading.Lock()
_ready = False


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text``'s language, or None when there is too little text to tell."""
    global _ready
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return None
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException
    with _lock:    # langdetect keeps a global factory; build it once, seeded
        if not _ready:
            DetectorFactory.seed = 0
            _ready = True
        try:
            best = detect_langs(sample)[0]
        except LangDetectException:
            return None
    if best.prob < MIN_PROBABILITY:
        return None
    return best.lang

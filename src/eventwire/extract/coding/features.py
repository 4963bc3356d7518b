"""Hashed sparse features of a short event description (or of an event's sentences).

Words (lower-cased, digits folded), word bigrams and five-letter stems ("shelled"/"shelling"
share "shell"), plus the actor-type features of ``actors.actor_features``. Hashing uses CRC32
so the features are the same in every process (Python's ``hash`` is salted).
"""
from __future__ import annotations

import re
import zlib
from typing import Iterable

N_FEATURES = 1 << 16
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?|\d+(?:[.,]\d+)*")
# dates and tolls are in every description; their words say nothing about the type
_STOP = {"on", "the", "a", "an", "of", "in", "and", "to", "at", "by", "was", "were", "as", "with",
         "january", "february", "march", "april", "may", "june", "july", "august", "september",
         "october", "november", "december", "around", "between"}


def tokens(text: str) -> list[tuple[str, int, int]]:
    out = []
    for m in _WORD.finditer(text):
        w = m.group().lower().replace("’", "'")
        if w[0].isdigit():
            w = "<num>"
        out.append((w, m.start(), m.end()))
    return out


def _h(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) % N_FEATURES


def token_features(text: str) -> list[tuple[list[int], int, int]]:
    """Per token: the hashed features it takes part in, with its character span (for evidence)."""
    toks = tokens(text)
    out = []
    prev = "<s>"
    for w, s, e in toks:
        feats = []
        if w not in _STOP and w != "<num>":
            feats.append(_h("w:" + w))
            if len(w) > 5:
                feats.append(_h("p:" + w[:5]))
        feats.append(_h("b:" + prev + "_" + w))
        out.append((feats, s, e))
        prev = w
    return out


def text_features(text: str, extra: Iterable[str] = ()) -> list[int]:
    feats = [f for fs, _, _ in token_features(text) for f in fs]
    feats.extend(_h("x:" + x) for x in extra)
    feats.append(_h("bias"))
    return feats


def hashed(names: Iterable[str]) -> list[int]:
    return [_h("x:" + x) for x in names]

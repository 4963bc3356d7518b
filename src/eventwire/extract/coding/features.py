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


class _Hashes(dict):
    """feature → ``_h(feature)``, remembered (the words of event sentences recur); bounded."""

    def __missing__(self, feature: str) -> int:
        if len(self) > 200_000:
            self.clear()
        h = self[feature] = _h(feature)
        return h


_H = _Hashes()


def token_features(text: str) -> list[tuple[list[int], int, int]]:
    """Per token: the hashed features it takes part in, with its character span (for evidence)."""
    toks = tokens(text)
    out = []
    prev = "<s>"
    for w, s, e in toks:
        feats = []
        if w not in _STOP and w != "<num>":
            feats.append(_H["w:" + w])
            if len(w) > 5:
                feats.append(_H["p:" + w[:5]])
        feats.append(_H["b:" + prev + "_" + w])
        out.append((feats, s, e))
        prev = w
    return out


def text_features(text: str, extra: Iterable[str] = ()) -> list[int]:
    feats = [f for fs, _, _ in token_features(text) for f in fs]
    feats.extend(_h("x:" + x) for x in extra)
    feats.append(_h("bias"))
    return feats


_SKIP_ENTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "GPE", "LOC", "FAC", "QUANTITY", "PERCENT", "MONEY"}


def _word(tok) -> str:
    """A token as a parse feature sees it: the lemma of a common word, the entity label of a name."""
    if tok.pos_ == "PROPN" or tok.ent_type_:
        return "<" + (tok.ent_type_ or "name").lower() + ">"
    return tok.lemma_.lower()


def parse_features(spans) -> list[str]:
    """Features from the dependency parse of the text's sentences (spaCy Spans): lemmas of the
    content words ("fired", "firing" -> fire), the main verb, and who did what to whom: verb and
    object ("throw_grenade"), subject and verb ("police_disperse"), verb, preposition and its
    object ("fire_on_crowd"). Names become their entity label, dates and places are left out."""
    out = []
    for span in spans:
        for tok in span:
            if tok.is_stop or tok.is_punct or tok.like_num or tok.ent_type_ in _SKIP_ENTS:
                continue
            if tok.pos_ in ("VERB", "NOUN", "ADJ") and not tok.ent_type_:
                out.append("l:" + tok.lemma_.lower())
            if tok.pos_ != "VERB":
                continue
            verb = tok.lemma_.lower()
            if tok.dep_ == "ROOT":
                out.append("root:" + verb)
            for c in tok.children:
                if c.dep_ in ("dobj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN"):
                    out.append(f"vo:{verb}_{_word(c)}")
                elif c.dep_ in ("nsubj", "agent") and c.pos_ in ("NOUN", "PROPN"):
                    out.append(f"sv:{_word(c)}_{verb}")
                elif c.dep_ == "prep":
                    for g in c.children:
                        if g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN"):
                            out.append(f"vp:{verb}_{c.lower_}_{_word(g)}")
    return out


def hashed(names: Iterable[str]) -> list[int]:
    return [_H["x:" + x] for x in names]

"""Noun phrases of the parse → actors: the speaker of a quote, the head or tail of a tie.

Shared by ``quotes`` and ``relations``. A token is resolved to an actor (an
``Entity`` of the Analysis) in this order:

1. the entity with a mention that holds the token itself ("Chinese Foreign Ministry
   spokesman Geng Shuang": the head is "Shuang", so Geng Shuang, not the ministry);
2. an appositive that names one ("BLA's ally, Dr Allah Nazar");
3. a pronoun: the nearest person (he/she) or organization (it/they) mentioned before it,
   outside quoted text ("“…,” he said" must not pick a name inside the quote);
4. a relative pronoun ("who said"): the noun the clause hangs on;
5. a role noun ("the spokesman"): the nearest actor named earlier with that role
   (``Entity.attributes["roles"]`` from the nlp layer).
"""
from __future__ import annotations

from bisect import bisect_right
from typing import Optional, Sequence

from spacy.tokens import Token

from .. import lexicon
from ..model import Argument, Entity

PERSON_PRONOUNS = lexicon.words("extract/speakers_person_pronouns")
GROUP_PRONOUNS = lexicon.words("extract/speakers_group_pronouns")
RELATIVE_PRONOUNS = lexicon.words("extract/speakers_relative_pronouns")
QUANTIFIERS = lexicon.words("extract/speakers_quantifiers")
_LEFT_DEPS = frozenset({"compound", "det", "amod", "poss", "nummod", "nmod", "flat", "quantmod",
                        "case", "predet"})
_RIGHT_DEPS = frozenset({"compound", "flat", "case"})
GROUP_TYPES = ("ORG", "NORP", "GPE")


class ActorIndex:
    """Entity mentions of one analysis, and the quoted stretches to skip when looking back."""

    def __init__(self, analysis, quoted: Sequence[tuple[int, int]] = ()):
        self.analysis = analysis
        self.entities: list[Entity] = list(analysis.entities)
        self._mentions = sorted((m.start, m.end, e) for e in self.entities for m in e.mentions)
        self._starts = [m[0] for m in self._mentions]
        self._quoted = sorted(quoted)
        self._quoted_starts = [q[0] for q in self._quoted]

    # --- lookups ------------------------------------------------------------------------
    def entity_holding(self, char: int) -> Optional[tuple[int, int, Entity]]:
        """The mention (start, end, entity) that contains character ``char``."""
        i = bisect_right(self._starts, char) - 1
        while i >= 0 and char - self._mentions[i][0] <= 300:     # mentions are short
            s, e, ent = self._mentions[i]
            if s <= char < e:
                return s, e, ent
            i -= 1
        return None

    def _inside_quote(self, start: int, end: int) -> bool:
        k = bisect_right(self._quoted_starts, start) - 1
        return k >= 0 and end <= self._quoted[k][1]

    def nearest_before(self, char: int, types: Sequence[str], *, role: Optional[str] = None,
                       max_back: int = 3000) -> Optional[tuple[int, int, Entity]]:
        i = bisect_right(self._starts, char) - 1
        while i >= 0:
            s, e, ent = self._mentions[i]
            if char - s > max_back:
                break
            if e <= char and ent.type in types and not self._inside_quote(s, e):
                if role is None or _has_role(ent, role):
                    return s, e, ent
            i -= 1
        return None

    # --- noun phrases -------------------------------------------------------------------
    def phrase(self, tok: Token) -> tuple[int, int]:
        """Character span of the noun phrase headed by ``tok`` (no appositives/relatives)."""
        held = self.entity_holding(tok.idx)
        if held is not None:
            return held[0], held[1]
        doc = tok.doc
        left, right = tok.i, tok.i
        for child in tok.lefts:
            if child.dep_ in _LEFT_DEPS:
                left = min(left, child.left_edge.i)
        for child in tok.rights:
            if child.dep_ in _RIGHT_DEPS:
                right = max(right, child.right_edge.i)
            elif child.dep_ == "prep" and child.lower_ == "of" and tok.lower_ in QUANTIFIERS:
                right = max(right, child.right_edge.i)      # "two of the leaders"
        while left < right and (doc[left].is_punct or doc[left].is_space):
            left += 1
        return doc[left].idx, doc[right].idx + len(doc[right].text)

    def resolve(self, tok: Token, *, depth: int = 0) -> tuple[Optional[Entity], float]:
        """The actor a noun-phrase head refers to, and how sure the rule is."""
        held = self.entity_holding(tok.idx)
        if held is not None:
            return held[2], 1.0
        for child in tok.children:
            if child.dep_ == "appos":
                held = self.entity_holding(child.idx)
                if held is not None:
                    return held[2], 0.9
        low = tok.lower_
        if tok.pos_ == "PRON" or low in RELATIVE_PRONOUNS or low == "whose":
            if low in RELATIVE_PRONOUNS and tok.head.dep_ == "relcl" and depth < 2:
                ent, conf = self.resolve(tok.head.head, depth=depth + 1)
                return ent, conf * 0.9
            if low == "whose" and depth < 2:             # "Boko Haram, whose leader …"
                clause = tok.head
                while clause.dep_ != "relcl" and clause.head.i != clause.i and clause.i - tok.i < 8:
                    clause = clause.head
                if clause.dep_ == "relcl":
                    ent, conf = self.resolve(clause.head, depth=depth + 1)
                    return ent, conf * 0.9
                return None, 0.0
            if low in PERSON_PRONOUNS:
                found = self.nearest_before(tok.idx, ("PERSON",))
                return (found[2], 0.75) if found else (None, 0.0)
            if low in GROUP_PRONOUNS:
                found = self.nearest_before(tok.idx, GROUP_TYPES if low == "it" else ("ORG", "NORP"))
                return (found[2], 0.5) if found else (None, 0.0)
            return None, 0.0
        if tok.pos_ == "NOUN":
            found = self.nearest_before(tok.idx, ("PERSON",), role=tok.lemma_.lower(), max_back=20000)
            if found is not None:
                return found[2], 0.8
        return None, 0.0

    def argument(self, tok: Token, *, confidence: float = 1.0) -> Argument:
        start, end = self.phrase(tok)
        if self.entity_holding(tok.idx) is None:
            # "BLA's ally, Dr Allah Nazar": the named appositive is the better mention
            named = next((self.entity_holding(c.idx) for c in tok.children
                          if c.dep_ == "appos" and self.entity_holding(c.idx)), None)
            if named is not None:
                start, end = named[0], named[1]
        text = self.analysis.text[start:end]
        ent, sure = self.resolve(tok)
        if ent is None:
            return Argument(name=text, start=start, end=end, text=text, kind=_kind_of_phrase(tok),
                            confidence=round(confidence * 0.6, 2))
        return Argument(name=ent.name, start=start, end=end, text=text, entity_id=ent.id,
                        kind=ent.kind, confidence=round(confidence * sure, 2))


def _has_role(ent: Entity, role: str) -> bool:
    roles = ent.attributes.get("roles") or []
    title = ent.attributes.get("title") or ""
    words = {w.strip(",.’'").lower() for r in list(roles) + [title] for w in str(r).split()}
    return role in words


def _kind_of_phrase(tok: Token) -> Optional[str]:
    if tok.lower_ in PERSON_PRONOUNS or tok.lower_ in ("i", "we", "you", "who"):
        return "individual"
    return None

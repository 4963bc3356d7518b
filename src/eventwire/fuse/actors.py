"""Cross-article actor resolution: "Geng", "Mr Geng Shuang" and "Geng Shuang" are one person,
"BLA" and "the Baloch Liberation Army" one group.

``name_key`` is the normalized form names are compared by (accents, case, punctuation,
a leading "the", honorifics and titles dropped). ``ActorIndex`` holds the actors known so
far and decides, name by name, whether a new name is one of them: same key; an acronym
of a known long name (or the long name of a known acronym); a person's surname or a
longer/shorter form of a known person's name when exactly one person fits; a near-equal
spelling. It is plain data in, plain data out, so the store can feed it incrementally.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Iterable, Optional

from rapidfuzz import fuzz, process

# Entity types that are actors by themselves; other entities (GPE, LOC, FAC…) become actors
# only when they act: perpetrator, claimant, speaker or relation argument.
ACTOR_TYPES = frozenset({"PERSON", "ORG", "NORP"})
ACRONYM_STOPWORDS = frozenset({"of", "the", "and", "for", "in", "de", "la", "del", "el", "al", "des", "du"})
FUZZY_MIN_RATIO = 92      # rapidfuzz ratio for spelling variants (Mohammad/Mohammed…)
_PUNCT = re.compile(r"[^\w\s-]+")
_ACRONYM = re.compile(r"^(?:[A-Z]\.?){2,8}$")


@lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    """Honorifics and role nouns that may precede a name ("Dr", "spokesman", "president")."""
    words: set[str] = set()
    for fname in ("honorifics.txt", "roles.txt"):
        try:
            text = resources.files("eventwire").joinpath("resources", fname).read_text("utf-8")
        except (FileNotFoundError, ModuleNotFoundError):
            continue
        words.update(w.strip().lower() for w in text.splitlines()
                     if w.strip() and not w.startswith("#") and " " not in w.strip())
    return frozenset(words)


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def name_key(name: str) -> str:
    """The form names are compared by: ``"Dr. Allah Nazar's"`` → ``"allah nazar"``."""
    if not name:
        return ""
    text = fold(name).replace("’", "'")
    text = re.sub(r"'s\b", "", text)
    text = _PUNCT.sub(" ", text).replace("-", " ")
    tokens = text.split()
    if tokens and tokens[0] == "the":
        tokens = tokens[1:]
    titles = title_words()
    while len(tokens) > 1 and tokens[0] in titles:
        tokens = tokens[1:]
    return " ".join(tokens)


def is_acronym(name: str) -> bool:
    """"BLA", "F.M.L.N.", "LeJ", "ISKP": one short word, mostly capitals."""
    name = name.strip()
    if _ACRONYM.match(name):
        return True
    letters = name.replace(".", "")
    return (2 <= len(letters) <= 8 and letters.isalpha() and letters[0].isupper()
            and sum(c.isupper() for c in letters) >= 2)


def acronym_of(name: str) -> Optional[str]:
    """``"Baloch Liberation Army"`` → ``"bla"`` (None for names of one word)."""
    words = [w for w in name_key(name).split() if w not in ACRONYM_STOPWORDS]
    if len(words) < 2:
        return None
    return "".join(w[0] for w in words)


def kind_of(entity_type: Optional[str]) -> str:
    return "individual" if entity_type == "PERSON" else "organization"


@dataclass
class KnownActor:
    id: int
    name: str
    kind: str
    type: Optional[str] = None
    keys: set[str] = field(default_factory=set)
    n_articles: int = 0


class ActorIndex:
    def __init__(self) -> None:
        self.actors: dict[int, KnownActor] = {}
        self.by_key: dict[str, set[int]] = defaultdict(set)
        self.by_acronym: dict[str, set[int]] = defaultdict(set)   # acronym of a long name
        self.by_token: dict[str, set[int]] = defaultdict(set)     # person name tokens
        self.by_prefix: dict[str, set[int]] = defaultdict(set)    # first 3 letters (spelling)
        # every key of every actor in a spelling pool (a prefix, a person's name token, a
        # one-word key), so a new name is checked against a whole pool in one rapidfuzz call
        self._pool_keys: dict[tuple[str, str], list[str]] = defaultdict(list)
        self._pools_of: dict[int, set[tuple[str, str]]] = defaultdict(set)

    # -------------------------------------------------------------- building
    def add(self, actor_id: int, name: str, kind: str, type: Optional[str] = None,
            aliases: Iterable[str] = (), n_articles: int = 0) -> None:
        actor = self.actors.get(actor_id)
        if actor is None:
            actor = self.actors[actor_id] = KnownActor(actor_id, name, kind, type, n_articles=n_articles)
        else:
            actor.name = name
        for alias in [name, *aliases]:
            self._add_key(actor, name_key(alias))

    def _add_key(self, actor: KnownActor, key: str) -> None:
        if not key or key in actor.keys:
            return
        actor.keys.add(key)
        self.by_key[key].add(actor.id)
        self.by_prefix[key[:3]].add(actor.id)
        acr = acronym_of(key)
        if acr and actor.kind == "organization":
            self.by_acronym[acr].add(actor.id)
        pools = {("prefix", key[:3])}
        if " " not in key:
            pools.add(("key", key))
        if actor.kind == "individual":
            for tok in key.split():
                if len(tok) > 1:
                    self.by_token[tok].add(actor.id)
                    pools.add(("token", tok))
        known = self._pools_of[actor.id]
        for pool in known:
            self._pool_keys[pool].append(key)
        for pool in pools - known:
            self._pool_keys[pool].extend(actor.keys)
            known.add(pool)

    # -------------------------------------------------------------- resolving
    def _pick(self, ids: Iterable[int], kind: str) -> Optional[int]:
        ids = [i for i in ids if self.actors[i].kind == kind]
        if not ids:
            return None
        return max(ids, key=lambda i: (self.actors[i].n_articles, -i))

    def match(self, name: str, kind: str, aliases: Iterable[str] = (),
              acronym: Optional[str] = None) -> tuple[Optional[int], str]:
        names = [n for n in dict.fromkeys([name, *aliases]) if n and name_key(n)]
        keys = [name_key(n) for n in names]
        # 1. the same name (after normalization), under any alias
        for key in keys:
            hit = self._pick(self.by_key.get(key, ()), kind)
            if hit is not None:
                return hit, "key"
        if kind == "organization":
            # 2. acronyms both ways: "BLA" ↔ "Baloch Liberation Army"
            for n, key in zip(names, keys):
                if is_acronym(n):
                    hit = self._pick(self.by_acronym.get(key.replace(" ", ""), ()), kind)
                    if hit is not None:
                        return hit, "acronym"
                acr = acronym_of(n) if not is_acronym(n) else None
                for a in filter(None, (acr, name_key(acronym) if acronym else None)):
                    hit = self._pick(self.by_key.get(a, ()), kind)
                    if hit is not None and all(len(k.split()) == 1 for k in self.actors[hit].keys):
                        return hit, "acronym"
        else:
            # 3. persons: a surname alone, or a shorter/longer form, when exactly one fits
            for key in keys:
                toks = key.split()
                pools = [self.by_token.get(t, set()) for t in toks if len(t) > 1]
                if not pools:
                    continue
                common = set.intersection(*pools) if len(toks) > 1 else pools[0]
                fits = [i for i in common if self._person_fits(toks, self.actors[i])]
                if len(fits) == 1:
                    return fits[0], "person-form"
        # 4. spelling variants among actors sharing a word
        for key in keys:
            if len(key) < 6 or not self._close_spelling_in_pools(key):
                continue        # no actor could pass FUZZY_MIN_RATIO (checked pool by pool)
            cands = set()
            for tok in key.split():
                cands |= self.by_key.get(tok, set()) | self.by_token.get(tok, set())
            best, best_ratio = None, 0.0
            for i in cands | self._same_initial(key):
                if self.actors[i].kind != kind:
                    continue
                ratio = max(fuzz.ratio(key, k) for k in self.actors[i].keys)
                if ratio > best_ratio:
                    best, best_ratio = i, ratio
            if best is not None and best_ratio >= FUZZY_MIN_RATIO and len(key) >= 6:
                return best, "spelling"
        return None, "new"

    def _close_spelling_in_pools(self, key: str) -> bool:
        """Whether some actor the spelling step would compare ``key`` with (sharing its first
        letters, or a word) has a key at least FUZZY_MIN_RATIO alike."""
        pools = [("prefix", key[:3])] + [p for tok in key.split() for p in (("key", tok), ("token", tok))]
        return any(process.extractOne(key, self._pool_keys[p], scorer=fuzz.ratio,
                                      score_cutoff=FUZZY_MIN_RATIO) is not None
                   for p in pools if self._pool_keys.get(p))

    def _same_initial(self, key: str) -> set[int]:
        # spelling variants usually keep the first letters ("Mohammed"/"Mohammad")
        return self.by_prefix.get(key[:3], set()) if len(key) >= 3 else set()

    @staticmethod
    def _person_fits(tokens: list[str], actor: KnownActor) -> bool:
        for k in actor.keys:
            kt = k.split()
            if len(tokens) == 1:
                # a bare surname: the last word of a full name (or the first for
                # family-name-first names written in full, e.g. "Geng Shuang" → "Geng")
                if len(kt) >= 2 and tokens[0] in (kt[-1], kt[0]):
                    return True
            elif set(tokens) <= set(kt) or set(kt) <= set(tokens):
                if min(len(tokens), len(kt)) >= 2:
                    return True
        return False


def canonical_name(current: str, candidate: str) -> str:
    """The name an actor should carry: a full name over an acronym, a longer form over a
    shorter one (up to six words, so a descriptive phrase never becomes the name)."""
    def rank(n: str) -> tuple[int, int]:
        words = len(name_key(n).split())
        return (0 if is_acronym(n) else 1, words if words <= 6 else 0)
    return candidate if rank(candidate) > rank(current) else current

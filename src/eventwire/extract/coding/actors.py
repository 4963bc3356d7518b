"""Actor typing: ACLED's inter code (1–8), a CAMEO-style sector and the actor's country.

A seed table of well-known groups (``resources/coding/actors.json``, sources named there) is
consulted first; every other actor is typed by a learned model (``actors.npz``, trained by
``training/train_coding.py`` on team-written actor descriptions) from the words the text uses
for it ("gunmen", "Fulani militiamen", "residents", "riot police"). The model has a class 0,
"no actor", for the facilities, weapons and places that noun phrases also name.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional

from ...errors import DataError, Errors
from ..linear import LinearModel
from .features import N_FEATURES, _h, tokens
from .taxonomy import RESOURCES

ACTOR_LABELS = [str(i) for i in range(9)]          # "0" = not an actor
ACTOR_N_FEATURES = 1 << 14
_TABLE = json.loads((RESOURCES / "actors.json").read_text(encoding="utf-8"))
SEED = [(re.compile(rf"(?<![\w-])(?:{p})", re.I), inter, sector, country)
        for p, inter, sector, country in _TABLE["seed"]]
_SECTOR_WORDS = {w: s for s, words in _TABLE["sector_words"].items() for w in words}
DEMONYMS: dict[str, str] = _TABLE["demonyms"]


@dataclass(frozen=True)
class ActorType:
    inter: int                      # ACLED inter code, 0 = not an actor
    sector: Optional[str]           # CAMEO role code (MIL, COP, REB, INS, CVL, ...)
    country: Optional[str]          # ISO 3166-1 alpha-2
    confidence: float
    source: str                     # "seed" | "model"


def phrase_features(phrase: str, proper: bool = True) -> list[int]:
    words = [w for w, _, _ in tokens(phrase)]
    if not words:
        return [_h("a:empty") % ACTOR_N_FEATURES]
    feats = ["a:bias", "a:head:" + words[-1], "a:first:" + words[0]]
    feats += ["a:w:" + w for w in words] + ["a:p:" + w[:5] for w in words if len(w) > 5]
    feats += ["a:b:" + a + "_" + b for a, b in zip(words, words[1:])]
    if proper and phrase[:1].isupper() and len(words) > 1:
        feats.append("a:proper")
    if len(words) > 6:
        feats.append("a:long")
    return [_h(f) % ACTOR_N_FEATURES for f in feats]


ACTOR_MODEL_PATH = RESOURCES / "actors.npz"      # training points it elsewhere


def _load(path) -> LinearModel:
    try:
        return LinearModel.load(path)
    except (FileNotFoundError, OSError, KeyError, ValueError) as e:
        raise DataError(Errors.E510.format(path=str(path), detail=type(e).__name__)) from e


@lru_cache(maxsize=1)
def load_actor_model() -> LinearModel:
    return _load(ACTOR_MODEL_PATH)


def sector_of(phrase: str, inter: int) -> Optional[str]:
    words = [w for w, _, _ in tokens(phrase)]
    for w in reversed(words):                      # the head noun speaks first
        if w in _SECTOR_WORDS:
            return _SECTOR_WORDS[w]
    return {1: "MIL", 2: "REB", 3: "UAF", 4: "UAF", 5: "CVL", 6: "CVL", 7: "CVL", 8: "IGO"}.get(inter)


def country_of(phrase: str) -> Optional[str]:
    low = phrase.lower()
    for dem, cc in DEMONYMS.items():
        if re.search(rf"\b{re.escape(dem)}\b", low):
            return cc
    return None


@lru_cache(maxsize=4096)
def type_actor(phrase: str) -> ActorType:
    for pattern, inter, sector, country in SEED:
        if pattern.search(phrase):
            return ActorType(inter, sector, country or country_of(phrase), 1.0, "seed")
    model = load_actor_model()
    probs = model.predict_proba([phrase_features(phrase)])[0]
    inter = int(probs.argmax())
    return ActorType(inter, sector_of(phrase, inter) if inter else None, country_of(phrase),
                     float(probs[inter]), "model")


# --- the site an attack hit: civilian (a school, a market, a consulate) or not ------------------

SITE_LABELS = ["0", "1"]                         # 1 = a civilian site
SITE_MODEL_PATH = RESOURCES / "sites.npz"        # training points it elsewhere


@lru_cache(maxsize=1)
def load_site_model() -> LinearModel:
    return _load(SITE_MODEL_PATH)


@lru_cache(maxsize=4096)
def civilian_site(phrase: str) -> float:
    """The probability that a target no actor type fits (a building, a vehicle) is a civilian
    site, learned from team-written site phrases (``training/coding_data.site_phrases``)."""
    return float(load_site_model().predict_proba([site_features(phrase)])[0][1])


def site_features(phrase: str) -> list[int]:
    """The actor model's phrase features without the proper-name one (a named hotel is as
    civilian as "a hotel")."""
    return phrase_features(phrase, proper=False)


# --- actors of a short description (a spaCy Doc or Span) ---------------------------------------

_AGENT_DEPS = {"nsubj", "agent"}
_PATIENT_DEPS = {"dobj", "nsubjpass", "pobj", "conj", "appos", "attr", "npadvmod", "compound"}


@dataclass
class ActorMention:
    text: str
    start: int                       # character offsets in the Doc's text
    end: int
    role: str                        # "agent" | "patient" | "other"
    type: ActorType


def _candidates(span) -> list:
    doc = span.doc
    chunks = list(span.noun_chunks) if doc.has_annotation("DEP") else []
    ents = [e for e in doc.ents if e.start >= span.start and e.end <= span.end and e.label_ in ("ORG", "NORP", "PERSON")]
    out = list(chunks)
    for e in ents:                                  # names the chunker cut ("Al Shabaab militants")
        if not any(c.start <= e.start and e.end <= c.end for c in chunks):
            out.append(e)
    return sorted(out, key=lambda s: s.start)


def _role(chunk) -> str:
    root = chunk.root
    if root.dep_ in _AGENT_DEPS or (root.dep_ == "pobj" and root.head.lower_ == "by"):
        return "agent"
    if root.dep_ in _PATIENT_DEPS:
        return "patient"
    return "other"


_NOT_ACTOR_ENTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "QUANTITY", "PERCENT", "GPE", "LOC"}


def description_actors(span) -> list[ActorMention]:
    out = []
    for c in _candidates(span):
        if c.root.ent_type_ in _NOT_ACTOR_ENTS:        # "3 March", "Bulo Marer (Lower Shabelle)"
            continue
        text = c.text.strip()
        if not text or len(text) > 120:
            continue
        t = type_actor(text)
        if t.inter:
            out.append(ActorMention(text, c.start_char, c.end_char, _role(c), t))
    return out


def sides(actors: list[ActorMention]) -> tuple[Optional[ActorMention], Optional[ActorMention]]:
    """Actor 1 (who acted) and actor 2 (on whom): the first agent, else the first actor; then the
    first other actor of another type, a patient first."""
    if not actors:
        return None, None
    a1 = next((a for a in actors if a.role == "agent"), actors[0])
    rest = [a for a in actors if a is not a1 and a.type.inter != a1.type.inter]
    a2 = next((a for a in rest if a.role == "patient"), rest[0] if rest else None)
    return a1, a2


def actor_features(actors: list[ActorMention]) -> list[str]:
    a1, a2 = sides(actors)
    i1 = a1.type.inter if a1 else 0
    i2 = a2.type.inter if a2 else 0
    feats = [f"a1={i1}", f"a2={i2}", f"pair={i1}_{i2}"]
    feats += sorted({f"has={a.type.inter}" for a in actors})
    return feats


def actors_of_names(names: Iterable[str]) -> list[ActorType]:
    return [type_actor(n) for n in names if n]

"""Entity and place scores on WikiEvents dev, its entity mentions taken as gold.

WikiEvents annotates every mention (names, nominals, pronouns) with KAIROS types. The NLP
layer finds *named* actors and places, so the gold set is the **named** mentions of PER,
ORG, GPE, LOC and FAC: those whose words are all capitalized (function words aside) and
that are neither pronouns nor bare titles. SpaCy's NORP maps to GPE, as KAIROS tags
nationalities ("Russian") GPE.

Scores (micro over documents):
- mentions, exact span, typed and untyped: P/R/F1;
- mentions, overlapping span (a prediction matches a gold mention it overlaps, one-to-one);
- places: the share of gold named GPE/LOC mentions that eventwire geocoded (coverage), and
  the share of eventwire's geocoded places that sit on a gold GPE/LOC/FAC mention (precision).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from ..model import Article

TYPE_MAP = {"PERSON": "PER", "ORG": "ORG", "GPE": "GPE", "NORP": "GPE", "LOC": "LOC", "FAC": "FAC"}
GOLD_TYPES = {"PER", "ORG", "GPE", "LOC", "FAC"}
_FUNCTION_WORDS = {"of", "the", "and", "for", "de", "al", "el", "la", "in", "on", "-", "'s", "’s", "’", "s"}
_NOT_NAMES = {"he", "she", "they", "it", "we", "i", "you", "who", "his", "her", "their", "its",
              "general", "president", "colonel", "minister", "police", "government", "army"}


def is_named(text: str) -> bool:
    words = [w for w in re.split(r"\s+", text.strip()) if w]
    if not words or text.strip().lower() in _NOT_NAMES:
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _FUNCTION_WORDS for w in words)


@dataclass
class Doc:
    doc_id: str
    text: str
    gold: list[tuple[int, int, str]] = field(default_factory=list)   # (start, end, type)


def load_wikievents(path: Path) -> list[Doc]:
    """Docs with one sentence a line (WikiEvents glues sentences together) and gold spans."""
    docs = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            pieces, token_spans, pos = [], [], 0
            for tokens, sent_text in d["sentences"]:
                # Rebuild each sentence from its tokens: the released "text" field drops the
                # space between sentences while the token offsets keep it.
                base, chars = (tokens[0][1] if tokens else 0), []
                for tok, s, e in tokens:
                    chars.append(" " * (s - base - len("".join(chars))) + tok)
                    token_spans.append((s - base + pos, s - base + pos + len(tok)))
                sent = "".join(chars)
                pieces.append(sent)
                pos += len(sent) + 1
            text = "\n".join(pieces)
            gold = []
            for m in d["entity_mentions"]:
                if m["entity_type"] not in GOLD_TYPES or not is_named(m["text"]):
                    continue
                # mention start/end index the document's tokens
                start, end = token_spans[m["start"]][0], token_spans[m["end"] - 1][1]
                gold.append((start, end, m["entity_type"]))
            docs.append(Doc(d["doc_id"], text, sorted(set(gold))))
    return docs


@dataclass
class PRF:
    tp: float = 0
    n_pred: float = 0
    n_gold: float = 0

    @property
    def p(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def r(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0

    def row(self) -> tuple[float, float, float]:
        return round(100 * self.p, 1), round(100 * self.r, 1), round(100 * self.f1, 1)


@dataclass
class EntityScores:
    exact_typed: PRF = field(default_factory=PRF)
    exact_untyped: PRF = field(default_factory=PRF)
    overlap_untyped: PRF = field(default_factory=PRF)
    per_type: dict = field(default_factory=dict)
    place_coverage: PRF = field(default_factory=PRF)     # recall-like: gold GPE/LOC geocoded
    place_precision: PRF = field(default_factory=PRF)    # precision-like
    documents: int = 0


def score_document(gold: Iterable[tuple[int, int, str]], pred: Iterable[tuple[int, int, str]],
                   places: Iterable[tuple[int, int]], scores: EntityScores) -> None:
    gold, pred, places = sorted(set(gold)), sorted(set(pred)), sorted(set(places))
    scores.documents += 1
    gold_untyped = {(s, e) for s, e, _ in gold}
    pred_untyped = {(s, e) for s, e, _ in pred}
    scores.exact_typed.tp += len(set(gold) & set(pred))
    scores.exact_typed.n_pred += len(pred)
    scores.exact_typed.n_gold += len(gold)
    scores.exact_untyped.tp += len(gold_untyped & pred_untyped)
    scores.exact_untyped.n_pred += len(pred_untyped)
    scores.exact_untyped.n_gold += len(gold_untyped)
    used: set = set()
    for ps, pe in sorted(pred_untyped):
        hit = next((g for g in sorted(gold_untyped) if g not in used and g[0] < pe and ps < g[1]), None)
        if hit:
            used.add(hit)
            scores.overlap_untyped.tp += 1
    scores.overlap_untyped.n_pred += len(pred_untyped)
    scores.overlap_untyped.n_gold += len(gold_untyped)
    for t in GOLD_TYPES:
        prf = scores.per_type.setdefault(t, PRF())
        g = {x for x in gold if x[2] == t}
        p = {x for x in pred if x[2] == t}
        prf.tp += len(g & p)
        prf.n_pred += len(p)
        prf.n_gold += len(g)
    geo_gold = [(s, e) for s, e, t in gold if t in ("GPE", "LOC")]
    any_geo_gold = [(s, e) for s, e, t in gold if t in ("GPE", "LOC", "FAC")]
    scores.place_coverage.n_gold += len(geo_gold)
    scores.place_coverage.tp += sum(1 for s, e in geo_gold if any(ps < e and s < pe for ps, pe in places))
    scores.place_coverage.n_pred += len(geo_gold)
    scores.place_precision.n_pred += len(places)
    scores.place_precision.tp += sum(1 for ps, pe in places if any(ps < e and s < pe for s, e in any_geo_gold))
    scores.place_precision.n_gold += len(places)


def evaluate_entities(gold_path: Path, *, limit: Optional[int] = None, progress=None) -> EntityScores:
    from ..nlp.pipeline import analyze, load_nlp, parse_many

    docs = load_wikievents(gold_path)[:limit]
    nlp = load_nlp()
    scores = EntityScores()
    for doc, parsed in zip(docs, parse_many((d.text for d in docs), nlp)):
        analysis = analyze(Article(text=doc.text, id=doc.doc_id), nlp, doc=parsed)
        pred = [(m.start, m.end, TYPE_MAP[e.type]) for e in analysis.entities
                for m in e.mentions if e.type in TYPE_MAP]
        places = [(p.start, p.end) for p in analysis.places]
        score_document(doc.gold, pred, places, scores)
        if progress:
            progress()
    return scores


def format_scores(scores: EntityScores) -> str:
    lines = [f"WikiEvents named-entity mentions ({scores.documents} documents)",
             f"{'':24}{'P':>7}{'R':>7}{'F1':>7}"]

    def row(name, prf):
        p, r, f = prf.row()
        lines.append(f"{name:24}{p:7.1f}{r:7.1f}{f:7.1f}")
    row("exact, typed", scores.exact_typed)
    row("exact, untyped", scores.exact_untyped)
    row("overlap, untyped", scores.overlap_untyped)
    for t in sorted(scores.per_type):
        row(f"  {t}", scores.per_type[t])
    lines.append(f"places: geocoded {scores.place_coverage.tp:.0f}/{scores.place_coverage.n_gold:.0f} gold GPE/LOC "
                 f"names ({100 * scores.place_coverage.r:.1f}%); "
                 f"{scores.place_precision.tp:.0f}/{scores.place_precision.n_pred:.0f} places on a gold "
                 f"GPE/LOC/FAC mention ({100 * scores.place_precision.p:.1f}%)")
    return "\n".join(lines)

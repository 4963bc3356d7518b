"""WikiEvents: attack arguments scored document-level, entity-level, with coreference clusters.

For each document the gold standard is, per role, the set of entity clusters (``coref`` file;
mentions outside every cluster are their own cluster) that fill that role in any event:

==========  ==========================================================  =====================
role        gold (KAIROS)                                               ours
==========  ==========================================================  =====================
Attacker    ``Conflict.Attack.*`` Attacker                              perpetrators
Target      ``Conflict.Attack.*`` Target                                targets and victims
Instrument  ``Conflict.Attack.*`` Instrument and ExplosiveDevice        weapons
Place       ``Conflict.Attack.*`` Place                                 location
Victim      ``Life.Die.*`` Victim                                       victims with deaths
==========  ==========================================================  =====================

A predicted argument (a character span of our text) hits a gold entity when its tokens contain
one of the entity's mention spans or lie inside one (head-lenient, as the generative argument
extraction papers score "head F1"). Predicted arguments are grouped by the gold cluster they hit
(two mentions of one entity count once); a predicted argument that hits nothing counts once as a
wrong prediction. P = correct clusters / predicted, R = gold clusters found / gold clusters.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Optional

from .. import lexicon
from ..errors import DataError, Errors, InputError
from .muc4 import Counts, Scores

VIOLENT = lexicon.words("violent_types")

ROLES = ("Attacker", "Target", "Instrument", "Place", "Victim")
_ATTACK_ROLES = {"Attacker": "Attacker", "Target": "Target", "Instrument": "Instrument",
                 "ExplosiveDevice": "Instrument", "Place": "Place"}



def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        raise DataError(Errors.E502.format(path=path))
    out = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError as e:
                    raise InputError(Errors.E107.format(where=f"{path}:{n}", detail=e.msg)) from e
    return out


@dataclass
class GoldDoc:
    doc_id: str
    text: str
    token_spans: list[tuple[int, int]]              # char span of each token in ``text``
    mentions: dict[str, tuple[int, int]]            # mention id -> token span [start, end)
    cluster_of: dict[str, str]                      # mention id -> cluster id
    roles: dict[str, set[str]]                      # role -> gold cluster ids


def _rebuild_text(doc: dict[str, Any]) -> tuple[str, list[tuple[int, int]]]:
    """Sentences joined by a space, and every token's character span in that text."""
    parts, spans, offset = [], [], 0
    for toks, sent_text in doc["sentences"]:
        cursor = 0
        for tok in toks:
            word = tok[0]
            i = sent_text.find(word, cursor)
            if i < 0:                                 # tokenization mismatch: keep moving
                i = cursor
            spans.append((offset + i, offset + i + len(word)))
            cursor = i + len(word)
        parts.append(sent_text)
        offset += len(sent_text) + 1
    return " ".join(parts), spans


def load(gold_path: str | Path, coref_path: str | Path) -> list[GoldDoc]:
    docs = _read_jsonl(Path(gold_path))
    clusters = {c["doc_key"]: c["clusters"] for c in _read_jsonl(Path(coref_path))}
    out = []
    for d in docs:
        text, token_spans = _rebuild_text(d)
        mentions = {m["id"]: (m["start"], m["end"]) for m in d["entity_mentions"]}
        cluster_of = {m: m for m in mentions}
        for i, cl in enumerate(clusters.get(d["doc_id"], [])):
            for m in cl:
                cluster_of[m] = f"C{i}"
        roles: dict[str, set[str]] = {r: set() for r in ROLES}
        for ev in d["event_mentions"]:
            for a in ev["arguments"]:
                cid = cluster_of.get(a["entity_id"], a["entity_id"])
                if ev["event_type"].startswith("Conflict.Attack") and a["role"] in _ATTACK_ROLES:
                    roles[_ATTACK_ROLES[a["role"]]].add(cid)
                elif ev["event_type"].startswith("Life.Die") and a["role"] == "Victim":
                    roles["Victim"].add(cid)
        out.append(GoldDoc(d["doc_id"], text, token_spans, mentions, cluster_of, roles))
    return out


def _tokens_of(gold: GoldDoc, start: int, end: int) -> tuple[int, int]:
    idx = [i for i, (s, e) in enumerate(gold.token_spans) if s < end and start < e]
    return (idx[0], idx[-1] + 1) if idx else (-1, -1)


def _hit(gold: GoldDoc, start: int, end: int) -> Optional[str]:
    ts, te = _tokens_of(gold, start, end)
    if ts < 0:
        return None
    best = None
    for mid, (ms, me) in gold.mentions.items():
        if (ts <= ms and me <= te) or (ms <= ts and te <= me):
            size = me - ms
            if best is None or size > best[0]:
                best = (size, gold.cluster_of[mid])
    return best[1] if best else None


def predicted_arguments(events) -> dict[str, list[tuple[int, int]]]:
    """Character spans of our events' arguments, by WikiEvents role."""
    out: dict[str, list[tuple[int, int]]] = {r: [] for r in ROLES}
    for ev in events:
        if ev.type not in VIOLENT:
            continue
        spans = lambda args: [(a.start, a.end) for a in args if a.start is not None]  # noqa: E731
        out["Attacker"] += spans(ev.perpetrators)
        out["Target"] += spans(ev.targets) + spans(ev.victims)
        out["Instrument"] += spans(ev.weapons)
        if ev.location is not None and ev.location.start is not None:
            out["Place"].append((ev.location.start, ev.location.end))
        if (ev.killed.best or 0) > 0:
            out["Victim"] += spans(ev.victims)
    return out


def score(golds: Iterable[GoldDoc], predictions: dict[str, dict[str, list[tuple[int, int]]]]) -> Scores:
    scores = Scores({r: Counts() for r in ROLES})
    for gold in golds:
        pred = predictions.get(gold.doc_id, {})
        for role in ROLES:
            hits, wrong = set(), 0
            for start, end in pred.get(role, []):
                cid = _hit(gold, start, end)
                if cid is None:
                    wrong += 1
                else:
                    hits.add(cid)
            correct = hits & gold.roles[role]
            wrong += len(hits - gold.roles[role])
            scores.per_role[role].add(Counts(len(correct), len(correct) + wrong,
                                             len(correct), len(gold.roles[role])))
    return scores


def predict(golds: list[GoldDoc], *, extractor: Optional[str] = None) -> dict[str, dict[str, list[tuple[int, int]]]]:
    from ..model import Article
    from ..pipeline import Pipeline
    from ..settings import Settings
    extractor = extractor or Settings.load().evaluate.wikievents_extractor
    pipe = Pipeline(extractor=extractor, events=True, quotes=False, relations=False)
    articles = [Article(text=g.text) for g in golds]
    return {g.doc_id: predicted_arguments(ex.events) for g, ex in zip(golds, pipe.run_many(articles))}

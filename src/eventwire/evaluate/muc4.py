"""MUC-4 template filling: the GTT template metric and GRIT's doc-level CEAF-REE.

Data format (processed MUC-4, one document per JSONL line)::

    {"docid": "TST1-MUC3-0001", "doctext": "...",
     "templates": [{"incident_type": "attack",
                    "PerpInd": [[["guerrillas", 37], ["guerrilla column", 349]]],   # entities
                    "PerpOrg": [...], "Target": [...], "Victim": [...], "Weapon": [...]}]}

Template metric (Du et al. 2021, as in GTT's scorer): per document, every one-to-one mapping of
predicted to gold templates is tried (a template may stay unmapped) and the mapping with the best
micro F1 for that document is kept. A predicted template may map to a gold one only when its
incident type is a substring of the gold type ("bombing" maps to "bombing / attack"); the incident
type counts as one slot. A predicted entity is correct when every one of its mention strings occurs
among the mentions of one gold entity of the same role; within a role this is not one-to-one.
Counts of unmapped templates still count in the denominators.

Doc-level CEAF-REE (GRIT, Du et al. 2021): templates merged per document, entities matched
one-to-one per role (Kuhn–Munkres); no incident type.
"""
from __future__ import annotations

import json
import re
import string
from dataclasses import dataclass, field
from math import comb, perm
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional

import numpy as np
from scipy.optimize import linear_sum_assignment

from ..errors import DataError, Errors, InputError
from .prf import Counts

ROLES = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")
INCIDENT_TYPES = ("attack", "bombing", "kidnapping", "arson", "robbery", "forced work stoppage")

# Beyond this many candidate mappings per document the exact search gives way to an assignment
# that maximizes the summed per-pair score (documents that large do not occur in MUC-4 output of
# this system, but a hostile predictions file must not hang the scorer).
_MAX_MAPPINGS = 200_000

_PUNCT = re.compile("[" + re.escape(string.punctuation) + "]")
_ARTICLES = re.compile(r"\b(a|an|the)\b")


def normalize(s: str) -> str:
    """GTT's string normalization: lower-case, no punctuation, no a/an/the, spaces squeezed."""
    s = _PUNCT.sub("", s.lower())
    s = _ARTICLES.sub(" ", s)
    return " ".join(s.split())


# --- reading ---------------------------------------------------------------------------------

def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """Documents of a MUC-4 processed JSONL file (``docid``, ``doctext``, ``templates``)."""
    path = Path(path)
    if not path.exists():
        raise DataError(Errors.E502.format(path=path))
    docs = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
            except json.JSONDecodeError as e:
                raise InputError(Errors.E107.format(where=f"{path}:{n}", detail=e.msg)) from e
            if not isinstance(doc, dict) or "docid" not in doc:
                raise InputError(Errors.E109.format(where=f"{path}:{n}", field="docid",
                                                    detail="missing", expected="a string"))
            doc.setdefault("templates", [])
            docs.append(doc)
    return docs


def _entity_strings(entity: Iterable) -> list[str]:
    """Mention strings of an entity given as ``[[mention, offset], …]`` or ``[mention, …]``."""
    out = []
    for m in entity:
        text = m[0] if isinstance(m, (list, tuple)) else m
        out.append(normalize(str(text)))
    return out


@dataclass
class _Template:
    incident_type: str
    roles: dict[str, list[list[str]]]     # role -> entities -> normalized mention strings

    @classmethod
    def from_json(cls, t: dict[str, Any]) -> "_Template":
        roles = {r: [_entity_strings(e) for e in t.get(r) or [] if e] for r in ROLES}
        return cls(str(t.get("incident_type", "")).strip().lower(), roles)


def _entity_match(pred: list[str], gold: list[str]) -> bool:
    gold_set = set(gold)
    return bool(pred) and all(m in gold_set for m in pred)


# --- scores ----------------------------------------------------------------------------------

@dataclass
class Scores:
    """Per-slot counts; ``micro`` sums every slot (roles plus, for the template metric, type)."""
    per_role: dict[str, Counts] = field(default_factory=dict)

    @property
    def micro(self) -> Counts:
        total = Counts()
        for c in self.per_role.values():
            total.add(c)
        return total

    def as_dict(self) -> dict[str, dict[str, float]]:
        rows = dict(self.per_role)
        rows["micro"] = self.micro
        return {k: {"precision": round(100 * c.precision, 2), "recall": round(100 * c.recall, 2),
                    "f1": round(100 * c.f1, 2), "p_num": c.p_num, "p_den": c.p_den,
                    "r_num": c.r_num, "r_den": c.r_den} for k, c in rows.items()}


def _pair_counts(pred: _Template, gold: _Template) -> dict[str, Counts]:
    out = {"incident_type": Counts(1, 0, 1, 0)}
    for role in ROLES:
        p, g = pred.roles[role], gold.roles[role]
        out[role] = Counts(
            p_num=sum(any(_entity_match(pe, ge) for ge in g) for pe in p),
            r_num=sum(any(_entity_match(pe, ge) for pe in p) for ge in g))
    return out


def _slot_totals(templates: list[_Template], side: str) -> dict[str, Counts]:
    out = {"incident_type": Counts(), **{r: Counts() for r in ROLES}}
    for t in templates:
        if side == "pred":
            out["incident_type"].p_den += 1
        else:
            out["incident_type"].r_den += 1
        for r in ROLES:
            if side == "pred":
                out[r].p_den += len(t.roles[r])
            else:
                out[r].r_den += len(t.roles[r])
    return out


def _f1(p_num, p_den, r_num, r_den) -> float:
    p = p_num / p_den if p_den else 0.0
    r = r_num / r_den if r_den else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def _mappings(n_pred: int, n_gold: int, allowed) -> Iterator[list[tuple[int, int]]]:
    """Every partial one-to-one mapping of predicted to gold templates (allowed pairs only)."""
    def rec(i, used, acc):
        if i == n_pred:
            yield list(acc)
            return
        yield from rec(i + 1, used, acc)                 # template i stays unmapped
        for j in range(n_gold):
            if j not in used and allowed[i][j]:
                acc.append((i, j))
                yield from rec(i + 1, used | {j}, acc)
                acc.pop()
    yield from rec(0, frozenset(), [])


def _count_mappings(n_pred: int, n_gold: int) -> int:
    return sum(comb(n_pred, k) * perm(n_gold, k) for k in range(min(n_pred, n_gold) + 1))


def score_document_templates(pred_templates: list[dict], gold_templates: list[dict]) -> dict[str, Counts]:
    """Template-metric counts for one document (best mapping by the document's micro F1)."""
    preds = [_Template.from_json(t) for t in pred_templates]
    golds = [_Template.from_json(t) for t in gold_templates]
    base = _slot_totals(preds, "pred")
    for k, c in _slot_totals(golds, "gold").items():
        base[k].add(c)
    slots = list(base)
    allowed = [[bool(p.incident_type) and p.incident_type in g.incident_type for g in golds]
               for p in preds]
    pair = {(i, j): _pair_counts(preds[i], golds[j])
            for i in range(len(preds)) for j in range(len(golds)) if allowed[i][j]}
    p_den = sum(base[s].p_den for s in slots)
    r_den = sum(base[s].r_den for s in slots)

    def total(mapping):
        pn = sum(pair[m][s].p_num for m in mapping for s in slots)
        rn = sum(pair[m][s].r_num for m in mapping for s in slots)
        return pn, rn

    if _count_mappings(len(preds), len(golds)) <= _MAX_MAPPINGS:
        best, best_key = [], (-1.0, -1)
        for mapping in _mappings(len(preds), len(golds), allowed):
            pn, rn = total(mapping)
            key = (_f1(pn, p_den, rn, r_den), pn + rn)
            if key > best_key:
                best, best_key = mapping, key
    else:
        weight = np.zeros((len(preds), len(golds)))
        for (i, j), c in pair.items():
            weight[i, j] = sum(c[s].p_num / max(p_den, 1) + c[s].r_num / max(r_den, 1) for s in slots)
        rows, cols = linear_sum_assignment(-weight)
        best = [(i, j) for i, j in zip(rows, cols) if allowed[i][j]]
    result = {s: Counts(0, base[s].p_den, 0, base[s].r_den) for s in slots}
    for m in best:
        for s in slots:
            result[s].p_num += pair[m][s].p_num
            result[s].r_num += pair[m][s].r_num
    return result


def score_templates(predictions: dict[str, list[dict]], gold_docs: list[dict]) -> Scores:
    """GTT template metric summed over documents. ``predictions``: docid -> templates."""
    scores = Scores({s: Counts() for s in ("incident_type", *ROLES)})
    for doc in gold_docs:
        counts = score_document_templates(predictions.get(doc["docid"], []), doc["templates"])
        for s, c in counts.items():
            scores.per_role[s].add(c)
    return scores


def _merge_entities(templates: list[_Template], role: str) -> list[list[str]]:
    seen, out = set(), []
    for t in templates:
        for e in t.roles[role]:
            key = tuple(sorted(set(e)))
            if key not in seen:
                seen.add(key)
                out.append(e)
    return out


def score_document_level(predictions: dict[str, list[dict]], gold_docs: list[dict]) -> Scores:
    """GRIT's CEAF-REE: templates merged per document, one-to-one entity matching per role."""
    scores = Scores({r: Counts() for r in ROLES})
    for doc in gold_docs:
        preds = [_Template.from_json(t) for t in predictions.get(doc["docid"], [])]
        golds = [_Template.from_json(t) for t in doc["templates"]]
        for role in ROLES:
            p, g = _merge_entities(preds, role), _merge_entities(golds, role)
            matched = 0
            if p and g:
                sim = np.array([[1.0 if _entity_match(pe, ge) else 0.0 for ge in g] for pe in p])
                rows, cols = linear_sum_assignment(-sim)
                matched = int(sim[rows, cols].sum())
            scores.per_role[role].add(Counts(matched, len(p), matched, len(g)))
    return scores


# --- the system on MUC-4 ---------------------------------------------------------------------

# Our event types in MUC-4's incident vocabulary (types MUC-4 does not annotate are left out).
MUC_TYPE = {"attack": "attack", "armed_clash": "attack", "assassination": "attack",
            "bombing": "bombing", "suicide_attack": "bombing", "kidnapping": "kidnapping",
            "arson": "arson"}


def events_to_templates(events, min_confidence: Optional[float] = None) -> list[dict[str, Any]]:
    """MUC-4 templates from eventwire events: one per violent event at or above the confidence
    floor (``muc4_min_confidence`` in the shipped settings), roles by argument kind."""
    if min_confidence is None:
        from ..settings import Settings
        min_confidence = Settings.load().events.muc4_min_confidence
    templates = []
    for ev in events:
        incident = "robbery" if ev.subtype == "robbery" else MUC_TYPE.get(ev.type)
        if incident is None or ev.confidence < min_confidence:
            continue
        t: dict[str, Any] = {"incident_type": incident, **{r: [] for r in ROLES}}

        def add(role, arg):
            mention = arg.text or arg.name
            start = arg.start if arg.start is not None else -1
            if not mention or any(normalize(e[0][0]) == normalize(mention) for e in t[role]):
                return
            t[role].append([[mention, start]])
        for a in ev.perpetrators:
            add("PerpInd" if a.kind == "individual" else "PerpOrg", a)
        for a in ev.targets:
            add("Target", a)
        for a in ev.victims:
            add("Victim", a)
        for a in ev.weapons:
            add("Weapon", a)
        templates.append(t)
    return templates


def predict(docs: list[dict[str, Any]], progress=None, *, extractor: Optional[str] = None,
            settings=None) -> dict[str, list[dict]]:
    """Run the eventwire pipeline (events only, with ``extractor``) over MUC-4 documents;
    docid -> templates."""
    from ..model import Article
    from ..pipeline import Pipeline
    pipe = Pipeline(extractor=extractor, settings=settings, events=True, quotes=False, relations=False)
    out: dict[str, list[dict]] = {}
    articles = [Article(text=d["doctext"]) for d in docs]
    for d, extraction in zip(docs, pipe.run_many(articles)):
        out[d["docid"]] = events_to_templates(extraction.events, pipe.settings.events.muc4_min_confidence)
        if progress:
            progress()
    return out


def format_table(scores: Scores, title: str) -> str:
    rows = scores.as_dict()
    width = max(len(k) for k in rows)
    lines = [title, f"{'slot':<{width}}  {'P':>6} {'R':>6} {'F1':>6}   (correct/predicted, found/gold)"]
    for k, v in rows.items():
        lines.append(f"{k:<{width}}  {v['precision']:6.2f} {v['recall']:6.2f} {v['f1']:6.2f}   "
                     f"({v['p_num']}/{v['p_den']}, {v['r_num']}/{v['r_den']})")
    return "\n".join(lines)


def write_predictions(path: str | Path, docs: list[dict], predictions: dict[str, list[dict]]) -> None:
    with Path(path).open("w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps({"docid": d["docid"], "doctext": d.get("doctext", ""),
                                "templates": predictions.get(d["docid"], [])}) + "\n")

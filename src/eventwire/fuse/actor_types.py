"""A fused actor's type (issue 13): ACLED's inter code (1 state forces … 8 external/other
forces), a CAMEO-style sector (MIL, COP, REB, INS, CVL, …) and the actor's country (ISO
3166-1 alpha-2), voted over all its mentions in event roles, across every article.

Each mention in a role of an event (perpetrator, claimant, target, victim) casts one vote per
field (``mention_type``):

- inter: the coder's decision for that side of the event when the mention is the side's
  actor (``Event.codes`` ``actor1``/``inter1`` for perpetrators and claimants, ``actor2``/
  ``inter2`` for targets and victims: the codebook has seen the whole event, e.g. the crowd
  of a protest is 6); otherwise the actor typing of ``extract.coding`` on the words the
  article used for it (the seed table of well-known groups, else the learned model);
- sector: the seed table's, else the head noun's (``extract.coding.actors.sector_of``);
- country: the one its name states (the seed table, a demonym: "Afghan troops"); else, for
  all but external forces (8), the country of the event it acts in.

A mention the typing calls no actor (inter 0) casts no vote. ``voted_type`` takes the
commonest value of each field (ties: the smaller code, so both backends agree) and the
confidence: the share of the inter votes that went to the winner. Pure data in, data out:
``store.fusion`` keeps the vote counts with the actor and adds each batch's.
"""
from __future__ import annotations

from collections import Counter
from typing import Any, Mapping, Optional

FIELDS = ("inter", "sector", "country")
SIDE = {"perpetrator": "1", "claimant": "1", "target": "2", "victim": "2"}
EXTERNAL = 8


def mention_type(name: str, role: str, codes: Optional[Mapping[str, Any]],
                 country_code: Optional[str]) -> dict[str, str]:
    """One mention's votes: {"inter": "2", "sector": "REB", "country": "PK"} (fields it
    cannot tell are left out; {} when the words name no actor)."""
    from ..extract.coding.actors import sector_of, type_actor
    if not name or not name.strip():
        return {}
    typed = type_actor(name)
    inter = typed.inter
    side = SIDE.get(role)
    if side and codes and codes.get(f"actor{side}") == name:
        coded = codes.get(f"inter{side}")
        if isinstance(coded, int) and 1 <= coded <= 8:
            inter = coded
    if not inter:
        return {}
    out = {"inter": str(inter)}
    sector = typed.sector if typed.source == "seed" else sector_of(name, inter)
    if sector:
        out["sector"] = sector
    country = typed.country or (country_code.upper() if country_code and inter != EXTERNAL else None)
    if country:
        out["country"] = country
    return out


def add_votes(votes: dict[str, Counter], mention: Mapping[str, str]) -> None:
    for f in FIELDS:
        if mention.get(f):
            votes.setdefault(f, Counter())[mention[f]] += 1


def _top(counter: Mapping[str, int]) -> Optional[str]:
    items = [(v, n) for v, n in counter.items() if n > 0]
    if not items:
        return None
    return min(items, key=lambda vn: (-vn[1], vn[0]))[0]


def voted_type(votes: Mapping[str, Mapping[str, int]]) -> dict[str, Any]:
    """The actor's inter code (int), sector, country and confidence from its vote counts."""
    inter_votes = votes.get("inter") or {}
    inter = _top(inter_votes)
    total = sum(inter_votes.values())
    return {"inter": int(inter) if inter is not None else None,
            "sector": _top(votes.get("sector") or {}),
            "country": _top(votes.get("country") or {}),
            "type_confidence": round(inter_votes[inter] / total, 3) if inter is not None else None}


def merged(stored: Optional[Mapping[str, Mapping[str, int]]],
           new: Mapping[str, Mapping[str, int]]) -> dict[str, dict[str, int]]:
    """Stored vote counts plus a batch's (``{"inter": {"2": 5}, "sector": {…}, …}``)."""
    out: dict[str, dict[str, int]] = {f: dict((stored or {}).get(f) or {}) for f in FIELDS}
    for f in FIELDS:
        for value, n in (new.get(f) or {}).items():
            out[f][value] = out[f].get(value, 0) + n
    return {f: dict(sorted(v.items())) for f, v in out.items() if v}

"""The one code table (``resources/coding/taxonomy.json``): ACLED's 25 sub-event types with their
event type, disorder type, GTD attack type, CAMEO code and PLOVER type and mode; the default
sub-event type of each of eventwire's coarse event types; ACLED's inter codes; numeric ISO codes."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Optional

RESOURCES = Path(__file__).resolve().parents[2] / "resources" / "coding"
_TABLE = json.loads((RESOURCES / "taxonomy.json").read_text(encoding="utf-8"))

SUB_EVENT_TYPES: dict[str, dict] = _TABLE["sub_event_types"]
COARSE: dict[str, str] = _TABLE["coarse"]
COARSE_OTHER_CAMEO: dict[str, str] = _TABLE["coarse_other"]
GTD_BY_COARSE: dict[str, str] = _TABLE["gtd_by_coarse"]
INTER_CODES: dict[int, str] = {int(k): v for k, v in _TABLE["inter_codes"].items()}
ARMED_INTER = frozenset(_TABLE["armed_inter"])
SETTINGS: dict = _TABLE.get("settings", {})
EVENT_TYPES = tuple(dict.fromkeys(v["event_type"] for v in SUB_EVENT_TYPES.values()))


def codes_of(sub_event_type: Optional[str]) -> dict[str, Optional[str]]:
    """Every vocabulary's code for an ACLED sub-event type (all None for None)."""
    row = SUB_EVENT_TYPES.get(sub_event_type or "")
    if row is None:
        return {"acled_event_type": None, "acled_sub_event_type": None, "acled_disorder_type": None,
                "gtd_attack_type": None, "cameo": None, "plover_type": None, "plover_mode": None}
    return {"acled_event_type": row["event_type"], "acled_sub_event_type": sub_event_type,
            "acled_disorder_type": row["disorder_type"], "gtd_attack_type": row["gtd"],
            "cameo": row["cameo"], "plover_type": row["plover_type"], "plover_mode": row["plover_mode"]}


def acled_vocabulary() -> dict[str, dict]:
    """ACLED's event types with their sub-event types, and its actor type codes (the page's pickers)."""
    types: dict[str, list[str]] = {}
    for sub, row in SUB_EVENT_TYPES.items():
        types.setdefault(row["event_type"], []).append(sub)
    return {"acled_types": types, "inter_codes": {str(k): v for k, v in sorted(INTER_CODES.items())}}


def event_type_of(sub_event_type: str) -> Optional[str]:
    row = SUB_EVENT_TYPES.get(sub_event_type)
    return row["event_type"] if row else None


@lru_cache(maxsize=512)
def iso_numeric(country_code: Optional[str]) -> Optional[int]:
    """ACLED's ``iso``: the numeric ISO 3166-1 code (586 for PK); None when unknown."""
    if not country_code:
        return None
    import pycountry
    c = pycountry.countries.get(alpha_2=country_code.upper()) if len(country_code) == 2 else \
        pycountry.countries.get(alpha_3=country_code.upper())
    return int(c.numeric) if c is not None else None


@lru_cache(maxsize=512)
def country_code_of(name: Optional[str]) -> Optional[str]:
    if not name:
        return None
    import pycountry
    try:
        return pycountry.countries.lookup(name).alpha_2
    except LookupError:
        return None


_REGIONS = {cc: region for region, codes in
            json.loads((RESOURCES / "regions.json").read_text(encoding="utf-8"))["regions"].items()
            for cc in codes}


def acled_region(country_code: Optional[str]) -> Optional[str]:
    """ACLED's region of a country (``resources/coding/regions.json``): South Asia for PK."""
    return _REGIONS.get((country_code or "").upper()) if country_code else None

"""GTD-style CSV: one row per violent incident (attacks, bombings, kidnappings, arson)
with Global Terrorism Database codebook column names.

Target and weapon categories are read from the names the sources gave (a consulate is
"Government (Diplomatic)", a rifle "Firearms"); what cannot be told is "Unknown".
``scite1``–``scite3`` cite the first three sources; ``eventwire_sources`` lists all.
"""
from __future__ import annotations

import re
from typing import IO

from .common import (SafeCsvWriter, article_ids, attackers_killed, iter_incidents, names, safe_url,
                     source_figures, source_urls, summary)

COLUMNS = ["eventid", "iyear", "imonth", "iday", "approxdate", "extended", "country_txt", "provstate",
           "city", "latitude", "longitude", "specificity", "summary", "crit1", "crit2", "crit3",
           "doubtterr", "multiple", "success", "suicide", "attacktype1_txt", "targtype1_txt",
           "target1", "natlty1_txt", "gname", "gname2", "claimed", "weaptype1_txt", "weapdetail",
           "nkill", "nkillter", "nwound", "property", "ishostkid", "scite1", "scite2", "scite3",
           "dbsource",
           "nkill_low", "nkill_high", "eventwire_incident_id", "eventwire_sources", "source_urls",
           "article_ids"]

GTD_FAMILIES = ("violence", "kidnapping", "arson")
ATTACK_TYPES = {
    "bombing": "Bombing/Explosion", "suicide_attack": "Bombing/Explosion",
    "attack": "Armed Assault", "armed_clash": "Armed Assault", "assassination": "Assassination",
    "kidnapping": "Hostage Taking (Kidnapping)", "arson": "Facility/Infrastructure Attack",
}
TARGET_TYPES = [  # first match wins
    (r"consulate|embassy|diplomat|ambassador", "Government (Diplomatic)"),
    (r"police|constable|checkpoint", "Police"),
    (r"army|soldier|troop|military|barracks|convoy|security forces", "Military"),
    (r"ministry|government|parliament|official|governor|mayor|minister", "Government (General)"),
    (r"school|university|college|student|teacher", "Educational Institution"),
    (r"mosque|church|temple|shrine|imam|priest|worshipp", "Religious Figures/Institutions"),
    (r"journalist|reporter|newspaper|radio|television|press", "Journalists & Media"),
    (r"airport|airline|bus|train|railway|station", "Transportation"),
    (r"pipeline|power|electric|tower|bridge|dam", "Utilities"),
    (r"company|business|bank|hotel|shop|factory|engineer", "Business"),
    (r"market|civilian|people|village|residents|passers|wedding|crowd", "Private Citizens & Property"),
]
WEAPON_TYPES = [
    (r"bomb|explosive|ied|grenade|suicide vest|mine|rocket|mortar|car bomb|dynamite", "Explosives"),
    (r"gun|rifle|ak-?47|kalashnikov|pistol|firearm|automatic|machine", "Firearms"),
    (r"knife|machete|axe|sword|blade", "Melee"),
    (r"fire|petrol|gasoline|molotov|arson", "Incendiary"),
]


def _classify(texts: list[str], table, default="Unknown") -> str:
    joined = " ".join(texts).lower()
    for pattern, label in table:
        if re.search(pattern, joined):
            return label
    return default


def row(inc: dict, attackers: int | None = None) -> dict:
    date = inc.get("date") or ""
    year, month, day = (date.split("-") + ["", "", ""])[:3]
    day_known = inc.get("date_precision") == "day"
    perps = names(inc.get("perpetrators"))
    claimants = names(inc.get("claimed_by"))
    groups = perps or claimants
    targets = names(inc.get("targets")) + names(inc.get("victims"))
    weapons = names(inc.get("weapons"))
    weapon = _classify(weapons, WEAPON_TYPES,
                       "Explosives" if inc["type"] in ("bombing", "suicide_attack") else "Unknown")
    sources = [s for s in inc.get("sources", [])]
    cites = []
    for s in sources:
        cite = " ".join(x for x in (s.get("source"), s.get("title"), s.get("published"), safe_url(s.get("url"))) if x)
        if cite and cite not in cites:
            cites.append(cite)
    return {
        "eventid": inc["id"], "iyear": year, "imonth": int(month) if month and inc.get("date_precision") in ("day", "month") else 0,
        "iday": int(day) if day and day_known else 0,
        "approxdate": "" if day_known else (inc.get("date_start") or ""),
        "extended": 0, "country_txt": inc.get("country") or inc.get("country_code") or "",
        "provstate": inc.get("admin1") or "", "city": inc.get("place") or "",
        "latitude": inc.get("lat") if inc.get("lat") is not None else "",
        "longitude": inc.get("lon") if inc.get("lon") is not None else "",
        "specificity": {"city": 1, "point": 1, "admin2": 3, "admin1": 4, "country": 5}.get(
            inc.get("geo_precision") or "", 5),
        "summary": summary(inc), "crit1": 1, "crit2": 1, "crit3": 1, "doubtterr": 0,
        "multiple": 0, "success": 1, "suicide": 1 if inc["type"] == "suicide_attack" else 0,
        # the coder's GTD type (extract/coding, one code table) when it gave one
        "attacktype1_txt": (inc.get("codes") or {}).get("gtd_attack_type") or ATTACK_TYPES.get(inc["type"], "Unknown"),
        "targtype1_txt": _classify(targets, TARGET_TYPES), "target1": "; ".join(targets[:3]),
        "natlty1_txt": "", "gname": groups[0] if groups else "Unknown",
        "gname2": groups[1] if len(groups) > 1 else "", "claimed": 1 if claimants else 0,
        "weaptype1_txt": weapon, "weapdetail": "; ".join(weapons),
        "nkill": inc["killed_best"] if inc.get("killed_best") is not None else "",
        "nkillter": attackers if attackers is not None else "",
        "nwound": inc["injured_best"] if inc.get("injured_best") is not None else "",
        "property": -9, "ishostkid": 1 if inc["type"] == "kidnapping" else 0,
        "scite1": cites[0] if cites else "", "scite2": cites[1] if len(cites) > 1 else "",
        "scite3": cites[2] if len(cites) > 2 else "", "dbsource": "eventwire",
        "nkill_low": inc["killed_low"] if inc.get("killed_low") is not None else "",
        "nkill_high": inc["killed_high"] if inc.get("killed_high") is not None else "",
        "eventwire_incident_id": inc["id"], "eventwire_sources": source_figures(inc),
        "source_urls": " ".join(source_urls(inc)), "article_ids": " ".join(article_ids(inc)),
    }


def write(store, out: IO[str], **filters) -> int:
    writer = SafeCsvWriter(out, COLUMNS)     # formula cells escaped (common.py)
    writer.writeheader()
    n = 0
    for inc in iter_incidents(store, **filters):
        if inc["family"] not in GTD_FAMILIES:
            continue
        writer.writerow(row(inc, attackers_killed(store, inc)))
        n += 1
    return n

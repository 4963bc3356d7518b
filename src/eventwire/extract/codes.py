"""Event codes in the vocabularies analysts use: ACLED event/sub-event type, GTD attack type, CAMEO.

ACLED's categories follow its 2023 codebook; GTD's its attack-type list; CAMEO 1.1b3 codes are
given as strings ("183" is a suicide, car or other non-military bombing). Types with no counterpart
in a vocabulary get None there.
"""
from __future__ import annotations

from typing import Optional

from ..model import Event

#            type             ACLED event type              ACLED sub-event type               GTD attack type                     CAMEO
_TABLE: dict[str, tuple[Optional[str], Optional[str], Optional[str], Optional[str]]] = {
    "attack":         ("Violence against civilians", "Attack", "Armed Assault", "180"),
    "bombing":        ("Explosions/Remote violence", "Remote explosive/landmine/IED", "Bombing/Explosion", "183"),
    "suicide_attack": ("Explosions/Remote violence", "Suicide bomb", "Bombing/Explosion", "1831"),
    "kidnapping":     ("Violence against civilians", "Abduction/forced disappearance", "Hostage Taking (Kidnapping)", "181"),
    "arson":          ("Strategic developments", "Looting/property destruction", "Facility/Infrastructure Attack", "180"),
    "armed_clash":    ("Battles", "Armed clash", "Armed Assault", "190"),
    "assassination":  ("Violence against civilians", "Attack", "Assassination", "186"),
    "protest":        ("Protests", "Peaceful protest", None, "140"),
    "arrest":         ("Strategic developments", "Arrests", None, "173"),
    "statement":      (None, None, None, "010"),
    "condemnation":   (None, None, None, "111"),
    "claim":          (None, None, None, "010"),
}

_GRENADE = {"grenade", "grenades"}
_SHELLING = {"mortar", "mortars", "rocket", "rockets", "missile", "missiles", "shell", "shells", "artillery"}
_AIR = {"airstrike", "airstrikes", "drone", "drones", "aircraft", "helicopter", "helicopters"}


def codes_for(event: Event) -> dict[str, Optional[str]]:
    acled, sub, gtd, cameo = _TABLE.get(event.type, (None, None, None, None))
    if event.type == "statement" and event.subtype == "condemnation":
        cameo = "111"
    if event.subtype == "robbery":
        acled, sub, gtd, cameo = "Strategic developments", "Looting/property destruction", "Unknown", "180"
    weapons = {w.lower() for a in event.weapons for w in (a.text or a.name).split()}
    if event.type == "bombing":
        if weapons & _GRENADE:
            sub = "Grenade"
        elif weapons & _SHELLING:
            sub = "Shelling/artillery/missile attack"
        elif weapons & _AIR:
            sub = "Air/drone strike"
    if event.type in ("attack", "assassination") and event.killed.best == 0 and not event.victims:
        gtd = "Facility/Infrastructure Attack" if event.targets else gtd
    return {"acled_event_type": acled, "acled_sub_event_type": sub, "gtd_attack_type": gtd, "cameo": cameo}

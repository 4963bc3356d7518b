"""Expand the team-written ACLED-style templates (training/data/coding/) into descriptions.

Each template line gives many descriptions: its [a|b|] choices and {SLOT}s are filled at random
from slots.json, with ACLED-style date phrases, place phrases and fatality remarks. The split is
by template (every fifth template of a type is dev), so the dev score measures wording the model
never saw, not only new fillers.
"""
from __future__ import annotations

import json
import random
import re
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "coding"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
_CHOICE = re.compile(r"\[([^\[\]]*)\]")
_SLOT = re.compile(r"\{([A-Z]+)\}")


def load_templates(path: Path = DATA / "templates.txt") -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = line[3:].strip()
            out[current] = []
        elif line.strip() and not line.startswith("#") and current:
            out[current].append(line.strip())
    return out


def _date(rng: random.Random) -> str:
    d, m, y = rng.randint(1, 28), rng.choice(MONTHS), rng.randint(2015, 2024)
    form = rng.random()
    if form < 0.7:
        return f"On {d} {m} {y}"
    if form < 0.8:
        return f"Around {d} {m} {y}"
    if form < 0.87:
        return f"On the night of {d} {m} {y}"
    if form < 0.93:
        return f"Between {max(1, d - 3)} and {d} {m} {y}"
    return f"On {d} {m[:3]} {y}"


def _loc(place, rng: random.Random) -> str:
    name, district, province, country = place
    form = rng.random()
    if form < 0.35:
        return f"{name} ({district}, {province})"
    if form < 0.55:
        return f"{name} ({province})"
    if form < 0.7:
        return f"{name} town ({district}, {province})"
    if form < 0.82:
        return f"{name} village ({district}, {province})"
    if form < 0.92:
        return f"{name}, {province}, {country}"
    return f"{name} area ({province})"


def _fat(rng: random.Random, slots) -> str:
    n = rng.choice(slots["NUM"])
    return rng.choice([f"{n} fatalities.", "No fatalities.", "No casualties were reported.",
                       "Fatalities unknown.", f"{n} people were killed.", f"{n} killed.",
                       f"{n} killed and {rng.choice(slots['NUM'])} injured.", "", "", "",
                       "Casualties unknown.", f"At least {n} fatalities.", "1 fatality.",
                       f"{n} people were injured.", "No injuries reported."])


_TAILS = ["", "", "", "", " {SOURCE} the situation was calm afterwards.",
          " The incident was reported by local media.", " {SOURCE} an investigation was opened.",
          " {SOURCE} the area remained tense.", " This was reported two days later."]


def expand(template: str, rng: random.Random, slots: dict) -> str:
    place = rng.choice(slots["PLACES"])
    text = template + rng.choice(_TAILS)
    while True:                                   # innermost choices first
        new = _CHOICE.sub(lambda m: rng.choice(m.group(1).split("|")), text)
        if new == text:
            break
        text = new

    def slot(m):
        name = m.group(1)
        if name == "DATE":
            return _date(rng)
        if name == "LOC":
            return _loc(place, rng)
        if name == "PLACE":
            return place[0]
        if name == "PROVINCE":
            return place[2]
        if name == "COUNTRY":
            return place[3]
        if name == "FAT":
            return _fat(rng, slots)
        if name == "SIZE":
            return rng.choice(["", "", "", "[size=no report]", f"[size={rng.choice(['around 50', 'around 100', 'hundreds', 'dozens', 'around 30', 'more than 1000', 'no report'])}]"])
        if name == "MILITIA":
            return rng.choice(slots["POLMILITIA"] + slots["IDMILITIA"])
        return rng.choice(slots[name])
    for _ in range(3):                            # slots inside slot values (SOURCE …)
        text = _SLOT.sub(slot, text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([.,;])", r"\1", text)
    text = re.sub(r"\.\.", ".", text)
    text = re.sub(r"(\.) ([a-z])", lambda m: m.group(1) + " " + m.group(2).upper(), text)
    return text[0].upper() + text[1:]


def descriptions(per_type: int = 80, seed: int = 13, dev_every: int = 5):
    """(train, dev): lists of (text, sub_event_type); dev from every ``dev_every``-th template."""
    slots = json.loads((DATA / "slots.json").read_text(encoding="utf-8"))
    rng = random.Random(seed)
    train, dev = [], []
    for label, templates in load_templates().items():
        tr = [t for i, t in enumerate(templates) if i % dev_every != dev_every - 1]
        dv = [t for i, t in enumerate(templates) if i % dev_every == dev_every - 1]
        for i in range(per_type):
            train.append((expand(tr[i % len(tr)], rng, slots), label))
        for i in range(max(10, per_type // 4)):
            dev.append((expand(dv[i % len(dv)], rng, slots), label))
    return train, dev


if __name__ == "__main__":
    tr, dv = descriptions(per_type=3)
    for t, l in tr:
        print(f"{l}\t{t}")


# a base, post or patrol of the state's forces stands for them (ACLED codes an attack on an army
# base as a battle with the army)
ACTOR_SLOTS = {"STATE": 1, "AIR": 1, "REBEL": 2, "POLMILITIA": 3, "IDMILITIA": 4, "RIOTERS": 5, "PROT": 6,
               "CIV": 7, "CIVS": 7, "PERSON": 7, "EXTERNAL": 8,
               "FACILITY": 0, "POST": 1, "IED": 0, "HEAVY": 0, "DEMAND": 0}
_NOT_ACTORS = ["the area", "the road", "the town", "the village", "the fighting", "an attack", "the attack",
               "clashes", "a clash", "the incident", "casualties", "fatalities", "the night", "the morning",
               "a ceasefire", "an agreement", "the elections", "salaries", "fuel prices", "tear gas",
               "weapons", "ammunition", "a weapons cache", "the outskirts", "control", "the district",
               "their positions", "the border", "a curfew", "an investigation", "local media", "a statement",
               "the situation", "a search operation", "an operation", "an offensive", "the explosion", "a blast"]
_PREFIX = ["", "", "", "suspected ", "members of ", "a group of ", "some ", "unidentified ", "{n} ", "several "]


def actor_phrases(seed: int = 13, per_value: int = 3):
    """(phrase, inter code 0-8) pairs for the actor-typing model; 0 = not an actor."""
    slots = json.loads((DATA / "slots.json").read_text(encoding="utf-8"))
    rng = random.Random(seed)
    out = []
    for slot, inter in ACTOR_SLOTS.items():
        for value in slots[slot]:
            for _ in range(per_value):
                pre = rng.choice(_PREFIX).replace("{n}", rng.choice(slots["NUM"])) if inter else ""
                out.append((pre + value, inter))
    for p in slots["PLACES"]:
        out.append((p[0], 0))
        out.append((f"{p[0]} ({p[2]})", 0))
    out += [(x, 0) for x in _NOT_ACTORS for _ in range(2)]
    out += [(_date(rng)[3:], 0) for _ in range(60)]            # "3 March 2023"
    return out


_SITE_NAMES = ["Chinese", "Indian", "American", "Saudi", "Central", "New", "Al-Noor", "St Mary's", "Kandahar",
               "Lagos", "Federal", "Provincial", "Main", "Grand", "District", "National"]


def site_phrases(seed: int = 13):
    """(phrase, 1 civilian site / 0 anything else) pairs for the target-site model: the places an
    attack can hit that ACLED counts as civilian (a school, a market, a consulate) against
    security sites, devices, places and the other non-actors."""
    slots = json.loads((DATA / "slots.json").read_text(encoding="utf-8"))
    rng = random.Random(seed)
    out = []
    for slot, label in (("FACILITY", 1), ("CIVSITE", 1), ("POST", 0), ("SECSITE", 0), ("IED", 0), ("HEAVY", 0)):
        for value in slots[slot]:
            out.append((value, label))
            rest = value.split(" ", 1)[-1]
            out.append((rng.choice(["the ", "a local ", "a crowded ", "the main ", "a "]) + rest, label))
            out.append((rng.choice(["", "the "]) + rng.choice(_SITE_NAMES) + " " + rest.capitalize(), label))
    for p in slots["PLACES"]:
        out.append((p[0], 0))
    out += [(x, 0) for x in _NOT_ACTORS]
    return out


def folded(per_template: int = 12, seed: int = 13, folds: int = 5):
    """(text, sub_event_type, fold) for every template: fold = template index mod ``folds``, so
    a fold's descriptions share no template with the others (cross-validation by wording)."""
    slots = json.loads((DATA / "slots.json").read_text(encoding="utf-8"))
    out = []
    for label, templates in load_templates().items():
        for i, t in enumerate(templates):
            # one generator per template: adding a template changes no other's descriptions
            rng = random.Random(f"{seed}:{label}:{t}")
            for _ in range(per_template):
                out.append((expand(t, rng, slots), label, i % folds))
    return out


# --- weak labels on real text: SATP train rows 61+ (rows 1-60 are the incidents dev gold) -------
# A row's lead (its first 45 words: the main incident) is labelled only when exactly one of these
# patterns fires in it; everything else stays out. Patterns written from ACLED's definitions.
_WEAK = [
    ("Air/drone strike", r"\b(drone strike|drone attack|air ?strikes?|aerial (bombardment|attack)|fighter jets)\b"),
    ("Suicide bomb", r"\bsuicide (bomber|attack|bombing|blast)\b"),
    ("Grenade", r"\bgrenades?\b"),
    ("Shelling/artillery/missile attack", r"\b(mortars?|shelling|rockets?|artillery)\b"),
    ("Remote explosive/landmine/IED", r"\b(ied|improvised explosive|land ?mines?|bomb (blast|exploded|explosion)|explosion|blast|exploded|pressure bomb)\b"),
    ("Abduction/forced disappearance", r"\b(abducted|kidnapped|abduction|kidnapping)\b"),
    ("Arrests", r"\b(arrested|apprehended|nabbed|taken into custody)\b"),
    ("Armed clash", r"\b(encounter|exchange of fire|gunfight|gun ?battle|fierce fighting|clashed|clashes|ambushed)\b"),
    ("Change to group/activity", r"\b(surrendered|laid down (their|his) arms)\b"),
    ("Disrupted weapons use", r"\b(defused|recovered|seized|unearthed)\b.{0,60}\b(explosives?|ieds?|arms|ammunition|weapons|bombs?|detonators)\b"),
    ("Looting/property destruction", r"\b(set ablaze|torched|set on fire|set fire to|burnt down|blew up|damaged)\b"),
    ("Attack", r"\b(shot dead|gunned down|axed|hacked to death|beheaded|killed|murdered|slit)\b.{0,50}\b(civilians?|villagers?|traders?|teachers?|labou?rers?|woman|women|youths?|leader|workers?|informers?|farmers?|shopkeeper|contractor|engineer)\b"),
]
_NOT_ALONE = {"Looting/property destruction": "killed|injured|dead", "Disrupted weapons use": "killed|injured",
              "Arrests": "killed|injured|abducted", "Attack": "encounter|exchange of fire|gunfight"}


def weak_satp(path, skip_rows: int = 60, lead_words: int = 45, per_type: int = 60):
    """(lead text, sub-event type) weak labels from SATP rows after ``skip_rows``; [] without the file."""
    from pathlib import Path as _P
    path = _P(path)
    if not path.exists():
        return []
    out, counts = [], {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if n <= skip_rows or not line.strip():
            continue
        lead = " ".join(line.split("\t")[0].split()[:lead_words])
        low = lead.lower()
        fired = [lab for lab, pat in _WEAK if re.search(pat, low)]
        if "Suicide bomb" in fired and "Remote explosive/landmine/IED" in fired:
            fired.remove("Remote explosive/landmine/IED")
        if len(fired) != 1:
            continue
        lab = fired[0]
        if lab in _NOT_ALONE and re.search(_NOT_ALONE[lab], low):
            continue
        if counts.get(lab, 0) >= per_type:
            continue
        counts[lab] = counts.get(lab, 0) + 1
        out.append((lead, lab))
    return out

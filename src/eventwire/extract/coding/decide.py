"""The ACLED codebook's decisions on top of the classifier: actor types on both sides, the
interaction code, civilian targeting, and the precision codes.

The classifier ranks the 25 sub-event types from the words; the codebook then decides what the
actors make of it: organized armed groups on both sides make a Battle, an armed group against
civilians makes Violence against civilians, and in Protests and Riots the crowd is coded as
protesters (6) or rioters (5) whatever the text calls it.
"""
from __future__ import annotations

from typing import Optional, Sequence

from .taxonomy import ARMED_INTER, event_type_of

# eventwire's coarse event types and the sub-event types they can be (the words decide among them)
_VIOLENT = {"Armed clash", "Attack", "Air/drone strike", "Shelling/artillery/missile attack",
            "Remote explosive/landmine/IED", "Grenade", "Suicide bomb", "Sexual violence", "Mob violence",
            "Violent demonstration", "Excessive force against protesters", "Looting/property destruction",
            "Abduction/forced disappearance", "Chemical weapon"}
_CROWD = {"Peaceful protest", "Protest with intervention", "Excessive force against protesters",
          "Violent demonstration", "Mob violence"}
COMPATIBLE = {
    "attack": _VIOLENT,                  # an "attack" may be a clash, an air strike, a lynching
    "assassination": {"Attack", "Armed clash", "Remote explosive/landmine/IED", "Grenade", "Air/drone strike"},
    "kidnapping": {"Abduction/forced disappearance", "Arrests"},
    "bombing": {"Remote explosive/landmine/IED", "Grenade", "Shelling/artillery/missile attack",
                "Air/drone strike", "Suicide bomb", "Chemical weapon", "Disrupted weapons use"},
    "suicide_attack": {"Suicide bomb"},
    "armed_clash": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "arson": {"Looting/property destruction", "Violent demonstration", "Mob violence", "Attack"},
    "protest": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters",
                "Violent demonstration", "Mob violence"},
    "arrest": {"Arrests", "Abduction/forced disappearance"},
}


BATTLES = {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"}


def choose(ranked: Sequence[tuple[str, float]], inter1: int, inter2: int,
           allowed: Optional[set[str]] = None, *, sides_known: bool = False,
           crowd_possible: bool = True, inter2_known: bool = True,
           words_over: float = 1.01) -> tuple[str, float, str]:
    """(sub-event type, its probability, why) from the classifier's ranking and the actors.
    ``sides_known``: the actors come from an extraction (perpetrators, victims, targets), so a
    battle needs an armed actor 2 and a protest or riot a crowd (``crowd_possible``).
    ``inter2_known``: actor 2 was typed from its words (not assumed civilian for want of a
    type, nor missing); when it was not, a battle the words rank first stands (militants
    "shot dead in retaliatory firing": the other side is the one that fired). ``words_over``: a type the words give at least this much
    wins even outside ``allowed`` (the extractor's coarse type was wrong)."""
    top, top_p = ranked[0]
    if allowed is not None and top not in allowed and top_p >= words_over:
        allowed, why = None, f"words over the extractor's type ({top_p:.2f})"
    else:
        why = "classifier"
    pool = [(s, p) for s, p in ranked if allowed is None or s in allowed] or list(ranked)
    battle_kept = not inter2_known and pool[0][0] in BATTLES
    if sides_known:
        if inter2 not in ARMED_INTER and not battle_kept:          # a battle has two armed sides
            kept = [(s, p) for s, p in pool if s not in BATTLES]
            if kept and kept[0] != pool[0]:
                why = "codebook: a battle needs an armed actor 2"
            pool = kept or pool
        if not crowd_possible:                 # riots and protests need rioters or protesters
            kept = [(s, p) for s, p in pool if s not in _CROWD]
            if kept and kept[0] != pool[0]:
                why = "codebook: no crowd, no protest or riot"
            pool = kept or pool
    # an organized armed group as actor 1 makes no protest or riot (rioters and protesters do),
    # unless it acted on a crowd (state forces dispersing or firing on protesters)
    if inter1 in ARMED_INTER and inter2 not in (5, 6):
        armed = [(s, p) for s, p in pool if s not in _CROWD]
        if armed and armed[0] != pool[0]:
            why = "codebook: an armed actor 1 is no crowd"
        pool = armed or pool
    sub, prob = pool[0]
    # organized armed groups on both sides: a battle, not violence against civilians
    if sub == "Attack" and inter1 in ARMED_INTER and inter2 in ARMED_INTER and \
            (allowed is None or "Armed clash" in allowed):
        sub, why = "Armed clash", "codebook: armed actors on both sides"
    # an armed group against civilians only: violence against civilians, not a battle
    elif sub == "Armed clash" and inter1 in ARMED_INTER and inter2 == 7 and not battle_kept and \
            (allowed is None or "Attack" in allowed):
        sub, why = "Attack", "codebook: armed actor against civilians"
    return sub, prob, why


def civilian_site_rule(sub: str, inter1: int, site: Optional[str], civilians_dead: Optional[str]
                       ) -> Optional[tuple[str, str]]:
    """ACLED's codebook: an organized armed group that attacks a civilian site (a consulate, a
    market, a school) and kills civilians there commits violence against civilians, even when
    guards or police defending the site were killed too or fought back; an attack on a
    civilian site that killed only its armed defenders stays a battle. (type, why) or None."""
    if inter1 in ARMED_INTER and site and civilians_dead and sub in ("Armed clash", "Attack"):
        return "Attack", f"codebook: armed group attacked a civilian site ({site}), civilians killed"
    return None


def coded_inters(sub: str, inter1: int, inter2: int) -> tuple[int, int]:
    """ACLED's inter1/inter2 for the chosen type: the crowd of a protest is 6, of a riot 5; the
    forces that intervene in a protest are state forces (1) unless the text typed them; the
    victims of violence against civilians are 7."""
    etype = event_type_of(sub)
    if etype == "Protests":
        other = inter2 if inter1 == 6 else inter1
        if sub == "Peaceful protest":
            return 6, 0 if other in (0, 6) else other
        return 6, other if other not in (0, 6, 7) else 1
    if etype == "Riots":
        other = inter2 if inter1 in (5, 6) else inter1
        other = 0 if other in (5, 6) else other
        if sub == "Mob violence" and other == 0:
            other = 7
        return 5, other
    if etype == "Violence against civilians":
        if inter1 == 7:
            inter1, inter2 = inter2, inter1
        return (inter1 if inter1 not in (0, 6, 7) else 3), 7
    if etype == "Battles":
        a = inter1 if inter1 in ARMED_INTER else 3
        b = inter2 if inter2 in ARMED_INTER else 3 if sub == "Armed clash" else 0
        return a, b
    return inter1, inter2


def interaction(inter1: int, inter2: int) -> Optional[int]:
    """ACLED's interaction code: the two inter codes, lower first (12, 17); a lone actor X0."""
    if not inter1 and not inter2:
        return None
    if not inter1 or not inter2:
        return (inter1 or inter2) * 10
    lo, hi = sorted((inter1, inter2))
    return lo * 10 + hi


def civilian_targeting(sub: str, inter2: int) -> Optional[str]:
    etype = event_type_of(sub)
    if etype == "Violence against civilians":
        return "Civilian targeting"
    if etype in ("Explosions/Remote violence", "Riots") and inter2 == 7:
        return "Civilian targeting"
    return None


def time_precision(precision: Optional[str], ranged: bool = False) -> Optional[int]:
    """1 the day is known, 2 a range of days or a week, 3 only the month or year."""
    if precision == "day":
        return 2 if ranged else 1
    if precision in ("week", "range"):
        return 2
    if precision in ("month", "year"):
        return 3
    return None


def geo_precision(precision: Optional[str]) -> Optional[int]:
    """1 a town or a point, 2 a district or 'near' a town, 3 only the province or country."""
    return {"point": 1, "city": 1, "town": 1, "village": 1, "admin2": 2, "district": 2,
            "admin1": 3, "country": 3}.get(precision or "")

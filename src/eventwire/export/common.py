"""What every export shares: walking the store's incidents page by page, and the
way a row points back at its sources."""
from __future__ import annotations

from typing import Any, Iterator

from ..store.read import MAX_LIMIT


def iter_incidents(store, **filters) -> Iterator[dict[str, Any]]:
    """Every incident (with its sources), oldest first is not promised; memory stays one page."""
    offset = 0
    while True:
        page = store.incidents(limit=MAX_LIMIT, offset=offset, **filters)
        yield from page
        if len(page) < MAX_LIMIT:
            return
        offset += MAX_LIMIT


def names(items: list[dict], n: int | None = None) -> list[str]:
    out = [x["name"] for x in items or [] if x.get("name")]
    return out[:n] if n else out


def source_figures(inc: dict) -> str:
    """"Dawn 2018-11-23: 4 killed; Reuters 2018-11-24: 7 killed" — each source's own count."""
    parts, seen = [], set()
    for s in inc.get("sources", []):
        if s["article_id"] in seen:
            continue
        seen.add(s["article_id"])
        who = " ".join(x for x in (s.get("source") or s["article_id"], s.get("published")) if x)
        figs = []
        if s.get("killed_best") is not None:
            figs.append(f"{s['killed_best']} killed")
        if s.get("injured_best") is not None:
            figs.append(f"{s['injured_best']} injured")
        parts.append(f"{who}: {', '.join(figs) if figs else 'no figures'}")
    return "; ".join(parts)


def source_names(inc: dict) -> list[str]:
    return sorted({s.get("source") or s["article_id"] for s in inc.get("sources", [])})


def source_urls(inc: dict) -> list[str]:
    return sorted({s["url"] for s in inc.get("sources", []) if s.get("url")})


def article_ids(inc: dict) -> list[str]:
    return sorted({s["article_id"] for s in inc.get("sources", [])})


def summary(inc: dict) -> str:
    what = inc["type"].replace("_", " ")
    where = ", ".join(x for x in (inc.get("place"), inc.get("country") or inc.get("country_code")) if x)
    text = f"{what.capitalize()}" + (f" in {where}" if where else "") + \
        (f" on {inc['date']}" if inc.get("date") else "")
    perps = names(inc.get("perpetrators")) or names(inc.get("claimed_by"))
    if perps:
        text += f" by {', '.join(perps)}"
    if inc.get("killed_best") is not None:
        rng = (f" ({inc['killed_low']}–{inc['killed_high']} across sources)"
               if inc["killed_low"] != inc["killed_high"] else "")
        text += f"; {inc['killed_best']} killed{rng}"
    return text + f". Sources: {source_figures(inc)}."

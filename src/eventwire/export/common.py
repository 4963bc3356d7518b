"""What every export shares: walking the store's incidents page by page, the way a row
points back at its sources, and cells and links that are safe to open.

Article text is untrusted, and so is every name, title and URL taken from it:

- CSV cells that begin with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would run as
  formulas in a spreadsheet (``=HYPERLINK(...)``); as OWASP recommends ("CSV Injection") they
  get a single quote in front and are quoted. Numbers (``-33.9``) stay numbers.
- Only ``http``/``https`` URLs are exported as links; ``javascript:``, ``data:`` and any other
  scheme are left out.
"""
from __future__ import annotations

import re
from typing import IO, Any, Iterable, Iterator, Optional
from urllib.parse import urlsplit

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
    return sorted({u for u in (safe_url(s.get("url")) for s in inc.get("sources", [])) if u})


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


# ------------------------------------------------------------------ safe cells and links
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
LINK_SCHEMES = ("http", "https")


def formula_risk(value: Any) -> bool:
    """Whether a spreadsheet would read this cell as a formula (a number is no risk)."""
    return (isinstance(value, str) and value.startswith(FORMULA_START)
            and not _NUMBER.fullmatch(value))


def safe_cell(value: Any) -> Any:
    """``=HYPERLINK("x")`` → ``'=HYPERLINK("x")`` (the value a spreadsheet shows as text)."""
    return "'" + value if formula_risk(value) else value


def safe_url(url: Optional[str]) -> Optional[str]:
    """The URL if it is a web link (http, https), else None (``javascript:…``, ``data:…``)."""
    if not url or not isinstance(url, str):
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in LINK_SCHEMES or not parts.netloc:
        return None
    if any(c in url for c in "\x00\r\n\t") or url.startswith(FORMULA_START):
        return None
    return url


class SafeCsvWriter:
    """``csv.DictWriter``'s interface (``writeheader``, ``writerow``) with every cell that a
    spreadsheet would run as a formula escaped and quoted. Other cells are quoted only when
    they must be (a comma, a quote, a line break), as ``csv.QUOTE_MINIMAL`` does."""

    def __init__(self, out: IO[str], fieldnames: Iterable[str], lineterminator: str = "\r\n") -> None:
        self.out, self.fieldnames, self.lineterminator = out, list(fieldnames), lineterminator

    @staticmethod
    def cell(value: Any) -> str:
        if value is None:
            return ""
        risky = formula_risk(value)
        text = ("'" + value) if risky else str(value)
        if risky or any(c in text for c in ',"\r\n'):
            return '"' + text.replace('"', '""') + '"'
        return text

    def writerow_list(self, values: Iterable[Any]) -> None:
        cells = [self.cell(v) for v in values]
        if cells == [""]:
            cells = ['""']          # as the csv module writes it: a row of one empty cell
        self.out.write(",".join(cells) + self.lineterminator)

    def writeheader(self) -> None:
        self.writerow_list(self.fieldnames)

    def writerow(self, row: dict) -> None:
        extra = set(row) - set(self.fieldnames)
        if extra:
            raise ValueError(f"dict contains fields not in fieldnames: {sorted(extra)}")
        self.writerow_list(row.get(k, "") for k in self.fieldnames)


def attackers_killed(store, row: dict) -> int | None:
    """The attackers killed in an incident (the largest figure a report of it gives), or in one
    event when ``row`` is an event row (the page's event exports), which carries its own."""
    if "killed_attackers" in row:
        return row["killed_attackers"]
    figures = [e["killed_attackers"] for e in store.events(incident=row["id"], limit=1000)
               if e.get("killed_attackers") is not None]
    return max(figures) if figures else None

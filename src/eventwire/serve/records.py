"""Store rows → the JSON records the HTTP API returns (and the page reads).

Events come back in the GUIDE §2 shape (nested ``date``, ``location``, counts and
arguments, each with the character span it came from) plus the article they were
read from; incidents, quotes and actors get the same nested names so one piece of
front-end code can show any of them. ``evidence_spans`` lists every extracted
value of one article with its span, for the highlighted article page.
"""
from __future__ import annotations

from typing import Any, Optional

_ARG_LISTS = ("perpetrators", "targets", "victims", "weapons", "claimed_by")


def _count(row: dict, prefix: str) -> dict[str, Any]:
    out = {k: row.get(f"{prefix}_{k}") for k in ("low", "best", "high")}
    if prefix == "killed" and "killed_attackers" in row:
        out["attackers"] = row["killed_attackers"]
    out["evidence"] = []
    return out


def _location(row: dict) -> Optional[dict[str, Any]]:
    if not any(row.get(k) is not None for k in ("place", "country", "lat")):
        return None
    return {"name": row.get("place"), "admin1": row.get("admin1"), "country": row.get("country"),
            "country_code": row.get("country_code"), "lat": row.get("lat"), "lon": row.get("lon"),
            "precision": row.get("geo_precision")}


def _date(row: dict) -> Optional[dict[str, Any]]:
    if row.get("date") is None:
        return None
    return {"value": row["date"], "precision": row.get("date_precision"),
            "text": row.get("date_text")}


def event_record(row: dict, extracted: Optional[dict] = None) -> dict[str, Any]:
    """One stored event; ``extracted`` is the article's own record of it (with every span)."""
    if extracted is not None:
        rec = dict(extracted)
    else:
        rec = {"type": row["type"], "subtype": row.get("subtype"),
               "trigger": {"text": row.get("trigger_text"), "start": row.get("trigger_start"),
                           "end": row.get("trigger_end")},
               "sentence": {"text": row.get("sentence_text")} if row.get("sentence_text") else None,
               "date": _date(row), "location": _location(row),
               "killed": _count(row, "killed"), "injured": _count(row, "injured"),
               "codes": row.get("codes") or {}, "confidence": row.get("confidence")}
        for name in _ARG_LISTS:
            rec[name] = row.get(name) or []
    rec["event_id"] = rec.get("id", row.get("event_id"))
    rec["id"] = row["id"]
    rec["family"] = row.get("family")
    rec["incident_id"] = row.get("incident_id")
    rec["article"] = {"id": row["article_id"], "title": row.get("article_title"),
                      "published": row.get("published"), "source": row.get("source"),
                      "url": row.get("url")}
    return rec


def incident_record(row: dict) -> dict[str, Any]:
    rec = {"id": row["id"], "type": row["type"], "family": row.get("family"),
           "date": _date(row), "date_start": row.get("date_start"), "date_end": row.get("date_end"),
           "location": _location(row),
           "killed": _count(row, "killed"), "injured": _count(row, "injured"),
           "codes": row.get("codes") or {}, "n_sources": row.get("n_sources"),
           "first_reported": row.get("first_reported"), "last_reported": row.get("last_reported")}
    for name in _ARG_LISTS:
        rec[name] = row.get(name) or []
    articles: dict[str, dict] = {}
    for src in row.get("sources") or []:
        articles.setdefault(src["article_id"], {
            "id": src["article_id"], "title": src.get("title"), "source": src.get("source"),
            "published": src.get("published"), "url": src.get("url")})
    rec["articles"] = list(articles.values())
    return rec


def quote_record(row: dict) -> dict[str, Any]:
    speaker = None
    if row.get("speaker_name") or row.get("speaker_actor"):
        speaker = {"name": row.get("speaker_actor") or row.get("speaker_name"),
                   "actor": row.get("speaker_actor"),   # set when fusion resolved the speaker
                   "text": row.get("speaker_name"), "entity_id": row.get("speaker_entity_id"),
                   "start": row.get("speaker_start"), "end": row.get("speaker_end")}
    return {"text": row["text"], "start": row.get("start"), "end": row.get("end"),
            "kind": row.get("kind"), "cue": row.get("cue"), "speaker": speaker,
            "confidence": row.get("confidence"),
            "article": {"id": row["article_id"], "title": row.get("article_title"),
                        "published": row.get("published"), "source": row.get("source"),
                        "url": row.get("url")}}


def actor_record(row: dict) -> dict[str, Any]:
    return {"id": row["id"], "name": row["name"], "kind": row.get("kind"), "type": row.get("type"),
            "first_seen": row.get("first_seen"), "last_seen": row.get("last_seen"),
            "n_articles": row.get("n_articles")}


# ------------------------------------------------------------------ article evidence

_ENTITY_LABEL = {"PERSON": "person", "ORG": "organization", "NORP": "organization",
                 "GPE": "location", "LOC": "location", "FAC": "location"}
_ARG_LABEL = {"perpetrators": "perpetrator", "targets": "target", "victims": "victim",
              "weapons": "weapon", "claimed_by": "claimant"}


def evidence_spans(extraction: dict, text_length: int) -> list[dict[str, Any]]:
    """Every extracted value that carries a span, as ``{start, end, label, value}``.

    Spans that do not fit the text (malformed or hostile records) are dropped, so
    the page can slice the text with them safely.
    """
    spans: dict[tuple, dict] = {}

    def add(item: Optional[dict], label: str, value: Any = None) -> None:
        if not isinstance(item, dict):
            return
        start, end = item.get("start"), item.get("end")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= text_length):
            return
        key = (start, end, label)
        if key not in spans:
            shown = value if value is not None else item.get("name") or item.get("text")
            spans[key] = {"start": start, "end": end, "label": label,
                          "value": None if shown is None else str(shown)}

    for ent in extraction.get("entities") or []:
        label = _ENTITY_LABEL.get(ent.get("type"), "other")
        for m in ent.get("mentions") or []:
            add(m, label, ent.get("name"))
    for d in extraction.get("dates") or []:
        add(d, "date", d.get("value"))
    for p in extraction.get("places") or []:
        add(p, "place", p.get("name"))
    for ev in extraction.get("events") or []:
        add(ev.get("trigger"), "trigger", (ev.get("type") or "").replace("_", " "))
        date = ev.get("date") or {}
        add(date, "date", date.get("value"))
        loc = ev.get("location") or {}
        add(loc, "place", loc.get("name"))
        for name, label in _ARG_LABEL.items():
            for arg in ev.get(name) or []:
                add(arg, label)
        for what in ("killed", "injured"):
            count = ev.get(what) or {}
            best = count.get("best")
            for m in count.get("evidence") or []:
                add(m, what, f"{best}" if best is not None else m.get("text"))
    for q in extraction.get("quotes") or []:
        add(q, "quote", "quote")
        add(q.get("cue"), "cue")
        add(q.get("speaker"), "speaker")
    return sorted(spans.values(), key=lambda s: (s["start"], -s["end"], s["label"]))

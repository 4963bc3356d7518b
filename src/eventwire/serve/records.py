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
    return {"name": row.get("place"), "admin1": row.get("admin1"), "admin2": row.get("admin2"),
            "country": row.get("country"),
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
            "n_articles": row.get("n_articles"), "typing": actor_typing(row)}


def actor_typing(row: dict) -> Optional[dict[str, Any]]:
    """The fused actor's ACLED inter code (with its name), sector, country and confidence, and
    the votes of its mentions behind each (``fuse.actor_types``); None when never typed."""
    if row.get("inter") is None:
        return None
    from ..extract.coding.taxonomy import INTER_CODES
    votes = row.get("type_votes") or {}
    return {"inter": row["inter"], "inter_name": INTER_CODES.get(row["inter"]),
            "sector": row.get("sector"), "country": row.get("country"),
            "confidence": row.get("type_confidence"),
            "mentions": sum((votes.get("inter") or {}).values()),
            "evidence": {f: dict(votes.get(f) or {}) for f in ("inter", "sector", "country")}}


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


def place_evidence(events: list[dict]) -> list[dict[str, Any]]:
    """The words each source used for the place: one entry per event with a located span."""
    out = []
    for ev in events:
        loc = ev.get("location") or {}
        if loc.get("text") is None and loc.get("start") is None:
            continue
        out.append({"article_id": (ev.get("article") or {}).get("id"), "event_id": ev.get("event_id"),
                    "name": loc.get("name"), "text": loc.get("text"), "start": loc.get("start"),
                    "end": loc.get("end"), "precision": loc.get("precision")})
    return out


# ------------------------------------------------------------------ the published schema
# Pydantic models that document the answers in /openapi.json. They are not used to build
# the answers (the records above are); tests/serve/test_schema_contract.py checks that the
# answers validate against them. Extra fields are allowed: a record may carry more.

from pydantic import BaseModel, ConfigDict, Field  # noqa: E402


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ErrorBody(_Open):
    error: str
    parameter: Optional[str] = None
    detail: Optional[list[dict[str, Any]]] = None


class DateRec(_Open):
    value: str
    precision: Optional[str] = None
    text: Optional[str] = None


class Evidence(_Open):
    start: Optional[int] = None
    end: Optional[int] = None
    text: Optional[str] = None


class PlaceEvidence(_Open):
    article_id: Optional[str]
    event_id: Optional[str]
    name: Optional[str]
    text: Optional[str]
    start: Optional[int]
    end: Optional[int]
    precision: Optional[str]


class Location(_Open):
    name: Optional[str] = None
    admin1: Optional[str] = None
    admin2: Optional[str] = None
    country: Optional[str] = None
    country_code: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    precision: Optional[str] = None


class CountRec(_Open):
    low: Optional[int] = None
    best: Optional[int] = None
    high: Optional[int] = None
    evidence: list[Evidence] = []


class Arg(_Open):
    name: Optional[str] = None


class ArticleRef(_Open):
    id: str
    title: Optional[str] = None
    published: Optional[str] = None
    source: Optional[str] = None
    url: Optional[str] = None


class EventRec(_Open):
    id: str
    event_id: Optional[str] = None
    type: str
    family: Optional[str] = None
    incident_id: Optional[int]
    date: Optional[DateRec] = None
    location: Optional[Location] = None
    killed: Optional[CountRec] = None
    injured: Optional[CountRec] = None
    perpetrators: list[Arg] = []
    targets: list[Arg] = []
    victims: list[Arg] = []
    weapons: list[Arg] = []
    claimed_by: list[Arg] = []
    codes: dict[str, Any] = {}
    article: ArticleRef


class IncidentRec(_Open):
    id: int
    type: str
    family: Optional[str] = None
    date: Optional[DateRec]
    date_start: Optional[str]
    date_end: Optional[str]
    location: Optional[Location]
    killed: CountRec
    injured: CountRec
    codes: dict[str, Any]
    n_sources: Optional[int]
    perpetrators: list[Arg]
    claimed_by: list[Arg]
    articles: list[ArticleRef]


class DetailLocation(Location):
    evidence: list[PlaceEvidence] = []


class IncidentDetail(IncidentRec):
    location: Optional[DetailLocation]
    events: list[EventRec]


class _Page(_Open):
    total: int
    limit: int
    offset: int
    has_more: bool


class EventPage(_Page):
    items: list[EventRec]


class IncidentPage(_Page):
    items: list[IncidentRec]


class ActorTypeEvidence(_Open):
    inter: dict[str, int]
    sector: dict[str, int]
    country: dict[str, int]


class ActorTyping(_Open):
    inter: int = Field(ge=1, le=8)
    inter_name: Optional[str] = None
    sector: Optional[str] = None
    country: Optional[str] = None
    confidence: Optional[float] = Field(default=None, ge=0, le=1)
    mentions: int
    evidence: ActorTypeEvidence


class ActorRec(_Open):
    id: int
    name: str
    kind: Optional[str] = None
    type: Optional[str] = None
    first_seen: Optional[str] = None
    last_seen: Optional[str] = None
    n_articles: Optional[int] = None
    typing: Optional[ActorTyping] = None


class ActorPage(_Page):
    items: list[ActorRec]


class Speaker(_Open):
    name: Optional[str] = None


class QuoteRec(_Open):
    text: str
    speaker: Optional[Speaker] = None
    article: ArticleRef


class QuotePage(_Page):
    items: list[QuoteRec]


class Tie(_Open):
    type: str
    head: Optional[str]
    tail: Optional[str]
    other: Optional[str]
    direction: str
    count: int
    evidence: Optional[str]
    start: Optional[int]
    end: Optional[int]
    article_id: Optional[str]


class DossierEvent(EventRec):
    roles: list[str]


class Dossier(ActorRec):
    aliases: list[str]
    attributes: dict[str, Any]
    ties: list[Tie]
    events: list[DossierEvent]
    events_total: int
    events_limit: int
    events_offset: int
    quotes: list[QuoteRec]
    quotes_total: Optional[int]
    incidents: list[int]


class ArticleRow(_Open):
    id: str
    title: Optional[str]
    published: Optional[str]
    source: Optional[str]
    url: Optional[str]
    events: Optional[int]
    quotes: Optional[int]


class ArticlePage(_Page):
    items: list[ArticleRow]


class ArticleText(ArticleRef):
    text: str


class Span(_Open):
    start: int
    end: int
    label: str
    value: Optional[str]


class ArticleEvent(_Open):
    id: Optional[str] = None
    type: Optional[str] = None
    incident_id: Optional[int]


class ArticleDetail(_Open):
    article: ArticleText
    spans: list[Span]
    events: list[ArticleEvent]
    quotes: list[dict[str, Any]]
    relations: list[dict[str, Any]]
    entities: list[dict[str, Any]]
    incidents: list[int]


class ByPrecision(_Open):
    day: int
    month: int
    year: int


class Bucket(_Open):
    bucket: str
    until: str
    count: int
    killed: int
    by_precision: ByPrecision


class Apart(_Open):
    value: str
    precision: str
    start: str
    end: str
    count: int
    killed: int


class Timeline(_Open):
    bucket: str
    requested: str
    first: Optional[str]
    last: Optional[str]
    items: list[Bucket]
    apart: list[Apart]
    undated: Optional[int]


class Config(_Open):
    read_only: bool
    tiles: Optional[str]
    max_limit: int
    event_types: list[str]
    acled_types: dict[str, list[str]]      # ACLED event type -> its sub-event types
    inter_codes: dict[str, str]            # ACLED actor type code -> its name


class Stats(_Open):
    articles: int
    events: int
    incidents: int
    event_types: list[str]


class Stored(_Open):
    id: str
    stored: bool
    events: int
    quotes: int

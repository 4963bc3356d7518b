"""The records every stage speaks.

Every stage of eventwire (ingest → nlp → extract → fuse → store → export/serve)
reads and writes these dataclasses, and nothing else crosses a stage boundary.
Character offsets (``start``/``end``) always index into ``Article.text``.
``to_dict()`` gives the JSON record documented in the README (GUIDE §2 names).
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any, Optional

SCHEMA_VERSION = "1.0"

EVENT_TYPES = (
    "attack",            # armed assault
    "bombing",
    "suicide_attack",
    "kidnapping",
    "arson",
    "armed_clash",
    "assassination",
    "protest",
    "arrest",
    "statement",
    "condemnation",
    "claim",             # claim of responsibility as its own event
)

RELATION_TYPES = ("leader_of", "member_of", "spokesperson_of", "child_of", "parent_of", "ally_of")


def normalize_text_for_hash(text: str) -> str:
    """Content used for article identity: NFC, whitespace squeezed, case folded."""
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"\s+", " ", text).strip().casefold()


def content_hash(text: str) -> str:
    return hashlib.sha256(normalize_text_for_hash(text).encode("utf-8")).hexdigest()


@dataclass
class Article:
    text: str
    title: Optional[str] = None
    published: Optional[str] = None   # ISO date "YYYY-MM-DD" (or datetime); None when unknown
    source: Optional[str] = None
    url: Optional[str] = None
    language: Optional[str] = None
    id: str = ""                       # content hash (sha256 of normalized text), first 16 hex
    origin: Optional[str] = None       # where it was read from: "file.jsonl:12"

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_hash((self.title or "") + "\n" + self.text)[:16]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "published": self.published,
                "source": self.source, "url": self.url, "language": self.language,
                "origin": self.origin, "text": self.text}


@dataclass
class Mention:
    start: int
    end: int
    text: str
    sentence: Optional[int] = None    # index into Extraction.sentences


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass
class Entity:
    id: str
    name: str                          # canonical (longest proper) name
    type: str                          # PERSON, ORG, GPE, LOC, NORP, FAC, ...
    mentions: list[Mention] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    attributes: dict[str, Any] = field(default_factory=dict)   # titles, roles, acronym, place
    confidence: float = 1.0

    @property
    def kind(self) -> str:
        return "individual" if self.type == "PERSON" else "organization"


@dataclass
class DateValue:
    value: str                         # "2018-11-23", "2018-08", "2018"
    precision: str                     # day | month | year | week | day-no-year (value "--04-21")
    text: str
    start: Optional[int] = None
    end: Optional[int] = None
    sentence: Optional[int] = None
    confidence: float = 1.0


@dataclass
class Place:
    name: str
    precision: str                     # city | admin2 | admin1 | country | region (nlp.gazetteer.PRECISIONS)
    admin1: Optional[str] = None
    country: Optional[str] = None
    country_code: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    geonameid: Optional[int] = None
    text: Optional[str] = None
    start: Optional[int] = None
    end: Optional[int] = None
    sentence: Optional[int] = None
    entity_id: Optional[str] = None
    confidence: float = 1.0
    admin2: Optional[str] = None       # the district/county it lies in (or is), from the gazetteer


@dataclass
class Argument:
    """A role filler of an event: perpetrator, target, victim, weapon, claimant."""
    name: str
    start: Optional[int] = None
    end: Optional[int] = None
    text: Optional[str] = None
    entity_id: Optional[str] = None
    kind: Optional[str] = None         # individual | organization (perpetrators, claimants)
    confidence: float = 1.0


@dataclass
class Count:
    low: Optional[int] = None
    best: Optional[int] = None
    high: Optional[int] = None
    attackers: Optional[int] = None    # attackers among the killed (killed only)
    evidence: list[Mention] = field(default_factory=list)

    def is_empty(self) -> bool:
        return self.best is None and self.low is None and self.high is None and self.attackers is None


@dataclass
class Event:
    id: str
    type: str
    trigger: Mention
    sentence: Optional[Sentence] = None
    subtype: Optional[str] = None
    date: Optional[DateValue] = None
    location: Optional[Place] = None
    perpetrators: list[Argument] = field(default_factory=list)
    targets: list[Argument] = field(default_factory=list)
    victims: list[Argument] = field(default_factory=list)
    weapons: list[Argument] = field(default_factory=list)
    killed: Count = field(default_factory=Count)
    injured: Count = field(default_factory=Count)
    claimed_by: list[Argument] = field(default_factory=list)
    codes: dict[str, Optional[str]] = field(default_factory=dict)
    confidence: float = 1.0
    evidence: list[Mention] = field(default_factory=list)   # every sentence that fed the event
    mentions: list[Mention] = field(default_factory=list)   # every trigger word of the incident


@dataclass
class Quote:
    text: str
    start: int
    end: int
    kind: str                          # direct | indirect | mixed
    cue: Optional[Mention] = None
    speaker: Optional[Argument] = None
    sentence: Optional[int] = None
    confidence: float = 1.0
    # The quoted stretches when the words are interrupted (“A,” he said. “B.”): then
    # start/end span them all and text joins them with " … ". Empty for one stretch.
    parts: list[Mention] = field(default_factory=list)


@dataclass
class Relation:
    type: str                          # one of RELATION_TYPES
    head: Argument
    tail: Argument
    start: int                         # evidence span
    end: int
    text: str = ""
    confidence: float = 1.0


@dataclass
class Extraction:
    """Everything eventwire read from one article."""
    article: Article
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    dates: list[DateValue] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    schema_version: str = SCHEMA_VERSION

    def entity(self, entity_id: str) -> Optional[Entity]:
        return next((e for e in self.entities if e.id == entity_id), None)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["article"] = self.article.to_dict()
        for ent, ed in zip(self.entities, d["entities"]):
            ed["kind"] = ent.kind
        return d


# --- reading records back (store, fuse and exports work from dicts too) -------------------

def _opt(cls, value):
    return None if value is None else cls(**value)


def extraction_from_dict(d: dict[str, Any]) -> Extraction:
    """Inverse of ``Extraction.to_dict`` (used by the store and by tests)."""
    art = dict(d["article"])
    article = Article(**{k: art.get(k) for k in ("text", "title", "published", "source", "url",
                                                  "language", "id", "origin")})

    def args(items):
        return [Argument(**a) for a in items or []]

    def count(c):
        c = dict(c or {})
        c["evidence"] = [Mention(**m) for m in c.get("evidence") or []]
        return Count(**c)

    events = []
    for e in d.get("events", []):
        events.append(Event(
            id=e["id"], type=e["type"], subtype=e.get("subtype"),
            trigger=Mention(**e["trigger"]), sentence=_opt(Sentence, e.get("sentence")),
            date=_opt(DateValue, e.get("date")), location=_opt(Place, e.get("location")),
            perpetrators=args(e.get("perpetrators")), targets=args(e.get("targets")),
            victims=args(e.get("victims")), weapons=args(e.get("weapons")),
            killed=count(e.get("killed")), injured=count(e.get("injured")),
            claimed_by=args(e.get("claimed_by")), codes=dict(e.get("codes") or {}),
            confidence=e.get("confidence", 1.0),
            evidence=[Mention(**m) for m in e.get("evidence") or []]))
    entities = []
    for e in d.get("entities", []):
        e = {k: v for k, v in e.items() if k != "kind"}
        e["mentions"] = [Mention(**m) for m in e.get("mentions") or []]
        entities.append(Entity(**e))
    quotes = []
    for q in d.get("quotes", []):
        q = dict(q)
        q["cue"] = _opt(Mention, q.get("cue"))
        q["speaker"] = _opt(Argument, q.get("speaker"))
        q["parts"] = [Mention(**m) for m in q.get("parts") or []]
        quotes.append(Quote(**q))
    relations = []
    for r in d.get("relations", []):
        r = dict(r)
        r["head"], r["tail"] = Argument(**r["head"]), Argument(**r["tail"])
        relations.append(Relation(**r))
    return Extraction(
        article=article,
        sentences=[Sentence(**s) for s in d.get("sentences", [])],
        entities=entities,
        dates=[DateValue(**x) for x in d.get("dates", [])],
        places=[Place(**x) for x in d.get("places", [])],
        events=events, quotes=quotes, relations=relations,
        schema_version=d.get("schema_version", SCHEMA_VERSION))

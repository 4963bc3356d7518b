"""One Extraction → the rows it adds to each per-article table."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any, Iterable

from ..dates import date_span, reported_span
from ..fuse.events import type_family
from ..model import Argument, Count, Event, Extraction

# event_actors.role for each argument list of an Event
ROLES = (("perpetrators", "perpetrator"), ("claimed_by", "claimant"),
         ("targets", "target"), ("victims", "victim"))


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def loads(value: str | None, default: Any = None) -> Any:
    return default if value is None else json.loads(value)


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _args(items: Iterable[Argument]) -> list[dict]:
    return [{"name": a.name, "entity_id": a.entity_id, "kind": a.kind, "start": a.start,
             "end": a.end} for a in items]


def _counts(prefix: str, c: Count) -> dict[str, Any]:
    return {f"{prefix}_low": c.low, f"{prefix}_best": c.best, f"{prefix}_high": c.high}


def event_row(article_id: str, published: str | None, ev: Event) -> dict[str, Any]:
    d = ev.date
    start, end = date_span(d.value, d.precision) if d else (None, None)
    loc = ev.location
    row = {
        "id": f"{article_id}:{ev.id}", "article_id": article_id, "event_id": ev.id,
        "type": ev.type, "subtype": ev.subtype, "family": type_family(ev.type),
        "date": d.value if d else None, "date_precision": d.precision if d else None,
        "date_text": d.text if d else None, "date_start": start, "date_end": end,
        "place": loc.name if loc else None, "admin1": loc.admin1 if loc else None,
        "admin2": loc.admin2 if loc else None,
        "country": loc.country if loc else None, "country_code": loc.country_code if loc else None,
        "lat": loc.lat if loc else None, "lon": loc.lon if loc else None,
        "geo_precision": loc.precision if loc else None,
        **_counts("killed", ev.killed), **_counts("injured", ev.injured),
        "killed_attackers": ev.killed.attackers,
        "perpetrators": dumps(_args(ev.perpetrators)), "targets": dumps(_args(ev.targets)),
        "victims": dumps(_args(ev.victims)), "weapons": dumps(_args(ev.weapons)),
        "claimed_by": dumps(_args(ev.claimed_by)), "codes": dumps(ev.codes or {}),
        "trigger_text": ev.trigger.text, "trigger_start": ev.trigger.start,
        "trigger_end": ev.trigger.end,
        "sentence_text": ev.sentence.text if ev.sentence else None,
        "confidence": ev.confidence, "published": published,
    }
    if start is None:
        # Undated: keep the days it was most likely reported about, so --since/--until
        # and dedup still see it; date stays None so nobody mistakes it for a stated date.
        row["date_start"], row["date_end"] = reported_span(published)
    return row


def extraction_rows(ex: Extraction) -> dict[str, list[dict[str, Any]]]:
    art = ex.article
    aid = art.id
    record = ex.to_dict()
    record["article"].pop("text", None)          # stored once, in articles.text
    rows: dict[str, list[dict[str, Any]]] = {
        "articles": [{
            "id": aid, "title": art.title, "published": art.published, "source": art.source,
            "url": art.url, "language": art.language, "origin": art.origin, "text": art.text,
            "ingested_at": now_iso(), "n_events": len(ex.events), "n_quotes": len(ex.quotes),
            "extraction": dumps(record)}],
        "entities": [], "mentions": [], "events": [], "event_actors": [], "quotes": [],
        "relations": []}
    seen_entity_ids = set()
    for ent in ex.entities:
        if ent.id in seen_entity_ids:
            continue
        seen_entity_ids.add(ent.id)
        rows["entities"].append({
            "article_id": aid, "entity_id": ent.id, "name": ent.name, "type": ent.type,
            "aliases": dumps(ent.aliases), "attributes": dumps(ent.attributes),
            "n_mentions": len(ent.mentions), "actor_id": None})
        rows["mentions"].extend({"article_id": aid, "entity_id": ent.id, "start": m.start,
                                 "end": m.end, "text": m.text} for m in ent.mentions)
    seen_event_ids = set()
    for ev in ex.events:
        if ev.id in seen_event_ids:      # a malformed extraction must not abort the article
            continue
        seen_event_ids.add(ev.id)
        rows["events"].append(event_row(aid, art.published, ev))
        for attr, role in ROLES:
            for pos, a in enumerate(getattr(ev, attr)):
                rows["event_actors"].append({
                    "event_id": f"{aid}:{ev.id}", "role": role, "position": pos,
                    "article_id": aid, "name": a.name, "kind": a.kind, "entity_id": a.entity_id,
                    "actor_id": None})
    for pos, q in enumerate(ex.quotes):
        sp = q.speaker
        rows["quotes"].append({
            "article_id": aid, "position": pos, "text": q.text, "start": q.start, "end": q.end,
            "kind": q.kind, "cue": q.cue.text if q.cue else None,
            "speaker_name": sp.name if sp else None, "speaker_entity_id": sp.entity_id if sp else None,
            "speaker_start": sp.start if sp else None, "speaker_end": sp.end if sp else None,
            "speaker_actor_id": None, "confidence": q.confidence, "published": art.published})
    for pos, r in enumerate(ex.relations):
        rows["relations"].append({
            "article_id": aid, "position": pos, "type": r.type,
            "head_name": r.head.name, "head_entity_id": r.head.entity_id, "head_actor_id": None,
            "tail_name": r.tail.name, "tail_entity_id": r.tail.entity_id, "tail_actor_id": None,
            "start": r.start, "end": r.end, "text": r.text, "confidence": r.confidence})
    return rows

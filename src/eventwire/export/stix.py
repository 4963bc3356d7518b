"""STIX 2.1 bundle (built and checked by the ``stix2`` library).

Per incident: an ``incident`` object; a ``location``; a ``threat-actor`` per perpetrator
or claimant, linked ``attributed-to``; an ``identity`` per named target or victim, linked
from the threat actors by ``targets``; the incident ``located-at`` its location; and one
``report`` per source article whose ``object_refs`` name everything it supports, with the
article's URL as an external reference, created by an ``identity`` for its outlet. Ids are UUIDv5 of stable keys, so exporting twice
gives the same ids and actors shared by incidents appear once.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import IO

import stix2

from .common import iter_incidents, names, safe_url, summary

NAMESPACE = uuid.UUID("6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0")


def _id(kind: str, key: str) -> str:
    return f"{kind}--{uuid.uuid5(NAMESPACE, kind + ':' + key)}"


def _time(day: str | None) -> datetime | None:
    if not day:
        return None
    try:
        d = datetime.fromisoformat(day[:10])
    except ValueError:
        return None
    return d.replace(tzinfo=timezone.utc)


def objects_for(inc: dict, made: dict) -> list:
    out = []

    def once(obj):
        if obj.id not in made:
            made[obj.id] = obj
            out.append(obj)
        return made[obj.id]

    incident = once(stix2.Incident(id=_id("incident", str(inc["id"])), name=summary(inc)[:200],
                                   description=summary(inc)))
    refs = [incident.id]
    if inc.get("lat") is not None or inc.get("country_code"):
        kw = {"name": inc.get("place") or inc.get("country") or inc.get("country_code")}
        if inc.get("lat") is not None:
            kw.update(latitude=float(inc["lat"]), longitude=float(inc["lon"]))
        if inc.get("country_code"):
            kw["country"] = inc["country_code"]
        if inc.get("admin1"):
            kw["administrative_area"] = inc["admin1"]
        loc = once(stix2.Location(id=_id("location", f"{kw['name']}|{inc.get('lat')}|{inc.get('lon')}|"
                                                     f"{inc.get('country_code')}"), **kw))
        rel = once(stix2.Relationship(id=_id("relationship", f"{incident.id}|located-at|{loc.id}"),
                                      relationship_type="located-at", source_ref=incident.id,
                                      target_ref=loc.id))
        refs += [loc.id, rel.id]
    actors = []
    for name in dict.fromkeys(names(inc.get("perpetrators")) + names(inc.get("claimed_by"))):
        ta = once(stix2.ThreatActor(id=_id("threat-actor", name.casefold()), name=name))
        rel = once(stix2.Relationship(id=_id("relationship", f"{incident.id}|attributed-to|{ta.id}"),
                                      relationship_type="attributed-to", source_ref=incident.id,
                                      target_ref=ta.id))
        actors.append(ta)
        refs += [ta.id, rel.id]
    for name in dict.fromkeys(names(inc.get("targets")) + names(inc.get("victims"))):
        ident = once(stix2.Identity(id=_id("identity", name.casefold()), name=name,
                                    identity_class="unknown"))
        refs.append(ident.id)
        for ta in actors:
            rel = once(stix2.Relationship(id=_id("relationship", f"{ta.id}|targets|{ident.id}|{incident.id}"),
                                          relationship_type="targets", source_ref=ta.id,
                                          target_ref=ident.id,
                                          description=f"in incident {inc['id']}"))
            refs.append(rel.id)
    seen = set()
    for s in inc.get("sources", []):
        if s["article_id"] in seen:
            continue
        seen.add(s["article_id"])
        url = safe_url(s.get("url"))      # a javascript: or data: URL is no link
        ext = [{"source_name": s.get("source") or "article", "url": url}] if url else \
            [{"source_name": s.get("source") or "article", "external_id": s["article_id"]}]
        outlet = once(stix2.Identity(id=_id("identity", "outlet:" + (s.get("source") or "unknown").casefold()),
                                     name=s.get("source") or "unknown source",
                                     identity_class="organization", sectors=["communications"]))
        published = _time(s.get("published")) or _time(inc.get("date")) or datetime(1970, 1, 1, tzinfo=timezone.utc)
        once(stix2.Report(id=_id("report", f"{s['article_id']}|{inc['id']}"),
                          name=s.get("title") or f"{s.get('source') or 'Article'} {s['article_id']}",
                          published=published, report_types=["threat-report"],
                          created_by_ref=outlet.id,
                          description=f"Killed: {s.get('killed_best')}; injured: {s.get('injured_best')}",
                          object_refs=refs, external_references=ext))
    return out


def write(store, out: IO[str], **filters) -> int:
    made: dict = {}
    objects = []
    n = 0
    for inc in iter_incidents(store, **filters):
        objects += objects_for(inc, made)
        n += 1
    bundle = stix2.Bundle(objects=objects) if objects else stix2.Bundle()
    out.write(bundle.serialize(pretty=True))
    out.write("\n")
    return n

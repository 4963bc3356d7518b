"""Read queries behind ``Store``'s read API (used by the CLI and the HTTP API).

Every query is built with SQLAlchemy expressions (bound parameters only), every
list is paged with a capped ``limit``. Filters are shared by events (one row per
article's report) and incidents (one row per fused real-world incident).
"""
from __future__ import annotations

import math
import re
from typing import Any, Optional

from sqlalchemy import and_, func, or_, select, true
from sqlalchemy.engine import Connection

from ..errors import Errors, UsageError
from ..fuse.actors import name_key
from . import schema as S
from .rows import loads

MAX_LIMIT = 1000
NEAR_SCAN_CAP = 100_000      # rows a --near query may inspect after its bounding box
EARTH_KM = 6371.0088
_JSON_LISTS = ("perpetrators", "targets", "victims", "weapons", "claimed_by")


def clamp(limit: Optional[int], offset: Optional[int]) -> tuple[int, int]:
    limit = 50 if limit is None else int(limit)
    offset = 0 if offset is None else int(offset)
    if limit < 0 or offset < 0:
        raise UsageError(Errors.E201.format(value=min(limit, offset), what="limit/offset",
                                            hint="use a number ≥ 0"))
    return min(limit, MAX_LIMIT), offset


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def _like(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _ilike(column, text: str):
    return func.lower(column).like(_like(text), escape="\\")


def actor_ids(conn: Connection, name: str) -> list[int]:
    """Actors called ``name`` (any alias, titles and case ignored)."""
    key = name_key(name)
    if not key:
        return []
    return list(conn.execute(select(S.aliases.c.actor_id).where(S.aliases.c.key == key)
                             .distinct()).scalars())


def _as_list(value) -> list:
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple, set)):
        return [v for v in value if v not in (None, "")]
    return [value]


def _actor_event_ids(conn: Connection, actor):
    """Sub-select of event ids that name one of ``actor`` (a name or a list) in any role.

    A name means the fused actor it names or aliases (titles and case ignored), so "BLA"
    and "Baloch Liberation Army" select the same events; events fusion has not resolved
    yet match the name exactly (case ignored). Parts of names match nothing.
    """
    ea = S.event_actors
    names = _as_list(actor)
    ids = sorted({i for n in names for i in actor_ids(conn, n)})
    cond = and_(ea.c.actor_id.is_(None), func.lower(ea.c.name).in_([n.lower() for n in names]))
    if ids:
        cond = or_(cond, ea.c.actor_id.in_(ids))
    return select(ea.c.event_id).where(cond)


def _codes_cond(t, key: str, values) -> Any:
    """Rows whose ``codes`` JSON holds ``key`` with one of ``values`` (exact text; a number
    also matches the code stored as a number, as the inter codes are)."""
    from .rows import dumps
    fragments = []
    for v in values:
        fragments.append(dumps({key: str(v)})[1:-1])
        if re.fullmatch(r"-?[0-9]{1,9}", str(v).strip()):      # ASCII digits only ('²' is a digit too)
            number = dumps({key: int(v)})[1:-1]
            fragments += [number + ",", number + "}"]
    return or_(*[t.c.codes.contains(f, autoescape=True) for f in fragments])


def _filters(conn: Connection, t, *, type=None, actor=None, country=None, since=None,
             until=None, near=None, q=None, located=None, acled_sub_event_type=None, inter1=None,
             acled_event_type=None, inter2=None, min_confidence=None, incidents: bool = False) -> list:
    """WHERE conditions; ``type``, ``actor``, ``country`` and the codes take a value or a list
    (any of them). ``country``: codes or names, case ignored. ``located``: with/without coordinates."""
    conds = []
    types = _as_list(type)
    if types:
        conds.append(or_(t.c.type.in_(types), t.c.family.in_(types)))
    countries = _as_list(country)
    if countries:
        conds.append(or_(func.upper(t.c.country_code).in_([c.upper() for c in countries]),
                         func.lower(t.c.country).in_([c.lower() for c in countries])))
    if since:
        conds.append(t.c.date_end >= since)
    if until:
        conds.append(t.c.date_start <= until)
    if located is not None:
        conds.append(t.c.lat.is_not(None) if located else t.c.lat.is_(None))
    if min_confidence is not None:
        # an incident qualifies when one of its reports is that confident
        ev = S.events
        if incidents:
            sub = select(S.event_sources.c.incident_id).join(
                ev, ev.c.id == S.event_sources.c.event_id).where(ev.c.confidence >= min_confidence)
            conds.append(t.c.id.in_(sub))
        else:
            conds.append(t.c.confidence >= min_confidence)
    if near:
        lat, lon, km = near
        dlat = km / 111.0
        dlon = km / max(1e-6, 111.0 * math.cos(math.radians(min(89.0, abs(lat)))))
        conds += [t.c.lat.is_not(None), t.c.lat.between(lat - dlat, lat + dlat),
                  t.c.lon.between(lon - dlon, lon + dlon)]
    for key, values in (("acled_sub_event_type", acled_sub_event_type), ("inter1", inter1),
                        ("acled_event_type", acled_event_type), ("inter2", inter2)):
        if _as_list(values):
            conds.append(_codes_cond(t, key, _as_list(values)))
    if _as_list(actor):
        sub = _actor_event_ids(conn, actor)
        if incidents:
            sub = select(S.event_sources.c.incident_id).where(S.event_sources.c.event_id.in_(sub))
        conds.append(t.c.id.in_(sub))
    if q:
        if incidents:
            ev = S.events
            sub = select(S.event_sources.c.incident_id).join(
                ev, ev.c.id == S.event_sources.c.event_id).where(
                or_(_ilike(ev.c.sentence_text, q), _ilike(ev.c.place, q)))
            conds.append(t.c.id.in_(sub))
        else:
            conds.append(or_(_ilike(t.c.sentence_text, q), _ilike(t.c.place, q),
                             _ilike(t.c.trigger_text, q)))
    return conds


SORTS = ("date", "-date", "killed", "-killed", "sources", "-sources", "type")


def _order(t, sort: Optional[str], sources_col=None) -> list:
    """ORDER BY for ``sort`` (a leading - reverses; NULLs always last), ties by id."""
    sort = sort or "-date"
    if sort not in SORTS:
        raise UsageError(Errors.E201.format(value=sort, what="sort", hint="use one of " + ", ".join(SORTS)))
    col = {"date": t.c.date_start, "killed": t.c.killed_best, "type": t.c.type,
           "sources": sources_col if sources_col is not None else t.c.n_sources}[sort.lstrip("-")]
    first = col.desc().nulls_last() if sort.startswith("-") else col.asc().nulls_last()
    out = [first]
    if sort.lstrip("-") != "date":
        out.append(t.c.date_start.desc().nulls_last())
    return out + [t.c.id]


def _near_filter(rows: list[dict], near) -> list[dict]:
    lat, lon, km = near
    return [r for r in rows if r["lat"] is not None and haversine_km(lat, lon, r["lat"], r["lon"]) <= km]


def _decode(row: dict) -> dict:
    for k in _JSON_LISTS:
        if k in row:
            row[k] = loads(row[k], [])
    if "codes" in row:
        row["codes"] = loads(row["codes"], {})
    return row


def _page(conn: Connection, stmt, near, limit: int, offset: int) -> list[dict]:
    if near:
        rows = [dict(r._mapping) for r in conn.execute(stmt.limit(NEAR_SCAN_CAP))]
        return _near_filter(rows, near)[offset:offset + limit]
    return [dict(r._mapping) for r in conn.execute(stmt.limit(limit).offset(offset))]


# ---------------------------------------------------------------------- events
def _events_select(conn, **filters):
    e, a, es, i = S.events, S.articles, S.event_sources, S.incidents
    stmt = (select(e, es.c.incident_id, i.c.n_sources.label("incident_sources"),
                   a.c.title.label("article_title"), a.c.source.label("source"), a.c.url.label("url"))
            .join(a, a.c.id == e.c.article_id)
            .outerjoin(es, es.c.event_id == e.c.id)
            .outerjoin(i, i.c.id == es.c.incident_id))
    for c in _filters(conn, e, **filters):
        stmt = stmt.where(c)
    return stmt


def events(conn: Connection, *, limit: int = 50, offset: int = 0, incident: Optional[int] = None,
           article: Optional[str] = None, sort: Optional[str] = None, **filters) -> list[dict]:
    limit, offset = clamp(limit, offset)
    stmt = _events_select(conn, **filters)
    if incident is not None:
        stmt = stmt.where(S.event_sources.c.incident_id == incident)
    if article is not None:
        stmt = stmt.where(S.events.c.article_id == article)
    stmt = stmt.order_by(*_order(S.events, sort, S.incidents.c.n_sources))
    return [_decode(r) for r in _page(conn, stmt, filters.get("near"), limit, offset)]


def count_events(conn: Connection, sort: Optional[str] = None, **filters) -> int:
    if filters.get("near"):
        return len(_near_filter([dict(r._mapping) for r in conn.execute(
            _events_select(conn, **filters).limit(NEAR_SCAN_CAP))], filters["near"]))
    conds = _filters(conn, S.events, **filters)
    return conn.execute(select(func.count()).select_from(S.events).where(and_(true(), *conds))).scalar()


# ---------------------------------------------------------------------- incidents
def _incident_sources(conn: Connection, ids: list[int]) -> dict[int, list[dict]]:
    es, a, e = S.event_sources, S.articles, S.events
    out: dict[int, list[dict]] = {i: [] for i in ids}
    if not ids:
        return out
    stmt = (select(es, a.c.title, e.c.type, e.c.date, e.c.date_text, e.c.sentence_text,
                   e.c.place)
            .join(a, a.c.id == es.c.article_id).join(e, e.c.id == es.c.event_id)
            .where(es.c.incident_id.in_(ids))
            .order_by(es.c.published.nulls_first(), es.c.article_id, es.c.event_id))
    for r in conn.execute(stmt):
        out[r.incident_id].append(dict(r._mapping))
    return out


def incidents(conn: Connection, *, limit: int = 50, offset: int = 0, sources: bool = True,
              sort: Optional[str] = None, **filters) -> list[dict]:
    limit, offset = clamp(limit, offset)
    t = S.incidents
    stmt = select(t)
    for c in _filters(conn, t, incidents=True, **filters):
        stmt = stmt.where(c)
    stmt = stmt.order_by(*_order(t, sort))
    rows = [_decode(r) for r in _page(conn, stmt, filters.get("near"), limit, offset)]
    if sources:
        by_id = _incident_sources(conn, [r["id"] for r in rows])
        for r in rows:
            r["sources"] = by_id[r["id"]]
    return rows


def count_incidents(conn: Connection, sort: Optional[str] = None, **filters) -> int:
    conds = _filters(conn, S.incidents, incidents=True, **filters)
    if filters.get("near"):
        t = S.incidents
        rows = [{"lat": r.lat, "lon": r.lon} for r in conn.execute(
            select(t.c.lat, t.c.lon).where(and_(true(), *conds)).limit(NEAR_SCAN_CAP))]
        return len(_near_filter(rows, filters["near"]))
    return conn.execute(select(func.count()).select_from(S.incidents)
                        .where(and_(true(), *conds))).scalar()


def incident(conn: Connection, incident_id: int) -> Optional[dict]:
    row = conn.execute(select(S.incidents).where(S.incidents.c.id == incident_id)).first()
    if row is None:
        return None
    out = _decode(dict(row._mapping))
    out["sources"] = _incident_sources(conn, [incident_id])[incident_id]
    return out


# ---------------------------------------------------------------------- actors
def _actor_row(r) -> dict:
    d = dict(r._mapping)
    if "attributes" in d:
        d["attributes"] = loads(d["attributes"], {})
    if "type_votes" in d:
        d["type_votes"] = loads(d["type_votes"], {}) or {}
    return d


def find_actor_id(conn: Connection, name: str) -> Optional[int]:
    ids = actor_ids(conn, name)
    t = S.actors
    if not ids:
        ids = list(conn.execute(select(t.c.id).where(_ilike(t.c.name, name))
                                .order_by(t.c.n_articles.desc()).limit(1)).scalars())
    if not ids:
        return None
    return conn.execute(select(t.c.id).where(t.c.id.in_(ids))
                        .order_by(t.c.n_articles.desc(), t.c.id).limit(1)).scalar()


def actor_ties(conn: Connection, aid: int, *, limit: int = 500) -> list[dict]:
    """The actor's ties, each distinct one once with how often it was read (``count``).

    ``direction``: "out" when this actor is the head ("<this> <type> <other>"), "in" when
    it is the tail ("<other> <type> <this>"). The evidence is the first report of it.
    """
    r, h, tl = S.relations, S.actors.alias("head"), S.actors.alias("tail")
    head = func.coalesce(h.c.name, r.c.head_name)
    tail = func.coalesce(tl.c.name, r.c.tail_name)
    stmt = (select(r.c.type, r.c.head_actor_id, r.c.tail_actor_id, head.label("head"), tail.label("tail"),
                   func.count().label("n"), func.min(r.c.id).label("example"),
                   func.max(r.c.confidence).label("confidence"))
            .select_from(r).outerjoin(h, h.c.id == r.c.head_actor_id)
            .outerjoin(tl, tl.c.id == r.c.tail_actor_id)
            .where(or_(r.c.head_actor_id == aid, r.c.tail_actor_id == aid))
            .group_by(r.c.type, r.c.head_actor_id, r.c.tail_actor_id, head, tail)
            .order_by(func.count().desc(), r.c.type, head, tail).limit(limit))
    groups = list(conn.execute(stmt))
    examples = {row.id: row for row in conn.execute(
        select(r.c.id, r.c.text, r.c.start, r.c.end, r.c.article_id)
        .where(r.c.id.in_([g.example for g in groups])))} if groups else {}
    ties = []
    for g in groups:
        ex = examples.get(g.example)
        out = g.head_actor_id == aid
        ties.append({"type": g.type, "head": g.head, "tail": g.tail,
                     "other": g.tail if out else g.head, "direction": "out" if out else "in",
                     "count": g.n, "evidence": ex.text if ex else None,
                     "start": ex.start if ex else None, "end": ex.end if ex else None,
                     "confidence": g.confidence, "article_id": ex.article_id if ex else None})
    return ties


def actor(conn: Connection, name: str, *, limit: int = 200, offset: int = 0,
          quotes_limit: int = 200) -> Optional[dict]:
    """A dossier: names, ties, one page of events (with their roles), quotes, first and last seen.

    ``events_total`` is the number of all the actor's events; ``limit``/``offset`` page them
    (oldest first).
    """
    aid = find_actor_id(conn, name)
    if aid is None:
        return None
    limit, offset = clamp(limit, offset)
    a = S.actors
    out = _actor_row(conn.execute(select(a).where(a.c.id == aid)).one())
    out["aliases"] = sorted(conn.execute(select(S.aliases.c.alias).where(
        S.aliases.c.actor_id == aid)).scalars(), key=str.lower)
    out["ties"] = actor_ties(conn, aid)
    ea, e, es = S.event_actors, S.events, S.event_sources
    mine = select(ea.c.event_id).where(ea.c.actor_id == aid).distinct()
    out["events_total"] = conn.execute(select(func.count()).select_from(mine.subquery())).scalar_one()
    evs = [dict(row._mapping) for row in conn.execute(
        select(e.c.id, e.c.type, e.c.date, e.c.place, e.c.country, e.c.killed_best,
               e.c.article_id, e.c.sentence_text, es.c.incident_id)
        .outerjoin(es, es.c.event_id == e.c.id)
        .where(e.c.id.in_(mine)).order_by(e.c.date_start.nulls_last(), e.c.id)
        .limit(limit).offset(offset))]
    roles: dict[str, list[str]] = {}
    if evs:
        for eid, role in conn.execute(
                select(ea.c.event_id, ea.c.role).where(ea.c.actor_id == aid,
                                                       ea.c.event_id.in_([x["id"] for x in evs]))
                .order_by(ea.c.event_id, ea.c.role, ea.c.position)):
            if role not in roles.setdefault(eid, []):
                roles[eid].append(role)
    for x in evs:
        x["roles"] = roles.get(x["id"], [])
        x["role"] = x["roles"][0] if x["roles"] else None
    out["events"] = evs
    out["incidents"] = sorted(conn.execute(
        select(es.c.incident_id).where(es.c.event_id.in_(mine)).distinct()).scalars())
    out["quotes_total"] = count_quotes(conn, speaker_id=aid)
    out["quotes"] = quotes(conn, speaker_id=aid, limit=quotes_limit)
    return out


def _actors_matching(q: Optional[str]):
    """Actors whose name or an alias contains ``q`` (all actors when q is empty)."""
    a = S.actors
    if not q:
        return true()
    return or_(_ilike(a.c.name, q), a.c.id.in_(
        select(S.aliases.c.actor_id).where(_ilike(S.aliases.c.alias, q))))


def _actors_typed(inter=None, sector=None):
    """Actors of these inter codes (1-8) and sectors (CAMEO-style codes, case ignored)."""
    a = S.actors
    conds = []
    inters = [int(v) for v in _as_list(inter)]
    if inters:
        conds.append(a.c.inter.in_(inters))
    sectors = [str(v).upper() for v in _as_list(sector)]
    if sectors:
        conds.append(a.c.sector.in_(sectors))
    return and_(true(), *conds)


def count_actors(conn: Connection, *, q: Optional[str] = None, inter=None, sector=None) -> int:
    return conn.execute(select(func.count()).select_from(S.actors).where(
        _actors_matching(q), _actors_typed(inter, sector))).scalar_one()


ACTOR_LIST_COLUMNS = ("id", "name", "kind", "type", "first_seen", "last_seen", "n_articles",
                      "inter", "sector", "country", "type_confidence", "type_votes")


def actors(conn: Connection, *, q: Optional[str] = None, inter=None, sector=None, limit: int = 50,
           offset: int = 0) -> list[dict]:
    limit, offset = clamp(limit, offset)
    a = S.actors
    stmt = select(*[a.c[c] for c in ACTOR_LIST_COLUMNS])
    stmt = stmt.where(_actors_matching(q), _actors_typed(inter, sector))
    stmt = stmt.order_by(a.c.n_articles.desc(), a.c.name, a.c.id).limit(limit).offset(offset)
    return [_actor_row(r) for r in conn.execute(stmt)]


# ---------------------------------------------------------------------- quotes, articles
def _quotes_by(conn: Connection, speaker: Optional[str], speaker_id: Optional[int]):
    """Quotes of one actor (by id), of a speaker named or aliased ``speaker``, or all."""
    qt = S.quotes
    if speaker_id is not None:
        return qt.c.speaker_actor_id == speaker_id
    if not speaker:
        return true()
    ids = actor_ids(conn, speaker)
    cond = _ilike(qt.c.speaker_name, speaker)
    return or_(cond, qt.c.speaker_actor_id.in_(ids)) if ids else cond


def count_quotes(conn: Connection, *, speaker: Optional[str] = None, speaker_id: Optional[int] = None) -> int:
    return conn.execute(select(func.count()).select_from(S.quotes)
                        .where(_quotes_by(conn, speaker, speaker_id))).scalar_one()


def quotes(conn: Connection, *, speaker: Optional[str] = None, speaker_id: Optional[int] = None,
           limit: int = 50, offset: int = 0) -> list[dict]:
    limit, offset = clamp(limit, offset)
    qt, ar, ac = S.quotes, S.articles, S.actors
    stmt = (select(qt, ar.c.title.label("article_title"), ar.c.source, ar.c.url,
                   ac.c.name.label("speaker_actor"))
            .join(ar, ar.c.id == qt.c.article_id)
            .outerjoin(ac, ac.c.id == qt.c.speaker_actor_id))
    stmt = stmt.where(_quotes_by(conn, speaker, speaker_id))
    stmt = stmt.order_by(qt.c.published.desc().nulls_last(), qt.c.article_id, qt.c.position)
    return [dict(r._mapping) for r in conn.execute(stmt.limit(limit).offset(offset))]


def articles(conn: Connection, *, limit: int = 50, offset: int = 0) -> list[dict]:
    limit, offset = clamp(limit, offset)
    a = S.articles
    stmt = (select(a.c.id, a.c.title, a.c.published, a.c.source, a.c.url, a.c.origin,
                   a.c.ingested_at, a.c.n_events, a.c.n_quotes)
            .order_by(a.c.published.desc().nulls_last(), a.c.id).limit(limit).offset(offset))
    return [dict(r._mapping) for r in conn.execute(stmt)]


def count_articles(conn: Connection) -> int:
    return conn.execute(select(func.count()).select_from(S.articles)).scalar_one()


def article(conn: Connection, article_id: str) -> Optional[dict]:
    row = conn.execute(select(S.articles).where(S.articles.c.id == article_id)).first()
    if row is None:
        return None
    out = dict(row._mapping)
    extraction = loads(out.pop("extraction"), {}) or {}
    extraction.setdefault("article", {})["text"] = out["text"]
    out["extraction"] = extraction
    links = list(conn.execute(select(S.event_sources.c.event_id, S.event_sources.c.incident_id).where(
        S.event_sources.c.article_id == article_id)))
    out["incidents"] = sorted({i for _, i in links})
    out["event_incidents"] = {eid: i for eid, i in links}     # "<article id>:<Event.id>" → incident
    return out


def stats(conn: Connection) -> dict[str, Any]:
    def count(t, *conds):
        return conn.execute(select(func.count()).select_from(t).where(and_(true(), *conds))).scalar()

    i = S.incidents
    out = {
        "articles": count(S.articles), "events": count(S.events), "incidents": count(i),
        "incidents_multi_source": count(i, i.c.n_sources > 1),
        "actors": count(S.actors), "aliases": count(S.aliases), "entities": count(S.entities),
        "quotes": count(S.quotes), "relations": count(S.relations),
        "unfused_events": count(S.events, S.events.c.id.not_in(select(S.event_sources.c.event_id))),
    }
    lo, hi = conn.execute(select(func.min(S.events.c.date_start), func.max(S.events.c.date_end))).one()
    out["first_date"], out["last_date"] = lo, hi
    out["events_by_type"] = {t: n for t, n in conn.execute(
        select(S.events.c.type, func.count()).group_by(S.events.c.type).order_by(func.count().desc(), S.events.c.type))}
    out["incidents_by_country"] = {c or "?": n for c, n in conn.execute(
        select(i.c.country_code, func.count()).group_by(i.c.country_code)
        .order_by(func.count().desc(), i.c.country_code.nulls_last()).limit(20))}
    return out

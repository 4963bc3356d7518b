"""Fusion over the store: feeds ``fuse.actors`` and ``fuse.events`` with what was
ingested since the last run, a batch of articles per transaction.

An article is fused once (``articles.fused_at``): its entities and event roles are
linked to actors, then each of its events joins an incident or starts one, and every
incident it touched gets its fused fields (dates, place, low/best/high counts, actors)
recomputed from all of its sources. ``full=True`` clears actors and incidents first.
"""
from __future__ import annotations

import uuid
import weakref
from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Any, Optional

from sqlalchemy import and_, bindparam, delete, or_, select, update
from sqlalchemy.engine import Connection, Engine

from ..fuse.actor_types import add_votes, mention_type, merged, voted_type
from ..fuse.actors import ACTOR_TYPES, ActorIndex, acronym_of, canonical_name, is_acronym, kind_of, name_key
from ..dates import LONGEST_SHORT_SPAN_DAYS, year_starts
from ..fuse.events import (BLOCK_DAYS, DATE_MAX_DAYS, EventKey, IncidentIndex, block_weeks,
                           compatible_families, match_window)
from ..fuse.incidents import GEO_RANK, fused_fields
from . import schema as S
from .rows import dumps, loads, now_iso

PG_LOCK_FUSE = 7_420_002
BATCH_ARTICLES = 200
# The incident index kept between batches holds at most this many incidents (beyond, it is
# dropped and the next batch reads its blocks from the store again): memory, not decisions.
MAX_CACHED_INCIDENTS = 200_000
NOT_AN_ACTOR = 0
_CREATE_ROLES = ("perpetrator", "claimant")     # names in these roles become actors


class FusionCache:
    """What a process fusing batch after batch keeps between them: the actor index, the
    aliases recorded and the incident index (``_IncidentCache``), valid only while the
    store's fusion token is the one its own last batch wrote (else another process fused or
    cleared in between, and all are read again)."""

    def __init__(self) -> None:
        self.token: Optional[str] = None
        self.index: Optional[ActorIndex] = None
        self.recorded: Optional[set[tuple[int, str]]] = None
        self.incidents: Optional["_IncidentCache"] = None

    def take(self, token: Optional[str]) -> tuple[Optional[ActorIndex], Optional[set], Optional["_IncidentCache"]]:
        current = token is not None and token == self.token
        kept = (self.index, self.recorded, self.incidents) if current else (None, None, None)
        # handed out once: a batch that fails may have changed them
        self.token = self.index = self.recorded = self.incidents = None
        return kept

    def keep(self, token: str, index: ActorIndex, recorded: set[tuple[int, str]],
             incidents: Optional["_IncidentCache"] = None) -> None:
        self.token, self.index, self.recorded, self.incidents = token, index, recorded, incidents


# one FusionCache per engine (a Store's), so Store.fuse()'s batches share it
_CACHES: "weakref.WeakKeyDictionary[Engine, FusionCache]" = weakref.WeakKeyDictionary()


def _fusion_token(conn: Connection) -> Optional[str]:
    return conn.execute(select(S.fusion_state.c.token).where(S.fusion_state.c.id == 1)).scalar()


def _renew_fusion_token(conn: Connection) -> str:
    token = uuid.uuid4().hex
    conn.execute(delete(S.fusion_state))
    conn.execute(S.fusion_state.insert().values(id=1, token=token))
    return token


def clear_fusion(conn: Connection) -> None:
    conn.execute(delete(S.fusion_state))
    for t in S.FUSION_TABLES:
        conn.execute(delete(t))
    conn.execute(update(S.entities).values(actor_id=None))
    conn.execute(update(S.event_actors).values(actor_id=None))
    conn.execute(update(S.quotes).values(speaker_actor_id=None))
    conn.execute(update(S.relations).values(head_actor_id=None, tail_actor_id=None))
    conn.execute(update(S.articles).values(fused_at=None))


def fuse_batch(conn: Connection, *, limit: int = BATCH_ARTICLES, exhaustive: bool = False,
               cache: Optional[FusionCache] = None) -> dict[str, int]:
    """Fuse up to ``limit`` unfused articles; returns what it did (articles=0: all done).
    ``exhaustive``: compare each report with every incident in reach instead of the blocked
    candidates (slow; the reference the tests check the blocking against). ``cache`` keeps
    the actor index from one batch to the next (default: one per engine)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_LOCK_FUSE})")
    a = S.articles
    batch = list(conn.execute(select(a.c.id).where(a.c.fused_at.is_(None))
                              .order_by(a.c.published.nulls_first(), a.c.id).limit(limit)).scalars())
    # the same articles may come in another order on another backend (collations)
    batch.sort()
    stats = {"articles": len(batch), "actors_new": 0, "events": 0, "incidents_new": 0,
             "incidents_touched": 0, "reports_read": 0, "candidates_scored": 0, "crowded_out": 0}
    if not batch:
        return stats
    if cache is None:
        cache = _CACHES.setdefault(conn.engine, FusionCache())
    index, recorded, incidents = cache.take(_fusion_token(conn))
    writer = _ActorWriter(conn, index if index is not None else load_actor_index(conn), stats, recorded)
    touched_actors = _resolve_actors(conn, batch, writer)
    _refresh_actors(conn, touched_actors, batch, writer.index)
    if exhaustive:
        incidents = None
    elif incidents is None:
        incidents = _IncidentCache()
    touched = _dedup_events(conn, batch, stats, exhaustive=exhaustive, incidents=incidents)
    refresh_incidents(conn, touched)
    stats["incidents_touched"] = len(touched)
    conn.execute(update(a).where(a.c.id.in_(batch)).values(fused_at=now_iso()))
    if incidents is not None and len(incidents.index.members) > MAX_CACHED_INCIDENTS:
        incidents = None        # memory stays bounded: the next batch reads its blocks again
    cache.keep(_renew_fusion_token(conn), writer.index, writer.recorded, incidents)
    return stats


# ------------------------------------------------------------------------- actors
def load_actor_index(conn: Connection) -> ActorIndex:
    index = ActorIndex()
    for r in conn.execute(select(S.actors.c.id, S.actors.c.name, S.actors.c.kind, S.actors.c.type,
                                 S.actors.c.n_articles)):
        index.add(r.id, r.name, r.kind, r.type, n_articles=r.n_articles)
    for r in conn.execute(select(S.aliases.c.actor_id, S.aliases.c.alias)):
        if r.actor_id in index.actors:
            actor = index.actors[r.actor_id]
            index.add(actor.id, actor.name, actor.kind, actor.type, aliases=[r.alias])
    return index


class _ActorWriter:
    """Creates actors and records aliases as resolution goes, keeping the index current."""

    def __init__(self, conn: Connection, index: ActorIndex, stats: dict[str, int],
                 recorded: Optional[set[tuple[int, str]]] = None) -> None:
        self.conn, self.index, self.stats = conn, index, stats
        self.touched: set[int] = set()
        if recorded is None:
            recorded = {(r.actor_id, r.key) for r in conn.execute(select(S.aliases.c.actor_id, S.aliases.c.key))}
        self.recorded = recorded

    def resolve(self, name: str, entity_type: Optional[str], aliases: list[str] = (),
                acronym: Optional[str] = None, create: bool = True) -> int:
        kind = kind_of(entity_type)
        if not name_key(name):
            return NOT_AN_ACTOR
        actor_id, _rule = self.index.match(name, kind, aliases, acronym)
        if actor_id is None:
            if not create:
                return NOT_AN_ACTOR
            actor_id = self.conn.execute(S.actors.insert().values(
                name=name, kind=kind, type=entity_type, key=name_key(name),
                acronym=acronym_of(name) if not is_acronym(name) else name_key(name),
                n_articles=0)).inserted_primary_key[0]
            self.index.add(actor_id, name, kind, entity_type)
            self.stats["actors_new"] += 1
        else:
            actor = self.index.actors[actor_id]
            better = canonical_name(actor.name, name)
            if better != actor.name:
                self.conn.execute(update(S.actors).where(S.actors.c.id == actor_id)
                                  .values(name=better, key=name_key(better)))
                actor.name = better
        self._aliases(actor_id, [name, *aliases])
        self.touched.add(actor_id)
        return actor_id

    def _aliases(self, actor_id: int, names: list[str]) -> None:
        actor = self.index.actors[actor_id]
        rows = []
        for n in [actor.name, *names]:
            k = name_key(n)
            if k and (actor_id, k) not in self.recorded:
                self.recorded.add((actor_id, k))
                rows.append({"actor_id": actor_id, "key": k, "alias": n})
        if rows:
            self.conn.execute(S.aliases.insert(), rows)
        self.index.add(actor_id, actor.name, actor.kind, actor.type, aliases=names)


def _resolve_actors(conn: Connection, batch: list[str], writer: _ActorWriter) -> set[int]:
    ea, q, r, en = S.event_actors, S.quotes, S.relations, S.entities
    # entities that act (so become actors even when their type is a place)
    acting: set[tuple[str, str]] = set()
    for row in conn.execute(select(ea.c.article_id, ea.c.entity_id).where(
            ea.c.article_id.in_(batch), ea.c.role.in_(_CREATE_ROLES), ea.c.entity_id.is_not(None))):
        acting.add((row.article_id, row.entity_id))
    for row in conn.execute(select(q.c.article_id, q.c.speaker_entity_id).where(
            q.c.article_id.in_(batch), q.c.speaker_entity_id.is_not(None))):
        acting.add((row.article_id, row.speaker_entity_id))
    for row in conn.execute(select(r.c.article_id, r.c.head_entity_id, r.c.tail_entity_id)
                            .where(r.c.article_id.in_(batch))):
        acting.update({(row.article_id, row.head_entity_id), (row.article_id, row.tail_entity_id)})

    published = dict(conn.execute(select(S.articles.c.id, S.articles.c.published)
                                  .where(S.articles.c.id.in_(batch))).all())
    entity_actor: dict[tuple[str, str], int] = {}
    ents = conn.execute(select(en).where(en.c.article_id.in_(batch), en.c.actor_id.is_(None))).all()
    ents.sort(key=lambda e: (published.get(e.article_id) or "", e.article_id, e.entity_id))
    updates = []
    for e in ents:
        # a place or thing becomes an actor only when it acts under a proper name
        if e.type in ACTOR_TYPES or ((e.article_id, e.entity_id) in acting and e.name[:1].isupper()):
            attrs = loads(e.attributes, {}) or {}
            acr = attrs.get("acronym") if isinstance(attrs.get("acronym"), str) else None
            actor_id = writer.resolve(e.name, e.type, loads(e.aliases, []) or [], acr)
        else:
            actor_id = NOT_AN_ACTOR
        entity_actor[(e.article_id, e.entity_id)] = actor_id
        updates.append({"a": e.article_id, "e": e.entity_id, "actor": actor_id})
    if updates:
        conn.execute(update(en).where(en.c.article_id == bindparam("a"), en.c.entity_id == bindparam("e"))
                     .values(actor_id=bindparam("actor")), updates)

    def link(article_id, entity_id, name, entity_type, create):
        hit = entity_actor.get((article_id, entity_id)) if entity_id else None
        if hit:
            return hit
        if not name:
            return NOT_AN_ACTOR
        # a bare name in a role: only proper names ("Taliban"), never "gunmen"
        proper = name[:1].isupper()
        return writer.resolve(name, entity_type, create=create and proper) if proper else NOT_AN_ACTOR

    updates = []
    for row in conn.execute(select(ea).where(ea.c.article_id.in_(batch), ea.c.actor_id.is_(None))):
        etype = "PERSON" if row.kind == "individual" else "ORG"
        updates.append({"ev": row.event_id, "ro": row.role, "po": row.position,
                        "actor": link(row.article_id, row.entity_id, row.name, etype,
                                      row.role in _CREATE_ROLES)})
    if updates:
        conn.execute(update(ea).where(ea.c.event_id == bindparam("ev"), ea.c.role == bindparam("ro"),
                                      ea.c.position == bindparam("po"))
                     .values(actor_id=bindparam("actor")), updates)
    updates = []
    for row in conn.execute(select(q.c.id, q.c.article_id, q.c.speaker_entity_id, q.c.speaker_name)
                            .where(q.c.article_id.in_(batch), q.c.speaker_actor_id.is_(None))):
        updates.append({"qid": row.id, "actor": link(row.article_id, row.speaker_entity_id,
                                                     row.speaker_name, "PERSON", False)})
    if updates:
        conn.execute(update(q).where(q.c.id == bindparam("qid")).values(
            speaker_actor_id=bindparam("actor")), updates)
    updates = []
    for row in conn.execute(select(r).where(r.c.article_id.in_(batch), r.c.head_actor_id.is_(None))):
        updates.append({"rid": row.id,
                        "h": link(row.article_id, row.head_entity_id, row.head_name, "PERSON", False),
                        "t": link(row.article_id, row.tail_entity_id, row.tail_name, "ORG", False)})
    if updates:
        conn.execute(update(r).where(r.c.id == bindparam("rid")).values(
            head_actor_id=bindparam("h"), tail_actor_id=bindparam("t")), updates)
    return writer.touched


def _refresh_actors(conn: Connection, actor_ids: set[int], batch: list[str], index: ActorIndex) -> None:
    """first_seen / last_seen / n_articles over every place an actor appears, updated with
    the batch's articles: an article's links are all written when it is fused (none exist
    before), so the batch's appearances are new and add to the stored figures."""
    if not actor_ids:
        return
    ids = sorted(actor_ids)
    seen: dict[int, set[str]] = defaultdict(set)
    sources = [(S.entities.c.actor_id, S.entities), (S.event_actors.c.actor_id, S.event_actors),
               (S.quotes.c.speaker_actor_id, S.quotes), (S.relations.c.head_actor_id, S.relations),
               (S.relations.c.tail_actor_id, S.relations)]
    for col, table in sources:
        for actor_id, article_id in conn.execute(
                select(col, table.c.article_id).where(table.c.article_id.in_(batch), col > 0).distinct()):
            if actor_id in actor_ids:
                seen[actor_id].add(article_id)
    published = dict(conn.execute(select(S.articles.c.id, S.articles.c.published).where(
        S.articles.c.id.in_(batch))).all())
    votes = _type_votes(conn, batch)
    rows = []
    ac = S.actors
    for i in range(0, len(ids), 500):
        for r in conn.execute(select(ac.c.id, ac.c.n_articles, ac.c.first_seen, ac.c.last_seen,
                                     ac.c.type_votes).where(ac.c.id.in_(ids[i:i + 500]))):
            new = seen.get(r.id, set())
            dates = sorted(d for d in (published.get(x) for x in new) if d)
            dates += [d for d in (r.first_seen, r.last_seen) if d]
            n = (r.n_articles or 0) + len(new)
            if r.id in index.actors:
                index.actors[r.id].n_articles = n      # as the next batch would read it
            counts = merged(loads(r.type_votes, {}) or {}, votes.get(r.id, {}))
            rows.append({"aid": r.id, "n": n,
                         "first": min(dates) if dates else None, "last": max(dates) if dates else None,
                         "votes": dumps(counts) if counts else None, **voted_type(counts)})
    conn.execute(update(ac).where(ac.c.id == bindparam("aid")).values(
        n_articles=bindparam("n"), first_seen=bindparam("first"), last_seen=bindparam("last"),
        type_votes=bindparam("votes"), inter=bindparam("inter"), sector=bindparam("sector"),
        country=bindparam("country"), type_confidence=bindparam("type_confidence")), rows)


def _type_votes(conn: Connection, batch: list[str]) -> dict[int, dict[str, Counter]]:
    """The batch's votes on its actors' types (``fuse.actor_types``): one per mention in an
    event role. An article is fused once, so they add to the stored counts."""
    ea, e = S.event_actors, S.events
    out: dict[int, dict[str, Counter]] = defaultdict(dict)
    rows = conn.execute(select(ea.c.actor_id, ea.c.role, ea.c.name, e.c.codes, e.c.country_code)
                        .join(e, e.c.id == ea.c.event_id)
                        .where(ea.c.article_id.in_(batch), ea.c.actor_id > 0)).all()
    for r in rows:
        add_votes(out[r.actor_id], mention_type(r.name, r.role, loads(r.codes, {}) or {}, r.country_code))
    return out


# ------------------------------------------------------------------------- events
_PLACE_FIELDS = ("place", "admin1", "country_code", "geo_precision", "lat", "lon")


def _article_places(conn: Connection, article_ids: set[str]) -> dict[str, dict]:
    """Each article's most precise event place: where its unplaced events most likely are."""
    e = S.events
    out: dict[str, dict] = {}
    ids = sorted(article_ids)
    for i in range(0, len(ids), 500):
        rows = conn.execute(select(e.c.article_id, e.c.id, *[e.c[f] for f in _PLACE_FIELDS]).where(
            e.c.article_id.in_(ids[i:i + 500]), e.c.place.is_not(None))).all()
        for r in sorted(rows, key=lambda r: (-GEO_RANK.get(r.geo_precision or "", 0), r.id)):
            out.setdefault(r.article_id, {f: getattr(r, f) for f in _PLACE_FIELDS})
    return out


def _keys(conn: Connection, event_rows) -> list[EventKey]:
    ids = [e.id for e in event_rows]
    unplaced = {e.article_id for e in event_rows if not e.place and not e.country_code}
    places = _article_places(conn, unplaced) if unplaced else {}
    roles: dict[str, tuple[set, set]] = {i: (set(), set()) for i in ids}
    ea = S.event_actors
    for i in range(0, len(ids), 500):
        for row in conn.execute(select(ea.c.event_id, ea.c.role, ea.c.actor_id).where(
                ea.c.event_id.in_(ids[i:i + 500]), ea.c.actor_id > 0)):
            perps, others = roles[row.event_id]
            (perps if row.role in _CREATE_ROLES else others).add(row.actor_id)
    keys = []
    for e in event_rows:
        where = {f: getattr(e, f) for f in _PLACE_FIELDS}
        if not e.place and not e.country_code and e.article_id in places:
            where = places[e.article_id]
        keys.append(EventKey(
            id=e.id, article_id=e.article_id, family=e.family, type=e.type,
            date_start=e.date_start, date_end=e.date_end, dated=e.date is not None,
            perpetrators=roles[e.id][0], others=roles[e.id][1], killed=e.killed_best, **where))
    return keys


def _shift(day: Optional[str], days: int) -> Optional[str]:
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat() if day else None


def _week_days(week: int) -> tuple[str, str]:
    """The first and last day of a block week (``fuse.events.block_weeks``)."""
    first = max(1, week * BLOCK_DAYS)      # day one is ordinal 1
    return date.fromordinal(first).isoformat(), date.fromordinal(first + BLOCK_DAYS - 1).isoformat()


def _week_ranges(weeks: set[int]) -> list[tuple[str, str]]:
    """Runs of consecutive weeks as day ranges."""
    runs: list[list[int]] = []
    for w in sorted(weeks):
        if runs and w == runs[-1][1] + 1:
            runs[-1][1] = w
        else:
            runs.append([w, w])
    return [(_week_days(lo)[0], _week_days(hi)[1]) for lo, hi in runs]


def _needed_blocks(keys: list[EventKey]) -> set[tuple[str, int]]:
    """The (family, week) blocks the new reports may match in: of a compatible family, a week
    their span widened by ``DATE_MAX_DAYS`` touches (``IncidentIndex.candidates``)."""
    out: set[tuple[str, int]] = set()
    for k in keys:
        window = match_window(k)
        if window is None:
            continue
        for family in compatible_families(k.family):
            out.update((family, week) for week in block_weeks(*window))
    return out


class _IncidentCache:
    """The incident index kept between batches (in a ``FusionCache``): whole incidents (every
    stored report of each), and the (family, week) blocks all of whose incidents it holds. A
    batch reads from the store only the blocks it needs and does not hold yet, so its cost
    depends on the batch, not on what is stored in its weeks. Valid while the fusion token is
    its own: stored reports never change after fusion, and new ones come only through it."""

    def __init__(self) -> None:
        self.index = IncidentIndex()
        self.blocks: set[tuple[str, int]] = set()

    def load(self, conn: Connection, needed: set[tuple[str, int]]) -> int:
        """Read the incidents with a report in the ``needed`` blocks it lacks; returns how many
        reports it read. A report touching [lo, hi] starts in [lo - LONGEST_SHORT_SPAN_DAYS, hi]
        or on the 1 January of one of its years (a span longer than a month is a calendar year,
        ``eventwire.dates``): indexed range queries on the reports' dates."""
        e, es = S.events, S.event_sources
        missing = needed - self.blocks
        if not missing:
            return 0
        weeks: dict[str, set[int]] = defaultdict(set)
        for family, week in missing:
            weeks[family].add(week)
        found: set[int] = set()
        for family, ws in sorted(weeks.items()):
            ranges = _week_ranges(ws)
            for i in range(0, len(ranges), 50):
                chunk = ranges[i:i + 50]
                years = sorted({y for lo, hi in chunk for y in year_starts(lo, hi)})
                reach = or_(*[and_(e.c.date_start.between(_shift(lo, -LONGEST_SHORT_SPAN_DAYS), hi),
                                   e.c.date_end >= lo) for lo, hi in chunk],
                            and_(e.c.date_start.in_(years), e.c.date_end >= chunk[0][0]))
                found.update(conn.execute(select(es.c.incident_id).join(e, e.c.id == es.c.event_id)
                                          .where(reach, e.c.family == family).distinct()).scalars())
        new = sorted(found - self.index.members.keys())
        rows = []
        for i in range(0, len(new), 500):
            rows += conn.execute(select(e, es.c.incident_id).join(es, es.c.event_id == e.c.id)
                                 .where(es.c.incident_id.in_(new[i:i + 500]))).all()
        rows.sort(key=lambda r: (r.incident_id, r.id))
        incident_of = {r.id: r.incident_id for r in rows}
        for key in _keys(conn, rows):
            self.index.add(incident_of[key.id], key)
        self.blocks |= missing
        return len(rows)


def _dedup_events(conn: Connection, batch: list[str], stats: dict[str, int], *,
                  exhaustive: bool = False, incidents: Optional[_IncidentCache] = None) -> set[int]:
    """Each new report joins an incident or starts one. ``incidents``: the index kept between
    batches (None: read for this batch alone, as ``exhaustive`` does)."""
    e, es, a = S.events, S.event_sources, S.articles
    new_rows = conn.execute(select(e).where(e.c.article_id.in_(batch), e.c.id.not_in(
        select(es.c.event_id).where(es.c.article_id.in_(batch)))).order_by(e.c.id)).all()
    if not new_rows:
        return set()
    new_keys = _keys(conn, new_rows)
    new_keys.sort(key=lambda k: (k.date_start or "", k.article_id, k.id))
    families = set(f for k in new_keys for f in compatible_families(k.family))
    starts = [k.date_start for k in new_keys if k.date_start]
    ends = [k.date_end for k in new_keys if k.date_end]
    # A batch sees stored incidents through their reports of these families dated within its
    # reach (undated reports only ever join incidents of their own article, all in this
    # batch): ``visible``. The kept index holds whole incidents, so it scores only those.
    in_batch = set(batch)
    if starts:
        lo, hi = _shift(min(starts), -DATE_MAX_DAYS - 1), _shift(max(ends), DATE_MAX_DAYS + 1)
    else:
        lo = hi = None

    def visible(m: EventKey) -> bool:
        return m.article_id in in_batch or (
            lo is not None and m.family in families and m.date_start is not None
            and m.date_end >= lo and m.date_start <= hi)

    if incidents is None:
        # exhaustive: the blocks read afresh (as a first batch reads them), each incident
        # scored; only the crowded weak anchors' incidents (``IncidentIndex``) are left out
        incidents = _IncidentCache()
    stats["reports_read"] += incidents.load(conn, _needed_blocks(new_keys))
    index = incidents.index
    scored_before, crowded_before = index.scored, index.crowded_out

    meta = {r.id: r for r in conn.execute(select(a.c.id, a.c.source, a.c.url, a.c.published)
                                          .where(a.c.id.in_(batch)))}
    by_id = {r.id: r for r in new_rows}
    touched: set[int] = set()
    links = []
    for key in new_keys:
        incident_id, _score = index.match(key, exhaustive=exhaustive, visible=visible)
        if incident_id is None:
            incident_id = conn.execute(S.incidents.insert().values(
                type=key.type, family=key.family, n_sources=0)).inserted_primary_key[0]
            stats["incidents_new"] += 1
        index.add(incident_id, key)
        touched.add(incident_id)
        row, art = by_id[key.id], meta[key.article_id]
        links.append({"event_id": key.id, "incident_id": incident_id, "article_id": key.article_id,
                      "source": art.source, "url": art.url, "published": art.published,
                      **{f"{w}_{k}": getattr(row, f"{w}_{k}") for w in ("killed", "injured")
                         for k in ("low", "best", "high")}})
    conn.execute(es.insert(), links)
    stats["events"] += len(links)
    stats["candidates_scored"] += index.scored - scored_before
    stats["crowded_out"] += index.crowded_out - crowded_before
    return touched


def refresh_incidents(conn: Connection, incident_ids: set[int]) -> None:
    """Recompute each incident's fused fields from all of its sources."""
    e, es, ea, ac = S.events, S.event_sources, S.event_actors, S.actors
    ids = sorted(incident_ids)
    for i in range(0, len(ids), 200):
        chunk = ids[i:i + 200]
        members: dict[int, list] = defaultdict(list)
        for row in conn.execute(select(e, es.c.incident_id, es.c.published.label("reported"))
                                .join(es, es.c.event_id == e.c.id).where(es.c.incident_id.in_(chunk))
                                .order_by(es.c.published.nulls_first(), e.c.id)):
            members[row.incident_id].append(row)
        roles: dict[int, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
        role_rows = sorted(conn.execute(
                select(es.c.incident_id, ea.c.role, ea.c.name, ea.c.article_id, ac.c.name.label("actor"))
                .join(ea, ea.c.event_id == es.c.event_id)
                .outerjoin(ac, ac.c.id == ea.c.actor_id).where(es.c.incident_id.in_(chunk))
                .distinct()).all(),
            key=lambda r: (r.incident_id, r.role, r.article_id, r.name, r.actor or ""))
        for row in role_rows:
            roles[row.incident_id][row.role][row.actor or row.name] += 1
        # Python sorts (not ORDER BY): collations differ between backends, results must not
        for rows in members.values():
            rows.sort(key=lambda r: (r.reported or "", r.id))
        # one executemany per set of columns (an incident without sources sets fewer)
        by_columns: dict[tuple[str, ...], list[dict]] = defaultdict(list)
        for iid in chunk:
            u = _fused(iid, members.get(iid, []), roles.get(iid, {}))
            columns = tuple(k for k in u if k != "id")
            by_columns[columns].append({f"b_{k}": v for k, v in u.items()})
        for columns, rows in by_columns.items():
            conn.execute(update(S.incidents).where(S.incidents.c.id == bindparam("b_id"))
                         .values({k: bindparam(f"b_{k}") for k in columns}), rows)


# the incident columns fusion writes as JSON text
_JSON_COLUMNS = ("perpetrators", "targets", "victims", "claimed_by", "weapons", "codes")


def _fused(incident_id: int, rows: list, roles: dict[str, Counter]) -> dict[str, Any]:
    """The incident's row: fusion's decisions (``fuse.incidents.fused_fields``), its JSON
    columns encoded for the database."""
    out: dict[str, Any] = {"id": incident_id, "updated_at": now_iso()}
    for column, value in fused_fields(rows, roles).items():
        out[column] = dumps(value) if column in _JSON_COLUMNS else value
    return out
